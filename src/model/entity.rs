//! The entity registry: the kinds of plan data that get pages of their own, and everything a
//! kind decides in one place — its section, its templates, its id lookup, its shortcode, its
//! data file and its open-data dataset.
//!
//! The lookups that need the resolved views (ids, names, link texts) are implemented beside
//! the views, in [`super::views`], so that the views can name kinds without a loop.
//!
//! Every `match` on [`EntityKind`] in the crate is exhaustive (no `_ =>`), so adding a kind
//! (say, policies) is a compile error at each place that must learn about it: here, the
//! views, the HTML context and the shortcodes. `docs/architecture.md` walks through it.

use crate::base::messages::Message;
use crate::input::data::PlanData;
use crate::msg;

/// A kind of plan entity with a list page and one page per entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    Task,
    Project,
    Firm,
    Service,
    Agency,
    Indicator,
}

impl EntityKind {
    /// Every kind, in the order the site plans their pages.
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Task,
        EntityKind::Project,
        EntityKind::Firm,
        EntityKind::Service,
        EntityKind::Agency,
        EntityKind::Indicator,
    ];

    /// The section: the first path segment of its pages and the folder of its templates.
    pub fn section(self) -> &'static str {
        match self {
            EntityKind::Task => "tasks",
            EntityKind::Project => "projects",
            EntityKind::Firm => "firms",
            EntityKind::Service => "services",
            EntityKind::Agency => "agencies",
            EntityKind::Indicator => "indicators",
        }
    }

    /// One entity's name: the shortcode that links to it (`{{ firm(id="…") }}`) and the
    /// variable its page template receives (`firm`).
    pub fn singular(self) -> &'static str {
        match self {
            EntityKind::Task => "task",
            EntityKind::Project => "project",
            EntityKind::Firm => "firm",
            EntityKind::Service => "service",
            EntityKind::Agency => "agency",
            EntityKind::Indicator => "indicator",
        }
    }

    /// What one entity of this kind is called in messages, in the reader's language.
    pub fn noun(self) -> Message {
        match self {
            EntityKind::Task => msg!("data-kind-task"),
            EntityKind::Project => msg!("data-kind-project"),
            EntityKind::Firm => msg!("data-kind-firm"),
            EntityKind::Service => msg!("data-kind-service"),
            EntityKind::Agency => msg!("data-kind-body"),
            EntityKind::Indicator => msg!("data-kind-indicator"),
        }
    }

    /// The data file its records come from.
    pub fn data_file(self) -> &'static str {
        match self {
            EntityKind::Task => "data/tasks.yaml",
            EntityKind::Project => "data/projects.yaml",
            EntityKind::Firm => "data/firms.yaml",
            EntityKind::Service => "data/services.yaml",
            EntityKind::Agency => "data/agencies.yaml",
            EntityKind::Indicator => "data/indicators.yaml",
        }
    }

    /// The id of its open-data dataset (`data/<id>.json`, `data/<id>.csv`).
    pub fn dataset(self) -> &'static str {
        self.section()
    }

    /// The kind whose section is `section`.
    pub fn from_section(section: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.section() == section)
    }

    /// The kind whose shortcode is `name`.
    pub fn from_shortcode(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.singular() == name)
    }

    /// The template of the list page: `tasks/list.html`.
    pub fn list_template(self) -> String {
        format!("{}/list.html", self.section())
    }

    /// The template of one entity's page: `tasks/single.html`.
    pub fn page_template(self) -> String {
        format!("{}/single.html", self.section())
    }

    /// The list page, below the language root: `tasks/`.
    pub fn list_path(self) -> String {
        format!("{}/", self.section())
    }

    /// One entity's page, below the language root: `tasks/digital-economy/`.
    pub fn path(self, id: &str) -> String {
        format!("{}/{id}/", self.section())
    }

    /// Whether the site has the data for this kind's pages (tasks also need `plan.yaml`,
    /// which holds the actions they belong to).
    pub fn has_data(self, data: &PlanData) -> bool {
        match self {
            EntityKind::Task => data.tasks.is_some() && data.plan.is_some(),
            EntityKind::Project => data.projects.is_some(),
            EntityKind::Firm => data.firms.is_some(),
            EntityKind::Service => data.services.is_some(),
            EntityKind::Agency => data.agencies.is_some(),
            EntityKind::Indicator => data.indicators.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::from_section(kind.section()), Some(kind));
            assert_eq!(EntityKind::from_shortcode(kind.singular()), Some(kind));
            assert_eq!(kind.path("x"), format!("{}x/", kind.list_path()));
        }
        assert_eq!(EntityKind::from_section("news"), None);
        assert_eq!(EntityKind::from_shortcode("figure"), None);
    }
}
