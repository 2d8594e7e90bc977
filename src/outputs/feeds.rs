//! The Atom feeds: each feed job of the page plan (`news/atom.xml` in each language)
//! rendered with the theme's `atom.xml` template.
//!
//! Dates: a front-matter date is a calendar day (`YYYY-MM-DD`), taken as midnight China
//! Standard Time (`2025-06-23` becomes `2025-06-23T00:00:00+08:00`), or a full RFC 3339
//! date-time, written in China Standard Time (see [`rfc3339`]). An entry's `published` is its `date`; its
//! `updated` is its `updated`, or its `date` when it has none. The feed's `updated` is the
//! latest entry `updated`; a feed without entries uses its section page's `updated` or
//! `date`, then the open-data date, so no date ever comes from the clock.
//!
//! The template is given `lang`, `html_lang`, `t` (UI strings), `site`, `page` (the
//! section page's title, description and addresses) and `feed` ([`Feed`]).
//!
//! Every text is stripped of the characters XML 1.0 forbids, and the template escapes it;
//! the rendered HTML of a post is escaped as the text of `<content type="html">`.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::common::{self, Bodies};
use super::{Output, Run};
use crate::base::error::{Diagnostic, Diagnostics, Error, Result};
use crate::base::timing::{self, Activity};
use crate::input::theme::template_diagnostic;
use crate::model::{Job, JobKind, Site};
use crate::publish;

pub use super::common::xml_text;
pub use crate::base::text::{rfc3339, UTC_OFFSET};

#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    /// The feed's own address, also its `<id>`.
    pub id: String,
    pub self_url: String,
    /// The section's list page.
    pub alternate_url: String,
    /// The feed of the same section in the other language, if it has one.
    pub other_url: Option<String>,
    pub other_hreflang: &'static str,
    pub updated: String,
    /// The `<author>` of every entry: the site's host organisation, or the site title.
    pub author: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The post's permalink, also its `<id>`.
    pub id: String,
    pub url: String,
    pub title: String,
    pub published: String,
    pub updated: String,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// The rendered body, as HTML (escaped by the template).
    pub content: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_midnight_china_time() {
        assert_eq!(rfc3339("2025-06-23"), "2025-06-23T00:00:00+08:00");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(xml_text("a\u{0}b\u{8}c\td\u{FFFF}é中"), "abc\td\u{e9}中");
    }
}

/// The output that writes the Atom feeds.
pub struct Feeds;

impl Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let bodies = Bodies::new(run.site);
        let jobs: Vec<usize> = run
            .jobs()
            .into_iter()
            .filter(|&i| run.plan[i].is_feed())
            .collect();
        let results: Vec<std::result::Result<(), Error>> = jobs
            .par_iter()
            .map(|&i| {
                let job = &run.plan[i];
                let xml = render(run.site, &bodies, job).map_err(Error::Input)?;
                timing::time(Activity::Write, || {
                    publish::write_file(run.dir, &job.output_file(), xml.as_bytes())
                })
            })
            .collect();
        let mut diagnostics = Diagnostics::default();
        for r in results {
            diagnostics.take(r)?;
        }
        diagnostics.finish()?;
        Ok(jobs.len())
    }
}

#[derive(Serialize)]
struct SectionPage<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
}

/// The feed of `job` (a [`JobKind::Feed`]) as XML text.
fn render(site: &Site, bodies: &Bodies, job: &Job) -> std::result::Result<String, Vec<Diagnostic>> {
    let JobKind::Feed { index, children } = &job.kind else {
        return Ok(String::new());
    };
    let lang = job.lang;
    let addresses = &site.addresses;
    let pages = &site.content.pages;
    let mut entries = Vec::new();
    for &c in children {
        let p = &pages[c];
        // The page plan reports undated posts; a post without a date gets no entry.
        let Some(date) = p.front.date.as_ref().map(|d| d.value.as_str()) else {
            continue;
        };
        let permalink = addresses.permalink(p.lang, &p.path);
        let content = bodies.render(p)?.html;
        let updated = p.front.updated.as_ref().map_or(date, |d| d.value.as_str());
        entries.push(Entry {
            id: permalink.clone(),
            url: permalink,
            title: xml_text(&p.front.title),
            published: rfc3339(date),
            updated: rfc3339(updated),
            summary: p.front.description.as_deref().map(xml_text),
            tags: p.front.tags.iter().map(|t| xml_text(t)).collect(),
            content: xml_text(&content),
        });
    }
    let index_page = &pages[*index];
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .or_else(|| {
            let front = &index_page.front;
            front
                .updated
                .as_ref()
                .or(front.date.as_ref())
                .map(|d| rfc3339(&d.value))
        })
        .or_else(|| site.catalogue.updated.as_deref().map(rfc3339))
        .unwrap_or_else(|| rfc3339("1970-01-01"));
    let self_url = addresses.permalink(lang, &job.path);
    let host = site.config.identity.host.get(lang);
    let author = if host.is_empty() {
        site.config.languages.get(lang).title.clone()
    } else {
        host.to_string()
    };
    let feed = Feed {
        id: self_url.clone(),
        self_url,
        alternate_url: addresses.permalink(lang, &index_page.path),
        other_url: job
            .counterpart
            .as_ref()
            .map(|c| addresses.permalink(lang.other(), c)),
        other_hreflang: lang.other().html_lang(),
        updated,
        author: xml_text(&author),
        entries,
    };
    let mut ctx = Context::new();
    ctx.insert("lang", lang.code());
    ctx.insert("html_lang", lang.html_lang());
    ctx.insert("t", &site.theme.strings[&lang]);
    ctx.insert("site", &common::site_value(site, lang));
    ctx.insert(
        "page",
        &SectionPage {
            title: &index_page.front.title,
            description: index_page.front.description.as_deref(),
            url: addresses.page(lang, &index_page.path),
            permalink: addresses.permalink(lang, &index_page.path),
        },
    );
    ctx.insert("feed", &feed);
    timing::time(Activity::Template, || {
        site.theme.tera.render(&job.template, &ctx)
    })
    .map_err(|e| vec![template_diagnostic(&e, &site.theme.template_files)])
}
