//! Minifying pages with minify-html, paying once for the parts that repeat.
//!
//! Every page carries the same `<head>` lines (stylesheets, the CSP, Open Graph constants),
//! the same header, navigation and footer, and list pages share their items with the tag
//! pages. Measured on the 1,000-page benchmark site, the part of a page before `<main>` took
//! 37 % of minify-html's time and the part after it 7 %, though almost all of it had been
//! minified on the page before. So [`minify_page`] cuts a page into elements, minifies each
//! element this thread has not minified before, and copies the rest from a small cache. The
//! bytes are the same as [`minify_whole`] gives for the whole page: the tests compare them on
//! hostile inputs, and debug builds compare them on every page they write. On the raw pages
//! of the 1,000-page site (one thread): 480 ms whole, 285 ms by pieces.
//!
//! Why the pieces can be minified apart: with closing tags kept (our [`cfg`]), minify-html
//! writes an element from its tag, attributes and content alone, and inside a *layout*
//! element (`head`, `body`, `header`, `nav`, `div`, `ul`, …) it drops whitespace-only text
//! between the children. So a layout element whose content is only child elements and
//! whitespace minifies to its start tag, each child minified, and its end tag. That holds as
//! long as the page is cut exactly where minify-html's own parser would cut it, so the
//! scanner below follows that parser (same tag and attribute rules, same tables from
//! `minify-html-common`) over a strict subset of HTML: every element closed explicitly,
//! nothing closed implicitly, no comments or processing instructions, lower-case tag names.
//! A page outside that subset (hand-written HTML with a comment, say) is minified whole.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::LazyLock;

use minify_html::Cfg;
use minify_html_common::gen::codepoints::{
    ATTR_QUOTE, NOT_UNQUOTED_ATTR_VAL_CHAR, TAG_NAME_CHAR, WHITESPACE, WHITESPACE_OR_SLASH,
    WHITESPACE_OR_SLASH_OR_EQUALS_OR_RIGHT_CHEVRON,
};
use minify_html_common::spec::tag::ns::Namespace;
use minify_html_common::spec::tag::omission::{can_omit_as_before, can_omit_as_last_node};
use minify_html_common::spec::tag::void::VOID_TAGS;
use minify_html_common::spec::tag::whitespace::get_whitespace_minification_for_tag;
use minify_html_common::whitespace::is_all_whitespace;

/// The settings every page is minified with. CSS inside a page is minified; JavaScript is
/// left alone, since minifying it can break it and the site's scripts are small files anyway.
/// Closing tags are kept: `serve` injects its reload script before `</body>`, and the cutting
/// in [`minify_page`] relies on it.
pub fn cfg() -> &'static Cfg {
    static CFG: LazyLock<Cfg> = LazyLock::new(|| {
        let mut cfg = Cfg::new();
        cfg.minify_css = true;
        cfg.minify_js = false;
        cfg.keep_html_and_head_opening_tags = true;
        cfg.keep_closing_tags = true;
        cfg.minify_doctype = false;
        cfg
    });
    &CFG
}

/// A complete HTML document through minify-html in one call: the reference [`minify_page`]
/// must match.
pub fn minify_whole(html: &str) -> Vec<u8> {
    minify_html::minify(html.as_bytes(), cfg())
}

/// A complete HTML document minified, the same bytes as [`minify_whole`], with the elements
/// this thread has minified before taken from its cache.
pub fn minify_page(html: &str) -> Vec<u8> {
    let src = html.as_bytes();
    let Some(nodes) = Scanner::scan(src) else {
        return minify_whole(html);
    };
    let out = CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let mut out = Vec::with_capacity(src.len());
        for &root in &nodes.roots {
            emit(src, &nodes.list, root, &mut out, &mut cache);
        }
        out
    });
    // Every page every test builds (fixtures, hostile inputs, the default site) is checked.
    debug_assert!(
        out == minify_whole(html),
        "minify_page differs from minify-html on:\n{html}"
    );
    out
}

/// The minified form of elements seen on this thread, keyed by their source. Emptied when it
/// grows past [`CACHE_LIMIT`] bytes, so memory stays flat however many pages a build has:
/// the parts that repeat are back after a page or two, and the parts that do not (a page's
/// title, its canonical address) would only fill it.
struct Cache {
    map: HashMap<Box<[u8]>, Box<[u8]>, foldhash::fast::FixedState>,
    /// Hashes of the elements met once, which are not cached until they come again.
    seen: HashSet<u64, foldhash::fast::FixedState>,
    bytes: usize,
}

const CACHE_LIMIT: usize = 4 << 20;
const SEEN_LIMIT: usize = 1 << 16;

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache {
        map: HashMap::with_hasher(foldhash::fast::FixedState::default()),
        seen: HashSet::with_hasher(foldhash::fast::FixedState::default()),
        bytes: 0,
    });
}

impl Cache {
    /// Whether `source` is new to this cache (then it is remembered, by its hash, as seen).
    fn first_sight(&mut self, source: &[u8]) -> bool {
        self.seen.insert(self.map.hasher().hash_one(source))
    }

    /// Caches `minified` for `source` from its second sight on: a page's own elements (and
    /// the page itself, which is split too) would only push the shared ones out.
    fn remember(&mut self, source: &[u8], minified: &[u8]) {
        if !self.first_sight(source) {
            self.insert(source, minified);
        }
    }

    fn insert(&mut self, source: &[u8], minified: &[u8]) {
        let size = source.len() + minified.len();
        if self.bytes + size > CACHE_LIMIT || self.seen.len() > SEEN_LIMIT {
            self.map.clear();
            self.seen.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.map.insert(source.into(), minified.into());
    }
}

/// Writes node `i` minified to `out`.
fn emit(src: &[u8], nodes: &[Node], i: usize, out: &mut Vec<u8>, cache: &mut Cache) {
    let node = &nodes[i];
    let source = &src[node.start..node.end];
    if !node.splits {
        return emit_piece(source, out, cache);
    }
    if let Some(done) = cache.map.get(source) {
        out.extend_from_slice(done);
        return;
    }
    let from = out.len();
    emit_piece(&src[node.start..node.start_tag_end], out, cache);
    // Children never seen before are minified together, in one call: most are the page's
    // own (its title, its addresses) and will not come again. A child seen once before is
    // minified alone and cached.
    let mut run: Option<(usize, usize)> = None;
    let mut child = node.first_child;
    while child != NONE {
        let c = &nodes[child];
        let source = &src[c.start..c.end];
        if !c.splits && !cache.map.contains_key(source) && cache.first_sight(source) {
            run = Some((run.map_or(c.start, |r| r.0), c.end));
        } else {
            if let Some((from, to)) = run.take() {
                out.extend_from_slice(&minify_html::minify(&src[from..to], cfg()));
            }
            emit(src, nodes, child, out, cache);
        }
        child = c.next_sibling;
    }
    if let Some((from, to)) = run {
        out.extend_from_slice(&minify_html::minify(&src[from..to], cfg()));
    }
    out.extend_from_slice(b"</");
    out.extend_from_slice(&src[node.start + 1..node.start + 1 + node.name_len]);
    out.push(b'>');
    cache.remember(source, &out[from..]);
}

/// Writes `source` (an element, a start tag or the doctype) minified in one call, or as
/// cached.
fn emit_piece(source: &[u8], out: &mut Vec<u8>, cache: &mut Cache) {
    if let Some(done) = cache.map.get(source) {
        out.extend_from_slice(done);
        return;
    }
    let from = out.len();
    out.extend_from_slice(&minify_html::minify(source, cfg()));
    cache.remember(source, &out[from..]);
}

const NONE: usize = usize::MAX;

/// An element (or the doctype) as the scanner found it. Only elements that may be split
/// record their children.
struct Node {
    start: usize,
    /// Length of the tag name just after `<` (lower case: the subset has no other).
    name_len: usize,
    /// Just after the start tag's `>`.
    start_tag_end: usize,
    /// Just after the end tag's `>` (or the start tag's, for a void element).
    end: usize,
    first_child: usize,
    next_sibling: usize,
    /// A layout element whose content is child elements and whitespace only: minified as
    /// its start tag, its children and its end tag.
    splits: bool,
}

struct Nodes {
    list: Vec<Node>,
    roots: Vec<usize>,
}

/// Follows minify-html's parser (`parse/content.rs`, `parse/element.rs` in minify-html 0.18)
/// over the strict subset described at the top of this module. Every method returns `None`
/// as soon as the page leaves it.
struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    list: Vec<Node>,
    seen_html: bool,
    seen_head: bool,
    seen_head_close: bool,
    seen_body: bool,
    /// Elements open around `pos`.
    depth: usize,
}

/// Deeper than this, a page is minified whole: the scanner recurses per level, and no page
/// the theme writes comes near it.
const MAX_DEPTH: usize = 128;

impl<'a> Scanner<'a> {
    fn scan(src: &'a [u8]) -> Option<Nodes> {
        let mut s = Scanner {
            src,
            pos: 0,
            list: Vec::with_capacity(64),
            seen_html: false,
            seen_head: false,
            seen_head_close: false,
            seen_body: false,
            depth: 0,
        };
        let mut roots = Vec::new();
        loop {
            let text_end = memchr::memchr(b'<', &src[s.pos..]).map_or(src.len(), |i| s.pos + i);
            if !is_all_whitespace(&src[s.pos..text_end]) {
                return None;
            }
            s.pos = text_end;
            if s.pos == src.len() {
                break;
            }
            if starts_with_ignore_case(&src[s.pos..], b"<!doctype") {
                let start = s.pos;
                let end = memchr::memchr(b'>', &src[s.pos..])? + s.pos + 1;
                s.pos = end;
                roots.push(s.push(start, 0, end));
            } else if src.get(s.pos + 1).is_some_and(|&c| TAG_NAME_CHAR[c]) {
                let name = s.peek_tag_name()?;
                roots.push(s.element(name, b"", Namespace::Html, true)?);
            } else {
                return None;
            }
        }
        Some(Nodes {
            list: s.list,
            roots,
        })
    }

    fn push(&mut self, start: usize, name_len: usize, start_tag_end: usize) -> usize {
        self.list.push(Node {
            start,
            name_len,
            start_tag_end,
            end: start_tag_end,
            first_child: NONE,
            next_sibling: NONE,
            splits: false,
        });
        self.list.len() - 1
    }

    /// The name of the tag at `pos` (which is at `<` or `</`). `None` when it has upper-case
    /// letters: minify-html lower-cases names, and the subset keeps to names that need none.
    fn peek_tag_name(&self) -> Option<&'a [u8]> {
        let mut i = self.pos + 1;
        if self.src.get(i) == Some(&b'/') {
            i += 1;
        }
        let start = i;
        while i < self.src.len() && TAG_NAME_CHAR[self.src[i]] {
            if self.src[i].is_ascii_uppercase() {
                return None;
            }
            i += 1;
        }
        Some(&self.src[start..i])
    }

    /// minify-html ignores a second `<html>`, `<head>` or `<body>`; the subset has none.
    fn check_html_head_body(&mut self, name: &[u8]) -> Option<()> {
        let seen = match name {
            b"html" => &mut self.seen_html,
            b"head" => &mut self.seen_head,
            b"body" => &mut self.seen_body,
            _ => return Some(()),
        };
        if *seen {
            return None;
        }
        *seen = true;
        Some(())
    }

    /// The element `name` whose start tag is at `pos`, with its content and end tag. With
    /// `record`, the element gets a node, returned; without, it is only skipped (the content
    /// of an element that is minified in one piece) and [`NONE`] is returned.
    fn element(
        &mut self,
        name: &'a [u8],
        parent: &[u8],
        ns: Namespace,
        record: bool,
    ) -> Option<usize> {
        self.check_html_head_body(name)?;
        let start = self.pos;
        let self_closing = self.start_tag()?;
        let start_tag_end = self.pos;
        let ns = if name == b"svg" { Namespace::Svg } else { ns };
        let index = if record {
            self.push(start, name.len(), start_tag_end)
        } else {
            NONE
        };
        if (self_closing && ns != Namespace::Html) || VOID_TAGS.contains(name) {
            return Some(index);
        }
        let raw_text = match (ns, name) {
            (_, b"script") => Some(&b"</script"[..]),
            (_, b"style") => Some(&b"</style"[..]),
            (Namespace::Html, b"textarea") => Some(&b"</textarea"[..]),
            (Namespace::Html, b"title") => Some(&b"</title"[..]),
            _ => None,
        };
        let ws = get_whitespace_minification_for_tag(ns, name, false);
        // Only a layout element can be split.
        let may_split = ns == Namespace::Html && ws.destroy_whole && ws.trim;
        let mut has_text = false;
        let mut first_child = NONE;
        match raw_text {
            Some(end) => {
                self.pos += find_ignore_case(&self.src[self.pos..], end)?;
                has_text = true;
            }
            None => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                first_child = self.content(parent, name, ns, record && may_split, &mut has_text)?;
                self.depth -= 1;
            }
        }
        // At the end tag, which `content` has checked names this element.
        if name == b"head" {
            if self.seen_head_close {
                return None;
            }
            self.seen_head_close = true;
        }
        let close_len = 2 + name.len();
        if self.src.get(self.pos + close_len) != Some(&b'>') {
            return None;
        }
        self.pos += close_len + 1;
        if record {
            let node = &mut self.list[index];
            node.end = self.pos;
            node.splits = may_split && !has_text && first_child != NONE;
            node.first_child = first_child;
        }
        Some(index)
    }

    /// Skips the start tag at `pos` exactly as minify-html's `parse_tag` reads it; returns
    /// whether it ended in `/>`.
    fn start_tag(&mut self) -> Option<bool> {
        let src = self.src;
        self.pos += 1;
        while self.pos < src.len() && TAG_NAME_CHAR[src[self.pos]] {
            self.pos += 1;
        }
        loop {
            let mut last = None;
            while self.pos < src.len() && WHITESPACE_OR_SLASH[src[self.pos]] {
                last = Some(src[self.pos]);
                self.pos += 1;
            }
            let c = *src.get(self.pos)?;
            if c == b'>' {
                self.pos += 1;
                return Some(last == Some(b'/'));
            }
            // The attribute's name: its first character may be `=`.
            self.pos += 1;
            while self.pos < src.len()
                && !WHITESPACE_OR_SLASH_OR_EQUALS_OR_RIGHT_CHEVRON[src[self.pos]]
            {
                self.pos += 1;
            }
            self.skip_whitespace();
            if src.get(self.pos) == Some(&b'=') {
                self.pos += 1;
                self.skip_whitespace();
                let c = *src.get(self.pos)?;
                if ATTR_QUOTE[c] {
                    let close = memchr::memchr(c, &src[self.pos + 1..])?;
                    self.pos += close + 2;
                } else {
                    while self.pos < src.len() && !NOT_UNQUOTED_ATTR_VAL_CHAR[src[self.pos]] {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    fn skip_whitespace(&mut self) {
        while self.pos < self.src.len() && WHITESPACE[self.src[self.pos]] {
            self.pos += 1;
        }
    }

    /// The content of element `parent` (whose parent is `grandparent`) up to its end tag,
    /// leaving `pos` at that `</`. With `record`, its child elements get nodes, linked as
    /// siblings; returns the first (or [`NONE`]).
    fn content(
        &mut self,
        grandparent: &[u8],
        parent: &'a [u8],
        ns: Namespace,
        record: bool,
        has_text: &mut bool,
    ) -> Option<usize> {
        let src = self.src;
        let (mut first, mut last) = (NONE, NONE);
        loop {
            let lt = memchr::memchr(b'<', &src[self.pos..])? + self.pos;
            if !*has_text && !is_all_whitespace(&src[self.pos..lt]) {
                *has_text = true;
            }
            self.pos = lt;
            let next = *src.get(lt + 1)?;
            if TAG_NAME_CHAR[next] {
                let name = self.peek_tag_name()?;
                if can_omit_as_before(parent, name) {
                    return None;
                }
                let child = self.element(name, parent, ns, record)?;
                if child != NONE {
                    if last == NONE {
                        first = child;
                    } else {
                        self.list[last].next_sibling = child;
                    }
                    last = child;
                }
            } else if next == b'/' {
                let name = self.peek_tag_name()?;
                if name.is_empty()
                    || (grandparent == name && can_omit_as_last_node(grandparent, parent))
                    || VOID_TAGS.contains(name)
                    || parent != name
                {
                    return None;
                }
                return Some(first);
            } else if next == b'!' || next == b'?' {
                return None;
            } else {
                // A `<` that starts no tag is text.
                *has_text = true;
                self.pos += 1;
            }
        }
    }
}

fn starts_with_ignore_case(haystack: &[u8], prefix: &[u8]) -> bool {
    haystack.len() >= prefix.len() && haystack[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Where `needle` (ASCII, starting with `<`) first occurs in `haystack`, ignoring ASCII case.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &haystack[from..]) {
        let at = from + i;
        if starts_with_ignore_case(&haystack[at..], needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html lang="zh-CN" id="elder">
<head>
<meta charset="utf-8">
<title>标题 - 站点</title>
<meta name="description" content="a  &amp; b">
<link rel="stylesheet" href="/css/site.css">
<script src="/js/elder.js"></script>
<script type="application/ld+json">{"a": "</div>"}</script>
</head>
<body id="top">
<a class="skip-link" href="#main">跳到主要内容</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="site-title" href="/">站点</a>
    <form class="header-search" role="search" action="/search/" method="get">
      <input type="search" name=q autocomplete="off">
      <button type="submit"><span>搜索</span></button>
    </form>
  </div>
  <nav class="main-nav" aria-label="主导航">
    <ul class="wrap"><li><a href="/">首页</a></li>
      <li><a href="/news/" aria-current="true">新闻</a></li></ul>
  </nav>
</header>
<main id="main" tabindex="-1">
<div class="wrap">
<p>Text   with  <em>spaces</em> &amp; <code>x  y</code></p>
<pre><code>  keep
    this  </code></pre>
MAIN_EXTRA
</div>
</main>
<footer class="site-footer">
  <div class="wrap"><p>页脚  文字</p>
  <ul class="footer-links"><li><a href="/data/">开放数据</a></li></ul></div>
</footer>
</body>
</html>
"##;

    fn same(html: &str) {
        let whole = minify_whole(html);
        // Twice: the second time the shared parts come from the cache.
        for _ in 0..3 {
            assert_eq!(
                String::from_utf8_lossy(&minify_page(html)),
                String::from_utf8_lossy(&whole),
                "on:\n{html}"
            );
        }
    }

    #[test]
    fn a_page_in_the_subset_is_cut_and_comes_out_as_minify_html_writes_it() {
        let html = PAGE.replace("MAIN_EXTRA", "");
        assert!(
            Scanner::scan(html.as_bytes()).is_some(),
            "the sample is in the subset"
        );
        same(&html);
        // The same chrome around other content, as the next page of a build would have it.
        same(&PAGE.replace("MAIN_EXTRA", "<h2 id=x>Other</h2><ul><li>one<li>two</ul>"));
    }

    #[test]
    fn pages_outside_the_subset_still_come_out_as_minify_html_writes_them() {
        let main_extras = [
            "<!-- a comment -->",
            "<div>unclosed",
            "<main>nested</main>",
            "</div></div>",
            "<DIV>upper</DIV>",
            "<p>para<div>implicitly closes it</div>",
            "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><title>t</title></svg>",
            "<textarea>  </main>  </textarea>",
            "<script>if (a < b) { document.write('</main>') }</script>",
            "<a title='>' href=x>quoted chevron</a>",
            "<br/><img src=a.png alt=\"\">",
            "<table><tr><td>cell<td>cell</table>",
            "text &#32; <b>bold</b>",
            "<?php echo 1 ?>",
        ];
        for extra in main_extras {
            same(&PAGE.replace("MAIN_EXTRA", extra));
        }
        let chrome_changes = [
            (
                "<a class=\"site-title\" href=\"/\">站点</a>",
                "<a class=\"site-title\" href=\"/\">站点</a> loose text",
            ),
            (
                "<nav class=\"main-nav\"",
                "<!-- nav --><nav class=\"main-nav\"",
            ),
            ("</head>", "</head></head>"),
            ("<body id=\"top\">", "<body id=\"top\"><body>"),
            ("</main>", "</main >"),
            ("</main>", "</MAIN>"),
            (
                "<footer class=\"site-footer\">",
                "<footer class=\"site-footer\"><p>x<ul><li>y</ul>",
            ),
            ("<ul class=\"wrap\">", "<ul class=\"wrap\"><li>open"),
            (
                "<title>标题 - 站点</title>",
                "<title>a </b> <main> b</title>",
            ),
            ("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"/>"),
            (
                "<meta charset=\"utf-8\">",
                "<meta charset=\"utf-8\" data-x=\"unterminated>",
            ),
            (
                "<header class=\"site-header\">",
                "<header class=\"site-header\"><pre>  x  </pre>",
            ),
            ("</html>\n", "</html>\ntrailing text"),
            ("<!DOCTYPE html>", ""),
        ];
        for (from, to) in chrome_changes {
            assert!(PAGE.contains(from), "{from}");
            same(&PAGE.replace("MAIN_EXTRA", "").replacen(from, to, 1));
        }
        let deep = format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH + 10),
            "</div>".repeat(MAX_DEPTH + 10)
        );
        assert!(Scanner::scan(PAGE.replace("MAIN_EXTRA", &deep).as_bytes()).is_none());
        same(&PAGE.replace("MAIN_EXTRA", &deep));
        for cut in [10, 200, 600, 1200, PAGE.len() - 20] {
            let html = PAGE.replace("MAIN_EXTRA", "");
            let end = (0..=cut.min(html.len()))
                .rev()
                .find(|&i| html.is_char_boundary(i));
            same(&html[..end.unwrap_or(0)]);
        }
    }

    #[test]
    fn the_cache_stays_within_its_limit() {
        let html = PAGE.replace("MAIN_EXTRA", "");
        for i in 0..3000 {
            // A page of its own each time: its title and navigation change.
            let page = html
                .replace("标题", &format!("标题 {i}"))
                .replace("/news/", &format!("/news/{i}/"));
            let out = minify_page(&page);
            assert!(
                out.ends_with(b"</footer></body></html>"),
                "{}",
                String::from_utf8_lossy(&out)
            );
        }
        CACHE.with(|c| {
            let c = c.borrow();
            assert!(c.bytes <= CACHE_LIMIT && c.seen.len() <= SEEN_LIMIT + 1);
        });
    }
}
