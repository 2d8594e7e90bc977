//! `config.toml`: the site's title, address, languages, identity and tunables.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::address::Addresses;
use crate::base::error::{Diagnostic, Result};
use crate::base::lang::Lang;
use crate::base::text::line_col;
use crate::input::data::indicator::Thresholds;

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
            Diagnostic::whole_file(shown, format!("cannot read the site configuration: {e}"))
                .with_hint(
                    "every site needs a config.toml at its root; copy the one of the default site",
                )
        })?;
        Config::parse(&text, shown)
    }

    /// Parses configuration text; `shown` is the file name used in diagnostics.
    pub fn parse(text: &str, shown: &Path) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            Diagnostic::new(shown, line, col, e.message().trim().to_string())
                .with_hint("see the comments in the default site's config.toml for every setting")
        })?;
        config.validate(text, shown)?;
        Ok(config)
    }

    fn validate(&self, text: &str, shown: &Path) -> Result<()> {
        let at = |key: &str| text.find(key).map(|i| line_col(text, i)).unwrap_or((1, 1));
        if let Some(problem) = base_url_problem(&self.base_url) {
            let (l, c) = at("base_url");
            return Err(Diagnostic::new(shown, l, c, format!("base_url must be an absolute http(s) address{problem}, found {:?}", self.base_url))
                .with_hint("write e.g. base_url = \"https://example.org/\" or \"https://user.github.io/project/\"")
                .into());
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
                format!("theme must name a folder of themes/ inside the site, found {theme:?}"),
            )
            .with_hint("write e.g. theme = \"default\" and keep the theme in themes/default/")
            .into());
        }
        let t = &self.indicators;
        if !(t.on_track >= t.moderate
            && t.moderate >= t.limited
            && t.on_track.is_finite()
            && t.limited.is_finite())
        {
            let (l, c) = at("[indicators]");
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                "indicator thresholds must satisfy on_track >= moderate >= limited",
            )
            .with_hint("the defaults are on_track = 0.95, moderate = 0.6, limited = 0.0")
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
                format!(
                    "licence_url must be an absolute http(s) address, found {:?}",
                    od.licence_url
                ),
            )
            .with_hint("write e.g. licence_url = \"https://example.org/terms/\", or leave it empty")
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
                format!("`updated` is not a valid date: {:?}", od.updated),
            )
            .with_hint("write dates as YYYY-MM-DD, e.g. 2025-06-24, or leave it empty")
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
                    format!("{key} must be an absolute http(s) address, found {value:?}"),
                )
                .with_hint(format!(
                    "write e.g. {key} = \"https://www.example.gov.cn/\", or leave it empty"
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
                format!("phone is not a telephone number: {phone:?}"),
            )
            .with_hint("write the number as it is dialled, e.g. phone = \"021-12345678\"")
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
                format!("email is not an email address: {email:?}"),
            )
            .with_hint("write one address such as email = \"office@example.gov.cn\"")
            .into());
        }
        let as_of = &self.figures.as_of;
        if !as_of.is_empty() && (as_of.len() != 10 || as_of.parse::<jiff::civil::Date>().is_err()) {
            let (l, c) = at("as_of");
            return Err(Diagnostic::new(
                shown,
                l,
                c,
                format!("[figures] as_of is not a valid date: {as_of:?}"),
            )
            .with_hint("write dates as YYYY-MM-DD, e.g. 2026-06-30, or leave it empty")
            .into());
        }
        if self.news.paginate_by == 0 {
            let (l, c) = at("paginate_by");
            return Err(Diagnostic::new(shown, l, c, "paginate_by must be at least 1").into());
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
                format!(
                    "--base-url must be an absolute http(s) address{problem}, found {base_url:?}"
                ),
            )
            .with_hint("write e.g. --base-url https://example.org/preview/")
            .into());
        }
        Ok(self)
    }

    /// The addresses of the site as published at `base_url`.
    pub fn addresses(&self) -> Addresses {
        Addresses::new(&self.base_url)
    }
}

/// What is wrong with `url` as a `base_url`, as the end of a sentence (`""` when only the
/// scheme is missing); `None` when it is an absolute http(s) address with a host and a path
/// of plain characters. The address is written into pages, feeds, the sitemap and
/// `_headers`, so control characters, spaces, quotes and angle brackets are refused, and
/// so are a query, a fragment and a user name (none of which a site's address has).
pub fn base_url_problem(url: &str) -> Option<String> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some(String::new());
    };
    if let Some(c) = url
        .chars()
        .find(|c| c.is_control() || c.is_whitespace() || "\"<>\\^`{|}".contains(*c))
    {
        return Some(format!(
            " without control characters, spaces, quotes or brackets (it holds {:?})",
            c
        ));
    }
    if url.contains(['?', '#']) {
        return Some(" without a query (`?`) or fragment (`#`)".into());
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
        return Some(" with a host name of letters, digits, dots and hyphens".into());
    }
    None
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
        assert!(d.message.contains("colour"), "{d}");
    }
}
