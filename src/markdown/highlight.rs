//! Code highlighting into CSS classes with syntect.
//!
//! Highlighting is the costliest step of a build, so each rendering thread keeps its own
//! syntax set and remembers the lines it has parsed (see [`LineCache`]): a repeated snippet
//! or a repeated line costs almost nothing the second time.

use std::cell::RefCell;
use std::collections::HashMap;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::base::text::escape_html;

/// Every highlighted token carries classes with this prefix, so the generated stylesheet
/// cannot clash with the theme's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Turns code into `<pre><code>` with CSS classes. Cheap to create and to share between
/// threads: the state it needs lives in per-thread caches.
pub struct Highlighter;

thread_local! {
    /// One syntax set per rendering thread. A shared set makes every thread take its regex
    /// caches from the owning thread's pool by the slow path; profiling the 1,000-page
    /// benchmark showed that pool traffic at about 5 % of the build. Loading a set from
    /// syntect's bundled dump takes a few milliseconds per thread.
    static SYNTAXES: SyntaxSet = SyntaxSet::load_defaults_newlines();
    static LINES: RefCell<LineCache> = RefCell::new(LineCache::default());
}

/// Parsed lines, per rendering thread: the parser's output for a line depends only on the
/// line and the parser state before it, so a line seen before in the same state is not
/// parsed again. Code on a site repeats itself a great deal (imports, braces, common
/// statements): on the 1,000-page benchmark, 38,000 code lines hold 4,000 distinct ones,
/// and parsing is where highlighting spends its time.
/// One parse of a line: (index of the state before, scope operations, index of the state after).
type ParsedLine = (usize, Vec<(usize, ScopeStackOp)>, usize);

#[derive(Default)]
struct LineCache {
    /// Parser states seen at the start of a line; a line's entry refers to them by index.
    states: Vec<ParseState>,
    /// Line text → (state before, scope operations, state after).
    lines: HashMap<String, Vec<ParsedLine>>,
    entries: usize,
}

impl LineCache {
    /// Distinct start states remembered; beyond this, lines are parsed without caching.
    const MAX_STATES: usize = 512;
    /// Lines remembered before the cache starts afresh, to bound memory.
    const MAX_LINES: usize = 200_000;

    fn state_index(&mut self, state: &ParseState) -> Option<usize> {
        if let Some(i) = self.states.iter().position(|s| s == state) {
            return Some(i);
        }
        if self.states.len() >= Self::MAX_STATES {
            return None;
        }
        self.states.push(state.clone());
        Some(self.states.len() - 1)
    }

    /// Parses `line` from `state` (advancing it), reusing an earlier parse when possible.
    fn parse(
        &mut self,
        state: &mut ParseState,
        line: &str,
        syntaxes: &SyntaxSet,
    ) -> Option<Vec<(usize, ScopeStackOp)>> {
        let before = self.state_index(state);
        if let (Some(b), Some(seen)) = (before, self.lines.get(line)) {
            if let Some((_, ops, after)) = seen.iter().find(|(s, _, _)| *s == b) {
                *state = self.states[*after].clone();
                return Some(ops.clone());
            }
        }
        let ops = state.parse_line(line, syntaxes).ok()?;
        if let (Some(b), Some(a)) = (before, self.state_index(state)) {
            if self.entries >= Self::MAX_LINES {
                self.lines.clear();
                self.entries = 0;
            }
            self.lines
                .entry(line.to_string())
                .or_default()
                .push((b, ops.clone(), a));
            self.entries += 1;
        }
        Some(ops)
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter
    }

    /// The stylesheet for `theme_name`, or `None` when syntect has no such theme.
    pub fn stylesheet(theme_name: &str) -> Option<String> {
        let themes = ThemeSet::load_defaults();
        let theme = themes.themes.get(theme_name)?;
        css_for_theme_with_class_style(theme, CLASS_STYLE).ok()
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

    fn render(&self, token: &str, code: &str) -> String {
        let class_lang = if token.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape_html(token))
        };
        let highlighted = SYNTAXES.with(|syntaxes| {
            LINES.with(|cache| {
                let mut cache = cache.borrow_mut();
                let syntax = (!token.is_empty())
                    .then(|| syntaxes.find_syntax_by_token(token))
                    .flatten()?;
                let mut state = ParseState::new(syntax);
                let mut scopes = ScopeStack::new();
                let mut html = String::with_capacity(code.len() * 3);
                let mut open_spans = 0isize;
                for line in LinesWithEndings::from(code) {
                    let ops = cache.parse(&mut state, line, syntaxes)?;
                    let (spans, delta) =
                        line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
                    open_spans += delta;
                    html.push_str(&spans);
                }
                for _ in 0..open_spans {
                    html.push_str("</span>");
                }
                Some(html)
            })
        });
        if let Some(html) = highlighted {
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

    #[test]
    fn rust_is_highlighted_with_classes_not_styles() {
        let h = Highlighter::new();
        let html = h.block("rust", "fn main() { let x = 1; }\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn cached_lines_give_the_same_html_as_a_fresh_parse() {
        let code =
            "use std::io;\nfn main() {\n    let s = \"a\nb\";\n    /* x\n    */ let y = 1;\n}\n";
        let fresh = {
            let syntaxes = SyntaxSet::load_defaults_newlines();
            let syntax = syntaxes.find_syntax_by_token("rust").unwrap();
            let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(
                syntax,
                &syntaxes,
                CLASS_STYLE,
            );
            for line in LinesWithEndings::from(code) {
                gen.parse_html_for_line_which_includes_newline(line)
                    .unwrap();
            }
            gen.finalize()
        };
        let h = Highlighter::new();
        let first = h.render("rust", code);
        // A second block sharing lines but in other states (inside a string, a comment).
        let _ = h.render("rust", "let s = \"\nfn main() {\n\";\n");
        let again = h.render("rust", code);
        assert!(first.contains(&fresh), "{first}\n---\n{fresh}");
        assert_eq!(first, again);
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let h = Highlighter::new();
        let html = h.block("nosuchlang", "<b>\n");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn stylesheet_exists_for_default_theme() {
        let css = Highlighter::stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".hl-"), "{css}");
    }
}
