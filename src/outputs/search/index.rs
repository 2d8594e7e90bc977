//! The index file of one language, and the query algorithm the browser runs on it.
//!
//! [`Index::search`] is the same algorithm as `search()` in
//! `themes/default/static/js/search.js`; the browser test checks that both give the same
//! results, in the same order, on the default site.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::tokenize::{self, Piece};

/// The format of `search/index.json`; the script refuses any other.
pub const FORMAT_VERSION: u32 = 1;

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    /// The page's address, with the base path: `/services/pilot-verification/`.
    #[serde(rename = "u")]
    pub url: String,
    #[serde(rename = "t")]
    pub title: String,
    /// The name of the section the page belongs to (empty for the home page).
    #[serde(rename = "s")]
    pub section: String,
    /// The text of the page's `<main>`, without its title.
    #[serde(rename = "x")]
    pub text: String,
}

/// `search/index.json`: the pages of one language and, for every token, the pages that have
/// it (ascending positions in `docs`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Index {
    pub version: u32,
    pub lang: String,
    pub docs: Vec<Doc>,
    pub terms: BTreeMap<String, Vec<u32>>,
}

impl Index {
    pub fn new(lang: &str) -> Index {
        Index {
            version: FORMAT_VERSION,
            lang: lang.to_string(),
            ..Index::default()
        }
    }

    /// Adds a page; its title and text are indexed separately (no pair spans the two).
    pub fn add(&mut self, doc: Doc) {
        let id = self.docs.len() as u32;
        let tokens: BTreeSet<String> = tokenize::index_tokens(&doc.title)
            .into_iter()
            .chain(tokenize::index_tokens(&doc.text))
            .collect();
        for token in tokens {
            self.terms.entry(token).or_default().push(id);
        }
        self.docs.push(doc);
    }

    /// Writes the compact JSON file (keys sorted, so the same pages give the same bytes),
    /// streaming, so a large index is never held twice in memory.
    pub fn write_json(&self, out: impl std::io::Write) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(out);
        serde_json::to_writer(&mut out, self)?;
        out.flush()
    }

    /// The pages matching `query`, best first (positions in `docs`).
    ///
    /// A page matches when it has every token of every piece (for the last word of the query,
    /// any token starting with it) and, for a CJK piece, contains the piece as written — the
    /// pairs alone would let `中试验` match `中试` … `试验`. Pages whose title has every piece
    /// come first, then pages with more occurrences (each piece counted up to 10 times), then
    /// the order of the index.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let pieces = tokenize::query(query);
        if pieces.is_empty() {
            return Vec::new();
        }
        let mut candidates: Option<BTreeSet<u32>> = None;
        for piece in &pieces {
            for set in self.postings(piece) {
                candidates = Some(match candidates {
                    None => set,
                    Some(c) => c.intersection(&set).copied().collect(),
                });
            }
        }
        let mut ranked: Vec<(bool, usize, usize)> = candidates
            .unwrap_or_default()
            .into_iter()
            .map(|id| id as usize)
            .filter_map(|id| {
                let doc = self.docs.get(id)?;
                let title = tokenize::normalize(&doc.title);
                let text = tokenize::normalize(&doc.text);
                let confirmed = pieces
                    .iter()
                    .filter(|p| p.cjk)
                    .all(|p| title.contains(&p.needle) || text.contains(&p.needle));
                if !confirmed {
                    return None;
                }
                let in_title = pieces
                    .iter()
                    .all(|p| tokenize::occurrences(&title, &p.needle, !p.cjk) > 0);
                let hits = pieces
                    .iter()
                    .map(|p| tokenize::occurrences(&text, &p.needle, !p.cjk).min(10))
                    .sum();
                Some((in_title, hits, id))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        ranked.into_iter().map(|(_, _, id)| id).collect()
    }

    /// The set of pages having each token of `piece`.
    fn postings(&self, piece: &Piece) -> Vec<BTreeSet<u32>> {
        if piece.prefix {
            let token = &piece.tokens[0];
            let set = self
                .terms
                .range(token.clone()..)
                .take_while(|(t, _)| t.starts_with(token.as_str()))
                .flat_map(|(_, ids)| ids.iter().copied())
                .collect();
            return vec![set];
        }
        piece
            .tokens
            .iter()
            .map(|t| {
                self.terms
                    .get(t)
                    .map(|ids| ids.iter().copied().collect())
                    .unwrap_or_default()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, text: &str) -> Doc {
        Doc {
            url: url.into(),
            title: title.into(),
            section: String::new(),
            text: text.into(),
        }
    }

    fn urls(index: &Index, q: &str) -> Vec<String> {
        index
            .search(q)
            .into_iter()
            .map(|i| index.docs[i].url.clone())
            .collect()
    }

    fn sample() -> Index {
        let mut index = Index::new("zh");
        index.add(doc("/a/", "检验检测", "提供中试放大和工程化验证。试验田。"));
        index.add(doc("/b/", "中试验证", "中试验证服务。"));
        index.add(doc(
            "/c/",
            "Intellectual property",
            "IP services for 5G-A firms.",
        ));
        index
    }

    #[test]
    fn bigrams_then_phrase_check() {
        let index = sample();
        // Both pages have 中试 and 试验, but only /b/ has the phrase 中试验.
        assert_eq!(urls(&index, "中试验"), ["/b/"]);
        // A title match ranks first.
        assert_eq!(urls(&index, "中试"), ["/b/", "/a/"]);
        assert_eq!(urls(&index, "田"), ["/a/"]);
        assert!(urls(&index, "孵化器").is_empty());
    }

    #[test]
    fn words_prefixes_and_joined_forms() {
        let index = sample();
        assert_eq!(urls(&index, "intell"), ["/c/"]);
        assert!(urls(&index, "intell ").is_empty());
        assert_eq!(urls(&index, "５Ｇ－Ａ"), ["/c/"]);
        assert_eq!(urls(&index, "5g a"), ["/c/"]);
        assert!(urls(&index, "。").is_empty());
    }

    #[test]
    fn json_is_compact_and_round_trips() {
        let index = sample();
        let mut json = Vec::new();
        index.write_json(&mut json).unwrap();
        let text = String::from_utf8(json.clone()).unwrap();
        assert!(
            text.starts_with(r#"{"version":1,"lang":"zh","docs":[{"u":"/a/""#),
            "{text}"
        );
        assert!(text.contains(r#""中试":[0,1]"#), "{text}");
        let back: Index = serde_json::from_slice(&json).unwrap();
        assert_eq!(back.docs, index.docs);
        assert_eq!(back.terms, index.terms);
    }
}
