//! Reading YAML (data files, front matter, i18n strings) with errors that point at a place.
//!
//! serde-saphyr is used because it is maintained, pure Rust, reports line and column for
//! every error, and offers `Spanned<T>` so that validation after parsing can point at the
//! exact value that is wrong.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind as ScanKind;
use serde_saphyr::{Budget, Location, Options};

use crate::base::error::Diagnostic;
use crate::base::messages::Message;
use crate::msg;

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
            msg!("yaml-too-large", size = text.len(), limit = MAX_YAML_BYTES),
        )
        .with_hint(msg!("yaml-too-large-hint")));
    }
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let inner = e.without_snippet();
        // The place within `text` (1-based), then within the file.
        let at = inner
            .location()
            .map(|loc| ((loc.line() as usize).max(1), loc.column() as usize));
        let (line, column) = match at {
            Some((l, c)) => (l + first_line - 1, c),
            None => (first_line, 1),
        };
        let source = Source {
            text,
            line: at.map_or(0, |(l, _)| l),
            column: at.map_or(0, |(_, c)| c),
        };
        let (message, hint) = explain(inner, &source);
        Diagnostic::new(shown, line.max(1), column.max(1), message).with_hint(hint)
    })
}

/// Where a spanned value was written, as (line, column), shifted by `first_line`.
pub fn place(loc: &Location, first_line: usize) -> (usize, usize) {
    let line = (loc.line() as usize).max(1) + first_line - 1;
    (line, (loc.column() as usize).max(1))
}

/// The text parsed and the place of an error in it (1-based line and column in characters;
/// 0 when the parser gave none), to see what the person wrote there.
struct Source<'a> {
    text: &'a str,
    line: usize,
    column: usize,
}

impl Source<'_> {
    /// The line of the error, without its line break.
    fn line_text(&self) -> &str {
        if self.line == 0 {
            return "";
        }
        self.text
            .lines()
            .nth(self.line - 1)
            .unwrap_or("")
            .trim_end_matches('\r')
    }

    /// The line of the error from the error's column on.
    fn rest(&self) -> &str {
        let line = self.line_text();
        let skip = self.column.saturating_sub(1);
        line.char_indices()
            .nth(skip)
            .map_or("", |(i, _)| &line[i..])
    }

    /// The character at the error.
    fn char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// What kind of thing starts at the error: a list (`[` or `- `), a block of fields
    /// (`{`, or `name: value` lines), a value written out, or nothing at all.
    fn found(&self) -> Found {
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return Found::Nothing;
        };
        if c == '[' || rest == "-" || rest.starts_with("- ") {
            return Found::List;
        }
        if c == '{' {
            return Found::Block;
        }
        // An empty value is reported at the colon after its name.
        if c == ':' && rest[1..].trim().is_empty() {
            return Found::Nothing;
        }
        let value = self.value();
        match value.as_str() {
            "" | "~" | "null" => Found::Nothing,
            // The first field of a block: `name: value`, or `name:` with lines below.
            v if !matches!(c, '"' | '\'') && (v.contains(": ") || v.ends_with(':')) => Found::Block,
            _ => Found::Value(value),
        }
    }

    /// The value written at the error, as the person sees it: the rest of the line
    /// without a comment (or the inside of quotes, or one item of a `[…]` list), shortened.
    fn value(&self) -> String {
        let rest = self.rest();
        let inside = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.split('"').next().unwrap_or(quoted)
        } else if let Some(quoted) = rest.strip_prefix('\'') {
            quoted.split('\'').next().unwrap_or(quoted)
        } else {
            // Inside `[…]` or `{…}` a value ends at `,` or the closing bracket.
            let before = self.line_text().chars().take(self.column.saturating_sub(1));
            let depth = before.fold(0i32, |depth, c| match c {
                '[' | '{' => depth + 1,
                ']' | '}' => depth - 1,
                _ => depth,
            });
            let in_flow = depth > 0;
            let end = if in_flow {
                rest.find([',', ']', '}']).unwrap_or(rest.len())
            } else {
                rest.find(" #").unwrap_or(rest.len())
            };
            &rest[..end]
        };
        shorten(inside.trim())
    }

    /// The error's line as `name: "value"`, the value put in quotes: what to type instead
    /// of a value YAML cannot read as written. `None` when the line holds no value.
    fn quoted_line(&self) -> Option<String> {
        let line = self.line_text().trim();
        let mut prefix = String::new();
        let mut rest = line;
        while let Some(r) = rest.strip_prefix("- ") {
            prefix.push_str("- ");
            rest = r.trim_start();
        }
        if let Some((name, value)) = rest.split_once(": ") {
            if !name.is_empty() && !name.contains(['"', '\'', '[', '{']) {
                prefix.push_str(name);
                prefix.push_str(": ");
                rest = value.trim();
            }
        }
        if rest.is_empty() {
            return None;
        }
        Some(format!("{prefix}{}", quote(&shorten(rest))))
    }
}

/// What a person wrote where something else belongs.
enum Found {
    Value(String),
    Nothing,
    List,
    Block,
}

impl Found {
    fn message(&self) -> Message {
        match self {
            Found::Value(v) => msg!("yaml-found-value", value = code(v)),
            Found::Nothing => msg!("yaml-found-nothing"),
            Found::List => msg!("yaml-found-list"),
            Found::Block => msg!("yaml-found-block"),
        }
    }
}

/// What a place of a file takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// A text or a number: the parser says only that it wanted one value, not which.
    Single,
    Number,
    WholeNumber,
    Count,
    YesNo,
    List,
    Block,
}

impl Kind {
    fn message(self) -> Message {
        match self {
            Kind::Text => msg!("yaml-kind-text"),
            Kind::Single => msg!("yaml-kind-single"),
            Kind::Number => msg!("yaml-kind-number"),
            Kind::WholeNumber => msg!("yaml-kind-whole-number"),
            Kind::Count => msg!("yaml-kind-count"),
            Kind::YesNo => msg!("yaml-kind-yes-no"),
            Kind::List => msg!("yaml-kind-list"),
            Kind::Block => msg!("yaml-kind-block"),
        }
    }

    /// The kind named by serde's "expected …" words (`u32`, `a string`, `struct Task`).
    fn from_expected(expected: &str) -> Option<Kind> {
        let e = expected.trim();
        let bare = e.trim_start_matches("an ").trim_start_matches("a ");
        Some(match bare {
            "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => Kind::Count,
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "integer" => Kind::WholeNumber,
            "f32" | "f64" | "float" | "floating point" | "number" => Kind::Number,
            "boolean" | "bool" => Kind::YesNo,
            "string" | "borrowed string" | "character" | "char" | "string scalar" => Kind::Text,
            "scalar" => Kind::Single,
            "sequence" | "list" | "sequence start" => Kind::List,
            "map" | "mapping" | "mapping start" => Kind::Block,
            _ if bare.starts_with("struct ") || bare.starts_with("map ") => Kind::Block,
            _ if bare.starts_with("tuple") || bare.starts_with("sequence") => Kind::List,
            _ => return None,
        })
    }
}

/// A library's "invalid type: string \"x\"" words as what was found.
fn found_from_unexpected(unexpected: &str) -> Found {
    let u = unexpected.trim();
    for prefix in [
        "string ",
        "integer ",
        "floating point ",
        "boolean ",
        "char ",
    ] {
        if let Some(v) = u.strip_prefix(prefix) {
            let v = v.trim_matches(|c| c == '"' || c == '`');
            return if v.is_empty() {
                Found::Nothing
            } else {
                Found::Value(shorten(v))
            };
        }
    }
    match u {
        "sequence" => Found::List,
        "map" => Found::Block,
        "unit value" | "null" | "Option value" | "none" => Found::Nothing,
        _ => Found::Value(shorten(u)),
    }
}

/// `s` as code in a message: in backticks, or in double backticks with spaces when it holds
/// a backtick itself (`` ` ``).
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// At most 40 characters of `s`, `…` marking a cut.
fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

/// `s` as a quoted YAML text: in single quotes when it holds a double quote, else in double
/// quotes (a backslash doubled).
fn quote(s: &str) -> String {
    if s.contains('"') && !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `names` as `` `a`, `b`, `c` `` in the reader's language (Chinese separates them with 、).
pub(crate) fn name_list(names: &[&str]) -> Message {
    let mut list: Option<Message> = None;
    for name in names.iter().rev() {
        let item = format!("`{name}`");
        list = Some(match list {
            None => Message::verbatim(item),
            Some(rest) => msg!("yaml-list", item = item, rest = rest),
        });
    }
    list.unwrap_or_else(|| Message::verbatim(""))
}

/// A name of `known` that `wanted` is likely a misspelling of.
pub(crate) fn similar<'a>(wanted: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = wanted.to_lowercase();
    if let Some(k) = known.iter().find(|k| k.to_lowercase() == lower) {
        return Some(k);
    }
    let first = lower.chars().next()?;
    crate::base::text::did_you_mean(&lower, known.iter().copied())
        .filter(|k| lower.chars().count() >= 3 && k.starts_with(first))
}

/// The message and hint for a parse error.
fn explain(error: &serde_saphyr::Error, source: &Source) -> (Message, Message) {
    use serde_saphyr::Error as E;
    let mut error = error;
    // An error met while replaying an alias is wrapped with the alias's place.
    while let E::AliasError { error: inner, .. } | E::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    if let Some(explained) = limit_message(error) {
        return explained;
    }
    match error {
        E::DuplicateMappingKey { key, .. } => {
            let message = match key {
                Some(k) => msg!("yaml-duplicate-key", key = code(k)),
                None => msg!("yaml-duplicate-key-unnamed"),
            };
            (message, msg!("yaml-duplicate-key-hint"))
        }
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let message = if expected.is_empty() {
                msg!("yaml-unknown-field-none", field = code(field))
            } else {
                msg!(
                    "yaml-unknown-field",
                    field = code(field),
                    fields = name_list(expected)
                )
            };
            let hint = match similar(field, expected) {
                Some(s) => msg!("yaml-unknown-field-similar", suggestion = s),
                None => msg!("yaml-unknown-field-hint"),
            };
            (message, hint)
        }
        E::SerdeMissingField { field, .. } => {
            let hint = if matches!(*field, "zh" | "en") {
                msg!("yaml-missing-language-hint", field = *field)
            } else {
                msg!("yaml-missing-field-hint", field = *field)
            };
            (msg!("yaml-missing-field", field = *field), hint)
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let message = msg!(
                "yaml-unknown-value",
                value = code(variant),
                values = name_list(expected)
            );
            let hint = match similar(variant, expected) {
                Some(s) => msg!("yaml-unknown-value-similar", suggestion = s),
                None => msg!("yaml-unknown-value-hint"),
            };
            (message, hint)
        }
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let found = found_from_unexpected(unexpected);
            match Kind::from_expected(expected) {
                Some(kind) => wrong_kind(kind, found, source),
                None => not_allowed(found, expected),
            }
        }
        E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => not_allowed(found_from_unexpected(unexpected), expected),
        E::InvalidScalar { ty, .. } => match Kind::from_expected(ty) {
            Some(kind) => wrong_kind(kind, source.found(), source),
            None => syntax(error),
        },
        E::NullIntoString { .. } => wrong_kind(Kind::Text, Found::Nothing, source),
        E::Unexpected { expected, .. } => match Kind::from_expected(expected) {
            Some(Kind::Text) => wrong_kind(Kind::Single, source.found(), source),
            Some(kind) => wrong_kind(kind, source.found(), source),
            None => syntax(error),
        },
        E::UnknownAnchor { .. } => special_start('*', source),
        E::Message { msg, .. } => (
            msg!("yaml-not-accepted", detail = clean_message(msg)),
            msg!("yaml-not-allowed-hint"),
        ),
        E::ExternalMessage {
            source: external, ..
        } => match &**external {
            serde_saphyr::ExternalMessageSource::Parser(scan) => {
                scan_error(scan.kind(), source).unwrap_or_else(|| syntax(error))
            }
            _ => syntax(error),
        },
        _ => syntax(error),
    }
}

/// "This should be a number, but it is `one`", with a hint what to type.
fn wrong_kind(kind: Kind, found: Found, source: &Source) -> (Message, Message) {
    // A text that starts with `[` or `{` reads as a list or a block: it needs quotes.
    if matches!(kind, Kind::Text | Kind::Single) && matches!(found, Found::List | Found::Block) {
        if let Some(c @ ('[' | '{')) = source.char() {
            let hint = if kind == Kind::Text {
                quote_hint(c, source)
            } else {
                // A number in brackets is as likely as a text starting with one.
                let (c, example) = quote_example(c, source);
                msg!("yaml-hint-quote-or-single", char = c, example = example)
            };
            return (
                msg!(
                    "yaml-wrong-kind",
                    expected = kind.message(),
                    found = found.message()
                ),
                hint,
            );
        }
    }
    let hint = match (kind, &found) {
        (Kind::Text | Kind::Single, Found::Nothing) => msg!("yaml-hint-text-empty"),
        (Kind::Text | Kind::Single, _) => msg!("yaml-hint-text"),
        (Kind::Number, _) => msg!("yaml-hint-number"),
        (Kind::WholeNumber | Kind::Count, _) => msg!("yaml-hint-whole-number"),
        (Kind::YesNo, _) => msg!("yaml-hint-yes-no"),
        (Kind::List, Found::Value(v)) => {
            let line = source.line_text().trim();
            let example = match line.split_once(": ") {
                Some((name, _)) if !name.starts_with('-') && !name.contains(['[', '{', '"']) => {
                    format!("{name}: [{v}]")
                }
                _ => format!("[{v}]"),
            };
            msg!("yaml-hint-list", example = code(&example))
        }
        (Kind::List, _) => msg!("yaml-hint-list", example = code("[a, b]")),
        (Kind::Block, Found::Value(_)) if source.line_text().contains('：') => {
            full_width_colon_hint(source.line_text())
        }
        (Kind::Block, _) => msg!("yaml-hint-block"),
    };
    (
        msg!(
            "yaml-wrong-kind",
            expected = kind.message(),
            found = found.message()
        ),
        hint,
    )
}

/// A value the field does not take, with serde's words for what it takes.
fn not_allowed(found: Found, expected: &str) -> (Message, Message) {
    (
        msg!(
            "yaml-not-allowed",
            found = found.message(),
            expected = Message::verbatim(expected)
        ),
        msg!("yaml-not-allowed-hint"),
    )
}

/// A value starting with a character YAML reads as a sign (`@`, `!`, `*`, `|`…).
fn special_start(c: char, source: &Source) -> (Message, Message) {
    (
        msg!("yaml-special-start", char = code(&c.to_string())),
        quote_hint(c, source),
    )
}

/// "Put the whole text in quotes: `zh: \"[草案]…\"`".
fn quote_hint(c: char, source: &Source) -> Message {
    let (c, example) = quote_example(c, source);
    msg!("yaml-hint-quote", char = c, example = example)
}

/// The character and the error's line with its value in quotes, as code.
fn quote_example(c: char, source: &Source) -> (String, String) {
    let example = source
        .quoted_line()
        .filter(|l| l.contains(c))
        .unwrap_or_else(|| format!("\"{c}…\""));
    (code(&c.to_string()), code(&example))
}

/// Plain words for the parser's own complaints about how the file is written.
fn scan_error(kind: &ScanKind, source: &Source) -> Option<(Message, Message)> {
    use ScanKind as K;
    let c = source.char();
    Some(match kind {
        K::UnexpectedCharacter { character } => special_start(*character, source),
        K::ExpectedTagBang
        | K::InvalidTagTerminator
        | K::MissingTagUri
        | K::InvalidGlobalTagCharacter
        | K::UnclosedVerbatimTag
        | K::InvalidTagEscape
        | K::InvalidTagUtf8LeadingByte
        | K::InvalidTagUtf8TrailingByte
        | K::InvalidTagUtf8
        | K::UndeclaredTagHandle
        | K::MissingAnchorOrAliasName
        | K::InvalidBlockScalarHeader
        | K::ZeroBlockScalarIndent
        | K::ExpectedWhitespace => match c {
            Some(c @ ('!' | '&' | '*' | '|' | '>' | '@' | '`' | '%')) => special_start(c, source),
            _ => return None,
        },
        K::UnclosedQuotedScalar => (
            msg!("yaml-unclosed-quote"),
            msg!("yaml-unclosed-quote-hint"),
        ),
        K::InvalidTrailingDoubleQuotedScalar | K::InvalidTrailingSingleQuotedScalar => (
            msg!("yaml-text-after-quote"),
            msg!("yaml-text-after-quote-hint"),
        ),
        K::UnknownQuotedScalarEscape
        | K::InvalidQuotedScalarHexEscape
        | K::InvalidLowSurrogateHexEscape
        | K::InvalidLowSurrogate
        | K::MissingLowSurrogate
        | K::UnpairedLowSurrogate
        | K::InvalidUnicodeEscape => (msg!("yaml-bad-escape"), msg!("yaml-bad-escape-hint")),
        K::TabNotAllowed
        | K::TabInBlockIndentation
        | K::TabInIndentation
        | K::TabInPlainScalar
        | K::TabAtBlockScalarStart => (msg!("yaml-tab"), msg!("yaml-tab-hint")),
        K::MappingValueNotAllowed => {
            // A second `: ` on a `name: value` line is inside the value; the line's own
            // colon out of place is a matter of indentation.
            let line = source.line_text();
            let first_colon = line
                .find(": ")
                .or_else(|| line.strip_suffix(':').map(str::len));
            let first_colon = first_colon.map(|i| line[..i].chars().count() + 1);
            match first_colon {
                Some(col) if source.column > col => (
                    msg!("yaml-colon-in-text"),
                    msg!(
                        "yaml-colon-in-text-hint",
                        example = code(
                            &source
                                .quoted_line()
                                .unwrap_or_else(|| "\"…: …\"".to_string())
                        )
                    ),
                ),
                _ => indentation(),
            }
        }
        K::InvalidIndentation
        | K::ExpectedBlockMappingKey
        | K::InvalidBlockScalarIndent
        | K::InvalidQuotedScalarIndent
        | K::InvalidFlowScalarIndent
        | K::BlockSequenceEntryNotAllowed
        | K::MappingKeyNotAllowed => indentation(),
        K::ExpectedBlockSequenceEntry => {
            let rest = source.rest();
            match rest.strip_prefix('-') {
                Some(after) if !after.is_empty() && !after.starts_with(' ') => (
                    msg!("yaml-dash-space"),
                    msg!(
                        "yaml-dash-space-hint",
                        example = code(&format!("- {}", shorten(after)))
                    ),
                ),
                _ => indentation(),
            }
        }
        K::SimpleKeyExpected => {
            let line = source.line_text().trim();
            let hint = if line.contains('：') {
                full_width_colon_hint(line)
            } else if let Some((name, value)) = line.split_once(':') {
                msg!(
                    "yaml-missing-colon-hint",
                    example = code(&format!("{}: {}", name.trim(), shorten(value.trim())))
                )
            } else {
                msg!("yaml-missing-colon-hint-plain")
            };
            (msg!("yaml-missing-colon"), hint)
        }
        K::UnclosedFlowCollection { open } => {
            let close = if *open == '{' { '}' } else { ']' };
            (
                msg!("yaml-unclosed-bracket", open = *open, close = close),
                msg!("yaml-bracket-hint"),
            )
        }
        K::UnexpectedEofFlowSequence | K::UnexpectedEofFlowMapping => {
            let (open, close) = if matches!(kind, K::UnexpectedEofFlowMapping) {
                ('{', '}')
            } else {
                ('[', ']')
            };
            (
                msg!("yaml-unclosed-bracket", open = open, close = close),
                msg!("yaml-bracket-hint"),
            )
        }
        K::InvalidColonPlacement
        | K::ExpectedFlowSequenceSeparator
        | K::ExpectedFlowMappingSeparator
        | K::FlowMappingValueAdjacentCollection
        | K::BlockEntryInFlowCollection => {
            (msg!("yaml-bracket-content"), msg!("yaml-bracket-hint"))
        }
        K::MismatchedFlowCollectionEnd { open, close } => (
            msg!("yaml-mismatched-bracket", open = *open, close = *close),
            msg!("yaml-mismatched-bracket-hint"),
        ),
        K::MisplacedFlowCollectionEnd => (
            msg!(
                "yaml-stray-bracket",
                char = code(&c.unwrap_or(']').to_string())
            ),
            msg!("yaml-stray-bracket-hint"),
        ),
        K::RecursionLimitExceeded => too_deep(),
        K::MultipleDocumentsUnsupported => several_documents(),
        _ => return None,
    })
}

/// "Write the ASCII colon": `line` written with `：` after its name, as it should be.
fn full_width_colon_hint(line: &str) -> Message {
    let line = line.trim();
    let example = match line.split_once('：') {
        Some((name, value)) => format!("{}: {}", name.trim(), shorten(value.trim())),
        None => line.to_string(),
    };
    msg!("yaml-full-width-colon-hint", example = code(&example))
}

fn indentation() -> (Message, Message) {
    (msg!("yaml-indentation"), msg!("yaml-indentation-hint"))
}

fn too_deep() -> (Message, Message) {
    (
        msg!("yaml-too-deep", limit = MAX_YAML_DEPTH),
        msg!("yaml-too-deep-hint"),
    )
}

fn several_documents() -> (Message, Message) {
    (
        msg!("yaml-several-documents"),
        msg!("yaml-several-documents-hint"),
    )
}

/// The last resort: the parser's own words inside ours.
fn syntax(error: &serde_saphyr::Error) -> (Message, Message) {
    let raw = error.to_string();
    // The parser's own limit on nested flow collections (`[[[…`).
    if raw.contains("nesting") || raw.contains("too deep") || raw.contains("recursion") {
        return too_deep();
    }
    (
        msg!("yaml-syntax", detail = clean_message(&raw)),
        msg!("yaml-syntax-hint"),
    )
}

/// Plain words for a file that breaks one of the limits of [`options`].
fn limit_message(error: &serde_saphyr::Error) -> Option<(Message, Message)> {
    use serde_saphyr::Error as E;
    let aliases = || msg!("yaml-aliases-hint");
    Some(match error {
        E::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => too_deep(),
            BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => (
                msg!("yaml-too-many-aliases", limit = MAX_YAML_ALIASES),
                aliases(),
            ),
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => (
                msg!("yaml-too-many-values", limit = MAX_YAML_NODES),
                msg!("yaml-too-large-hint"),
            ),
            BudgetBreach::Documents { .. } => several_documents(),
            _ => (msg!("yaml-alias-expansion"), aliases()),
        },
        E::MultipleDocuments { .. } => several_documents(),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (msg!("yaml-alias-expansion"), aliases()),
        _ => return None,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Task {
        id: String,
        number: u32,
        title: crate::base::lang::Localized,
        #[serde(default)]
        agencies: Vec<String>,
    }

    /// The diagnostic of `text` read as a list of tasks, in both languages.
    fn task_error(text: &str) -> (Diagnostic, String, String) {
        let d = parse::<Vec<Task>>(text, Path::new("data/tasks.yaml"), 1).unwrap_err();
        let zh = d.render(Lang::Zh);
        let en = d.render(Lang::En);
        (d, zh, en)
    }

    const TASK: &str = "- id: t1\n  number: 1\n  title:\n    zh: 示例任务\n    en: Example task\n  agencies:\n    - bureau-a\n";

    #[test]
    fn common_mistakes_are_said_in_plain_words_in_both_languages_at_their_place() {
        /// (from, to, place, code, Chinese words, English words)
        type Case<'a> = (&'a str, &'a str, (usize, usize), &'a str, &'a str, &'a str);
        let cases: &[Case] = &[
            (
                "  number: 1",
                "  numbr: 1",
                (2, 3),
                "yaml-unknown-field",
                "这里不能写字段 `numbr`；这一块可以写的字段是：`id`、`number`、`title`、`agencies`",
                "did you mean `number`?",
            ),
            (
                "    en: Example task\n",
                "",
                (4, 5),
                "yaml-missing-field",
                "这一块缺少字段 `en`",
                "missing field `en`",
            ),
            (
                "  number: 1",
                "  number: one",
                (2, 11),
                "yaml-wrong-kind",
                "这里应当是一个不小于 0 的整数，但写的是 `one`",
                "this should be a whole number of 0 or more, but it is `one`",
            ),
            (
                "    zh: 示例任务",
                "    zh: [草案]示例任务",
                (4, 9),
                "yaml-wrong-kind",
                "整段加上引号：`zh: \"[草案]示例任务\"`",
                "it is a list",
            ),
            (
                "  title:\n    zh: 示例任务\n    en: Example task\n",
                "  title: 示例任务\n",
                (3, 10),
                "yaml-wrong-kind",
                "这里应当是一组字段",
                "but it is `示例任务`",
            ),
            (
                "  agencies:\n    - bureau-a\n",
                "  agencies: bureau-a\n",
                (6, 13),
                "yaml-wrong-kind",
                "`agencies: [bureau-a]`",
                "this should be a list, but it is `bureau-a`",
            ),
            (
                "  number: 1",
                "  number: 1\n  number: 2",
                (3, 3),
                "yaml-duplicate-key",
                "同一块里字段 `number` 写了两次",
                "the key `number` is written twice in the same block",
            ),
            (
                "    zh: 示例任务",
                "    zh: 示例: 任务",
                (4, 11),
                "yaml-colon-in-text",
                "`zh: \"示例: 任务\"`",
                "a colon and a space",
            ),
            (
                "    zh: 示例任务",
                "    zh: @示例任务",
                (4, 9),
                "yaml-special-start",
                "值不能直接以 `@` 开头",
                "`zh: \"@示例任务\"`",
            ),
            (
                "    zh: 示例任务",
                "    zh: *示例任务",
                (4, 9),
                "yaml-special-start",
                "以 `*` 开头的文字要整段加上引号",
                "a value cannot start with `*`",
            ),
            (
                "    zh: 示例任务",
                "    zh: '示例任务",
                (4, 9),
                "yaml-unclosed-quote",
                "引号没有配对",
                "never closed",
            ),
            (
                "    zh: 示例任务",
                "\tzh: 示例任务",
                (4, 2),
                "yaml-tab",
                "制表符",
                "spaces only",
            ),
            (
                "    en: Example task",
                "     en: Example task",
                (5, 8),
                "yaml-indentation",
                "这一行的缩进和上下几行对不上",
                "indented differently",
            ),
            (
                "    en: Example task",
                "    en：Example task",
                (5, 5),
                "yaml-missing-colon",
                "不能用全角的“：”：写成 `en: Example task`",
                "no `: `",
            ),
            (
                "  agencies:\n    - bureau-a\n",
                "  agencies: [bureau-a, bureau-b}\n",
                (6, 13),
                "yaml-mismatched-bracket",
                "以 `[` 开始的部分却用 `}` 结束",
                "what starts with `[` is closed with `}`",
            ),
        ];
        for (from, to, place, code, zh_words, en_words) in cases {
            let text = TASK.replacen(from, to, 1);
            assert_ne!(text, TASK, "{from:?}");
            let (d, zh, en) = task_error(&text);
            assert_eq!((d.line, d.column), *place, "{to:?}: {en}");
            assert_eq!(d.code(), *code, "{to:?}: {en}");
            assert!(zh.contains(zh_words), "{to:?}: {zh}");
            assert!(en.contains(en_words), "{to:?}: {en}");
            assert!(d.hint.is_some(), "{to:?}: {en}");
            for words in [&zh, &en] {
                for jargon in ["scalar", "mapping", "sequence", "DuplicateKeyPolicy", "u32"] {
                    assert!(!words.contains(jargon), "{to:?}: {words}");
                }
            }
        }
    }

    #[test]
    fn a_chinese_message_reads_as_chinese_and_names_the_place() {
        let text = TASK.replacen("  number: 1", "  numbr: 1", 1);
        let (_, zh, _) = task_error(&text);
        assert!(
            zh.starts_with("data/tasks.yaml:2:3: 这里不能写字段 `numbr`"),
            "{zh}"
        );
        assert!(zh.contains("\n  提示：是不是想写 `number`？"), "{zh}");
    }

    #[test]
    fn a_value_holding_a_backtick_is_still_readable_as_code() {
        let text = TASK.replacen("    zh: 示例任务", "    zh: `示例任务", 1);
        let (_, zh, _) = task_error(&text);
        assert!(zh.contains("`` ` ``"), "{zh}");
    }

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
            assert!(
                d.message.render(Lang::En).contains("levels deep"),
                "{}: {d}",
                &text[..20]
            );
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
        assert!(d.message.render(Lang::En).contains("alias"), "{d}");
        // Typed fields take strings only, so the danger there is a long string repeated:
        // 900 copies of 1 MiB would be 900 MiB.
        let big = "x".repeat(1 << 20);
        let refs = vec!["*a"; 900].join(", ");
        let text = format!("- [&a \"{big}\"]\n- [{refs}]\n");
        // Refused by the expansion budget (not by running out of memory); how fast is a matter
        // for benchmarks, not for a timed test.
        let d = parse::<Vec<Vec<String>>>(&text, Path::new("data/x.yaml"), 1).unwrap_err();
        assert!(d.message.render(Lang::En).contains("alias"), "{d}");
        assert_eq!(d.line, 2, "{d}");
    }
}
