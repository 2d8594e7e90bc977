//! Engine test: every message planportal shows exists in Chinese and in English.
//!
//! The catalogue (`src/base/messages/*.toml`) is the list of every kind of message; this
//! test enumerates it and reads every `msg!` in the sources:
//! - each entry has both languages, the same `{placeholders}` in each, Chinese words in the
//!   Chinese text and none in the English;
//! - each code the sources use is in the catalogue, with exactly the values its words need;
//! - each entry of the catalogue is used somewhere (no dead words to translate).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use planportal::base::messages::{catalogue, placeholders};

fn has_han(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'))
}

fn has_fullwidth_punctuation(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(
            c,
            '，' | '：' | '；' | '（' | '）' | '。' | '、' | '？' | '！'
        )
    })
}

/// Every `.rs` file under `src/`, with its text.
fn sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let entry = entry.unwrap();
        // The catalogue's own module shows the macro in its docs and tests.
        if entry.path().extension().is_some_and(|e| e == "rs")
            && !entry.path().ends_with("base/messages/mod.rs")
        {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            out.push((entry.path().display().to_string(), text));
        }
    }
    out
}

/// The top-level, comma-separated arguments of the macro call starting after `open` (the
/// index just past its `(`), with the index past its `)`.
fn macro_arguments(text: &str, open: usize) -> (Vec<String>, usize) {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut args = Vec::new();
    let mut current = String::new();
    let mut i = open;
    let mut in_string = false;
    while i < bytes.len() {
        let c = text[i..].chars().next().unwrap();
        let len = c.len_utf8();
        if in_string {
            current.push(c);
            if c == '\\' {
                if let Some(next) = text[i + 1..].chars().next() {
                    current.push(next);
                    i += 1 + next.len_utf8();
                    continue;
                }
            } else if c == '"' {
                in_string = false;
            }
            i += len;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                current.push(c);
            }
            '(' | '[' | '{' => {
                depth += 1;
                current.push(c);
            }
            ')' | ']' | '}' if depth == 0 => {
                if !current.trim().is_empty() {
                    args.push(current.trim().to_string());
                }
                return (args, i + 1);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => {
                args.push(current.trim().to_string());
                current.clear();
            }
            _ => current.push(c),
        }
        i += len;
    }
    (args, i)
}

/// Every `msg!("code", name = value, …)` in the sources: (file, code, value names).
fn msg_calls() -> Vec<(String, String, BTreeSet<String>)> {
    let mut calls = Vec::new();
    for (file, text) in sources() {
        let mut from = 0;
        while let Some(found) = text[from..].find("msg!(") {
            let open = from + found + "msg!(".len();
            let (args, end) = macro_arguments(&text, open);
            from = end.max(open);
            let Some(first) = args.first() else { continue };
            if !first.starts_with('"') {
                continue; // the macro's own definition
            }
            let code = first.trim_matches('"').to_string();
            let names = args[1..]
                .iter()
                .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_string()))
                .collect();
            calls.push((file.clone(), code, names));
        }
    }
    calls
}

/// Codes named directly (`Message::new("…")`, `Error::io("…"`, `io("…"`) rather than
/// through `msg!`.
fn direct_codes() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (file, text) in sources() {
        for prefix in ["Message::new(", "Error::io(", " io(", "(io("] {
            let mut from = 0;
            while let Some(found) = text[from..].find(prefix) {
                let start = from + found + prefix.len();
                from = start;
                let rest = text[start..].trim_start();
                if let Some(rest) = rest.strip_prefix('"') {
                    if let Some(end) = rest.find('"') {
                        out.push((file.clone(), rest[..end].to_string()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_catalogue_entry_exists_in_both_languages_with_the_same_placeholders() {
    let cat = catalogue();
    assert!(cat.problems.is_empty(), "{:#?}", cat.problems);
    assert!(cat.entries.len() > 50, "{} entries", cat.entries.len());
    let mut problems = Vec::new();
    for (code, entry) in cat.entries.iter().collect::<BTreeMap<_, _>>() {
        let (zh, en) = (entry.zh.trim(), entry.en.trim());
        if zh.is_empty() || en.is_empty() {
            problems.push(format!("{code}: a language is empty"));
            continue;
        }
        let mut zh_names = placeholders(zh);
        let mut en_names = placeholders(en);
        zh_names.sort();
        en_names.sort();
        if zh_names != en_names {
            problems.push(format!(
                "{code}: placeholders {zh_names:?} (zh) vs {en_names:?} (en)"
            ));
        }
        if !has_han(zh) && !has_fullwidth_punctuation(zh) {
            problems.push(format!("{code}: the Chinese text has no Chinese: {zh:?}"));
        }
        if has_han(en) {
            problems.push(format!("{code}: the English text has Chinese: {en:?}"));
        }
        if !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(format!("{code}: codes are lowercase words joined by -"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_the_sources_use_is_catalogued_with_the_values_it_needs() {
    let cat = catalogue();
    let mut problems = Vec::new();
    for (file, code, names) in msg_calls() {
        let Some(entry) = cat.entries.get(&code) else {
            problems.push(format!("{file}: msg!(\"{code}\") is not in the catalogue"));
            continue;
        };
        let needed: BTreeSet<String> = placeholders(&entry.en).into_iter().collect();
        if needed != names {
            problems.push(format!(
                "{file}: msg!(\"{code}\") gives {names:?}, its words need {needed:?}"
            ));
        }
    }
    for (file, code) in direct_codes() {
        if code != "verbatim" && !cat.entries.contains_key(&code) {
            problems.push(format!("{file}: \"{code}\" is not in the catalogue"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_catalogue_entry_is_used() {
    let used: BTreeSet<String> = msg_calls()
        .into_iter()
        .map(|(_, code, _)| code)
        .chain(direct_codes().into_iter().map(|(_, code)| code))
        .collect();
    // Codes chosen at run time (e.g. from a table) are written as string literals.
    let all_text: String = sources().into_iter().map(|(_, t)| t).collect();
    let unused: Vec<&String> = catalogue()
        .entries
        .keys()
        .filter(|code| !used.contains(*code) && !all_text.contains(&format!("\"{code}\"")))
        .collect();
    assert!(unused.is_empty(), "catalogued but never used: {unused:?}");
}
