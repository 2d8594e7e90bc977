//! `planportal diff <old> <new>`: which pages a change adds, changes and removes, comparing two
//! built sites (e.g. `main`'s build and a pull request's). CI writes the Markdown form into the
//! job summary of every pull request.
//!
//! A page is an `.html` file of the output, named by its address (`news/x/index.html` →
//! `/news/x/`). Two pages are the same when their bytes are the same; other files (assets,
//! feeds, data downloads, the search index) are counted, not listed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::base::error::{Error, Result};
use crate::publish;

/// The pages of two builds, compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteDiff {
    /// Addresses of pages only in the new build, sorted.
    pub added: Vec<String>,
    /// Addresses of pages in both builds whose bytes differ, sorted.
    pub changed: Vec<String>,
    /// Addresses of pages only in the old build, sorted.
    pub removed: Vec<String>,
    /// Pages that are the same in both.
    pub unchanged: usize,
    /// Files that are not pages, added, changed or removed.
    pub other_files_differing: usize,
}

/// Compares the built sites in `old` and `new`.
pub fn diff(old: &Path, new: &Path) -> Result<SiteDiff> {
    let old_files = files_of(old)?;
    let new_files = files_of(new)?;
    let mut out = SiteDiff::default();
    let is_page = |f: &str| f.ends_with(".html");
    for (file, new_path) in &new_files {
        match old_files.get(file) {
            None if is_page(file) => out.added.push(address(file)),
            None => out.other_files_differing += 1,
            Some(old_path) => {
                let same = read(old_path)? == read(new_path)?;
                match (same, is_page(file)) {
                    (true, true) => out.unchanged += 1,
                    (true, false) => {}
                    (false, true) => out.changed.push(address(file)),
                    (false, false) => out.other_files_differing += 1,
                }
            }
        }
    }
    for file in old_files.keys().filter(|f| !new_files.contains_key(*f)) {
        if is_page(file) {
            out.removed.push(address(file));
        } else {
            out.other_files_differing += 1;
        }
    }
    for list in [&mut out.added, &mut out.changed, &mut out.removed] {
        list.sort();
    }
    Ok(out)
}

fn files_of(dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    if !dir.is_dir() {
        return Err(Error::io(
            "io-diff-no-site",
            dir,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    Ok(publish::written_files(dir)
        .into_iter()
        .map(|rel| {
            let full = dir.join(&rel);
            (rel, full)
        })
        .collect())
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io("io-read", path, e))
}

/// `news/x/index.html` → `/news/x/`; `404.html` → `/404.html`.
fn address(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

/// At most this many addresses are listed per kind; the rest are counted.
const LISTED: usize = 100;

impl SiteDiff {
    /// True when no page and no other file differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.removed.is_empty()
            && self.other_files_differing == 0
    }

    /// One line: `2 pages added, 5 changed, 1 removed, 40 unchanged; 3 other files differ`.
    pub fn summary(&self) -> String {
        format!(
            "{} page{} added, {} changed, {} removed, {} unchanged; {} other file{} differ{}",
            self.added.len(),
            if self.added.len() == 1 { "" } else { "s" },
            self.changed.len(),
            self.removed.len(),
            self.unchanged,
            self.other_files_differing,
            if self.other_files_differing == 1 {
                ""
            } else {
                "s"
            },
            if self.other_files_differing == 1 {
                "s"
            } else {
                ""
            },
        )
    }

    /// The comparison for a terminal: the summary, then `+ /added/`, `~ /changed/`,
    /// `- /removed/` lines.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n", self.summary());
        for (mark, list) in [
            ("+", &self.added),
            ("~", &self.changed),
            ("-", &self.removed),
        ] {
            for a in list {
                out.push_str(&format!("{mark} {a}\n"));
            }
        }
        out
    }

    /// The comparison as Markdown for a GitHub job summary; addresses link to `preview`
    /// (the preview's base address) when one is given.
    pub fn markdown(&self, title: &str, preview: Option<&str>) -> String {
        let mut out = format!("## {title}\n\n{}\n", self.summary());
        let link = |a: &str| match preview {
            Some(base) => format!("[`{a}`]({}{})", base.trim_end_matches('/'), a),
            None => format!("`{a}`"),
        };
        for (heading, list) in [
            ("Added", &self.added),
            ("Changed", &self.changed),
            ("Removed", &self.removed),
        ] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("\n### {heading} ({})\n\n", list.len()));
            for a in list.iter().take(LISTED) {
                out.push_str(&format!("- {}\n", link(a)));
            }
            if list.len() > LISTED {
                out.push_str(&format!("- … and {} more\n", list.len() - LISTED));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_files() {
        assert_eq!(address("index.html"), "/");
        assert_eq!(address("en/news/x/index.html"), "/en/news/x/");
        assert_eq!(address("404.html"), "/404.html");
    }
}
