//! Segmentation shared by the index (here, at build time) and the query (in
//! `themes/default/static/js/search.js`, in the browser).
//!
//! The two implementations must stay identical, character class by character class: the
//! browser test `tests/search.rs` runs both on the same strings and compares the tokens. Every
//! rule maps one character to one character, so positions in the folded text are positions
//! in the original text, which lets the browser mark matches in snippets.

/// What a folded character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Han (with 々 and 〇), kana and hangul: indexed character by character.
    Cjk,
    /// A letter or digit of a word: ASCII, or Latin letters U+00DF–U+024F.
    Word,
    /// Joins the parts of a word when it stands between two word characters: `5G-A`,
    /// `R&D`, `2.8`, `plan's`.
    Joiner,
    /// Everything else (spaces, punctuation, CJK punctuation, symbols): separates runs.
    Other,
}

/// Folds one character: full-width ASCII forms (U+FF01–U+FF5E) become ASCII, the ideographic
/// space becomes a space, then A–Z and À–Þ (but not ×) become lowercase. Every other
/// character is kept as it is. Always one character in, one character out.
pub fn fold(c: char) -> char {
    let mut u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        u -= 0xFEE0;
    } else if u == 0x3000 {
        u = 0x20;
    }
    if (0x41..=0x5A).contains(&u) || ((0xC0..=0xDE).contains(&u) && u != 0xD7) {
        u += 0x20;
    }
    char::from_u32(u).unwrap_or(c)
}

/// Folds every character of `text` (see [`fold`]).
pub fn normalize(text: &str) -> String {
    text.chars().map(fold).collect()
}

/// The class of a folded character.
pub fn class(c: char) -> Class {
    let u = c as u32;
    match u {
        0x30..=0x39 | 0x61..=0x7A => Class::Word,
        0xDF..=0xFF if u != 0xF7 => Class::Word,
        0x100..=0x24F => Class::Word,
        // ' & + - . / _ and the right single quotation mark (typographic apostrophe).
        0x26 | 0x27 | 0x2B | 0x2D | 0x2E | 0x2F | 0x5F | 0x2019 => Class::Joiner,
        // 々 (iteration mark) and 〇 (ideographic zero); the rest of U+3000–U+303F is
        // punctuation.
        0x3005 | 0x3007 => Class::Cjk,
        0x1100..=0x11FF // hangul jamo
        | 0x3040..=0x30FF // hiragana, katakana
        | 0x3130..=0x318F // hangul compatibility jamo
        | 0x31F0..=0x31FF // katakana phonetic extensions
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xAC00..=0xD7AF // hangul syllables
        | 0xF900..=0xFAFF // Han compatibility
        | 0xFF66..=0xFF9F // half-width katakana
        | 0x20000..=0x3134F => Class::Cjk, // Han extensions B–G
        _ => Class::Other,
    }
}

/// A run of the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Consecutive CJK characters.
    Cjk(String),
    /// A word: its folded text as written (`5g-a`) and its parts (`5g`, `a`).
    Word { text: String, parts: Vec<String> },
}

/// Splits `text` into runs after folding it.
pub fn segments(text: &str) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match class(chars[i]) {
            Class::Cjk => {
                let start = i;
                while i < chars.len() && class(chars[i]) == Class::Cjk {
                    i += 1;
                }
                out.push(Segment::Cjk(chars[start..i].iter().collect()));
            }
            Class::Word => {
                let start = i;
                let mut parts = Vec::new();
                loop {
                    let part_start = i;
                    while i < chars.len() && class(chars[i]) == Class::Word {
                        i += 1;
                    }
                    parts.push(chars[part_start..i].iter().collect());
                    let joined = i + 1 < chars.len()
                        && class(chars[i]) == Class::Joiner
                        && class(chars[i + 1]) == Class::Word;
                    if !joined {
                        break;
                    }
                    i += 1;
                }
                out.push(Segment::Word {
                    text: chars[start..i].iter().collect(),
                    parts,
                });
            }
            Class::Joiner | Class::Other => i += 1,
        }
    }
    out
}

/// The tokens under which a text is indexed, in order of appearance (with repeats): each CJK
/// character and each pair of neighbouring CJK characters; each part of a word, and the parts
/// joined when there are several (`5G-A` → `5g`, `a`, `5ga`).
pub fn index_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_index_token(text, |token| out.push(token.to_string()));
    out
}

/// Calls `visit` with each token of [`index_tokens`], in the same order, from one folded
/// copy of the text: a token is a slice of it (only a word's joined parts are made anew).
/// Counting a page's tokens made a string per token before, a tenth of a build's time.
pub fn each_index_token(text: &str, mut visit: impl FnMut(&str)) {
    let folded = normalize(text);
    let chars: Vec<(usize, char)> = folded.char_indices().collect();
    let n = chars.len();
    let end = |i: usize| chars.get(i + 1).map_or(folded.len(), |(at, _)| *at);
    let is = |i: usize, wanted: Class| chars.get(i).is_some_and(|(_, c)| class(*c) == wanted);
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        match class(chars[i].1) {
            Class::Cjk => {
                while is(i, Class::Cjk) {
                    let start = chars[i].0;
                    visit(&folded[start..end(i)]);
                    if is(i + 1, Class::Cjk) {
                        visit(&folded[start..end(i + 1)]);
                    }
                    i += 1;
                }
            }
            Class::Word => {
                parts.clear();
                loop {
                    let start = chars[i].0;
                    while is(i, Class::Word) {
                        i += 1;
                    }
                    parts.push((start, end(i - 1)));
                    if !(is(i, Class::Joiner) && is(i + 1, Class::Word)) {
                        break;
                    }
                    i += 1;
                }
                for &(start, stop) in &parts {
                    visit(&folded[start..stop]);
                }
                if parts.len() > 1 {
                    let joined: String = parts.iter().map(|&(a, b)| &folded[a..b]).collect();
                    visit(&joined);
                }
            }
            Class::Joiner | Class::Other => i += 1,
        }
    }
}

/// One piece of a query: a CJK run or a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The folded text to find in a page (the phrase check and the snippet marks).
    pub needle: String,
    /// Tokens a page must all have: the CJK character of a one-character run, else every
    /// pair of neighbouring characters; for a word, its parts joined.
    pub tokens: Vec<String>,
    /// A CJK run, checked as a substring; a word is checked by its token.
    pub cjk: bool,
    /// The last word of a query that does not end with a space or punctuation: its token
    /// matches every indexed token that starts with it.
    pub prefix: bool,
}

/// The pieces of a query, in order.
pub fn query(text: &str) -> Vec<Piece> {
    let ends_in_word = text
        .chars()
        .next_back()
        .is_some_and(|c| class(fold(c)) == Class::Word);
    let segments = segments(text);
    let last = segments.len().saturating_sub(1);
    segments
        .into_iter()
        .enumerate()
        .map(|(i, segment)| match segment {
            Segment::Cjk(run) => {
                let chars: Vec<char> = run.chars().collect();
                let tokens = if chars.len() == 1 {
                    vec![run.clone()]
                } else {
                    chars.windows(2).map(|w| w.iter().collect()).collect()
                };
                Piece {
                    needle: run,
                    tokens,
                    cjk: true,
                    prefix: false,
                }
            }
            Segment::Word { text, parts } => Piece {
                needle: text,
                tokens: vec![parts.concat()],
                cjk: false,
                prefix: i == last && ends_in_word,
            },
        })
        .collect()
}

/// The stem of an English word token (`devices` → `devic`, `applies` → `appli`), by the
/// Snowball English stemmer; tokens that are not plain ASCII letters, or shorter than three,
/// are their own stem. Only the build calls this: the index carries the stem of every word it
/// holds, so the browser finds a word's stem by looking the word up, never by stemming.
pub fn stem(token: &str) -> std::borrow::Cow<'_, str> {
    use rust_stemmers::{Algorithm, Stemmer};
    use std::sync::OnceLock;
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    if token.len() < 3 || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return std::borrow::Cow::Borrowed(token);
    }
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(token)
}

/// The key under which a page's name is indexed, for the exact-name rule of the ranking: the
/// runs of the folded name joined by one space, without a leading number (`5. 加快发展…` →
/// `=加快发展…`; `Quectel Wireless Solutions` → `=quectel wireless solutions`). The whole
/// query gives its key the same way. `None` for a text with nothing to search.
pub fn name_key(text: &str) -> Option<String> {
    let mut runs: Vec<String> = segments(text)
        .into_iter()
        .map(|s| match s {
            Segment::Cjk(run) => run,
            Segment::Word { text, .. } => text,
        })
        .collect();
    if runs.len() > 1 && runs[0].bytes().all(|b| b.is_ascii_digit()) {
        runs.remove(0);
    }
    if runs.is_empty() {
        return None;
    }
    Some(format!("={}", runs.join(" ")))
}

/// How often `needle` occurs in `hay` (both folded), without overlaps; with `word_start`, only
/// where it begins a word (the character before it is not a word character).
pub fn occurrences(hay: &str, needle: &str, word_start: bool) -> usize {
    if needle.is_empty() {
        return 0;
    }
    let mut count = 0;
    let mut from = 0;
    while let Some(found) = hay[from..].find(needle) {
        let at = from + found;
        let starts_word = !word_start
            || hay[..at]
                .chars()
                .next_back()
                .is_none_or(|c| class(c) != Class::Word);
        if starts_word {
            count += 1;
            from = at + needle.len();
        } else {
            from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens by their definition: from the segments, a string each.
    fn tokens_by_segments(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segments(text) {
            match segment {
                Segment::Cjk(run) => {
                    let chars: Vec<char> = run.chars().collect();
                    for (i, c) in chars.iter().enumerate() {
                        out.push(c.to_string());
                        if let Some(next) = chars.get(i + 1) {
                            out.push([*c, *next].iter().collect());
                        }
                    }
                }
                Segment::Word { parts, .. } => {
                    let joined: String = parts.concat();
                    let several = parts.len() > 1;
                    out.extend(parts);
                    if several {
                        out.push(joined);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn index_tokens_are_the_segments_tokens() {
        for text in [
            "",
            "中试验证 medical devices，科技金融。",
            "５Ｇ－Ａ firms' R&D: a/b c.d_e f+g -x- 'y' ..z.. 1.2.3",
            "々〇ひらがなカタカナ한국어 中 ｱｲ 𠀀𠀁",
            "ÀÉÎ straße Ünïcödé ÷ × ā-b",
            "end-",
            "-start",
            "a",
            "中",
        ] {
            assert_eq!(index_tokens(text), tokens_by_segments(text), "{text:?}");
        }
    }

    fn words(text: &str) -> Vec<String> {
        index_tokens(text)
    }

    #[test]
    fn full_width_and_case_fold_to_ascii_lowercase() {
        assert_eq!(normalize("６Ｇ　ＡＢｃ"), "6g abc");
        assert_eq!(normalize("Équipe ×2"), "équipe ×2");
        // Chinese is kept; the full-width comma is ASCII's, the ideographic full stop is kept.
        assert_eq!(normalize("中试，验证。"), "中试,验证。");
    }

    #[test]
    fn cjk_runs_give_characters_and_bigrams() {
        assert_eq!(
            words("中试验证"),
            ["中", "中试", "试", "试验", "验", "验证", "证"]
        );
        // Punctuation ends a run: no pair across it.
        assert_eq!(
            words("移远、医疗"),
            ["移", "移远", "远", "医", "医疗", "疗"]
        );
        assert_eq!(words("孵"), ["孵"]);
    }

    #[test]
    fn ascii_runs_are_words_with_parts_and_joined_form() {
        assert_eq!(words("6G"), ["6g"]);
        assert_eq!(words("5G-A"), ["5g", "a", "5ga"]);
        assert_eq!(words("R&D spending."), ["r", "d", "rd", "spending"]);
        assert_eq!(words("-leading- trailing-"), ["leading", "trailing"]);
    }

    #[test]
    fn mixed_runs_split_between_scripts() {
        assert_eq!(words("6G高质量"), ["6g", "高", "高质", "质", "质量", "量"]);
        assert_eq!(
            words("G60科创走廊"),
            ["g60", "科", "科创", "创", "创走", "走", "走廊", "廊"]
        );
        assert_eq!(words("ｘ々〇"), ["x", "々", "々〇", "〇"]);
        assert_eq!(
            words("한국어 カナ"),
            ["한", "한국", "국", "국어", "어", "カ", "カナ", "ナ"]
        );
    }

    #[test]
    fn queries_need_all_bigrams_and_prefix_the_last_word() {
        let q = query("医疗器械");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].tokens, ["医疗", "疗器", "器械"]);
        assert!(q[0].cjk && !q[0].prefix);
        assert_eq!(query("中")[0].tokens, ["中"]);
        let q = query("Intellectual prop");
        assert_eq!(q[0].tokens, ["intellectual"]);
        assert!(!q[0].prefix);
        assert_eq!(q[1].tokens, ["prop"]);
        assert!(q[1].prefix);
        // A finished word (followed by a space) is not a prefix.
        assert!(!query("prop ")[0].prefix);
        let q = query("５Ｇ－Ａ");
        assert_eq!(q[0].needle, "5g-a");
        assert_eq!(q[0].tokens, ["5ga"]);
        assert!(query("，。 ").is_empty());
    }

    #[test]
    fn stems_and_name_keys() {
        assert_eq!(stem("devices"), stem("device"));
        assert_eq!(stem("applies"), "appli");
        assert_eq!(stem("apply"), "appli");
        assert_eq!(stem("5g"), "5g");
        assert_eq!(stem("中试"), "中试");
        assert_eq!(
            name_key("5. 加快发展医疗器械").as_deref(),
            Some("=加快发展医疗器械")
        );
        assert_eq!(
            name_key("Quectel  Wireless").as_deref(),
            Some("=quectel wireless")
        );
        assert_eq!(name_key("6G").as_deref(), Some("=6g"));
        assert_eq!(name_key("，。"), None);
    }

    #[test]
    fn occurrences_count_words_only_at_their_start() {
        assert_eq!(occurrences("a plan, a map", "a", true), 2);
        assert_eq!(occurrences("a plan, a map", "a", false), 4);
        assert_eq!(occurrences("中试中试", "中试", false), 2);
        assert_eq!(occurrences("aaa", "aa", false), 1);
        assert_eq!(occurrences("x", "", false), 0);
    }
}
