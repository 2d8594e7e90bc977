//! The Atom feed of the change log, one per language (`updates/atom.xml`, `en/updates/atom.xml`):
//! one entry per recorded release, newest first, its content the list of changes shown on
//! `/updates/`. Rendered with the theme's `atom.xml` template, like the news feeds.
//!
//! Dates are the releases' dates at midnight China Standard Time; a log without releases
//! takes the open-data date, so nothing comes from the clock.

use serde_json::json;
use tera::Context;

use super::common::{self, rfc3339, updates, xml_text};
use super::{Output, Run};
use crate::base::error::{Diagnostic, Result};
use crate::base::lang::Lang;
use crate::base::text::escape_html;
use crate::input::theme::template_diagnostic;
use crate::model::{EntityKind, Site};
use crate::publish;

/// The output that writes the change log's feeds.
pub struct UpdatesFeed;

impl Output for UpdatesFeed {
    fn name(&self) -> &'static str {
        "updates"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let site = run.site;
        if !EntityKind::ALL.iter().any(|k| k.has_data(&site.data)) {
            return Ok(0);
        }
        let mut n = 0;
        for lang in Lang::ALL {
            let xml = render(site, lang)?;
            let file = crate::base::address::Addresses::output_file(lang, updates::FEED);
            publish::write_file(run.dir, &file, xml.as_bytes())?;
            n += 1;
        }
        Ok(n)
    }
}

/// The feed of `lang` as XML.
pub fn render(site: &Site, lang: Lang) -> Result<String> {
    let a = &site.addresses;
    let page_url = a.permalink(lang, updates::PATH);
    let entries: Vec<serde_json::Value> = site
        .releases
        .iter()
        .map(|r| {
            let text = updates::release_text(site, lang, r);
            let mut html = String::new();
            if text.first {
                html.push_str(&format!("<p>{}</p>", escape_html(common::ui(site, lang, "updates_first"))));
            }
            html.push_str("<ul>");
            for (c, record) in text.changes.iter().zip(&r.changes) {
                let name = match &record.path {
                    Some(p) => format!("<a href=\"{}\">{}</a>", escape_html(&a.permalink(lang, p)), escape_html(&c.name)),
                    None => escape_html(&c.name),
                };
                html.push_str(&format!("<li>{}{}{name}<ul>", escape_html(&c.kind), escape_html(common::ui(site, lang, "label_colon"))));
                for l in &c.lines {
                    html.push_str(&format!("<li>{}</li>", escape_html(l)));
                }
                html.push_str("</ul></li>");
            }
            html.push_str("</ul>");
            let url = format!("{page_url}#release-{}", r.date);
            json!({
                "id": url,
                "url": url,
                "title": xml_text(&format!("{} {}", common::ui(site, lang, "updates_release"), r.date)),
                "published": rfc3339(&r.date),
                "updated": rfc3339(&r.date),
                "summary": null,
                "tags": [],
                "content": xml_text(&html),
            })
        })
        .collect();
    let updated = site
        .releases
        .first()
        .map(|r| rfc3339(&r.date))
        .or_else(|| site.catalogue.updated.as_deref().map(rfc3339))
        .unwrap_or_else(|| rfc3339("1970-01-01"));
    let host = site.config.identity.host.get(lang);
    let author = if host.is_empty() {
        site.config.languages.get(lang).title.clone()
    } else {
        host.to_string()
    };
    let self_url = a.permalink(lang, updates::FEED);
    let feed = json!({
        "id": self_url,
        "self_url": self_url,
        "alternate_url": page_url,
        "other_url": a.permalink(lang.other(), updates::FEED),
        "other_hreflang": lang.other().html_lang(),
        "updated": updated,
        "author": xml_text(&author),
        "entries": entries,
    });
    let mut ctx = Context::new();
    ctx.insert("lang", lang.code());
    ctx.insert("html_lang", lang.html_lang());
    ctx.insert("t", &site.theme.strings[&lang]);
    ctx.insert("site", &common::site_value(site, lang));
    ctx.insert(
        "page",
        &json!({ "title": common::ui(site, lang, "updates_title") }),
    );
    ctx.insert("feed", &feed);
    site.theme.tera.render("atom.xml", &ctx).map_err(|e| {
        let d: Diagnostic = template_diagnostic(&e, &site.theme.template_files);
        d.into()
    })
}
