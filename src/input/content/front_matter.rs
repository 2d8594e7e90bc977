//! The YAML block at the top of every Markdown file.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::base::error::Diagnostic;
use crate::base::text::is_safe_slug;
use crate::base::yaml;
use crate::msg;

/// Everything a page may say about itself. Unknown fields are an error, so a misspelt
/// `tittle:` is caught instead of silently ignored.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<String>>,
    /// Date of the last meaningful change, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub updated: Option<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    /// Lower weights sort first in lists.
    #[serde(default)]
    pub weight: Option<i64>,
    /// A template of the theme to use instead of the default one.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub template: Option<Spanned<String>>,
    /// Replaces the file name in the page's address.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub slug: Option<Spanned<String>>,
    /// In NFC, each once (see `parse`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Force the table of contents on or off.
    #[serde(default)]
    pub toc: Option<bool>,
    /// `none` declares that this page has no counterpart in the other language, on purpose.
    #[serde(default)]
    pub translation: Option<Translation>,
}

#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Translation {
    None,
}

/// A Markdown file split into its front matter and its body.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub front: FrontMatter,
    pub body: String,
    /// The line of the file on which the body starts.
    pub body_line: usize,
}

/// Splits and parses a Markdown file. Every problem found in the front matter is returned.
pub fn parse(source: &str, shown: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        return Err(vec![Diagnostic::new(
            shown,
            1,
            1,
            msg!("content-no-front-matter"),
        )
        .with_hint(msg!("content-no-front-matter-hint"))]);
    };
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        return Err(vec![Diagnostic::new(
            shown,
            1,
            1,
            msg!("content-front-matter-not-closed"),
        )
        .with_hint(msg!("content-front-matter-not-closed-hint"))]);
    };
    let yaml_text = &rest[..yaml_end];
    let body = &rest[body_start..];
    let body_line = 2 + rest[..body_start].matches('\n').count();
    let mut front: FrontMatter = yaml::parse(yaml_text, shown, 2).map_err(|d| vec![d])?;
    // Tags become addresses and pages of their own: one spelling per tag (NFC, compatibility
    // ideographs folded), each once per page.
    let mut tags: Vec<String> = Vec::with_capacity(front.tags.len());
    for tag in front.tags.iter().map(|t| crate::base::text::nfc(t)) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    front.tags = tags;

    let mut problems = Vec::new();
    if front.title.trim().is_empty() {
        problems.push(
            Diagnostic::new(shown, 2, 1, msg!("content-title-empty"))
                .with_hint(msg!("content-title-empty-hint")),
        );
    }
    for (name, value) in [("date", &front.date), ("updated", &front.updated)] {
        if let Some(v) = value {
            if !crate::base::text::is_valid_date(&v.value) {
                let (l, c) = yaml::place(&v.referenced, 2);
                problems.push(
                    Diagnostic::new(
                        shown,
                        l,
                        c,
                        msg!(
                            "content-bad-date",
                            field = name,
                            value = format!("{:?}", v.value)
                        ),
                    )
                    .with_hint(msg!("content-bad-date-hint")),
                );
            }
        }
    }
    if let Some(slug) = &front.slug {
        if !is_safe_slug(&slug.value) {
            let (l, c) = yaml::place(&slug.referenced, 2);
            problems.push(
                Diagnostic::new(
                    shown,
                    l,
                    c,
                    msg!("content-bad-slug", slug = format!("{:?}", slug.value)),
                )
                .with_hint(msg!("content-bad-slug-hint")),
            );
        }
    }
    if let Some(t) = &front.template {
        let ok = !t.value.is_empty()
            && !t.value.contains("..")
            && !t.value.starts_with('/')
            && t.value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if !ok {
            let (l, c) = yaml::place(&t.referenced, 2);
            problems.push(
                Diagnostic::new(
                    shown,
                    l,
                    c,
                    msg!("content-bad-template-name", name = format!("{:?}", t.value)),
                )
                .with_hint(msg!("content-bad-template-name-hint")),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Parsed {
        front,
        body: body.to_string(),
        body_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;

    #[test]
    fn splits_front_matter_and_body() {
        let p = parse(
            "---\ntitle: 你好\ndate: 2025-06-23\n---\n正文\n",
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(p.front.title, "你好");
        assert_eq!(p.body, "正文\n");
        assert_eq!(p.body_line, 5);
    }

    #[test]
    fn bad_date_points_at_the_value() {
        let e = parse("---\ntitle: x\ndate: 2025-13-45\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!((e[0].line, e[0].column), (3, 7), "{}", e[0]);
    }

    #[test]
    fn unknown_field_is_an_error_on_its_line() {
        let e = parse("---\ntitle: x\ntittle: y\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e[0].line, 3, "{}", e[0]);
        assert!(e[0].message.render(Lang::En).contains("tittle"), "{}", e[0]);
    }

    #[test]
    fn problems_read_in_chinese_name_the_field() {
        let e = parse("---\ntitle: x\ndate: 2025-6-30\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e[0].code(), "content-bad-date");
        let zh = e[0].render(Lang::Zh);
        assert!(
            zh.starts_with("a.md:3:7: `date` 的日期写法不对：\"2025-6-30\""),
            "{zh}"
        );
        assert!(zh.contains("提示：日期写成 年-月-日"), "{zh}");
        let e = parse("正文\n", Path::new("a.md")).unwrap_err();
        assert!(e[0].render(Lang::Zh).contains("信息栏"), "{}", e[0]);
        assert_eq!(
            e[0].to_string().lines().next(),
            Some("a.md:1:1: this page has no front matter")
        );
    }
}
