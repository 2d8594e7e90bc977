//! Helpers shared by the integration tests: copies of fixture sites in temporary folders,
//! and builds through the real command line; `browser` drives headless Chromium.
//!
//! Engine tests use `fixture("basic")` (pages only) or `fixture("plan")` (a small, fictional
//! plan with every data file); only the `shipped_*` test files (and the browser sweeps of
//! `a11y.rs` and `search.rs`) use `default_site()`, the repository's shipped plan.
#![allow(dead_code)]

pub mod browser;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("below fixture");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A temporary copy of `tests/fixtures/<name>` with the repository's default theme.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(
        &repo().join("themes/default"),
        &dir.path().join("themes/default"),
    );
    dir
}

/// A temporary copy of the default site (config, content, data, theme).
pub fn default_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_default_site(dir.path());
    dir
}

/// Copies the default site (config, content, data, theme) into `dir`.
pub fn copy_default_site(dir: &Path) {
    for part in ["content", "data", "themes"] {
        copy_dir(&repo().join(part), &dir.join(part));
    }
    std::fs::copy(repo().join("config.toml"), dir.join("config.toml")).expect("copy config");
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `planportal <args>` in `root`, with an English locale (engine tests read the
/// English words; `tests/messages.rs` tests the choice of language).
pub fn planportal(root: &Path, args: &[&str]) -> Run {
    planportal_with_locale(root, args, Some("en_US.UTF-8"))
}

/// Runs `planportal <args>` in `root` with the locale `LANG=locale` (no locale variable at
/// all when `None`), for tests of the language of messages.
pub fn planportal_with_locale(root: &Path, args: &[&str], locale: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_planportal"));
    command
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    if let Some(locale) = locale {
        command.env("LANG", locale);
    }
    let out = command
        .args(args)
        .current_dir(root)
        .output()
        .expect("run planportal");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Builds the site in `root` into `root/public`, panicking with the errors on failure.
pub fn build_ok(root: &Path) {
    let run = planportal(root, &["build"]);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
}

pub fn read(root: &Path, rel: &str) -> String {
    let path = root.join("public").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create dir");
    }
    std::fs::write(path, text).expect("write file");
}

/// Replaces the first occurrence of `from` in a file, failing loudly if it is not there.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read file");
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write file");
}

/// Every file below `dir`, relative path → bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("below dir")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The values of one attribute (`href`, `src`, `id`) in minified HTML, quoted or not.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split([' ', '>']).next().unwrap_or(""),
        };
        out.push(value.replace("&amp;", "&"));
    }
    out
}

/// Checks every site-internal `href` and `src` of every HTML page below `public`: the target
/// file exists, and a `#fragment` names an id on the target page. Returns the broken ones.
pub fn broken_internal_links(public: &Path, base_path: &str) -> Vec<String> {
    let pages = snapshot(public);
    let mut broken = Vec::new();
    for (path, bytes) in &pages {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let mut targets = attr_values(&html, "href");
        targets.extend(attr_values(&html, "src"));
        for target in targets {
            let (url, fragment) = match target.split_once('#') {
                Some((u, f)) => (u.to_string(), Some(f.to_string())),
                None => (target.clone(), None),
            };
            let file = if url.is_empty() {
                path.clone()
            } else if let Some(rest) = url.strip_prefix(base_path) {
                let rest = rest.split('?').next().unwrap_or("");
                if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_string()
                }
            } else {
                continue; // external, or not under the site
            };
            let file = percent_decode(&file);
            let Some(target_bytes) = pages.get(&file) else {
                broken.push(format!("{path}: {target} (no file {file})"));
                continue;
            };
            if let Some(f) = fragment {
                let f = percent_decode(&f);
                let ids = attr_values(&String::from_utf8_lossy(target_bytes), "id");
                if !f.is_empty() && !ids.contains(&f) {
                    broken.push(format!("{path}: {target} (no id {f} in {file})"));
                }
            }
        }
    }
    broken
}

/// Decodes `%XX` escapes of a URL path (Chinese addresses arrive percent-encoded).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The visible text of an HTML page (tags removed, whitespace folded), for text assertions.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `tests/fixtures/<fixture>` with the default theme, copied into Cargo's temporary folder
/// for integration tests under `name` and built there (replaced on every run), for test files
/// that share one build. Returns the site's root; the pages are in its `public/`.
pub fn built_fixture_in_target(fixture: &str, name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the previous copy");
    }
    copy_dir(&repo().join("tests/fixtures").join(fixture), &dir);
    copy_dir(&repo().join("themes/default"), &dir.join("themes/default"));
    build_ok(&dir);
    dir
}

/// The default site copied into Cargo's temporary folder for integration tests under `name`
/// and built there (replaced on every run), for test files that share one build.
pub fn built_default_site_in_target(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the previous copy");
    }
    std::fs::create_dir_all(&dir).expect("create site folder");
    copy_default_site(&dir);
    build_ok(&dir);
    dir
}
