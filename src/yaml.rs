//! Reading YAML (data files, front matter, i18n strings) with errors that point at a place.
//!
//! serde-saphyr is used because it is maintained, pure Rust, reports line and column for
//! every error, and offers `Spanned<T>` so that validation after parsing can point at the
//! exact value that is wrong.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Options};

use crate::error::Diagnostic;

/// Files larger than this are refused before parsing: no page or data file of a plan
/// portal comes near it, and a runaway file should not exhaust the machine.
pub const MAX_YAML_BYTES: usize = 8 * 1024 * 1024;

/// Parses `text` as a `T`. `shown` names the file in diagnostics; `first_line` is the line of
/// the file on which `text` starts (front matter starts on line 2 of a Markdown file).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    shown: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    if text.len() > MAX_YAML_BYTES {
        return Err(Diagnostic::whole_file(
            shown,
            format!(
                "this YAML is {} bytes, more than the limit of {MAX_YAML_BYTES}",
                text.len()
            ),
        )
        .with_hint("split the file or remove what does not belong in it"));
    }
    serde_saphyr::from_str_with_options::<T>(text, Options::default()).map_err(|e| {
        let inner = e.without_snippet();
        let (line, column) = match inner.location() {
            Some(loc) => (loc.line() as usize + first_line - 1, loc.column() as usize),
            None => (first_line, 1),
        };
        let message = clean_message(&inner.to_string());
        let hint = hint_for(&message);
        let mut d = Diagnostic::new(shown, line.max(1), column.max(1), message);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        d
    })
}

/// Where a spanned value was written, as (line, column), shifted by `first_line`.
pub fn place(loc: &Location, first_line: usize) -> (usize, usize) {
    let line = (loc.line() as usize).max(1) + first_line - 1;
    (line, (loc.column() as usize).max(1))
}

/// serde-saphyr appends " at line L column C" to messages; we show the place separately.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let cut = first
        .rfind(" at line ")
        .map(|i| &first[..i])
        .unwrap_or(first);
    cut.trim_end_matches(',').trim().to_string()
}

fn hint_for(message: &str) -> Option<&'static str> {
    if message.contains("unknown field") {
        Some("check the spelling of the field name; the README lists every field this file accepts")
    } else if message.contains("missing field") {
        Some("add the field named above; text fields need both `zh:` and `en:`")
    } else if message.contains("invalid type") {
        Some("the value has the wrong kind: numbers are written without quotes, lists start with `- `, texts in both languages are written `{ zh: …, en: … }`")
    } else if message.contains("unknown variant") {
        Some("use one of the values listed in the message")
    } else {
        Some("check indentation (spaces, not tabs) and that every `key: value` pair is on its own line; quote texts that contain `: ` or `#`")
    }
}
