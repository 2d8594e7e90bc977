//! `sitemap.xml` with `xhtml:link` alternates, and `robots.txt`.

use crate::text::escape_html;

/// One address of the sitemap and its language versions.
pub struct Entry {
    pub loc: String,
    pub lastmod: Option<String>,
    /// (hreflang, href) of every language version, this one included.
    pub alternates: Vec<(&'static str, String)>,
}

pub fn sitemap(entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&escape_html(&e.loc));
        out.push_str("</loc>\n");
        if let Some(d) = &e.lastmod {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", escape_html(d)));
        }
        for (lang, href) in &e.alternates {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>\n",
                escape_html(href)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}
