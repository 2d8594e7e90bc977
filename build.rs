//! Embeds the default theme (`themes/default/`) in the binary, so that an installed
//! `planportal` builds any site folder, with or without a `themes/` of its own.
//!
//! Writes `$OUT_DIR/default_theme.rs`: a sorted list of (path below the theme, bytes) with
//! one `include_bytes!` per file. Hidden files (editor swap files, .DS_Store) are left out,
//! as the theme loader leaves them out of a theme folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = manifest.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for (rel, full) in &files {
        println!("cargo:rerun-if-changed={}", full.display());
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            full.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("]\n");
    let dest =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("default_theme.rs");
    std::fs::write(&dest, out).expect("cannot write the embedded theme list");
}

fn collect(dir: &Path, root: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(&path, root, files);
        } else if kind.is_file() {
            let rel = path
                .strip_prefix(root)
                .expect("below the theme folder")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, path));
        }
    }
}
