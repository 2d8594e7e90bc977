//! Small text helpers shared by every layer: places in text, safe slugs, dates, HTML
//! escaping, the one number formatter and the one "did you mean".

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

/// [`line_col`] for many offsets of one text, in time linear in the text when the offsets
/// come in increasing order (as a parser's events do): each call counts only the lines
/// since the previous one. A page with thousands of problems would otherwise rescan the
/// page from its start for each (measured: 33,569 unclosed `{{` in 700 KB took 11 s).
pub struct LineCounter<'t> {
    text: &'t str,
    /// The last offset asked for, its line and column.
    offset: usize,
    line: usize,
    column: usize,
}

impl<'t> LineCounter<'t> {
    pub fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The 1-based line and column (in characters) of byte `offset`, as [`line_col`].
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = LineCounter::new(text);
        }
        let between = &text[self.offset..offset];
        match between.rfind('\n') {
            Some(last) => {
                self.line += between.matches('\n').count();
                self.column = between[last + 1..].chars().count() + 1;
            }
            None => self.column += between.chars().count(),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// How many columns `s` takes on a terminal: Chinese characters and full-width forms take
/// two, so tables of Chinese labels line up.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '\u{1100}'..='\u{115F}'
            | '\u{2E80}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FF60}'
            | '\u{FFE0}'..='\u{FFE6}' => 2,
            _ => 1,
        })
        .sum()
}

/// A file name or path as printed in messages: control characters (newlines, escape
/// sequences that would drive the terminal, NUL…) are shown escaped, as `\n` or `\u{1b}`, and
/// everything else as it is. A backslash is a path separator only on Windows; elsewhere it
/// is part of the name and is shown as it is.
pub fn escape_name(path: impl AsRef<std::path::Path>) -> String {
    let shown = path.as_ref().to_string_lossy();
    let shown = if cfg!(windows) {
        shown.replace('\\', "/")
    } else {
        shown.into_owned()
    };
    escape_controls(&shown)
}

/// `text` with every control character (C0, DEL, C1) written as an escape (`\n`, `\u{1b}`).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// True for a string usable as one URL path segment and as a file name on every system:
/// lowercase ASCII letters and digits in groups joined by single hyphens, and not a name
/// Windows reserves for a device ([`is_windows_reserved`]).
pub fn is_safe_slug(s: &str) -> bool {
    !is_windows_reserved(s)
        && !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// True for a name Windows reserves for a device — `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`,
/// `LPT0`–`LPT9` (also with ¹ ² ³), in any case and with any extension (`con.md`,
/// `nul.en.md`): a file so named cannot be checked out, opened or uploaded from Windows.
pub fn is_windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let lower = stem.to_ascii_lowercase();
    if matches!(lower.as_str(), "con" | "prn" | "aux" | "nul") {
        return true;
    }
    let mut chars = lower.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: String = chars.collect();
    (prefix == "com" || prefix == "lpt")
        && matches!(
            rest.as_str(),
            "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
        )
}

/// The byte offset and the character of the first control character in `text` other than
/// the line ends and tabs every text file may hold (`\n`, `\r`, `\t`): NUL, escape, form
/// feed, DEL, the C1 controls… Invisible in most editors, they would reach pages, feeds and
/// CSV cells unchanged, so the files that hold them are refused.
pub fn stray_control(text: &str) -> Option<(usize, char)> {
    text.char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// `text` in Unicode normalisation form C. Two spellings of one text — a decomposed `é`, or a
/// CJK compatibility ideograph such as U+F9A8 `令` for U+4EE4 `令`, whose canonical
/// decomposition is the unified ideograph — become the same string, so they cannot make
/// two look-alike tag pages.
pub fn nfc(text: &str) -> String {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(text)
        .into_owned()
}

/// True for a calendar date `YYYY-MM-DD`, or a full RFC 3339 date and time: `T` between
/// them, seconds, and an offset (`2025-06-23T08:30:00+08:00`, `2025-06-23T00:30:00Z`), as
/// Hugo and Zola write them. Anything else — `2025-06-23 10:00`, a time without an offset
/// (which hour would it be?) — is not a date.
pub fn is_valid_date(s: &str) -> bool {
    if s.len() == 10 {
        return s.parse::<jiff::civil::Date>().is_ok();
    }
    is_full_rfc3339(s)
}

fn is_full_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b.len() >= 20
        && s.is_char_boundary(10)
        && s[..10].parse::<jiff::civil::Date>().is_ok()
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':'
        && b[11..13]
            .iter()
            .chain(&b[14..16])
            .chain(&b[17..19])
            .all(u8::is_ascii_digit);
    shape && s.parse::<jiff::Timestamp>().is_ok()
}

/// The time zone of the site's dates: China Standard Time (UTC+8).
pub const UTC_OFFSET: &str = "+08:00";

/// A valid front-matter date ([`is_valid_date`]) as a W3C/RFC 3339 date-time for feeds and
/// sitemaps: a calendar date is taken as midnight China Standard Time
/// (`2025-06-23T00:00:00+08:00`); a full date-time is written in China Standard Time with
/// whole seconds (`2025-06-23T02:30:00Z` → `2025-06-23T10:30:00+08:00`).
pub fn rfc3339(date: &str) -> String {
    if date.len() == 10 {
        return format!("{date}T00:00:00{UTC_OFFSET}");
    }
    match date.parse::<jiff::Timestamp>() {
        Ok(ts) => {
            let cst = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
            ts.to_zoned(cst)
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        }
        // Not reached for validated dates; keep the text rather than invent a time.
        Err(_) => date.to_string(),
    }
}

/// A valid front-matter date as the day a reader is shown (`2025-06-23`): a calendar date as
/// it is, a full date-time as its day in China Standard Time, as [`rfc3339`] writes it
/// (`2025-06-22T20:00:00Z` → `2025-06-23`). Pages keep the full value in `<time datetime>`.
pub fn day(date: &str) -> String {
    rfc3339(date).chars().take(10).collect()
}

/// The first sentence of a text, for a page's description: up to and including the first
/// `。！？`, or the first `.`, `!` or `?` followed by a space and a capital letter (not after
/// an abbreviation such as `No.` or `e.g.`); the whole text, trimmed, when it has one sentence.
pub fn first_sentence(text: &str) -> &str {
    const ABBREVIATIONS: [&str; 12] = [
        "No", "no", "Mr", "Ms", "Dr", "St", "Co", "Ltd", "Inc", "e.g", "i.e", "vs",
    ];
    let text = text.trim();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match c {
            '。' | '！' | '？' => return &text[..end],
            '.' | '!' | '?' => {
                let rest = &text[end..];
                let next_word = rest.trim_start();
                let spaced = rest.len() > next_word.len();
                let capital = next_word.chars().next().is_some_and(char::is_uppercase);
                let word = text[..i].rsplit(char::is_whitespace).next().unwrap_or("");
                if spaced && capital && !ABBREVIATIONS.contains(&word) {
                    return &text[..end];
                }
            }
            _ => {}
        }
    }
    text
}

/// A valid front-matter date as a sitemap `<lastmod>` (W3C datetime): a calendar date as it
/// is, a full date-time as [`rfc3339`] writes it.
pub fn w3c_date(date: &str) -> String {
    if date.len() == 10 {
        date.to_string()
    } else {
        rfc3339(date)
    }
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

/// A readable address segment or element id for a text (a heading, a tag): letters and digits
/// of any script kept, ASCII lowercased, runs of spaces and ASCII punctuation turned into one
/// hyphen, full-width punctuation dropped. Used for heading ids and tag addresses alike.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c.is_ascii_punctuation() {
            pending_hyphen = true;
        }
        // Full-width punctuation (、，。：《》…) is dropped without a hyphen: Chinese does not
        // separate words with it the way English separates them with spaces.
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Formats a number for people and for SVG coordinates: at most two decimals, trailing
/// zeros and a trailing point removed, `.` as decimal separator whatever the locale, and no
/// `-0`. `2.80` → `"2.8"`, `615.95` → `"615.95"`, `10` → `"10"`, `-0.001` → `"0"`.
/// A value that is not a finite number gives an empty string.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let mut s = format!("{v:.2}");
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(trimmed);
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// A number as written in data files for machines (CSV, JSON text): the shortest text that
/// reads back as the same value, without exponent and without a trailing `.0`; nothing for a
/// value that is not finite. Unlike [`format_number`] it never rounds.
pub fn exact_number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    format!("{v}")
}

/// The known name nearest to a misspelt one, if any is near enough to be a typo: at most
/// three edits, or a quarter of the name's length for long names.
pub fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (edit_distance(wanted, k), k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_sentence_ends_at_the_first_full_stop_of_either_language() {
        assert_eq!(
            first_sentence("设立园区管理机构。区科委承担日常管理。"),
            "设立园区管理机构。"
        );
        assert_eq!(first_sentence("  One sentence only  "), "One sentence only");
        assert_eq!(
            first_sentence("A body is set up. The office runs it."),
            "A body is set up."
        );
        // Not a sentence end: a decimal, an abbreviation, a lower-case word after the stop.
        assert_eq!(
            first_sentence("Revenue of 3.5 billion, see No. 80 and e.g. Annex 2. Then more."),
            "Revenue of 3.5 billion, see No. 80 and e.g. Annex 2."
        );
        assert_eq!(
            first_sentence("v1.2 is out. and so on"),
            "v1.2 is out. and so on"
        );
        assert_eq!(first_sentence(""), "");
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(
            did_you_mean("district-stcc", ["district-stc", "district-drc"]),
            Some("district-stc")
        );
        assert_eq!(did_you_mean("zzzzzz", ["district-stc"]), None);
    }

    #[test]
    fn a_date_is_shown_as_its_day_in_china_standard_time() {
        assert_eq!(day("2025-06-23"), "2025-06-23");
        assert_eq!(day("2020-01-26T19:07:00+08:00"), "2020-01-26");
        assert_eq!(day("2025-06-22T20:00:00Z"), "2025-06-23");
        assert_eq!(day("2025-06-23T02:30:00Z"), "2025-06-23");
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(format_number(2.80), "2.8");
        assert_eq!(format_number(615.95), "615.95");
        assert_eq!(format_number(10.0), "10");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(f64::NAN), "");
    }

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
            "2025-06-23t10:00:00.5-05:00",
        ] {
            assert!(is_valid_date(ok), "{ok}");
        }
        assert_eq!(rfc3339("2025-06-23"), "2025-06-23T00:00:00+08:00");
        assert_eq!(rfc3339("2025-06-23T02:30:00Z"), "2025-06-23T10:30:00+08:00");
        assert_eq!(
            rfc3339("2025-06-23t10:00:00.5-05:00"),
            "2025-06-23T23:00:00+08:00"
        );
        assert_eq!(w3c_date("2025-06-23"), "2025-06-23");
        for bad in [
            "2025-06-23 10:00",
            "2025-06-23T10:00:00",
            "2025-06-23T10:00+08:00",
            "2025-06-23 10:00:00+08:00",
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

    #[test]
    fn line_counter_agrees_with_line_col_in_any_order() {
        let text = "a\nbé\n\n中文c\nlast";
        let mut counter = LineCounter::new(text);
        let offsets: Vec<usize> = (0..=text.len()).chain([3, 0, 9, 100]).collect();
        for offset in offsets {
            assert_eq!(counter.line_col(offset), line_col(text, offset), "{offset}");
        }
    }
}
