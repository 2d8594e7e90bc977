//! What the Atom feed template (`atom.xml`) is given.
//!
//! Dates: front matter has calendar days (`YYYY-MM-DD`) and no time, so a post is taken to
//! be published at midnight China Standard Time: `2025-06-23` becomes
//! `2025-06-23T00:00:00+08:00` (RFC 3339). An entry's `published` is its `date`; its
//! `updated` is its `updated`, or its `date` when it has none. The feed's `updated` is the
//! latest entry `updated`; a feed without entries uses its section page's `updated` or
//! `date`, then the open-data date, so no date ever comes from the clock.
//!
//! Every text is stripped of the characters XML 1.0 forbids, and the template escapes it;
//! the rendered HTML of a post is escaped as the text of `<content type="html">`.

use serde::Serialize;

/// The time zone of the site's dates: China Standard Time.
pub const UTC_OFFSET: &str = "+08:00";

/// `YYYY-MM-DD` as an RFC 3339 date-time at midnight China Standard Time.
pub fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00{UTC_OFFSET}")
}

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

#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    /// The feed's own address, also its `<id>`.
    pub id: String,
    pub self_url: String,
    /// The section's list page.
    pub alternate_url: String,
    /// The feed of the same section in the other language, if it has one.
    pub other_url: Option<String>,
    pub other_hreflang: &'static str,
    pub updated: String,
    /// The `<author>` of every entry: the site's host organisation, or the site title.
    pub author: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The post's permalink, also its `<id>`.
    pub id: String,
    pub url: String,
    pub title: String,
    pub published: String,
    pub updated: String,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// The rendered body, as HTML (escaped by the template).
    pub content: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_midnight_china_time() {
        assert_eq!(rfc3339("2025-06-23"), "2025-06-23T00:00:00+08:00");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(xml_text("a\u{0}b\u{8}c\td\u{FFFF}é中"), "abc\td\u{e9}中");
    }
}
