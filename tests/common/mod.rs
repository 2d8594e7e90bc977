//! Helpers shared by the integration tests: copies of fixture sites in temporary folders,
//! and builds through the real command line.
#![allow(dead_code)]

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

/// Runs `planportal <args>` in `root`.
pub fn planportal(root: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_planportal"))
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
