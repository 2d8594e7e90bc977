//! `planportal new <section> <slug>`: a new page in both languages, from an archetype.
//!
//! The archetype is the first pair of files found of
//! `archetypes/<section>.md`, `archetypes/default.md` (the site's own), then
//! `themes/<theme>/archetypes/<section>.md`, `themes/<theme>/archetypes/default.md`, then the
//! built-in default theme's, each with its English twin `….en.md`. In them, `{{ date }}` becomes today's date, `{{ slug }}` the
//! slug and `{{ section }}` the section.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::text::{is_safe_slug, is_windows_reserved};
use crate::input::config::Config;
use crate::input::theme;
use crate::msg;

/// What `planportal new` was asked to do.
#[derive(Debug, Clone)]
pub struct NewOptions {
    pub root: PathBuf,
    /// A folder of content/, e.g. `news`.
    pub section: String,
    /// The file name without `.md`, which is also the page's address.
    pub slug: String,
    /// `YYYY-MM-DD`; today (local time) when `None`.
    pub date: Option<String>,
}

/// Creates `content/<section>/<slug>.md` and `.en.md`. Returns the two files (relative to the
/// root). Writes nothing when anything is wrong.
pub fn new_page(options: &NewOptions) -> Result<Vec<PathBuf>> {
    let root = &options.root;
    let section = options.section.trim_matches('/');
    let slug = options.slug.as_str();
    let zh_rel = PathBuf::from(format!("content/{section}/{slug}.md"));
    let en_rel = PathBuf::from(format!("content/{section}/{slug}.en.md"));
    for name in [section, slug] {
        if is_windows_reserved(name) {
            return Err(Diagnostic::windows_reserved(&zh_rel, name).into());
        }
    }
    if !is_safe_slug(section) {
        return Err(Diagnostic::whole_file(
            &zh_rel,
            msg!("new-section-unsafe", section = format!("{section:?}")),
        )
        .with_hint(msg!("new-section-unsafe-hint"))
        .into());
    }
    if !is_safe_slug(slug) {
        return Err(Diagnostic::whole_file(
            &zh_rel,
            msg!("new-slug-unsafe", slug = format!("{slug:?}")),
        )
        .with_hint(msg!("new-slug-unsafe-hint"))
        .into());
    }
    let section_dir = root.join("content").join(section);
    if !section_dir.is_dir() {
        let existing = sections(&root.join("content"));
        return Err(Diagnostic::whole_file(
            format!("content/{section}"),
            msg!(
                "new-no-section",
                section = format!("{section:?}"),
                folder = section
            ),
        )
        .with_hint(if existing.is_empty() {
            msg!("new-no-section-hint-none")
        } else {
            msg!(
                "new-no-section-hint",
                sections = existing.join(", "),
                folder = section
            )
        })
        .into());
    }
    let mut existing = Vec::new();
    for rel in [&zh_rel, &en_rel] {
        if root.join(rel).exists() {
            existing.push(
                Diagnostic::whole_file(rel, msg!("new-file-exists"))
                    .with_hint(msg!("new-file-exists-hint")),
            );
        }
    }
    if !existing.is_empty() {
        return Err(Error::Input(existing));
    }

    let config = Config::load(root)?;
    let (zh_template, en_template) = archetype(root, &config.theme, section)?;
    let date = match &options.date {
        Some(d) => d.clone(),
        None => jiff::Zoned::now().date().to_string(),
    };
    let fill = |text: &str| {
        text.replace("{{ date }}", &date)
            .replace("{{ slug }}", slug)
            .replace("{{ section }}", section)
    };
    let zh = fill(&zh_template);
    let en = fill(&en_template);
    create_new(root, &zh_rel, &zh)?;
    if let Err(e) = create_new(root, &en_rel, &en) {
        let _ = std::fs::remove_file(root.join(&zh_rel));
        return Err(e);
    }
    Ok(vec![zh_rel, en_rel])
}

/// Writes a file that must not exist yet.
fn create_new(root: &Path, rel: &Path, text: &str) -> Result<()> {
    let path = root.join(rel);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io("io-create", &path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io("io-write", &path, e))
}

/// The Chinese and English archetype texts for `section`.
fn archetype(root: &Path, theme: &str, section: &str) -> Result<(String, String)> {
    let dirs = [
        PathBuf::from("archetypes"),
        Path::new("themes").join(theme).join("archetypes"),
    ];
    for dir in &dirs {
        for name in [section, "default"] {
            let zh = dir.join(format!("{name}.md"));
            if !root.join(&zh).is_file() {
                continue;
            }
            let en = dir.join(format!("{name}.en.md"));
            let read = |rel: &Path| {
                std::fs::read_to_string(root.join(rel)).map_err(|e| {
                    Error::from(
                        Diagnostic::whole_file(
                            rel,
                            msg!("new-archetype-unreadable", reason = e.to_string()),
                        )
                        .with_hint(msg!("new-archetype-unreadable-hint")),
                    )
                })
            };
            return Ok((read(&zh)?, read(&en)?));
        }
    }
    if theme == theme::DEFAULT_THEME_NAME {
        let built_in = |name: &str| {
            theme::default_theme_file(&format!("archetypes/{name}"))
                .map(|b| String::from_utf8_lossy(b).into_owned())
        };
        for name in [section, "default"] {
            if let (Some(zh), Some(en)) = (
                built_in(&format!("{name}.md")),
                built_in(&format!("{name}.en.md")),
            ) {
                return Ok((zh, en));
            }
        }
    }
    Err(Diagnostic::whole_file(
        Path::new("themes")
            .join(theme)
            .join("archetypes/default.md"),
        msg!("new-no-archetype"),
    )
    .with_hint(msg!("new-no-archetype-hint"))
    .into())
}

/// The folders of content/, sorted.
fn sections(content: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(content)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    out.sort();
    out
}
