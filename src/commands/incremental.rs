//! Incremental rebuilds for `planportal serve`: after a change, re-render only the pages
//! that depend on it.
//!
//! # How dependencies are tracked
//!
//! The pages of the site are the jobs of [`plan::plan`]. What each job reads is known from
//! its kind, so the dependencies are derived, not recorded:
//!
//! | changed | re-rendered |
//! |---|---|
//! | the body of a Markdown page | the jobs that show that page (its own page; a section's list pages for `_index.md`; a data list's intro), and the feeds that carry it |
//! | a page's front matter (title, date, tags, description…) | the above, plus every list that shows page summaries: section lists, tag pages, the home page's latest news, the feeds; the jobs are planned again and the sitemap rewritten |
//! | front matter that moves or hides a page (`slug`, `draft`, `template`, `translation`, `weight` of a menu page), a page added or removed | everything (a full build) |
//! | anything in `data/`, `themes/`, `templates/`, `static/`, `config.toml`, or a non-Markdown file in `content/` | everything (a full build) |
//!
//! Data, templates and configuration reach nearly every page (the menu, the footer, the
//! indicator cards), so a full build is both the simplest and the only safe answer there;
//! the Markdown edits that staff make all day are the fast path. The test
//! `tests/incremental.rs` checks after each kind of edit that the output is byte-identical
//! to a clean build of the same files: nothing stale survives.
//!
//! The search index is rewritten by [`Session::write_search_index`], which `serve` calls
//! after the browser has been told to reload, so its size does not delay the reload.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::build::{build_into, BuildOptions, Changed};
use super::load_site;
use super::progress::Progress;
use crate::base::error::{Error, Result};
use crate::input::content::{self, Page};
use crate::model::{plan, Job, JobKind, Site};
use crate::outputs::search::{self, SearchIndex, SharedDoc};
use crate::publish::{self, Staging};

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// True when everything was rebuilt.
    pub full: bool,
    /// Pages (jobs) rendered by this update.
    pub rendered: usize,
    /// Pages the site has now.
    pub pages: usize,
}

/// A built site kept in memory between rebuilds.
pub struct Session {
    options: BuildOptions,
    site: Site,
    jobs: Vec<Job>,
    /// The search entry of every page, kept between edits.
    search: SearchIndex,
    search_stale: bool,
    /// The last update failed: the model may lag behind the files, so the next update
    /// rebuilds everything.
    failed: bool,
}

impl Session {
    /// Builds the whole site into the output folder (atomically, as `build` does).
    pub fn start(mut options: BuildOptions) -> Result<(Session, Outcome)> {
        // Changed paths arrive absolute from the watcher; compare them with an absolute root.
        if let Ok(root) = options.root.canonicalize() {
            options.root = root;
        }
        let site = load_site(&options.root, &options.load_options())?;
        let jobs = plan::plan(&site)?;
        let output = options.output_dir();
        publish::check_output(&options.root, &output, options.force)?;
        let staging = Staging::create(&output)?;
        let search = SearchIndex::kept();
        build_into(
            &site,
            &jobs,
            staging.path(),
            None,
            &search,
            &Progress::hidden(),
        )?;
        publish::publish(staging, &output)?;
        let outcome = Outcome {
            full: true,
            rendered: jobs.len(),
            pages: jobs.len(),
        };
        Ok((
            Session {
                options,
                site,
                jobs,
                search,
                search_stale: false,
                failed: false,
            },
            outcome,
        ))
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Brings the output up to date with the files in `changed` (paths as the watcher
    /// reports them). On error nothing is changed: the output and the model stay as they were.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Outcome> {
        let result = self.apply(changed);
        self.failed = result.is_err();
        result
    }

    fn apply(&mut self, changed: &[PathBuf]) -> Result<Outcome> {
        let root = self.options.root.clone();
        let mut edits: Vec<(usize, Page)> = Vec::new();
        let mut needs_full = changed.is_empty() || self.failed;
        for path in changed {
            let path = path.canonicalize().unwrap_or_else(|_| path.clone());
            let rel = path.strip_prefix(&root).unwrap_or(&path);
            let index = self.site.content.pages.iter().position(|p| p.file == rel);
            match index {
                Some(i) if rel.starts_with("content") && path.is_file() => {
                    match content::load_file(&root, rel, self.options.drafts) {
                        Ok(Some(page)) => edits.push((i, page)),
                        Ok(None) => needs_full = true, // became a draft
                        Err(diagnostics) => return Err(Error::Input(diagnostics)),
                    }
                }
                _ => needs_full = true,
            }
        }
        if needs_full {
            return self.rebuild_all();
        }

        let mut summaries_changed = false;
        for (i, page) in &edits {
            let old = &self.site.content.pages[*i];
            if moves_or_hides(old, page) || (summary(old) != summary(page) && is_menu_page(old)) {
                return self.rebuild_all();
            }
            summaries_changed |= summary(old) != summary(page);
        }
        let edited: BTreeSet<usize> = edits.iter().map(|(i, _)| *i).collect();
        for (i, page) in edits {
            self.site.content.pages[i] = page;
        }

        let output = self.options.output_dir();
        let which: Vec<usize> = if summaries_changed {
            let jobs = plan::plan(&self.site)?;
            let old_files: BTreeSet<String> = self.jobs.iter().map(Job::output_file).collect();
            let new_files: BTreeSet<String> = jobs.iter().map(Job::output_file).collect();
            if old_files != new_files {
                // A tag appeared or vanished, a list gained a page: simplest to rebuild all.
                return self.rebuild_all();
            }
            self.jobs = jobs;
            self.jobs
                .iter()
                .enumerate()
                .filter(|(_, j)| shows_pages(j, &edited) || lists_summaries(j))
                .map(|(k, _)| k)
                .collect()
        } else {
            self.jobs
                .iter()
                .enumerate()
                .filter(|(_, j)| shows_pages(j, &edited))
                .map(|(k, _)| k)
                .collect()
        };
        let changed = Changed {
            jobs: which,
            plan_changed: summaries_changed,
        };
        build_into(
            &self.site,
            &self.jobs,
            &output,
            Some(&changed),
            &self.search,
            &Progress::hidden(),
        )?;
        let which = changed.jobs;
        self.search_stale = true;
        Ok(Outcome {
            full: false,
            rendered: which.len(),
            pages: self.jobs.len(),
        })
    }

    /// Rewrites the search index if pages changed since it was last written.
    pub fn write_search_index(&mut self) -> Result<()> {
        match self.search_snapshot() {
            Some(snapshot) => snapshot.write(),
            None => Ok(()),
        }
    }

    /// What the search index should hold now, if pages changed since the last snapshot.
    /// Writing it (slow on a large site) needs no access to the session, so `serve` does it
    /// on another thread while the next edit is already being rebuilt.
    pub fn search_snapshot(&mut self) -> Option<SearchSnapshot> {
        if !self.search_stale {
            return None;
        }
        self.search_stale = false;
        Some(SearchSnapshot {
            docs: self.search.snapshot(),
            synonyms: self.search.synonyms(),
            dir: self.options.output_dir(),
        })
    }

    fn rebuild_all(&mut self) -> Result<Outcome> {
        let (fresh, outcome) = Session::start(self.options.clone())?;
        *self = fresh;
        Ok(outcome)
    }
}

/// What lists show of a page: if any of it changes, every list is rendered again.
fn summary(p: &Page) -> String {
    let f = &p.front;
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        f.title,
        f.description,
        f.date.as_ref().map(|d| &d.value),
        f.updated.as_ref().map(|d| &d.value),
        f.tags,
        f.weight
    )
}

/// Front matter that changes where a page is, whether it exists, or how it is rendered.
fn moves_or_hides(old: &Page, new: &Page) -> bool {
    let (a, b) = (&old.front, &new.front);
    old.path != new.path
        || old.key != new.key
        || old.lang != new.lang
        || a.draft != b.draft
        || a.template.as_ref().map(|t| &t.value) != b.template.as_ref().map(|t| &t.value)
        || a.translation != b.translation
}

/// Pages that appear in the menu (top-level pages and section pages): their titles and
/// weights are on every page.
fn is_menu_page(p: &Page) -> bool {
    p.section.is_empty() || (p.is_index && p.key == format!("{}/_index", p.section))
}

/// Does `job` show the content of one of `pages`?
fn shows_pages(job: &Job, pages: &BTreeSet<usize>) -> bool {
    match &job.kind {
        JobKind::Content { page } => pages.contains(page),
        JobKind::SectionList { index, .. } => index.is_some_and(|i| pages.contains(&i)),
        JobKind::DataList { intro, .. } => intro.is_some_and(|i| pages.contains(&i)),
        JobKind::Feed { index, children } => {
            pages.contains(index) || children.iter().any(|c| pages.contains(c))
        }
        _ => false,
    }
}

/// Does `job` list page summaries (titles, dates, tags)?
fn lists_summaries(job: &Job) -> bool {
    matches!(
        job.kind,
        JobKind::SectionList { .. }
            | JobKind::TagIndex
            | JobKind::TagPage { .. }
            | JobKind::Feed { .. }
    ) || job.path.is_empty()
}

/// The search documents of a moment, to be written as the index files.
pub struct SearchSnapshot {
    docs: Vec<SharedDoc>,
    synonyms: Vec<search::SynonymGroup>,
    dir: PathBuf,
}

impl SearchSnapshot {
    pub fn write(self) -> Result<()> {
        search::write_indexes(self.docs, &self.dir, &self.synonyms).map(|_| ())
    }
}
