//! The text a reader sees in a rendered page's `<main>`, for the search index.
//!
//! A small scanner over the HTML the templates produce (well-formed, attribute values
//! escaped), not a general HTML parser: it skips what is not prose (`<nav>` such as the table
//! of contents and the pager, `<svg>` charts, scripts, styles, `<noscript>`, `<template>`,
//! comments), keeps inline elements glued to their neighbours (`<strong>重要</strong>后面`
//! stays one run) and puts a space at every other element boundary, so that no word or
//! character pair spans two paragraphs or table cells.

/// The page's title (its first `<h1>`) and the whitespace-collapsed text of the rest of its
/// `<main>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub title: String,
    pub text: String,
}

/// Elements whose content is skipped.
const SKIPPED: [&str; 7] = [
    "nav", "svg", "script", "style", "noscript", "template", "head",
];

/// Elements that do not break a run of text.
const INLINE: [&str; 26] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Extracts the title and text of `<main>`; `None` when the page has no `<main>`.
pub fn extract(html: &str) -> Option<Extracted> {
    let start = find_tag(html, "main")?;
    let body = &html[start..];
    let end = body.find("</main>").unwrap_or(body.len());
    let body = &body[..end];

    let mut text = String::new();
    let mut title: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut skipping: Option<(String, usize)> = None;
    let mut rest = body;
    // The `<main ...>` tag itself.
    if let Some(gt) = tag_end(rest) {
        rest = &rest[gt..];
    }
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(rest, &mut text, &mut h1, skipping.is_some());
            break;
        };
        push_text(&rest[..lt], &mut text, &mut h1, skipping.is_some());
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            break;
        };
        let tag = &rest[1..gt - 1];
        rest = &rest[gt..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            continue;
        }
        if let Some((skipped, depth)) = &mut skipping {
            if *skipped == name {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                        text.push(' ');
                    }
                } else if !tag.ends_with('/') {
                    *depth += 1;
                }
            }
            continue;
        }
        if !closing && SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            skipping = Some((name, 1));
            continue;
        }
        if name == "h1" {
            if closing {
                if let Some(t) = h1.take() {
                    if title.is_none() {
                        title = Some(collapse(&t));
                    }
                }
            } else if title.is_none() {
                h1 = Some(String::new());
            }
        }
        if !INLINE.contains(&name.as_str()) {
            text.push(' ');
        }
    }
    Some(Extracted {
        title: title.unwrap_or_default(),
        text: collapse(&text),
    })
}

/// The byte offset of `<name` followed by `>` or whitespace, if any.
fn find_tag(html: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(i) = html[from..].find(&open) {
        let at = from + i;
        let next = html[at + open.len()..].chars().next();
        if next.is_some_and(|c| c == '>' || c.is_ascii_whitespace()) {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// The offset just past the `>` closing the tag that `s` starts with, skipping quoted
/// attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn push_text(raw: &str, text: &mut String, h1: &mut Option<String>, skipping: bool) {
    if skipping || raw.is_empty() {
        return;
    }
    let decoded = decode_entities(raw);
    match h1 {
        Some(h) => h.push_str(&decoded),
        None => text.push_str(&decoded),
    }
}

/// Collapses every run of whitespace into one space and trims the ends.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the character references the templates and Markdown produce: the five escapes,
/// `&nbsp;` and numeric references. Others are kept as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(';')
            .map(|j| j + 1)
            .filter(|&j| j <= 10 && j > 1);
        let decoded = end.and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else if let Some(dec) = name.strip_prefix('#') {
                        dec.parse::<u32>().ok()
                    } else {
                        None
                    };
                    number.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_without_navigation_and_charts() {
        let html = r##"<html><head><title>x</title></head><body><header>站点</header>
<main id="main" tabindex="-1"><div class="wrap"><h1>中试 <em>验证</em></h1>
<nav class="toc"><h2>本页目录</h2><ol><li><a href="#a">目录项</a></li></ol></nav>
<p>提供<strong>中试</strong>放大&amp;验证&#65281;</p><svg><title>图</title><text>1</text></svg>
<!-- a comment --><table><tr><td>甲</td><td>乙</td></tr></table>
<script src="/x.js"></script><p data-x="a>b">end</p></div></main><footer>页脚</footer>"##;
        let e = extract(html).unwrap();
        assert_eq!(e.title, "中试 验证");
        // The title is not repeated in the text.
        assert_eq!(e.text, "提供中试放大&验证！ 甲 乙 end");
    }

    #[test]
    fn nested_skipped_elements_and_missing_main() {
        let html = "<main><nav><nav>a</nav>b</nav><p>c</p></main>";
        assert_eq!(extract(html).unwrap().text, "c");
        assert_eq!(extract("<mainframe>x</mainframe>"), None);
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#39;c&#x27; &unknown; & d"),
            "a <b> 'c' &unknown; & d"
        );
    }
}
