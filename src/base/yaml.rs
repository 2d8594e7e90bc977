//! Reading YAML (data files, front matter, i18n strings) with errors that point at a place.
//!
//! serde-saphyr is used because it is maintained, pure Rust, reports line and column for
//! every error, and offers `Spanned<T>` so that validation after parsing can point at the
//! exact value that is wrong.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, Location, Options};

use crate::base::error::Diagnostic;

/// Files larger than this are refused before parsing: no page or data file of a plan
/// portal comes near it, and a runaway file should not exhaust the machine.
pub const MAX_YAML_BYTES: usize = 8 * 1024 * 1024;

/// The deepest nesting of lists and maps accepted. The plan's files nest six levels at most
/// (a list of indicators → an indicator → its observations → one observation → its note →
/// a language); anything far deeper is a mistake or an attack on the parser's stack.
pub const MAX_YAML_DEPTH: usize = 32;

/// The most aliases (`*name`) a file may use. The site's files use none; a handful is
/// reasonable, thousands are an alias bomb.
pub const MAX_YAML_ALIASES: usize = 1_000;

/// The most values (scalars, lists and maps) one file may hold: the default site's largest
/// file holds about 3,000.
pub const MAX_YAML_NODES: usize = 250_000;

/// The limits every YAML text is parsed under, so that no file can exhaust the stack, the
/// memory or the time of a build: nesting depth, aliases and their expansion, values.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_YAML_DEPTH;
    budget.flow_nesting_limit = MAX_YAML_DEPTH;
    budget.max_aliases = MAX_YAML_ALIASES;
    budget.max_anchors = MAX_YAML_ALIASES;
    budget.max_nodes = MAX_YAML_NODES;
    budget.max_events = 4 * MAX_YAML_NODES;
    budget.max_recorded_anchor_events = MAX_YAML_NODES;
    budget.max_recorded_anchor_bytes = MAX_YAML_BYTES;
    budget.max_total_scalar_bytes = MAX_YAML_BYTES;
    budget.max_documents = 1;
    budget.max_inclusion_depth = 0;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_YAML_NODES;
    options.alias_limits.max_replay_stack_depth = MAX_YAML_DEPTH;
    options
}

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
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let inner = e.without_snippet();
        let (line, column) = match inner.location() {
            Some(loc) => (
                (loc.line() as usize).max(1) + first_line - 1,
                loc.column() as usize,
            ),
            None => (first_line, 1),
        };
        let (message, hint) = match limit_message(inner) {
            Some((message, hint)) => (message, Some(hint)),
            None => {
                let message = clean_message(&inner.to_string());
                let hint = hint_for(&message);
                (message, hint)
            }
        };
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

/// A plain-words message for a file that breaks one of the limits of [`options`].
fn limit_message(error: &serde_saphyr::Error) -> Option<(String, &'static str)> {
    use serde_saphyr::Error as E;
    let mut error = error;
    // An error met while replaying an alias is wrapped with the alias's place.
    while let E::AliasError { error: inner, .. } | E::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    const ALIASES: &str = "anchors (`&name`) and aliases (`*name`) are not needed in the site's files; write the values out";
    let message = match error {
        E::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => {
                return Some((
                    format!("the YAML nests lists and maps more than {MAX_YAML_DEPTH} levels deep"),
                    "check the indentation and the brackets `[`, `{` near this place; the site's files nest a few levels only",
                ))
            }
            BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => format!(
                "the YAML uses more than {MAX_YAML_ALIASES} aliases or anchors"
            ),
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
                return Some((
                    format!("the YAML holds more than {MAX_YAML_NODES} values"),
                    "split the file or remove what does not belong in it",
                ))
            }
            BudgetBreach::Documents { .. } => {
                return Some((
                    "the YAML holds more than one document (a line `---` inside it)".to_string(),
                    "remove the `---` line; each file holds one document",
                ))
            }
            _ => "the YAML expands its aliases (`*name`) beyond what a file may hold".to_string(),
        },
        E::DuplicateMappingKey { key, .. } => {
            let message = match key {
                Some(k) => format!("the key `{k}` is written twice in the same block"),
                None => "a key is written twice in the same block".to_string(),
            };
            return Some((
                message,
                "keep one of the two lines (the second would silently replace the first); if both values matter, one of the keys is misspelt",
            ));
        }
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => {
            "the YAML expands its aliases (`*name`) beyond what a file may hold".to_string()
        }
        _ => {
            // The parser's own limit on nested flow collections (`[[[…`).
            let raw = error.to_string();
            if raw.contains("nesting") || raw.contains("too deep") || raw.contains("recursion") {
                return Some((
                    format!("the YAML nests lists and maps more than {MAX_YAML_DEPTH} levels deep"),
                    "check the indentation and the brackets `[`, `{` near this place; the site's files nest a few levels only",
                ));
            }
            return None;
        }
    };
    Some((message, ALIASES))
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

#[cfg(test)]
mod tests {
    use super::*;

    type Any = Vec<serde_json::Value>;

    fn error_of(text: &str) -> Diagnostic {
        let d = parse::<Any>(text, Path::new("data/x.yaml"), 1).unwrap_err();
        assert!(d.line >= 1 && d.column >= 1, "{d}");
        d
    }

    #[test]
    fn deep_nesting_is_an_error_with_a_place_not_a_stack_overflow() {
        for text in [
            "[".repeat(100_000),
            "- ".repeat(100_000) + "x\n",
            "{a: ".repeat(100_000),
            (0..500)
                .map(|i| format!("{}- \n", "  ".repeat(i)))
                .collect::<String>(),
        ] {
            let d = error_of(&text);
            assert!(d.message.contains("levels deep"), "{}: {d}", &text[..20]);
        }
        // The default site's depth is far below the limit.
        let ok = "- a: [ { b: { c: [1, 2] } } ]\n";
        assert!(parse::<Any>(ok, Path::new("x.yaml"), 1).is_ok());
    }

    #[test]
    fn an_alias_bomb_is_refused_by_the_expansion_budget() {
        let mut text = String::from(
            "- &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for w in names.windows(2) {
            let (prev, name) = (w[0], w[1]);
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("- &{name} [{refs}]\n"));
        }
        let d = error_of(&text);
        assert!(d.message.contains("alias"), "{d}");
        // Typed fields take strings only, so the danger there is a long string repeated:
        // 900 copies of 1 MiB would be 900 MiB.
        let big = "x".repeat(1 << 20);
        let refs = vec!["*a"; 900].join(", ");
        let text = format!("- [&a \"{big}\"]\n- [{refs}]\n");
        // Refused by the expansion budget (not by running out of memory); how fast is a matter
        // for benchmarks, not for a timed test.
        let d = parse::<Vec<Vec<String>>>(&text, Path::new("data/x.yaml"), 1).unwrap_err();
        assert!(d.message.contains("alias"), "{d}");
        assert_eq!(d.line, 2, "{d}");
    }
}
