//! Loading `content/`: every Markdown file becomes a [`Page`] in one of the two languages.
//!
//! `foo.md` is Chinese and `foo.en.md` is its English counterpart; `_index.md` is the page of
//! the folder (section) it sits in. A page's address is its path below `content/`, so the two
//! languages share the same paths below `/` and `/en/`.

pub mod front_matter;

use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::base::error::{Diagnostic, Diagnostics, Error, Result};
use crate::base::lang::Lang;
use crate::base::text::{is_safe_slug, is_windows_reserved};
use crate::msg;

pub use front_matter::{FrontMatter, Translation};

/// A Markdown file larger than this is refused: a public page never needs it, and a stray
/// huge file must not exhaust the machine.
pub const MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// Bodies are held in memory while all of a site's together are at most this large; beyond
/// it every body is left in its file and read again when its page is rendered. A
/// 100,000-page site has 760 MB of Markdown, which held from load to the end of the build
/// was half of its memory; a site of up to ~30,000 ordinary pages keeps its bodies.
pub const HELD_BODIES_BYTES: usize = 128 * 1024 * 1024;

/// One page of content in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file, relative to the site root (e.g. `content/news/plan-issued.md`).
    pub file: PathBuf,
    pub lang: Lang,
    /// What identifies the page across languages: its path below `content/` without the
    /// language suffix or extension, e.g. `news/plan-issued` or `news/_index`.
    pub key: String,
    /// The first folder below `content/`, or empty for top-level pages.
    pub section: String,
    /// The address below the language root, e.g. `news/plan-issued/`; empty for the home page.
    pub path: String,
    /// True for `_index.md`, a section's own page.
    pub is_index: bool,
    pub front: FrontMatter,
    /// The Markdown after the front matter ([`Page::body`] reads it).
    pub body: Body,
    /// The file line on which the body starts, so Markdown problems point at the right line.
    pub body_line: usize,
}

/// The Markdown of a page after its front matter.
#[derive(Debug, Clone)]
pub enum Body {
    /// In memory.
    Held(String),
    /// Left in the file (see [`HELD_BODIES_BYTES`]): its last `len` bytes, whose hash is
    /// `hash`, so that a file edited during the build is noticed instead of published half
    /// old, half new.
    InFile { len: usize, hash: u64 },
}

impl Body {
    fn hash(text: &str) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        text.hash(&mut h);
        h.finish()
    }

    /// Its length in bytes.
    fn len(&self) -> usize {
        match self {
            Body::Held(text) => text.len(),
            Body::InFile { len, .. } => *len,
        }
    }

    /// The same body, left in its file.
    fn leave_in_file(&mut self) {
        if let Body::Held(text) = self {
            *self = Body::InFile {
                len: text.len(),
                hash: Body::hash(text),
            };
        }
    }
}

impl Page {
    /// The page's Markdown after its front matter; read again from its file (below `root`,
    /// the site's folder) when the site was too large to hold every body.
    pub fn body(&self, root: &Path) -> std::result::Result<Cow<'_, str>, Diagnostic> {
        let (len, hash) = match &self.body {
            Body::Held(text) => return Ok(Cow::Borrowed(text)),
            Body::InFile { len, hash } => (*len, *hash),
        };
        let mut bytes = std::fs::read(root.join(&self.file)).map_err(|e| {
            Diagnostic::whole_file(
                &self.file,
                msg!("content-cannot-read", reason = e.to_string()),
            )
        })?;
        // The body is the end of the file: the front matter is dropped in place.
        let body = bytes.len().checked_sub(len).and_then(|start| {
            bytes.drain(..start);
            String::from_utf8(bytes).ok()
        });
        match body.filter(|text| Body::hash(text) == hash) {
            Some(text) => Ok(Cow::Owned(text)),
            None => Err(
                Diagnostic::whole_file(&self.file, msg!("content-changed-during-build"))
                    .with_hint(msg!("content-changed-during-build-hint")),
            ),
        }
    }
}

/// A file below `content/` that is not Markdown (an image, a PDF): copied as it is.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    pub source: PathBuf,
    /// Path below the output root.
    pub path: String,
}

#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<ContentAsset>,
}

/// What the name of a Markdown file tells: its key, its language and whether it is an index.
#[derive(Debug, PartialEq, Eq)]
struct FileName {
    dirs: Vec<String>,
    stem: String,
    lang: Lang,
}

/// Reads every page below `root/content`. Drafts are kept only when `drafts` is true.
pub fn load(root: &Path, drafts: bool) -> Result<Content> {
    let content_dir = root.join("content");
    let mut diagnostics = Diagnostics::default();
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    if !content_dir.is_dir() {
        return Err(
            Diagnostic::whole_file("content", msg!("content-no-content-folder"))
                .with_hint(msg!("content-no-content-folder-hint"))
                .into(),
        );
    }
    let walker = WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.clone());
                return Err(Error::io(
                    "io-read",
                    &path,
                    std::io::Error::other(e.to_string()),
                ));
            }
        };
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            continue; // editor swap files, .DS_Store
        }
        if entry.file_type().is_symlink() {
            diagnostics.push(
                Diagnostic::whole_file(&rel, msg!("content-symbolic-link"))
                    .with_hint(msg!("content-symbolic-link-hint")),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let below = entry
            .path()
            .strip_prefix(&content_dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        if name.ends_with(".md") {
            markdown.push((entry.path().to_path_buf(), rel, below));
        } else {
            let reserved = below.components().find_map(|c| {
                let name = c.as_os_str().to_string_lossy();
                is_windows_reserved(&name).then(|| name.into_owned())
            });
            if let Some(name) = reserved {
                diagnostics.push(Diagnostic::windows_reserved(&rel, &name));
                continue;
            }
            match asset_path(&below) {
                Some(path) => assets.push(ContentAsset {
                    source: entry.path().to_path_buf(),
                    path,
                }),
                None => diagnostics.push(
                    Diagnostic::whole_file(&rel, msg!("content-bad-asset-name"))
                        .with_hint(msg!("content-bad-asset-name-hint")),
                ),
            }
        }
    }

    let pages = load_pages(&markdown, drafts, HELD_BODIES_BYTES, &mut diagnostics);
    check_unique_paths(&pages, &mut diagnostics);
    diagnostics.finish()?;
    Ok(Content { pages, assets })
}

/// Loads the Markdown files (full path, path from the site root, path below `content/`).
/// Once the bodies read so far pass `held_bytes`, the rest are left in their files, and so,
/// at the end, are all of them.
fn load_pages(
    markdown: &[(PathBuf, PathBuf, PathBuf)],
    drafts: bool,
    held_bytes: usize,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    let held = AtomicUsize::new(0);
    let results: Vec<std::result::Result<Option<Page>, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|(full, rel, below)| {
            let mut page = load_page(full, rel, below, drafts)?;
            if let Some(page) = &mut page {
                let len = page.body.len();
                if held.fetch_add(len, Ordering::Relaxed) + len > held_bytes {
                    page.body.leave_in_file();
                }
            }
            Ok(page)
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(ds) => diagnostics.extend(ds),
        }
    }
    if held.load(Ordering::Relaxed) > held_bytes {
        for page in &mut pages {
            page.body.leave_in_file();
        }
    }
    pages
}

/// Reads one Markdown file again, given its path relative to the site root (for
/// incremental rebuilds). `Ok(None)` when it is a draft and drafts are not published.
pub fn load_file(
    root: &Path,
    rel: &Path,
    drafts: bool,
) -> std::result::Result<Option<Page>, Vec<Diagnostic>> {
    let full = root.join(rel);
    let below = rel.strip_prefix("content").unwrap_or(rel);
    if full.is_symlink() {
        return Err(vec![Diagnostic::whole_file(
            rel,
            msg!("content-symbolic-link"),
        )
        .with_hint(msg!("content-symbolic-link-hint"))]);
    }
    load_page(&full, rel, below, drafts)
}

fn load_page(
    full: &Path,
    rel: &Path,
    below: &Path,
    drafts: bool,
) -> std::result::Result<Option<Page>, Vec<Diagnostic>> {
    let name = parse_file_name(below).map_err(|d| vec![d.with_file(rel)])?;
    let meta = std::fs::metadata(full).map_err(|e| {
        vec![Diagnostic::whole_file(
            rel,
            msg!("content-cannot-read", reason = e.to_string()),
        )]
    })?;
    if meta.len() > MAX_PAGE_BYTES {
        return Err(vec![Diagnostic::whole_file(
            rel,
            msg!(
                "content-page-too-large",
                size = meta.len(),
                limit = MAX_PAGE_BYTES
            ),
        )
        .with_hint(msg!("content-page-too-large-hint"))]);
    }
    let bytes = std::fs::read(full).map_err(|e| {
        vec![Diagnostic::whole_file(
            rel,
            msg!("content-cannot-read", reason = e.to_string()),
        )]
    })?;
    let source = String::from_utf8(bytes).map_err(|e| {
        let (line, col) = crate::base::text::line_col(
            &String::from_utf8_lossy(e.as_bytes()),
            e.utf8_error().valid_up_to(),
        );
        vec![Diagnostic::new(rel, line, col, msg!("content-not-utf8"))
            .with_hint(msg!("content-not-utf8-hint"))]
    })?;
    if let Some((offset, c)) = crate::base::text::stray_control(&source) {
        return Err(vec![Diagnostic::control_character(rel, &source, offset, c)]);
    }
    let parsed = front_matter::parse(&source, rel)?;
    if parsed.front.draft && !drafts {
        return Ok(None);
    }
    let is_index = name.stem == "_index";
    let mut segments = name.dirs.clone();
    if !is_index {
        let last = parsed
            .front
            .slug
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_else(|| name.stem.clone());
        segments.push(last);
    }
    let path = if segments.is_empty() {
        String::new()
    } else {
        format!("{}/", segments.join("/"))
    };
    let mut key_parts = name.dirs.clone();
    key_parts.push(name.stem.clone());
    Ok(Some(Page {
        file: rel.to_path_buf(),
        lang: name.lang,
        key: key_parts.join("/"),
        section: name.dirs.first().cloned().unwrap_or_default(),
        path,
        is_index,
        front: parsed.front,
        body: Body::Held(parsed.body),
        body_line: parsed.body_line,
    }))
}

trait WithFile {
    fn with_file(self, file: &Path) -> Self;
}

impl WithFile for Diagnostic {
    fn with_file(mut self, file: &Path) -> Self {
        self.file = file.to_path_buf();
        self
    }
}

/// Reads `news/plan-issued.en.md` as folder `news`, stem `plan-issued`, English.
fn parse_file_name(below: &Path) -> std::result::Result<FileName, Diagnostic> {
    let hint = || msg!("content-file-name-hint");
    let mut dirs = Vec::new();
    let components: Vec<String> = below
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some((file, folders)) = components.split_last() else {
        return Err(
            Diagnostic::whole_file(below, msg!("content-empty-file-name")).with_hint(hint()),
        );
    };
    for name in folders.iter().chain([file]) {
        if is_windows_reserved(name) {
            return Err(Diagnostic::windows_reserved(below, name));
        }
    }
    for folder in folders {
        if !is_safe_slug(folder) {
            return Err(Diagnostic::whole_file(
                below,
                msg!("content-bad-folder-name", folder = format!("{folder:?}")),
            )
            .with_hint(hint()));
        }
        dirs.push(folder.clone());
    }
    let without_ext = file.strip_suffix(".md").unwrap_or(file);
    let (stem, lang) = match without_ext.rsplit_once('.') {
        None => (without_ext, Lang::Zh),
        Some((stem, code)) => match Lang::from_code(code) {
            Some(Lang::En) => (stem, Lang::En),
            Some(Lang::Zh) => {
                return Err(Diagnostic::whole_file(
                    below,
                    msg!("content-chinese-suffix", file = format!("{file:?}")),
                )
                .with_hint(msg!("content-chinese-suffix-hint", stem = stem)));
            }
            None => {
                return Err(Diagnostic::whole_file(
                    below,
                    msg!(
                        "content-unknown-language",
                        file = format!("{file:?}"),
                        code = format!("{code:?}")
                    ),
                )
                .with_hint(msg!("content-unknown-language-hint")));
            }
        },
    };
    if stem != "_index" && !is_safe_slug(stem) {
        return Err(Diagnostic::whole_file(
            below,
            msg!("content-bad-file-name", file = format!("{file:?}")),
        )
        .with_hint(hint()));
    }
    Ok(FileName {
        dirs,
        stem: stem.to_string(),
        lang,
    })
}

fn asset_path(below: &Path) -> Option<String> {
    let parts: Vec<String> = below
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (file, folders) = parts.split_last()?;
    if !folders.iter().all(|f| is_safe_slug(f)) {
        return None;
    }
    let (stem, ext) = file.rsplit_once('.')?;
    let ext_ok = !ext.is_empty()
        && ext
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let stem_ok = stem.split('.').all(is_safe_slug);
    (ext_ok && stem_ok).then(|| parts.join("/"))
}

/// Two files that would be written to the same address (e.g. `a.md` and `a/_index.md`, or
/// a slug that repeats another page's name) are an error on the second one.
fn check_unique_paths(pages: &[Page], diagnostics: &mut Diagnostics) {
    let mut seen: std::collections::BTreeMap<(Lang, &str), &Path> = Default::default();
    for p in pages {
        if let Some(first) = seen.insert((p.lang, p.path.as_str()), &p.file) {
            diagnostics.push(
                Diagnostic::whole_file(
                    &p.file,
                    msg!(
                        "content-same-address",
                        path = p.path.as_str(),
                        other = first.display().to_string()
                    ),
                )
                .with_hint(msg!("content-same-address-hint")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads the Markdown files of `root/content` as `load` does, with `held` bytes of bodies.
    fn load_with(root: &Path, held: usize) -> Vec<Page> {
        let files: Vec<(PathBuf, PathBuf, PathBuf)> = std::fs::read_dir(root.join("content"))
            .unwrap()
            .map(|e| {
                let full = e.unwrap().path();
                let rel = full.strip_prefix(root).unwrap().to_path_buf();
                let below = rel.strip_prefix("content").unwrap().to_path_buf();
                (full, rel, below)
            })
            .collect();
        let mut diagnostics = Diagnostics::default();
        let pages = load_pages(&files, false, held, &mut diagnostics);
        assert!(diagnostics.finish().is_ok());
        pages
    }

    #[test]
    fn bodies_past_the_limit_are_read_again_and_an_edit_during_the_build_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let a = "---\ntitle: 甲\n---\n正文一\n";
        std::fs::write(dir.path().join("content/a.md"), a).unwrap();
        std::fs::write(
            dir.path().join("content/b.md"),
            "---\ntitle: 乙\n---\n正文二\n",
        )
        .unwrap();

        let held = load_with(dir.path(), HELD_BODIES_BYTES);
        assert!(held.iter().all(|p| matches!(p.body, Body::Held(_))));

        // Past the limit every body is left in its file, and reads the same.
        let left = load_with(dir.path(), 4);
        for (h, l) in held.iter().zip(&left) {
            assert!(matches!(l.body, Body::InFile { .. }), "{:?}", l.body);
            assert_eq!(h.body(dir.path()).unwrap(), l.body(dir.path()).unwrap());
        }
        let page_a = left.iter().find(|p| p.key == "a").unwrap();
        assert_eq!(page_a.body(dir.path()).unwrap(), "正文一\n");

        // The same length, other words: refused, naming the file.
        std::fs::write(
            dir.path().join("content/a.md"),
            a.replace("正文一", "正文三"),
        )
        .unwrap();
        let d = page_a.body(dir.path()).unwrap_err();
        assert_eq!(d.file, Path::new("content/a.md"));
        assert_eq!(d.message.code(), "content-changed-during-build");
    }

    #[test]
    fn file_names() {
        let n = parse_file_name(Path::new("news/plan-issued.en.md")).unwrap();
        assert_eq!(n.dirs, vec!["news"]);
        assert_eq!(n.stem, "plan-issued");
        assert_eq!(n.lang, Lang::En);
        let n = parse_file_name(Path::new("_index.md")).unwrap();
        assert_eq!((n.stem.as_str(), n.lang), ("_index", Lang::Zh));
        for bad in [
            "News/a.md",
            "a.fr.md",
            "a.zh.md",
            "中文.md",
            "a b.md",
            "a_b.md",
        ] {
            assert!(parse_file_name(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bad_file_name_reads_in_chinese_and_in_english() {
        let d = parse_file_name(Path::new("news/a.zh.md")).unwrap_err();
        assert_eq!(d.code(), "content-chinese-suffix");
        assert_eq!(
            d.render(Lang::Zh),
            "news/a.zh.md:1:1: \"a.zh.md\"：中文页面的文件名不带语言后缀\n  提示：把它改名为 `a.md`"
        );
        assert_eq!(
            d.to_string(),
            "news/a.zh.md:1:1: \"a.zh.md\": Chinese pages carry no language suffix\n  hint: rename it to `a.md`"
        );
        let d = parse_file_name(Path::new("News/a.md")).unwrap_err();
        assert!(
            d.render(Lang::Zh)
                .contains("文件夹名 \"News\" 不能用在网址里"),
            "{d}"
        );
    }
}
