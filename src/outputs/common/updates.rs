//! The change log in words, shared by the `/updates/` pages (HTML output), the indicator
//! pages' "what changed at the last release", and the updates feeds (updates output).

use serde::Serialize;

use super::ui;
use crate::base::lang::Lang;
use crate::base::text::format_number;
use crate::model::changes::{RecordChange, Release, What};
use crate::model::Site;

/// One changed record, in one language, for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeText {
    /// "Indicator", "Service", … in the language.
    pub kind: String,
    pub name: String,
    /// The record's page (an address with the language root), when it still exists.
    pub url: Option<String>,
    /// One sentence per change.
    pub lines: Vec<String>,
}

/// One dated open-data file.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// The file name, e.g. `tasks.csv`.
    pub name: String,
    /// Its address, e.g. `/data/releases/2026-05-10/tasks.csv`.
    pub url: String,
}

/// One release, in one language, for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseText {
    pub date: String,
    pub first: bool,
    pub changes: Vec<ChangeText>,
    /// The dated open-data files of the release.
    pub downloads: Vec<Download>,
}

fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A field's name in `lang`: the UI string `field_<name>` when the theme has one, otherwise
/// the name as written in the data file.
fn field_name(site: &Site, lang: Lang, field: &str) -> String {
    let key = format!("field_{field}");
    let s = ui(site, lang, &key);
    if s == key {
        field.to_string()
    } else {
        s.to_string()
    }
}

/// One change as a sentence in `lang`.
pub fn describe(site: &Site, lang: Lang, what: &What) -> String {
    let t = |k: &str| ui(site, lang, k).to_string();
    match what {
        What::Added => t("change_added"),
        What::Removed => t("change_removed"),
        What::ValueAdded { year, value } => fill(
            &t("change_value_added"),
            &[("year", year.to_string()), ("value", format_number(*value))],
        ),
        What::ValueRevised { year, old, value } => fill(
            &t("change_value_revised"),
            &[
                ("year", year.to_string()),
                ("old", format_number(*old)),
                ("value", format_number(*value)),
            ],
        ),
        What::StatusChanged { from, to } => fill(
            &t("change_status"),
            &[
                ("from", t(&format!("status_{}", from.key()))),
                ("to", t(&format!("status_{}", to.key()))),
            ],
        ),
        What::FieldAdded { field } => fill(
            &t("change_field_added"),
            &[("field", field_name(site, lang, field))],
        ),
        What::FieldRemoved { field } => fill(
            &t("change_field_removed"),
            &[("field", field_name(site, lang, field))],
        ),
        What::FieldChanged { field } => fill(
            &t("change_field"),
            &[("field", field_name(site, lang, field))],
        ),
    }
}

/// One changed record in `lang`.
pub fn change_text(site: &Site, lang: Lang, c: &RecordChange) -> ChangeText {
    ChangeText {
        kind: ui(site, lang, &format!("entity_{}", c.kind)).to_string(),
        name: c.name.get(lang.code()).to_string(),
        url: c.path.as_ref().map(|p| site.addresses.page(lang, p)),
        lines: c.what.iter().map(|w| describe(site, lang, w)).collect(),
    }
}

/// One release in `lang`.
pub fn release_text(site: &Site, lang: Lang, r: &Release) -> ReleaseText {
    ReleaseText {
        date: r.date.clone(),
        first: r.first,
        changes: r
            .changes
            .iter()
            .map(|c| change_text(site, lang, c))
            .collect(),
        downloads: r
            .files
            .iter()
            .map(|f| {
                let name = f.path.rsplit('/').next().unwrap_or(&f.path).to_string();
                Download {
                    name,
                    url: site.addresses.file(&f.path),
                }
            })
            .collect(),
    }
}

/// Where the updates page and feed live, below the language root.
pub const PATH: &str = "updates/";
/// The feed's file, below the language root.
pub const FEED: &str = "updates/atom.xml";
