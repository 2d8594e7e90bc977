//! The index of a language as files, so that a query downloads only what it needs.
//!
//! Below the language's `search/` folder:
//!
//! - `index.json`, the **entry file** (the only name that is not content-hashed; the search
//!   page names it): the format version, the number of pages of each kind, the synonyms, and
//!   the names of the other files — for every chunk its first key and name, for every page
//!   table its name. Small: about 20 bytes per chunk.
//! - `c/<hash>.json`, **chunks** of the keys in sorted order (code point order), each about
//!   [`CHUNK_BYTES`]: `{"key":"postings", "surface":["stem"], "stem":["stem2","postings"]}`.
//!   A query fetches the chunk of each of its words (a prefix: the chunks its keys span; a
//!   word used in another form: the chunk of its stem too).
//! - `p/<hash>.json`, **page tables**: the fragment names of [`TABLE_SIZE`] consecutive pages.
//! - `f/<hash>.json`, one **result fragment** per page: address, title, section, other-
//!   language name and text (for the snippet and the phrase check). Only the shown results'
//!   fragments are fetched.
//!
//! Postings are written compactly: per page, `(gap − 1) × 32 + weight` in base-32 digits,
//! least significant first, a digit from the upper half of [`super::index::ALPHABET`] meaning "more
//! follow". A word on most pages costs one character per page.
//!
//! Every name except the entry file's is the first 10 hex digits of the SHA-256 of the
//! file's bytes, so the files can be cached for good and the same site gives the same files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::index::{Doc, Entry, Index, Postings, Target, FORMAT_VERSION, MIN_PREFIX, PREFIX_KEYS};
use crate::base::error::{Error, Result};

/// The entry file, below the language root.
pub const ENTRY_FILE: &str = "search/index.json";
/// A chunk is closed once it holds this many bytes (one key may make it larger).
pub const CHUNK_BYTES: usize = 8 * 1024;
/// Hex digits of a file name.
pub const HASH_LEN: usize = 10;
/// Pages per page table.
pub const TABLE_SIZE: usize = 32;

/// `search/index.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntryFile {
    pub version: u32,
    pub lang: String,
    /// Pages of each kind (entities, other pages, news), in id order.
    pub tiers: [u32; 3],
    /// The first key of each chunk, in key order (the first chunk's is empty).
    pub firsts: Vec<String>,
    /// The hashes of the chunks, in the same order, run together ([`HASH_LEN`] each).
    pub chunks: String,
    /// The hashes of the page tables, run together ([`HASH_LEN`] each).
    pub tables: String,
    /// Pages per table.
    pub table: usize,
    /// See [`PREFIX_KEYS`] and [`MIN_PREFIX`].
    pub prefix: usize,
    pub min_prefix: usize,
    /// Word → its synonym groups; per group, the alternatives its words also find.
    pub synonyms: BTreeMap<String, Vec<usize>>,
    pub groups: Vec<Vec<Vec<Target>>>,
}

fn split_hashes(joined: &str) -> Vec<String> {
    joined
        .as_bytes()
        .chunks(HASH_LEN)
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect()
}

impl EntryFile {
    /// The hash of each chunk.
    pub fn chunk_names(&self) -> Vec<String> {
        split_hashes(&self.chunks)
    }

    /// The hash of each page table.
    pub fn table_names(&self) -> Vec<String> {
        split_hashes(&self.tables)
    }
}

fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(HASH_LEN / 2)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |e| Error::io(action, path, e)
}

/// Writes `bytes` to `folder/<hash>.json`; returns the hash.
fn write_hashed(folder: &Path, bytes: &[u8]) -> Result<String> {
    let name = hash(bytes);
    let path = folder.join(format!("{name}.json"));
    std::fs::write(&path, bytes).map_err(io("io-write", &path))?;
    Ok(name)
}

/// The value of a key in a chunk, as JSON.
fn entry_json(entry: &Entry) -> String {
    let postings = entry.postings.as_str();
    match (&entry.stem, entry.postings.is_empty()) {
        (None, _) => serde_json::Value::String(postings.to_string()).to_string(),
        (Some(stem), true) => serde_json::json!([stem]).to_string(),
        (Some(stem), false) => serde_json::json!([stem, postings]).to_string(),
    }
}

/// Writes `index` (its pages included) below `lang_dir` as the files described above.
/// Returns the number of files written.
pub fn write(index: &Index, lang_dir: &Path) -> Result<usize> {
    use rayon::prelude::*;
    let fragment_dir = prepare(lang_dir)?;
    let names: Vec<String> = index
        .docs
        .par_iter()
        .map(|doc| write_fragment(&fragment_dir, doc))
        .collect::<Result<_>>()?;
    Ok(names.len() + write_rest(index, &names, lang_dir)?)
}

/// Empties (or makes) the folders of a language's index below `lang_dir`; returns the
/// fragments' folder.
pub fn prepare(lang_dir: &Path) -> Result<PathBuf> {
    let search = lang_dir.join("search");
    for folder in ["c", "p", "f"].iter().map(|f| search.join(f)) {
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(io("io-remove", &folder))?;
        }
        std::fs::create_dir_all(&folder).map_err(io("io-create", &folder))?;
    }
    Ok(fragment_dir(lang_dir))
}

/// The folder of a language's result fragments, below `lang_dir`.
pub fn fragment_dir(lang_dir: &Path) -> PathBuf {
    lang_dir.join("search").join("f")
}

/// Writes the result fragment of `doc` into `fragment_dir`; returns its name (hash).
pub fn write_fragment(fragment_dir: &Path, doc: &Doc) -> Result<String> {
    use std::io::Write as _;
    let bytes = serde_json::to_vec(doc)
        .map_err(|e| Error::io("io-encode", fragment_dir, std::io::Error::other(e)))?;
    let name = hash(&bytes);
    let path = fragment_dir.join(format!("{name}.json"));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut file) => file.write_all(&bytes).map_err(io("io-write", &path))?,
        // Every page's fragment differs (it holds the page's address), so a second file
        // under one 40-bit name is another page that would overwrite the first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if std::fs::read(&path).ok().as_deref() != Some(&bytes[..]) {
                return Err(Error::io(
                    "io-search-fragment-clash",
                    fragment_dir,
                    std::io::Error::other(name),
                ));
            }
        }
        Err(e) => return Err(Error::io("io-write", &path, e)),
    }
    Ok(name)
}

/// Reads back a fragment [`write_fragment`] wrote.
pub fn read_fragment(fragment_dir: &Path, name: &str) -> Result<Doc> {
    let path = fragment_dir.join(format!("{name}.json"));
    read_json(&path).map_err(io("io-read", &path))
}

/// Writes the page tables (of the fragments `names`, in id order), the chunks of the keys
/// and the entry file of `index` below `lang_dir`, whose folders [`prepare`] made. Returns
/// the number of files written.
pub fn write_rest(index: &Index, names: &[String], lang_dir: &Path) -> Result<usize> {
    let search = lang_dir.join("search");
    let (chunk_dir, table_dir) = (&search.join("c"), &search.join("p"));
    let mut written = 0;
    let mut tables = Vec::new();
    for group in names.chunks(TABLE_SIZE) {
        let bytes = serde_json::to_vec(group)
            .map_err(|e| Error::io("io-encode", table_dir, std::io::Error::other(e)))?;
        tables.push(write_hashed(table_dir, &bytes)?);
    }
    written += tables.len();

    let mut chunks = Vec::new();
    let mut buf = String::new();
    let mut first = String::new();
    let close = |buf: &mut String, first: &str, chunks: &mut Vec<(String, String)>| -> Result<()> {
        buf.push('}');
        chunks.push((first.to_string(), write_hashed(chunk_dir, buf.as_bytes())?));
        buf.clear();
        Ok(())
    };
    for (key, entry) in &index.terms {
        if buf.is_empty() {
            buf.push('{');
            first = if chunks.is_empty() {
                String::new()
            } else {
                key.clone()
            };
        } else {
            buf.push(',');
        }
        buf.push_str(&serde_json::Value::String(key.clone()).to_string());
        buf.push(':');
        buf.push_str(&entry_json(entry));
        if buf.len() >= CHUNK_BYTES {
            close(&mut buf, &first, &mut chunks)?;
        }
    }
    if !buf.is_empty() {
        close(&mut buf, &first, &mut chunks)?;
    }
    written += chunks.len();

    let entry = EntryFile {
        version: FORMAT_VERSION,
        lang: index.lang.clone(),
        tiers: index.tiers,
        firsts: chunks.iter().map(|(f, _)| f.clone()).collect(),
        chunks: chunks.iter().map(|(_, h)| h.as_str()).collect(),
        tables: tables.concat(),
        table: TABLE_SIZE,
        prefix: PREFIX_KEYS,
        min_prefix: MIN_PREFIX,
        synonyms: index.synonyms.clone(),
        groups: index.groups.clone(),
    };
    let path = lang_dir.join(ENTRY_FILE);
    let bytes = serde_json::to_vec(&entry)
        .map_err(|e| Error::io("io-encode", &path, std::io::Error::other(e)))?;
    std::fs::write(&path, bytes).map_err(io("io-write", &path))?;
    Ok(written + 1)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> std::io::Result<T> {
    let bytes = std::fs::read(path)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))
}

/// Reads back the whole index written by [`write`] below `lang_dir` (for tests and tools;
/// the browser reads only what a query needs).
pub fn load(lang_dir: &Path) -> std::io::Result<(EntryFile, Index)> {
    let search = lang_dir.join("search");
    let entry: EntryFile = read_json(&lang_dir.join(ENTRY_FILE))?;
    if entry.version != FORMAT_VERSION {
        return Err(std::io::Error::other(format!(
            "search index version {} (expected {FORMAT_VERSION})",
            entry.version
        )));
    }
    let mut index = Index {
        lang: entry.lang.clone(),
        tiers: entry.tiers,
        synonyms: entry.synonyms.clone(),
        groups: entry.groups.clone(),
        ..Index::default()
    };
    for table in entry.table_names() {
        let names: Vec<String> = read_json(&search.join("p").join(format!("{table}.json")))?;
        for name in names {
            let doc: Doc = read_json(&search.join("f").join(format!("{name}.json")))?;
            index.docs.push(doc);
        }
    }
    for id in 0..index.docs.len() {
        let tier = index.tier(id as u32);
        index.docs[id].tier = tier;
    }
    for chunk in entry.chunk_names() {
        let path = search.join("c").join(format!("{chunk}.json"));
        let map: BTreeMap<String, serde_json::Value> = read_json(&path)?;
        for (key, value) in map {
            let bad = || std::io::Error::other(format!("{}: bad entry {key:?}", path.display()));
            let (stem, postings) = match &value {
                serde_json::Value::String(p) => (None, p.as_str()),
                serde_json::Value::Array(a) => (
                    Some(
                        a.first()
                            .and_then(|s| s.as_str())
                            .ok_or_else(bad)?
                            .to_string(),
                    ),
                    a.get(1).and_then(|s| s.as_str()).unwrap_or(""),
                ),
                _ => return Err(bad()),
            };
            let postings = Postings::from_encoded(postings).ok_or_else(bad)?;
            index.terms.insert(key, Entry { stem, postings });
        }
    }
    Ok((entry, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(p: &[(u32, u8)]) -> String {
        let mut postings = Postings::default();
        for &(id, weight) in p {
            postings.push(id, weight);
        }
        postings.as_str().to_string()
    }

    fn decode(text: &str) -> Option<Vec<(u32, u8)>> {
        Postings::from_encoded(text).map(|p| p.iter().collect())
    }

    #[test]
    fn postings_round_trip_and_are_compact() {
        let p = vec![(0, 1), (1, 17), (2, 3), (40, 15), (100_000, 31)];
        let text = encode(&p);
        assert_eq!(decode(&text), Some(p));
        // Consecutive pages cost one character each.
        assert_eq!(encode(&[(0, 1), (1, 2), (2, 3)]), "123");
        assert_eq!(decode("1!"), None);
        // A first page other than 0, and an empty list.
        assert_eq!(decode(&encode(&[(7, 2)])), Some(vec![(7, 2)]));
        assert_eq!(decode(""), Some(vec![]));
    }
}
