//! What `serve` adds to pages as it serves them: the reload script, and the error overlay.

use std::path::Path;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{OVERLAY_CSS, RELOAD_JS};
use crate::base::error::{hint_label, Diagnostic};
use crate::base::lang::Lang;
use crate::base::text::escape_html;
use crate::msg;

pub const RELOAD_SCRIPT: &str = include_str!("reload.js");
pub const OVERLAY_STYLE: &str = include_str!("overlay.css");

/// Pages larger than this are served as they are (no built page comes near it).
pub const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// A served page: `html` with the script tags, and the overlay when `errors` is not empty.
pub fn html_response(
    status: StatusCode,
    html: &str,
    generation: u64,
    errors: &[Diagnostic],
    lang: Lang,
) -> Response {
    let body = inject(html, generation, errors, lang);
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Adds the stylesheet and script before `</head>` and the overlay after `<body…>`.
pub fn inject(html: &str, generation: u64, errors: &[Diagnostic], lang: Lang) -> String {
    let head = format!(
        "<link rel=\"stylesheet\" href=\"{OVERLAY_CSS}\"><script src=\"{RELOAD_JS}\" data-generation=\"{generation}\" defer></script>"
    );
    let mut out = String::with_capacity(html.len() + head.len() + 512);
    let lower = html.to_ascii_lowercase();
    let (before_head_end, rest) = match lower.find("</head>") {
        Some(i) => html.split_at(i),
        None => ("", html),
    };
    out.push_str(before_head_end);
    out.push_str(&head);
    if errors.is_empty() {
        out.push_str(rest);
        return out;
    }
    let offset = before_head_end.len();
    let body_end = lower[offset..]
        .find("<body")
        .and_then(|i| lower[offset + i..].find('>').map(|j| i + j + 1));
    match body_end {
        Some(end) => {
            out.push_str(&rest[..end]);
            out.push_str(&overlay(errors, lang));
            out.push_str(&rest[end..]);
        }
        None => {
            out.push_str(&overlay(errors, lang));
            out.push_str(rest);
        }
    }
    out
}

/// The overlay listing the problems of the last build in `lang`, every text escaped.
pub fn overlay(errors: &[Diagnostic], lang: Lang) -> String {
    let mut items = String::new();
    for d in errors {
        items.push_str(&format!(
            "<li><code class=\"planportal-place\">{}:{}:{}</code> {}",
            escape_html(&d.file_display()),
            d.line,
            d.column,
            escape_html(&d.message.render(lang))
        ));
        if let Some(hint) = &d.hint {
            items.push_str(&format!(
                "<p class=\"planportal-hint\">{}{}</p>",
                hint_label(lang),
                escape_html(&hint.render(lang))
            ));
        }
        items.push_str("</li>");
    }
    format!(
        "<section id=\"planportal-overlay\" class=\"planportal-overlay\" role=\"alert\" aria-labelledby=\"planportal-overlay-title\" lang=\"{}\">\
<h2 id=\"planportal-overlay-title\">{}</h2>\
<p>{}</p>\
<ol>{items}</ol>\
<button type=\"button\" class=\"planportal-close\" data-planportal-close hidden>{}</button>\
</section>",
        lang.html_lang(),
        escape_html(&msg!("serve-overlay-title", count = errors.len()).render(lang)),
        escape_html(&msg!("serve-overlay-help").render(lang)),
        escape_html(&msg!("serve-overlay-close").render(lang)),
    )
}

/// The page for an address that does not exist: the site's 404 page of the right language,
/// or, before any build succeeded, a placeholder (the overlay says why).
pub async fn not_found(out: &Path, path: &str) -> (StatusCode, String) {
    let file = if path.starts_with("/en/") || path == "/en" {
        out.join("en/404.html")
    } else {
        out.join("404.html")
    };
    match tokio::fs::read_to_string(&file).await {
        Ok(html) => (StatusCode::NOT_FOUND, html),
        Err(_) if !out.join("index.html").exists() => (
            StatusCode::SERVICE_UNAVAILABLE,
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>planportal serve</title></head>\
<body><main><h1>The site has not been built yet</h1><p>This page reloads when the build succeeds.</p></main></body></html>"
                .to_string(),
        ),
        Err(_) => (
            StatusCode::NOT_FOUND,
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Not found</h1></main></body></html>".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_into_the_head_and_overlay_after_body() {
        let html = "<!DOCTYPE html><html><head><title>t</title></head><body class=x><p>a</p></body></html>";
        let clean = inject(html, 3, &[], Lang::En);
        assert!(clean.contains(
            "<script src=\"/__planportal/reload.js\" data-generation=\"3\" defer></script></head>"
        ));
        assert!(!clean.contains("planportal-overlay"));
        // A file name with markup, as a value of a catalogued message.
        let d = Diagnostic::new(
            "data/services.yaml",
            4,
            7,
            msg!("new-slug-unsafe", slug = "<b>&\"x\""),
        )
        .with_hint(msg!("new-slug-unsafe-hint"));
        let broken = inject(html, 4, std::slice::from_ref(&d), Lang::En);
        assert!(broken.contains("<body class=x><section id=\"planportal-overlay\""));
        assert!(broken.contains(
            "data/services.yaml:4:7</code> the slug &lt;b&gt;&amp;&quot;x&quot; cannot be used"
        ));
        assert!(broken.contains("hint: use lowercase"));
        assert!(!broken.contains("style="), "no inline style: {broken}");
        let chinese = inject(html, 4, &[d], Lang::Zh);
        assert!(chinese.contains("lang=\"zh-CN\""), "{chinese}");
        assert!(chinese.contains("网站未能重新生成：1 处错误"), "{chinese}");
        assert!(chinese.contains("提示：只用小写英文字母"), "{chinese}");
    }
}
