//! The plan data as the pages show it: every reference resolved to a name and an address,
//! and every reverse link (which tasks name this firm?) computed once.
//!
//! Views are language-neutral: texts stay `{ zh, en }` and templates pick `x.title[lang]`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::entity::EntityKind;
use super::progress::{self, Progress, Summary};
use crate::base::lang::{Lang, Localized};
use crate::input::data::indicator::{Indicator, NextRelease, Observation, Thresholds};
use crate::input::data::{self, PlanData};

/// A link to another entity: what to call it and where it lives (below the language root).
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub id: String,
    pub path: String,
    pub name: Localized,
    /// A short label (a firm's short name, a body's abbreviation, a task's number).
    pub label: Localized,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub id: String,
    pub name: Localized,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    pub number: u32,
    pub path: String,
    pub title: Localized,
    pub summary: Localized,
    pub agencies: Vec<Link>,
    pub tasks: Vec<Link>,
    /// The title as Annex 2 words it, when it differs from the main text's.
    pub annex_title: Option<Localized>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub id: String,
    pub number: u32,
    pub path: String,
    pub title: Localized,
    pub summary: Localized,
    pub action: Link,
    pub agencies: Vec<Link>,
    pub other_bodies: Vec<Link>,
    pub firms: Vec<Link>,
    pub places: Vec<Localized>,
    pub indicators: Vec<Link>,
    pub projects: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub id: String,
    pub number: u32,
    pub path: String,
    pub title: Localized,
    pub summary: Localized,
    pub firms: Vec<Link>,
    pub agencies: Vec<Link>,
    pub and_others: bool,
    pub period: data::Period,
    pub tasks: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FirmView {
    pub id: String,
    pub path: String,
    pub name: Localized,
    pub short_name: Localized,
    pub key_firm: bool,
    pub annex_number: Option<u32>,
    pub sector: Option<TermView>,
    pub direction: Option<TermView>,
    pub description: Localized,
    pub tasks: Vec<Link>,
    pub projects: Vec<Link>,
}

/// A contact as the pages show it: a phone with its `tel:` address, an email, a website, an
/// address and hours as text.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    pub phone: Option<String>,
    /// `tel:` form of the phone (digits and a leading `+`).
    pub tel: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<Localized>,
    pub hours: Option<Localized>,
}

impl ContactView {
    /// The view of a contact, or `None` when it holds nothing a reader can use.
    pub fn of(c: &data::Contact) -> Option<ContactView> {
        c.reachable().then(|| ContactView {
            phone: c.phone.as_ref().map(|p| p.value.trim().to_string()),
            tel: c.phone.as_ref().and_then(|p| data::tel_href(&p.value)),
            email: c.email.as_ref().map(|e| e.value.trim().to_string()),
            website: c.website.as_ref().map(|w| w.value.trim().to_string()),
            address: c.address.clone(),
            hours: c.hours.clone(),
        })
    }
}

/// How to get a service, as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HowToApplyView {
    pub steps: Vec<Localized>,
    pub eligibility: Option<Localized>,
    pub documents: Vec<Localized>,
    pub apply_url: Option<String>,
}

/// A provider of a service with its contact, for the service's "how to get it" block.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderContact {
    pub link: Link,
    pub contact: ContactView,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    pub id: String,
    pub number: u32,
    pub path: String,
    pub category: TermView,
    pub title: Localized,
    pub providers: Vec<Link>,
    pub description: Localized,
    /// What the service answers (the finder's needs), in the order of the file's `needs`.
    pub needs: Vec<TermView>,
    /// Steps and the online application, when the data gives them (`None` otherwise).
    pub how_to_apply: Option<HowToApplyView>,
    /// The service's own contact, when the data gives one.
    pub contact: Option<ContactView>,
    /// Providers whose entry in agencies.yaml has a contact.
    pub provider_contacts: Vec<ProviderContact>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyView {
    pub id: String,
    pub path: String,
    pub name: Localized,
    pub short_name: Localized,
    pub kind: data::AgencyKind,
    pub description: Localized,
    /// Address, phone, email, website and hours, when the data gives them.
    pub contact: Option<ContactView>,
    /// Actions whose Annex 2 row names this body.
    pub actions: Vec<Link>,
    /// Tasks it implements (Annex 2).
    pub tasks: Vec<Link>,
    /// Tasks whose text names it as taking part.
    pub participates: Vec<Link>,
    pub projects: Vec<Link>,
    pub services: Vec<Link>,
    /// Indicators whose data it supplies is not tracked by id; the plan names sources as text.
    pub issues_plan: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub number: u32,
    pub path: String,
    pub indicator: Indicator,
    /// One row per year, sorted by year: the current value with the values it replaced.
    pub observations: Vec<ObservationView>,
    pub progress: Progress,
    /// When the next figure is expected, and whether it is overdue.
    pub next_release: Option<ReleaseView>,
    pub tasks: Vec<Link>,
    pub goals: Vec<Localized>,
}

/// The value of one year as published last, with the values it replaced.
#[derive(Debug, Clone, Serialize)]
pub struct ObservationView {
    /// The current value and its provenance (the entry listed last for the year).
    #[serde(flatten)]
    pub current: Observation,
    /// Earlier values for the same year, oldest first (shown as "2.3 → 2.4").
    pub previous: Vec<Observation>,
}

impl ObservationView {
    /// Groups observations by year (stable: file order within a year; the last is current).
    pub fn group(observations: &[Observation]) -> Vec<ObservationView> {
        let mut sorted: Vec<&Observation> = observations.iter().collect();
        sorted.sort_by_key(|o| o.year);
        let mut out: Vec<ObservationView> = Vec::new();
        for o in sorted {
            match out.last_mut() {
                Some(last) if last.current.year == o.year => {
                    let old = std::mem::replace(&mut last.current, o.clone());
                    last.previous.push(old);
                }
                _ => out.push(ObservationView {
                    current: o.clone(),
                    previous: Vec::new(),
                }),
            }
        }
        out
    }
}

/// The release calendar of one indicator, read at the configured "as of" date.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseView {
    #[serde(flatten)]
    pub release: NextRelease,
    /// The expected period has ended before the "as of" date and no value was released
    /// since it began.
    pub overdue: bool,
}

/// Whether `next` is overdue at `as_of`: the expected period ended before `as_of` and no
/// observation carries a release date on or after the period's first day. Without an
/// "as of" date nothing is overdue (the build never reads the clock).
pub fn is_overdue(
    next: &NextRelease,
    observations: &[Observation],
    as_of: Option<jiff::civil::Date>,
) -> bool {
    let (Some(as_of), Some((first, last))) = (as_of, next.window()) else {
        return false;
    };
    if as_of <= last {
        return false;
    }
    !observations.iter().any(|o| {
        o.released
            .as_deref()
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .is_some_and(|d| d >= first)
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub id: String,
    pub title: Localized,
    pub summary: Localized,
    pub figures: Vec<data::Figure>,
    pub indicators: Vec<Link>,
}

/// Everything the data pages show.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Views {
    pub plan: Option<data::Plan>,
    pub goals: Vec<GoalView>,
    pub actions: Vec<ActionView>,
    pub tasks: Vec<TaskView>,
    pub projects: Vec<ProjectView>,
    pub firms: Vec<FirmView>,
    pub sectors: Vec<TermView>,
    pub directions: Vec<TermView>,
    pub services: Vec<ServiceView>,
    pub categories: Vec<TermView>,
    /// The service finder's needs (`needs:` of services.yaml).
    pub needs: Vec<TermView>,
    pub agencies: Vec<AgencyView>,
    pub indicators: Vec<IndicatorView>,
    pub summary: Option<Summary>,
}

fn term(t: &data::Term) -> TermView {
    TermView {
        id: t.id.value.clone(),
        name: t.name.clone(),
    }
}

fn numbered(n: u32, title: &Localized) -> Localized {
    Localized {
        zh: format!("{n}. {}", title.zh),
        en: format!("{n}. {}", title.en),
    }
}

impl Views {
    /// Resolves every reference of already validated data.
    pub fn build(
        data: &PlanData,
        thresholds: &Thresholds,
        as_of: Option<jiff::civil::Date>,
    ) -> Views {
        // Actions are no entity kind of their own: they live on the task list, as its groups.
        let mut links: BTreeMap<(Option<EntityKind>, String), Link> = BTreeMap::new();
        let mut add = |kind: EntityKind, id: &str, name: &Localized, label: &Localized| {
            links.insert(
                (Some(kind), id.to_string()),
                Link {
                    id: id.to_string(),
                    path: kind.path(id),
                    name: name.clone(),
                    label: label.clone(),
                },
            );
        };
        for a in data.agencies.iter().flatten() {
            add(EntityKind::Agency, &a.id.value, &a.name, &a.short_name);
        }
        for f in data.firms.iter().flat_map(|f| &f.firms) {
            add(EntityKind::Firm, &f.id.value, &f.name, &f.short_name);
        }
        for t in data.tasks.iter().flatten() {
            add(
                EntityKind::Task,
                &t.id.value,
                &t.title,
                &numbered(t.number, &t.title),
            );
        }
        for p in data.projects.iter().flatten() {
            add(
                EntityKind::Project,
                &p.id.value,
                &p.title,
                &numbered(p.number, &p.title),
            );
        }
        for s in data.services.iter().flat_map(|s| &s.services) {
            add(EntityKind::Service, &s.id.value, &s.title, &s.title);
        }
        for i in data.indicators.iter().flatten() {
            add(EntityKind::Indicator, &i.id.value, &i.name, &i.name);
        }
        for a in data.plan.iter().flat_map(|p| &p.actions) {
            let label = numbered(a.number, &a.title);
            links.insert(
                (None, a.id.value.clone()),
                Link {
                    id: a.id.value.clone(),
                    path: format!("{}#{}", EntityKind::Task.list_path(), a.id.value),
                    name: a.title.clone(),
                    label,
                },
            );
        }
        let link = |kind: EntityKind, id: &data::Id| -> Option<Link> {
            links.get(&(Some(kind), id.value.clone())).cloned()
        };
        let action_link =
            |id: &data::Id| -> Option<Link> { links.get(&(None, id.value.clone())).cloned() };
        let many = |kind: EntityKind, ids: &[data::Id]| -> Vec<Link> {
            ids.iter().filter_map(|i| link(kind, i)).collect()
        };

        let tasks_data: Vec<&data::Task> = data.tasks.iter().flatten().collect();
        let projects_data: Vec<&data::Project> = data.projects.iter().flatten().collect();

        let tasks: Vec<TaskView> = tasks_data
            .iter()
            .filter_map(|t| {
                Some(TaskView {
                    id: t.id.value.clone(),
                    number: t.number,
                    path: EntityKind::Task.path(&t.id.value),
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    action: action_link(&t.action)?,
                    agencies: many(EntityKind::Agency, &t.agencies),
                    other_bodies: many(EntityKind::Agency, &t.other_bodies),
                    firms: many(EntityKind::Firm, &t.firms),
                    places: t.places.clone(),
                    indicators: many(EntityKind::Indicator, &t.indicators),
                    projects: projects_data
                        .iter()
                        .filter(|p| p.tasks.iter().any(|x| x.value == t.id.value))
                        .filter_map(|p| link(EntityKind::Project, &p.id))
                        .collect(),
                })
            })
            .collect();

        let actions = data
            .plan
            .iter()
            .flat_map(|p| &p.actions)
            .map(|a| ActionView {
                id: a.id.value.clone(),
                number: a.number,
                path: format!("{}#{}", EntityKind::Task.list_path(), a.id.value),
                title: a.title.clone(),
                summary: a.summary.clone(),
                agencies: many(EntityKind::Agency, &a.agencies),
                tasks: tasks_data
                    .iter()
                    .filter(|t| t.action.value == a.id.value)
                    .filter_map(|t| link(EntityKind::Task, &t.id))
                    .collect(),
                annex_title: a.annex_title.clone(),
            })
            .collect();

        let projects = projects_data
            .iter()
            .map(|p| ProjectView {
                id: p.id.value.clone(),
                number: p.number,
                path: EntityKind::Project.path(&p.id.value),
                title: p.title.clone(),
                summary: p.summary.clone(),
                firms: many(EntityKind::Firm, &p.firms),
                agencies: many(EntityKind::Agency, &p.agencies),
                and_others: p.and_others,
                period: p.period,
                tasks: many(EntityKind::Task, &p.tasks),
            })
            .collect();

        let (sectors, directions): (Vec<TermView>, Vec<TermView>) = match &data.firms {
            Some(f) => (
                f.sectors.iter().map(term).collect(),
                f.directions.iter().map(term).collect(),
            ),
            None => Default::default(),
        };
        let firms = data
            .firms
            .iter()
            .flat_map(|f| &f.firms)
            .map(|f| FirmView {
                id: f.id.value.clone(),
                path: EntityKind::Firm.path(&f.id.value),
                name: f.name.clone(),
                short_name: f.short_name.clone(),
                key_firm: f.key_firm,
                annex_number: f.annex_number,
                sector: f
                    .sector
                    .as_ref()
                    .and_then(|s| sectors.iter().find(|t| t.id == s.value).cloned()),
                direction: f
                    .direction
                    .as_ref()
                    .and_then(|s| directions.iter().find(|t| t.id == s.value).cloned()),
                description: f.description.clone(),
                tasks: tasks_data
                    .iter()
                    .filter(|t| t.firms.iter().any(|x| x.value == f.id.value))
                    .filter_map(|t| link(EntityKind::Task, &t.id))
                    .collect(),
                projects: projects_data
                    .iter()
                    .filter(|p| p.firms.iter().any(|x| x.value == f.id.value))
                    .filter_map(|p| link(EntityKind::Project, &p.id))
                    .collect(),
            })
            .collect();

        let categories: Vec<TermView> = data
            .services
            .iter()
            .flat_map(|s| &s.categories)
            .map(term)
            .collect();
        let needs: Vec<TermView> = data
            .services
            .iter()
            .flat_map(|s| &s.needs)
            .map(term)
            .collect();
        let services_data: Vec<&data::Service> =
            data.services.iter().flat_map(|s| &s.services).collect();
        let agency_contacts: BTreeMap<&str, ContactView> = data
            .agencies
            .iter()
            .flatten()
            .filter_map(|a| Some((a.id.value.as_str(), ContactView::of(a.contact.as_ref()?)?)))
            .collect();
        let services = services_data
            .iter()
            .filter_map(|s| {
                Some(ServiceView {
                    id: s.id.value.clone(),
                    number: s.number,
                    path: EntityKind::Service.path(&s.id.value),
                    category: categories
                        .iter()
                        .find(|c| c.id == s.category.value)?
                        .clone(),
                    title: s.title.clone(),
                    providers: many(EntityKind::Agency, &s.providers),
                    description: s.description.clone(),
                    needs: needs
                        .iter()
                        .filter(|n| s.needs.iter().any(|x| x.value == n.id))
                        .cloned()
                        .collect(),
                    how_to_apply: s.how_to_apply.as_ref().map(|h| HowToApplyView {
                        steps: h.steps.clone(),
                        eligibility: h.eligibility.clone(),
                        documents: h.documents.clone(),
                        apply_url: h.apply_url.as_ref().map(|u| u.value.trim().to_string()),
                    }),
                    contact: s.contact.as_ref().and_then(ContactView::of),
                    provider_contacts: s
                        .providers
                        .iter()
                        .filter_map(|p| {
                            Some(ProviderContact {
                                link: link(EntityKind::Agency, p)?,
                                contact: agency_contacts.get(p.value.as_str())?.clone(),
                            })
                        })
                        .collect(),
                })
            })
            .collect();

        let plan_actions: Vec<&data::Action> = data.plan.iter().flat_map(|p| &p.actions).collect();
        let agencies = data
            .agencies
            .iter()
            .flatten()
            .map(|a| {
                let id = &a.id.value;
                let names = |ids: &[data::Id]| ids.iter().any(|x| &x.value == id);
                AgencyView {
                    id: id.clone(),
                    path: EntityKind::Agency.path(id),
                    name: a.name.clone(),
                    short_name: a.short_name.clone(),
                    kind: a.kind,
                    description: a.description.clone(),
                    contact: a.contact.as_ref().and_then(ContactView::of),
                    actions: plan_actions
                        .iter()
                        .filter(|x| names(&x.agencies))
                        .filter_map(|x| action_link(&x.id))
                        .collect(),
                    tasks: tasks_data
                        .iter()
                        .filter(|t| names(&t.agencies))
                        .filter_map(|t| link(EntityKind::Task, &t.id))
                        .collect(),
                    participates: tasks_data
                        .iter()
                        .filter(|t| names(&t.other_bodies))
                        .filter_map(|t| link(EntityKind::Task, &t.id))
                        .collect(),
                    projects: projects_data
                        .iter()
                        .filter(|p| names(&p.agencies))
                        .filter_map(|p| link(EntityKind::Project, &p.id))
                        .collect(),
                    services: services_data
                        .iter()
                        .filter(|s| names(&s.providers))
                        .filter_map(|s| link(EntityKind::Service, &s.id))
                        .collect(),
                    issues_plan: data.plan.as_ref().is_some_and(|p| &p.issuer.value == id),
                }
            })
            .collect();

        let goals_data: Vec<&data::Goal> = data.plan.iter().flat_map(|p| &p.goals).collect();
        let goals = goals_data
            .iter()
            .map(|g| GoalView {
                id: g.id.value.clone(),
                title: g.title.clone(),
                summary: g.summary.clone(),
                figures: g.figures.clone(),
                indicators: many(EntityKind::Indicator, &g.indicators),
            })
            .collect();

        let indicator_views: Vec<IndicatorView> = data
            .indicators
            .iter()
            .flatten()
            .map(|i| {
                let observations = ObservationView::group(&i.observations);
                let next_release = i.next_release.as_ref().map(|n| ReleaseView {
                    release: n.clone(),
                    overdue: is_overdue(n, &i.observations, as_of),
                });
                IndicatorView {
                    next_release,
                    id: i.id.value.clone(),
                    number: i.number,
                    path: EntityKind::Indicator.path(&i.id.value),
                    indicator: i.clone(),
                    observations,
                    progress: progress::compute(i, thresholds),
                    tasks: tasks_data
                        .iter()
                        .filter(|t| t.indicators.iter().any(|x| x.value == i.id.value))
                        .filter_map(|t| link(EntityKind::Task, &t.id))
                        .collect(),
                    goals: goals_data
                        .iter()
                        .filter(|g| g.indicators.iter().any(|x| x.value == i.id.value))
                        .map(|g| g.title.clone())
                        .collect(),
                }
            })
            .collect();
        let summary = data.indicators.as_ref().map(|_| {
            let progress: Vec<Progress> =
                indicator_views.iter().map(|v| v.progress.clone()).collect();
            progress::summarize(&progress)
        });

        Views {
            plan: data.plan.clone(),
            goals,
            actions,
            tasks,
            projects,
            firms,
            sectors,
            directions,
            services,
            categories,
            needs,
            agencies,
            indicators: indicator_views,
            summary,
        }
    }
}

/// The entity registry's lookups in the resolved views (see [`super::entity`]).
impl EntityKind {
    /// How many entities of this kind the views hold.
    pub fn count(self, views: &Views) -> usize {
        self.ids(views).len()
    }

    /// The ids of this kind, in the order of their data file.
    pub fn ids(self, views: &Views) -> Vec<&str> {
        fn ids<T>(list: &[T], id: fn(&T) -> &str) -> Vec<&str> {
            list.iter().map(id).collect()
        }
        match self {
            EntityKind::Task => ids(&views.tasks, |x| &x.id),
            EntityKind::Project => ids(&views.projects, |x| &x.id),
            EntityKind::Firm => ids(&views.firms, |x| &x.id),
            EntityKind::Service => ids(&views.services, |x| &x.id),
            EntityKind::Agency => ids(&views.agencies, |x| &x.id),
            EntityKind::Indicator => ids(&views.indicators, |x| &x.id),
        }
    }

    /// The position of the entity with `id` in the views, if there is one.
    pub fn find(self, views: &Views, id: &str) -> Option<usize> {
        self.ids(views).iter().position(|x| *x == id)
    }

    /// The full name of entity `index` (a task's or service's title, a firm's name).
    pub fn name(self, views: &Views, index: usize) -> &Localized {
        match self {
            EntityKind::Task => &views.tasks[index].title,
            EntityKind::Project => &views.projects[index].title,
            EntityKind::Firm => &views.firms[index].name,
            EntityKind::Service => &views.services[index].title,
            EntityKind::Agency => &views.agencies[index].name,
            EntityKind::Indicator => &views.indicators[index].indicator.name,
        }
    }

    /// The text of a link to entity `index` in running text: a task with its number, a firm
    /// or body by its short name, anything else by its name.
    pub fn link_text(self, views: &Views, index: usize, lang: Lang) -> String {
        let code = lang.code();
        match self {
            EntityKind::Task => {
                let t = &views.tasks[index];
                format!("{}. {}", t.number, t.title.get(code))
            }
            EntityKind::Firm => views.firms[index].short_name.get(code).to_string(),
            EntityKind::Agency => views.agencies[index].short_name.get(code).to_string(),
            EntityKind::Project | EntityKind::Service | EntityKind::Indicator => {
                self.name(views, index).get(code).to_string()
            }
        }
    }
}

#[cfg(test)]
mod figure_tests {
    use super::*;
    use crate::input::data::indicator::ObservationStatus;

    fn obs(year: i32, value: f64, released: Option<&str>) -> Observation {
        Observation {
            year,
            value,
            released: released.map(String::from),
            ..Observation::default()
        }
    }

    fn next(expected: &str) -> NextRelease {
        NextRelease {
            expected: expected.into(),
            publication: Localized {
                zh: "公报".into(),
                en: "Communiqué".into(),
            },
        }
    }

    fn date(s: &str) -> Option<jiff::civil::Date> {
        Some(s.parse().expect("date"))
    }

    #[test]
    fn revisions_are_grouped_by_year_with_the_last_entry_current() {
        let mut revised = obs(2024, 2.4, Some("2026-05-10"));
        revised.status = Some(ObservationStatus::Revised);
        let list = vec![
            obs(2025, 2.6, None),
            obs(2024, 2.3, Some("2025-03-01")),
            revised,
        ];
        let rows = ObservationView::group(&list);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].current.year, 2024);
        assert_eq!(rows[0].current.value, 2.4);
        assert_eq!(rows[0].previous.len(), 1);
        assert_eq!(rows[0].previous[0].value, 2.3);
        assert!(rows[1].previous.is_empty());
        // Flattened for templates: the current value's fields beside `previous`.
        let v = serde_json::to_value(&rows[0]).expect("serializes");
        assert_eq!(v["value"], 2.4);
        assert_eq!(v["status"], "revised");
        assert_eq!(v["previous"][0]["value"], 2.3);
    }

    #[test]
    fn overdue_only_after_the_expected_period_and_without_a_release_since() {
        let month = next("2026-03");
        let none: Vec<Observation> = Vec::new();
        assert!(
            !is_overdue(&month, &none, date("2026-03-31")),
            "the month is not over"
        );
        assert!(is_overdue(&month, &none, date("2026-04-01")));
        assert!(
            !is_overdue(&month, &none, None),
            "no as-of date: never overdue"
        );
        let old = vec![obs(2024, 1.0, Some("2025-03-20"))];
        assert!(
            is_overdue(&month, &old, date("2026-06-30")),
            "a figure from before the period does not count"
        );
        let fresh = vec![obs(2025, 1.0, Some("2026-03-02"))];
        assert!(!is_overdue(&month, &fresh, date("2026-06-30")));
        let undated = vec![obs(2025, 1.0, None)];
        assert!(
            is_overdue(&month, &undated, date("2026-06-30")),
            "an undated figure proves nothing"
        );
        let day = next("2026-03-15");
        assert!(!is_overdue(&day, &none, date("2026-03-15")));
        assert!(is_overdue(&day, &none, date("2026-03-16")));
        assert!(
            !is_overdue(&next("March"), &none, date("2030-01-01")),
            "an unreadable date is refused by validation, never overdue"
        );
    }
}
