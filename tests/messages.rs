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

mod common;

use common::{fixture, planportal_with_locale};

/// The plan fixture with two planted problems: a misspelt field in `data/tasks.yaml`
/// (`titel:` at line 8) and a front-matter field with a text where a number belongs in
/// `content/about.md`.
fn broken_site() -> tempfile::TempDir {
    let site = fixture("plan");
    let path = site.path().join("data/tasks.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "  title:\n    zh: 示例任务一",
        "  titel:\n    zh: 示例任务一",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let path = site.path().join("content/about.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("weight: 90", "weight: ninety", 1)).unwrap();
    site
}

#[test]
fn without_a_choice_messages_are_in_chinese_the_sites_first_language() {
    let site = broken_site();
    for locale in [None, Some("C.UTF-8"), Some("zh_CN.UTF-8")] {
        let run = planportal_with_locale(site.path(), &["check"], locale);
        assert_eq!(run.code, 1, "{locale:?}: {}{}", run.stdout, run.stderr);
        let out = format!("{}{}", run.stdout, run.stderr);
        assert!(out.contains("错误：data/tasks.yaml:"), "{locale:?}: {out}");
        assert!(!out.contains("error: "), "{locale:?}: {out}");
        assert!(
            out.lines().any(|l| l.starts_with("  提示：")),
            "{locale:?}: a hint in Chinese: {out}"
        );
    }
    let build = planportal_with_locale(site.path(), &["build"], None);
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.contains("没有发布任何内容"),
        "the closing line of a failed build in Chinese: {}",
        build.stderr
    );
}

#[test]
fn lang_flag_locale_and_site_setting_choose_english_in_that_order() {
    let site = broken_site();
    let english = |run: &common::Run| {
        let out = format!("{}{}", run.stdout, run.stderr);
        out.contains("error: data/tasks.yaml:") && !out.contains("错误：")
    };
    let chinese = |run: &common::Run| format!("{}{}", run.stdout, run.stderr).contains("错误：");
    let run = planportal_with_locale(site.path(), &["check", "--lang", "en"], Some("zh_CN.UTF-8"));
    assert!(english(&run), "--lang beats the locale: {}", run.stdout);
    let run = planportal_with_locale(site.path(), &["check"], Some("en_GB.UTF-8"));
    assert!(english(&run), "an English locale: {}", run.stdout);

    let config = site.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("messages_language = \"en\"\n{text}")).unwrap();
    let run = planportal_with_locale(site.path(), &["check"], None);
    assert!(english(&run), "the site's setting: {}", run.stdout);
    let run = planportal_with_locale(site.path(), &["check"], Some("zh_CN.UTF-8"));
    assert!(
        chinese(&run),
        "a Chinese locale beats the site's setting: {}",
        run.stdout
    );
    let run = planportal_with_locale(site.path(), &["check", "--lang", "zh"], None);
    assert!(
        chinese(&run),
        "--lang beats the site's setting: {}",
        run.stdout
    );
}

#[test]
fn json_keeps_the_same_code_and_place_in_both_languages() {
    let site = broken_site();
    let report = |lang: &str| -> serde_json::Value {
        let run = planportal_with_locale(
            site.path(),
            &["check", "--format", "json", "--lang", lang],
            None,
        );
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
    };
    let (zh, en) = (report("zh"), report("en"));
    let zh = zh["diagnostics"].as_array().unwrap();
    let en = en["diagnostics"].as_array().unwrap();
    assert!(zh.len() >= 2, "{zh:?}");
    assert_eq!(zh.len(), en.len());
    for (z, e) in zh.iter().zip(en) {
        for key in ["file", "line", "column", "code", "severity"] {
            assert_eq!(z[key], e[key], "{key}: {z} / {e}");
        }
        let code = z["code"].as_str().unwrap();
        assert!(!code.is_empty() && code != "verbatim", "a named kind: {z}");
        let (zm, em) = (
            z["message"].as_str().unwrap(),
            e["message"].as_str().unwrap(),
        );
        assert!(has_han(zm), "Chinese message: {zm}");
        assert_ne!(zm, em);
    }
}
