//! The house rules of `src/`, checked on every test run (engine test, no site needed).
//!
//! `src/` is built in layers, and imports may only point down or sideways as listed in
//! `docs/architecture.md`:
//!
//! | layer | may import |
//! |---|---|
//! | `base` | nothing else of the crate |
//! | `input` | `base` |
//! | `markdown` | `base` |
//! | `model` | `base`, `input` |
//! | `publish` | `base` |
//! | `outputs` | `base`, `input`, `model`, `markdown`, `publish`, the trait in `outputs/mod.rs`, `outputs::common` |
//! | `commands` | everything; nothing imports `commands` but `lib.rs` and `main.rs` |
//!
//! Two more rules: **no output imports another output** (each module or folder of
//! `src/outputs/` other than `mod.rs` and `common` is an output), and **no import loop**
//! between files (a `mod.rs` declaring or re-exporting its own children does not count).
//!
//! The checker reads every `crate::…`, `super::…` and `planportal::…` path in the source
//! text (grouped `use crate::{a::b, c}` included). It is tested against small made-up trees
//! below, so a broken rule is shown to fail, not just assumed to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, and what each may import.
fn allowed(from: &str) -> &'static [&'static str] {
    match from {
        "base" => &["base"],
        "input" => &["base", "input"],
        "markdown" => &["base", "markdown"],
        "model" => &["base", "input", "model"],
        "publish" => &["base", "publish"],
        "outputs" => &["base", "input", "model", "markdown", "publish", "outputs"],
        "commands" => &[
            "base", "input", "model", "markdown", "publish", "outputs", "commands",
        ],
        // lib.rs declares the layers; main.rs parses the command line and calls commands.
        "lib" | "main" => &[
            "base", "input", "model", "markdown", "publish", "outputs", "commands",
        ],
        _ => &[],
    }
}

const LAYERS: [&str; 7] = [
    "base", "input", "markdown", "model", "publish", "outputs", "commands",
];

/// A source file as a module path: `src/outputs/html/context.rs` → `["outputs", "html", "context"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs").to_string();
    match stem.as_str() {
        "mod" => {}
        "lib" if parts.is_empty() => parts.push("lib".into()),
        "main" if parts.is_empty() => parts.push("main".into()),
        _ => parts.push(stem),
    }
    parts
}

/// Strips comments and string literals, so that a path in a doc comment or a message does
/// not count as an import.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'r'
            && matches!(b.get(i + 1), Some(b'"') | Some(b'#'))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            // Raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(b[i] as char);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == b'"' && (0..hashes).all(|h| b.get(j + 1 + h) == Some(&b'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // A char literal such as '"' or '{'.
            out.push_str("' '");
            i += 3;
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            let mut j = i + 2;
            while j < b.len() && b[j] != b'\'' {
                j += 1;
            }
            out.push_str("' '");
            i = j + 1;
        } else {
            // Copy one whole UTF-8 character.
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Reads the path segments following position `at` (just after a `::`); expands a group
/// `{a::b, c}` into several paths. Each path is returned without the leading root.
fn paths_after(code: &str, at: usize) -> Vec<Vec<String>> {
    let b = code.as_bytes();
    let mut i = at;
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    if b.get(i) == Some(&b'{') {
        // A group: split at top-level commas.
        let mut depth = 0;
        let mut start = i + 1;
        let mut out = Vec::new();
        let mut j = i;
        while j < b.len() {
            match b[j] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        out.extend(paths_in_item(&code[start..j]));
                        break;
                    }
                }
                b',' if depth == 1 => {
                    out.extend(paths_in_item(&code[start..j]));
                    start = j + 1;
                }
                _ => {}
            }
            j += 1;
        }
        return out;
    }
    let mut segs = Vec::new();
    loop {
        let start = i;
        while i < b.len() && is_ident(b[i]) {
            i += 1;
        }
        if i == start {
            break;
        }
        segs.push(code[start..i].to_string());
        let mut k = i;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if code[k..].starts_with("::") {
            i = k + 2;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if b.get(i) == Some(&b'{') {
                let prefix = segs.clone();
                return paths_after(code, i)
                    .into_iter()
                    .map(|rest| prefix.iter().cloned().chain(rest).collect())
                    .collect();
            }
        } else {
            break;
        }
    }
    vec![segs]
}

fn paths_in_item(item: &str) -> Vec<Vec<String>> {
    let item = item.trim();
    if item.is_empty() {
        return Vec::new();
    }
    paths_after(item, 0)
}

/// Every path a file refers to, resolved to an absolute module path of the crate.
fn references(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    for root in ["crate::", "super::", "planportal::"] {
        let mut from = 0;
        while let Some(pos) = code[from..].find(root) {
            let at = from + pos;
            from = at + root.len();
            if at > 0 && (is_ident(b[at - 1]) || b[at - 1] == b':') {
                continue;
            }
            for rest in paths_after(code, at + root.len()) {
                let resolved = match root {
                    "crate::" | "planportal::" => rest,
                    _ => {
                        // `super` is the parent of the file's module (for a mod.rs, of its folder).
                        let mut base: Vec<String> = module.to_vec();
                        base.pop();
                        let mut rest = rest.into_iter().peekable();
                        while rest.peek().map(String::as_str) == Some("super") {
                            rest.next();
                            base.pop();
                        }
                        base.extend(rest);
                        base
                    }
                };
                if !resolved.is_empty() {
                    out.push(resolved);
                }
            }
        }
    }
    out
}

#[derive(Debug)]
struct Source {
    module: Vec<String>,
    is_mod_rs: bool,
    rel: String,
    code: String,
}

fn read_tree(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(src)
            .expect("below src")
            .to_path_buf();
        let text = std::fs::read_to_string(entry.path()).expect("read source");
        files.push(Source {
            module: module_path(&rel),
            is_mod_rs: rel.file_name().is_some_and(|n| n == "mod.rs"),
            rel: format!("src/{}", rel.to_string_lossy().replace('\\', "/")),
            code: code_only(&text),
        });
    }
    files
}

/// The outputs: every module of `src/outputs/` but its `mod.rs` and the shared `common`.
fn output_modules(files: &[Source]) -> BTreeSet<String> {
    files
        .iter()
        .filter(|f| f.module.first().map(String::as_str) == Some("outputs") && f.module.len() >= 2)
        .map(|f| f.module[1].clone())
        .filter(|m| m != "common")
        .collect()
}

/// Every broken rule, as `file: message` lines.
fn violations(src: &Path) -> Vec<String> {
    let files = read_tree(src);
    let outputs = output_modules(&files);
    let modules: BTreeMap<Vec<String>, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.module.clone(), i))
        .collect();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();

    for (i, f) in files.iter().enumerate() {
        let Some(layer) = f.module.first().map(String::as_str) else {
            continue;
        };
        if !LAYERS.contains(&layer) && layer != "lib" && layer != "main" {
            problems.push(format!(
                "{}: `src/{layer}` is not one of the layers ({})",
                f.rel,
                LAYERS.join(", ")
            ));
            continue;
        }
        for target in references(&f.module, &f.code) {
            let to = target[0].as_str();
            if !LAYERS.contains(&to) {
                continue; // a crate item re-exported at the root, or `self`
            }
            let shown = target.join("::");
            if !allowed(layer).contains(&to) {
                problems.push(format!(
                    "{}: `{layer}` may not import `{to}` (found `crate::{shown}`)",
                    f.rel
                ));
            }
            if layer == "outputs" && to == "outputs" && f.module.len() >= 2 {
                let own = f.module[1].as_str();
                if let Some(other) = target.get(1) {
                    if outputs.contains(other) && other != own {
                        problems.push(format!(
                            "{}: the output `{own}` imports another output, `{other}` (found `crate::{shown}`); share through outputs/mod.rs, outputs::common or the model instead",
                            f.rel
                        ));
                    }
                }
                if own == "common" {
                    if let Some(other) = target.get(1).filter(|o| outputs.contains(*o)) {
                        problems.push(format!(
                            "{}: `outputs::common` is shared by the outputs and may not import one (found `crate::{shown}`, output `{other}`)",
                            f.rel
                        ));
                    }
                }
            }
            // The file the path lands in: the longest module prefix that is a file.
            let landing = (1..=target.len())
                .rev()
                .find_map(|n| modules.get(&target[..n]).copied());
            if let Some(j) = landing {
                let child_of_mod = f.is_mod_rs
                    && files[j].module.len() > f.module.len()
                    && files[j].module.starts_with(&f.module);
                if j != i && !child_of_mod {
                    edges.entry(i).or_default().insert(j);
                }
            }
        }
    }

    // Import loops between files.
    for cycle in cycles(files.len(), &edges) {
        let names: Vec<&str> = cycle.iter().map(|&k| files[k].rel.as_str()).collect();
        problems.push(format!("import loop: {}", names.join(" → ")));
    }
    problems.sort();
    problems.dedup();
    problems
}

/// One loop per strongly connected group of more than one file (Tarjan's algorithm).
fn cycles(n: usize, edges: &BTreeMap<usize, BTreeSet<usize>>) -> Vec<Vec<usize>> {
    struct State<'e> {
        edges: &'e BTreeMap<usize, BTreeSet<usize>>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        groups: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        let targets: Vec<usize> = s.edges.get(&v).into_iter().flatten().copied().collect();
        for w in targets {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                group.push(w);
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.groups.push(group);
            }
        }
    }
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        groups: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.groups
}

#[test]
fn src_follows_the_layer_rules() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = violations(&src);
    assert!(
        problems.is_empty(),
        "src/ breaks the house rules of docs/architecture.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn main_rs_stays_thin() {
    let main =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/main.rs"))
            .expect("read main.rs");
    let code = code_only(&main);
    for (name, _) in [
        ("fn render", ()),
        ("fn plan", ()),
        ("Tera", ()),
        ("minify", ()),
    ] {
        assert!(
            !code.contains(name),
            "main.rs does pipeline work ({name}); keep it to arguments and printing"
        );
    }
}

// ---- The checker itself, on made-up trees: each rule must be able to fail. ----

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

const CLEAN: [(&str, &str); 9] = [
    (
        "lib.rs",
        "pub mod base; pub mod model; pub mod outputs; pub mod commands;",
    ),
    ("base/mod.rs", "pub mod text;"),
    ("base/text.rs", "pub fn f() {}"),
    ("model/mod.rs", "use crate::base::text;\npub struct Site;"),
    (
        "outputs/mod.rs",
        "pub mod html; pub mod search; pub mod common;\npub trait Output {}",
    ),
    ("outputs/common/mod.rs", "use crate::model::Site;"),
    (
        "outputs/html/mod.rs",
        "use crate::outputs::{Output, common};\nuse super::Output as O;\nmod context;",
    ),
    (
        "outputs/search.rs",
        "use crate::{base::text, model::Site, outputs::Output};",
    ),
    ("commands/build.rs", "use crate::outputs::{html, search};"),
];

#[test]
fn a_clean_tree_passes() {
    let dir = tree(&CLEAN);
    assert_eq!(violations(dir.path()), Vec::<String>::new());
}

#[test]
fn a_backwards_import_fails() {
    let mut files = CLEAN.to_vec();
    files.push(("model/views.rs", "use crate::outputs::search::Index;"));
    let dir = tree(&files);
    let v = violations(dir.path());
    assert!(
        v.iter()
            .any(|p| p.contains("src/model/views.rs")
                && p.contains("`model` may not import `outputs`")),
        "{v:?}"
    );
}

#[test]
fn base_importing_anything_fails() {
    let mut files = CLEAN.to_vec();
    files.push(("base/lang.rs", "fn f() { let _ = crate::model::Site; }"));
    let dir = tree(&files);
    let v = violations(dir.path());
    assert!(
        v.iter()
            .any(|p| p.contains("`base` may not import `model`")),
        "{v:?}"
    );
}

#[test]
fn an_output_importing_a_sibling_fails() {
    let mut files = CLEAN.to_vec();
    files.push((
        "outputs/html/context.rs",
        "use crate::outputs::{common, search::Doc};",
    ));
    let dir = tree(&files);
    let v = violations(dir.path());
    assert!(
        v.iter()
            .any(|p| p.contains("the output `html` imports another output, `search`")),
        "{v:?}"
    );
    // Through `super::super::` as well.
    let mut files = CLEAN.to_vec();
    files.push(("outputs/html/context.rs", "use super::super::search::Doc;"));
    let dir = tree(&files);
    let v = violations(dir.path());
    assert!(
        v.iter()
            .any(|p| p.contains("imports another output, `search`")),
        "{v:?}"
    );
}

#[test]
fn importing_commands_fails() {
    let mut files = CLEAN.to_vec();
    files.push(("outputs/feeds.rs", "use crate::commands::build;"));
    let dir = tree(&files);
    let v = violations(dir.path());
    assert!(
        v.iter()
            .any(|p| p.contains("`outputs` may not import `commands`")),
        "{v:?}"
    );
}

#[test]
fn an_import_loop_fails() {
    let mut files = CLEAN.to_vec();
    files.push(("model/progress.rs", "use super::views::View;"));
    files.push(("model/views.rs", "use crate::model::progress::Progress;"));
    let dir = tree(&files);
    let v = violations(dir.path());
    assert!(
        v.iter().any(|p| p.starts_with("import loop")
            && p.contains("src/model/progress.rs")
            && p.contains("src/model/views.rs")),
        "{v:?}"
    );
}

#[test]
fn paths_in_comments_and_strings_do_not_count() {
    let mut files = CLEAN.to_vec();
    files.push((
        "model/doc.rs",
        "//! See [`crate::outputs::search`].\nconst S: &str = \"crate::commands::x\";",
    ));
    let dir = tree(&files);
    assert_eq!(violations(dir.path()), Vec::<String>::new());
}

#[test]
fn a_folder_outside_the_layers_fails() {
    let mut files = CLEAN.to_vec();
    files.push(("render/mod.rs", "pub fn f() {}"));
    let dir = tree(&files);
    let v = violations(dir.path());
    assert!(
        v.iter()
            .any(|p| p.contains("`src/render` is not one of the layers")),
        "{v:?}"
    );
}
