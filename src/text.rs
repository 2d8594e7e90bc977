//! Small text helpers shared by the loaders.

/// The 1-based line and column (in characters) of a byte offset in `text`.
///
/// Columns count characters, not bytes, because people count Chinese characters one by one
/// and editors show columns that way.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// True for a string usable as one URL path segment and as a file name on every system:
/// lowercase ASCII letters and digits in groups joined by single hyphens.
pub fn is_safe_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// True for a calendar date `YYYY-MM-DD`, or a date and time in RFC 3339 form
/// (`2025-06-23T08:30:00+08:00`, as Hugo and Zola write them).
pub fn is_valid_date(s: &str) -> bool {
    if s.len() == 10 {
        return s.parse::<jiff::civil::Date>().is_ok();
    }
    s.len() > 10
        && (s.parse::<jiff::Timestamp>().is_ok() || s.parse::<jiff::civil::DateTime>().is_ok())
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let t = "第一行\n中文abc";
        assert_eq!(line_col(t, 0), (1, 1));
        let i = t.find('a').unwrap();
        assert_eq!(line_col(t, i), (2, 3));
    }

    #[test]
    fn dates_and_datetimes() {
        for ok in [
            "2025-06-23",
            "2020-01-01T08:37:00+08:00",
            "2025-06-23T10:00:00Z",
            "2025-06-23T10:00:00",
        ] {
            assert!(is_valid_date(ok), "{ok}");
        }
        for bad in [
            "2025-02-30",
            "2025-6-3",
            "yesterday",
            "2025-06-23T25:00:00Z",
            "",
        ] {
            assert!(!is_valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert!(is_safe_slug("rd-intensity"));
        assert!(is_safe_slug("p00001"));
        for bad in [
            "", "..", "a/b", "/etc", "A", "a--b", "-a", "中文", "a_b", "a b",
        ] {
            assert!(!is_safe_slug(bad), "{bad}");
        }
    }
}
