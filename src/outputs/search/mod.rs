//! Site search: an index per language, built with the site as a static file
//! (`search/index.json`, `en/search/index.json`) and queried in the browser by
//! `themes/default/static/js/search.js` on the page `/search/` (`/en/search/`).
//!
//! # Why a hand-made index
//!
//! Chinese has no spaces between words, and the usual failure of static-site search is that
//! the index and the query are cut into words differently (a dictionary segmenter at build
//! time, a different one or none in the browser), so `医疗器械` is indexed as one word and
//! the query `器械` finds nothing. Here both sides run the same few rules
//! ([`tokenize`], mirrored line by line in the script), and the browser test compares their
//! output on the same strings.
//!
//! # The scheme
//!
//! 1. **Fold** every character, one for one: full-width ASCII (`６Ｇ`) becomes ASCII, the
//!    ideographic space a space, A–Z and À–Þ lowercase.
//! 2. **Split** into runs: a *CJK run* is consecutive Han characters (with 々 and 〇), kana or
//!    hangul; a *word* is consecutive ASCII letters and digits (and Latin letters up to
//!    U+024F), whose parts may be joined by one of `- . _ ' ’ & / +`. Everything else — spaces,
//!    punctuation, CJK punctuation such as `，。、“”` — separates runs.
//! 3. **Index** a CJK run as every character and every pair of neighbouring characters
//!    (`中试验证` → 中, 中试, 试, 试验, 验, 验证, 证) and a word as its parts plus, when there
//!    are several, the parts joined (`5G-A` → `5g`, `a`, `5ga`; `6G` → `6g`).
//! 4. **Query** with the same rules: a page matches when it has every pair of each CJK run of
//!    the query (the character itself for a one-character run) and the joined token of each
//!    word, the last word matching as a prefix unless the query ends with a space; then the
//!    page's text must contain each CJK run as written, so the pairs of `中试验` do not match
//!    a page that only has `中试` and `试验` apart.
//! 5. **Rank**: pages whose title contains every piece of the query first, then by how often the
//!    pieces occur (at most 10 per piece), then in the order of the site's pages.
//!
//! # What is indexed
//!
//! Every real page of a language: content pages, the first page of section lists, data lists
//! and data pages. Not the 404 page, further pages of a list, tag pages, firm filters or the
//! search page itself. A page contributes its title (its `<h1>`), the name of its section, its
//! address and the text of its `<main>` without navigation or charts ([`extract`]).
//!
//! # The file
//!
//! `{"version":1,"lang":"zh","docs":[{"u":address,"t":title,"s":section,"x":text},…],
//! "terms":{token:[page,…],…}}`, compact JSON with sorted keys, so the same site gives the
//! same bytes. The script refuses a `version` it does not know.

pub mod extract;
pub mod index;
pub mod tokenize;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::{Output, PageListener, Run};
use crate::base::error::{Error, Result};
use crate::base::lang::Lang;
use crate::model::{Job, JobKind, Site};

pub use index::{Doc, Index, FORMAT_VERSION};

/// The index file of a language, below the language root.
pub const INDEX_FILE: &str = "search/index.json";

/// Whether `job` is a page readers should find by searching.
pub fn searchable(job: &Job) -> bool {
    match &job.kind {
        JobKind::Content { .. } | JobKind::DataList { .. } | JobKind::DataEntity { .. } => true,
        JobKind::SectionList { number, .. } => *number == 1,
        JobKind::FirmFilter { .. }
        | JobKind::ServiceFilter { .. }
        | JobKind::TagIndex
        | JobKind::TagPage { .. }
        | JobKind::NotFound
        | JobKind::OpenData
        | JobKind::Feed { .. }
        | JobKind::Search
        | JobKind::Updates => false,
    }
}

/// Turns rendered pages into search entries. Owns what it needs, so that the search output
/// can keep it between the runs of a `serve` session.
pub struct Indexer {
    /// (language, first path segment) → the section's name.
    sections: BTreeMap<(Lang, String), String>,
    /// The site's title in each language (a page without `<h1>` is called that).
    site_titles: BTreeMap<Lang, String>,
    /// The address of each language's pages.
    roots: BTreeMap<Lang, String>,
}

impl Indexer {
    /// Names each section by the title of its `_index.md`, else the theme's `<section>_title`
    /// string.
    pub fn new(site: &Site) -> Indexer {
        let mut sections = BTreeMap::new();
        for (lang, strings) in &site.theme.strings {
            for (key, text) in strings {
                if let Some(section) = key.strip_suffix("_title") {
                    sections.insert((*lang, section.to_string()), text.clone());
                }
            }
        }
        for p in &site.content.pages {
            if p.is_index && !p.section.is_empty() && p.key == format!("{}/_index", p.section) {
                sections.insert((p.lang, p.section.clone()), p.front.title.clone());
            }
        }
        Indexer {
            sections,
            site_titles: Lang::ALL
                .iter()
                .map(|&l| (l, site.config.languages.get(l).title.clone()))
                .collect(),
            roots: Lang::ALL
                .iter()
                .map(|&l| (l, site.addresses.root(l)))
                .collect(),
        }
    }

    /// The search entry of a rendered page, or `None` when the page is not searched (or has
    /// no `<main>`).
    pub fn document(&self, job: &Job, html: &str) -> Option<Doc> {
        if !searchable(job) {
            return None;
        }
        let extracted = extract::extract(html)?;
        let lang = job.lang;
        let title = if extracted.title.is_empty() {
            self.site_titles.get(&lang).cloned().unwrap_or_default()
        } else {
            extracted.title
        };
        let first = job.path.split('/').next().unwrap_or_default();
        let section = self
            .sections
            .get(&(lang, first.to_string()))
            .filter(|s| !first.is_empty() && **s != title)
            .cloned()
            .unwrap_or_default();
        Some(Doc {
            url: format!(
                "{}{}",
                self.roots.get(&lang).map_or("/", String::as_str),
                job.path
            ),
            title,
            section,
            text: extracted.text,
        })
    }
}

/// A page's search entry, shared so that a snapshot costs one pointer per page.
pub type SharedDoc = Arc<(Lang, Doc)>;

/// The search output: listens to the pages the HTML output renders, keeps each page's entry
/// (by its position in the plan) and writes the index of each language.
///
/// In a whole build [`Output::write`] writes the index files. In a `serve` session the same
/// value lives on between edits: an edit updates the entries of the pages it re-rendered, and
/// the session writes the index later from a [`SearchIndex::snapshot`], after the browser has
/// reloaded, so a large index never delays the preview.
#[derive(Default)]
pub struct SearchIndex {
    indexer: RwLock<Option<Indexer>>,
    docs: Mutex<Vec<Option<SharedDoc>>>,
    /// Keep the entries after writing (a `serve` session); a build hands them to the index
    /// instead, so the text of every page is never held twice.
    keep: bool,
}

impl SearchIndex {
    /// For one build: the entries are given up when the index is written.
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    /// For a `serve` session: the entries stay for the next edit.
    pub fn kept() -> SearchIndex {
        SearchIndex {
            keep: true,
            ..SearchIndex::default()
        }
    }

    /// The entries of every page now, in plan order.
    pub fn snapshot(&self) -> Vec<SharedDoc> {
        let docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        docs.iter().flatten().cloned().collect()
    }
}

impl PageListener for SearchIndex {
    fn begin(&self, run: &Run) {
        *self.indexer.write().unwrap_or_else(PoisonError::into_inner) =
            Some(Indexer::new(run.site));
        let mut docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        if run.only.is_none() || docs.len() != run.plan.len() {
            *docs = vec![None; run.plan.len()];
        }
    }

    fn page(&self, position: usize, job: &Job, html: &str) {
        let indexer = self.indexer.read().unwrap_or_else(PoisonError::into_inner);
        let doc = indexer
            .as_ref()
            .and_then(|ix| ix.document(job, html))
            .map(|d| Arc::new((job.lang, d)));
        let mut docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = docs.get_mut(position) {
            *slot = doc;
        }
    }
}

impl Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let docs = if self.keep {
            self.snapshot()
        } else {
            let mut docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
            std::mem::take(&mut *docs).into_iter().flatten().collect()
        };
        write_indexes(docs, run.dir)
    }
}

/// Writes the index of each language (pages in the order given) into `dir`. Returns the
/// number of files written.
pub fn write_indexes(docs: Vec<SharedDoc>, dir: &Path) -> Result<usize> {
    use rayon::prelude::*;
    let mut by_lang: Vec<(Lang, Vec<Doc>)> = Lang::ALL.iter().map(|&l| (l, Vec::new())).collect();
    for doc in docs {
        // Unshared after a build: moved, not copied.
        let (lang, doc) = Arc::try_unwrap(doc).unwrap_or_else(|shared| (*shared).clone());
        if let Some((_, list)) = by_lang.iter_mut().find(|(l, _)| *l == lang) {
            list.push(doc);
        }
    }
    // The languages are indexed and written side by side: on a large site each takes seconds
    // of tokenising and writing that would otherwise run one after the other on one core.
    let written: Vec<Result<()>> = by_lang
        .into_par_iter()
        .map(|(lang, docs)| {
            let mut index = Index::new(lang.code());
            for doc in docs {
                index.add(doc);
            }
            let path = dir.join(lang.prefix()).join(INDEX_FILE);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io("cannot create folder", parent, e))?;
            }
            std::fs::File::create(&path)
                .and_then(|file| index.write_json(file))
                .map_err(|e| Error::io("cannot write", &path, e))
        })
        .collect();
    let count = written.len();
    for w in written {
        w?;
    }
    Ok(count)
}
