//! The theme: Tera templates, UI strings per language, and static assets.
//!
//! The default theme is built into the binary (`build.rs` embeds `themes/default/`), so a
//! site needs no `themes/` folder. Templates come from the theme's `templates/`; a file of the
//! same name in the site's `themes/<name>/templates/` replaces the built-in one, and one in the
//! site's own `templates/` folder replaces both, file by file. Static files and UI strings
//! come from the theme's `static/` and `i18n/` and the site's `static/`, the same way; static
//! files are published under content-hashed names so a CDN can cache them forever.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tera::Tera;
use walkdir::WalkDir;

use crate::base::error::{Diagnostic, Diagnostics, Result};
use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::base::yaml;
use crate::msg;

/// UI strings of one language: key → text.
pub type Strings = BTreeMap<String, String>;

pub struct Theme {
    pub tera: Tera,
    /// Which file each template came from, for diagnostics.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Each template's text (built-in or the site's), for diagnostics that quote a place.
    pub template_texts: BTreeMap<String, String>,
    pub strings: BTreeMap<Lang, Strings>,
    pub assets: Vec<Asset>,
}

/// A static file as published.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The name templates use, e.g. `css/site.css`.
    pub name: String,
    /// The published path below the output root, e.g. `css/site.3f9a0c1b2d.css`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The default theme, embedded in the binary at compile time (see `build.rs`): every file of
/// `themes/default/` as (path below the theme, bytes), sorted by path.
pub static DEFAULT_THEME: &[(&str, &[u8])] =
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The name of the theme built into the binary.
pub const DEFAULT_THEME_NAME: &str = "default";

/// A file of the built-in default theme, by its path below the theme (`archetypes/default.md`).
pub fn default_theme_file(rel: &str) -> Option<&'static [u8]> {
    DEFAULT_THEME
        .binary_search_by(|(name, _)| (*name).cmp(rel))
        .ok()
        .map(|i| DEFAULT_THEME[i].1)
}

/// Where a theme file comes from: the binary, or a file of the site.
enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

impl Source {
    fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Embedded(bytes) => Ok(bytes.to_vec()),
            Source::Disk(path) => std::fs::read(path),
        }
    }
}

/// The files of one folder of the theme (`templates`, `static`, `i18n`), by path below that
/// folder, with the name shown in diagnostics: the built-in theme's files first (for the
/// default theme), replaced file by file by the site's `themes/<name>/<folder>/`.
fn theme_layer(
    theme_dir: &Path,
    shown_theme: &Path,
    name: &str,
    folder: &str,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, (PathBuf, Source)> {
    let mut files = BTreeMap::new();
    if name == DEFAULT_THEME_NAME {
        let prefix = format!("{folder}/");
        for (path, bytes) in DEFAULT_THEME {
            if let Some(rel) = path.strip_prefix(&prefix) {
                files.insert(
                    rel.to_string(),
                    (shown_theme.join(folder).join(rel), Source::Embedded(bytes)),
                );
            }
        }
    }
    let shown = shown_theme.join(folder);
    for (rel, full) in files_below(&theme_dir.join(folder), &shown, diagnostics) {
        files.insert(
            rel.to_string_lossy().replace('\\', "/"),
            (shown.join(&rel), Source::Disk(full)),
        );
    }
    files
}

impl Theme {
    /// Loads the theme `name` of the site at `root`, plus the site's own overrides.
    /// `extra_assets` are generated files (the code stylesheet) published like static files.
    ///
    /// The default theme is built into the binary; a site's `themes/default/` (if any)
    /// replaces its files one by one, and the site's `templates/` and `static/` replace
    /// those. Any other theme must be a folder of the site's `themes/`.
    pub fn load(root: &Path, name: &str, extra_assets: Vec<(String, Vec<u8>)>) -> Result<Theme> {
        let theme_dir = root.join("themes").join(name);
        let shown_theme = Path::new("themes").join(name);
        if name != DEFAULT_THEME_NAME && !theme_dir.is_dir() {
            return Err(Diagnostic::whole_file(
                "config.toml",
                msg!(
                    "theme-missing-folder",
                    folder = shown_theme.display().to_string()
                ),
            )
            .with_hint(msg!("theme-missing-folder-hint"))
            .into());
        }
        // A theme folder that is a link to elsewhere would publish files from outside the site.
        // (No folder at all is fine for the default theme: the built-in one is used.)
        let inside = !theme_dir.exists()
            || match (theme_dir.canonicalize(), root.join("themes").canonicalize()) {
                (Ok(dir), Ok(themes)) => dir.parent() == Some(themes.as_path()),
                _ => false,
            };
        if !inside {
            return Err(
                Diagnostic::whole_file(shown_theme.clone(), msg!("theme-folder-link"))
                    .with_hint(msg!("theme-folder-link-hint"))
                    .into(),
            );
        }
        let mut diagnostics = Diagnostics::default();

        // Templates: the theme's, then the site's own by the same name.
        let mut layer = theme_layer(
            &theme_dir,
            &shown_theme,
            name,
            "templates",
            &mut diagnostics,
        );
        for (rel, full) in files_below(
            &root.join("templates"),
            Path::new("templates"),
            &mut diagnostics,
        ) {
            layer.insert(
                rel.to_string_lossy().replace('\\', "/"),
                (Path::new("templates").join(&rel), Source::Disk(full)),
            );
        }
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for (rel, (shown_file, source)) in layer {
            match source.read().map(String::from_utf8) {
                Ok(Ok(text)) => {
                    sources.insert(rel, (shown_file, text));
                }
                Ok(Err(_)) => diagnostics.push(
                    Diagnostic::whole_file(&shown_file, msg!("theme-template-not-utf8"))
                        .with_hint(msg!("theme-save-as-utf8")),
                ),
                Err(e) => diagnostics.push(Diagnostic::whole_file(
                    &shown_file,
                    msg!("theme-template-cannot-read", reason = e.to_string()),
                )),
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        register_filters(&mut tera);
        let template_files: BTreeMap<String, PathBuf> = sources
            .iter()
            .map(|(k, (p, _))| (k.clone(), p.clone()))
            .collect();
        if let Err(e) = tera.add_raw_templates(
            sources
                .iter()
                .map(|(k, (_, text))| (k.as_str(), text.as_str())),
        ) {
            diagnostics.push(template_diagnostic(&e, &template_files));
        }
        let template_texts = sources
            .into_iter()
            .map(|(k, (_, text))| (k, text))
            .collect();

        // UI strings.
        let mut strings = BTreeMap::new();
        let mut texts = BTreeMap::new();
        let i18n = theme_layer(&theme_dir, &shown_theme, name, "i18n", &mut diagnostics);
        for lang in Lang::ALL {
            let file = format!("{}.yaml", lang.code());
            let Some((shown, source)) = i18n.get(&file) else {
                diagnostics.push(
                    Diagnostic::whole_file(
                        shown_theme.join("i18n").join(&file),
                        msg!("theme-strings-missing"),
                    )
                    .with_hint(msg!("theme-strings-hint")),
                );
                continue;
            };
            let shown = shown.clone();
            match source.read().map(String::from_utf8) {
                Ok(Ok(text)) => match yaml::parse::<Strings>(&text, &shown, 1) {
                    Ok(map) => {
                        strings.insert(lang, map);
                        texts.insert(lang, (shown, text));
                    }
                    Err(d) => diagnostics.push(d),
                },
                Ok(Err(_)) => diagnostics.push(
                    Diagnostic::whole_file(&shown, msg!("theme-strings-not-utf8"))
                        .with_hint(msg!("theme-save-as-utf8")),
                ),
                Err(e) => diagnostics.push(
                    Diagnostic::whole_file(
                        &shown,
                        msg!("theme-strings-cannot-read", reason = e.to_string()),
                    )
                    .with_hint(msg!("theme-strings-hint")),
                ),
            }
        }
        if let (Some(zh), Some(en)) = (strings.get(&Lang::Zh), strings.get(&Lang::En)) {
            for (a, b, lang_b, lang_a) in
                [(zh, en, Lang::En, Lang::Zh), (en, zh, Lang::Zh, Lang::En)]
            {
                for key in a.keys().filter(|k| !b.contains_key(*k)) {
                    let (shown_b, _) = &texts[&lang_b];
                    let (_, text_a) = &texts[&lang_a];
                    let line = key_line(text_a, key);
                    let language = match lang_b {
                        Lang::En => msg!("theme-language-en"),
                        Lang::Zh => msg!("theme-language-zh"),
                    };
                    diagnostics.push(
                        Diagnostic::whole_file(
                            shown_b,
                            msg!(
                                "theme-string-missing",
                                key = key.as_str(),
                                line = line,
                                file = format!("{}.yaml", lang_a.code())
                            ),
                        )
                        .with_hint(msg!(
                            "theme-string-missing-hint",
                            key = key.as_str(),
                            language = language
                        )),
                    );
                }
            }
        }

        // Static assets, hashed.
        let mut static_files =
            theme_layer(&theme_dir, &shown_theme, name, "static", &mut diagnostics);
        for (rel, full) in files_below(&root.join("static"), Path::new("static"), &mut diagnostics)
        {
            static_files.insert(
                rel.to_string_lossy().replace('\\', "/"),
                (Path::new("static").join(&rel), Source::Disk(full)),
            );
        }
        let mut by_name: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (rel, (shown, source)) in static_files {
            match source.read() {
                Ok(bytes) => {
                    by_name.insert(rel, bytes);
                }
                Err(e) => diagnostics.push(Diagnostic::whole_file(
                    shown,
                    msg!("theme-file-cannot-read", reason = e.to_string()),
                )),
            }
        }
        for (name, bytes) in extra_assets {
            by_name.insert(name, bytes);
        }
        let assets = by_name
            .into_iter()
            .map(|(name, bytes)| Asset {
                path: hashed_name(&name, &bytes),
                name,
                bytes,
            })
            .collect();
        diagnostics.finish()?;
        Ok(Theme {
            tera,
            template_files,
            template_texts,
            strings,
            assets,
        })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.template_files.contains_key(name)
    }
}

/// Filters the default theme uses for numbers, so every figure is written the same way in
/// every language and every build: `num` (2.80 → "2.8"), `qty` (a number with its unit in
/// the page's language, through [`crate::base::quantity`]: `{{ v | qty(unit=i.unit) }}`,
/// `{{ min | qty(unit=i.unit, max=max) }}` for a range; `unit_label` (`{{ i.unit | unit_label }}`,
/// the unit as it reads after such numbers) and `rate` (a yearly rate of change: a fraction
/// for compound growth, shown as a percentage, or units per year for the linear fallback).
fn register_filters(tera: &mut Tera) {
    use crate::base::quantity;
    use tera::{Kwargs, State};
    tera.register_filter("num", |x: f64, _: Kwargs, _: &State| {
        crate::base::text::format_number(x)
    });
    tera.register_filter(
        "qty",
        |x: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let unit = localized_arg(kwargs.must_get::<tera::Value>("unit")?)?;
            let lang = page_lang(state)?;
            Ok(match kwargs.get::<f64>("max")? {
                Some(max) => quantity::format_range(x, max, &unit, lang),
                None => quantity::format_quantity(x, &unit, lang),
            })
        },
    );
    tera.register_filter(
        "unit_label",
        |unit: tera::Value, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            Ok(quantity::unit_label(
                &localized_arg(unit)?,
                page_lang(state)?,
            ))
        },
    );
    tera.register_filter(
        "rate",
        |x: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let method: Option<String> = kwargs.get("method")?;
            let sign = if x > 0.0 { "+" } else { "" };
            Ok(match method.as_deref() {
                Some("linear") => format!("{sign}{}", crate::base::text::format_number(x)),
                _ => format!(
                    "{sign}{}",
                    quantity::format_percent(x * 100.0, page_lang(state)?)
                ),
            })
        },
    );
    tera.register_filter(
        "percent",
        |x: f64, _: Kwargs, state: &State| -> tera::TeraResult<String> {
            Ok(quantity::format_percent(x, page_lang(state)?))
        },
    );
}

/// A `{ zh, en }` map given to a filter.
fn localized_arg(v: tera::Value) -> tera::TeraResult<crate::base::lang::Localized> {
    serde_json::to_value(&v)
        .and_then(serde_json::from_value)
        .map_err(|e| tera::Error::message(format!("expected a {{ zh, en }} unit: {e}")))
}

/// The language of the page being rendered (its `lang` variable).
fn page_lang(state: &tera::State) -> tera::TeraResult<crate::base::lang::Lang> {
    let code: Option<String> = state.get("lang")?;
    Ok(code
        .as_deref()
        .and_then(crate::base::lang::Lang::from_code)
        .unwrap_or(crate::base::lang::Lang::Zh))
}

/// `css/site.css` with content `b` → `css/site.<10 hex digits>.css`. Files whose name
/// browsers ask for by convention (favicon.ico) keep their name.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    if name == "favicon.ico" {
        return name.to_string();
    }
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}.{hex}.{ext}")
        }
        _ => format!("{name}.{hex}"),
    }
}

fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// Regular files below `dir` (sorted, no hidden files), as (relative, full) paths. A
/// symbolic link is never followed: it could publish or read a file from outside the site
/// (`static/secret.txt` → `/etc/passwd`), so each one is reported, named by `shown`.
fn files_below(dir: &Path, shown: &Path, diagnostics: &mut Diagnostics) -> Vec<(PathBuf, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e.path().and_then(|p| p.strip_prefix(dir).ok());
                diagnostics.push(Diagnostic::whole_file(
                    rel.map(|r| shown.join(r))
                        .unwrap_or_else(|| shown.to_path_buf()),
                    msg!("theme-folder-cannot-read", reason = e.to_string()),
                ));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if entry.file_name().to_string_lossy().starts_with('.') && !entry.file_type().is_dir() {
            continue; // editor swap files, .DS_Store: neither read nor published
        }
        if entry.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::whole_file(
                    shown.join(rel),
                    msg!("theme-symlink", folder = shown.display().to_string()),
                )
                .with_hint(msg!("theme-symlink-hint")),
            );
        } else if entry.file_type().is_file() {
            let name = rel.to_string_lossy();
            if name.chars().any(char::is_control) {
                // A newline in a published name would end up in `_headers` and the sitemap.
                diagnostics.push(
                    Diagnostic::whole_file(shown.join(rel), msg!("theme-control-character-name"))
                        .with_hint(msg!("theme-rename-file")),
                );
                continue;
            }
            if let Some(reserved) = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .find(|c| crate::base::text::is_windows_reserved(c))
            {
                diagnostics.push(Diagnostic::windows_reserved(shown.join(rel), &reserved));
                continue;
            }
            files.push((rel.to_path_buf(), entry.path().to_path_buf()));
        }
    }
    files
}

/// A Tera error as a diagnostic pointing into the template file.
pub fn template_diagnostic(error: &tera::Error, files: &BTreeMap<String, PathBuf>) -> Diagnostic {
    use tera::ErrorKind;
    let file_for = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let detail = report.message().to_string();
            let message = if matches!(error.kind(), ErrorKind::SyntaxError(_)) {
                msg!("theme-template-syntax", detail = detail)
            } else {
                msg!("theme-template-render", detail = detail)
            };
            Diagnostic::new(
                file_for(report.filename()),
                span.start_line.max(1),
                span.start_col + 1,
                message,
            )
            .with_hint(template_hint(report.message()))
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::whole_file(
            file_for(name),
            msg!("theme-template-not-found", name = name.as_str()),
        )
        .with_hint(msg!("theme-template-not-found-hint")),
        ErrorKind::MissingParent { current, parent } => Diagnostic::whole_file(
            file_for(current),
            msg!("theme-template-missing-parent", parent = parent.as_str()),
        )
        .with_hint(msg!("theme-template-missing-parent-hint")),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Diagnostic::whole_file(
                file_for(tpl),
                msg!("theme-template-circular", name = tpl.as_str()),
            )
            .with_hint(msg!("theme-template-circular-hint"))
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::whole_file("templates", msg!("theme-template-other", detail = message))
        }
    }
}

/// What to check, from tera's words about the problem.
fn template_hint(message: &str) -> Message {
    if message.contains("not found in context")
        || message.contains("not defined")
        || message.contains("undefined")
        || message.contains("Undefined")
    {
        msg!("theme-template-undefined-hint")
    } else {
        msg!("theme-template-syntax-hint")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_content() {
        let a = hashed_name("css/site.css", b"a");
        let b = hashed_name("css/site.css", b"b");
        assert!(a.starts_with("css/site.") && a.ends_with(".css"), "{a}");
        assert_ne!(a, b);
        assert_eq!(hashed_name("favicon.ico", b"x"), "favicon.ico");
    }

    fn error_in(template: &str) -> Diagnostic {
        let mut tera = Tera::new();
        let files = BTreeMap::from([(
            "page.html".to_string(),
            PathBuf::from("templates/page.html"),
        )]);
        let e = match tera.add_raw_template("page.html", template) {
            Err(e) => e,
            Ok(()) => tera.render("page.html", &tera::Context::new()).unwrap_err(),
        };
        template_diagnostic(&e, &files)
    }

    #[test]
    fn template_problems_say_what_kind_and_where_in_both_languages() {
        let d = error_in("<p>\n{% if %}\n</p>\n");
        assert_eq!(d.code(), "theme-template-syntax");
        assert_eq!(
            (d.file.as_path(), d.line),
            (Path::new("templates/page.html"), 2)
        );
        let zh = d.render(Lang::Zh);
        assert!(
            zh.starts_with("templates/page.html:2:") && zh.contains("模板在这里的写法有误"),
            "{zh}"
        );
        assert!(
            zh.contains("提示：检查这附近的模板写法：值写成 {{ … }}"),
            "{zh}"
        );
        assert!(d.to_string().contains(
            "hint: check the template syntax near this place: {{ … }} for values, {% … %} for tags"
        ));

        let d = error_in("<p>\n{{ nothing.here }}</p>\n");
        assert_eq!(d.code(), "theme-template-render");
        assert_eq!(d.line, 2, "{d}");
        assert!(
            d.render(Lang::Zh).contains("生成页面时"),
            "{}",
            d.render(Lang::Zh)
        );

        let d = error_in("{% extends \"nowhere.html\" %}");
        assert!(
            d.render(Lang::Zh).contains("继承的 `nowhere.html` 不存在"),
            "{}",
            d.render(Lang::Zh)
        );
    }
}
