//! What several outputs need and none owns: a page's Markdown rendered with the site's
//! shortcodes (the HTML pages show it, the feeds carry it), the site's identity as templates
//! see it, and the UI strings. Not an output itself, and it imports none.

pub mod shortcodes;
pub mod updates;

use crate::base::error::Diagnostic;
use crate::base::lang::Lang;
use crate::base::timing::{self, Activity};
use crate::input::content::Page;
use crate::markdown::{self, Highlighter, Rendered};
use crate::model::Site;

use shortcodes::SiteShortcodes;

/// Renders the Markdown bodies of the site's pages, shortcodes included. Built once per run
/// and shared by all threads.
pub struct Bodies<'s> {
    site: &'s Site,
    highlighter: Highlighter,
    shortcodes: SiteShortcodes<'s>,
}

impl<'s> Bodies<'s> {
    pub fn new(site: &'s Site) -> Bodies<'s> {
        Bodies {
            site,
            // An unknown theme was reported when the site was loaded.
            highlighter: Highlighter::for_theme(&site.config.markdown.highlight_theme)
                .unwrap_or_default(),
            shortcodes: SiteShortcodes::new(site),
        }
    }

    /// The HTML and table of contents of `page`'s body.
    pub fn render(&self, page: &Page) -> Result<Rendered, Vec<Diagnostic>> {
        let site = self.site;
        let body = page.body(&site.root).map_err(|d| vec![d])?;
        timing::time(Activity::Markdown, || {
            markdown::render(
                &markdown::Input {
                    source: &body,
                    file: &page.file,
                    first_line: page.body_line,
                    lang: page.lang,
                    addresses: &site.addresses,
                    table_label: ui(site, page.lang, "table_label"),
                    trust_html: site.config.markdown.trust_html,
                },
                &self.highlighter,
                &self.shortcodes,
            )
        })
    }
}

/// The UI string `key` of the theme in `lang`, or the key itself when the theme lacks it
/// (the theme loader reports missing strings before anything renders).
pub fn ui<'a>(site: &'a Site, lang: Lang, key: &'a str) -> &'a str {
    site.theme
        .strings
        .get(&lang)
        .and_then(|strings| strings.get(key))
        .map_or(key, String::as_str)
}

/// The site as templates see it: `site.title`, `site.description`, `site.base_url` and the
/// publisher's identity, in `lang`.
pub fn site_value(site: &Site, lang: Lang) -> serde_json::Value {
    let lc = site.config.languages.get(lang);
    let identity = &site.config.identity;
    let contact = &site.config.contact;
    serde_json::json!({
        "title": lc.title,
        "description": lc.description,
        "base_url": site.addresses.origin_and_path(),
        "identity": {
            "host": identity.host.get(lang),
            "contact": identity.contact.get(lang),
            "site_id_code": identity.site_id_code,
            "icp": identity.icp,
            "public_security": identity.public_security,
        },
        "contact": if contact.is_given() {
            serde_json::json!({
                "name": contact.name.get(lang),
                "phone": contact.phone.trim(),
                "tel": crate::input::data::tel_href(&contact.phone),
                "email": contact.email.trim(),
                "website": contact.website.trim(),
                "address": localized_or_null(&contact.address, lang),
                "hours": localized_or_null(&contact.hours, lang),
            })
        } else {
            serde_json::Value::Null
        },
        "original_url": site.config.document.original_url,
        "illustrative": site.config.figures.illustrative,
        "as_of": site.config.figures.as_of,
    })
}

/// A configured text as templates read a data text (`x[lang]`), or null when it is empty in
/// `lang`.
fn localized_or_null(
    text: &crate::input::config::LocalizedConfig,
    lang: Lang,
) -> serde_json::Value {
    let value = text.get(lang).trim();
    if value.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::json!({ lang.code(): value })
    }
}

pub use crate::base::text::{rfc3339, UTC_OFFSET};

/// `text` without the characters XML 1.0 does not allow (most control characters).
pub fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || ('\u{20}'..='\u{D7FF}').contains(&c)
                || ('\u{E000}'..='\u{FFFD}').contains(&c)
                || c >= '\u{10000}'
        })
        .collect()
}
