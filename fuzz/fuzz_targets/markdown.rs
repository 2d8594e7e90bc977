//! Markdown with shortcodes: any page body, in either language, with shortcodes that exist
//! and shortcodes that do not, never panics; raw HTML is sanitised (trust_html off), so the
//! output never holds a script, an event-handler attribute or a `javascript:` address; every
//! problem points at a place in the file.
//!
//! The first byte chooses the language, the shortcode handler, the base path and the line
//! the body starts on; the rest is the body.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use planportal::base::address::Addresses;
use planportal::base::lang::Lang;
use planportal::base::messages::Message;
use planportal::base::text::escape_html;
use planportal::markdown::{self, Call, Highlighter, Input, NoShortcodes, ShortcodeHandler};

#[path = "common.rs"]
mod common;

/// Knows `task`, `indicator`, `callout` and `figure` (with the arguments they need, and
/// the address rule the site's own handler applies to `figure`'s `src`); refuses every
/// other name.
struct TestShortcodes;

impl ShortcodeHandler for TestShortcodes {
    fn render(&self, call: &Call, lang: Lang) -> Result<String, Message> {
        match call.name.as_str() {
            "task" | "indicator" => {
                let id = call.str_arg("id")?;
                if !planportal::base::text::is_safe_slug(id) {
                    return Err(Message::verbatim(format!("no {} has the id {id:?}", call.name)));
                }
                let text = match call.args.get("text") {
                    Some(v) => v
                        .as_str()
                        .ok_or_else(|| Message::verbatim("`text` must be a quoted text"))?
                        .to_string(),
                    None => id.to_string(),
                };
                Ok(format!(
                    "<a class=\"sc\" href=\"/{}{}s/{}/\">{}</a>",
                    lang.prefix(),
                    call.name,
                    escape_html(id),
                    escape_html(&text)
                ))
            }
            "figure" => {
                let src = call.str_arg("src")?;
                if !markdown::is_allowed_address(src, true) {
                    return Err(Message::verbatim(format!("the address {src:?} given as `src` is not allowed")));
                }
                let alt = call.args.get("alt").and_then(|v| v.as_str()).unwrap_or("");
                Ok(format!(
                    "<figure class=\"figure\"><img src=\"{}\" alt=\"{}\"></figure>",
                    escape_html(src),
                    escape_html(alt)
                ))
            }
            "callout" => Ok(format!(
                "<aside class=\"callout\"><p>{}</p></aside>",
                escape_html(call.str_arg("text")?)
            )),
            other => Err(Message::verbatim(format!("unknown shortcode `{other}`"))),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let source = String::from_utf8_lossy(body);
    let lang = if selector & 1 == 0 {
        Lang::Zh
    } else {
        Lang::En
    };
    let handler: &dyn ShortcodeHandler = if selector & 2 == 0 {
        &TestShortcodes
    } else {
        &NoShortcodes
    };
    let addresses = Addresses::new(if selector & 4 == 0 {
        "https://example.org/"
    } else {
        "https://example.org/portal/"
    });
    let first_line = 2 + usize::from(selector >> 3);
    let input = Input {
        source: &source,
        file: Path::new("content/x.md"),
        first_line,
        lang,
        addresses: &addresses,
        table_label: if lang == Lang::Zh { "表格" } else { "Table" },
        trust_html: false,
    };
    match markdown::render(&input, &Highlighter::new(), handler) {
        Ok(rendered) => {
            common::assert_no_script(&rendered.html);
            for (dest, line, column) in &rendered.links {
                assert!(
                    *line >= first_line && *column >= 1,
                    "link {dest:?} at {line}:{column}"
                );
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "an error without a diagnostic");
            let padded = format!("{}{source}", "\n".repeat(first_line - 1));
            common::check_diagnostics(&diagnostics, &padded);
            for d in &diagnostics {
                assert!(
                    d.line >= first_line,
                    "{d} is before the body (line {first_line})"
                );
            }
        }
    }
});
