//! The plan as typed records, exactly as the YAML files in `data/` are written.
//!
//! Ids and references are `Spanned` so that validation can point at the line and column of
//! a wrong value; `Spanned` serializes as its bare value, so templates never see the spans.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::Localized;

/// A stable ASCII id, or a reference to one, with the place it was written.
pub type Id = Spanned<String>;

/// `data/plan.yaml`: the document itself.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: Localized,
    pub short_title: Localized,
    pub document_number: String,
    /// The issuing body (an agency id).
    #[schemars(with = "String")]
    pub issuer: Id,
    /// The meeting that adopted the plan.
    pub adopted_by: Localized,
    /// Date of the notice, `YYYY-MM-DD`.
    #[schemars(with = "String")]
    pub issued: Spanned<String>,
    /// Date the office printed and sent it, `YYYY-MM-DD`.
    #[schemars(with = "String")]
    pub printed: Spanned<String>,
    pub period: Period,
    #[serde(default)]
    pub basis: Vec<Localized>,
    pub summary: Localized,
    pub goals: Vec<Goal>,
    pub actions: Vec<Action>,
    pub safeguards: Vec<Safeguard>,
    #[serde(default)]
    pub annexes: Vec<Annex>,
}

#[derive(schemars::JsonSchema, Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

/// One of the headline goals of the plan's first chapter.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    #[schemars(with = "String")]
    pub id: Id,
    pub title: Localized,
    pub summary: Localized,
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// Related Annex 1 indicators.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub indicators: Vec<Id>,
}

/// A number a goal states, as the text states it.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: f64,
    pub unit: Localized,
    pub label: Localized,
    pub year: i32,
    pub comparison: Comparison,
    /// A note readers need wherever this figure is shown (e.g. that Annex 1 states another
    /// target for the same goal). Shown next to the figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
}

/// How a goal's figure is phrased: 达到 (reach), 不少于 (at least)…
#[derive(schemars::JsonSchema, Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    Reach,
    AtLeast,
    AtMost,
    Exactly,
}

/// One of the five actions (行动) that group the tasks.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    #[schemars(with = "String")]
    pub id: Id,
    pub number: u32,
    pub title: Localized,
    pub summary: Localized,
    /// Implementing bodies from Annex 2.
    #[schemars(with = "Vec<String>")]
    pub agencies: Vec<Id>,
    /// The action's title as Annex 2 words it, when that differs from the main text
    /// (action 2 is 园区产业提质增效行动 in the text, 特色产业提质增效行动 in Annex 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex_title: Option<Localized>,
}

#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Safeguard {
    #[schemars(with = "String")]
    pub id: Id,
    pub number: u32,
    pub title: Localized,
    pub summary: Localized,
}

#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    pub number: u32,
    pub title: Localized,
    /// The site section that presents this annex.
    pub section: AnnexSection,
}

#[derive(schemars::JsonSchema, Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AnnexSection {
    Indicators,
    Tasks,
    Projects,
    Firms,
    Services,
}

/// `data/tasks.yaml`: one of the fifteen numbered tasks.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    #[schemars(with = "String")]
    pub id: Id,
    pub number: u32,
    #[schemars(with = "String")]
    pub action: Id,
    pub title: Localized,
    pub summary: Localized,
    /// Implementing bodies (Annex 2, for the task's action).
    #[schemars(with = "Vec<String>")]
    pub agencies: Vec<Id>,
    /// Bodies the task's text names as taking part.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub other_bodies: Vec<Id>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub firms: Vec<Id>,
    /// Platforms, bases and places the task names.
    #[serde(default)]
    pub places: Vec<Localized>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub indicators: Vec<Id>,
}

/// `data/projects.yaml`: one of the key projects of Annex 3.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    #[schemars(with = "String")]
    pub id: Id,
    pub number: u32,
    pub title: Localized,
    pub summary: Localized,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub firms: Vec<Id>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub agencies: Vec<Id>,
    /// The plan's list of implementers ends with 等 ("and others").
    #[serde(default)]
    pub and_others: bool,
    pub period: Period,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tasks: Vec<Id>,
}

/// A value of a small vocabulary (a firm sector, a service category…).
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    #[schemars(with = "String")]
    pub id: Id,
    pub name: Localized,
}

/// `data/firms.yaml`.
#[derive(schemars::JsonSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FirmsFile {
    pub sectors: Vec<Term>,
    pub directions: Vec<Term>,
    pub firms: Vec<Firm>,
}

#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Firm {
    #[schemars(with = "String")]
    pub id: Id,
    pub name: Localized,
    pub short_name: Localized,
    /// Listed in Annex 4 (重点培育企业); otherwise only named in the plan's text.
    pub key_firm: bool,
    #[serde(default)]
    pub annex_number: Option<u32>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub sector: Option<Id>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub direction: Option<Id>,
    pub description: Localized,
}

/// `data/services.yaml`.
#[derive(schemars::JsonSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServicesFile {
    pub categories: Vec<Term>,
    /// What an enterprise may be looking for (funding, IP, testing…): the service finder's
    /// third facet. Each service lists the needs its own text speaks to.
    #[serde(default)]
    pub needs: Vec<Term>,
    pub services: Vec<Service>,
}

#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    #[schemars(with = "String")]
    pub id: Id,
    pub number: u32,
    #[schemars(with = "String")]
    pub category: Id,
    pub title: Localized,
    #[schemars(with = "Vec<String>")]
    pub providers: Vec<Id>,
    pub description: Localized,
    /// Ids of `needs` (top of the file) this service answers, as its description says.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub needs: Vec<Id>,
    /// How to get the service. Optional: the plan gives none of it, and nothing may be
    /// invented; pages say so and point to the site contact while it is missing.
    #[serde(default)]
    pub how_to_apply: Option<HowToApply>,
    /// Where to ask about this service (when it differs from its providers' own contact).
    #[serde(default)]
    pub contact: Option<Contact>,
}

/// How to get a service: steps, who may apply, what to bring, an online application.
#[derive(schemars::JsonSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HowToApply {
    /// The steps, in order.
    #[serde(default)]
    pub steps: Vec<Localized>,
    /// Who may apply.
    #[serde(default)]
    pub eligibility: Option<Localized>,
    /// What to bring or upload.
    #[serde(default)]
    pub documents: Vec<Localized>,
    /// An online application (http or https).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub apply_url: Option<Spanned<String>>,
}

/// How to reach a body or a service desk. Every field is optional; only what a source
/// gives is written here.
#[derive(schemars::JsonSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// A telephone number as it is dialled, e.g. `021-12345678` or `+86 21 1234 5678`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub phone: Option<Spanned<String>>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub email: Option<Spanned<String>>,
    /// A website (http or https).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub website: Option<Spanned<String>>,
    /// A postal or street address, as text.
    #[serde(default)]
    pub address: Option<Localized>,
    /// Office or opening hours.
    #[serde(default)]
    pub hours: Option<Localized>,
}

impl Contact {
    /// Whether a reader can reach anyone with it: a phone, an email, a website or an address.
    pub fn reachable(&self) -> bool {
        self.phone.is_some()
            || self.email.is_some()
            || self.website.is_some()
            || self.address.is_some()
    }
}

impl HowToApply {
    /// Whether it tells a reader what to do: steps or an online application.
    pub fn actionable(&self) -> bool {
        !self.steps.is_empty() || self.apply_url.is_some()
    }
}

/// `data/agencies.yaml`: a body the plan names.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    #[schemars(with = "String")]
    pub id: Id,
    pub name: Localized,
    pub short_name: Localized,
    pub kind: AgencyKind,
    pub description: Localized,
    /// Address, phone, email, website, office hours (optional; never invented).
    #[serde(default)]
    pub contact: Option<Contact>,
}

#[derive(schemars::JsonSchema, Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AgencyKind {
    DistrictGovernment,
    DistrictDepartment,
    Town,
    SubPark,
    MunicipalDepartment,
    University,
    ResearchInstitute,
    Platform,
    StateOwnedEnterprise,
    Other,
}

/// One group of `data/search-synonyms.yaml`: everyday words a reader may type, and the plan's
/// terms a search for any of them should also find.
#[derive(schemars::JsonSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SynonymGroup {
    /// What readers type: each one word (`loan`) or one run of Chinese characters (`贷款`).
    #[schemars(with = "Vec<String>")]
    pub words: Vec<Spanned<String>>,
    /// The plan's terms, in either language; each may be a phrase (`how to apply`).
    #[schemars(with = "Vec<String>")]
    pub terms: Vec<Spanned<String>>,
}
