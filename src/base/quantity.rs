//! The one formatter for numbers with units, per language.
//!
//! The plan states its figures in Chinese units (亿元, 万人, 万元/人, %, counts of 家 or 件).
//! Chinese readers expect them exactly that way, number and unit written together:
//! `713亿元`, `8.28万人`, `2.8%`. English readers expect the same amounts in their own
//! scale: `71.3 billion yuan`, `82,800 people`, `380,000 yuan per person`, `2.8 %`,
//! `6 firms`. Every page, chart, table, text alternative and open-data text goes through
//! [`format_quantity`] (or [`format_range`], or the [`Scale`] of a chart axis), so a figure
//! reads the same wherever it appears.
//!
//! The unit is recognised by its Chinese text, the plan's own wording; the English text of
//! a data file's unit is used only as the noun after a count (`firms`, `incubators`) and for
//! units this module does not know. Scaling shifts the decimal point of the number as
//! written, so no digit is gained or lost (`615.95亿元` → `61.595 billion yuan`).

use crate::base::lang::{Lang, Localized};
use crate::base::text::format_number;

/// How numbers in one unit are shown in one language: the power of ten to shift the written
/// number by, and the unit text after it. Copy it into chart labels to write axis ticks in
/// the same scale as the axis title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Power of ten the number as written in the data is multiplied by.
    pub shift: i32,
    /// English: group thousands with commas.
    pub group: bool,
}

impl Scale {
    /// Numbers written as they are (Chinese, or an English unit without scaling).
    pub const PLAIN: Scale = Scale {
        shift: 0,
        group: false,
    };

    /// `v` in this scale, without its unit: for axis ticks and chart value labels.
    pub fn number(self, v: f64) -> String {
        let written = format_number(v);
        if written.is_empty() {
            return written;
        }
        let shifted = shift_decimal(&written, self.shift);
        if self.group {
            group_thousands(&shifted)
        } else {
            shifted
        }
    }
}

/// What the formatter knows about a unit in English.
enum English {
    /// Shift by `shift` and write `suffix` after the number.
    Scaled { shift: i32, suffix: &'static str },
    /// A percentage: `2.8 %`.
    Percent,
    /// A count: the data file's English noun after the number, singular for exactly one.
    Count,
}

fn english(unit_zh: &str) -> English {
    match unit_zh {
        "亿元" => English::Scaled {
            shift: -1,
            suffix: "billion yuan",
        },
        "万元" => English::Scaled {
            shift: 4,
            suffix: "yuan",
        },
        "万元/人" => English::Scaled {
            shift: 4,
            suffix: "yuan per person",
        },
        "万人" => English::Scaled {
            shift: 4,
            suffix: "people",
        },
        "%" | "％" => English::Percent,
        _ => English::Count,
    }
}

/// The scale numbers in `unit` are shown in, in `lang`.
pub fn scale(unit: &Localized, lang: Lang) -> Scale {
    match (lang, english(&unit.zh)) {
        (Lang::Zh, _) => Scale::PLAIN,
        (Lang::En, English::Scaled { shift, .. }) => Scale { shift, group: true },
        (Lang::En, _) => Scale {
            shift: 0,
            group: true,
        },
    }
}

/// The unit as it reads after numbers written in [`scale`]: an axis title or a table
/// heading. `亿元` in English is `billion yuan`, `万人` is `people`.
pub fn unit_label(unit: &Localized, lang: Lang) -> String {
    match (lang, english(&unit.zh)) {
        (Lang::Zh, _) => unit.zh.clone(),
        (Lang::En, English::Scaled { suffix, .. }) => suffix.to_string(),
        (Lang::En, English::Percent) => "%".to_string(),
        (Lang::En, English::Count) => unit.en.clone(),
    }
}

/// `value` in `unit`, as readers of `lang` expect it: `713亿元` / `71.3 billion yuan`,
/// `8.28万人` / `82,800 people`, `2.8%` / `2.8 %`, `6家` / `6 firms`.
pub fn format_quantity(value: f64, unit: &Localized, lang: Lang) -> String {
    join(&scale(unit, lang).number(value), unit, lang, value == 1.0)
}

/// A percentage (`40` → `40%` / `40 %`), for figures the site works out, such as progress.
pub fn format_percent(value: f64, lang: Lang) -> String {
    let percent = Localized {
        zh: "%".to_string(),
        en: "%".to_string(),
    };
    format_quantity(value, &percent, lang)
}

/// A range such as a target of 1–2 incubators: `1–2家` / `1–2 incubators`.
pub fn format_range(min: f64, max: f64, unit: &Localized, lang: Lang) -> String {
    let s = scale(unit, lang);
    let numbers = format!("{}\u{2013}{}", s.number(min), s.number(max));
    join(&numbers, unit, lang, false)
}

fn join(number: &str, unit: &Localized, lang: Lang, one: bool) -> String {
    if number.is_empty() {
        return String::new();
    }
    match lang {
        // Chinese writes number and unit together: 713亿元, 2.8%, 6家.
        Lang::Zh => format!("{number}{}", unit.zh),
        Lang::En => match english(&unit.zh) {
            English::Scaled { suffix, .. } => format!("{number} {suffix}"),
            English::Percent => format!("{number} %"),
            English::Count if unit.en.is_empty() => number.to_string(),
            English::Count if one => format!("{number} {}", singular(&unit.en)),
            English::Count => format!("{number} {}", unit.en),
        },
    }
}

/// `firms` → `firm`, `patents per 10,000 population` → `patent per 10,000 population`:
/// the first word loses a plural `s`.
fn singular(noun: &str) -> String {
    let (first, rest) = noun.split_once(' ').unwrap_or((noun, ""));
    let first = match first.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !first.ends_with("ss") => stem,
        _ => first,
    };
    if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first} {rest}")
    }
}

/// Moves the decimal point of a written number (`-12.5`, `615.95`) by `shift` places,
/// exactly, on its digits: `("615.95", -1)` → `"61.595"`, `("8.28", 4)` → `"82800"`.
fn shift_decimal(written: &str, shift: i32) -> String {
    if shift == 0 {
        return written.to_string();
    }
    let (sign, digits) = match written.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", written),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all: String = format!("{int}{frac}");
    // Position of the decimal point within `all`, after the shift.
    let point = int.len() as i64 + i64::from(shift);
    let mut s = if point <= 0 {
        format!("0.{}{all}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= all.len() {
        format!("{all}{}", "0".repeat(point as usize - all.len()))
    } else {
        let (a, b) = all.split_at(point as usize);
        format!("{a}.{b}")
    };
    // Tidy: no leading zeros before the point, no trailing zeros after it.
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let trimmed = s.trim_start_matches('0');
    let s = if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_string()
    };
    if s == "0" {
        s
    } else {
        format!("{sign}{s}")
    }
}

/// `82800` → `82,800`; `1234.5` → `1,234.5`; numbers under 10,000 keep four digits
/// together only when they are years, which this is never given, so `1,000` too.
fn group_thousands(written: &str) -> String {
    let (sign, digits) = match written.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", written),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(zh: &str, en: &str) -> Localized {
        Localized {
            zh: zh.into(),
            en: en.into(),
        }
    }

    fn both(value: f64, u: &Localized) -> (String, String) {
        (
            format_quantity(value, u, Lang::Zh),
            format_quantity(value, u, Lang::En),
        )
    }

    // One test per unit of Annex 1 (data/indicators.yaml), with the plan's own figures.

    #[test]
    fn firms_家() {
        let u = unit("家", "firms");
        assert_eq!(both(6.0, &u), ("6家".into(), "6 firms".into()));
        assert_eq!(both(1.0, &u), ("1家".into(), "1 firm".into()));
        assert_eq!(unit_label(&u, Lang::En), "firms");
    }

    #[test]
    fn incubators_家_and_the_range_target() {
        let u = unit("家", "incubators");
        assert_eq!(both(0.0, &u), ("0家".into(), "0 incubators".into()));
        assert_eq!(format_range(1.0, 2.0, &u, Lang::Zh), "1–2家");
        assert_eq!(format_range(1.0, 2.0, &u, Lang::En), "1–2 incubators");
    }

    #[test]
    fn hundred_millions_of_yuan_亿元() {
        let u = unit("亿元", "CNY 100 million");
        assert_eq!(
            both(713.0, &u),
            ("713亿元".into(), "71.3 billion yuan".into())
        );
        assert_eq!(
            both(615.95, &u),
            ("615.95亿元".into(), "61.595 billion yuan".into())
        );
        assert_eq!(
            both(700.0, &u),
            ("700亿元".into(), "70 billion yuan".into())
        );
        assert_eq!(unit_label(&u, Lang::En), "billion yuan");
        assert_eq!(unit_label(&u, Lang::Zh), "亿元");
        // Axis ticks in the same scale as the axis title.
        assert_eq!(scale(&u, Lang::En).number(650.0), "65");
        assert_eq!(scale(&u, Lang::Zh).number(650.0), "650");
    }

    #[test]
    fn ten_thousands_of_people_万人() {
        let u = unit("万人", "10,000 people");
        assert_eq!(both(8.28, &u), ("8.28万人".into(), "82,800 people".into()));
        assert_eq!(both(2.02, &u), ("2.02万人".into(), "20,200 people".into()));
        assert_eq!(both(10.0, &u), ("10万人".into(), "100,000 people".into()));
        assert_eq!(both(2.5, &u), ("2.5万人".into(), "25,000 people".into()));
        assert_eq!(unit_label(&u, Lang::En), "people");
        assert_eq!(scale(&u, Lang::En).number(9.5), "95,000");
    }

    #[test]
    fn percent() {
        let u = unit("%", "%");
        assert_eq!(both(2.8, &u), ("2.8%".into(), "2.8 %".into()));
        assert_eq!(both(26.0, &u), ("26%".into(), "26 %".into()));
        assert_eq!(both(3.1, &u), ("3.1%".into(), "3.1 %".into()));
        assert_eq!(unit_label(&u, Lang::En), "%");
    }

    #[test]
    fn applications_件() {
        let u = unit("件", "applications");
        assert_eq!(both(349.0, &u), ("349件".into(), "349 applications".into()));
        assert_eq!(
            both(1360.0, &u),
            ("1360件".into(), "1,360 applications".into())
        );
    }

    #[test]
    fn ten_thousand_yuan_per_person_万元每人() {
        let u = unit("万元/人", "CNY 10,000 per person");
        assert_eq!(
            both(38.0, &u),
            ("38万元/人".into(), "380,000 yuan per person".into())
        );
        assert_eq!(
            both(41.0, &u),
            ("41万元/人".into(), "410,000 yuan per person".into())
        );
        assert_eq!(unit_label(&u, Lang::En), "yuan per person");
    }

    #[test]
    fn patents_per_ten_thousand_people_件每万人() {
        let u = unit("件/万人", "patents per 10,000 population");
        assert_eq!(
            both(64.55, &u),
            (
                "64.55件/万人".into(),
                "64.55 patents per 10,000 population".into()
            )
        );
        assert_eq!(
            format_quantity(1.0, &u, Lang::En),
            "1 patent per 10,000 population"
        );
    }

    #[test]
    fn decimal_shifts_are_exact() {
        assert_eq!(shift_decimal("615.95", -1), "61.595");
        assert_eq!(shift_decimal("0.5", -1), "0.05");
        assert_eq!(shift_decimal("8.28", 4), "82800");
        assert_eq!(shift_decimal("0", 4), "0");
        assert_eq!(shift_decimal("-1.5", 4), "-15000");
        assert_eq!(shift_decimal("0.0012", 2), "0.12");
        assert_eq!(group_thousands("1234567.25"), "1,234,567.25");
        assert_eq!(group_thousands("-999"), "-999");
        assert_eq!(format_quantity(f64::NAN, &unit("亿元", ""), Lang::En), "");
    }

    #[test]
    fn no_english_number_is_glued_to_a_unit() {
        for (zh, en) in [
            ("家", "firms"),
            ("亿元", "CNY 100 million"),
            ("万人", "10,000 people"),
            ("%", "%"),
            ("件", "applications"),
            ("万元/人", "CNY 10,000 per person"),
            ("件/万人", "patents per 10,000 population"),
        ] {
            let s = format_quantity(8.28, &unit(zh, en), Lang::En);
            assert!(!s.contains("10,000 people"), "{s}");
            assert!(!s.contains("100 million"), "{s}");
            assert!(s.contains(' '), "{s}");
        }
    }
}
