//! What each template is given.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Value};

use super::chart::{render_svg, ChartLabels};
use super::data_page;
use super::jsonld;
use crate::base::address::Addresses;
use crate::base::error::Diagnostic;
use crate::base::lang::Lang;
use crate::base::quantity;
use crate::base::text;
use crate::base::timing::{self, Activity};
use crate::input::content::Page;
use crate::input::data::indicator::Target;
use crate::input::theme::template_diagnostic;
use crate::markdown::TocEntry;
use crate::model::changes;
use crate::model::plan::{
    sorted_children, tag_path, ServiceFacet, FEED_FILE, FEED_SECTION, OPEN_DATA_PATH,
};
use crate::model::views::{FirmView, TermView};
use crate::model::{EntityKind, Job, JobKind, Site};
use crate::outputs::common::{self, updates, Bodies};

/// Renders jobs into complete HTML documents. Built once per build and shared by all threads.
pub struct Renderer<'s> {
    site: &'s Site,
    base: BTreeMap<Lang, Context>,
    bodies: Bodies<'s>,
    /// The main navigation of each language, made once: finding it looks at every page, so
    /// making it per rendered page made a large build quadratic (at 100,000 pages, most of
    /// the time went there).
    nav: BTreeMap<Lang, Vec<NavItem>>,
}

#[derive(Serialize, Clone)]
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
    /// The front matter's date as written (for `<time datetime>`) and the day it is shown as.
    date: Option<String>,
    day: Option<String>,
    url: String,
    tags: Vec<TagLink>,
}

#[derive(Serialize)]
struct PageValue<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// The front matter's dates as written (for `<time datetime>`) and the days they are
    /// shown as.
    date: Option<&'a str>,
    day: Option<String>,
    updated: Option<&'a str>,
    updated_day: Option<String>,
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
        let addresses = &site.addresses;
        let assets: BTreeMap<&str, String> = site
            .theme
            .assets
            .iter()
            .map(|a| (a.name.as_str(), addresses.file(&a.path)))
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
            ctx.insert("lang", lang.code());
            ctx.insert("html_lang", lang.html_lang());
            ctx.insert("other_lang", lang.other().code());
            ctx.insert("t", &site.theme.strings[&lang]);
            ctx.insert("root", &addresses.root(lang));
            ctx.insert("base_path", addresses.base_path());
            ctx.insert("site", &common::site_value(site, lang));
            ctx.insert("nav", &nav(site, lang));
            // Feed autodiscovery and the link to the open data, where the site has them.
            let feed_url = feed_page(site, lang)
                .map(|p| addresses.page(lang, &format!("{}{FEED_FILE}", p.path)));
            ctx.insert("feed_url", &feed_url);
            let open_data_url =
                (!site.catalogue.is_empty()).then(|| addresses.page(lang, OPEN_DATA_PATH));
            ctx.insert("open_data_url", &open_data_url);
            // Open Graph: the locale of the page and of its counterpart, and the theme's
            // default share image as an absolute address (previews need one).
            ctx.insert("og_locale", og_locale(lang));
            ctx.insert("og_locale_alternate", og_locale(lang.other()));
            let share_image = site
                .theme
                .assets
                .iter()
                .find(|a| a.name == "share.png")
                .map(|a| addresses.file_permalink(&a.path));
            ctx.insert("share_image", &share_image);
            let has_updates = EntityKind::ALL.iter().any(|k| k.has_data(&site.data));
            let updates_url = has_updates.then(|| addresses.page(lang, updates::PATH));
            ctx.insert("updates_url", &updates_url);
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
                "finder",
                "breadcrumbs",
                "updated",
                "jsonld",
                "entrances",
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
            bodies: Bodies::new(site),
            nav: Lang::ALL.iter().map(|&l| (l, nav(site, l))).collect(),
        }
    }

    /// The main navigation of `lang`.
    fn nav(&self, lang: Lang) -> &[NavItem] {
        self.nav.get(&lang).map_or(&[], Vec::as_slice)
    }

    fn t<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        common::ui(self.site, lang, key)
    }

    fn url(&self, lang: Lang, path: &str) -> String {
        self.site.addresses.page(lang, path)
    }

    fn permalink(&self, lang: Lang, path: &str) -> String {
        self.site.addresses.permalink(lang, path)
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
        let page_index = job.page();
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
                if job.path.is_empty() && matches!(job.kind, JobKind::Content { .. }) {
                    ctx.insert("entrances", &self.entrances(lang));
                }
                if job.path.is_empty() {
                    ctx.insert(
                        "latest_news",
                        &self.summaries(
                            lang,
                            &sorted_children(site, lang, FEED_SECTION)
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
            JobKind::DataList { kind, .. } => {
                section = kind.section().to_string();
                if *kind == EntityKind::Firm {
                    ctx.insert("firm_groups", &firm_groups(site, None));
                }
                if *kind == EntityKind::Service {
                    ctx.insert("finder", &self.finder(lang, None));
                }
                if *kind == EntityKind::Indicator {
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
                    title = self.t(lang, &format!("{section}_title")).to_string();
                }
            }
            JobKind::DataEntity { kind, index } => {
                let (kind, index) = (*kind, *index);
                section = kind.section().to_string();
                let v = &site.views;
                let value = match kind {
                    EntityKind::Task => Value::from_serializable(&v.tasks[index]),
                    EntityKind::Project => Value::from_serializable(&v.projects[index]),
                    EntityKind::Firm => Value::from_serializable(&v.firms[index]),
                    EntityKind::Service => Value::from_serializable(&v.services[index]),
                    EntityKind::Agency => Value::from_serializable(&v.agencies[index]),
                    EntityKind::Indicator => {
                        ctx.insert("chart", &self.chart(lang, index, "chart"));
                        let last = changes::last_change(
                            &site.releases,
                            EntityKind::Indicator,
                            &v.indicators[index].id,
                        )
                        .map(|(date, c)| {
                            serde_json::json!({
                                "date": date,
                                "lines": updates::change_text(site, lang, c).lines,
                            })
                        });
                        ctx.insert("last_change", &last);
                        Value::from_serializable(&v.indicators[index])
                    }
                };
                ctx.insert_value(kind.singular(), value);
                title = kind.name(v, index).get(lang.code()).to_string();
                let ld = match kind {
                    EntityKind::Service => Some(jsonld::service(site, lang, &v.services[index])),
                    EntityKind::Agency => Some(jsonld::agency(site, lang, &v.agencies[index])),
                    EntityKind::Task
                    | EntityKind::Project
                    | EntityKind::Firm
                    | EntityKind::Indicator => None,
                };
                ctx.insert("jsonld", &ld);
            }
            JobKind::FirmFilter { facet, term } => {
                section = EntityKind::Firm.section().into();
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
            JobKind::ServiceFilter { facet, term } => {
                section = EntityKind::Service.section().into();
                let finder = self.finder(lang, Some((*facet, *term)));
                let name = finder
                    .current
                    .as_ref()
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                ctx.insert("finder", &finder);
                title = format!(
                    "{}{}{}",
                    self.t(lang, "services_title"),
                    self.t(lang, "title_separator"),
                    name
                );
            }
            JobKind::OpenData => {
                let catalogue = data_page::page_value(site, lang);
                ctx.insert("jsonld", &jsonld::catalogue(site, lang, &catalogue));
                ctx.insert("catalogue", &catalogue);
                title = self.t(lang, "data_title").to_string();
                section = "data".into();
            }
            JobKind::Feed { .. } => {
                // Written by the feeds output; the HTML output never asks for it.
            }
            JobKind::Updates => {
                let releases: Vec<updates::ReleaseText> = site
                    .releases
                    .iter()
                    .map(|r| updates::release_text(site, lang, r))
                    .collect();
                ctx.insert("releases", &releases);
                ctx.insert(
                    "updates_feed_url",
                    &site.addresses.page(lang, updates::FEED),
                );
                title = self.t(lang, "updates_title").to_string();
                section = "updates".into();
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
        ctx.insert("breadcrumbs", &self.breadcrumbs(job, &section));
        // Shown as a day; the sitemap keeps a full date-time where the front matter gives one.
        let updated: Option<String> = job.lastmod.as_deref().map(text::day);
        ctx.insert("updated", &updated);
        ctx.insert("description", &self.description(job, page_index));
        ctx.insert("title", &title);
        ctx.insert("section", &section);
        timing::time(Activity::Template, || {
            self.site.theme.tera.render(&job.template, &ctx)
        })
        .map_err(|e| vec![template_diagnostic(&e, &self.site.theme.template_files)])
    }

    /// The page's own description for search results and link previews: its front matter's,
    /// or for a firm, service or agency page the entry's own text, for a task or project the
    /// first sentence of its summary; the site's description on the home page only. `None`
    /// elsewhere: one sentence about the whole site repeated on
    /// every page says nothing about any of them (search engines then build the snippet
    /// from the page's text), and at 10,000 pages the two copies weighed ~10 MB.
    fn description(&self, job: &Job, page_index: Option<usize>) -> Option<String> {
        let site = self.site;
        let code = job.lang.code();
        let own = page_index.and_then(|i| site.content.pages[i].front.description.clone());
        let entity = || match &job.kind {
            JobKind::DataEntity { kind, index } => {
                let v = &site.views;
                let text = match kind {
                    EntityKind::Firm => v.firms[*index].description.get(code),
                    EntityKind::Service => v.services[*index].description.get(code),
                    EntityKind::Agency => v.agencies[*index].description.get(code),
                    // A summary is a paragraph; its first sentence says what the entry is.
                    EntityKind::Task => text::first_sentence(v.tasks[*index].summary.get(code)),
                    EntityKind::Project => {
                        text::first_sentence(v.projects[*index].summary.get(code))
                    }
                    EntityKind::Indicator => "",
                };
                Some(text.to_string())
            }
            _ => None,
        };
        let home = || {
            (job.path.is_empty() && matches!(job.kind, JobKind::Content { .. }))
                .then(|| site.config.languages.get(job.lang).description.clone())
        };
        own.or_else(entity)
            .or_else(home)
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
    }

    /// The trail above a page that sits below a section: the home page, the section under
    /// the name the main navigation gives it, and for a service its category in the finder.
    /// Empty for the home page and the sections themselves (the navigation shows those).
    fn breadcrumbs(&self, job: &Job, section: &str) -> Vec<NavItem> {
        let site = self.site;
        let lang = job.lang;
        let below = match &job.kind {
            JobKind::DataEntity { .. }
            | JobKind::FirmFilter { .. }
            | JobKind::ServiceFilter { .. }
            | JobKind::TagPage { .. } => true,
            JobKind::Content { page } => {
                let p = &site.content.pages[*page];
                !p.section.is_empty() && !p.is_index
            }
            JobKind::SectionList { number, .. } => *number > 1,
            JobKind::DataList { .. }
            | JobKind::TagIndex
            | JobKind::NotFound
            | JobKind::OpenData
            | JobKind::Feed { .. }
            | JobKind::Search
            | JobKind::Updates => false,
        };
        if !below || section.is_empty() {
            return Vec::new();
        }
        let mut trail = vec![NavItem {
            section: String::new(),
            title: self.t(lang, "home").to_string(),
            url: site.addresses.root(lang),
        }];
        let from_nav = self
            .nav(lang)
            .iter()
            .find(|n| n.section == section)
            .cloned();
        trail.push(from_nav.unwrap_or_else(|| NavItem {
            section: section.to_string(),
            title: self.t(lang, &format!("{section}_title")).to_string(),
            url: self.url(lang, &format!("{section}/")),
        }));
        match &job.kind {
            JobKind::DataEntity {
                kind: EntityKind::Service,
                index,
            } => {
                let c = &site.views.services[*index].category;
                trail.push(NavItem {
                    section: section.to_string(),
                    title: c.name.get(lang.code()).to_string(),
                    url: self.url(lang, &ServiceFacet::Category.path(&c.id)),
                });
            }
            JobKind::DataEntity {
                kind: EntityKind::Task,
                index,
            } => {
                let a = &site.views.tasks[*index].action;
                trail.push(NavItem {
                    section: section.to_string(),
                    title: a.label.get(lang.code()).to_string(),
                    url: self.url(lang, &a.path),
                });
            }
            _ => {}
        }
        trail
    }

    /// The service finder: its three facets with a link and a count per value, which value
    /// is chosen (on a filter page), and which services it shows.
    fn finder(&self, lang: Lang, chosen: Option<(ServiceFacet, usize)>) -> Finder {
        let v = &self.site.views;
        let code = lang.code();
        let matches =
            |facet: ServiceFacet, id: &str, s: &crate::model::views::ServiceView| match facet {
                ServiceFacet::Category => s.category.id == id,
                ServiceFacet::Provider => s.providers.iter().any(|p| p.id == id),
                ServiceFacet::Need => s.needs.iter().any(|n| n.id == id),
            };
        let name_of = |facet: ServiceFacet, id: &str| -> String {
            match facet {
                ServiceFacet::Category => v
                    .categories
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| t.name.get(code).to_string()),
                ServiceFacet::Need => v
                    .needs
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| t.name.get(code).to_string()),
                ServiceFacet::Provider => v
                    .agencies
                    .iter()
                    .find(|a| a.id == id)
                    .map(|a| a.short_name.get(code).to_string()),
            }
            .unwrap_or_default()
        };
        let current = chosen.and_then(|(facet, term)| {
            let id = *facet.terms(v).get(term)?;
            Some(FinderChoice {
                facet: facet.key(),
                id: id.to_string(),
                name: name_of(facet, id),
                url: self.url(lang, &facet.path(id)),
            })
        });
        let shown: Vec<String> = v
            .services
            .iter()
            .filter(|s| match chosen {
                None => true,
                Some((facet, term)) => facet
                    .terms(v)
                    .get(term)
                    .is_some_and(|id| matches(facet, id, s)),
            })
            .map(|s| s.id.clone())
            .collect();
        let facets = ServiceFacet::ALL
            .into_iter()
            .map(|facet| FinderFacet {
                key: facet.key(),
                label: self
                    .t(lang, &format!("finder_by_{}", facet.key()))
                    .to_string(),
                terms: facet
                    .terms(v)
                    .into_iter()
                    .map(|id| FinderTerm {
                        id: id.to_string(),
                        name: name_of(facet, id),
                        url: self.url(lang, &facet.path(id)),
                        count: v.services.iter().filter(|s| matches(facet, id, s)).count(),
                        current: current
                            .as_ref()
                            .is_some_and(|c| c.facet == facet.key() && c.id == id),
                    })
                    .collect(),
            })
            .filter(|f| !f.terms.is_empty())
            .collect();
        let status = self
            .t(lang, "finder_count")
            .replace("{n}", &shown.len().to_string())
            .replace("{total}", &v.services.len().to_string());
        Finder {
            all_url: self.url(lang, &EntityKind::Service.list_path()),
            total: v.services.len(),
            status,
            facets,
            current,
            shown,
        }
    }

    /// The home page's entrances: each part of the portal with its count, in the order
    /// people come for them; only the parts the site has.
    fn entrances(&self, lang: Lang) -> Vec<Entrance> {
        let site = self.site;
        let v = &site.views;
        let mut out = Vec::new();
        let menu = self.nav(lang);
        let mut add = |key: &str, path: String, count: Option<usize>| {
            // The navigation's name for the section, so that the same place has one name.
            let title = menu
                .iter()
                .find(|n| n.section == key)
                .map(|n| n.title.clone())
                .unwrap_or_else(|| self.t(lang, &format!("entrance_{key}")).to_string());
            out.push(Entrance {
                key: key.to_string(),
                title,
                hint: self.t(lang, &format!("entrance_{key}_hint")).to_string(),
                url: self.url(lang, &path),
                count,
            });
        };
        for kind in [
            EntityKind::Service,
            EntityKind::Task,
            EntityKind::Indicator,
            EntityKind::Firm,
            EntityKind::Project,
        ] {
            if !kind.has_data(&site.data) {
                continue;
            }
            let count = match kind {
                EntityKind::Firm => v.firms.iter().filter(|f| f.key_firm).count(),
                EntityKind::Task
                | EntityKind::Project
                | EntityKind::Service
                | EntityKind::Agency
                | EntityKind::Indicator => kind.count(v),
            };
            add(kind.section(), kind.list_path(), Some(count));
        }
        if !site.catalogue.is_empty() {
            add(
                "data",
                OPEN_DATA_PATH.to_string(),
                Some(site.catalogue.datasets.len()),
            );
        }
        add("search", "search/".to_string(), None);
        out
    }

    fn page_value<'p>(&self, p: &'p Page, path: &'p str) -> Result<PageValue<'p>, Vec<Diagnostic>> {
        let site = self.site;
        let rendered = self.bodies.render(p)?;
        let show_toc = p
            .front
            .toc
            .unwrap_or(rendered.toc.len() >= site.config.markdown.toc_min_headings);
        Ok(PageValue {
            title: &p.front.title,
            description: p.front.description.as_deref(),
            date: p.front.date.as_ref().map(|d| d.value.as_str()),
            day: p.front.date.as_ref().map(|d| text::day(&d.value)),
            updated: p.front.updated.as_ref().map(|d| d.value.as_str()),
            updated_day: p.front.updated.as_ref().map(|d| text::day(&d.value)),
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
                    day: p.front.date.as_ref().map(|d| text::day(&d.value)),
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
            prev_url: (number > 1).then(|| self.url(lang, &Addresses::paginated(base, number - 1))),
            next_url: (number < total)
                .then(|| self.url(lang, &Addresses::paginated(base, number + 1))),
        }
    }

    /// The SVG chart of indicator `index`, labelled in `lang`. `id_prefix` keeps the ids of
    /// several charts on one page apart.
    pub fn chart(&self, lang: Lang, index: usize, id_prefix: &str) -> String {
        let v = &self.site.views.indicators[index];
        let desc = self.chart_description(lang, index);
        let unit = quantity::unit_label(&v.indicator.unit, lang);
        let value_axis = if unit.is_empty() {
            self.t(lang, "value").to_string()
        } else {
            self.t(lang, "chart_value_axis").replace("{unit}", &unit)
        };
        let title = if self.site.config.figures.illustrative {
            format!(
                "{} ({})",
                v.indicator.name.get(lang.code()),
                self.t(lang, "illustrative_mark")
            )
        } else {
            v.indicator.name.get(lang.code()).to_string()
        };
        let labels = ChartLabels {
            title: &title,
            baseline: self.t(lang, "baseline"),
            target: self.t(lang, "target"),
            observed: self.t(lang, "observed"),
            year: self.t(lang, "year"),
            value_axis: &value_axis,
            scale: quantity::scale(&v.indicator.unit, lang),
            desc: &desc,
        };
        render_svg(
            &v.indicator,
            &v.progress,
            &labels,
            &format!("{id_prefix}-{}", v.id),
        )
    }

    /// The chart's text alternative: every figure written by the one quantity formatter,
    /// labels joined with the language's colon and sentence punctuation.
    fn chart_description(&self, lang: Lang, index: usize) -> String {
        let v = &self.site.views.indicators[index];
        let i = &v.indicator;
        let colon = self.t(lang, "label_colon");
        let (sep, stop) = match lang {
            Lang::Zh => ("；", "。"),
            Lang::En => ("; ", "."),
        };
        let year_label = |label: &str, year: i32| match lang {
            Lang::Zh => format!("{label}（{year}年）"),
            Lang::En => format!("{label} {year}"),
        };
        let target = match &i.target {
            Target::Point { year, value } => format!(
                "{}{colon}{}",
                year_label(self.t(lang, "target"), *year),
                quantity::format_quantity(*value, &i.unit, lang)
            ),
            Target::Range { year, min, max } => format!(
                "{}{colon}{}",
                year_label(self.t(lang, "target"), *year),
                quantity::format_range(*min, *max, &i.unit, lang)
            ),
        };
        let latest = match &v.progress.latest {
            Some(o) => format!(
                "{}{colon}{}",
                year_label(self.t(lang, "latest_value"), o.year),
                quantity::format_quantity(o.value, &i.unit, lang)
            ),
            None => self.t(lang, "no_data_yet").to_string(),
        };
        let mut text = format!(
            "{}{colon}{}{sep}{target}{sep}{latest}{stop}",
            year_label(self.t(lang, "baseline"), i.baseline.year),
            quantity::format_quantity(i.baseline.value, &i.unit, lang),
        );
        if let Some(note) = &i.note {
            if lang == Lang::En {
                text.push(' ');
            }
            text.push_str(note.get(lang.code()));
        }
        text
    }
}

/// The `og:locale` of a language.
fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh_CN",
        Lang::En => "en_GB",
    }
}

#[derive(Serialize)]
struct Finder {
    all_url: String,
    total: usize,
    /// "Showing 3 of 10 services."
    status: String,
    facets: Vec<FinderFacet>,
    current: Option<FinderChoice>,
    /// Ids of the services the page shows.
    shown: Vec<String>,
}

#[derive(Serialize)]
struct FinderFacet {
    key: &'static str,
    label: String,
    terms: Vec<FinderTerm>,
}

#[derive(Serialize)]
struct FinderTerm {
    id: String,
    name: String,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct FinderChoice {
    facet: &'static str,
    id: String,
    name: String,
    url: String,
}

#[derive(Serialize)]
struct Entrance {
    key: String,
    title: String,
    hint: String,
    url: String,
    count: Option<usize>,
}

#[derive(Serialize)]
struct FirmGroup<'a> {
    sector: &'a TermView,
    firms: Vec<&'a FirmView>,
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
    let key = format!("{FEED_SECTION}/_index");
    site.content
        .pages
        .iter()
        .find(|p| p.lang == lang && p.key == key)
}

/// The main navigation: top-level pages and sections, ordered by weight.
fn nav(site: &Site, lang: Lang) -> Vec<NavItem> {
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
                    url: site.addresses.page(lang, &p.path),
                },
            )
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    items.into_iter().map(|(_, _, n)| n).collect()
}
