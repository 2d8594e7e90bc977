//! Raw HTML written in Markdown goes through an allowlist sanitiser (ammonia).
//!
//! Communications staff may paste HTML into a page (a table copied from a document, an
//! `<abbr>`), but a script, an inline event handler or a `javascript:` address must never
//! reach the published site, whether typed by mistake or on purpose. Pages without raw HTML
//! skip this step: everything else in them is produced by planportal and already escaped.
//! `[markdown] trust_html = true` in config.toml turns sanitising off for sites whose
//! authors are all trusted.

use std::collections::HashSet;

/// Cleans the HTML of a rendered Markdown body, keeping everything planportal itself
/// produces (headings with ids, highlighted code, tables, footnotes, task lists).
pub fn clean(html: &str) -> String {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
    ]
    .into_iter()
    .collect();
    let generic: HashSet<&str> = [
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "role",
        "aria-label",
        "aria-labelledby",
        "aria-describedby",
        "tabindex",
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::default();
    builder
        .tags(tags)
        .generic_attributes(generic)
        .add_tag_attributes("a", ["href", "hreflang"])
        .add_tag_attributes("img", ["src", "alt", "width", "height", "loading"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["colspan", "rowspan", "align"])
        .add_tag_attributes("th", ["colspan", "rowspan", "align", "scope"])
        .add_tag_attributes("ol", ["start", "reversed"])
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("abbr", ["title"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let dirty = r#"<p onclick="alert(1)">a<script>alert(2)</script><a href="javascript:alert(3)">x</a><img src=x onerror=alert(4)><iframe src="https://evil.example"></iframe><style>body{}</style></p>"#;
        let clean = clean(dirty);
        for bad in [
            "onclick",
            "<script",
            "alert(2)",
            "javascript:",
            "onerror",
            "<iframe",
            "<style",
        ] {
            assert!(!clean.contains(bad), "{bad} survived: {clean}");
        }
        assert!(clean.contains("<p>a"), "{clean}");
    }

    #[test]
    fn what_planportal_renders_is_kept() {
        let ours = r#"<h2 id="主要目标">主要目标</h2><pre class="code" tabindex="0"><code class="language-rust"><span class="h3b">fn</span></code></pre><div class="table-scroll" tabindex="0" role="region" aria-label="表格"><table><thead><tr><th>a</th></tr></thead></table></div><ul><li><input disabled="" type="checkbox" checked=""> done</li></ul>"#;
        let clean = clean(ours);
        for kept in [
            "id=\"主要目标\"",
            "class=\"h3b\"",
            "role=\"region\"",
            "aria-label=\"表格\"",
            "type=\"checkbox\"",
            "tabindex=\"0\"",
        ] {
            assert!(clean.contains(kept), "{kept} lost: {clean}");
        }
    }
}
