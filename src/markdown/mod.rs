//! Markdown to HTML: pulldown-cmark plus the few things a bilingual government site needs.
//!
//! The parser's event stream goes through small passes, each with one job:
//! shortcodes (`{{ indicator(id="…") }}`), CJK-friendly emphasis, heading ids and the table of
//! contents, syntax highlighting of fenced code, site-relative links, and scrollable tables.

pub mod cjk_emphasis;
pub mod headings;
pub mod highlight;
pub mod shortcodes;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::error::Diagnostic;
use crate::lang::Lang;
use crate::text::{escape_html, line_col};

pub use highlight::Highlighter;
pub use shortcodes::Call;

/// The parser options every page is read with.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders shortcodes for the Markdown pass; the site model implements it with the plan data.
pub trait ShortcodeHandler: Sync {
    /// The HTML for `call` on a page in `lang`, or a plain-words message of what is wrong.
    fn render(&self, call: &Call, lang: Lang) -> Result<String, String>;
}

/// A handler that knows no shortcodes (for fixtures and tests).
pub struct NoShortcodes;

impl ShortcodeHandler for NoShortcodes {
    fn render(&self, call: &Call, _lang: Lang) -> Result<String, String> {
        Err(format!("unknown shortcode `{}`", call.name))
    }
}

/// What a page's Markdown needs to know about where it is.
pub struct Input<'a> {
    pub source: &'a str,
    /// The file, for diagnostics.
    pub file: &'a Path,
    /// The file line on which `source` starts.
    pub first_line: usize,
    pub lang: Lang,
    /// The site's base path, e.g. `/` or `/portal/`.
    pub base_path: &'a str,
    /// The accessible name of the scrollable wrapper around tables, in the page's language.
    pub table_label: &'a str,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The `##` and `###` headings, in order.
    pub toc: Vec<TocEntry>,
    /// Every id given to an element (headings, footnotes), for anchor checks.
    pub ids: Vec<String>,
    /// Every link and image target as written, with its place in the file.
    pub links: Vec<(String, usize, usize)>,
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Renders one page's Markdown. All problems found (bad shortcodes…) are returned together.
pub fn render(
    input: &Input,
    highlighter: &Highlighter,
    shortcodes: &dyn ShortcodeHandler,
) -> Result<Rendered, Vec<Diagnostic>> {
    let events: Vec<Spanned> = Parser::new_ext(input.source, parser_options())
        .into_offset_iter()
        .collect();
    let events = merge_text(events);
    let mut rendered = Rendered::default();
    let mut problems = Vec::new();
    for (event, range) in &events {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            let (l, c) = line_col(input.source, range.start);
            rendered
                .links
                .push((dest_url.to_string(), l + input.first_line - 1, c));
        }
    }
    let events = expand_shortcodes(events, input, shortcodes, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let events = cjk_emphasis::apply(input.source, events);
    let events = finish(events, input, highlighter, &mut rendered);
    let mut html = String::with_capacity(input.source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    rendered.html = html;
    Ok(rendered)
}

/// Joins neighbouring text events, which the parser splits at every special character, so
/// that later passes see whole runs of text.
fn merge_text(events: Vec<Spanned>) -> Vec<Spanned> {
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Event::Text(t) = &event {
            if let Some((Event::Text(prev), prev_range)) = out.last_mut() {
                if prev_range.end == range.start {
                    let joined = format!("{prev}{t}");
                    *prev = CowStr::from(joined);
                    prev_range.end = range.end;
                    continue;
                }
            }
        }
        out.push((event, range));
    }
    out
}

fn expand_shortcodes<'a>(
    events: Vec<Spanned<'a>>,
    input: &Input,
    handler: &dyn ShortcodeHandler,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let place = |text: &str, range: &Range<usize>, offset: usize| {
        // Text equals its source unless it held escapes or entities; then point at its start.
        let src = input.source.get(range.clone()).unwrap_or("");
        let at = if src == text {
            range.start + offset
        } else {
            range.start
        };
        let (l, c) = line_col(input.source, at);
        (l + input.first_line - 1, c)
    };
    let mut i = 0;
    let mut in_code_block = false;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            _ => {}
        }
        let Event::Text(text) = event else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        // A shortcode inside a code block is shown as written.
        if in_code_block || !text.contains("{{") {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let calls = match shortcodes::find(text) {
            Ok(calls) => calls,
            Err(e) => {
                let (l, c) = place(text, range, e.offset);
                problems.push(Diagnostic::new(input.file, l, c, e.message).with_hint(
                    "shortcodes look like {{ indicator(id=\"rd-intensity\") }}; to show braces literally, put them in `code`",
                ));
                out.push(events[i].clone());
                i += 1;
                continue;
            }
        };
        // A paragraph holding nothing but one shortcode becomes the shortcode's block HTML,
        // without a <p> around it (a card is not a paragraph).
        let alone = calls.len() == 1
            && text[..calls[0].start].trim().is_empty()
            && text[calls[0].end..].trim().is_empty()
            && matches!(out.last(), Some((Event::Start(Tag::Paragraph), _)))
            && matches!(events.get(i + 1), Some((Event::End(TagEnd::Paragraph), _)));
        let mut pieces: Vec<Spanned<'a>> = Vec::new();
        let mut last = 0;
        for call in &calls {
            if call.start > last {
                pieces.push((
                    Event::Text(CowStr::from(text[last..call.start].to_string())),
                    range.clone(),
                ));
            }
            match handler.render(call, input.lang) {
                Ok(html) => pieces.push((Event::Html(CowStr::from(html)), range.clone())),
                Err(message) => {
                    let (l, c) = place(text, range, call.start);
                    problems.push(Diagnostic::new(input.file, l, c, message).with_hint(
                        "check the shortcode's name and the id against the files in data/; the editing guide lists every shortcode",
                    ));
                }
            }
            last = call.end;
        }
        if last < text.len() {
            pieces.push((
                Event::Text(CowStr::from(text[last..].to_string())),
                range.clone(),
            ));
        }
        if alone {
            out.pop(); // the <p>
            out.extend(
                pieces
                    .into_iter()
                    .filter(|(e, _)| matches!(e, Event::Html(_))),
            );
            i += 2; // skip the </p>
        } else {
            out.extend(pieces);
            i += 1;
        }
    }
    out
}

/// Heading ids and TOC, highlighted code, site-relative links, scrollable tables.
fn finish<'a>(
    events: Vec<Event<'a>>,
    input: &Input,
    highlighter: &Highlighter,
    rendered: &mut Rendered,
) -> Vec<Event<'a>> {
    let mut ids = headings::IdSet::default();
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                for e in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(e);
                }
                let text: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let wanted = id
                    .as_deref()
                    .map(str::to_string)
                    .unwrap_or_else(|| headings::slugify(&text));
                let unique = ids.unique(&wanted);
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    rendered.toc.push(TocEntry {
                        level: level as u8,
                        id: unique.clone(),
                        title: text.trim().to_string(),
                    });
                }
                rendered.ids.push(unique.clone());
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(unique)),
                    classes,
                    attrs,
                }));
                out.extend(inner.into_iter().map(|e| rewrite_link(e, input)));
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut code = String::new();
                for e in iter.by_ref() {
                    match e {
                        Event::End(TagEnd::CodeBlock) => break,
                        Event::Text(t) => code.push_str(&t),
                        _ => {}
                    }
                }
                out.push(Event::Html(CowStr::from(
                    highlighter.block(&lang, &code).to_string(),
                )));
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                    escape_html(input.table_label)
                ))));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html(CowStr::from("</div>")));
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                rendered.ids.push(name.to_string());
                out.push(event);
            }
            other => out.push(rewrite_link(other, input)),
        }
    }
    out
}

/// Links written as site paths (`/tasks/`) get the base path and, on English pages, `en/`;
/// images and files (`/files/a.pdf`) get only the base path, as they are shared by both languages.
fn rewrite_link<'a>(event: Event<'a>, input: &Input) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: site_url(&dest_url, input, true),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: site_url(&dest_url, input, false),
            title,
            id,
        }),
        other => other,
    }
}

fn site_url<'a>(dest: &CowStr<'a>, input: &Input, is_link: bool) -> CowStr<'a> {
    let d: &str = dest;
    if !d.starts_with('/') || d.starts_with("//") {
        return dest.clone();
    }
    let rest = &d[1..];
    let is_page = is_link && !looks_like_file(rest);
    let prefix = if is_page { input.lang.prefix() } else { "" };
    CowStr::from(format!("{}{}{}", input.base_path, prefix, rest))
}

/// `files/plan.pdf` is a file; `tasks/`, `tasks/x/#a` and `` (the home page) are pages.
fn looks_like_file(path: &str) -> bool {
    let path = path.split(['#', '?']).next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    last.contains('.') && !last.ends_with(".html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(source: &str, lang: Lang, base: &str) -> Rendered {
        let h = Highlighter::new();
        render(
            &Input {
                source,
                file: Path::new("content/x.md"),
                first_line: 5,
                lang,
                base_path: base,
                table_label: "表格",
            },
            &h,
            &NoShortcodes,
        )
        .unwrap()
    }

    #[test]
    fn chinese_heading_ids_are_readable_and_unique() {
        let r = md("## 主要目标\n\n## 主要目标\n\n### 6G 产业\n", Lang::Zh, "/");
        assert!(r.html.contains("<h2 id=\"主要目标\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"主要目标-2\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"6g-产业\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn site_links_follow_language_and_base_path() {
        let r = md(
            "[任务](/tasks/) [pdf](/files/a.pdf) ![图](/img/a.png) [外](https://example.org/)",
            Lang::En,
            "/portal/",
        );
        assert!(r.html.contains("href=\"/portal/en/tasks/\""), "{}", r.html);
        assert!(
            r.html.contains("href=\"/portal/files/a.pdf\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("src=\"/portal/img/a.png\""), "{}", r.html);
        assert!(
            r.html.contains("href=\"https://example.org/\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn tables_footnotes_strikethrough_tasklists() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删~~ 脚注[^1]\n\n- [x] 完成\n\n[^1]: 注释\n",
            Lang::Zh,
            "/",
        );
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("class=\"table-scroll\""), "{}", r.html);
        assert!(r.html.contains("<del>删</del>"), "{}", r.html);
        assert!(r.html.contains("footnote"), "{}", r.html);
        assert!(r.html.contains("checkbox"), "{}", r.html);
    }

    #[test]
    fn unknown_shortcode_is_reported_at_its_line_and_column() {
        let h = Highlighter::new();
        let err = render(
            &Input {
                source: "第一段\n\n前面 {{ nosuch(id=\"x\") }}\n",
                file: Path::new("content/x.md"),
                first_line: 5,
                lang: Lang::Zh,
                base_path: "/",
                table_label: "表格",
            },
            &h,
            &NoShortcodes,
        )
        .unwrap_err();
        assert_eq!((err[0].line, err[0].column), (7, 4), "{}", err[0]);
    }

    #[test]
    fn code_is_highlighted_and_shortcodes_in_code_are_left_alone() {
        let r = md(
            "```rust\nlet a = \"{{ x() }}\";\n```\n\n`{{ y() }}`\n",
            Lang::Zh,
            "/",
        );
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(r.html.contains("{{ y() }}"), "{}", r.html);
    }
}
