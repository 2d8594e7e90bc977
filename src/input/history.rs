//! When each source file last changed, from the site's version history where there is one.
//!
//! `git log` is asked once per load for the commit date (`YYYY-MM-DD`) of the newest commit
//! that touched each file below `content/` and `data/`. The answer depends only on the
//! repository, never on the clock, so two builds of the same checkout agree byte for byte.
//! Without git, outside a repository (a tarball, a temporary copy), in a shallow clone (whose
//! one commit seems to change every file) or for files never committed, the map is simply
//! empty and pages fall back to the dates their files give.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// Last-change dates by file, relative to the site root with forward slashes
/// (`content/about.md`, `data/services.yaml`).
#[derive(Debug, Clone, Default)]
pub struct History {
    dates: BTreeMap<String, String>,
}

impl History {
    /// Reads the history of the site at `root`; empty when git cannot tell.
    pub fn load(root: &Path) -> History {
        // A shallow clone (CI's default) has one commit that seems to touch every file: its
        // dates would be wrong, so it counts as no history.
        let shallow = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "--is-shallow-repository"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        match shallow {
            Ok(o) if o.status.success() && o.stdout.trim_ascii() == b"false" => {}
            _ => return History::default(),
        }
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "log",
                "--relative",
                "--no-renames",
                "--format=%x01%cs",
                "--name-only",
                "--",
                "content",
                "data",
            ])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        match output {
            Ok(o) if o.status.success() => History::parse(&String::from_utf8_lossy(&o.stdout)),
            _ => History::default(),
        }
    }

    /// Parses `git log --format=%x01%cs --name-only` output: newest commit first, so the first
    /// date seen for a file is its last change.
    pub fn parse(log: &str) -> History {
        let mut dates = BTreeMap::new();
        let mut current: Option<&str> = None;
        for line in log.lines() {
            if let Some(date) = line.strip_prefix('\u{1}') {
                let date = date.trim();
                current = crate::base::text::is_valid_date(date).then_some(date);
            } else if let (Some(date), false) = (current, line.trim().is_empty()) {
                dates
                    .entry(line.trim().to_string())
                    .or_insert_with(|| date.to_string());
            }
        }
        History { dates }
    }

    /// The date `file` (relative to the site root) last changed, if the history knows it.
    pub fn date(&self, file: &Path) -> Option<&str> {
        let key = file.to_string_lossy().replace('\\', "/");
        self.dates.get(&key).map(String::as_str)
    }

    /// Whether the history knows any file.
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_each_file_wins() {
        let log = "\u{1}2026-03-02\n\ndata/services.yaml\ncontent/about.md\n\u{1}2025-07-01\n\ndata/services.yaml\ndata/tasks.yaml\n";
        let h = History::parse(log);
        assert_eq!(h.date(Path::new("data/services.yaml")), Some("2026-03-02"));
        assert_eq!(h.date(Path::new("data/tasks.yaml")), Some("2025-07-01"));
        assert_eq!(h.date(Path::new("content/about.md")), Some("2026-03-02"));
        assert_eq!(h.date(Path::new("data/firms.yaml")), None);
    }

    #[test]
    fn outside_a_repository_the_history_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(History::load(dir.path()).is_empty());
    }
}
