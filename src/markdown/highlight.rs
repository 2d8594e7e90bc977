//! Code highlighting into short CSS classes with syntect.
//!
//! syntect parses the code into scopes (`source.rust meta.path punctuation.accessor`); the
//! site's highlighting theme says which scopes get which colour. Writing every token's whole
//! scope stack as classes and leaving the matching to a stylesheet made a 19-line Rust block
//! 11 KB of HTML, most of it classes the stylesheet never styles. Instead the theme is applied
//! here, with syntect's own matching, and a token carries only what the theme gives it:
//!
//! - one class for its colour and font style: `h` with the colour's number (one per distinct
//!   foreground colour of the theme's rules, in decimal, in the theme's order) and `b`, `i`,
//!   `u` for bold, italic and underline (`h2`, `h2b`, `h0i`, `hb`), and `g0`, `g1`… for a
//!   background; the stylesheet defines every colour with every font style the theme's
//!   rules set, so no class is ever written that it lacks;
//! - nothing at all when no rule of the theme styles it (it keeps the colour of the page's
//!   `pre.code`, as before);
//! - neighbouring tokens of the same classes share one `<span>`, and whitespace without a
//!   background or underline joins whichever span is open. Spans are flat, never nested.
//!
//! The stylesheet ([`Highlighter::stylesheet`]) is generated from the same numbering, so a
//! class is only ever written when the stylesheet defines it, and the same theme always gives
//! the same classes and the same bytes.
//!
//! Highlighting is the costliest step of a build, so each rendering thread keeps its own
//! syntax set and remembers the lines it has parsed (see [`LineCache`]): a repeated snippet
//! or a repeated line costs almost nothing the second time.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock, PoisonError};

use syntect::highlighting::{
    Color, FontStyle, HighlightIterator, HighlightState, Style, Theme, ThemeSet,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::base::text::escape_html;

/// The theme used when none is named (and `config.toml`'s default).
pub const DEFAULT_THEME: &str = "InspiredGitHub";

/// Turns code into `<pre><code>` with CSS classes for one highlighting theme. Cheap to copy
/// and to share between threads: the theme's palette is built once per process, and the
/// parsing state lives in per-thread caches.
#[derive(Clone, Copy)]
pub struct Highlighter {
    palette: &'static Palette,
}

thread_local! {
    /// One syntax set per rendering thread. A shared set makes every thread take its regex
    /// caches from the owning thread's pool by the slow path; profiling the 1,000-page
    /// benchmark showed that pool traffic at about 5 % of the build. Loading a set from
    /// syntect's bundled dump takes a few milliseconds per thread.
    static SYNTAXES: SyntaxSet = SyntaxSet::load_defaults_newlines();
    static LINES: RefCell<LineCache> = RefCell::new(LineCache::default());
}

/// A theme prepared for writing classes: syntect's matcher for it, and the numbering of its
/// colours that the class names and the stylesheet share.
struct Palette {
    highlighter: syntect::highlighting::Highlighter<'static>,
    /// What a token no rule styles gets: colours that no rule of the theme uses, so that
    /// "unstyled" can be told apart from "styled with the theme's default colour".
    unstyled: Style,
    /// Foreground colours of the theme's rules, in the theme's order: class `h{index}`, the
    /// index in decimal.
    foregrounds: Vec<Color>,
    /// Background colours of the theme's rules, in the theme's order: class `g{index}`.
    backgrounds: Vec<Color>,
    /// The font styles the theme's rules set (a token's font style is always one of them, or
    /// none: a rule replaces the whole font style), as bits.
    fonts: Vec<u8>,
}

impl Palette {
    /// The palette of `name`, made once per process (a site names one theme).
    fn get(name: &str) -> Option<&'static Palette> {
        static PALETTES: OnceLock<Mutex<HashMap<String, &'static Palette>>> = OnceLock::new();
        let mut palettes = PALETTES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(palette) = palettes.get(name) {
            return Some(palette);
        }
        let theme = ThemeSet::load_defaults().themes.remove(name)?;
        let palette: &'static Palette = Box::leak(Box::new(Palette::new(theme)));
        palettes.insert(name.to_string(), palette);
        Some(palette)
    }

    fn new(mut theme: Theme) -> Palette {
        let mut foregrounds = Vec::new();
        let mut backgrounds = Vec::new();
        let mut fonts = vec![0u8];
        for item in &theme.scopes {
            if let Some(f) = item.style.font_style {
                let bits =
                    (f & (FontStyle::BOLD | FontStyle::ITALIC | FontStyle::UNDERLINE)).bits();
                if !fonts.contains(&bits) {
                    fonts.push(bits);
                }
            }
            if let Some(c) = item.style.foreground {
                if !foregrounds.contains(&c) {
                    foregrounds.push(c);
                }
            }
            if let Some(c) = item.style.background {
                if !backgrounds.contains(&c) {
                    backgrounds.push(c);
                }
            }
        }
        // A colour no rule uses stands for "no rule matched": such tokens keep the colours of
        // the page's code block, exactly as when the stylesheet had no rule for their scopes.
        let unused = |used: &[Color]| {
            (0..=255u8)
                .map(|a| Color {
                    r: 1,
                    g: 2,
                    b: 3,
                    a,
                })
                .find(|c| !used.contains(c))
                .unwrap_or(Color {
                    r: 1,
                    g: 2,
                    b: 3,
                    a: 0,
                })
        };
        theme.settings.foreground = Some(unused(&foregrounds));
        theme.settings.background = Some(unused(&backgrounds));
        let theme: &'static Theme = Box::leak(Box::new(theme));
        let highlighter = syntect::highlighting::Highlighter::new(theme);
        let unstyled = highlighter.get_default();
        Palette {
            highlighter,
            unstyled,
            foregrounds,
            backgrounds,
            fonts,
        }
    }

    /// The classes of a token of `style`.
    fn key(&self, style: Style) -> Key {
        let index = |colours: &[Color], c: Color, unstyled: Color| {
            if c == unstyled {
                None
            } else {
                colours.iter().position(|x| *x == c).map(|i| i as u16)
            }
        };
        Key {
            fg: index(
                &self.foregrounds,
                style.foreground,
                self.unstyled.foreground,
            ),
            bg: index(
                &self.backgrounds,
                style.background,
                self.unstyled.background,
            ),
            font: (style.font_style & (FontStyle::BOLD | FontStyle::ITALIC | FontStyle::UNDERLINE))
                .bits(),
        }
    }

    /// The stylesheet defining every class [`Palette::key`] can give.
    fn stylesheet(&self, name: &str) -> String {
        let mut css = format!(
            "/* Code highlighting: the syntect theme \"{name}\"; classes made by planportal (src/markdown/highlight.rs). */\n"
        );
        let colours = std::iter::once(None).chain((0..self.foregrounds.len()).map(Some));
        for fg in colours {
            for &font in &self.fonts {
                let key = Key {
                    fg: fg.map(|i| i as u16),
                    bg: None,
                    font,
                };
                if key.is_plain() {
                    continue;
                }
                css.push_str(".code .");
                key.write_classes(&mut css);
                css.push('{');
                if let Some(i) = fg {
                    let _ = write!(css, "color:{};", hex(self.foregrounds[i]));
                }
                for (bit, declaration) in FONT_CSS {
                    if font & bit.bits() != 0 {
                        css.push_str(declaration);
                    }
                }
                css.pop();
                css.push_str("}\n");
            }
        }
        for (i, c) in self.backgrounds.iter().enumerate() {
            let _ = writeln!(css, ".code .g{i}{{background-color:{}}}", hex(*c));
        }
        css
    }
}

/// The classes of one token: a foreground and a background colour by their index in the
/// palette, and the bits of bold, underline and italic.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Key {
    fg: Option<u16>,
    bg: Option<u16>,
    font: u8,
}

impl Key {
    fn is_plain(self) -> bool {
        self.fg.is_none() && self.bg.is_none() && self.font == 0
    }

    /// Whether whitespace looks the same with these classes as without them.
    fn blank_is_invisible(self) -> bool {
        self.bg.is_none() && self.font & FontStyle::UNDERLINE.bits() == 0
    }

    /// One class for the colour and the font style (`h2`, `h2b`, `hi`), and one for a
    /// background (`g0`), so most spans carry a single short class and need no quotes.
    fn write_classes(self, out: &mut String) {
        if self.fg.is_some() || self.font != 0 {
            out.push('h');
            if let Some(i) = self.fg {
                let _ = write!(out, "{i}");
            }
            for (bit, letter) in FONT_LETTERS {
                if self.font & bit.bits() != 0 {
                    out.push(letter);
                }
            }
        }
        if let Some(i) = self.bg {
            if self.fg.is_some() || self.font != 0 {
                out.push(' ');
            }
            let _ = write!(out, "g{i}");
        }
    }
}

/// The letters of the font styles in class names, in this order.
const FONT_LETTERS: [(FontStyle, char); 3] = [
    (FontStyle::BOLD, 'b'),
    (FontStyle::ITALIC, 'i'),
    (FontStyle::UNDERLINE, 'u'),
];

/// The declarations of the font styles, each ending in `;`.
const FONT_CSS: [(FontStyle, &str); 3] = [
    (FontStyle::BOLD, "font-weight:bold;"),
    (FontStyle::ITALIC, "font-style:italic;"),
    (FontStyle::UNDERLINE, "text-decoration:underline;"),
];

fn hex(c: Color) -> String {
    if c.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// Flat spans written token by token, merging neighbours that look the same.
struct Spans {
    html: String,
    open: Option<Key>,
}

impl Spans {
    fn push(&mut self, key: Key, text: &str) {
        let blank = text
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if blank && key.blank_is_invisible() && self.open.is_none_or(Key::blank_is_invisible) {
            self.html.push_str(text);
            return;
        }
        let wanted = (!key.is_plain()).then_some(key);
        if wanted != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(key) = wanted {
                self.html.push_str("<span class=\"");
                key.write_classes(&mut self.html);
                self.html.push_str("\">");
            }
            self.open = wanted;
        }
        push_escaped(&mut self.html, text);
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// Appends `text` with the three characters that matter in element content escaped.
fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// Highlighted lines, per rendering thread. What a line becomes depends only on the line and
/// on the state before it — the parser's (which contexts are open) and the theme's (which
/// scopes are open, and the styles they gave) — so a line seen before in the same state is
/// neither parsed nor matched against the theme again: its styled pieces and the state after
/// it are taken from here. Code on a site repeats itself a great deal (imports, braces,
/// common statements, and every block twice on a bilingual site): on the 1,000-page
/// benchmark, 38,000 code lines hold 4,000 distinct ones. Parsing and theme matching were
/// each about a fifth of that build's CPU time before the theme's part was remembered too.
#[derive(Default)]
struct LineCache {
    /// States seen at the start of a line; a line's entry refers to them by index.
    states: Vec<(ParseState, HighlightState)>,
    /// Line text → what it became from each state it was seen in (foldhash: every code line
    /// of a build is looked up here).
    lines: HashMap<String, Vec<StyledLine>, foldhash::fast::RandomState>,
    entries: usize,
}

/// One line highlighted from one state: the index of the state before, the line's pieces
/// (classes and byte range), and the index of the state after.
struct StyledLine {
    before: usize,
    pieces: Vec<(Key, u32, u32)>,
    after: usize,
}

impl LineCache {
    /// Distinct start states remembered; beyond this, lines are highlighted without caching.
    const MAX_STATES: usize = 512;
    /// Lines remembered before the cache starts afresh, to bound memory.
    const MAX_LINES: usize = 200_000;

    /// The index of a state, remembering it when it is new (`None` when the cache is full).
    fn state_index(&mut self, parse: &ParseState, styles: &HighlightState) -> Option<usize> {
        if let Some(i) = self
            .states
            .iter()
            .position(|(p, s)| p == parse && s == styles)
        {
            return Some(i);
        }
        if self.states.len() >= Self::MAX_STATES {
            return None;
        }
        self.states.push((parse.clone(), styles.clone()));
        Some(self.states.len() - 1)
    }

    /// Highlights `code` (whose language `syntax` is) into `spans`; `None` when syntect
    /// fails on it.
    fn highlight(
        &mut self,
        code: &str,
        syntax: &syntect::parsing::SyntaxReference,
        syntaxes: &SyntaxSet,
        palette: &Palette,
        spans: &mut Spans,
    ) -> Option<()> {
        let mut parse = ParseState::new(syntax);
        let mut styles = HighlightState::new(&palette.highlighter, ScopeStack::new());
        // The index of the current state, while it is remembered and known.
        let mut current = self.state_index(&parse, &styles);
        // Whether `parse` and `styles` hold the current state (after a remembered line they
        // are brought up to date only when a line has to be highlighted afresh).
        let mut live = true;
        for line in LinesWithEndings::from(code) {
            if let Some(before) = current {
                if let Some(seen) = self
                    .lines
                    .get(line)
                    .and_then(|seen| seen.iter().find(|l| l.before == before))
                {
                    for &(key, start, end) in &seen.pieces {
                        spans.push(key, &line[start as usize..end as usize]);
                    }
                    current = Some(seen.after);
                    live = false;
                    continue;
                }
                if !live {
                    (parse, styles) = self.states[before].clone();
                    live = true;
                }
            }
            let ops = parse.parse_line(line, syntaxes).ok()?;
            let mut pieces = Vec::new();
            let mut offset = 0usize;
            for (style, text) in
                HighlightIterator::new(&mut styles, &ops, line, &palette.highlighter)
            {
                let key = palette.key(style);
                spans.push(key, text);
                pieces.push((key, offset as u32, (offset + text.len()) as u32));
                offset += text.len();
            }
            let after = self.state_index(&parse, &styles);
            if let (Some(before), Some(after)) = (current, after) {
                if self.entries >= Self::MAX_LINES {
                    self.lines.clear();
                    self.entries = 0;
                }
                self.lines
                    .entry(line.to_string())
                    .or_default()
                    .push(StyledLine {
                        before,
                        pieces,
                        after,
                    });
                self.entries += 1;
            }
            current = after;
        }
        Some(())
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    /// A highlighter for the default theme.
    pub fn new() -> Self {
        Highlighter::for_theme(DEFAULT_THEME).unwrap_or_else(|| {
            // syntect bundles the default theme; were it ever missing, an empty theme
            // styles nothing and every block comes out as plain escaped text.
            Highlighter {
                palette: Box::leak(Box::new(Palette::new(Theme::default()))),
            }
        })
    }

    /// A highlighter for the syntect theme `name`, or `None` when syntect has no such theme.
    pub fn for_theme(name: &str) -> Option<Self> {
        Palette::get(name).map(|palette| Highlighter { palette })
    }

    /// The stylesheet for `theme_name`, or `None` when syntect has no such theme.
    pub fn stylesheet(theme_name: &str) -> Option<String> {
        Palette::get(theme_name).map(|p| p.stylesheet(theme_name))
    }

    /// The names of the themes `stylesheet` accepts, for error messages.
    pub fn theme_names() -> Vec<String> {
        let mut names: Vec<String> = ThemeSet::load_defaults().themes.keys().cloned().collect();
        names.sort();
        names
    }

    /// A complete `<pre><code>` block for `code` in `lang` (a fence's info string).
    pub fn block(&self, lang: &str, code: &str) -> String {
        let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        crate::base::timing::time(crate::base::timing::Activity::Highlight, || {
            self.render(token, code)
        })
    }

    /// The highlighted spans of `code`, or `None` when its language is unknown.
    fn spans(&self, token: &str, code: &str) -> Option<String> {
        let palette = self.palette;
        SYNTAXES.with(|syntaxes| {
            LINES.with(|cache| {
                let mut cache = cache.borrow_mut();
                let syntax = (!token.is_empty())
                    .then(|| syntaxes.find_syntax_by_token(token))
                    .flatten()?;
                let mut spans = Spans {
                    html: String::with_capacity(code.len() + code.len() / 2),
                    open: None,
                };
                cache.highlight(code, syntax, syntaxes, palette, &mut spans)?;
                Some(spans.finish())
            })
        })
    }

    fn render(&self, token: &str, code: &str) -> String {
        let class_lang = if token.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape_html(token))
        };
        if let Some(html) = self.spans(token, code) {
            return format!(
                "<pre class=\"code\" tabindex=\"0\"><code{class_lang}>{html}</code></pre>\n"
            );
        }
        format!(
            "<pre class=\"code\" tabindex=\"0\"><code{class_lang}>{}</code></pre>\n",
            escape_html(code)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::easy::HighlightLines;

    const RUST: &str = "use std::io;\n/// Docs.\nfn main() -> io::Result<()> {\n    let s = \"a <b> & c\";\n    /* x\n    */ let y: Vec<u8> = vec![1, 2];\n    println!(\"{s} {y:?}\");\n    Ok(())\n}\n";

    /// (classes of the span around it, character) for every character of highlighted code.
    fn characters(html: &str) -> Vec<(String, char)> {
        let inner = html
            .split_once("\">")
            .and_then(|(_, rest)| rest.split_once('>'))
            .map(|(_, rest)| rest)
            .and_then(|rest| rest.strip_suffix("</code></pre>\n"))
            .unwrap_or_else(|| panic!("not a code block: {html}"));
        let mut out = Vec::new();
        let mut classes = String::new();
        let mut rest = inner;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<span class=\"") {
                assert!(classes.is_empty(), "nested span in {html}");
                let (c, after) = after.split_once("\">").unwrap();
                classes = c.to_string();
                rest = after;
            } else if let Some(after) = rest.strip_prefix("</span>") {
                assert!(!classes.is_empty(), "stray </span> in {html}");
                classes.clear();
                rest = after;
            } else if rest.starts_with('&') {
                let (entity, after) = rest.split_once(';').unwrap();
                let c = match entity {
                    "&amp" => '&',
                    "&lt" => '<',
                    "&gt" => '>',
                    other => panic!("unexpected entity {other}"),
                };
                out.push((classes.clone(), c));
                rest = after;
            } else {
                let c = rest.chars().next().unwrap();
                assert_ne!(c, '<', "unexpected tag in {html}");
                out.push((classes.clone(), c));
                rest = &rest[c.len_utf8()..];
            }
        }
        assert!(classes.is_empty(), "unclosed span in {html}");
        out
    }

    /// class → declarations, from a generated stylesheet.
    fn rules(css: &str) -> HashMap<String, String> {
        css.lines()
            .filter_map(|l| l.strip_prefix(".code ."))
            .filter_map(|l| l.split_once('{'))
            .map(|(class, decl)| (class.to_string(), decl.trim_end_matches('}').to_string()))
            .collect()
    }

    #[test]
    fn rust_is_highlighted_with_short_flat_classes_the_stylesheet_defines() {
        let h = Highlighter::new();
        let html = h.block("rust", RUST);
        assert!(!html.contains("style="), "{html}");
        assert!(!html.contains("hl-"), "{html}");
        let css = Highlighter::stylesheet(DEFAULT_THEME).unwrap();
        let rules = rules(&css);
        let chars = characters(&html);
        let text: String = chars.iter().map(|(_, c)| *c).collect();
        assert_eq!(text, RUST, "the code reads the same");
        let mut used = 0;
        for (classes, _) in &chars {
            for class in classes.split_whitespace() {
                assert!(rules.contains_key(class), "{class} not in\n{css}");
                assert!(class.len() <= 4, "{class} is not short");
                used += 1;
            }
        }
        assert!(used > 0, "nothing highlighted: {html}");
    }

    #[test]
    fn neighbouring_spans_never_share_their_classes() {
        let html = Highlighter::new().block("rust", RUST);
        // Two spans of the same classes separated only by whitespace are one span.
        for (i, _) in html.match_indices("</span>") {
            let after = &html[i + "</span>".len()..];
            let blank: String = after
                .chars()
                .take_while(|c| c.is_ascii_whitespace())
                .collect();
            if let Some(next) = after[blank.len()..].strip_prefix("<span class=\"") {
                let next = next.split('"').next().unwrap();
                let prev = html[..i].rsplit("<span class=\"").next().unwrap();
                let prev = prev.split('"').next().unwrap();
                assert_ne!(prev, next, "spans of {prev} split by {blank:?} in {html}");
            }
        }
    }

    #[test]
    fn colours_are_the_themes_own() {
        let theme = ThemeSet::load_defaults()
            .themes
            .remove(DEFAULT_THEME)
            .unwrap();
        let default_fg = theme.settings.foreground.unwrap();
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let syntax = syntaxes.find_syntax_by_token("rust").unwrap();
        let mut reference = HighlightLines::new(syntax, &theme);
        let mut expected: Vec<(Style, char)> = Vec::new();
        for line in LinesWithEndings::from(RUST) {
            for (style, text) in reference.highlight_line(line, &syntaxes).unwrap() {
                expected.extend(text.chars().map(|c| (style, c)));
            }
        }
        let css = Highlighter::stylesheet(DEFAULT_THEME).unwrap();
        let rules = rules(&css);
        let got = characters(&Highlighter::new().block("rust", RUST));
        assert_eq!(got.len(), expected.len());
        for ((classes, c), (style, _)) in got.iter().zip(&expected) {
            if c.is_whitespace() {
                continue;
            }
            let colour = classes
                .split_whitespace()
                .filter_map(|class| rules.get(class))
                .find_map(|decl| decl.strip_prefix("color:"))
                .map(|c| c.split(';').next().unwrap_or(c));
            match colour {
                Some(colour) => assert_eq!(colour, hex(style.foreground), "{c:?} in {classes}"),
                None => assert_eq!(style.foreground, default_fg, "{c:?} lost its colour"),
            }
            let declared = |d: &str| {
                classes
                    .split_whitespace()
                    .filter_map(|class| rules.get(class))
                    .any(|decl| decl.contains(d))
            };
            assert_eq!(
                declared("font-weight:bold"),
                style.font_style.contains(FontStyle::BOLD),
                "{c:?} in {classes}"
            );
            assert_eq!(
                declared("font-style:italic"),
                style.font_style.contains(FontStyle::ITALIC),
                "{c:?} in {classes}"
            );
        }
    }

    #[test]
    fn cached_lines_give_the_same_html_as_a_fresh_thread() {
        let h = Highlighter::new();
        // A second block sharing lines with the first but in other states (inside a
        // string, inside a comment), and a third that goes back to the first's states.
        const OTHER: &str = "let s = \"\nfn main() {\n\";\n/*\nuse std::io;\n*/\nuse std::io;\n";
        let first = h.render("rust", RUST);
        let other = h.render("rust", OTHER);
        let again = h.render("rust", RUST);
        let (fresh, fresh_other) = std::thread::spawn(move || {
            let other = h.render("rust", OTHER);
            (h.render("rust", RUST), other)
        })
        .join()
        .unwrap();
        assert_eq!(first, again);
        assert_eq!(first, fresh);
        assert_eq!(other, fresh_other);
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let h = Highlighter::new();
        let html = h.block("nosuchlang", "<b>\n");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn every_theme_has_a_stylesheet_and_unknown_themes_none() {
        for name in Highlighter::theme_names() {
            let css = Highlighter::stylesheet(&name).unwrap();
            let classes: Vec<&str> = css
                .lines()
                .filter_map(|l| l.strip_prefix(".code ."))
                .filter_map(|l| l.split('{').next())
                .collect();
            let distinct: std::collections::HashSet<&&str> = classes.iter().collect();
            assert_eq!(
                distinct.len(),
                classes.len(),
                "{name}: a class defined twice: {css}"
            );
            assert!(css.contains(".code .h0{color:#"), "{name}: {css}");
            // Every rule is well formed: `.code .class{declarations}`, none empty.
            for line in css.lines().skip(1) {
                let rule = line
                    .strip_prefix(".code .")
                    .unwrap_or_else(|| panic!("{line}"));
                let (_, decl) = rule.split_once('{').unwrap();
                assert!(
                    decl.len() > 2 && decl.ends_with('}') && !decl.ends_with(";}"),
                    "{line}"
                );
            }
            assert!(Highlighter::for_theme(&name).is_some());
        }
        assert!(Highlighter::stylesheet("NoSuchTheme").is_none());
    }
}
