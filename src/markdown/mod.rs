//! Markdown to HTML: pulldown-cmark plus the few things a bilingual government site needs.
//!
//! The parser's event stream goes through small passes, each with one job:
//! shortcodes (`{{ indicator(id="…") }}`), CJK-friendly emphasis, heading ids and the table of
//! contents, syntax highlighting of fenced code, site-relative links, and scrollable tables.

pub mod cjk_emphasis;
pub mod headings;
pub mod highlight;
pub mod sanitize;
pub mod shortcodes;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::base::address::Addresses;
use crate::base::error::Diagnostic;
use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::base::text::{escape_html, line_col, LineCounter};
use crate::msg;

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
    /// The HTML for `call` on a page in `lang`, or a plain-words message of what is wrong
    /// (in both languages: it becomes the message of a diagnostic).
    fn render(&self, call: &Call, lang: Lang) -> Result<String, Message>;
}

/// A handler that knows no shortcodes (for fixtures and tests).
pub struct NoShortcodes;

impl ShortcodeHandler for NoShortcodes {
    fn render(&self, call: &Call, _lang: Lang) -> Result<String, Message> {
        Err(msg!(
            "markdown-unknown-shortcode",
            name = call.name.as_str()
        ))
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
    /// Where the site is published: site paths (`/tasks/`) become addresses through it.
    pub addresses: &'a Addresses,
    /// The accessible name of the scrollable wrapper around tables, in the page's language.
    pub table_label: &'a str,
    /// Publish raw HTML as written instead of sanitising it (`[markdown] trust_html`).
    pub trust_html: bool,
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
    let mut rendered = Rendered {
        links: collect_links(&events, input.source, input.first_line)
            .into_iter()
            .map(|l| (l.dest, l.line, l.column))
            .collect(),
        ..Rendered::default()
    };
    let mut problems = Vec::new();
    check_link_schemes(&events, input, &mut problems);
    check_heading_attributes(&events, input, &mut problems);
    check_nesting(&events, input, &mut problems);
    if !problems.is_empty() {
        // Too deep a page must not reach the sanitiser or the minifier, which recurse.
        return Err(problems);
    }
    let has_raw_html = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut snippets = Vec::new();
    let events = expand_shortcodes(events, input, shortcodes, &mut snippets, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let events = cjk_emphasis::apply(input.source, events);
    let events = finish(events, input, highlighter, &mut rendered);
    let mut html = String::with_capacity(input.source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let mut html = alignment_classes(html);
    if has_raw_html && !input.trust_html {
        html = sanitize::clean(&html);
    }
    // Shortcode output comes from the theme's templates, which escape what they show: it is
    // put in after sanitising, in place of its placeholder.
    for (n, snippet) in snippets.iter().enumerate() {
        html = html.replacen(&placeholder(n), snippet, 1);
    }
    rendered.html = html;
    Ok(rendered)
}

/// pulldown-cmark writes a table column's alignment (`|--:|`) as `style="text-align: …"`,
/// which the site's Content-Security-Policy (`default-src 'self'`, which also governs
/// styles) makes browsers ignore. A class the theme styles (`align-left`, `align-center`,
/// `align-right`) keeps the alignment, and the page keeps no inline style. Text cannot
/// produce these strings (it is escaped).
fn alignment_classes(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    let mut html = html;
    for cell in ["th", "td"] {
        for align in ["left", "center", "right"] {
            html = html.replace(
                &format!("<{cell} style=\"text-align: {align}\">"),
                &format!("<{cell} class=\"align-{align}\">"),
            );
        }
    }
    html
}

/// Marks where shortcode `n` goes: private-use characters that no page text contains and
/// that the sanitiser keeps as plain text.
fn placeholder(n: usize) -> String {
    format!("\u{E000}shortcode-{n}\u{E001}")
}

/// Only web, mail and phone addresses (and site paths) may be linked; an image may also be
/// an inline `data:image/…` (not SVG). `javascript:` and other schemes are refused.
fn check_link_schemes(events: &[Spanned], input: &Input, problems: &mut Vec<Diagnostic>) {
    let mut lines = LineCounter::new(input.source);
    for (event, range) in events {
        let (dest, is_image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let allowed = is_allowed_address(dest, is_image);
        if !allowed {
            let (l, c) = lines.line_col(range.start);
            problems.push(
                Diagnostic::new(
                    input.file,
                    l + input.first_line - 1,
                    c,
                    msg!(
                        "markdown-link-not-allowed",
                        address = format!("{:?}", dest.as_ref())
                    ),
                )
                .with_hint(msg!("markdown-link-not-allowed-hint")),
            );
        }
    }
}

/// The deepest nesting of elements a page's Markdown may produce (block quotes, lists and
/// their items, emphasis, raw HTML elements…). Real pages nest a few levels; the HTML
/// parsers a page goes through afterwards (sanitiser, minifier) recurse once per level, so
/// a page nesting thousands of levels (`>>>>>>…`) would overflow their stack.
pub const MAX_NESTING: usize = 100;

/// Refuses a page nesting deeper than [`MAX_NESTING`], at the place where it gets too deep.
/// Raw HTML counts too: each start tag of a non-void element opens a level until its end
/// tag; a stray end tag cannot close a level opened by Markdown.
fn check_nesting(events: &[Spanned], input: &Input, problems: &mut Vec<Diagnostic>) {
    let mut markdown = 0usize;
    let mut html = 0usize;
    for (event, range) in events {
        // The deepest point inside this event: a block of raw HTML can open and close
        // thousands of levels at once.
        let mut deepest = 0usize;
        match event {
            Event::Start(_) => markdown += 1,
            Event::End(_) => markdown = markdown.saturating_sub(1),
            Event::Html(text) | Event::InlineHtml(text) => {
                for (opens, is_end) in html_tags(text) {
                    if is_end {
                        html = html.saturating_sub(1);
                    } else if opens {
                        html += 1;
                        deepest = deepest.max(html);
                    }
                }
            }
            _ => {}
        }
        if markdown + html.max(deepest) > MAX_NESTING {
            let (l, c) = line_col(input.source, range.start);
            problems.push(
                Diagnostic::new(
                    input.file,
                    l + input.first_line - 1,
                    c,
                    msg!("markdown-too-deep", max = MAX_NESTING),
                )
                .with_hint(msg!("markdown-too-deep-hint")),
            );
            return;
        }
    }
}

/// The tags of a piece of raw HTML as (opens a level, is an end tag): void elements
/// (`<br>`, `<img>`) and self-closing tags open none; comments and declarations are skipped.
fn html_tags(text: &str) -> impl Iterator<Item = (bool, bool)> + '_ {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    text.match_indices('<').filter_map(move |(i, _)| {
        let rest = &text[i + 1..];
        let (is_end, rest) = match rest.strip_prefix('/') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let self_closing = rest[name_len..]
            .split('>')
            .next()
            .is_some_and(|attrs| attrs.ends_with('/'));
        let void = VOID.iter().any(|v| v.eq_ignore_ascii_case(name));
        Some((!void && !self_closing, is_end))
    })
}

/// Heading attributes (`## 标题 {#id .class lang=en}`) are published as written, and raw
/// HTML sanitising does not see them: only `lang`, `dir`, `title` and `data-…` may be set, so
/// that `{onclick=…}` or `{style=…}` cannot put script or styling into a page.
fn check_heading_attributes(events: &[Spanned], input: &Input, problems: &mut Vec<Diagnostic>) {
    let mut lines = LineCounter::new(input.source);
    for (event, range) in events {
        let Event::Start(Tag::Heading { attrs, .. }) = event else {
            continue;
        };
        for (name, _) in attrs {
            if !is_allowed_heading_attribute(name) {
                let (l, c) = lines.line_col(range.start);
                problems.push(
                    Diagnostic::new(
                        input.file,
                        l + input.first_line - 1,
                        c,
                        msg!(
                            "markdown-heading-attribute",
                            name = format!("{:?}", name.as_ref())
                        ),
                    )
                    .with_hint(msg!("markdown-heading-attribute-hint")),
                );
            }
        }
    }
}

fn is_allowed_heading_attribute(name: &str) -> bool {
    let data_name = name.strip_prefix("data-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    data_name || matches!(name, "lang" | "dir" | "title")
}

/// True for an address a page may link to (`is_image`: or show as an image): a site path,
/// a relative address, http(s), mailto: or tel:, and for images an inline `data:image/…`
/// that is not SVG. `javascript:` and every other scheme are refused, however they are
/// spelt (`JaVaScRiPt:`, with spaces or control characters inside).
pub fn is_allowed_address(dest: &str, is_image: bool) -> bool {
    let d: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = d.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    match scheme {
        None => true,
        Some("http" | "https" | "mailto" | "tel") => true,
        Some("data") => {
            is_image && d.starts_with("data:image/") && !d.starts_with("data:image/svg")
        }
        Some(_) => false,
    }
}

/// A link or image target as written in a page's Markdown, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    /// 1-based line and column (in characters) of the link's `[` or the image's `!`.
    pub line: usize,
    pub column: usize,
    pub is_image: bool,
}

/// Every link and image of a page's Markdown `source`, in order; `first_line` is the line of
/// the file on which `source` starts. Used by `planportal check` to point at broken links.
pub fn links(source: &str, first_line: usize) -> Vec<LinkRef> {
    let events: Vec<Spanned> = Parser::new_ext(source, parser_options())
        .into_offset_iter()
        .collect();
    collect_links(&events, source, first_line)
}

fn collect_links(events: &[Spanned], source: &str, first_line: usize) -> Vec<LinkRef> {
    // Counted as the events go: a page of many links stays linear.
    let mut lines = LineCounter::new(source);
    events
        .iter()
        .filter_map(|(event, range)| {
            let (dest, is_image) = match event {
                Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
                Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
                _ => return None,
            };
            let (l, c) = lines.line_col(range.start);
            Some(LinkRef {
                dest: dest.to_string(),
                line: l + first_line - 1,
                column: c,
                is_image,
            })
        })
        .collect()
}

/// Joins neighbouring text events, which the parser splits at every special character, so
/// that later passes see whole runs of text.
fn merge_text(events: Vec<Spanned>) -> Vec<Spanned> {
    // A run of adjacent text events is joined in one growing buffer: joining pairwise
    // (`format!("{prev}{t}")`) copied the run so far at every step, quadratic on input such
    // as `[a(` repeated, which the parser hands over as thousands of one-character texts.
    let mut out: Vec<Spanned> = Vec::with_capacity(events.len());
    let mut run: Option<(String, Range<usize>)> = None;
    let flush = |run: &mut Option<(String, Range<usize>)>, out: &mut Vec<Spanned>| {
        if let Some((text, range)) = run.take() {
            out.push((Event::Text(CowStr::from(text)), range));
        }
    };
    for (event, range) in events {
        if let Event::Text(t) = &event {
            if let Some((text, run_range)) = run.as_mut() {
                if run_range.end == range.start {
                    text.push_str(t);
                    run_range.end = range.end;
                    continue;
                }
            }
            flush(&mut run, &mut out);
            if let Some((Event::Text(prev), prev_range)) = out.last() {
                if prev_range.end == range.start {
                    let mut text = String::with_capacity(prev.len() + t.len());
                    text.push_str(prev);
                    text.push_str(t);
                    let start = prev_range.start;
                    out.pop();
                    run = Some((text, start..range.end));
                    continue;
                }
            }
            out.push((event, range));
            continue;
        }
        flush(&mut run, &mut out);
        out.push((event, range));
    }
    flush(&mut run, &mut out);
    out
}

fn expand_shortcodes<'a>(
    events: Vec<Spanned<'a>>,
    input: &Input,
    handler: &dyn ShortcodeHandler,
    snippets: &mut Vec<String>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    // Places come in the order of the text, so counting lines as we go keeps a page with
    // thousands of problems linear.
    let mut lines = LineCounter::new(input.source);
    let mut place = |text: &str, range: &Range<usize>, offset: usize| {
        // Text equals its source unless it held escapes or entities; then point at its start.
        let src = input.source.get(range.clone()).unwrap_or("");
        let at = if src == text {
            range.start + offset
        } else {
            range.start
        };
        let (l, c) = lines.line_col(at);
        (l + input.first_line - 1, c)
    };
    let mut i = 0;
    let mut in_code = false;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        let Event::Text(text) = event else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        // Text inside fenced or indented code is shown as written, braces and all.
        if in_code || !text.contains("{{") {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let calls = match shortcodes::find(text) {
            Ok(calls) => calls,
            Err(e) => {
                let (l, c) = place(text, range, e.offset);
                problems.push(
                    Diagnostic::new(input.file, l, c, e.message)
                        .with_hint(msg!("markdown-shortcode-syntax-hint")),
                );
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
                Ok(html) => {
                    pieces.push((
                        Event::Html(CowStr::from(placeholder(snippets.len()))),
                        range.clone(),
                    ));
                    snippets.push(html);
                }
                Err(message) => {
                    let (l, c) = place(text, range, call.start);
                    problems.push(
                        Diagnostic::new(input.file, l, c, message)
                            .with_hint(msg!("markdown-shortcode-failed-hint")),
                    );
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
                out.push(Event::Html(CowStr::from(highlighter.block(&lang, &code))));
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
            dest_url, title, ..
        }) if is_external(&dest_url) => {
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape_html(&title))
            };
            Event::Html(CowStr::from(format!(
                "<a href=\"{}\"{title} rel=\"noopener noreferrer\">",
                escape_html(&dest_url)
            )))
        }
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
    match site_href(dest, input.lang, input.addresses, is_link) {
        Some(href) => CowStr::from(href),
        None => dest.clone(),
    }
}

/// The address a link target written as a site path (`/tasks/`) gets on a page in `lang`:
/// the base path and, for pages, the language prefix. `None` for any other target (relative,
/// external, `#anchor`), which is published as written.
pub fn site_href(dest: &str, lang: Lang, addresses: &Addresses, is_link: bool) -> Option<String> {
    if !dest.starts_with('/') || dest.starts_with("//") {
        return None;
    }
    let rest = &dest[1..];
    if is_link && !looks_like_file(rest) {
        Some(addresses.page(lang, rest))
    } else {
        Some(addresses.file(rest))
    }
}

/// A link that leaves the site: it opens without giving the other site a handle on ours.
fn is_external(dest: &str) -> bool {
    let d = dest.trim_start().to_ascii_lowercase();
    d.starts_with("http://") || d.starts_with("https://") || d.starts_with("//")
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
    use std::time::{Duration, Instant};

    fn md(source: &str, lang: Lang, base: &str) -> Rendered {
        let h = Highlighter::new();
        render(
            &Input {
                source,
                file: Path::new("content/x.md"),
                first_line: 5,
                lang,
                addresses: &Addresses::new(&format!("https://example.org{base}")),
                table_label: "表格",
                trust_html: false,
            },
            &h,
            &NoShortcodes,
        )
        .unwrap()
    }

    /// The problems `render` reports for `source`, a body starting on line 5 of its file.
    fn md_err(source: &str) -> Vec<Diagnostic> {
        render(
            &Input {
                source,
                file: Path::new("content/x.md"),
                first_line: 5,
                lang: Lang::Zh,
                addresses: &Addresses::new("https://example.org/"),
                table_label: "表格",
                trust_html: false,
            },
            &Highlighter::new(),
            &NoShortcodes,
        )
        .unwrap_err()
    }

    /// The hostile shapes of issue 14 (each a repeated unit), as a page of about `bytes`.
    pub(crate) fn hostile_shapes(bytes: usize) -> Vec<(&'static str, String)> {
        let unit = |u: &str| u.repeat(bytes / u.len());
        let nested = {
            let half = bytes / 2;
            format!("{}a{}", "[".repeat(half), "]".repeat(half))
        };
        vec![
            ("[a](", unit("[a](")),
            ("<a ", unit("<a ")),
            ("*a", unit("*a")),
            ("`a`", unit("`a`")),
            ("`a", unit("`a")),
            ("nested brackets", nested),
            ("[a]", unit("[a]")),
            ("![a](", unit("![a](")),
            ("_a", unit("_a")),
            ("**a", unit("**a")),
            ("<", unit("<")),
            ("&#", unit("&#")),
            ("{{ a(", unit("{{ a(")),
            // Found by the markdown_shapes fuzz target: thousands of equal headings.
            ("## \\0", unit("M\u{b}\0\0\0\0\n## \0")),
            // Many places to report or record, each counted from the top of the page before:
            // unclosed shortcodes (the fuzzer's slow unit), refused and ordinary links.
            ("N{{ *(", unit("N{{ *(\n    ")),
            ("[a](javascript:x)", unit("[a](javascript:x)\n")),
            ("[a](/b/)", unit("[a](/b/)\n")),
        ]
    }

    /// CPU-light proxy for time: the median of three runs, so one descheduling on the shared
    /// machine does not decide the ratio.
    fn render_time(source: &str) -> Duration {
        let h = Highlighter::new();
        let addresses = Addresses::new("https://example.org/");
        let mut times: Vec<Duration> = (0..3)
            .map(|_| {
                let started = Instant::now();
                let _ = render(
                    &Input {
                        source,
                        file: Path::new("content/x.md"),
                        first_line: 1,
                        lang: Lang::Zh,
                        addresses: &addresses,
                        table_label: "表格",
                        trust_html: false,
                    },
                    &h,
                    &NoShortcodes,
                );
                started.elapsed()
            })
            .collect();
        times.sort();
        times[1]
    }

    #[test]
    fn hostile_shapes_render_in_linear_time() {
        // 10 times the input may take at most 25 times as long (linear is 10; the quadratic
        // merging this guards against took 100 times as long and more).
        let mut report = Vec::new();
        for ((name, small), (_, large)) in hostile_shapes(100_000)
            .into_iter()
            .zip(hostile_shapes(1_000_000))
        {
            let t_small = render_time(&small).max(Duration::from_millis(2));
            let t_large = render_time(&large);
            let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
            report.push(format!(
                "{name:>16}: 100 KB {t_small:?}, 1 MB {t_large:?}, ratio {ratio:.1}"
            ));
            assert!(
                ratio < 25.0 && t_large < Duration::from_secs(10),
                "{}",
                report.join("\n")
            );
        }
        eprintln!("{}", report.join("\n"));
    }

    #[test]
    fn table_alignment_is_a_class_not_an_inline_style_the_csp_would_block() {
        let r = md(
            "| 指标 | 数值 | 说明 |\n|:--|--:|:-:|\n| a | 1 | x |\n",
            Lang::Zh,
            "/",
        );
        assert!(!r.html.contains("style="), "{}", r.html);
        for expected in [
            "<th class=\"align-left\">指标</th>",
            "<th class=\"align-right\">数值</th>",
            "<td class=\"align-center\">x</td>",
        ] {
            assert!(r.html.contains(expected), "{expected}: {}", r.html);
        }
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
        let err = md_err(
            "第一段

前面 {{ nosuch(id=\"x\") }}
",
        );
        assert_eq!((err[0].line, err[0].column), (7, 4), "{}", err[0]);
        assert_eq!(
            err[0].to_string().lines().next(),
            Some("content/x.md:7:4: unknown shortcode `nosuch`")
        );
        assert_eq!(
            err[0].render(Lang::Zh),
            "content/x.md:7:4: 没有名为 `nosuch` 的短代码\n  提示：对照 data/ 里的文件检查短代码的名字和 id；编辑指南列出了所有短代码"
        );
    }

    #[test]
    fn problems_read_in_chinese_and_name_the_place() {
        let err = md_err("正文\n\n{{ indicator(id=\"a\" }}\n");
        assert_eq!(err[0].code(), "markdown-shortcode-expected-separator");
        assert_eq!(
            err[0].render(Lang::Zh),
            "content/x.md:7:21: 参数后面应当是 `,` 或 `)`\n  提示：短代码的写法是 {{ indicator(id=\"rd-intensity\") }}；要原样显示花括号，用反引号（`）把它们括起来"
        );
        assert!(
            err[0].to_string().ends_with(
                "hint: shortcodes look like {{ indicator(id=\"rd-intensity\") }}; to show braces literally, put them in `code`"
            ),
            "{}",
            err[0]
        );
        let err = md_err("正文\n\n## 标题 {onclick=x}\n");
        let zh = err[0].render(Lang::Zh);
        assert!(
            zh.starts_with("content/x.md:7:1: 小标题的属性 \"onclick\" 不允许使用"),
            "{zh}"
        );
        assert!(zh.contains("`{#id}`、`{.class}`"), "{zh}");
        assert!(
            err[0].to_string().contains("may set `{#id}`, `{.class}`"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn raw_html_is_sanitised_and_javascript_links_refused() {
        let r = md(
            "<p onclick=\"x()\">段落<script>alert(1)</script></p>\n\n<b>粗</b>\n",
            Lang::Zh,
            "/",
        );
        assert!(
            !r.html.contains("onclick") && !r.html.contains("<script"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<b>粗</b>"), "{}", r.html);
        let err = md_err(
            "正文

[点我](javascript:alert(1))
",
        );
        assert_eq!((err[0].line, err[0].column), (7, 1), "{}", err[0]);
        assert!(
            err[0]
                .message
                .render(Lang::En)
                .contains("javascript:alert(1)"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn deep_nesting_is_refused_quickly_at_its_place() {
        let h = Highlighter::new();
        let deep_html = "<div>".repeat(100_000);
        // Opened and closed in one block: as deep while it lasts.
        let deep_closed = format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let deep_list: String = (0..2_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        let deep_quote = ">".repeat(100_000);
        for (source, place) in [
            (format!("正文\n\n{deep_quote} 引用\n"), Some((7, 101))),
            (format!("正文\n\n{deep_list}"), Some((57, 101))),
            (format!("正文\n\n{deep_html}\n"), Some((7, 1))),
            (format!("正文\n\n{deep_closed}\n"), Some((7, 1))),
            // Emphasis that never closes is text: no nesting, no error.
            (format!("正文\n\n{}x\n", "*".repeat(100_000)), None),
        ] {
            let started = std::time::Instant::now();
            let result = render(
                &Input {
                    source: &source,
                    file: Path::new("content/x.md"),
                    first_line: 5,
                    lang: Lang::Zh,
                    addresses: &Addresses::new("https://example.org/"),
                    table_label: "表格",
                    trust_html: false,
                },
                &h,
                &NoShortcodes,
            );
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{:?}",
                started.elapsed()
            );
            match (result, place) {
                (Err(err), Some(place)) => {
                    assert!(
                        err[0].message.render(Lang::En).contains("levels deep"),
                        "{}",
                        err[0]
                    );
                    assert_eq!((err[0].line, err[0].column), place, "{}", err[0]);
                }
                (Ok(_), None) => {}
                (result, _) => panic!("{}: {:?}", &source[..40], result.err()),
            }
        }
        // Nesting a real page could have is fine.
        let r = md(&format!("{} 引用\n", "> ".repeat(20)), Lang::Zh, "/");
        assert_eq!(r.html.matches("<blockquote>").count(), 20);
    }

    #[test]
    fn heading_event_handlers_are_refused_at_their_place() {
        // Found by the markdown fuzz target: heading attributes bypassed the sanitiser and
        // published `<h2 onclick="alert(1)">`.
        let h = Highlighter::new();
        let err = render(
            &Input {
                source: "正文\n\n## 标题 {#t onclick=alert(1) .c}\n",
                file: Path::new("content/x.md"),
                first_line: 5,
                lang: Lang::Zh,
                addresses: &Addresses::new("https://example.org/"),
                table_label: "表格",
                trust_html: false,
            },
            &h,
            &NoShortcodes,
        )
        .unwrap_err();
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!((err[0].line, err[0].column), (7, 1), "{}", err[0]);
        assert!(
            err[0].message.render(Lang::En).contains("onclick"),
            "{}",
            err[0]
        );
        let r = md("## Title {#t .wide lang=en data-x=1}\n", Lang::En, "/");
        assert!(
            r.html
                .contains("<h2 id=\"t\" class=\"wide\" lang=\"en\" data-x=\"1\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn code_is_highlighted_and_shortcodes_in_code_are_left_alone() {
        let r = md(
            "```rust\nlet a = \"{{ x() }}\";\n```\n\n`{{ y() }}`\n",
            Lang::Zh,
            "/",
        );
        assert!(r.html.contains("<span class=\"h"), "{}", r.html);
        assert!(r.html.contains("{{ y() }}"), "{}", r.html);
    }
}
