//! `config.toml`: the site's title, address, languages, identity and tunables.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::address::Addresses;
use crate::base::error::{Diagnostic, Result};
use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::base::text::line_col;
use crate::input::data::indicator::Thresholds;
use crate::msg;

/// The whole site configuration, as written in `config.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the site is published, e.g. `https://example.org/` or
    /// `https://user.github.io/project/`. Its path becomes the prefix of every internal link.
    pub base_url: String,
    /// The folder of `themes/` whose templates, strings and assets the site uses.
    #[serde(default = "default_theme")]
    pub theme: String,
    pub languages: Languages,
    #[serde(default)]
    pub identity: Identity,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub indicators: Thresholds,
    #[serde(default)]
    pub news: NewsConfig,
    #[serde(default)]
    pub open_data: OpenDataConfig,
    /// `[contact]`: how the public reaches the site's host about the plan and its services.
    #[serde(default)]
    pub contact: SiteContact,
    /// `[document]`: where the official original of the plan is published.
    #[serde(default)]
    pub document: DocumentConfig,
    #[serde(default)]
    pub figures: FiguresConfig,
    #[serde(default)]
    pub check: CheckConfig,
    /// The language of planportal's own messages (errors, hints, summaries) for this site,
    /// `"zh"` or `"en"`, when neither `--lang` nor the locale says; unset: Chinese.
    #[serde(default)]
    pub messages_language: Option<crate::base::lang::Lang>,
}

/// `[contact]`: the site-wide contact, shown in the footer, on `/about/` and on every service
/// or body page whose data gives no contact of its own. Every field may be empty; nothing is
/// shown (or promised) while all are.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteContact {
    /// Who answers (an office's name), per language.
    pub name: LocalizedConfig,
    /// A telephone number as it is dialled.
    pub phone: String,
    pub email: String,
    /// An absolute http(s) address.
    pub website: String,
    /// A postal or street address, per language.
    pub address: LocalizedConfig,
    /// Office hours, per language.
    pub hours: LocalizedConfig,
}

impl SiteContact {
    /// Whether a reader can reach anyone with it.
    pub fn is_given(&self) -> bool {
        !(self.phone.trim().is_empty()
            && self.email.trim().is_empty()
            && self.website.trim().is_empty()
            && self.address.zh.trim().is_empty()
            && self.address.en.trim().is_empty())
    }
}

/// `[document]`: the official original of the plan.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocumentConfig {
    /// The address of the official text (an absolute http(s) address), or empty.
    pub original_url: String,
}

/// `[figures]`: the release calendar's reference date, and the demonstration-site switch.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FiguresConfig {
    /// The date (`YYYY-MM-DD`) the release calendar is read at: a figure expected before it
    /// and not yet published is shown as overdue. Empty: nothing is called overdue. The build
    /// never reads the clock, so set this when you publish.
    pub as_of: String,
    /// `true` only on a demonstration site whose figures are made up: every page then says
    /// so, and every value is marked as illustrative.
    pub illustrative: bool,
}

impl FiguresConfig {
    /// The configured "as of" date, if set.
    pub fn as_of_date(&self) -> Option<jiff::civil::Date> {
        if self.as_of.is_empty() {
            None
        } else {
            self.as_of.parse().ok()
        }
    }
}

/// `[check]`: what `planportal check` lets through.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Hosts that pages may load images, scripts, stylesheets, media or frames from (e.g.
    /// `["www.example.gov.cn"]`). Empty by default: the site promises no third-party requests,
    /// so `check` reports every such resource. (The pages' Content-Security-Policy still
    /// blocks them unless the theme allows the host too.)
    pub external_hosts: Vec<String>,
}

fn default_theme() -> String {
    "default".into()
}

/// The two languages of the site: Chinese at `/`, English at `/en/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Languages {
    pub zh: LanguageConfig,
    pub en: LanguageConfig,
}

impl Languages {
    pub fn get(&self, lang: Lang) -> &LanguageConfig {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// What a Chinese government site shows in its footer and meta tags. Every field may be
/// empty; an empty field is simply not shown.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Identity {
    /// The organisation that runs the site (主办单位), per language.
    pub host: LocalizedConfig,
    /// How to reach the site's editors (联系方式), per language.
    pub contact: LocalizedConfig,
    /// 政府网站标识码, also written as `<meta name="SiteIDCode">`.
    pub site_id_code: String,
    /// ICP filing number (ICP备案号).
    pub icp: String,
    /// Public-security filing number (公安机关备案号).
    pub public_security: String,
}

/// A configurable text in both languages; either may be empty.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LocalizedConfig {
    pub zh: String,
    pub en: String,
}

impl LocalizedConfig {
    /// The text in `lang` (possibly empty).
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// A syntect theme name used to generate the code stylesheet.
    pub highlight_theme: String,
    /// A page with at least this many `##`/`###` headings gets a table of contents.
    pub toc_min_headings: usize,
    /// Publish raw HTML in Markdown as written. Off by default: it is sanitised.
    pub trust_html: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_theme: "InspiredGitHub".into(),
            toc_min_headings: 4,
            trust_html: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct NewsConfig {
    /// Items per page on the news list and tag pages.
    pub paginate_by: usize,
    /// Newest items in each Atom feed.
    pub feed_limit: usize,
}

impl Default for NewsConfig {
    fn default() -> Self {
        NewsConfig {
            paginate_by: 20,
            feed_limit: 20,
        }
    }
}

/// `[open_data]`: what the `/data/` page says about reusing the downloadable files.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct OpenDataConfig {
    /// The reuse terms, per language. An empty text falls back to the default of that
    /// language, which claims no licence and refers to the host organisation's website policy.
    pub licence: LocalizedConfig,
    /// Where the full terms are published (optional; an absolute http(s) address).
    pub licence_url: String,
    /// The date (`YYYY-MM-DD`) the data files were last changed, when that is later than the
    /// plan's issue and print dates; set it when you add an observation or correct a record.
    pub updated: String,
}

impl OpenDataConfig {
    /// The default reuse statement of each language: no licence is claimed.
    pub const DEFAULT_LICENCE_ZH: &'static str =
        "本站数据的转载和再利用条件，以本网站主办单位的网站使用规定为准。";
    pub const DEFAULT_LICENCE_EN: &'static str = "The terms for copying and reusing this data are those of the website policy of the organisation that runs this site.";

    /// The reuse statement in `lang`: the configured text, or the default when it is empty.
    pub fn licence_text(&self, lang: Lang) -> &str {
        let (text, default) = match lang {
            Lang::Zh => (&self.licence.zh, Self::DEFAULT_LICENCE_ZH),
            Lang::En => (&self.licence.en, Self::DEFAULT_LICENCE_EN),
        };
        if text.trim().is_empty() {
            default
        } else {
            text
        }
    }
}

impl Default for OpenDataConfig {
    fn default() -> Self {
        OpenDataConfig {
            licence: LocalizedConfig {
                zh: Self::DEFAULT_LICENCE_ZH.into(),
                en: Self::DEFAULT_LICENCE_EN.into(),
            },
            licence_url: String::new(),
            updated: String::new(),
        }
    }
}

impl Config {
    /// Reads and checks `config.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("config.toml");
        let shown = Path::new("config.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::whole_file(shown, msg!("config-cannot-read", reason = e.to_string()))
                .with_hint(msg!("config-cannot-read-hint"))
        })?;
        Config::parse(&text, shown)
    }

    /// Parses configuration text; `shown` is the file name used in diagnostics.
    pub fn parse(text: &str, shown: &Path) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
            let (message, hint) = explain_toml(e.message(), line_text);
            Diagnostic::new(shown, line, col, message).with_hint(hint)
        })?;
        config.validate(text, shown)?;
        Ok(config)
    }

    fn validate(&self, text: &str, shown: &Path) -> Result<()> {
        let at = |key: &str| text.find(key).map(|i| line_col(text, i)).unwrap_or((1, 1));
        if let Some(problem) = base_url_problem(&self.base_url) {
            let (l, c) = at("base_url");
            return Err(
                Diagnostic::new(shown, l, c, problem.message("base_url", &self.base_url))
                    .with_hint(msg!("config-base-url-hint"))
                    .into(),
            );
        }
        let theme = &self.theme;
        let plain_name = !theme.is_empty()
            && theme != "."
            && theme != ".."
            && !theme.contains(['/', '\\', ':'])
            && !theme.chars().any(char::is_control);
        if !plain_name {
            let l = text
                .lines()
                .position(|line| {
                    line.trim_start()
                        .strip_prefix("theme")
                        .is_some_and(|rest| rest.trim_start().starts_with('='))
                })
                .map_or(1, |i| i + 1);
            let c = 1;
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                msg!("config-theme-name", value = format!("{theme:?}")),
            )
            .with_hint(msg!("config-theme-name-hint"))
            .into());
        }
        let t = &self.indicators;
        if !(t.on_track >= t.moderate
            && t.moderate >= t.limited
            && t.on_track.is_finite()
            && t.limited.is_finite())
        {
            let (l, c) = at("[indicators]");
            return Err(Diagnostic::new(shown, l, c, msg!("config-thresholds"))
                .with_hint(msg!("config-thresholds-hint"))
                .into());
        }
        let open_data = text.find("[open_data]").unwrap_or(0);
        // The line of `key = …` in [open_data] (not a comment that mentions the word).
        let at_open_data = |key: &str| {
            let mut offset = open_data;
            for line in text[open_data..].split_inclusive('\n') {
                let trimmed = line.trim_start();
                let indent = line.len() - trimmed.len();
                if trimmed
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
                {
                    return line_col(text, offset + indent);
                }
                offset += line.len();
            }
            (1, 1)
        };
        let od = &self.open_data;
        let absolute = |u: &str| u.starts_with("http://") || u.starts_with("https://");
        if !(od.licence_url.is_empty() || absolute(&od.licence_url)) {
            let (l, c) = at_open_data("licence_url");
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                UrlProblem::NotAbsolute.message("licence_url", &od.licence_url),
            )
            .with_hint(msg!(
                "config-url-hint",
                name = "licence_url",
                example = "https://example.org/terms/"
            ))
            .into());
        }
        if !od.updated.is_empty()
            && (od.updated.len() != 10 || od.updated.parse::<jiff::civil::Date>().is_err())
        {
            let (l, c) = at_open_data("updated");
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                msg!(
                    "config-bad-date",
                    name = "`updated`",
                    value = format!("{:?}", od.updated)
                ),
            )
            .with_hint(msg!("config-date-hint", example = "2025-06-24"))
            .into());
        }
        // `[contact]` and `[document]`: addresses http(s) only, a phone that can be dialled.
        let at_in = |table: &str, key: &str| {
            let start = text.find(table).unwrap_or(0);
            let mut offset = start;
            for line in text[start..].split_inclusive('\n') {
                let trimmed = line.trim_start();
                if trimmed
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
                {
                    return line_col(text, offset + line.len() - trimmed.len());
                }
                offset += line.len();
            }
            (1, 1)
        };
        let urls = [
            ("[contact]", "website", &self.contact.website),
            ("[document]", "original_url", &self.document.original_url),
        ];
        for (table, key, value) in urls {
            if !(value.is_empty() || absolute(value)) {
                let (l, c) = at_in(table, key);
                return Err(Diagnostic::new(
                    shown,
                    l,
                    c,
                    UrlProblem::NotAbsolute.message(key, value),
                )
                .with_hint(msg!(
                    "config-url-hint",
                    name = key,
                    example = "https://www.example.gov.cn/"
                ))
                .into());
            }
        }
        let phone = &self.contact.phone;
        if !phone.trim().is_empty() && crate::input::data::tel_href(phone).is_none() {
            let (l, c) = at_in("[contact]", "phone");
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                msg!("config-bad-phone", value = format!("{phone:?}")),
            )
            .with_hint(msg!("config-bad-phone-hint"))
            .into());
        }
        let email = self.contact.email.trim();
        if !email.is_empty()
            && (email.matches('@').count() != 1 || email.contains(char::is_whitespace))
        {
            let (l, c) = at_in("[contact]", "email");
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                msg!("config-bad-email", value = format!("{email:?}")),
            )
            .with_hint(msg!("config-bad-email-hint"))
            .into());
        }
        let as_of = &self.figures.as_of;
        if !as_of.is_empty() && (as_of.len() != 10 || as_of.parse::<jiff::civil::Date>().is_err()) {
            let (l, c) = at("as_of");
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                msg!(
                    "config-bad-date",
                    name = "[figures] as_of",
                    value = format!("{as_of:?}")
                ),
            )
            .with_hint(msg!("config-date-hint", example = "2026-06-30"))
            .into());
        }
        if self.news.paginate_by == 0 {
            let (l, c) = at("paginate_by");
            return Err(Diagnostic::new(shown, l, c, msg!("config-paginate-by"))
                .with_hint(msg!("config-paginate-by-hint"))
                .into());
        }
        Ok(())
    }

    /// A copy with another published address (`--base-url`).
    pub fn with_base_url(mut self, base_url: &str) -> Result<Config> {
        self.base_url = base_url.to_string();
        if let Some(problem) = base_url_problem(base_url) {
            return Err(Diagnostic::new(
                "--base-url",
                1,
                1,
                problem.message("--base-url", base_url),
            )
            .with_hint(msg!("config-base-url-flag-hint"))
            .into());
        }
        Ok(self)
    }

    /// The addresses of the site as published at `base_url`.
    pub fn addresses(&self) -> Addresses {
        Addresses::new(&self.base_url)
    }
}

/// What is wrong with an address that must be an absolute http(s) address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// It does not start with `http://` or `https://`.
    NotAbsolute,
    /// It holds this control character, space, quote or bracket.
    Character(char),
    /// It has a query (`?`) or a fragment (`#`).
    QueryOrFragment,
    /// Its host is not a plain host name (or an IPv6 address in brackets).
    Host,
}

impl UrlProblem {
    /// "`name` must be an absolute http(s) address …, found `value`".
    pub fn message(self, name: &str, value: &str) -> Message {
        let value = format!("{value:?}");
        match self {
            UrlProblem::NotAbsolute => msg!("config-url-not-absolute", name = name, value = value),
            UrlProblem::Character(c) => msg!(
                "config-url-character",
                name = name,
                value = value,
                character = format!("{c:?}")
            ),
            UrlProblem::QueryOrFragment => msg!("config-url-query", name = name, value = value),
            UrlProblem::Host => msg!("config-url-host", name = name, value = value),
        }
    }
}

/// What is wrong with `url` as a `base_url`; `None` when it is an absolute http(s) address
/// with a host and a path of plain characters. The address is written into pages, feeds,
/// the sitemap and `_headers`, so control characters, spaces, quotes and angle brackets are
/// refused, and so are a query, a fragment and a user name (none of which a site's address
/// has).
pub fn base_url_problem(url: &str) -> Option<UrlProblem> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some(UrlProblem::NotAbsolute);
    };
    if let Some(c) = url
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "\"<>\\^`{|}".contains(*c))
    {
        return Some(UrlProblem::Character(c));
    }
    if url.contains(['?', '#']) {
        return Some(UrlProblem::QueryOrFragment);
    }
    let host = rest.split('/').next().unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) && !h.ends_with(':') {
            h
        } else {
            host
        }
    });
    let plain_host = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    let ipv6 = name.starts_with('[') && name.ends_with(']') && name.len() > 2;
    if !(plain_host || ipv6) {
        return Some(UrlProblem::Host);
    }
    None
}

/// Plain words for what the TOML reader says (`e.message()`) about `line`, the line of the
/// problem: the common mistakes recognised, anything else quoted inside our sentence.
fn explain_toml(raw: &str, line: &str) -> (Message, Message) {
    let raw = raw.trim();
    let first = raw.lines().next().unwrap_or(raw).trim();
    let ticked = |s: &str| -> Option<String> {
        let s = s.trim().strip_prefix('`')?;
        Some(s[..s.find('`')?].to_string())
    };
    if let Some(rest) = first.strip_prefix("unknown field ") {
        if let Some(name) = ticked(rest) {
            let known: Vec<String> = rest
                .split_once(", expected ")
                .map(|(_, list)| {
                    list.trim_start_matches("one of ")
                        .split(", ")
                        .filter_map(ticked)
                        .collect()
                })
                .unwrap_or_default();
            let known: Vec<&str> = known.iter().map(String::as_str).collect();
            let message = if known.is_empty() {
                msg!("config-unknown-setting-none", name = name.as_str())
            } else {
                msg!(
                    "config-unknown-setting",
                    name = name.as_str(),
                    names = crate::base::yaml::name_list(&known)
                )
            };
            let hint = match crate::base::yaml::similar(&name, &known) {
                Some(s) => msg!("config-unknown-setting-similar", suggestion = s),
                None => msg!("config-unknown-setting-hint"),
            };
            return (message, hint);
        }
    }
    if let Some(name) = first.strip_prefix("missing field ").and_then(ticked) {
        return (
            msg!("config-missing-setting", name = name.as_str()),
            msg!("config-missing-setting-hint", name = name.as_str()),
        );
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some((found, expected)) = first
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once(", expected "))
        {
            let found = match found.split_once(' ') {
                Some(("string", v)) => format!("`{v}`"),
                Some(("integer" | "floating" | "boolean", v)) => {
                    let v = v.trim_start_matches("point ").trim_matches('`');
                    format!("`{v}`")
                }
                _ => found.to_string(),
            };
            let expected = match expected.trim() {
                "usize" | "u8" | "u16" | "u32" | "u64" => msg!("config-kind-count"),
                "f64" | "f32" => msg!("config-kind-number"),
                "a boolean" => msg!("config-kind-yes-no"),
                "a string" | "a borrowed string" => msg!("config-kind-text"),
                "a sequence" => msg!("config-kind-list"),
                other => Message::verbatim(other),
            };
            return (
                msg!("config-wrong-value", found = found, expected = expected),
                msg!("config-syntax-hint"),
            );
        }
    }
    let setting = line.split(['=', ':', '：']).next().unwrap_or("").trim();
    if first.starts_with("string values must be quoted") {
        let example = match line.split_once('=') {
            Some((name, value)) => format!("`{} = \"{}\"`", name.trim(), value.trim()),
            None => "`name = \"…\"`".to_string(),
        };
        return (
            msg!("config-unquoted-text"),
            msg!("config-unquoted-text-hint", example = example),
        );
    }
    if first == "duplicate key" {
        return (
            msg!("config-duplicate-key", name = setting),
            msg!("config-duplicate-key-hint"),
        );
    }
    if first.starts_with("key with no value") {
        return (
            msg!("config-missing-equals"),
            msg!("config-missing-equals-hint", name = setting),
        );
    }
    if first.starts_with("invalid basic string") || first.starts_with("invalid literal string") {
        return (
            msg!("config-unclosed-quote"),
            msg!("config-unclosed-quote-hint"),
        );
    }
    // A word without quotes where a number or `true`/`false` was tried (`trust_html = no`).
    if let Some((name, value)) = line.split_once('=') {
        let value = value.split(" #").next().unwrap_or("").trim();
        let bare = value.chars().next().is_some_and(char::is_alphabetic)
            && value
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
            && !matches!(value, "true" | "false" | "nan" | "inf");
        if bare {
            return (
                msg!("config-bare-word", value = format!("`{value}`")),
                msg!("config-bare-word-hint", name = name.trim(), value = value),
            );
        }
    }
    let detail = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (
        msg!("config-syntax", detail = detail),
        msg!("config-syntax-hint"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "base_url = \"https://example.org/portal\"\n[languages.zh]\ntitle = \"站点\"\n[languages.en]\ntitle = \"Site\"\n";

    #[test]
    fn base_path_of_a_sub_path_site() {
        let c = Config::parse(MINIMAL, Path::new("config.toml")).unwrap();
        assert_eq!(c.addresses().base_path(), "/portal/");
        let c = c.with_base_url("https://example.org").unwrap();
        assert_eq!(c.addresses().base_path(), "/");
    }

    #[test]
    fn open_data_defaults_claim_no_licence_and_bad_dates_are_refused() {
        let c = Config::parse(MINIMAL, Path::new("config.toml")).unwrap();
        assert!(c
            .open_data
            .licence_text(Lang::En)
            .contains("website policy"));
        assert!(c.open_data.licence_text(Lang::Zh).contains("网站使用规定"));
        let text = format!("{MINIMAL}[open_data]\nlicence = {{ zh = \"\", en = \"Terms\" }}\n");
        let c = Config::parse(&text, Path::new("config.toml")).unwrap();
        assert_eq!(c.open_data.licence_text(Lang::En), "Terms");
        assert!(c.open_data.licence_text(Lang::Zh).contains("网站使用规定"));
        let text = format!("{MINIMAL}[open_data]\nupdated = \"2025-13-01\"\n");
        let err = Config::parse(&text, Path::new("config.toml")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!((d.line, d.column), (7, 1), "{d}");
        let text = format!("{MINIMAL}[open_data]\nlicence_url = \"terms.html\"\n");
        let err = Config::parse(&text, Path::new("config.toml")).unwrap_err();
        assert_eq!(err.diagnostics()[0].line, 7);
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let text = format!("{MINIMAL}colour = \"red\"\n");
        let err = Config::parse(&text, Path::new("config.toml")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.line, 6, "{d}");
        assert!(d.message.render(Lang::En).contains("colour"), "{d}");
        assert_eq!(d.code(), "config-unknown-setting");
    }

    fn error_of(text: &str) -> Diagnostic {
        let err = Config::parse(text, Path::new("config.toml")).unwrap_err();
        err.diagnostics()[0].clone()
    }

    #[test]
    fn problems_read_in_chinese_with_their_place() {
        let d = error_of(&format!("{MINIMAL}[news]\npaginat_by = 5\n"));
        assert_eq!((d.line, d.column), (7, 1), "{d}");
        let zh = d.render(Lang::Zh);
        assert!(
            zh.starts_with("config.toml:7:1: 这里没有 `paginat_by` 这项设置"),
            "{zh}"
        );
        assert!(zh.contains("提示：是不是想写 `paginate_by`？"), "{zh}");
        let d = error_of(&MINIMAL.replace("https://example.org/portal", "example.org"));
        assert_eq!(d.line, 1, "{d}");
        assert!(
            d.render(Lang::Zh)
                .contains("base_url 必须是以 http:// 或 https:// 开头的完整网址"),
            "{}",
            d.render(Lang::Zh)
        );
        assert!(
            d.to_string()
                .contains("base_url must be an absolute http(s) address, found \"example.org\""),
            "{d}"
        );
        let d = error_of(&format!("{MINIMAL}[markdown]\ntoc_min_headings = \"4\"\n"));
        assert!(
            d.render(Lang::Zh).contains("写的是 `\"4\"`"),
            "{}",
            d.render(Lang::Zh)
        );
        let d = error_of(&MINIMAL.replace("title = \"Site\"", "title = Site"));
        assert_eq!(d.code(), "config-unquoted-text");
        assert!(
            d.render(Lang::Zh).contains("`title = \"Site\"`"),
            "{}",
            d.render(Lang::Zh)
        );
    }
}
