//! CJK-friendly emphasis for pulldown-cmark 0.13.
//!
//! # Why this pass exists
//!
//! CommonMark decides whether a `*`/`_` delimiter run may open or close emphasis with the
//! "left-/right-flanking" rules, which look at the characters on either side of the run. In
//! Chinese text a bold phrase very often ends with full-width punctuation that is directly
//! followed by a letter (no spaces in Chinese), e.g. `**重要：**后面`, `这是**“引号”**测试`,
//! `园区**《行动计划》**发布`. The closing `**` there is preceded by punctuation and followed
//! by a letter, so plain CommonMark (and pulldown-cmark 0.13.6) does not treat it as a closer:
//! the asterisks are printed literally, or worse, paired with the *next* `**` of the paragraph
//! (`**重要：**后面**粗体**` becomes `<strong>重要：<strong>后面</strong>粗体</strong>`).
//! See <https://github.com/commonmark/commonmark-spec/issues/650>.
//!
//! The "CommonMark CJK-friendly amendments" (tats-u/markdown-cjk-friendly, `specification.md`)
//! fix this by changing only the flanking definitions. This module implements that amendment as
//! a pass over the pulldown-cmark event stream: inside every inline context whose delimiter runs
//! are classified differently by the amendment, it undoes pulldown-cmark's emphasis pairing and
//! re-runs the CommonMark "process emphasis" procedure (the same matching pulldown-cmark uses:
//! opener stack, rule of 3, `**` strong / `*` em, `***` nesting) with the amended flanking.
//!
//! # When to delete it
//!
//! pulldown-cmark merged an upstream CJK-friendly emphasis option (PR #1059) that 0.13.6 does
//! not contain. As soon as a released pulldown-cmark ships that option, enable it in the parser
//! options, delete this module and its call site, and keep the tests below as regression tests
//! for the option.
//!
//! # Interface
//!
//! The pass needs the Markdown source next to the events: pulldown-cmark turns an escaped `\*`
//! into a `Text("*")` indistinguishable from a literal unpaired `*`, and CommonMark computes
//! flanking from the raw source characters around a run (including the backticks of code spans,
//! `<`/`>` of inline HTML and so on). Hence the signature
//! `apply(source, events_with_offsets)`, fed from `Parser::into_offset_iter()`;
//! [`parse`] does both steps.
//!
//! Earlier passes may have reshaped the stream, and the pass copes with what the site's
//! pipeline does: neighbouring `Text` events joined under one range (escapes and entities
//! inside are stepped over when mapping text back to the source), and a text split around
//! shortcodes into `Text` pieces sharing the original range with `Html` events between them
//! (such `Html`, outside an HTML block, is an opaque inline element). A text that cannot be
//! mapped back to the source is left as it is (its `*`/`_` are never delimiters).
//!
//! # Rules implemented (amendment text, in the version that defines "sequences")
//!
//! * CJK character: East Asian Width W, F or H and not a default-emoji-presentation character,
//!   or Hangul script (table `CJK_RANGES`, the spec's `ranges.md`, Unicode 16).
//! * Unicode punctuation character: general category P* or S* (CommonMark 0.31.2; table
//!   `PUNCT_RANGES`, the same set as pulldown-cmark 0.13.6 uses).
//! * Left-flanking run: not followed by whitespace, and either not followed by a *non-CJK*
//!   punctuation character, or followed by one and preceded by whitespace, a non-CJK
//!   punctuation sequence, a CJK sequence or an Ideographic Variation Selector.
//! * Right-flanking run: not preceded by whitespace, and either not preceded by a *non-CJK*
//!   punctuation sequence, or preceded by one and followed by whitespace, a non-CJK punctuation
//!   character or a CJK character.
//! * A "sequence" is a character optionally followed by a non-emoji variation selector
//!   (U+FE00–U+FE0E): such a selector before a run is looked through to the character before it.
//!   `‘ ’ “ ”` followed by U+FE01 (their "fullwidth form") count as CJK punctuation, as in the
//!   reference implementation `markdown-it-cjk-friendly`.
//! * `*` opens iff left-flanking, closes iff right-flanking. `_` keeps CommonMark's intraword
//!   restriction: opens iff left-flanking and (not right-flanking or preceded by a punctuation
//!   sequence); closes iff right-flanking and (not left-flanking or followed by punctuation).
//!   Worked through, this makes `_`/`__` behave exactly as in plain CommonMark next to CJK
//!   letters, e.g. `__重要：__后面` stays literal: use `**`.
//! * Start/end of a line (and a table cell's `|`) count as whitespace, like pulldown-cmark.
//!
//! # Limitations
//!
//! * Links, images, strikethrough (and super-/subscript) found by pulldown-cmark are kept as
//!   they are: emphasis is re-paired inside each of them and around them, never across their
//!   boundaries. That matches CommonMark for links and images; for `~~` it can differ from a
//!   parser that runs `~` and `*` on one delimiter stack (`**a~~b：**后~~` keeps the `<del>`).
//! * The pass only rebuilds `Emphasis`/`Strong` events; all other events pass through unchanged.
//!   Text events inside a rebuilt inline context may be split or re-sliced (same HTML).
//! * An inline context where no delimiter run changes classification is passed through
//!   untouched, so documents without CJK next to `*`/`_` are rendered exactly as before.
//! * Nesting deeper than 64 links/strikethroughs is passed through untouched.
//! * Runs at a link text's end see the raw `]` after them, as pulldown-cmark does, where
//!   markdown-it sees the end of the text; the CJK-friendly result can differ there.
//!
//! Checked against the reference implementation (markdown-it 15.0.3 + markdown-it-cjk-friendly
//! 3.0.0) on ~150,000 random mixes of `*`/`_`, CJK and ASCII punctuation, letters, variation
//! selectors, code spans, links and entities: identical HTML wherever the two base parsers
//! agree, apart from the `]` case above.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Parses `source` with `options` and applies [`apply`]: a drop-in for
/// `Parser::new_ext(source, options).collect::<Vec<_>>()`.
pub fn parse(source: &str, options: Options) -> Vec<Event<'_>> {
    apply(
        source,
        Parser::new_ext(source, options)
            .into_offset_iter()
            .collect(),
    )
}

/// Pairs the `*`/`_` delimiter runs that CommonMark left as literal text (or paired wrongly)
/// but the CJK-friendly amendment turns into emphasis/strong, within each block (paragraph,
/// heading, table cell, list item text…).
///
/// `events` must be the complete output of `Parser::new_ext(source, …).into_offset_iter()` for
/// this very `source` (any options). Code blocks, inline code, HTML and escaped delimiters are
/// never touched. Never panics; on any event shape it does not understand, the affected inline
/// context is passed through unchanged.
pub fn apply<'a>(source: &str, events: Vec<(Event<'a>, Range<usize>)>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut segment: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    let mut verbatim_depth = 0usize;
    let mut html_block_depth = 0usize;
    let mut in_cell = false;
    for (event, range) in events {
        // `Html` outside an HTML block was put inside inline content by an earlier pass
        // (shortcodes): an opaque inline atom.
        let inline = match event {
            Event::Html(_) => html_block_depth == 0,
            ref other => is_inline(other),
        };
        if verbatim_depth == 0 && inline {
            segment.push((event, range));
            continue;
        }
        if !segment.is_empty() {
            process_segment(source, std::mem::take(&mut segment), in_cell, &mut out);
        }
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => verbatim_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => {
                verbatim_depth = verbatim_depth.saturating_sub(1)
            }
            Event::Start(Tag::HtmlBlock) => html_block_depth += 1,
            Event::End(TagEnd::HtmlBlock) => html_block_depth = html_block_depth.saturating_sub(1),
            _ => {}
        }
        in_cell = matches!(event, Event::Start(Tag::TableCell));
        out.push(event);
    }
    if !segment.is_empty() {
        process_segment(source, segment, in_cell, &mut out);
    }
    out
}

/// Events that live inside a block's inline content.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Start(tag) => is_inline_tag(tag),
        Event::End(end) => is_inline_tag_end(end),
        _ => false,
    }
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_tag_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Everything an inline context needs to classify delimiter runs.
struct Context<'s> {
    source: &'s str,
    /// Sorted source offsets where a line's inline content starts (the character before counts
    /// as whitespace there, as in pulldown-cmark).
    line_starts: Vec<usize>,
    /// Where the block's inline content starts.
    segment_start: Option<usize>,
    in_cell: bool,
}

/// One maximal run of inline events (the inline content of one block).
fn process_segment<'a>(
    source: &str,
    segment: Vec<(Event<'a>, Range<usize>)>,
    in_cell: bool,
    out: &mut Vec<Event<'a>>,
) {
    let candidate = segment.iter().any(|(event, _)| match event {
        Event::Text(text) => text.bytes().any(|b| b == b'*' || b == b'_'),
        Event::Start(Tag::Emphasis | Tag::Strong) => true,
        _ => false,
    });
    if !candidate || !well_formed(source.as_bytes(), &segment) {
        out.extend(segment.into_iter().map(|(event, _)| event));
        return;
    }
    let mut line_starts = Vec::new();
    let mut after_break = true;
    for (event, range) in &segment {
        if after_break {
            line_starts.push(range.start);
        }
        after_break = matches!(event, Event::SoftBreak | Event::HardBreak);
    }
    let segment_start = line_starts.first().copied();
    line_starts.sort_unstable();
    line_starts.dedup();
    let ctx = Context {
        source,
        segment_start,
        line_starts,
        in_cell,
    };
    let mut iter = segment.into_iter();
    let (items, _) = build_level(&mut iter, source.as_bytes(), 0);
    emit_level(items, &ctx, out);
}

/// Checks that inline tags are balanced and that every Emphasis/Strong range starts and ends
/// with its delimiter characters in `source` (so the delimiters can be recovered).
fn well_formed(source: &[u8], segment: &[(Event<'_>, Range<usize>)]) -> bool {
    let mut stack: Vec<TagEnd> = Vec::new();
    for (event, range) in segment {
        match event {
            Event::Start(tag) => {
                let width = match tag {
                    Tag::Emphasis => 1,
                    Tag::Strong => 2,
                    _ => 0,
                };
                if width > 0 && emphasis_delimiter(source, range, width).is_none() {
                    return false;
                }
                stack.push(tag.to_end());
            }
            Event::End(end) => match stack.pop() {
                Some(top) if top == *end => {}
                _ => return false,
            },
            _ => {}
        }
    }
    stack.is_empty()
}

/// The delimiter byte of an Emphasis (`width` 1) or Strong (`width` 2) spanning `range`.
fn emphasis_delimiter(source: &[u8], range: &Range<usize>, width: usize) -> Option<u8> {
    if range.end < range.start + 2 * width {
        return None;
    }
    let open = source.get(range.start..range.start + width)?;
    let close = source.get(range.end - width..range.end)?;
    let c = *open.first()?;
    let ok = (c == b'*' || c == b'_') && open.iter().chain(close).all(|&b| b == c);
    ok.then_some(c)
}

const MAX_DEPTH: usize = 64;

/// The inline content of one level (a block, or the inside of a link/image/strikethrough),
/// with pulldown-cmark's Emphasis/Strong tags flattened into their delimiter characters.
enum Item<'a> {
    /// A Text event and the source range it came from.
    Text {
        text: CowStr<'a>,
        range: Range<usize>,
    },
    /// The opening or closing delimiter characters (`width` of them, at source offset `pos`) of
    /// an Emphasis/Strong made by pulldown-cmark, with its original Start/End event.
    Delim {
        event: Event<'a>,
        pos: usize,
        width: usize,
        ch: u8,
    },
    Atom(Event<'a>),
    Group {
        start: Event<'a>,
        children: Vec<Item<'a>>,
        end: Option<Event<'a>>,
    },
    /// A group passed through untouched (autolinks, excessive nesting).
    Raw(Vec<Event<'a>>),
}

/// Builds the items of one level, consuming events up to (and returning) the `End` that closes
/// the level, if any.
fn build_level<'a, I>(
    iter: &mut I,
    source: &[u8],
    depth: usize,
) -> (Vec<Item<'a>>, Option<Event<'a>>)
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    let mut items = Vec::new();
    // (closing delimiter position, width, delimiter byte) of the open Emphasis/Strong tags.
    let mut open: Vec<(usize, usize, u8)> = Vec::new();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::Emphasis | Tag::Strong) => {
                let width = if matches!(event, Event::Start(Tag::Strong)) {
                    2
                } else {
                    1
                };
                match emphasis_delimiter(source, &range, width) {
                    Some(ch) => {
                        open.push((range.end - width, width, ch));
                        items.push(Item::Delim {
                            event,
                            pos: range.start,
                            width,
                            ch,
                        });
                    }
                    // Unreachable after `well_formed`; keep the event as an opaque atom.
                    None => items.push(Item::Atom(event)),
                }
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => match open.pop() {
                Some((pos, width, ch)) => items.push(Item::Delim {
                    event,
                    pos,
                    width,
                    ch,
                }),
                None => items.push(Item::Atom(event)),
            },
            Event::Start(tag) => {
                let opaque = depth >= MAX_DEPTH
                    || matches!(
                        tag,
                        Tag::Link {
                            link_type: LinkType::Autolink | LinkType::Email,
                            ..
                        }
                    );
                let start = Event::Start(tag);
                if opaque {
                    items.push(Item::Raw(collect_raw(start, iter)));
                } else {
                    let (children, end) = build_level(iter, source, depth + 1);
                    items.push(Item::Group {
                        start,
                        children,
                        end,
                    });
                }
            }
            Event::End(_) => return (items, Some(event)),
            Event::Text(text) => items.push(Item::Text { text, range }),
            other => items.push(Item::Atom(other)),
        }
    }
    (items, None)
}

/// Collects a group's events verbatim, from `start` to its matching `End`.
fn collect_raw<'a, I>(start: Event<'a>, iter: &mut I) -> Vec<Event<'a>>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    let mut events = vec![start];
    let mut depth = 1usize;
    for (event, _) in iter.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        events.push(event);
        if depth == 0 {
            break;
        }
    }
    events
}

/// One delimiter character of a level.
struct DelimChar {
    /// Index of its item in the level.
    item: usize,
    /// Byte offset inside a `Text` item, or index (0..width) inside a `Delim` item.
    offset: usize,
    /// Source offset.
    pos: usize,
    ch: u8,
}

/// A delimiter run: consecutive delimiter characters, consecutive in the source.
struct Run {
    ch: u8,
    first: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Literal,
    Open(usize),
    Close(usize),
}

fn emit_level<'a>(items: Vec<Item<'a>>, ctx: &Context<'_>, out: &mut Vec<Event<'a>>) {
    let bytes = ctx.source.as_bytes();
    let mut chars: Vec<DelimChar> = Vec::new();
    // Pieces of one text split by an earlier pass share its range: continue after the last one.
    let mut cursor: Option<(Range<usize>, usize)> = None;
    for (index, item) in items.iter().enumerate() {
        match item {
            Item::Text { text, range } => {
                let from = match &cursor {
                    Some((last, end)) if last == range => *end,
                    _ => range.start,
                };
                let Some((found, end)) = locate(text, ctx.source, from, range.end) else {
                    cursor = None;
                    continue;
                };
                cursor = Some((range.clone(), end));
                for (offset, pos) in found {
                    if let Some(&ch) = bytes.get(pos) {
                        if !is_escaped(bytes, pos) {
                            chars.push(DelimChar {
                                item: index,
                                offset,
                                pos,
                                ch,
                            });
                        }
                    }
                }
            }
            Item::Delim { pos, width, ch, .. } => {
                for offset in 0..*width {
                    chars.push(DelimChar {
                        item: index,
                        offset,
                        pos: pos + offset,
                        ch: *ch,
                    });
                }
            }
            _ => {}
        }
    }

    let mut runs: Vec<Run> = Vec::new();
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let mut j = i + 1;
        while j < chars.len() && chars[j].ch == chars[i].ch && chars[j].pos == chars[j - 1].pos + 1
        {
            j += 1;
        }
        let (ch, start, end) = (chars[i].ch, chars[i].pos, chars[j - 1].pos + 1);
        let amended = classify(ctx, ch, start, end, true);
        changed |= amended != classify(ctx, ch, start, end, false);
        runs.push(Run {
            ch,
            first: i,
            len: j - i,
            can_open: amended.0,
            can_close: amended.1,
        });
        i = j;
    }

    if !changed {
        emit_unchanged(items, ctx, out);
        return;
    }
    let (roles, strong) = process_emphasis(&runs, chars.len());
    emit_rebuilt(items, &chars, &roles, &strong, ctx, out);
}

fn emit_unchanged<'a>(items: Vec<Item<'a>>, ctx: &Context<'_>, out: &mut Vec<Event<'a>>) {
    for item in items {
        match item {
            Item::Text { text, .. } => out.push(Event::Text(text)),
            Item::Delim { event, .. } | Item::Atom(event) => out.push(event),
            Item::Group {
                start,
                children,
                end,
            } => emit_group(start, children, end, ctx, out),
            Item::Raw(events) => out.extend(events),
        }
    }
}

fn emit_group<'a>(
    start: Event<'a>,
    children: Vec<Item<'a>>,
    end: Option<Event<'a>>,
    ctx: &Context<'_>,
    out: &mut Vec<Event<'a>>,
) {
    out.push(start);
    emit_level(children, ctx, out);
    out.extend(end);
}

fn emit_rebuilt<'a>(
    items: Vec<Item<'a>>,
    chars: &[DelimChar],
    roles: &[Role],
    strong: &[bool],
    ctx: &Context<'_>,
    out: &mut Vec<Event<'a>>,
) {
    let mut opened = vec![false; strong.len()];
    let mut closed = vec![false; strong.len()];
    let mut tag_event = |role: Role, out: &mut Vec<Event<'a>>| match role {
        Role::Literal => {}
        Role::Open(t) => {
            if !std::mem::replace(&mut opened[t], true) {
                out.push(Event::Start(if strong[t] {
                    Tag::Strong
                } else {
                    Tag::Emphasis
                }));
            }
        }
        Role::Close(t) => {
            if !std::mem::replace(&mut closed[t], true) {
                out.push(Event::End(if strong[t] {
                    TagEnd::Strong
                } else {
                    TagEnd::Emphasis
                }));
            }
        }
    };
    let mut next_char = 0;
    for (index, item) in items.into_iter().enumerate() {
        let first = next_char;
        while next_char < chars.len() && chars[next_char].item == index {
            next_char += 1;
        }
        let mine = first..next_char;
        match item {
            Item::Text { text, .. } => {
                let mut from = 0;
                for k in mine {
                    let role = roles.get(k).copied().unwrap_or(Role::Literal);
                    if role == Role::Literal {
                        continue;
                    }
                    let offset = chars[k].offset;
                    if offset > from {
                        out.push(Event::Text(slice(&text, from..offset)));
                    }
                    tag_event(role, out);
                    from = offset + 1;
                }
                if from == 0 {
                    out.push(Event::Text(text));
                } else if from < text.len() {
                    out.push(Event::Text(slice(&text, from..text.len())));
                }
            }
            Item::Delim { ch, .. } => {
                for k in mine {
                    match roles.get(k).copied().unwrap_or(Role::Literal) {
                        Role::Literal => out.push(Event::Text(CowStr::Borrowed(if ch == b'*' {
                            "*"
                        } else {
                            "_"
                        }))),
                        role => tag_event(role, out),
                    }
                }
            }
            Item::Atom(event) => out.push(event),
            Item::Group {
                start,
                children,
                end,
            } => emit_group(start, children, end, ctx, out),
            Item::Raw(events) => out.extend(events),
        }
    }
}

/// Finds where `text` came from in `source[from..end]`: its `*`/`_` bytes as
/// `(offset in text, source offset)` pairs, and the source offset after the text.
///
/// Text usually equals its source slice. It differs where the source had a backslash escape or
/// an entity (also inside text events merged by an earlier pass), and a text split by an
/// earlier pass (shortcodes) is only a part of its range: then it is searched for. `None`
/// when it cannot be placed: its characters are then never delimiters.
fn locate(
    text: &str,
    source: &str,
    from: usize,
    end: usize,
) -> Option<(Vec<(usize, usize)>, usize)> {
    let bytes = source.as_bytes();
    align(text.as_bytes(), bytes, from, end).or_else(|| {
        let at = source.get(from..end)?.find(text)?;
        align(text.as_bytes(), bytes, from + at, end)
    })
}

/// Walks `text` against `source[start..end]`, stepping over backslash escapes and entities.
fn align(
    text: &[u8],
    source: &[u8],
    start: usize,
    end: usize,
) -> Option<(Vec<(usize, usize)>, usize)> {
    let end = end.min(source.len());
    let mut found = Vec::new();
    let (mut i, mut j) = (0, start);
    while i < text.len() {
        let t = text[i];
        let s = *source.get(j).filter(|_| j < end)?;
        if s == b'\\'
            && source
                .get(j + 1)
                .is_some_and(|&n| n == t && n.is_ascii_punctuation())
        {
            // `\X` in the source, `X` in the text: never a delimiter.
            i += 1;
            j += 2;
        } else if s == b'&' && !text[i..].starts_with(entity_at(source, j, end).unwrap_or(b"&")) {
            // An entity or numeric character reference, decoded to one or two characters:
            // take the decoding after which the text and the source agree again.
            let after = j + entity_at(source, j, end)?.len();
            let rest = std::str::from_utf8(&text[i..]).ok()?;
            let mut lengths = rest.char_indices().map(|(k, c)| k + c.len_utf8()).take(2);
            let taken = lengths.find(|&n| realigns(&text[i + n..], source, after, end))?;
            i += taken;
            j = after;
        } else if s == t {
            if t == b'*' || t == b'_' {
                found.push((i, j));
            }
            i += 1;
            j += 1;
        } else {
            return None;
        }
    }
    Some((found, j))
}

/// The entity or numeric character reference (`&name;`, `&#123;`, `&#x1F;`) at `at`.
fn entity_at(source: &[u8], at: usize, end: usize) -> Option<&[u8]> {
    let window = source.get(at..end.min(source.len()).min(at + 40))?;
    let semi = window.iter().position(|&b| b == b';')?;
    let body = window.get(1..semi)?;
    let valid = match body {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', dec @ ..] => !dec.is_empty() && dec.iter().all(u8::is_ascii_digit),
        name => !name.is_empty() && name.iter().all(u8::is_ascii_alphanumeric),
    };
    if valid {
        window.get(..=semi)
    } else {
        None
    }
}

/// Whether `text` continues like `source[at..end]` up to the next escape or entity there.
fn realigns(text: &[u8], source: &[u8], at: usize, end: usize) -> bool {
    let rest = source.get(at..end.min(source.len())).unwrap_or(&[]);
    let plain = rest
        .iter()
        .position(|&b| b == b'\\' || b == b'&')
        .unwrap_or(rest.len());
    // The text may end inside this stretch (a piece of a split text).
    let n = plain.min(text.len());
    text.get(..n) == rest.get(..n)
}

/// A sub-slice of a text event, borrowing when the original borrows.
fn slice<'a>(text: &CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(s.get(range).unwrap_or("")),
        other => CowStr::from(other.get(range).unwrap_or("").to_string()),
    }
}

/// CommonMark's "process emphasis", in the online form pulldown-cmark 0.13 uses: each run that
/// can close looks down the opener stack for the nearest compatible opener (same character,
/// rule of 3), everything above the match is dropped, up to `min(closer, opener)` characters
/// are matched as nested strong (2) / emphasis (1) from the inside out, and leftovers keep
/// closing or are pushed as an opener. Returns the role of every delimiter character and, per
/// created tag, whether it is strong.
fn process_emphasis(runs: &[Run], char_count: usize) -> (Vec<Role>, Vec<bool>) {
    struct Opener {
        run: usize,
        /// Available characters of the run are `lo..hi` (run-relative); consumed from `hi`.
        lo: usize,
        hi: usize,
    }
    let mut roles = vec![Role::Literal; char_count];
    let mut strong: Vec<bool> = Vec::new();
    let mut stack: Vec<Opener> = Vec::new();
    // openers_bottom: no opener below this index matches a closer of this kind
    // (`*`/`_`, closer can also open, length mod 3).
    let mut bottom = [0usize; 12];
    let both = |run: &Run| run.can_open && run.can_close;
    let key = |run: &Run| {
        usize::from(run.ch == b'_') * 6
            + usize::from(run.can_open && run.can_close) * 3
            + run.len % 3
    };
    for (index, run) in runs.iter().enumerate() {
        let mut lo = 0;
        let hi = run.len;
        if run.can_close {
            while lo < hi {
                let floor = bottom[key(run)].min(stack.len());
                let found = (floor..stack.len()).rev().find(|&s| {
                    let opener = &runs[stack[s].run];
                    opener.ch == run.ch
                        && ((!both(run) && !both(opener))
                            || (run.len + opener.len) % 3 != 0
                            || run.len % 3 == 0)
                });
                let Some(s) = found else {
                    bottom[key(run)] = stack.len();
                    break;
                };
                stack.truncate(s + 1);
                let Some(mut opener) = stack.pop() else { break };
                for b in bottom.iter_mut() {
                    *b = (*b).min(s);
                }
                let first_open = runs[opener.run].first;
                let mut matched = (hi - lo).min(opener.hi - opener.lo);
                while matched > 0 {
                    let width = if matched >= 2 { 2 } else { 1 };
                    let tag = strong.len();
                    strong.push(width == 2);
                    for k in opener.hi - width..opener.hi {
                        if let Some(role) = roles.get_mut(first_open + k) {
                            *role = Role::Open(tag);
                        }
                    }
                    for k in lo..lo + width {
                        if let Some(role) = roles.get_mut(run.first + k) {
                            *role = Role::Close(tag);
                        }
                    }
                    opener.hi -= width;
                    lo += width;
                    matched -= width;
                }
                if opener.hi > opener.lo {
                    stack.push(opener);
                }
            }
        }
        if lo < hi && run.can_open {
            stack.push(Opener { run: index, lo, hi });
        }
    }
    (roles, strong)
}

/// Whether the byte at `pos` is backslash-escaped (preceded by an odd number of backslashes).
fn is_escaped(source: &[u8], pos: usize) -> bool {
    let before = source.get(..pos).unwrap_or(&[]);
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// Character classes around a delimiter run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Whitespace,
    /// Unicode punctuation that is not a CJK character (ASCII punctuation, `“`, `—`, …).
    Punct,
    /// Punctuation that is a CJK character (`：`, `。`, `《`, …).
    CjkPunct,
    /// Other CJK characters (ideographs, kana, Hangul, …).
    Cjk,
    /// An Ideographic Variation Selector (U+E0100–U+E01EF), only looked at before a run.
    Ivs,
    Other,
}

/// `(can_open, can_close)` of the run of `ch` at source bytes `start..end`, by the CJK-friendly
/// amendment (`amended`) or by plain CommonMark as implemented by pulldown-cmark 0.13.6.
fn classify(ctx: &Context<'_>, ch: u8, start: usize, end: usize, amended: bool) -> (bool, bool) {
    let (prev, next) = if amended {
        (prev_class_amended(ctx, start), next_class(ctx, end))
    } else {
        (prev_class_plain(ctx, start), next_class(ctx, end))
    };
    let (left, right) = if amended {
        let left = next != Class::Whitespace
            && (next != Class::Punct
                || matches!(
                    prev,
                    Class::Whitespace | Class::Punct | Class::CjkPunct | Class::Cjk | Class::Ivs
                ));
        let right = prev != Class::Whitespace
            && (prev != Class::Punct
                || matches!(
                    next,
                    Class::Whitespace | Class::Punct | Class::CjkPunct | Class::Cjk
                ));
        (left, right)
    } else {
        // Plain CommonMark: every punctuation is just punctuation.
        let plain = |c: Class| match c {
            Class::CjkPunct => Class::Punct,
            Class::Cjk | Class::Ivs => Class::Other,
            c => c,
        };
        let (prev, next) = (plain(prev), plain(next));
        let left = next != Class::Whitespace
            && (next != Class::Punct || matches!(prev, Class::Whitespace | Class::Punct));
        let right = prev != Class::Whitespace
            && (prev != Class::Punct || matches!(next, Class::Whitespace | Class::Punct));
        (left, right)
    };
    if ch == b'_' {
        let prev_punct = matches!(prev, Class::Punct | Class::CjkPunct);
        let next_punct = matches!(next, Class::Punct | Class::CjkPunct);
        (
            left && (!right || prev_punct),
            right && (!left || next_punct),
        )
    } else {
        (left, right)
    }
}

fn is_line_start(ctx: &Context<'_>, pos: usize) -> bool {
    ctx.line_starts.binary_search(&pos).is_ok()
}

fn char_before(source: &str, pos: usize) -> Option<(char, usize)> {
    let c = source.get(..pos)?.chars().next_back()?;
    Some((c, pos - c.len_utf8()))
}

/// `|` delimiting a table cell counts as whitespace (pulldown-cmark's table mode).
fn is_cell_pipe_before(ctx: &Context<'_>, c: char, at: usize) -> bool {
    ctx.in_cell && c == '|' && !is_escaped(ctx.source.as_bytes(), at)
}

fn prev_class_plain(ctx: &Context<'_>, start: usize) -> Class {
    if is_line_start(ctx, start) {
        return Class::Whitespace;
    }
    match char_before(ctx.source, start) {
        None => Class::Whitespace,
        Some((c, at)) if is_cell_pipe_before(ctx, c, at) => Class::Whitespace,
        Some((c, _)) => class_of(c),
    }
}

fn prev_class_amended(ctx: &Context<'_>, start: usize) -> Class {
    if is_line_start(ctx, start) {
        return Class::Whitespace;
    }
    let Some((c, at)) = char_before(ctx.source, start) else {
        return Class::Whitespace;
    };
    if is_cell_pipe_before(ctx, c, at) {
        return Class::Whitespace;
    }
    if is_general_variation_selector(c) {
        // A "sequence": look through the variation selector to its base character. A selector
        // after whitespace or at a line start is unspecified by the amendment; this follows
        // markdown-it-cjk-friendly (a line break before it counts as whitespace, while a
        // space or the start of the block leaves the selector an ordinary character).
        if is_line_start(ctx, at) {
            return if ctx.segment_start == Some(at) {
                Class::Other
            } else {
                Class::Whitespace
            };
        }
        return match char_before(ctx.source, at) {
            Some((base, _)) if !base.is_whitespace() => {
                if c == '\u{FE01}'
                    && matches!(base, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
                {
                    // CJK ambiguous punctuation sequence ("fullwidth form" quotation mark).
                    Class::CjkPunct
                } else {
                    class_of(base)
                }
            }
            _ => Class::Other,
        };
    }
    if is_ideographic_variation_selector(c) {
        return Class::Ivs;
    }
    class_of(c)
}

fn next_class(ctx: &Context<'_>, end: usize) -> Class {
    match ctx.source.get(end..).and_then(|s| s.chars().next()) {
        None => Class::Whitespace,
        Some('|') if ctx.in_cell => Class::Whitespace,
        Some(c) => class_of(c),
    }
}

fn class_of(c: char) -> Class {
    if c.is_whitespace() {
        Class::Whitespace
    } else if is_punctuation(c) {
        if is_cjk(c) {
            Class::CjkPunct
        } else {
            Class::Punct
        }
    } else if is_cjk(c) {
        Class::Cjk
    } else {
        Class::Other
    }
}

/// Non-emoji general-use variation selectors U+FE00–U+FE0E.
fn is_general_variation_selector(c: char) -> bool {
    ('\u{FE00}'..='\u{FE0E}').contains(&c)
}

fn is_ideographic_variation_selector(c: char) -> bool {
    ('\u{E0100}'..='\u{E01EF}').contains(&c)
}

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    let i = table.partition_point(|&(_, hi)| hi < cp);
    table.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

/// CommonMark "Unicode punctuation character": ASCII punctuation or general category P*/S*.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
    } else {
        in_ranges(PUNCT_RANGES, c)
    }
}

/// "CJK character" of the amendment.
fn is_cjk(c: char) -> bool {
    u32::from(c) >= 0x1100 && in_ranges(CJK_RANGES, c)
}

/// CJK characters of the amendment (East Asian Width W/F/H minus default-emoji-presentation
/// characters, plus Hangul), inclusive ranges, Unicode 16; from the amendment's `ranges.md`.
#[rustfmt::skip]
const CJK_RANGES: &[(u32, u32)] = &[
    (0x1100, 0x11ff), (0x20a9, 0x20a9), (0x2329, 0x232a), (0x2630, 0x2637), (0x268a, 0x268f),
    (0x2e80, 0x2e99), (0x2e9b, 0x2ef3), (0x2f00, 0x2fd5), (0x2ff0, 0x303e), (0x3041, 0x3096),
    (0x3099, 0x30ff), (0x3105, 0x312f), (0x3131, 0x318e), (0x3190, 0x31e5), (0x31ef, 0x321e),
    (0x3220, 0x3247), (0x3250, 0xa48c), (0xa490, 0xa4c6), (0xa960, 0xa97c), (0xac00, 0xd7a3),
    (0xd7b0, 0xd7c6), (0xd7cb, 0xd7fb), (0xf900, 0xfaff), (0xfe10, 0xfe19), (0xfe30, 0xfe52),
    (0xfe54, 0xfe66), (0xfe68, 0xfe6b), (0xff01, 0xffbe), (0xffc2, 0xffc7), (0xffca, 0xffcf),
    (0xffd2, 0xffd7), (0xffda, 0xffdc), (0xffe0, 0xffe6), (0xffe8, 0xffee), (0x16fe0, 0x16fe4),
    (0x16ff0, 0x16ff6), (0x17000, 0x18cd5), (0x18cff, 0x18d1e), (0x18d80, 0x18df2),
    (0x1aff0, 0x1aff3), (0x1aff5, 0x1affb), (0x1affd, 0x1affe), (0x1b000, 0x1b122),
    (0x1b132, 0x1b132), (0x1b150, 0x1b152), (0x1b155, 0x1b155), (0x1b164, 0x1b167),
    (0x1b170, 0x1b2fb), (0x1d300, 0x1d356), (0x1d360, 0x1d376), (0x1f200, 0x1f200),
    (0x1f202, 0x1f202), (0x1f210, 0x1f219), (0x1f21b, 0x1f22e), (0x1f230, 0x1f231),
    (0x1f237, 0x1f237), (0x1f23b, 0x1f23b), (0x1f240, 0x1f248), (0x1f260, 0x1f265),
    (0x20000, 0x3fffd),
];

/// Non-ASCII Unicode punctuation (general categories P* and S*), inclusive ranges; the same set
/// as pulldown-cmark 0.13.6's `is_punctuation`, so unchanged runs are classified as it does.
#[rustfmt::skip]
const PUNCT_RANGES: &[(u32, u32)] = &[
    (0xa1, 0xa9), (0xab, 0xac), (0xae, 0xb1), (0xb4, 0xb4), (0xb6, 0xb8), (0xbb, 0xbb),
    (0xbf, 0xbf), (0xd7, 0xd7), (0xf7, 0xf7), (0x2c2, 0x2c5), (0x2d2, 0x2df), (0x2e5, 0x2eb),
    (0x2ed, 0x2ed), (0x2ef, 0x2ff), (0x375, 0x375), (0x37e, 0x37e), (0x384, 0x385), (0x387, 0x387),
    (0x3f6, 0x3f6), (0x482, 0x482), (0x55a, 0x55f), (0x589, 0x58a), (0x58d, 0x58f), (0x5be, 0x5be),
    (0x5c0, 0x5c0), (0x5c3, 0x5c3), (0x5c6, 0x5c6), (0x5f3, 0x5f4), (0x606, 0x60f), (0x61b, 0x61b),
    (0x61d, 0x61f), (0x66a, 0x66d), (0x6d4, 0x6d4), (0x6de, 0x6de), (0x6e9, 0x6e9), (0x6fd, 0x6fe),
    (0x700, 0x70d), (0x7f6, 0x7f9), (0x7fe, 0x7ff), (0x830, 0x83e), (0x85e, 0x85e), (0x888, 0x888),
    (0x964, 0x965), (0x970, 0x970), (0x9f2, 0x9f3), (0x9fa, 0x9fb), (0x9fd, 0x9fd), (0xa76, 0xa76),
    (0xaf0, 0xaf1), (0xb70, 0xb70), (0xbf3, 0xbfa), (0xc77, 0xc77), (0xc7f, 0xc7f), (0xc84, 0xc84),
    (0xd4f, 0xd4f), (0xd79, 0xd79), (0xdf4, 0xdf4), (0xe3f, 0xe3f), (0xe4f, 0xe4f), (0xe5a, 0xe5b),
    (0xf01, 0xf17), (0xf1a, 0xf1f), (0xf34, 0xf34), (0xf36, 0xf36), (0xf38, 0xf38), (0xf3a, 0xf3d),
    (0xf85, 0xf85), (0xfbe, 0xfc5), (0xfc7, 0xfcc), (0xfce, 0xfda), (0x104a, 0x104f),
    (0x109e, 0x109f), (0x10fb, 0x10fb), (0x1360, 0x1368), (0x1390, 0x1399), (0x1400, 0x1400),
    (0x166d, 0x166e), (0x169b, 0x169c), (0x16eb, 0x16ed), (0x1735, 0x1736), (0x17d4, 0x17d6),
    (0x17d8, 0x17db), (0x1800, 0x180a), (0x1940, 0x1940), (0x1944, 0x1945), (0x19de, 0x19ff),
    (0x1a1e, 0x1a1f), (0x1aa0, 0x1aa6), (0x1aa8, 0x1aad), (0x1b5a, 0x1b6a), (0x1b74, 0x1b7e),
    (0x1bfc, 0x1bff), (0x1c3b, 0x1c3f), (0x1c7e, 0x1c7f), (0x1cc0, 0x1cc7), (0x1cd3, 0x1cd3),
    (0x1fbd, 0x1fbd), (0x1fbf, 0x1fc1), (0x1fcd, 0x1fcf), (0x1fdd, 0x1fdf), (0x1fed, 0x1fef),
    (0x1ffd, 0x1ffe), (0x2010, 0x2027), (0x2030, 0x205e), (0x207a, 0x207e), (0x208a, 0x208e),
    (0x20a0, 0x20c0), (0x2100, 0x2101), (0x2103, 0x2106), (0x2108, 0x2109), (0x2114, 0x2114),
    (0x2116, 0x2118), (0x211e, 0x2123), (0x2125, 0x2125), (0x2127, 0x2127), (0x2129, 0x2129),
    (0x212e, 0x212e), (0x213a, 0x213b), (0x2140, 0x2144), (0x214a, 0x214d), (0x214f, 0x214f),
    (0x218a, 0x218b), (0x2190, 0x2426), (0x2440, 0x244a), (0x249c, 0x24e9), (0x2500, 0x2775),
    (0x2794, 0x2b73), (0x2b76, 0x2b95), (0x2b97, 0x2bff), (0x2ce5, 0x2cea), (0x2cf9, 0x2cfc),
    (0x2cfe, 0x2cff), (0x2d70, 0x2d70), (0x2e00, 0x2e2e), (0x2e30, 0x2e5d), (0x2e80, 0x2e99),
    (0x2e9b, 0x2ef3), (0x2f00, 0x2fd5), (0x2ff0, 0x2fff), (0x3001, 0x3004), (0x3008, 0x3020),
    (0x3030, 0x3030), (0x3036, 0x3037), (0x303d, 0x303f), (0x309b, 0x309c), (0x30a0, 0x30a0),
    (0x30fb, 0x30fb), (0x3190, 0x3191), (0x3196, 0x319f), (0x31c0, 0x31e3), (0x31ef, 0x31ef),
    (0x3200, 0x321e), (0x322a, 0x3247), (0x3250, 0x3250), (0x3260, 0x327f), (0x328a, 0x32b0),
    (0x32c0, 0x33ff), (0x4dc0, 0x4dff), (0xa490, 0xa4c6), (0xa4fe, 0xa4ff), (0xa60d, 0xa60f),
    (0xa673, 0xa673), (0xa67e, 0xa67e), (0xa6f2, 0xa6f7), (0xa700, 0xa716), (0xa720, 0xa721),
    (0xa789, 0xa78a), (0xa828, 0xa82b), (0xa836, 0xa839), (0xa874, 0xa877), (0xa8ce, 0xa8cf),
    (0xa8f8, 0xa8fa), (0xa8fc, 0xa8fc), (0xa92e, 0xa92f), (0xa95f, 0xa95f), (0xa9c1, 0xa9cd),
    (0xa9de, 0xa9df), (0xaa5c, 0xaa5f), (0xaa77, 0xaa79), (0xaade, 0xaadf), (0xaaf0, 0xaaf1),
    (0xab5b, 0xab5b), (0xab6a, 0xab6b), (0xabeb, 0xabeb), (0xfb29, 0xfb29), (0xfbb2, 0xfbc2),
    (0xfd3e, 0xfd4f), (0xfdcf, 0xfdcf), (0xfdfc, 0xfdff), (0xfe10, 0xfe19), (0xfe30, 0xfe52),
    (0xfe54, 0xfe66), (0xfe68, 0xfe6b), (0xff01, 0xff0f), (0xff1a, 0xff20), (0xff3b, 0xff40),
    (0xff5b, 0xff65), (0xffe0, 0xffe6), (0xffe8, 0xffee), (0xfffc, 0xfffd), (0x10100, 0x10102),
    (0x10137, 0x1013f), (0x10179, 0x10189), (0x1018c, 0x1018e), (0x10190, 0x1019c),
    (0x101a0, 0x101a0), (0x101d0, 0x101fc), (0x1039f, 0x1039f), (0x103d0, 0x103d0),
    (0x1056f, 0x1056f), (0x10857, 0x10857), (0x10877, 0x10878), (0x1091f, 0x1091f),
    (0x1093f, 0x1093f), (0x10a50, 0x10a58), (0x10a7f, 0x10a7f), (0x10ac8, 0x10ac8),
    (0x10af0, 0x10af6), (0x10b39, 0x10b3f), (0x10b99, 0x10b9c), (0x10ead, 0x10ead),
    (0x10f55, 0x10f59), (0x10f86, 0x10f89), (0x11047, 0x1104d), (0x110bb, 0x110bc),
    (0x110be, 0x110c1), (0x11140, 0x11143), (0x11174, 0x11175), (0x111c5, 0x111c8),
    (0x111cd, 0x111cd), (0x111db, 0x111db), (0x111dd, 0x111df), (0x11238, 0x1123d),
    (0x112a9, 0x112a9), (0x1144b, 0x1144f), (0x1145a, 0x1145b), (0x1145d, 0x1145d),
    (0x114c6, 0x114c6), (0x115c1, 0x115d7), (0x11641, 0x11643), (0x11660, 0x1166c),
    (0x116b9, 0x116b9), (0x1173c, 0x1173f), (0x1183b, 0x1183b), (0x11944, 0x11946),
    (0x119e2, 0x119e2), (0x11a3f, 0x11a46), (0x11a9a, 0x11a9c), (0x11a9e, 0x11aa2),
    (0x11b00, 0x11b09), (0x11c41, 0x11c45), (0x11c70, 0x11c71), (0x11ef7, 0x11ef8),
    (0x11f43, 0x11f4f), (0x11fd5, 0x11ff1), (0x11fff, 0x11fff), (0x12470, 0x12474),
    (0x12ff1, 0x12ff2), (0x16a6e, 0x16a6f), (0x16af5, 0x16af5), (0x16b37, 0x16b3f),
    (0x16b44, 0x16b45), (0x16e97, 0x16e9a), (0x16fe2, 0x16fe2), (0x1bc9c, 0x1bc9c),
    (0x1bc9f, 0x1bc9f), (0x1cf50, 0x1cfc3), (0x1d000, 0x1d0f5), (0x1d100, 0x1d126),
    (0x1d129, 0x1d164), (0x1d16a, 0x1d16c), (0x1d183, 0x1d184), (0x1d18c, 0x1d1a9),
    (0x1d1ae, 0x1d1ea), (0x1d200, 0x1d241), (0x1d245, 0x1d245), (0x1d300, 0x1d356),
    (0x1d6c1, 0x1d6c1), (0x1d6db, 0x1d6db), (0x1d6fb, 0x1d6fb), (0x1d715, 0x1d715),
    (0x1d735, 0x1d735), (0x1d74f, 0x1d74f), (0x1d76f, 0x1d76f), (0x1d789, 0x1d789),
    (0x1d7a9, 0x1d7a9), (0x1d7c3, 0x1d7c3), (0x1d800, 0x1d9ff), (0x1da37, 0x1da3a),
    (0x1da6d, 0x1da74), (0x1da76, 0x1da83), (0x1da85, 0x1da8b), (0x1e14f, 0x1e14f),
    (0x1e2ff, 0x1e2ff), (0x1e95e, 0x1e95f), (0x1ecac, 0x1ecac), (0x1ecb0, 0x1ecb0),
    (0x1ed2e, 0x1ed2e), (0x1eef0, 0x1eef1), (0x1f000, 0x1f02b), (0x1f030, 0x1f093),
    (0x1f0a0, 0x1f0ae), (0x1f0b1, 0x1f0bf), (0x1f0c1, 0x1f0cf), (0x1f0d1, 0x1f0f5),
    (0x1f10d, 0x1f1ad), (0x1f1e6, 0x1f202), (0x1f210, 0x1f23b), (0x1f240, 0x1f248),
    (0x1f250, 0x1f251), (0x1f260, 0x1f265), (0x1f300, 0x1f6d7), (0x1f6dc, 0x1f6ec),
    (0x1f6f0, 0x1f6fc), (0x1f700, 0x1f776), (0x1f77b, 0x1f7d9), (0x1f7e0, 0x1f7eb),
    (0x1f7f0, 0x1f7f0), (0x1f800, 0x1f80b), (0x1f810, 0x1f847), (0x1f850, 0x1f859),
    (0x1f860, 0x1f887), (0x1f890, 0x1f8ad), (0x1f8b0, 0x1f8b1), (0x1f900, 0x1fa53),
    (0x1fa60, 0x1fa6d), (0x1fa70, 0x1fa7c), (0x1fa80, 0x1fa88), (0x1fa90, 0x1fabd),
    (0x1fabf, 0x1fac5), (0x1face, 0x1fadb), (0x1fae0, 0x1fae8), (0x1faf0, 0x1faf8),
    (0x1fb00, 0x1fb92), (0x1fb94, 0x1fbca),
];

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::html::push_html;

    fn options() -> Options {
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
    }

    fn render(source: &str) -> String {
        let mut html = String::new();
        push_html(&mut html, parse(source, options()).into_iter());
        html
    }

    fn render_plain(source: &str) -> String {
        let mut html = String::new();
        push_html(&mut html, Parser::new_ext(source, options()));
        html
    }

    #[track_caller]
    fn check(source: &str, expected_html: &str) {
        assert_eq!(render(source), expected_html, "source: {source:?}");
    }

    #[test]
    fn closing_after_fullwidth_punctuation() {
        check("**重要：**后面", "<p><strong>重要：</strong>后面</p>\n");
        check(
            "这是**“引号”**测试",
            "<p>这是<strong>“引号”</strong>测试</p>\n",
        );
        check(
            "园区**《行动计划》**发布",
            "<p>园区<strong>《行动计划》</strong>发布</p>\n",
        );
        check("*强调。*之后", "<p><em>强调。</em>之后</p>\n");
        check(
            "**该星号不会被识别，而是直接显示。**这是因为它没有被识别为强调符号。",
            "<p><strong>该星号不会被识别，而是直接显示。</strong>这是因为它没有被识别为强调符号。</p>\n",
        );
        check(
            "これは**私のやりたかったこと。**だからするの。",
            "<p>これは<strong>私のやりたかったこと。</strong>だからするの。</p>\n",
        );
        check(
            "**스크립트(script)**라고",
            "<p><strong>스크립트(script)</strong>라고</p>\n",
        );
    }

    #[test]
    fn several_bold_phrases_in_one_paragraph() {
        // pulldown-cmark alone pairs these wrongly (nested strong) or leaves asterisks.
        check(
            "**重要：**后面**粗体**",
            "<p><strong>重要：</strong>后面<strong>粗体</strong></p>\n",
        );
        check(
            "**目标：**到2026年，**完成**任务。**注意：**无",
            "<p><strong>目标：</strong>到2026年，<strong>完成</strong>任务。<strong>注意：</strong>无</p>\n",
        );
    }

    #[test]
    fn already_correct_cjk_is_unchanged() {
        for source in [
            "**粗体**和*斜体*",
            "中文**粗体**中文",
            "**完成**任务",
            "*斜体*",
        ] {
            assert_eq!(render(source), render_plain(source), "source: {source:?}");
        }
        check(
            "**粗体**和*斜体*",
            "<p><strong>粗体</strong>和<em>斜体</em></p>\n",
        );
    }

    #[test]
    fn nested_and_triple() {
        check(
            "***重要：***后",
            "<p><em><strong>重要：</strong></em>后</p>\n",
        );
        check(
            "**外*内：*层：**后",
            "<p><strong>外<em>内：</em>层：</strong>后</p>\n",
        );
        check(
            "*一**二：**三：*后",
            "<p><em>一<strong>二：</strong>三：</em>后</p>\n",
        );
    }

    #[test]
    fn literal_stays_literal() {
        check("**只有开始：", "<p>**只有开始：</p>\n");
        check("只有结束：**后", "<p>只有结束：**后</p>\n");
        check(r"\*\*不是粗体：\*\*后", "<p>**不是粗体：**后</p>\n");
        check(r"**不是粗体：\**后", "<p>**不是粗体：**后</p>\n");
        check("&ast;&ast;不是：&ast;&ast;后", "<p>**不是：**后</p>\n");
        // `_` keeps CommonMark's intraword rule (the amendment does not relax it).
        check("__重要：__后面", "<p>__重要：__后面</p>\n");
        check("前__重要__后", "<p>前__重要__后</p>\n");
        check("。__重要：__。", "<p>。<strong>重要：</strong>。</p>\n");
    }

    #[test]
    fn code_is_untouched() {
        check("`**代码：**后`", "<p><code>**代码：**后</code></p>\n");
        check(
            "```\n**代码：**后\n```\n",
            "<pre><code>**代码：**后\n</code></pre>\n",
        );
        check(
            "    **代码：**后\n",
            "<pre><code>**代码：**后\n</code></pre>\n",
        );
        check(
            "**`代码`：**后",
            "<p><strong><code>代码</code>：</strong>后</p>\n",
        );
        check(
            "**`npm publish`**를",
            "<p><strong><code>npm publish</code></strong>를</p>\n",
        );
    }

    #[test]
    fn headings_tables_lists_quotes() {
        check(
            "## **目标：**二〇二六",
            "<h2><strong>目标：</strong>二〇二六</h2>\n",
        );
        check(
            "## **目标：**二〇二六 {#goal}",
            "<h2 id=\"goal\"><strong>目标：</strong>二〇二六</h2>\n",
        );
        check(
            "| 项目 | 说明 |\n|---|---|\n| **重要：**后面 | *注：*无 |\n",
            "<table><thead><tr><th>项目</th><th>说明</th></tr></thead><tbody>\n\
             <tr><td><strong>重要：</strong>后面</td><td><em>注：</em>无</td></tr>\n\
             </tbody></table>\n",
        );
        check(
            "- **重要：**后面\n- [x] **完成：**是\n",
            "<ul>\n<li><strong>重要：</strong>后面</li>\n\
             <li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n<strong>完成：</strong>是</li>\n</ul>\n",
        );
        check(
            "> **重要：**后面\n>**注：**无",
            "<blockquote>\n<p><strong>重要：</strong>后面\n<strong>注：</strong>无</p>\n</blockquote>\n",
        );
        check(
            "正文[^1]\n\n[^1]: **来源：**统计局",
            "<p>正文<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n\
             <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup>\n\
             <p><strong>来源：</strong>统计局</p>\n</div>\n",
        );
    }

    #[test]
    fn links_and_other_inlines() {
        check(
            "**[链接](u)：**后",
            "<p><strong><a href=\"u\">链接</a>：</strong>后</p>\n",
        );
        check(
            "[**链接：**后](u)",
            "<p><a href=\"u\"><strong>链接：</strong>后</a></p>\n",
        );
        // Emphasis never crosses a link boundary.
        check(
            "**前[链接：**后](u)",
            "<p>**前<a href=\"u\">链接：**后</a></p>\n",
        );
        check(
            "**<b>标签</b>：**后",
            "<p><strong><b>标签</b>：</strong>后</p>\n",
        );
        check(
            "**换行：\n继续：**后",
            "<p><strong>换行：\n继续：</strong>后</p>\n",
        );
        check(
            "~~**删除：**后~~",
            "<p><del><strong>删除：</strong>后</del></p>\n",
        );
        check(
            "<https://a.example/**x：**y>",
            "<p><a href=\"https://a.example/**x%EF%BC%9A**y\">https://a.example/**x：**y</a></p>\n",
        );
    }

    #[test]
    fn variation_selectors() {
        // Ideographic variation selector after an ideograph: a CJK sequence.
        check(
            "**葛\u{E0100}**城",
            "<p><strong>葛\u{E0100}</strong>城</p>\n",
        );
        // Fullwidth-form quotation marks (U+201C/U+201D + U+FE01) count as CJK punctuation.
        check(
            "**“\u{FE01}引用”\u{FE01}**后a",
            "<p><strong>“\u{FE01}引用”\u{FE01}</strong>后a</p>\n",
        );
    }

    type Spanned<'a> = (Event<'a>, Range<usize>);

    /// What the site's pipeline does before this pass: joins neighbouring text events.
    fn merge_text(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
        let mut out: Vec<Spanned<'_>> = Vec::new();
        for (event, range) in events {
            if let (Event::Text(t), Some((Event::Text(prev), prev_range))) =
                (&event, out.last_mut())
            {
                if prev_range.end == range.start {
                    *prev = CowStr::from(format!("{prev}{t}"));
                    prev_range.end = range.end;
                    continue;
                }
            }
            out.push((event, range));
        }
        out
    }

    /// Then replaces `{{x}}` in texts by HTML, the pieces keeping the whole text's range.
    fn expand_shortcodes(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
        let mut out = Vec::new();
        for (event, range) in events {
            match &event {
                Event::Text(t) if t.contains("{{x}}") => {
                    let text = t.to_string();
                    for (k, piece) in text.split("{{x}}").enumerate() {
                        if k > 0 {
                            out.push((Event::Html("<span>X</span>".into()), range.clone()));
                        }
                        if !piece.is_empty() {
                            out.push((Event::Text(piece.to_string().into()), range.clone()));
                        }
                    }
                }
                _ => out.push((event, range)),
            }
        }
        out
    }

    fn render_pipeline(source: &str) -> String {
        let events = Parser::new_ext(source, options())
            .into_offset_iter()
            .collect();
        let events = expand_shortcodes(merge_text(events));
        let mut html = String::new();
        push_html(&mut html, apply(source, events).into_iter());
        html
    }

    #[test]
    fn merged_and_split_texts() {
        let cases = [
            ("**重要：**后面", "<p><strong>重要：</strong>后面</p>\n"),
            (r"a\*b**重要：**后", "<p>a*b<strong>重要：</strong>后</p>\n"),
            (r"\*\*不是粗体：\*\*后", "<p>**不是粗体：**后</p>\n"),
            (
                "&ast;中**重要：**后&amp;",
                "<p>*中<strong>重要：</strong>后&amp;</p>\n",
            ),
            ("&ast;&ast;不是：&ast;&ast;后", "<p>**不是：**后</p>\n"),
            (
                "**重要：**{{x}}后面**注意：**后",
                "<p><strong>重要：</strong><span>X</span>后面<strong>注意：</strong>后</p>\n",
            ),
            (
                "前{{x}}**重要：**后{{x}}",
                "<p>前<span>X</span><strong>重要：</strong>后<span>X</span></p>\n",
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(render_pipeline(source), expected, "source: {source:?}");
        }
    }

    /// CommonMark samples without CJK: the pass must not change anything.
    #[test]
    fn english_is_identical() {
        let samples = [
            "*foo bar*",
            "a * foo bar*",
            "**foo**bar and foo**bar**",
            "*(*foo*)*",
            "**foo \"*bar*\" foo**",
            "*foo**bar**baz*",
            "***strong emph***, ***strong** in emph*, ***emph* in strong**",
            "foo*bar*, _foo_bar_, __foo, __bar__ baz__",
            "**a\n*b* c** d *[link*](u) x*",
            "*foo`*`* and **`code`**x and \\*not\\* and <i>*x*</i>",
            "| a | b |\n|---|---|\n| **x** | *y* |",
            "# *Title* {#t}\n\n- [ ] **todo**\n\n> *quote*",
            "**Note:**follow and *\"quoted\"*word",
        ];
        for source in samples {
            let events: Vec<_> = Parser::new_ext(source, options()).collect();
            assert_eq!(parse(source, options()), events, "source: {source:?}");
        }
    }

    /// Tiny deterministic generator (no extra dependency).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n
        }
    }

    fn generate(rng: &mut Lcg, pieces: &[&str]) -> String {
        let len = 1 + rng.next(24);
        (0..len).map(|_| pieces[rng.next(pieces.len())]).collect()
    }

    /// Checks that the tags the renderer produces are balanced in `html`.
    fn balanced(html: &str) -> bool {
        const CHECKED: &[&str] = &[
            "p",
            "em",
            "strong",
            "a",
            "code",
            "del",
            "li",
            "ul",
            "ol",
            "blockquote",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "pre",
            "sup",
            "div",
        ];
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let closing = rest.starts_with('/');
            let name: String = rest
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !CHECKED.contains(&name.as_str()) {
                continue;
            }
            if closing {
                if stack.pop() != Some(name) {
                    return false;
                }
            } else {
                stack.push(name);
            }
        }
        stack.is_empty()
    }

    /// The text of `html` without tags and without `*`/`_` (the pass only turns delimiter
    /// characters into tags, so this must not change).
    fn text_only(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                '*' | '_' => {}
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    }

    #[test]
    fn generated_cjk_inputs_stay_well_formed() {
        let pieces = [
            "*",
            "**",
            "***",
            "_",
            "__",
            "：",
            "。",
            "“",
            "”",
            "《",
            "》",
            "，",
            "中",
            "文",
            "a",
            "b",
            " ",
            "\n",
            "\\",
            "`",
            "[",
            "](u)",
            "~~",
            "|",
            "&ast;",
            "\u{FE01}",
            "\u{E0100}",
            "!",
            "\"",
            "(",
            ")",
            "# ",
            "- ",
            "> ",
            "\n\n",
            "1. ",
            "\n|-|-|\n",
        ];
        let mut rng = Lcg(0x5eed);
        for _ in 0..3000 {
            let source = generate(&mut rng, &pieces);
            let html = render(&source);
            let plain = render_plain(&source);
            assert!(balanced(&html), "unbalanced for {source:?}: {html}");
            assert_eq!(
                text_only(&html),
                text_only(&plain),
                "text changed for {source:?}"
            );
            // Every extension on (smart punctuation, math, super/subscript, wikilinks…).
            let mut all = String::new();
            push_html(&mut all, parse(&source, Options::all()).into_iter());
            assert!(
                balanced(&all),
                "unbalanced (all options) for {source:?}: {all}"
            );
            // Joining neighbouring texts first (as the site's pipeline does) changes nothing.
            assert_eq!(
                render_pipeline(&source),
                html,
                "merged texts differ for {source:?}"
            );
        }
    }

    #[test]
    fn generated_ascii_inputs_are_untouched() {
        let pieces = [
            "*",
            "**",
            "***",
            "_",
            "__",
            ":",
            ".",
            "\"",
            "a",
            "b",
            " ",
            "\n",
            "\\",
            "`",
            "[",
            "](u)",
            "~~",
            "|",
            "&ast;",
            "!",
            "(",
            ")",
            "# ",
            "- ",
            "> ",
            "\n\n",
            "\n|-|-|\n",
        ];
        let mut rng = Lcg(42);
        for _ in 0..3000 {
            let source = generate(&mut rng, &pieces);
            let events: Vec<_> = Parser::new_ext(&source, options()).collect();
            assert_eq!(parse(&source, options()), events, "source: {source:?}");
        }
    }
}
