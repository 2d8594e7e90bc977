//! Checks shared by the fuzz targets.
#![allow(dead_code)]

use planportal::Diagnostic;

/// Every diagnostic points at a real place: line and column ≥ 1, and a line that exists in
/// the text (or the one just after its end, where "never closed" errors point). Lines are
/// counted as YAML and most editors count them: a lone `\r` ends a line too.
pub fn check_diagnostics(diagnostics: &[Diagnostic], text: &str) {
    let lines = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count();
    for d in diagnostics {
        assert!(
            d.line >= 1 && d.column >= 1,
            "diagnostic without a place: {d}"
        );
        assert!(
            d.line <= lines + 1,
            "line {} beyond the {lines} lines of the text: {d}",
            d.line
        );
        assert!(
            !d.message.render(planportal::base::lang::Lang::En).trim().is_empty(),
            "diagnostic without a message: {d}"
        );
    }
}

/// Elements that must never be published from a page's Markdown.
const FORBIDDEN_TAGS: [&str; 12] = [
    "script", "iframe", "frame", "frameset", "object", "embed", "style", "base", "meta", "link",
    "form", "svg",
];

/// Attributes holding an address.
const URL_ATTRS: [&str; 8] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "srcset",
    "data",
];

/// Asserts that `html` (the body of a page) can run no script: no `<script`, no forbidden
/// element, no `on…=` event-handler attribute, no `javascript:`/`vbscript:`/`data:` address
/// (a `data:image/…` that is not SVG is allowed in `src`).
pub fn assert_no_script(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "<script in output:\n{html}");
    let b = lower.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        if i < b.len() && b[i] == b'/' {
            i += 1;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
            i += 1;
        }
        if i == start {
            continue; // not a tag (`<!`, a stray `<` would have been escaped)
        }
        let tag = &lower[start..i];
        assert!(
            !FORBIDDEN_TAGS.contains(&tag),
            "forbidden element <{tag}> in output:\n{html}"
        );
        // Attributes up to the closing `>`.
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let name = &lower[name_start..i];
            assert!(
                !name.starts_with("on"),
                "event-handler attribute {name:?} on <{tag}>:\n{html}"
            );
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = "";
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let v_start = i + 1;
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = &lower[v_start..i.min(b.len())];
                    i += 1;
                } else {
                    let v_start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = &lower[v_start..i];
                }
            }
            if URL_ATTRS.contains(&name) {
                check_url(tag, name, value, html);
            }
            if name == "style" {
                assert!(
                    !value.contains("url(") && !value.contains("expression("),
                    "style attribute with an address on <{tag}>:\n{html}"
                );
            }
        }
    }
}

fn check_url(tag: &str, attr: &str, raw: &str, html: &str) {
    let decoded = decode_entities(raw);
    let compact: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    for scheme in ["javascript:", "vbscript:", "livescript:"] {
        assert!(
            !compact.starts_with(scheme),
            "{scheme} address in {attr} of <{tag}>: {raw:?}\n{html}"
        );
    }
    if compact.starts_with("data:") {
        assert!(
            tag == "img"
                && attr == "src"
                && compact.starts_with("data:image/")
                && !compact.starts_with("data:image/svg"),
            "data: address in {attr} of <{tag}>: {raw:?}\n{html}"
        );
    }
}

/// Decodes the character references a browser would decode in an attribute value.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(hex) = ent.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = ent.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match ent {
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    "amp" => Some('&'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
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
