//! `sitemap.xml` with `xhtml:link` alternates, and `robots.txt`.

use super::{Output, Run};
use crate::base::error::Result;
use crate::base::lang::Lang;
use crate::base::text::{escape_html, w3c_date};
use crate::publish;

/// The output that writes `sitemap.xml` and `robots.txt` from the page plan.
pub struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let addresses = &run.site.addresses;
        let entries: Vec<Entry> = run
            .plan
            .iter()
            .filter(|j| j.in_sitemap)
            .map(|j| {
                let mut alternates =
                    vec![(j.lang.html_lang(), addresses.permalink(j.lang, &j.path))];
                if let Some(c) = &j.counterpart {
                    alternates.push((
                        j.lang.other().html_lang(),
                        addresses.permalink(j.lang.other(), c),
                    ));
                }
                let default = Lang::Zh.html_lang();
                alternates.sort_by_key(|(l, _)| *l != default);
                if let Some((_, zh)) = alternates.iter().find(|(l, _)| *l == default).cloned() {
                    alternates.push(("x-default", zh));
                }
                Entry {
                    loc: addresses.permalink(j.lang, &j.path),
                    lastmod: j.lastmod.clone(),
                    alternates,
                }
            })
            .collect();
        publish::write_file(run.dir, "sitemap.xml", sitemap(&entries).as_bytes())?;
        let robots = robots(&addresses.file_permalink("sitemap.xml"));
        publish::write_file(run.dir, "robots.txt", robots.as_bytes())?;
        Ok(2)
    }
}

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
            out.push_str(&format!(
                "    <lastmod>{}</lastmod>\n",
                escape_html(&w3c_date(d))
            ));
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
