//! Punctuation of the right language, and the glossary's one English name per term.
//!
//! Pure text rules, each finding problems in one run of text and giving their byte offset,
//! what is wrong and the fix. `planportal check` runs them over English and Chinese texts
//! (pages, data texts, UI strings) and turns the offsets into file:line:col.
//!
//! - English text uses no full-width punctuation (`、`, `，`, `：`, `（`…), except inside a
//!   quoted Chinese name or figure (`沪松府〔2025〕80号`, `700亿元`), where it belongs; the
//!   list comma `、` is reported even there.
//! - Chinese text uses no ASCII `:` `(` `)` right after a Chinese character: `服务主体：`,
//!   `（`, `）`.
//! - English text uses no variant the glossary rejects (`Torch Program` where the glossary
//!   says `Torch Programme`).

use crate::base::messages::Message;
use crate::msg;

/// One problem in a run of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the text given.
    pub offset: usize,
    /// What is wrong, in plain words (both languages).
    pub message: Message,
    /// How to fix it.
    pub fix: Message,
}

/// A term of the glossary as the rules need it: the Chinese term, its one English rendering
/// and the variants to reject.
#[derive(Debug, Clone)]
pub struct GlossaryTerm<'a> {
    pub zh: &'a str,
    pub en: &'a str,
    pub reject: Vec<&'a str>,
}

/// A Han character (the CJK ideograph blocks), as Chinese text is made of.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Full-width punctuation and what English writes instead.
fn english_for(c: char) -> Option<&'static str> {
    Some(match c {
        '、' | '，' => ", ",
        '。' => ". ",
        '：' => ": ",
        '；' => "; ",
        '！' => "!",
        '？' => "?",
        '（' => " (",
        '）' => ") ",
        '【' | '〔' | '［' => "[",
        '】' | '〕' | '］' => "]",
        '《' | '〈' => "italics or quotation marks “",
        '》' | '〉' => "” (closing the title)",
        '「' | '『' => "“",
        '」' | '』' => "”",
        '％' => "%",
        '～' => "–",
        '\u{3000}' => " (an ordinary space)",
        _ => return None,
    })
}

/// How to replace the full-width mark `c`, which English writes as `english`: the
/// characters to type, or for title brackets and the ideographic space, in words.
fn english_fix(c: char, english: &str) -> Message {
    match c {
        '《' | '〈' => msg!("typography-english-title-open", mark = c),
        '》' | '〉' => msg!("typography-english-title-close", mark = c),
        '\u{3000}' => msg!("typography-english-space", mark = c),
        _ => msg!(
            "typography-english-write-instead",
            text = format!("{english:?}"),
            mark = c
        ),
    }
}

/// True when the full-width mark at `i` belongs to Chinese text quoted in English: the
/// nearest character on either side that is not a digit, a space or punctuation is Han
/// (`〔` in `沪松府〔2025〕80号`, `（` in `（2025-2026年）`).
fn inside_chinese(chars: &[(usize, char)], i: usize) -> bool {
    let skip = |c: char| {
        c.is_ascii_digit()
            || c == ' '
            || c == '-'
            || c == '.'
            || english_for(c).is_some()
            || matches!(c, '“' | '”')
    };
    let before = chars[..i].iter().rev().map(|&(_, c)| c).find(|&c| !skip(c));
    let after = chars[i + 1..].iter().map(|&(_, c)| c).find(|&c| !skip(c));
    before.is_some_and(is_han) || after.is_some_and(is_han)
}

/// Full-width punctuation in English `text`, outside quoted Chinese.
pub fn english_punctuation(text: &str) -> Vec<Finding> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (i, &(offset, c)) in chars.iter().enumerate() {
        let Some(fix) = english_for(c) else { continue };
        // The list comma 、 is never right on an English page, not even in a quoted
        // Chinese phrase: readers of English read it as noise, so the phrase is given in
        // English instead.
        if c != '、' && inside_chinese(&chars, i) {
            continue;
        }
        out.push(Finding {
            offset,
            message: msg!("typography-english-full-width", mark = c),
            fix: english_fix(c, fix),
        });
    }
    out
}

/// ASCII `:`, `(` or `)` right after a Chinese character in Chinese `text`.
pub fn chinese_punctuation(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (offset, c) in text.char_indices() {
        let after_han = prev.is_some_and(is_han);
        prev = Some(c);
        if !after_han {
            continue;
        }
        let fix = match c {
            ':' => "：",
            '(' => "（",
            ')' => "）",
            _ => continue,
        };
        out.push(Finding {
            offset,
            message: msg!("typography-ascii-after-chinese", mark = c),
            fix: msg!("typography-ascii-after-chinese-fix", fix = fix),
        });
    }
    out
}

/// Variants the glossary rejects, found in English `text` as whole words (any case).
pub fn glossary_variants(text: &str, terms: &[GlossaryTerm]) -> Vec<Finding> {
    let mut out = Vec::new();
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths outside ASCII; only search when it did not, so
    // offsets stay those of `text`.
    if lower.len() != text.len() {
        return out;
    }
    for term in terms {
        for variant in &term.reject {
            for offset in find_words(&lower, &variant.to_lowercase()) {
                out.push(Finding {
                    offset,
                    message: msg!(
                        "typography-glossary-variant",
                        found = &text[offset..offset + variant.len()],
                        term = term.zh
                    ),
                    fix: msg!("typography-glossary-variant-fix", name = term.en),
                });
            }
        }
    }
    out.sort_by_key(|f| f.offset);
    out
}

/// Byte offsets where `word` occurs in `text` with no letter or digit right before or after.
pub fn find_words(text: &str, word: &str) -> Vec<usize> {
    let mut out = Vec::new();
    if word.is_empty() {
        return out;
    }
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            out.push(start);
        }
        from = start + word.chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;

    #[test]
    fn list_comma_in_english_is_found() {
        let f = english_punctuation("Songjiang District、Shanghai");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].offset, "Songjiang District".len());
        assert!(f[0].fix.render(Lang::En).contains(", "), "{:?}", f[0]);
        assert_eq!(f[0].message.render(Lang::Zh), "英文文字里用了全角标点“、”");
        assert_eq!(f[0].fix.render(Lang::Zh), "改写成 \", \"，不要用“、”");
        assert_eq!(f[0].fix.render(Lang::En), "write \", \" instead of “、”");
    }

    #[test]
    fn title_brackets_and_the_ideographic_space_are_fixed_in_words() {
        let fixes: Vec<(String, String)> = english_punctuation("a《b》c\u{3000}d")
            .iter()
            .map(|f| (f.fix.render(Lang::En), f.fix.render(Lang::Zh)))
            .collect();
        assert_eq!(
            fixes[0].0,
            "write \"italics or quotation marks “\" instead of “《”"
        );
        assert_eq!(
            fixes[1].0,
            "write \"” (closing the title)\" instead of “》”"
        );
        assert_eq!(
            fixes[2].0,
            "write \" (an ordinary space)\" instead of “\u{3000}”"
        );
        assert!(
            fixes.iter().all(|(_, zh)| zh.contains("不要用")),
            "{fixes:?}"
        );
    }

    #[test]
    fn quoted_chinese_in_english_is_left_alone() {
        for ok in [
            "document 沪松府〔2025〕80号, adopted",
            "70 billion yuan (700亿元)",
            "the plan (《张江高新区松江园改革创新发展行动方案（2025-2026年）》)",
            "“park matters handled in the park”",
            "2025–2026",
        ] {
            assert_eq!(english_punctuation(ok), vec![], "{ok}");
        }
        for bad in [
            "a（b）",
            "Note：see",
            "one, two。",
            "50％",
            "the slogan “园区事、园区办”",
        ] {
            assert!(!english_punctuation(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn ascii_colon_and_brackets_after_chinese() {
        let f = chinese_punctuation("服务主体: 区科委(牵头)");
        let found: Vec<usize> = f.iter().map(|f| f.offset).collect();
        assert_eq!(
            found,
            vec![
                "服务主体".len(),
                "服务主体: 区科委".len(),
                "服务主体: 区科委(牵头".len()
            ]
        );
        assert_eq!(
            f[0].fix.render(Lang::En),
            "write the full-width “：” in Chinese text"
        );
        assert_eq!(f[0].message.render(Lang::Zh), "中文后面用了半角的“:”");
        assert_eq!(f[0].fix.render(Lang::Zh), "中文里要写全角的“：”");
        for ok in [
            "服务主体：区科委（牵头）",
            "[方案概览](/plan/)",
            "title: 方案概览",
            "见 https://example.org/",
            "{{ indicator(id=\"x\") }}",
        ] {
            assert_eq!(chinese_punctuation(ok), vec![], "{ok}");
        }
    }

    #[test]
    fn glossary_variants_are_whole_words() {
        let terms = [GlossaryTerm {
            zh: "火炬计划",
            en: "Torch Programme",
            reject: vec!["Torch Program"],
        }];
        assert_eq!(
            glossary_variants("Torch Programme statistics", &terms),
            vec![]
        );
        let f = glossary_variants("From the torch program's annual report", &terms);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].offset, "From the ".len());
        assert!(f[0].fix.render(Lang::En).contains("Torch Programme"));
        assert_eq!(
            f[0].message.render(Lang::En),
            "“torch program” is a variant the glossary rejects for 火炬计划"
        );
        assert_eq!(
            f[0].message.render(Lang::Zh),
            "“torch program”是术语表不采用的“火炬计划”的译法"
        );
    }
}
