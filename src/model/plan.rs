//! The page plan: which pages (and feeds) the site has, at which address, from which
//! template, showing what.
//!
//! This is the boundary between the model and the outputs, in the manner of mdBook's
//! `Renderer`: [`plan`] lists every page to produce as a [`Job`]; the HTML output turns a job
//! into a document, the feeds output turns a feed job into Atom, and the sitemap lists them.
//! Nothing here renders or writes.

use std::collections::{BTreeMap, BTreeSet};

use super::entity::EntityKind;
use super::site::Site;
use crate::base::address::Addresses;
use crate::base::error::{Diagnostic, Diagnostics, Result};
use crate::base::lang::Lang;
use crate::base::text::slugify;
use crate::input::content::{Page, Translation};
use crate::msg;

/// Every page of the site, in a stable order.
pub type PagePlan = Vec<Job>;

/// The section whose posts get an Atom feed, and the feed's file name in it.
pub const FEED_SECTION: &str = "news";
pub const FEED_FILE: &str = "atom.xml";
/// The address of the open-data page below each language root.
pub const OPEN_DATA_PATH: &str = "data/";

/// Posts among `children` without a `date:`, which their feed entry needs.
fn undated(site: &Site, children: &[usize]) -> Vec<Diagnostic> {
    children
        .iter()
        .map(|&c| &site.content.pages[c])
        .filter(|p| p.front.date.is_none())
        .map(|p| {
            Diagnostic::whole_file(
                &p.file,
                msg!("model-post-without-date", section = FEED_SECTION),
            )
            .with_hint(msg!("model-post-without-date-hint"))
        })
        .collect()
}

/// What a page shows.
#[derive(Debug, Clone)]
pub enum JobKind {
    /// A Markdown page (also the home page and plain section pages).
    Content {
        page: usize,
    },
    /// A page of a section's list of child pages (news, and any other folder of pages).
    SectionList {
        /// The section's `_index.md`, if it has one.
        index: Option<usize>,
        section: String,
        /// Children on this page, newest first.
        children: Vec<usize>,
        number: usize,
        total: usize,
    },
    /// The list page of an entity kind; `intro` is its `_index.md`, if any.
    DataList {
        kind: EntityKind,
        intro: Option<usize>,
    },
    /// One task, firm, service… (`index` into the kind's views).
    DataEntity {
        kind: EntityKind,
        index: usize,
    },
    /// Firms filtered by one sector or cultivation direction.
    FirmFilter {
        facet: &'static str,
        term: usize,
    },
    /// The service finder narrowed to one category, provider or need (`facet`); `term` is
    /// the index of the id in `facet.terms(views)`.
    ServiceFilter {
        facet: ServiceFacet,
        term: usize,
    },
    /// The list of all tags of the language.
    TagIndex,
    /// Pages with one tag.
    TagPage {
        tag: String,
        children: Vec<usize>,
        number: usize,
        total: usize,
    },
    NotFound,
    /// The open-data page: every dataset, its downloads and its fields.
    OpenData,
    /// The Atom feed of a section (`news/atom.xml`): all its children, newest first.
    Feed {
        /// The section's `_index.md`.
        index: usize,
        children: Vec<usize>,
    },
    /// The search page; the index it queries is written by the search output.
    Search,
    /// The change log: every recorded release and what it changed (`updates/`).
    Updates,
}

/// The three ways the service finder narrows the list of services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFacet {
    Category,
    Provider,
    Need,
}

impl ServiceFacet {
    /// In the order the finder offers them: what a firm needs first.
    pub const ALL: [ServiceFacet; 3] = [
        ServiceFacet::Need,
        ServiceFacet::Category,
        ServiceFacet::Provider,
    ];

    /// The facet's name in addresses (`services/need/<id>/`) and UI strings.
    pub fn key(self) -> &'static str {
        match self {
            ServiceFacet::Category => "category",
            ServiceFacet::Provider => "provider",
            ServiceFacet::Need => "need",
        }
    }

    /// The ids a filter page exists for: every category and need, and every body that
    /// provides at least one service.
    pub fn terms(self, views: &super::views::Views) -> Vec<&str> {
        match self {
            ServiceFacet::Category => views.categories.iter().map(|t| t.id.as_str()).collect(),
            ServiceFacet::Need => views.needs.iter().map(|t| t.id.as_str()).collect(),
            ServiceFacet::Provider => views
                .agencies
                .iter()
                .filter(|a| !a.services.is_empty())
                .map(|a| a.id.as_str())
                .collect(),
        }
    }

    /// The address of the finder narrowed to `id`, below the language root.
    pub fn path(self, id: &str) -> String {
        format!("{}{}/{id}/", EntityKind::Service.list_path(), self.key())
    }
}

/// One HTML file to produce.
#[derive(Debug, Clone)]
pub struct Job {
    pub lang: Lang,
    /// The address below the language root: `` for home, `tasks/x/`, or `404.html`.
    pub path: String,
    pub template: String,
    pub kind: JobKind,
    /// The address of the same page in the other language, when it exists.
    pub counterpart: Option<String>,
    /// For the sitemap: last change, `YYYY-MM-DD`.
    pub lastmod: Option<String>,
    pub in_sitemap: bool,
}

impl Job {
    /// The output file below the output root.
    pub fn output_file(&self) -> String {
        Addresses::output_file(self.lang, &self.path)
    }

    /// The Markdown page the job shows (its own page, a list's or data list's intro, a feed's
    /// section page), if any.
    pub fn page(&self) -> Option<usize> {
        match &self.kind {
            JobKind::Content { page } => Some(*page),
            JobKind::SectionList { index, .. } => *index,
            JobKind::DataList { intro, .. } => *intro,
            JobKind::Feed { index, .. } => Some(*index),
            JobKind::DataEntity { .. }
            | JobKind::FirmFilter { .. }
            | JobKind::ServiceFilter { .. }
            | JobKind::TagIndex
            | JobKind::TagPage { .. }
            | JobKind::NotFound
            | JobKind::OpenData
            | JobKind::Search
            | JobKind::Updates => None,
        }
    }

    /// Whether the job is a feed (XML) rather than an HTML page.
    pub fn is_feed(&self) -> bool {
        matches!(self.kind, JobKind::Feed { .. })
    }
}

/// Splits a list into pages of `per` items: (page number, number of pages, items), always at
/// least one page so that an empty list still has its page.
fn paginate(
    children: &[usize],
    per: usize,
) -> impl Iterator<Item = (usize, usize, Vec<usize>)> + '_ {
    let total = children.len().div_ceil(per).max(1);
    (1..=total).map(move |number| {
        (
            number,
            total,
            children
                .iter()
                .copied()
                .skip((number - 1) * per)
                .take(per)
                .collect(),
        )
    })
}

/// The address of a tag's pages, below the language root.
pub fn tag_path(tag: &str) -> String {
    format!("tags/{}/", slugify(tag))
}

/// Children of a section, newest first (then by weight, then by address), for lists.
pub fn sorted_children(site: &Site, lang: Lang, section: &str) -> Vec<usize> {
    let pages = &site.content.pages;
    let mut children: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.lang == lang && !p.is_index && p.section == section && !section.is_empty()
        })
        .map(|(i, _)| i)
        .collect();
    children.sort_by(|&a, &b| list_order(&pages[a], &pages[b]));
    children
}

fn list_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let date = |p: &Page| p.front.date.as_ref().map(|d| d.value.clone());
    date(b)
        .cmp(&date(a))
        .then(
            a.front
                .weight
                .unwrap_or(0)
                .cmp(&b.front.weight.unwrap_or(0)),
        )
        .then(a.path.cmp(&b.path))
}

/// Every page of the site, in a stable order.
pub fn plan(site: &Site) -> Result<Vec<Job>> {
    let mut diagnostics = Diagnostics::default();
    let pages = &site.content.pages;
    let theme = &site.theme;
    let mut jobs = Vec::new();

    // Which keys exist in which language, to find counterparts.
    let mut by_key: BTreeMap<(&str, Lang), usize> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        by_key.insert((p.key.as_str(), p.lang), i);
    }
    let kinds: Vec<EntityKind> = EntityKind::ALL
        .into_iter()
        .filter(|k| k.has_data(&site.data))
        .collect();

    for lang in Lang::ALL {
        // Content pages.
        for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.lang == lang) {
            let counterpart = by_key
                .get(&(p.key.as_str(), lang.other()))
                .map(|&j| pages[j].path.clone());
            let lastmod = site.page_updated(p);
            let data_kind = kinds.iter().copied().find(|k| {
                p.is_index && p.section == k.section() && p.key == format!("{}/_index", k.section())
            });
            if let Some(kind) = data_kind {
                jobs.push(Job {
                    lang,
                    path: p.path.clone(),
                    template: kind.list_template(),
                    kind: JobKind::DataList {
                        kind,
                        intro: Some(i),
                    },
                    counterpart: Some(p.path.clone()),
                    lastmod: lastmod.max(site.data_updated(kind.data_file())),
                    in_sitemap: true,
                });
                continue;
            }
            let template = match choose_template(site, p) {
                Ok(t) => t,
                Err(d) => {
                    diagnostics.push(d);
                    continue;
                }
            };
            let children = if p.is_index && !p.section.is_empty() {
                sorted_children(site, lang, &p.section)
            } else {
                Vec::new()
            };
            if p.is_index && !p.section.is_empty() && p.key == format!("{}/_index", p.section) {
                for (number, total, slice) in paginate(&children, site.config.news.paginate_by) {
                    let path = Addresses::paginated(&p.path, number);
                    jobs.push(Job {
                        lang,
                        path: path.clone(),
                        template: template.clone(),
                        kind: JobKind::SectionList {
                            index: Some(i),
                            section: p.section.clone(),
                            children: slice,
                            number,
                            total,
                        },
                        counterpart: counterpart
                            .as_ref()
                            .map(|c| Addresses::paginated(c, number)),
                        lastmod: lastmod.clone(),
                        in_sitemap: number == 1,
                    });
                }
                if p.section == FEED_SECTION {
                    diagnostics.extend(undated(site, &children));
                    // Like Hugo's and Zola's feeds, only the newest entries: a reader needs
                    // the recent ones, and a feed of every post grows without end.
                    let children: Vec<usize> = children
                        .into_iter()
                        .take(site.config.news.feed_limit)
                        .collect();
                    jobs.push(Job {
                        lang,
                        path: format!("{}{FEED_FILE}", p.path),
                        template: FEED_FILE.into(),
                        kind: JobKind::Feed { index: i, children },
                        counterpart: counterpart.as_ref().map(|c| format!("{c}{FEED_FILE}")),
                        lastmod: None,
                        in_sitemap: false,
                    });
                }
                continue;
            }
            jobs.push(Job {
                lang,
                path: p.path.clone(),
                template,
                kind: JobKind::Content { page: i },
                counterpart,
                lastmod,
                in_sitemap: true,
            });
        }

        // Entity kinds: list pages without an intro page, and one page per entity.
        for &kind in &kinds {
            let has_intro = pages
                .iter()
                .any(|p| p.lang == lang && p.key == format!("{}/_index", kind.section()));
            if !has_intro {
                jobs.push(Job {
                    lang,
                    path: kind.list_path(),
                    template: kind.list_template(),
                    kind: JobKind::DataList { kind, intro: None },
                    counterpart: Some(kind.list_path()),
                    lastmod: site.data_updated(kind.data_file()),
                    in_sitemap: true,
                });
            }
            for (index, id) in kind.ids(&site.views).into_iter().enumerate() {
                let path = kind.path(id);
                jobs.push(Job {
                    lang,
                    path: path.clone(),
                    template: kind.page_template(),
                    kind: JobKind::DataEntity { kind, index },
                    counterpart: Some(path),
                    lastmod: site.data_updated(kind.data_file()),
                    in_sitemap: true,
                });
            }
        }
        if kinds.contains(&EntityKind::Firm) {
            for (facet, terms) in [
                ("sector", &site.views.sectors),
                ("direction", &site.views.directions),
            ] {
                for (term, t) in terms.iter().enumerate() {
                    let path = format!("{}{facet}/{}/", EntityKind::Firm.list_path(), t.id);
                    jobs.push(Job {
                        lang,
                        path: path.clone(),
                        template: "firms/list.html".into(),
                        kind: JobKind::FirmFilter { facet, term },
                        counterpart: Some(path),
                        lastmod: site.data_updated(EntityKind::Firm.data_file()),
                        in_sitemap: true,
                    });
                }
            }
        }
        if kinds.contains(&EntityKind::Service) {
            for facet in ServiceFacet::ALL {
                for (term, id) in facet.terms(&site.views).into_iter().enumerate() {
                    let path = facet.path(id);
                    jobs.push(Job {
                        lang,
                        path: path.clone(),
                        template: EntityKind::Service.list_template(),
                        kind: JobKind::ServiceFilter { facet, term },
                        counterpart: Some(path),
                        lastmod: site.data_updated(EntityKind::Service.data_file()),
                        in_sitemap: true,
                    });
                }
            }
        }

        // Open data: the page that describes the downloads (build writes the files).
        if !site.catalogue.is_empty() {
            jobs.push(Job {
                lang,
                path: OPEN_DATA_PATH.into(),
                template: "data.html".into(),
                kind: JobKind::OpenData,
                counterpart: Some(OPEN_DATA_PATH.into()),
                lastmod: site.catalogue.updated.clone(),
                in_sitemap: true,
            });
        }

        // Tags of this language.
        let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut tag_slugs: BTreeMap<String, String> = BTreeMap::new();
        for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.lang == lang) {
            for t in &p.front.tags {
                let slug = slugify(t);
                if let Some(other) = tag_slugs.insert(slug.clone(), t.clone()) {
                    if &other != t {
                        diagnostics.push(
                            Diagnostic::whole_file(
                                &p.file,
                                msg!(
                                    "model-tags-share-address",
                                    first = format!("{other:?}"),
                                    second = format!("{t:?}"),
                                    slug = &slug
                                ),
                            )
                            .with_hint(msg!("model-tags-share-address-hint")),
                        );
                    }
                }
                tags.entry(t.clone()).or_default().push(i);
            }
        }
        if !tags.is_empty() {
            jobs.push(Job {
                lang,
                path: "tags/".into(),
                template: "tags/list.html".into(),
                kind: JobKind::TagIndex,
                counterpart: Some("tags/".into()),
                lastmod: None,
                in_sitemap: true,
            });
        }
        let per = site.config.news.paginate_by;
        for (tag, mut children) in tags {
            children.sort_by(|&a, &b| list_order(&pages[a], &pages[b]));
            for (number, total, slice) in paginate(&children, per) {
                jobs.push(Job {
                    lang,
                    path: Addresses::paginated(&tag_path(&tag), number),
                    template: "tags/single.html".into(),
                    kind: JobKind::TagPage {
                        tag: tag.clone(),
                        children: slice,
                        number,
                        total,
                    },
                    counterpart: Some("tags/".into()),
                    lastmod: None,
                    in_sitemap: number == 1,
                });
            }
        }

        if EntityKind::ALL.iter().any(|k| k.has_data(&site.data)) {
            jobs.push(Job {
                lang,
                path: "updates/".into(),
                template: "updates.html".into(),
                kind: JobKind::Updates,
                counterpart: Some("updates/".into()),
                lastmod: site.releases.first().map(|r| r.date.clone()),
                in_sitemap: true,
            });
        }
        jobs.push(Job {
            lang,
            path: "search/".into(),
            template: "search.html".into(),
            kind: JobKind::Search,
            counterpart: Some("search/".into()),
            lastmod: None,
            in_sitemap: false,
        });
        jobs.push(Job {
            lang,
            path: "404.html".into(),
            template: "404.html".into(),
            kind: JobKind::NotFound,
            counterpart: Some("404.html".into()),
            lastmod: None,
            in_sitemap: false,
        });
    }

    // Pages without a counterpart must say so on purpose: `translation: none`.
    // (Checked by `planportal check`; the build links to the other home page with a note.)

    for job in &jobs {
        if !theme.has_template(&job.template) {
            diagnostics.push(
                Diagnostic::whole_file(
                    format!("themes/{}/templates/{}", site.config.theme, job.template),
                    msg!(
                        "model-template-missing",
                        template = &job.template,
                        page = site.addresses.page(job.lang, &job.path)
                    ),
                )
                .with_hint(msg!("model-template-missing-hint")),
            );
        }
    }
    // Two jobs for one file: name the content page involved (a generated page — data, tag,
    // list — has no file of its own to point at).
    let mut seen: BTreeMap<String, &Job> = BTreeMap::new();
    for job in &jobs {
        let file = job.output_file();
        if let Some(first) = seen.get(&file) {
            let page = job.page().or_else(|| first.page()).map(|i| &pages[i]);
            let shown =
                page.map_or_else(|| std::path::PathBuf::from("content"), |p| p.file.clone());
            diagnostics.push(
                Diagnostic::whole_file(
                    shown,
                    msg!(
                        "model-same-output",
                        file = &file,
                        address = site.addresses.page(job.lang, &job.path)
                    ),
                )
                .with_hint(msg!("model-same-output-hint")),
            );
        } else {
            seen.insert(file, job);
        }
    }
    diagnostics.finish()?;
    Ok(jobs)
}

/// Pages that exist in one language only without saying `translation: none`.
pub fn missing_translations(site: &Site) -> Vec<Diagnostic> {
    let pages = &site.content.pages;
    let keys: BTreeSet<(&str, Lang)> = pages.iter().map(|p| (p.key.as_str(), p.lang)).collect();
    pages
        .iter()
        .filter(|p| {
            !keys.contains(&(p.key.as_str(), p.lang.other()))
                && p.front.translation != Some(Translation::None)
        })
        .map(|p| {
            let other = match p.lang.other() {
                Lang::En => format!("{}.en.md", p.key),
                Lang::Zh => format!("{}.md", p.key),
            };
            Diagnostic::whole_file(&p.file, msg!("model-no-counterpart"))
                .with_hint(msg!("model-no-counterpart-hint", file = other))
        })
        .collect()
}

/// The template for a content page: its `template:`, else `index.html` for the home page,
/// else a template named after the page (`plan.html` for `plan.md`), else `section.html` or
/// `page.html`.
fn choose_template(site: &Site, page: &Page) -> std::result::Result<String, Diagnostic> {
    if let Some(t) = &page.front.template {
        if site.theme.has_template(&t.value) {
            return Ok(t.value.clone());
        }
        let (l, c) = crate::base::yaml::place(&t.referenced, 2);
        return Err(Diagnostic::new(
            &page.file,
            l,
            c,
            msg!("model-template-unknown", name = format!("{:?}", t.value)),
        )
        .with_hint(msg!("model-template-unknown-hint")));
    }
    if page.key == "_index" {
        return Ok("index.html".into());
    }
    let own = format!("{}.html", page.key.trim_end_matches("/_index"));
    if site.theme.has_template(&own) {
        return Ok(own);
    }
    Ok(if page.is_index {
        "section.html"
    } else {
        "page.html"
    }
    .into())
}
