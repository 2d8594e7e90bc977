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

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::render::{Job, JobKind};
use crate::site::Site;

pub use index::{Doc, Index, FORMAT_VERSION};

/// The index file of a language, below the language root.
pub const INDEX_FILE: &str = "search/index.json";

/// Whether `job` is a page readers should find by searching.
pub fn searchable(job: &Job) -> bool {
    match &job.kind {
        JobKind::Content { .. } | JobKind::DataList { .. } | JobKind::DataEntity { .. } => true,
        JobKind::SectionList { number, .. } => *number == 1,
        _ => false,
    }
}

/// Turns rendered pages into search entries. Built once per build, shared by all threads.
pub struct Indexer<'s> {
    site: &'s Site,
    /// (language, first path segment) → the section's name.
    sections: BTreeMap<(Lang, String), String>,
}

impl<'s> Indexer<'s> {
    /// Names each section by the title of its `_index.md`, else the theme's `<section>_title`
    /// string.
    pub fn new(site: &'s Site) -> Indexer<'s> {
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
        Indexer { site, sections }
    }

    /// The search entry of a rendered page, or `None` when the page is not searched (or has
    /// no `<main>`).
    pub fn document(&self, job: &Job, html: &str) -> Option<Doc> {
        if !searchable(job) {
            return None;
        }
        let extracted = extract::extract(html)?;
        let site = self.site;
        let lang = job.lang;
        let title = if extracted.title.is_empty() {
            site.config.languages.get(lang).title.clone()
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
            url: format!("{}{}{}", site.config.base_path(), lang.prefix(), job.path),
            title,
            section,
            text: extracted.text,
        })
    }
}

/// Writes the index of each language (pages in the order given) into `dir`. Returns the
/// number of files written.
pub fn write_indexes(docs: Vec<(Lang, Doc)>, dir: &Path) -> Result<usize> {
    use rayon::prelude::*;
    let mut by_lang: Vec<(Lang, Vec<Doc>)> = Lang::ALL.iter().map(|&l| (l, Vec::new())).collect();
    for (lang, doc) in docs {
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
