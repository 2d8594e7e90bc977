//! What each template is given.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::feed::{Entry as FeedEntry, Feed};
use super::shortcodes::SiteShortcodes;
use super::{paginated_path, tag_path, Job, JobKind};
use crate::content::Page;
use crate::error::Diagnostic;
use crate::indicators::chart::{render_svg, ChartLabels};
use crate::lang::Lang;
use crate::markdown::{self, TocEntry};
use crate::site::Site;
use crate::theme::template_diagnostic;

/// Renders jobs into complete HTML documents. Built once per build and shared by all threads.
pub struct Renderer<'s> {
    site: &'s Site,
    base: BTreeMap<Lang, Context>,
    shortcodes: SiteShortcodes<'s>,
}

#[derive(Serialize)]
struct NavItem {
    section: String,
    title: String,
    url: String,
}

#[derive(Serialize)]
struct TagLink {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct PageSummary {
    title: String,
    description: Option<String>,
    date: Option<String>,
    url: String,
    tags: Vec<TagLink>,
}

#[derive(Serialize)]
struct PageValue<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    content: String,
    toc: Vec<TocEntry>,
    show_toc: bool,
    path: &'a str,
    url: String,
    permalink: String,
    section: &'a str,
    key: &'a str,
    tags: Vec<TagLink>,
    is_home: bool,
}

#[derive(Serialize)]
struct Paginator {
    number: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

#[derive(Serialize)]
struct Counterpart {
    exists: bool,
    url: String,
    lang: &'static str,
    html_lang: &'static str,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: &'static str,
    href: String,
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site) -> Renderer<'s> {
        let mut base = BTreeMap::new();
        let base_path = site.config.base_path();
        let assets: BTreeMap<&str, String> = site
            .theme
            .assets
            .iter()
            .map(|a| (a.name.as_str(), format!("{base_path}{}", a.path)))
            .collect();
        let assets = Value::from_serializable(&assets);
        let views = &site.views;
        let shared: Vec<(&str, Value)> = vec![
            ("assets", assets),
            ("plan", Value::from_serializable(&views.plan)),
            ("goals", Value::from_serializable(&views.goals)),
            ("actions", Value::from_serializable(&views.actions)),
            ("tasks", Value::from_serializable(&views.tasks)),
            ("projects", Value::from_serializable(&views.projects)),
            ("firms", Value::from_serializable(&views.firms)),
            ("sectors", Value::from_serializable(&views.sectors)),
            ("directions", Value::from_serializable(&views.directions)),
            ("services", Value::from_serializable(&views.services)),
            ("categories", Value::from_serializable(&views.categories)),
            ("agencies", Value::from_serializable(&views.agencies)),
            ("indicators", Value::from_serializable(&views.indicators)),
            (
                "indicator_summary",
                Value::from_serializable(&views.summary),
            ),
            (
                "thresholds",
                Value::from_serializable(&site.config.indicators),
            ),
        ];
        for lang in Lang::ALL {
            let mut ctx = Context::new();
            let lc = site.config.languages.get(lang);
            let identity = &site.config.identity;
            let pick = |l: &crate::config::LocalizedConfig| match lang {
                Lang::Zh => l.zh.clone(),
                Lang::En => l.en.clone(),
            };
            ctx.insert("lang", lang.code());
            ctx.insert("html_lang", lang.html_lang());
            ctx.insert("other_lang", lang.other().code());
            ctx.insert("t", &site.theme.strings[&lang]);
            ctx.insert("root", &format!("{base_path}{}", lang.prefix()));
            ctx.insert("base_path", &base_path);
            ctx.insert(
                "site",
                &serde_json::json!({
                    "title": lc.title,
                    "description": lc.description,
                    "base_url": site.config.origin_and_path(),
                    "identity": {
                        "host": pick(&identity.host),
                        "contact": pick(&identity.contact),
                        "site_id_code": identity.site_id_code,
                        "icp": identity.icp,
                        "public_security": identity.public_security,
                    },
                }),
            );
            ctx.insert("nav", &nav(site, lang));
            // Feed autodiscovery and the link to the open data, where the site has them.
            let feed_url = feed_page(site, lang)
                .map(|p| format!("{base_path}{}{}{}", lang.prefix(), p.path, super::FEED_FILE));
            ctx.insert("feed_url", &feed_url);
            let open_data_url = crate::opendata::has_data(site)
                .then(|| format!("{base_path}{}{}", lang.prefix(), super::OPEN_DATA_PATH));
            ctx.insert("open_data_url", &open_data_url);
            // Variables that only some pages set: null elsewhere, so templates can test them.
            for optional in [
                "page",
                "pages",
                "paginator",
                "latest_news",
                "chart",
                "filter",
                "firm_groups",
                "tag",
            ] {
                ctx.insert(optional, &None::<()>);
            }
            for (k, v) in &shared {
                ctx.insert_value(*k, v.clone());
            }
            base.insert(lang, ctx);
        }
        Renderer {
            site,
            base,
            shortcodes: SiteShortcodes::new(site),
        }
    }

    fn t<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.site.theme.strings[&lang]
            .get(key)
            .map(String::as_str)
            .unwrap_or(key)
    }

    fn url(&self, lang: Lang, path: &str) -> String {
        format!("{}{}{}", self.site.config.base_path(), lang.prefix(), path)
    }

    fn permalink(&self, lang: Lang, path: &str) -> String {
        format!(
            "{}/{}{}",
            self.site.config.origin_and_path(),
            lang.prefix(),
            path
        )
    }

    /// The complete HTML of `job`, before minification.
    pub fn render(&self, job: &Job) -> Result<String, Vec<Diagnostic>> {
        let site = self.site;
        let lang = job.lang;
        let mut ctx = self.base[&lang].clone();
        let pages = &site.content.pages;

        // Language switch and alternates.
        let other = lang.other();
        let counterpart = match &job.counterpart {
            Some(p) => Counterpart {
                exists: true,
                url: self.url(other, p),
                lang: other.code(),
                html_lang: other.html_lang(),
            },
            None => Counterpart {
                exists: false,
                url: self.url(other, ""),
                lang: other.code(),
                html_lang: other.html_lang(),
            },
        };
        ctx.insert("counterpart", &counterpart);
        let mut alternates = vec![Alternate {
            hreflang: lang.html_lang(),
            href: self.permalink(lang, &job.path),
        }];
        if let Some(p) = &job.counterpart {
            alternates.push(Alternate {
                hreflang: other.html_lang(),
                href: self.permalink(other, p),
            });
        }
        alternates.sort_by_key(|a| if a.hreflang == "zh-CN" { 0 } else { 1 });
        let zh_href = alternates
            .iter()
            .find(|a| a.hreflang == "zh-CN")
            .map(|a| a.href.clone());
        if let Some(href) = zh_href {
            alternates.push(Alternate {
                hreflang: "x-default",
                href,
            });
        }
        ctx.insert("alternates", &alternates);
        ctx.insert("canonical", &self.permalink(lang, &job.path));
        ctx.insert("current_path", &job.path);

        // The Markdown page behind the job, if any.
        let page_index = match &job.kind {
            JobKind::Content { page } => Some(*page),
            JobKind::SectionList { index, .. } => *index,
            JobKind::DataList { intro, .. } => *intro,
            JobKind::Feed { index, .. } => Some(*index),
            _ => None,
        };
        let mut title = String::new();
        let mut section = String::new();
        if let Some(i) = page_index {
            let p = &pages[i];
            let value = self.page_value(p, &job.path)?;
            title = p.front.title.clone();
            section = p.section.clone();
            ctx.insert("page", &value);
        }

        match &job.kind {
            JobKind::Content { .. } | JobKind::NotFound => {
                if job.path.is_empty() {
                    ctx.insert(
                        "latest_news",
                        &self.summaries(
                            lang,
                            &super::sorted_children(site, lang, "news")
                                .into_iter()
                                .take(3)
                                .collect::<Vec<_>>(),
                        ),
                    );
                }
                if matches!(job.kind, JobKind::NotFound) {
                    title = self.t(lang, "not_found_title").to_string();
                }
            }
            JobKind::SectionList {
                children,
                number,
                total,
                index,
                section: s,
            } => {
                ctx.insert("pages", &self.summaries(lang, children));
                let base = index
                    .map(|i| pages[i].path.clone())
                    .unwrap_or_else(|| format!("{s}/"));
                ctx.insert("paginator", &self.paginator(lang, &base, *number, *total));
            }
            JobKind::DataList { section: s, .. } => {
                section = s.to_string();
                if *s == "firms" {
                    ctx.insert("firm_groups", &firm_groups(site, None));
                }
                if *s == "indicators" {
                    let charts: BTreeMap<&str, String> = site
                        .views
                        .indicators
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (v.id.as_str(), self.chart(lang, i, "chart")))
                        .collect();
                    ctx.insert("charts", &charts);
                }
                if title.is_empty() {
                    title = self.t(lang, &format!("{s}_title")).to_string();
                }
            }
            JobKind::DataEntity { section: s, index } => {
                section = s.to_string();
                let v = &site.views;
                let (key, value, name) = match *s {
                    "tasks" => (
                        "task",
                        Value::from_serializable(&v.tasks[*index]),
                        v.tasks[*index].title.get(lang.code()).to_string(),
                    ),
                    "projects" => (
                        "project",
                        Value::from_serializable(&v.projects[*index]),
                        v.projects[*index].title.get(lang.code()).to_string(),
                    ),
                    "firms" => (
                        "firm",
                        Value::from_serializable(&v.firms[*index]),
                        v.firms[*index].name.get(lang.code()).to_string(),
                    ),
                    "services" => (
                        "service",
                        Value::from_serializable(&v.services[*index]),
                        v.services[*index].title.get(lang.code()).to_string(),
                    ),
                    "agencies" => (
                        "agency",
                        Value::from_serializable(&v.agencies[*index]),
                        v.agencies[*index].name.get(lang.code()).to_string(),
                    ),
                    _ => {
                        let iv = &v.indicators[*index];
                        ctx.insert("chart", &self.chart(lang, *index, "chart"));
                        (
                            "indicator",
                            Value::from_serializable(iv),
                            iv.indicator.name.get(lang.code()).to_string(),
                        )
                    }
                };
                ctx.insert_value(key, value);
                title = name;
            }
            JobKind::FirmFilter { facet, term } => {
                section = "firms".into();
                let terms = if *facet == "sector" {
                    &site.views.sectors
                } else {
                    &site.views.directions
                };
                let t = &terms[*term];
                ctx.insert(
                    "filter",
                    &serde_json::json!({ "facet": facet, "id": t.id, "name": t.name }),
                );
                ctx.insert("firm_groups", &firm_groups(site, Some((facet, &t.id))));
                title = format!(
                    "{}{}{}",
                    self.t(lang, "firms_title"),
                    self.t(lang, "title_separator"),
                    t.name.get(lang.code())
                );
            }
            JobKind::OpenData => {
                let catalogue = crate::opendata::Catalogue::build(site);
                ctx.insert("catalogue", &catalogue.page_value(site, lang)?);
                title = self.t(lang, "data_title").to_string();
                section = "data".into();
            }
            JobKind::Feed { index, children } => {
                ctx.insert("feed", &self.feed(job, *index, children)?);
            }
            JobKind::Search => {
                title = self.t(lang, "search_title").to_string();
                section = "search".into();
            }
            JobKind::TagIndex => {
                let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
                for p in pages.iter().filter(|p| p.lang == lang) {
                    for t in &p.front.tags {
                        *tags.entry(t.as_str()).or_default() += 1;
                    }
                }
                let list: Vec<serde_json::Value> = tags
                    .iter()
                    .map(|(name, count)| serde_json::json!({ "name": name, "count": count, "url": self.url(lang, &tag_path(name)) }))
                    .collect();
                ctx.insert("tags", &list);
                title = self.t(lang, "tags_title").to_string();
                section = "tags".into();
            }
            JobKind::TagPage {
                tag,
                children,
                number,
                total,
            } => {
                ctx.insert("tag", tag);
                ctx.insert("pages", &self.summaries(lang, children));
                ctx.insert(
                    "paginator",
                    &self.paginator(lang, &tag_path(tag), *number, *total),
                );
                title = format!(
                    "{}{}{}",
                    self.t(lang, "tag_title"),
                    self.t(lang, "title_separator"),
                    tag
                );
                section = "tags".into();
            }
        }
        let description = match page_index.and_then(|i| pages[i].front.description.clone()) {
            Some(d) => d,
            None => site.config.languages.get(lang).description.clone(),
        };
        ctx.insert("description", &description);
        ctx.insert("title", &title);
        ctx.insert("section", &section);
        crate::profile::time(crate::profile::Activity::Template, || {
            self.site.theme.tera.render(&job.template, &ctx)
        })
        .map_err(|e| vec![template_diagnostic(&e, &self.site.theme.template_files)])
    }

    fn page_value<'p>(&self, p: &'p Page, path: &'p str) -> Result<PageValue<'p>, Vec<Diagnostic>> {
        let site = self.site;
        let base_path = site.config.base_path();
        let rendered = crate::profile::time(crate::profile::Activity::Markdown, || {
            markdown::render(
                &markdown::Input {
                    source: &p.body,
                    file: &p.file,
                    first_line: p.body_line,
                    lang: p.lang,
                    base_path: &base_path,
                    table_label: self.t(p.lang, "table_label"),
                    trust_html: site.config.markdown.trust_html,
                },
                &site.highlighter,
                &self.shortcodes,
            )
        })?;
        let show_toc = p
            .front
            .toc
            .unwrap_or(rendered.toc.len() >= site.config.markdown.toc_min_headings);
        Ok(PageValue {
            title: &p.front.title,
            description: p.front.description.as_deref(),
            date: p.front.date.as_ref().map(|d| d.value.as_str()),
            updated: p.front.updated.as_ref().map(|d| d.value.as_str()),
            content: rendered.html,
            toc: rendered.toc,
            show_toc,
            path,
            url: self.url(p.lang, path),
            permalink: self.permalink(p.lang, path),
            section: &p.section,
            key: &p.key,
            tags: self.tag_links(p),
            is_home: p.key == "_index",
        })
    }

    /// The Atom feed of the section whose `_index.md` is `index` (see [`super::feed`]).
    fn feed(&self, job: &Job, index: usize, children: &[usize]) -> Result<Feed, Vec<Diagnostic>> {
        use super::feed::{rfc3339, xml_text};
        let site = self.site;
        let lang = job.lang;
        let pages = &site.content.pages;
        let mut entries = Vec::new();
        for &c in children {
            let p = &pages[c];
            // `plan` reports undated posts; a post without a date gets no entry.
            let Some(date) = p.front.date.as_ref().map(|d| d.value.as_str()) else {
                continue;
            };
            let value = self.page_value(p, &p.path)?;
            let updated = p.front.updated.as_ref().map_or(date, |d| d.value.as_str());
            entries.push(FeedEntry {
                id: value.permalink.clone(),
                url: value.permalink,
                title: xml_text(&p.front.title),
                published: rfc3339(date),
                updated: rfc3339(updated),
                summary: p.front.description.as_deref().map(xml_text),
                tags: p.front.tags.iter().map(|t| xml_text(t)).collect(),
                content: xml_text(&value.content),
            });
        }
        let index_page = &pages[index];
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
            .or_else(|| crate::opendata::last_updated(site).map(|d| rfc3339(&d)))
            .unwrap_or_else(|| rfc3339("1970-01-01"));
        let self_url = self.permalink(lang, &job.path);
        let host = match lang {
            Lang::Zh => &site.config.identity.host.zh,
            Lang::En => &site.config.identity.host.en,
        };
        let author = if host.is_empty() {
            site.config.languages.get(lang).title.clone()
        } else {
            host.clone()
        };
        Ok(Feed {
            id: self_url.clone(),
            self_url,
            alternate_url: self.permalink(lang, &index_page.path),
            other_url: job
                .counterpart
                .as_ref()
                .map(|c| self.permalink(lang.other(), c)),
            other_hreflang: lang.other().html_lang(),
            updated,
            author: xml_text(&author),
            entries,
        })
    }

    fn tag_links(&self, p: &Page) -> Vec<TagLink> {
        p.front
            .tags
            .iter()
            .map(|t| TagLink {
                name: t.clone(),
                url: self.url(p.lang, &tag_path(t)),
            })
            .collect()
    }

    fn summaries(&self, lang: Lang, children: &[usize]) -> Vec<PageSummary> {
        let pages = &self.site.content.pages;
        children
            .iter()
            .map(|&i| {
                let p = &pages[i];
                PageSummary {
                    title: p.front.title.clone(),
                    description: p.front.description.clone(),
                    date: p.front.date.as_ref().map(|d| d.value.clone()),
                    url: self.url(lang, &p.path),
                    tags: self.tag_links(p),
                }
            })
            .collect()
    }

    fn paginator(&self, lang: Lang, base: &str, number: usize, total: usize) -> Paginator {
        Paginator {
            number,
            total,
            prev_url: (number > 1).then(|| self.url(lang, &paginated_path(base, number - 1))),
            next_url: (number < total).then(|| self.url(lang, &paginated_path(base, number + 1))),
        }
    }

    /// The SVG chart of indicator `index`, labelled in `lang`. `id_prefix` keeps the ids of
    /// several charts on one page apart.
    pub fn chart(&self, lang: Lang, index: usize, id_prefix: &str) -> String {
        let v = &self.site.views.indicators[index];
        let code = lang.code();
        let desc = self.chart_description(lang, index);
        let labels = ChartLabels {
            title: v.indicator.name.get(code),
            baseline: self.t(lang, "baseline"),
            target: self.t(lang, "target"),
            observed: self.t(lang, "observed"),
            year: self.t(lang, "year"),
            unit: v.indicator.unit.get(code),
            desc: &desc,
        };
        render_svg(
            &v.indicator,
            &v.progress,
            &labels,
            &format!("{id_prefix}-{}", v.id),
        )
    }

    fn chart_description(&self, lang: Lang, index: usize) -> String {
        use crate::indicators::chart::format_number;
        use crate::indicators::Target;
        let v = &self.site.views.indicators[index];
        let i = &v.indicator;
        let code = lang.code();
        let unit = i.unit.get(code);
        let target = match &i.target {
            Target::Point { year, value } => format!("{year}: {}{unit}", format_number(*value)),
            Target::Range { year, min, max } => format!(
                "{year}: {}–{}{unit}",
                format_number(*min),
                format_number(*max)
            ),
        };
        let latest = match &v.progress.latest {
            Some(o) => format!(
                "{} {}: {}{unit}",
                self.t(lang, "latest_value"),
                o.year,
                format_number(o.value)
            ),
            None => self.t(lang, "no_data_yet").to_string(),
        };
        format!(
            "{} {}: {}{unit}; {} {target}; {latest}.",
            self.t(lang, "baseline"),
            i.baseline.year,
            format_number(i.baseline.value),
            self.t(lang, "target"),
        )
    }
}

#[derive(Serialize)]
struct FirmGroup<'a> {
    sector: &'a crate::site::views::TermView,
    firms: Vec<&'a crate::site::views::FirmView>,
}

/// Key firms grouped by sector (Annex 4 order), optionally filtered by one sector or
/// cultivation direction.
fn firm_groups<'a>(site: &'a Site, filter: Option<(&str, &str)>) -> Vec<FirmGroup<'a>> {
    let v = &site.views;
    v.sectors
        .iter()
        .map(|sector| FirmGroup {
            sector,
            firms: v
                .firms
                .iter()
                .filter(|f| f.key_firm && f.sector.as_ref().is_some_and(|s| s.id == sector.id))
                .filter(|f| match filter {
                    None => true,
                    Some(("sector", id)) => sector.id == id,
                    Some((_, id)) => f.direction.as_ref().is_some_and(|d| d.id == id),
                })
                .collect(),
        })
        .filter(|g| !g.firms.is_empty())
        .collect()
}

/// The `_index.md` of the section that has a feed, in `lang`.
fn feed_page(site: &Site, lang: Lang) -> Option<&Page> {
    let key = format!("{}/_index", super::FEED_SECTION);
    site.content
        .pages
        .iter()
        .find(|p| p.lang == lang && p.key == key)
}

/// The main navigation: top-level pages and sections, ordered by weight.
fn nav(site: &Site, lang: Lang) -> Vec<NavItem> {
    let base_path = site.config.base_path();
    let mut items: Vec<(i64, String, NavItem)> = site
        .content
        .pages
        .iter()
        .filter(|p| p.lang == lang && p.key != "_index")
        .filter(|p| {
            (p.is_index && p.key == format!("{}/_index", p.section))
                || (!p.is_index && p.section.is_empty())
        })
        .map(|p| {
            let section = if p.section.is_empty() {
                p.key.clone()
            } else {
                p.section.clone()
            };
            (
                p.front.weight.unwrap_or(0),
                p.path.clone(),
                NavItem {
                    section,
                    title: p.front.title.clone(),
                    url: format!("{base_path}{}{}", lang.prefix(), p.path),
                },
            )
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    items.into_iter().map(|(_, _, n)| n).collect()
}
