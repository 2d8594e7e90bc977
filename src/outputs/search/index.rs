//! The index of one language, and the query algorithm the browser runs on it.
//!
//! [`Index::search`] is the same algorithm as `search()` in
//! `themes/default/static/js/search.js`, which runs it on the files [`super::shards`] writes
//! (fetching only the parts a query needs); the browser test checks that both give the same
//! results, in the same order.
//!
//! # Ranking (stated to readers in the search page's help text)
//!
//! Results are ordered by, in turn:
//! 1. a page whose **name is exactly the query** (in either language: `科技金融` and
//!    `Sci-tech finance` are both names of the service's pages), or, for a one-word query,
//!    exactly one of the plan's terms the word stands for in `data/search-synonyms.yaml`
//!    (`贷款` → the service `科技金融`);
//! 2. pages whose **title or other-language name contains every word** of the query;
//! 3. the **kind of page**: entity pages (firms, bodies, projects, services, tasks,
//!    indicators) first, then the plan's other pages and lists, then news;
//! 4. **how often** the words occur on the page (each word counted up to 15 times);
//! 5. the **site's order**.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::tokenize::{self, Piece};

/// The maps filled per token while pages are indexed. foldhash, seeded per process, instead
/// of the standard SipHash: a page's thousand short keys were hashed several times each, and
/// hashing was about a twentieth of a build's time. Nothing written depends on these maps'
/// order.
type TokenMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

/// The format of the index files; the script refuses any other.
pub const FORMAT_VERSION: u32 = 2;
/// The last word of a query matches at most this many index keys that start with it.
pub const PREFIX_KEYS: usize = 64;
/// A last word shorter than this (in characters) is matched whole, not as a prefix: a
/// one-letter prefix would fetch a large part of the index.
pub const MIN_PREFIX: usize = 3;
/// At most this many pieces of a query are looked up: a pasted paragraph must not fetch the
/// whole index. The script has the same limit.
pub const MAX_PIECES: usize = 12;
/// A word counts at most this often on a page.
pub const COUNT_CAP: u32 = 15;
/// The bit of a posting's weight saying the word is in the page's title or other name.
pub const IN_TITLE: u8 = 16;
/// Kinds of page, in ranking order.
pub const TIER_ENTITY: u8 = 0;
pub const TIER_PAGE: u8 = 1;
pub const TIER_NEWS: u8 = 2;

/// One searchable page, as its result fragment holds it.
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
    /// An entity's name in the other language (empty for other pages).
    #[serde(rename = "a", default, skip_serializing_if = "String::is_empty")]
    pub alt: String,
    /// The text of the page's `<main>`, without its title.
    #[serde(rename = "x")]
    pub text: String,
    /// The kind of page ([`TIER_ENTITY`], [`TIER_PAGE`], [`TIER_NEWS`]).
    #[serde(skip)]
    pub tier: u8,
    /// The page's path below the language root, the same in both languages.
    #[serde(skip)]
    pub key: String,
}

/// What the index holds under a key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// For a word the site uses in another form: its stem, where its pages are listed.
    pub stem: Option<String>,
    /// The pages having the key (ascending ids) and each one's weight: the number of
    /// occurrences (up to [`COUNT_CAP`]), plus [`IN_TITLE`].
    pub postings: Postings,
}

/// The digits of the postings encoding: 0–31 are final digits, 32–63 say "more follow".
pub const ALPHABET: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// The pages of a key, held as the index files write them: per page, `(gap − 1) × 32 +
/// weight` in base-32 digits ([`ALPHABET`]), least significant first, a digit from the upper
/// half meaning "more follow". A word on most pages costs one character per page.
///
/// Held encoded while the index is built, because the plain form (a `u32` and a `u8` per
/// page, 8 bytes with padding) of a 100,000-page site's postings alone was over a gigabyte;
/// encoded they are a sixth of that, and the chunk files need this form anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postings {
    encoded: String,
    /// The last page id added (`-1` before the first).
    last: i64,
}

impl Default for Postings {
    fn default() -> Self {
        Postings {
            encoded: String::new(),
            last: -1,
        }
    }
}

impl Postings {
    /// Adds page `id` (greater than every id added before) with its weight.
    pub fn push(&mut self, id: u32, weight: u8) {
        let gap = (i64::from(id) - self.last - 1).max(0) as u64;
        self.last = i64::from(id);
        let mut v = gap * 32 + u64::from(weight & 31);
        loop {
            let digit = (v & 31) as usize;
            v >>= 5;
            if v > 0 {
                self.encoded.push(ALPHABET[digit + 32] as char);
            } else {
                self.encoded.push(ALPHABET[digit] as char);
                break;
            }
        }
    }

    /// Postings from their encoding; `None` for a character outside the alphabet.
    pub fn from_encoded(text: &str) -> Option<Postings> {
        let mut postings = Postings {
            encoded: text.to_string(),
            last: -1,
        };
        let mut last = -1;
        for item in postings.try_iter() {
            last = i64::from(item?.0);
        }
        postings.last = last;
        Some(postings)
    }

    /// The encoding, as the chunk files carry it.
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }

    /// (page id, weight), in ascending ids.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.try_iter().map_while(|item| item)
    }

    fn try_iter(&self) -> impl Iterator<Item = Option<(u32, u8)>> + '_ {
        let mut bytes = self.encoded.bytes();
        let mut previous: i64 = -1;
        std::iter::from_fn(move || {
            let mut v: u64 = 0;
            let mut shift = 0;
            loop {
                let b = bytes.next()?;
                let Some(digit) = ALPHABET.iter().position(|&a| a == b) else {
                    return Some(None);
                };
                let digit = digit as u64;
                v |= (digit & 31) << shift;
                if digit < 32 {
                    break;
                }
                shift += 5;
                if shift > 60 {
                    return Some(None);
                }
            }
            let id = previous + 1 + (v / 32) as i64;
            previous = id;
            Some(u32::try_from(id).ok().map(|id| (id, (v % 32) as u8)))
        })
    }
}

/// A word or phrase to find, tokenised as the index is (word tokens stemmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The folded text, for the phrase check and the snippet marks.
    #[serde(rename = "n")]
    pub needle: String,
    /// Keys a page must all have.
    #[serde(rename = "t")]
    pub tokens: Vec<String>,
    #[serde(rename = "c")]
    pub cjk: bool,
}

/// The index of one language.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub lang: String,
    /// The pages, entity pages first, then other pages, then news (each in the site's order).
    pub docs: Vec<Doc>,
    /// How many pages of each kind.
    pub tiers: [u32; 3],
    pub terms: BTreeMap<String, Entry>,
    /// Everyday word (folded, and its stem) → the synonym groups it belongs to.
    pub synonyms: BTreeMap<String, Vec<usize>>,
    /// Per synonym group, the plan's terms its words also find, each a list of targets that
    /// must all match.
    pub groups: Vec<Vec<Vec<Target>>>,
}

/// One group of `data/search-synonyms.yaml`: (words, terms).
pub type SynonymGroup = (Vec<String>, Vec<String>);

/// What a query became after looking its words up: per piece, the alternatives (the words
/// as typed, then their synonyms), each a list of targets; per target, groups of keys (a page
/// must have one key of every group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub pieces: Vec<Vec<Vec<ResolvedTarget>>>,
    /// The keys of the whole query as a name and, for a one-word query, of its synonyms'
    /// terms: a page with one of these names is an exact match.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedTarget {
    pub needle: String,
    pub groups: Vec<Vec<String>>,
    /// A CJK run of three or more characters: its pairs may occur apart, so a page must also
    /// contain it as written.
    pub phrase: bool,
}

/// A word token as the index keys it, recording surface → stem.
fn stemmed(token: &str, cache: &mut HashMap<String, String>) -> String {
    if let Some(s) = cache.get(token) {
        return s.clone();
    }
    let s = tokenize::stem(token).into_owned();
    cache.insert(token.to_string(), s.clone());
    s
}

/// The keys of one page with their weights, and the (surface, stem) pairs of its words.
type DocKeys = (Vec<(String, u8)>, Vec<(String, String)>);

/// Could [`tokenize::stem`] change `token`? (CJK tokens and numbers are their own stems.)
fn stemmable(token: &str) -> bool {
    token.len() >= 3 && token.bytes().all(|b| b.is_ascii_lowercase())
}

thread_local! {
    /// Stems already computed on this thread: a site repeats its words.
    static STEMS: std::cell::RefCell<TokenMap<String>> =
        std::cell::RefCell::new(TokenMap::default());
}

/// The keys of a page: its tokens counted (title and other name flagged), words by stem,
/// and for an entity page its name keys.
fn doc_keys(doc: &Doc) -> DocKeys {
    let mut counts: TokenMap<(u32, bool)> = TokenMap::default();
    count_tokens(&doc.title, true, &mut counts);
    count_tokens(&doc.alt, true, &mut counts);
    count_tokens(&doc.text, false, &mut counts);
    let mut by_key: TokenMap<(u32, bool)> =
        TokenMap::with_capacity_and_hasher(counts.len(), Default::default());
    let mut found = Vec::new();
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        for (token, (count, title)) in counts {
            let key = if stemmable(&token) {
                let stem = match stems.get(&token) {
                    Some(s) => s.clone(),
                    None => {
                        let s = tokenize::stem(&token).into_owned();
                        stems.insert(token.clone(), s.clone());
                        s
                    }
                };
                if stem != token {
                    found.push((token, stem.clone()));
                }
                stem
            } else {
                token
            };
            // Same-stem forms of one page add up under their stem.
            let e = by_key.entry(key).or_insert((0, false));
            e.0 += count;
            e.1 |= title;
        }
    });
    if doc.tier == TIER_ENTITY {
        for name in [&doc.title, &doc.alt] {
            if let Some(key) = tokenize::name_key(name) {
                by_key.insert(key, (1, true));
            }
        }
    }
    let keys = by_key
        .into_iter()
        .map(|(k, (count, title))| {
            (
                k,
                count.min(COUNT_CAP) as u8 | if title { IN_TITLE } else { 0 },
            )
        })
        .collect();
    (keys, found)
}

/// The tokens of a text with their counts.
fn count_tokens(text: &str, title: bool, out: &mut TokenMap<(u32, bool)>) {
    tokenize::each_index_token(text, |token| {
        let e = match out.get_mut(token) {
            Some(e) => e,
            None => out.entry(token.to_string()).or_insert((0, false)),
        };
        e.0 += 1;
        e.1 |= title;
    });
}

/// The target of a term of the synonyms file or of a query piece, tokenised as the index is.
fn target_of(piece: &Piece, cache: &mut HashMap<String, String>) -> Target {
    Target {
        needle: piece.needle.clone(),
        tokens: if piece.cjk {
            piece.tokens.clone()
        } else {
            piece.tokens.iter().map(|t| stemmed(t, cache)).collect()
        },
        cjk: piece.cjk,
    }
}

/// An index being built from pages given in id order (entity pages, then other pages, then
/// news), a batch at a time, so that a large site's pages need never all be held at once:
/// only their keys' postings, encoded.
#[derive(Default)]
pub struct IndexBuilder {
    postings: TokenMap<Postings>,
    aliases: TokenMap<String>,
    tiers: [u32; 3],
    next_id: u32,
}

impl IndexBuilder {
    /// Pages cut into tokens at once, in parallel.
    pub const BATCH: usize = 512;

    /// Adds the next pages (their ids follow the pages added before).
    pub fn add(&mut self, batch: &[Doc]) {
        use rayon::prelude::*;
        let keyed: Vec<DocKeys> = batch.par_iter().map(doc_keys).collect();
        for (doc, (keys, found)) in batch.iter().zip(keyed) {
            let id = self.next_id;
            self.next_id += 1;
            self.tiers[usize::from(doc.tier.min(2))] += 1;
            for (key, weight) in keys {
                self.postings.entry(key).or_default().push(id, weight);
            }
            for (surface, stem) in found {
                self.aliases.entry(surface).or_insert(stem);
            }
        }
    }

    /// The index of the pages added, with the synonym groups of the site (its `docs` empty:
    /// the caller has them, or has written them already).
    pub fn finish(self, lang: &str, synonyms: &[SynonymGroup]) -> Index {
        let mut cache: HashMap<String, String> = HashMap::new();
        let mut aliases = self.aliases;
        let mut terms: BTreeMap<String, Entry> = self
            .postings
            .into_iter()
            .map(|(k, p)| {
                (
                    k,
                    Entry {
                        stem: None,
                        postings: p,
                    },
                )
            })
            .collect();
        let mut index_synonyms: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut groups = Vec::new();
        for (words, terms_of) in synonyms {
            let alternatives: Vec<Vec<Target>> = terms_of
                .iter()
                .map(|term| {
                    tokenize::query(&format!("{term} "))
                        .iter()
                        .map(|p| target_of(p, &mut cache))
                        .collect::<Vec<_>>()
                })
                .filter(|a| !a.is_empty())
                .collect();
            for word in words {
                let folded = tokenize::normalize(word);
                let stem = stemmed(&folded, &mut cache);
                if stem != folded {
                    aliases.entry(folded.clone()).or_insert(stem.clone());
                }
                for key in [folded, stem] {
                    let list = index_synonyms.entry(key).or_default();
                    if !list.contains(&groups.len()) {
                        list.push(groups.len());
                    }
                }
            }
            groups.push(alternatives);
        }
        let mut aliases: Vec<(String, String)> = aliases.into_iter().collect();
        aliases.sort();
        for (surface, stem) in aliases {
            terms.entry(surface).or_default().stem = Some(stem);
        }
        Index {
            lang: lang.to_string(),
            docs: Vec::new(),
            tiers: self.tiers,
            terms,
            synonyms: index_synonyms,
            groups,
        }
    }
}

impl Index {
    /// Builds the index of `docs` (in the site's order; reordered by kind, stable).
    pub fn build(lang: &str, mut docs: Vec<Doc>, synonyms: &[SynonymGroup]) -> Index {
        docs.sort_by_key(|d| d.tier);
        let mut builder = IndexBuilder::default();
        for batch in docs.chunks(IndexBuilder::BATCH) {
            builder.add(batch);
        }
        let mut index = builder.finish(lang, synonyms);
        index.docs = docs;
        index
    }

    /// The kind of the page `id`.
    pub fn tier(&self, id: u32) -> u8 {
        let [a, b, _] = self.tiers;
        if id < a {
            TIER_ENTITY
        } else if id < a + b {
            TIER_PAGE
        } else {
            TIER_NEWS
        }
    }

    /// The key a token is listed under: its stem when the index knows one.
    fn resolve<'a>(&'a self, token: &'a str) -> &'a str {
        self.terms
            .get(token)
            .and_then(|e| e.stem.as_deref())
            .unwrap_or(token)
    }

    /// Looks the pieces of `query` up: word stems, prefixes, synonyms, the name key.
    pub fn resolve_query(&self, query: &str) -> Resolved {
        let mut pieces = tokenize::query(query);
        pieces.truncate(MAX_PIECES);
        let mut names: Vec<String> = if pieces.is_empty() {
            Vec::new()
        } else {
            tokenize::name_key(query).into_iter().collect()
        };
        let single = pieces.len() == 1;
        let mut out = Vec::new();
        for piece in &pieces {
            let mut alternatives = Vec::new();
            let own = if piece.cjk {
                ResolvedTarget {
                    needle: piece.needle.clone(),
                    groups: piece.tokens.iter().map(|t| vec![t.clone()]).collect(),
                    phrase: piece.needle.chars().count() >= 3,
                }
            } else {
                let token = &piece.tokens[0];
                let keys = if piece.prefix && token.chars().count() >= MIN_PREFIX {
                    let mut keys: Vec<String> = Vec::new();
                    for (k, _) in self
                        .terms
                        .range(token.clone()..)
                        .take_while(|(k, _)| k.starts_with(token.as_str()))
                        .take(PREFIX_KEYS)
                    {
                        let r = self.resolve(k).to_string();
                        if !keys.contains(&r) {
                            keys.push(r);
                        }
                    }
                    keys
                } else {
                    vec![self.resolve(token).to_string()]
                };
                ResolvedTarget {
                    needle: piece.needle.clone(),
                    groups: vec![keys],
                    phrase: false,
                }
            };
            alternatives.push(vec![own]);
            let mut keys = vec![if piece.cjk {
                piece.needle.clone()
            } else {
                piece.tokens[0].clone()
            }];
            if !piece.cjk {
                keys.push(self.resolve(&piece.tokens[0]).to_string());
            }
            for key in keys {
                let groups = self.synonyms.get(&key).into_iter().flatten();
                for alt in groups.flat_map(|&g| self.groups.get(g).into_iter().flatten()) {
                    let alt: Vec<ResolvedTarget> = alt
                        .iter()
                        .map(|t| ResolvedTarget {
                            needle: t.needle.clone(),
                            groups: t.tokens.iter().map(|k| vec![k.clone()]).collect(),
                            phrase: t.cjk && t.needle.chars().count() >= 3,
                        })
                        .collect();
                    if single {
                        let needles: Vec<&str> = alt.iter().map(|t| t.needle.as_str()).collect();
                        let name = format!("={}", needles.join(" "));
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                    if !alternatives.contains(&alt) {
                        alternatives.push(alt);
                    }
                }
            }
            out.push(alternatives);
        }
        Resolved { pieces: out, names }
    }

    /// The weight of `key` on page `id`.
    fn weight(&self, key: &str, id: u32) -> Option<u8> {
        self.terms
            .get(key)?
            .postings
            .iter()
            .take_while(|(i, _)| *i <= id)
            .find(|(i, _)| *i == id)
            .map(|(_, w)| w)
    }

    /// The pages matching `query`, best first (positions in `docs`), by the ranking rule of
    /// the module documentation.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let resolved = self.resolve_query(query);
        let ranked = self.rank(&resolved);
        ranked
            .into_iter()
            .filter(|(id, phrases)| {
                let doc = &self.docs[*id as usize];
                let hay = tokenize::normalize(&format!("{} {} {}", doc.title, doc.alt, doc.text));
                phrases.is_empty()
                    || phrases
                        .iter()
                        .any(|set| set.iter().all(|n| hay.contains(n.as_str())))
            })
            .map(|(id, _)| id as usize)
            .collect()
    }

    /// The candidates of a resolved query, best first, each with the phrase checks that would
    /// confirm it: a page is a result when one of the lists is empty or all its phrases occur
    /// on the page (no list at all: nothing to check).
    pub fn rank(&self, resolved: &Resolved) -> Vec<(u32, Vec<Vec<String>>)> {
        if resolved.pieces.is_empty() {
            return Vec::new();
        }
        // Candidates: pages with one key of every group of every target of one alternative
        // of every piece.
        let mut candidates: Option<BTreeSet<u32>> = None;
        for alternatives in &resolved.pieces {
            let mut piece_set = BTreeSet::new();
            for alt in alternatives {
                let mut alt_set: Option<BTreeSet<u32>> = None;
                for target in alt {
                    for group in &target.groups {
                        let set: BTreeSet<u32> = group
                            .iter()
                            .filter_map(|k| self.terms.get(k))
                            .flat_map(|e| e.postings.iter().map(|(i, _)| i))
                            .collect();
                        alt_set = Some(match alt_set {
                            None => set,
                            Some(s) => s.intersection(&set).copied().collect(),
                        });
                    }
                }
                piece_set.extend(alt_set.unwrap_or_default());
            }
            candidates = Some(match candidates {
                None => piece_set,
                Some(c) => c.intersection(&piece_set).copied().collect(),
            });
        }
        let exact: BTreeSet<u32> = resolved
            .names
            .iter()
            .filter_map(|n| self.terms.get(n))
            .flat_map(|e| e.postings.iter().map(|(i, _)| i))
            .collect();
        // (exact name, every word in the title, kind, hits, id, phrase checks)
        type Ranked = (bool, bool, u8, u32, u32, Vec<Vec<String>>);
        let mut ranked: Vec<Ranked> = Vec::new();
        for id in candidates.unwrap_or_default() {
            let mut in_title = true;
            let mut hits = 0u32;
            let mut checks: Vec<Vec<Vec<String>>> = Vec::new();
            for alternatives in &resolved.pieces {
                let mut piece_count = 0u32;
                let mut piece_title = false;
                let mut piece_checks: Vec<Vec<String>> = Vec::new();
                let mut unchecked = false;
                for alt in alternatives {
                    let mut alt_count = u32::MAX;
                    let mut alt_title = true;
                    let mut matched = true;
                    for target in alt {
                        for group in &target.groups {
                            let weights: Vec<u8> =
                                group.iter().filter_map(|k| self.weight(k, id)).collect();
                            if weights.is_empty() {
                                matched = false;
                                break;
                            }
                            let count =
                                weights.iter().map(|w| u32::from(w & 15)).max().unwrap_or(0);
                            alt_count = alt_count.min(count);
                            alt_title &= weights.iter().any(|w| w & IN_TITLE != 0);
                        }
                        if !matched {
                            break;
                        }
                    }
                    if !matched {
                        continue;
                    }
                    piece_count = piece_count.max(alt_count);
                    piece_title |= alt_title;
                    let phrases: Vec<String> = alt
                        .iter()
                        .filter(|t| t.phrase)
                        .map(|t| t.needle.clone())
                        .collect();
                    if phrases.is_empty() {
                        unchecked = true;
                    } else {
                        piece_checks.push(phrases);
                    }
                }
                hits += piece_count;
                in_title &= piece_title;
                if !unchecked {
                    checks.push(piece_checks);
                }
            }
            // One piece needing a check is enough to make the page need one; with several,
            // the page must pass each (flattened as: every piece's lists must have one hit,
            // which with at most one checked piece in practice is the lists of that piece).
            let confirm: Vec<Vec<String>> = match checks.len() {
                0 => Vec::new(),
                1 => checks.remove(0),
                _ => combine(&checks),
            };
            ranked.push((
                exact.contains(&id),
                in_title,
                self.tier(id),
                hits,
                id,
                confirm,
            ));
        }
        ranked.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(b.3.cmp(&a.3))
                .then(a.4.cmp(&b.4))
        });
        ranked.into_iter().map(|r| (r.4, r.5)).collect()
    }
}

/// Several pieces needing a phrase check: the page must pass one list of each, i.e. one of
/// the lists formed by joining one list of every piece.
fn combine(checks: &[Vec<Vec<String>>]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for piece in checks {
        let mut next = Vec::new();
        for partial in &out {
            for list in piece {
                let mut joined = partial.clone();
                joined.extend(list.iter().cloned());
                next.push(joined);
            }
        }
        out = next;
        if out.len() > 64 {
            out.truncate(64);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, text: &str, tier: u8) -> Doc {
        Doc {
            url: url.into(),
            title: title.into(),
            section: String::new(),
            alt: String::new(),
            text: text.into(),
            tier,
            key: url.into(),
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
        let mut quectel = doc(
            "/q/",
            "上海移远通信技术股份有限公司",
            "移远通信做模组。",
            TIER_ENTITY,
        );
        quectel.alt = "Quectel Wireless Solutions".into();
        Index::build(
            "zh",
            vec![
                doc(
                    "/n/",
                    "新闻：中试验证开放",
                    "中试验证 medical devices 科技金融",
                    TIER_NEWS,
                ),
                doc(
                    "/a/",
                    "检验检测",
                    "提供中试放大和工程化验证。试验田。",
                    TIER_PAGE,
                ),
                doc("/b/", "中试验证", "中试验证服务。", TIER_ENTITY),
                doc(
                    "/c/",
                    "Intellectual property",
                    "IP services for 5G-A firms.",
                    TIER_ENTITY,
                ),
                quectel,
                doc("/f/", "科技金融", "投融资。", TIER_ENTITY),
                doc(
                    "/d/",
                    "Medical device industry",
                    "A medical device maker applies.",
                    TIER_ENTITY,
                ),
            ],
            &[(
                vec!["贷款".into(), "loan".into()],
                vec!["科技金融".into(), "technology finance".into()],
            )],
        )
    }

    #[test]
    fn bigrams_then_phrase_check() {
        let index = sample();
        // /a/ has 中试 and 试验, but not the phrase 中试验.
        assert_eq!(urls(&index, "中试验"), ["/b/", "/n/"]);
        // A title match ranks first; an entity page above news.
        assert_eq!(urls(&index, "中试"), ["/b/", "/n/", "/a/"]);
        assert_eq!(urls(&index, "田"), ["/a/"]);
        assert!(urls(&index, "孵化器").is_empty());
    }

    #[test]
    fn words_prefixes_stems_and_joined_forms() {
        let index = sample();
        assert_eq!(urls(&index, "intell"), ["/c/"]);
        assert!(urls(&index, "intell ").is_empty());
        assert_eq!(urls(&index, "５Ｇ－Ａ"), ["/c/"]);
        assert_eq!(urls(&index, "5g a"), ["/c/"]);
        assert!(urls(&index, "。").is_empty());
        // "devices" is listed under its stem, which "device" shares.
        assert_eq!(urls(&index, "medical devices"), ["/d/", "/n/"]);
        assert_eq!(urls(&index, "medical device "), ["/d/", "/n/"]);
        assert_eq!(urls(&index, "applies "), ["/d/"]);
    }

    #[test]
    fn both_names_exact_names_and_synonyms() {
        let index = sample();
        assert_eq!(urls(&index, "Quectel"), ["/q/"]);
        assert_eq!(urls(&index, "上海移远通信技术股份有限公司"), ["/q/"]);
        // The exact name first, though the news page mentions 科技金融 as well.
        assert_eq!(urls(&index, "科技金融"), ["/f/", "/n/"]);
        // 贷款 is in no page: its synonym finds the finance service.
        assert_eq!(urls(&index, "贷款"), ["/f/", "/n/"]);
        assert_eq!(urls(&index, "loan"), ["/f/", "/n/"]);
    }
}
