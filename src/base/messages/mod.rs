//! Every message planportal shows a person, in Chinese and in English.
//!
//! The people who fix a broken page read Chinese first, so no message may exist in one
//! language only. The words live in catalogue files beside this module (`*.toml`, one per
//! area), keyed by a stable code such as `yaml-duplicate-key`; the code also names the
//! kind of problem in `check --format json` and in GitHub annotations, the same in both
//! languages. Code builds a [`Message`] with [`msg!`](crate::msg): the code and the named
//! values to put into the words. Which language is shown is decided only at the edge
//! (`--lang`, the locale, the site's setting), so a message can be shown in both.
//!
//! `tests/messages.rs` enumerates the catalogue and every `msg!` in the sources: each code
//! used exists, each entry has both languages with the same `{placeholders}`, no entry is
//! unused.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use super::lang::{Lang, Localized};

/// The catalogue files, read once on first use. A file per area keeps edits apart.
pub const CATALOGUES: &[(&str, &str)] = &[
    ("base.toml", include_str!("base.toml")),
    ("yaml.toml", include_str!("yaml.toml")),
    ("config.toml", include_str!("config.toml")),
    ("theme.toml", include_str!("theme.toml")),
    ("content.toml", include_str!("content.toml")),
    ("markdown.toml", include_str!("markdown.toml")),
    ("data.toml", include_str!("data.toml")),
    ("model.toml", include_str!("model.toml")),
    ("commands.toml", include_str!("commands.toml")),
    ("publish.toml", include_str!("publish.toml")),
    ("import.toml", include_str!("import.toml")),
];

/// Every entry of every catalogue by code, and the problems met reading them (a duplicate
/// code, a file that is not TOML). The problems are for `tests/messages.rs`; at run time a
/// bad entry only shows as its code.
pub struct Catalogue {
    /// The words of each code in both languages, with `{name}` placeholders.
    pub entries: HashMap<String, Localized>,
    pub problems: Vec<String>,
}

/// The catalogue, parsed on first use.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut entries = HashMap::new();
        let mut problems = Vec::new();
        for (name, text) in CATALOGUES {
            match toml::from_str::<HashMap<String, Localized>>(text) {
                Ok(file) => {
                    for (code, entry) in file {
                        if entries.contains_key(&code) {
                            problems.push(format!("{name}: the code `{code}` is used twice"));
                        }
                        entries.insert(code, entry);
                    }
                }
                Err(e) => problems.push(format!("{name}: {e}")),
            }
        }
        Catalogue { entries, problems }
    })
}

/// A value put into a message's words: plain text (a file name, a number, a quoted id) or
/// another message, itself shown in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    Text(String),
    Message(Message),
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<Message> for Arg {
    fn from(m: Message) -> Self {
        Arg::Message(m)
    }
}
macro_rules! arg_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Text(v.to_string())
            }
        }
    )*};
}
arg_from_display!(usize, u8, u16, u32, u64, i32, i64, f64, char);

/// What to say, in no language yet: a catalogue code and the values for its placeholders.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Message {
    code: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// The code of text that comes from elsewhere as it is (a library's own words), shown
/// unchanged in both languages. Use it only inside a catalogued sentence, as a value.
const VERBATIM: &str = "verbatim";

impl Message {
    /// The message `code` of the catalogue, with no values yet (see [`Message::arg`]).
    pub fn new(code: &'static str) -> Self {
        Message {
            code,
            args: Vec::new(),
        }
    }

    /// Text shown as it is in both languages: a value, never a sentence of ours.
    pub fn verbatim(text: impl Into<String>) -> Self {
        Message::new(VERBATIM).arg("text", text.into())
    }

    /// Puts `value` in place of `{name}`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The stable code of this kind of message.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The value given for `{name}`, if any.
    pub fn value(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The words in `lang`, placeholders filled. An unknown code (a bug, caught by
    /// `tests/messages.rs`) shows as the code and its values rather than as nothing.
    pub fn render(&self, lang: Lang) -> String {
        if self.code == VERBATIM {
            return match self.value("text") {
                Some(v) => render_arg(v, lang),
                None => String::new(),
            };
        }
        let Some(entry) = catalogue().entries.get(self.code) else {
            let values: Vec<String> = self
                .args
                .iter()
                .map(|(n, v)| format!("{n}={}", render_arg(v, lang)))
                .collect();
            return format!("[{}] {}", self.code, values.join(", "));
        };
        fill(entry.get(lang.code()), |name| {
            self.value(name).map(|v| render_arg(v, lang))
        })
    }
}

fn render_arg(arg: &Arg, lang: Lang) -> String {
    match arg {
        Arg::Text(s) => s.clone(),
        Arg::Message(m) => m.render(lang),
    }
}

/// Fills `{name}` placeholders of `template` from `value`; `{{` and `}}` are literal braces.
/// `{name:s}` writes `s` unless the value of `name` is `1` — English plurals ("1 file",
/// "2 files"). A placeholder without a value is left as written.
pub fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('{') {
            if let Some(end) = tail.find('}') {
                let inside = &tail[1..end];
                // `{name:s}`: the suffix unless the value is 1 (English plurals).
                let (name, suffix) = match inside.split_once(':') {
                    Some((n, s)) if s.chars().all(|c| c.is_ascii_alphabetic()) => (n, Some(s)),
                    _ => (inside, None),
                };
                if is_placeholder_name(name) {
                    match (value(name), suffix) {
                        (Some(v), None) => out.push_str(&v),
                        (Some(v), Some(s)) => {
                            if v != "1" {
                                out.push_str(s)
                            }
                        }
                        (None, _) => out.push_str(&tail[..=end]),
                    }
                    rest = &tail[end + 1..];
                    continue;
                }
            }
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a catalogue text, in order of first appearance.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let _ = fill(template, |name| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        Some(String::new())
    });
    names
}

fn is_placeholder_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for Message {
    /// English: for logs and tests. People get [`Message::render`] in their language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Builds a [`Message`]: `msg!("code")` or `msg!("code", name = value, …)`; a value is any
/// text, number or another `Message`.
#[macro_export]
macro_rules! msg {
    ($code:literal $(,)?) => {
        $crate::base::messages::Message::new($code)
    };
    ($code:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::base::messages::Message::new($code)$(.arg(stringify!($name), $value))+
    };
}

/// Chooses the language of messages: `--lang` when given; else the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`, the first one set) when it names Chinese or English; else the
/// site's `messages_language` setting; else the site's first language, Chinese.
///
/// A locale such as `C.UTF-8` or `fr_FR` says nothing about zh/en and is passed over.
pub fn choose_language(flag: Option<Lang>, locale: Option<&str>, site: Option<Lang>) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    if let Some(lang) = locale.and_then(lang_of_locale) {
        return lang;
    }
    site.unwrap_or(Lang::Zh)
}

/// `zh_CN.UTF-8`, `zh_TW`, `zh` → Chinese; `en_US.UTF-8`, `en` → English; anything else
/// (`C.UTF-8`, `POSIX`, `de_DE`) → none.
pub fn lang_of_locale(locale: &str) -> Option<Lang> {
    let lower = locale.trim().to_ascii_lowercase();
    let head = lower.split(['_', '.', '-', '@']).next().unwrap_or("");
    match head {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The locale that decides messages, as POSIX orders the variables: the first of
/// `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty.
pub fn locale_from_env() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_double_braces_are_literal() {
        let s = fill("a {x} b {{y}} {missing} {not a name} file{x:s}", |n| {
            (n == "x").then(|| "1".to_string())
        });
        assert_eq!(s, "a 1 b {y} {missing} {not a name} file");
        assert_eq!(fill("{n} file{n:s}", |_| Some("2".into())), "2 files");
        assert_eq!(placeholders("{a} and {b} and {a:s} {{c}}"), ["a", "b"]);
    }

    #[test]
    fn the_locale_decides_only_when_it_names_a_language_of_the_site() {
        assert_eq!(lang_of_locale("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(lang_of_locale("en_GB"), Some(Lang::En));
        assert_eq!(lang_of_locale("C.UTF-8"), None);
        assert_eq!(lang_of_locale("de_DE.UTF-8"), None);
        assert_eq!(choose_language(None, Some("C.UTF-8"), None), Lang::Zh);
        assert_eq!(
            choose_language(None, Some("C.UTF-8"), Some(Lang::En)),
            Lang::En
        );
        assert_eq!(
            choose_language(None, Some("zh_CN.UTF-8"), Some(Lang::En)),
            Lang::Zh
        );
        assert_eq!(
            choose_language(Some(Lang::En), Some("zh_CN.UTF-8"), None),
            Lang::En
        );
    }

    #[test]
    fn an_unknown_code_shows_itself_and_its_values() {
        let m = Message::new("no-such-code").arg("file", "a.md");
        assert_eq!(m.render(Lang::Zh), "[no-such-code] file=a.md");
    }

    #[test]
    fn a_nested_message_is_shown_in_the_same_language() {
        let inner = Message::verbatim("x");
        let outer = Message::new("no-such-code").arg("what", inner);
        assert_eq!(outer.render(Lang::En), "[no-such-code] what=x");
    }
}
