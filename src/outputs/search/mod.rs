//! Site search: an index per language, built with the site as static files below
//! `search/` (`en/search/`) and queried in the browser by `themes/default/static/js/search.js`
//! on the page `/search/` (`/en/search/`). The index is sharded ([`shards`]): a query
//! downloads a small entry file, the chunks holding its words and the fragments of the
//! results it shows, never the whole index.
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
//!    are several, the parts joined (`5G-A` → `5g`, `a`, `5ga`). Words are indexed by their
//!    **stem** (Snowball English: `devices` → `devic`), and the index keeps, for every form a
//!    page uses that differs from its stem, the stem it belongs to: the browser looks the
//!    word up as typed and follows that link, so it needs no stemmer of its own and cannot
//!    disagree with the build.
//! 4. **Both names**: an entity page (firm, body, project, service, task, indicator) is
//!    indexed under its name in the other language too, so `Quectel` finds the firm on
//!    `/search/` and `移远` finds it on `/en/search/`, each linking to the visitor's language.
//! 5. **Synonyms**: `data/search-synonyms.yaml` maps everyday words to the plan's terms
//!    (`贷款` → `科技金融`); a query word listed there also finds its terms.
//! 6. **Query** with the same rules: a page matches when it has every pair of each CJK run of
//!    the query (the character itself for a one-character run) and the stem of each word (or
//!    one of the word's synonyms), the last word of three or more letters matching as a
//!    prefix unless the query ends with a space; a CJK run of three or more characters must
//!    also occur as written, so the pairs of `中试验` do not match a page that only has `中试`
//!    and `试验` apart (checked on the fragments of the results shown).
//! 7. **Rank** by the rule in [`index`]: exact name, every word in the title, entity pages
//!    before other pages before news, occurrences, site order.
//!
//! # What is indexed
//!
//! Every real page of a language: content pages, the first page of section lists, data lists
//! and data pages. Not the 404 page, further pages of a list, tag pages, firm filters or the
//! search page itself. A page contributes its title (its `<h1>`), for an entity its name in
//! the other language, the name of its section, its address and the text of its `<main>`
//! without navigation or charts ([`extract`]).

pub mod extract;
pub mod index;
pub mod shards;
pub mod tokenize;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::{Output, PageListener, Run};
use crate::base::error::{Error, Result};
use crate::base::lang::Lang;
use crate::base::timing::{self, Activity};
use crate::model::{Job, JobKind, Site};

pub use index::{Doc, Index, IndexBuilder, SynonymGroup, FORMAT_VERSION};
pub use shards::ENTRY_FILE;

/// The kind of page `job` is, for the ranking: entity pages, other pages, news.
pub fn tier(job: &Job) -> u8 {
    match &job.kind {
        JobKind::DataEntity { .. } => index::TIER_ENTITY,
        JobKind::Content { .. } if job.path.starts_with("news/") => index::TIER_NEWS,
        _ => index::TIER_PAGE,
    }
}

/// The synonym groups of the site's `data/search-synonyms.yaml`.
pub fn synonyms(site: &Site) -> Vec<SynonymGroup> {
    site.data
        .synonyms
        .iter()
        .flatten()
        .map(|g| {
            (
                g.words.iter().map(|w| w.value.trim().to_string()).collect(),
                g.terms.iter().map(|t| t.value.trim().to_string()).collect(),
            )
        })
        .collect()
}

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
            alt: String::new(),
            text: extracted.text,
            tier: tier(job),
            key: job.path.clone(),
        })
    }
}

/// A page's search entry, shared so that a snapshot costs one pointer per page.
pub type SharedDoc = Arc<(Lang, Doc)>;

/// What the search output keeps of a rendered page until the index is written.
enum Kept {
    /// The whole entry: in a `serve` session (the next edit needs it), and for entity pages,
    /// whose name in the other language is added when the index is written.
    Whole(SharedDoc),
    /// A page whose result fragment is written already: its text is read back from there
    /// when the index is built. Holding the text of every page until the end took a
    /// 100,000-page build past 2 GB.
    Written {
        lang: Lang,
        tier: u8,
        fragment: String,
    },
}

/// The search output: listens to the pages the HTML output renders, keeps each page's entry
/// (by its position in the plan) and writes the index of each language.
///
/// In a whole build the result fragment of each page (most of the index's bytes) is written
/// as the page is rendered, and [`Output::write`] builds the index from the fragments, a
/// batch at a time. In a `serve` session the same value lives on between edits and keeps
/// every entry whole: an edit updates the entries of the pages it re-rendered, and the
/// session writes the index later from a [`SearchIndex::snapshot`], after the browser has
/// reloaded, so a large index never delays the preview.
#[derive(Default)]
pub struct SearchIndex {
    indexer: RwLock<Option<Indexer>>,
    synonyms: Mutex<Vec<SynonymGroup>>,
    docs: Mutex<Vec<Option<Kept>>>,
    /// Keep the entries whole after writing (a `serve` session).
    keep: bool,
    /// In a build: each language's folder of fragments, made by `begin`.
    fragments: RwLock<BTreeMap<Lang, PathBuf>>,
    /// The first error met while writing fragments, reported by `write`.
    failed: Mutex<Option<Error>>,
}

impl SearchIndex {
    /// For one build: fragments are written as pages come, entries given up when the index
    /// is written.
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    /// For a `serve` session: the entries stay whole for the next edit.
    pub fn kept() -> SearchIndex {
        SearchIndex {
            keep: true,
            ..SearchIndex::default()
        }
    }

    /// The entries of every page now, in plan order (a `serve` session's: a build's are
    /// written as they come and are not in it).
    pub fn snapshot(&self) -> Vec<SharedDoc> {
        let docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        docs.iter()
            .flatten()
            .filter_map(|k| match k {
                Kept::Whole(doc) => Some(doc.clone()),
                Kept::Written { .. } => None,
            })
            .collect()
    }

    /// The synonym groups of the last run.
    pub fn synonyms(&self) -> Vec<SynonymGroup> {
        self.synonyms
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn fail(&self, error: Error) {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        if failed.is_none() {
            *failed = Some(error);
        }
    }

    /// What to keep of `doc`: in a build, a page other than an entity's is written out now.
    fn keep_doc(&self, lang: Lang, doc: Doc) -> Result<Kept> {
        if self.keep || doc.tier == index::TIER_ENTITY {
            return Ok(Kept::Whole(Arc::new((lang, doc))));
        }
        let folders = self
            .fragments
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let Some(folder) = folders.get(&lang) else {
            return Ok(Kept::Whole(Arc::new((lang, doc))));
        };
        let fragment = shards::write_fragment(folder, &doc)?;
        Ok(Kept::Written {
            lang,
            tier: doc.tier,
            fragment,
        })
    }
}

impl PageListener for SearchIndex {
    fn begin(&self, run: &Run) {
        *self.indexer.write().unwrap_or_else(PoisonError::into_inner) =
            Some(Indexer::new(run.site));
        *self.synonyms.lock().unwrap_or_else(PoisonError::into_inner) = synonyms(run.site);
        if !self.keep {
            let mut folders = self
                .fragments
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            folders.clear();
            for lang in Lang::ALL {
                match shards::prepare(&run.dir.join(lang.prefix())) {
                    Ok(folder) => {
                        folders.insert(lang, folder);
                    }
                    Err(e) => self.fail(e),
                }
            }
        }
        let mut docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        if run.only.is_none() || docs.len() != run.plan.len() {
            docs.clear();
            docs.resize_with(run.plan.len(), || None);
        }
    }

    fn page(&self, position: usize, job: &Job, html: &str) {
        let indexer = self.indexer.read().unwrap_or_else(PoisonError::into_inner);
        let doc = indexer.as_ref().and_then(|ix| ix.document(job, html));
        drop(indexer);
        let kept = match doc.map(|d| self.keep_doc(job.lang, d)).transpose() {
            Ok(kept) => kept,
            Err(e) => {
                self.fail(e);
                None
            }
        };
        let mut docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = docs.get_mut(position) {
            *slot = kept;
        }
    }
}

impl Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        if let Some(e) = self
            .failed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            return Err(e);
        }
        let synonyms = self.synonyms();
        if self.keep {
            let docs = self.snapshot();
            return timing::time(Activity::SearchIndex, || {
                write_indexes(docs, run.dir, &synonyms)
            });
        }
        let kept: Vec<Kept> = {
            let mut docs = self.docs.lock().unwrap_or_else(PoisonError::into_inner);
            std::mem::take(&mut *docs).into_iter().flatten().collect()
        };
        let folders = self
            .fragments
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        timing::time(Activity::SearchIndex, || {
            write_streamed(kept, run.dir, &folders, &synonyms)
        })
    }
}

/// A page of a language's index while it is built: whole, or written already.
enum Item {
    Whole(Doc),
    Written { tier: u8, fragment: String },
}

impl Item {
    fn tier(&self) -> u8 {
        match self {
            Item::Whole(doc) => doc.tier,
            Item::Written { tier, .. } => *tier,
        }
    }
}

/// Gives each entity page its name in the other language (both names: `Quectel` finds the
/// firm on `/search/`).
fn add_other_names(docs: &mut [(Lang, &mut Doc)]) {
    let names: BTreeMap<(Lang, String), String> = docs
        .iter()
        .filter(|(_, d)| d.tier == index::TIER_ENTITY)
        .map(|(lang, d)| ((*lang, d.key.clone()), d.title.clone()))
        .collect();
    for (lang, doc) in docs
        .iter_mut()
        .filter(|(_, d)| d.tier == index::TIER_ENTITY)
    {
        let lang = *lang;
        let other = Lang::ALL
            .iter()
            .filter(|l| **l != lang)
            .find_map(|l| names.get(&(*l, doc.key.clone())).cloned());
        if let Some(other) = other.filter(|o| *o != doc.title) {
            doc.alt = other;
        }
    }
}

/// A build's index: entity pages are held whole, the other pages' fragments were written as
/// they were rendered and are read back a batch at a time to be cut into keys.
fn write_streamed(
    kept: Vec<Kept>,
    dir: &Path,
    folders: &BTreeMap<Lang, PathBuf>,
    synonyms: &[SynonymGroup],
) -> Result<usize> {
    use rayon::prelude::*;
    let mut by_lang: Vec<(Lang, Vec<Item>)> = Lang::ALL.iter().map(|&l| (l, Vec::new())).collect();
    for k in kept {
        let (lang, item) = match k {
            Kept::Whole(doc) => {
                let (lang, doc) = Arc::try_unwrap(doc).unwrap_or_else(|shared| (*shared).clone());
                (lang, Item::Whole(doc))
            }
            Kept::Written {
                lang,
                tier,
                fragment,
            } => (lang, Item::Written { tier, fragment }),
        };
        if let Some((_, list)) = by_lang.iter_mut().find(|(l, _)| *l == lang) {
            list.push(item);
        }
    }
    let mut whole: Vec<(Lang, &mut Doc)> = Vec::new();
    for (lang, items) in &mut by_lang {
        for item in items.iter_mut() {
            if let Item::Whole(doc) = item {
                whole.push((*lang, doc));
            }
        }
    }
    add_other_names(&mut whole);
    // The languages side by side, as in `write_indexes`: each has stretches of work on one
    // thread (adding a batch's keys, writing the chunks) that the other fills.
    let written: Vec<Result<usize>> = by_lang
        .into_par_iter()
        .map(|(lang, mut items)| {
            let folder = folders
                .get(&lang)
                .cloned()
                .unwrap_or_else(|| shards::fragment_dir(&dir.join(lang.prefix())));
            items.sort_by_key(Item::tier);
            let mut names = Vec::with_capacity(items.len());
            let mut builder = IndexBuilder::default();
            for batch in items.chunks(IndexBuilder::BATCH) {
                let docs: Vec<(Doc, Option<String>)> = batch
                    .par_iter()
                    .map(|item| match item {
                        Item::Whole(doc) => Ok((doc.clone(), None)),
                        Item::Written { tier, fragment } => {
                            let mut doc = shards::read_fragment(&folder, fragment)?;
                            doc.tier = *tier;
                            Ok((doc, Some(fragment.clone())))
                        }
                    })
                    .collect::<Result<_>>()?;
                for (doc, name) in &docs {
                    names.push(match name {
                        Some(name) => name.clone(),
                        None => shards::write_fragment(&folder, doc)?,
                    });
                }
                let docs: Vec<Doc> = docs.into_iter().map(|(d, _)| d).collect();
                builder.add(&docs);
            }
            let index = builder.finish(lang.code(), synonyms);
            Ok(names.len() + shards::write_rest(&index, &names, &dir.join(lang.prefix()))?)
        })
        .collect();
    let mut count = 0;
    for w in written {
        count += w?;
    }
    Ok(count)
}

/// Writes the index of each language (pages in the order given) into `dir`. Returns the
/// number of files written.
pub fn write_indexes(docs: Vec<SharedDoc>, dir: &Path, synonyms: &[SynonymGroup]) -> Result<usize> {
    use rayon::prelude::*;
    let mut by_lang: Vec<(Lang, Vec<Doc>)> = Lang::ALL.iter().map(|&l| (l, Vec::new())).collect();
    for doc in docs {
        // Unshared after a build: moved, not copied.
        let (lang, doc) = Arc::try_unwrap(doc).unwrap_or_else(|shared| (*shared).clone());
        if let Some((_, list)) = by_lang.iter_mut().find(|(l, _)| *l == lang) {
            list.push(doc);
        }
    }
    // Both names: an entity page's title in the other language is its other name.
    let mut whole: Vec<(Lang, &mut Doc)> = Vec::new();
    for (lang, docs) in &mut by_lang {
        for doc in docs.iter_mut() {
            whole.push((*lang, doc));
        }
    }
    add_other_names(&mut whole);
    // The languages are indexed and written side by side: on a large site each takes seconds
    // of tokenising and writing that would otherwise run one after the other on one core.
    let written: Vec<Result<usize>> = by_lang
        .into_par_iter()
        .map(|(lang, docs)| {
            let index = Index::build(lang.code(), docs, synonyms);
            shards::write(&index, &dir.join(lang.prefix()))
        })
        .collect();
    let mut count = 0;
    for w in written {
        count += w?;
    }
    Ok(count)
}
