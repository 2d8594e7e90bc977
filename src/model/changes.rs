//! What changed, release by release: the change log of `/updates/`, its Atom feeds, the
//! "what changed at the last release" box of each indicator page, and the dated open-data
//! files of every release.
//!
//! A release is a folder `data/releases/<YYYY-MM-DD>/` holding a copy of the data files as
//! published that day (`planportal release --date …` makes it). The changes of a release are
//! the differences between it and the release before it:
//!
//! - for indicators, a value added for a year, a value revised ("2.3 → 2.4"), and the
//!   published status changing ("moderate progress → on track");
//! - for every record of every entity kind (tasks, projects, firms, services, bodies and
//!   indicators), a record added or removed, and each top-level field added, removed or
//!   changed — compared generically on the record's serialized form, so a field a later
//!   version of the data adds (a service's contact, a body's how-to-apply) is covered
//!   without code here knowing its name.
//!
//! The first release has nothing to compare with: it is listed as the first recorded
//! release. Everything comes from files in the repository, so a shallow clone builds the
//! same log as a full one.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::catalogue::{Catalogue, DataFile};
use super::entity::EntityKind;
use super::progress;
use super::views::ObservationView;
use crate::base::lang::Localized;
use crate::input::data::indicator::{IndicatorStatus, Thresholds};
use crate::input::data::PlanData;

/// One recorded release and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct Release {
    /// `YYYY-MM-DD`, the folder's name.
    pub date: String,
    /// True for the oldest release (nothing to compare it with).
    pub first: bool,
    /// The changed records, in entity-kind order, then by id.
    pub changes: Vec<RecordChange>,
    /// This release's open-data files, at `data/releases/<date>/<dataset>.json|csv`.
    #[serde(skip)]
    pub files: Vec<DataFile>,
}

/// What happened to one record in one release.
#[derive(Debug, Clone, Serialize)]
pub struct RecordChange {
    /// The section of the kind (`indicators`, `services`, …).
    pub kind: &'static str,
    pub id: String,
    pub name: Localized,
    /// The record's page below the language root, when it still exists.
    pub path: Option<String>,
    pub what: Vec<What>,
}

/// One change to a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum What {
    Added,
    Removed,
    ValueAdded {
        year: i32,
        value: f64,
    },
    ValueRevised {
        year: i32,
        old: f64,
        value: f64,
    },
    StatusChanged {
        from: IndicatorStatus,
        to: IndicatorStatus,
    },
    FieldAdded {
        field: String,
    },
    FieldRemoved {
        field: String,
    },
    FieldChanged {
        field: String,
    },
}

/// The records of one kind, by id, as JSON objects.
fn records(data: &PlanData, kind: EntityKind) -> BTreeMap<String, Value> {
    let list = match kind {
        EntityKind::Task => serde_json::to_value(&data.tasks),
        EntityKind::Project => serde_json::to_value(&data.projects),
        EntityKind::Firm => serde_json::to_value(data.firms.as_ref().map(|f| &f.firms)),
        EntityKind::Service => serde_json::to_value(data.services.as_ref().map(|s| &s.services)),
        EntityKind::Agency => serde_json::to_value(&data.agencies),
        EntityKind::Indicator => serde_json::to_value(&data.indicators),
    };
    let mut out = BTreeMap::new();
    if let Ok(Value::Array(items)) = list {
        for item in items {
            if let Some(id) = item.get("id").and_then(Value::as_str) {
                out.insert(id.to_string(), item.clone());
            }
        }
    }
    out
}

/// The record's display name: its `title` or `name`, in both languages.
fn name_of(v: &Value) -> Localized {
    let pick = |key: &str| {
        v.get(key).and_then(|n| {
            Some(Localized {
                zh: n.get("zh")?.as_str()?.to_string(),
                en: n.get("en")?.as_str()?.to_string(),
            })
        })
    };
    pick("title").or_else(|| pick("name")).unwrap_or_else(|| {
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        Localized {
            zh: id.clone(),
            en: id,
        }
    })
}

/// Fields compared specially (indicators' values) or not at all (`number` is an order).
const SPECIAL: [&str; 1] = ["observations"];

/// The changes between two versions of the data.
pub fn diff(old: &PlanData, new: &PlanData, thresholds: &Thresholds) -> Vec<RecordChange> {
    let mut out = Vec::new();
    for kind in EntityKind::ALL {
        let before = records(old, kind);
        let after = records(new, kind);
        let ids: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        for id in ids {
            let (a, b) = (before.get(id), after.get(id));
            let mut what = Vec::new();
            match (a, b) {
                (None, Some(_)) => what.push(What::Added),
                (Some(_), None) => what.push(What::Removed),
                (Some(a), Some(b)) => {
                    if kind == EntityKind::Indicator {
                        what.extend(indicator_changes(old, new, id, thresholds));
                    }
                    what.extend(field_changes(a, b));
                }
                (None, None) => {}
            }
            if what.is_empty() {
                continue;
            }
            let record = b.or(a).cloned().unwrap_or(Value::Null);
            out.push(RecordChange {
                kind: kind.section(),
                id: id.clone(),
                name: name_of(&record),
                path: b.map(|_| kind.path(id)),
                what,
            });
        }
    }
    out
}

fn field_changes(a: &Value, b: &Value) -> Vec<What> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for k in keys {
        if SPECIAL.contains(&k.as_str()) {
            continue;
        }
        match (present(a.get(k)), present(b.get(k))) {
            (None, Some(_)) => out.push(What::FieldAdded { field: k.clone() }),
            (Some(_), None) => out.push(What::FieldRemoved { field: k.clone() }),
            (Some(x), Some(y)) if x != y => out.push(What::FieldChanged { field: k.clone() }),
            _ => {}
        }
    }
    out
}

fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !is_empty(v))
}

/// Null, an empty text, list or map, or a `{ zh: "", en: "" }` text count as absent.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(is_empty),
        _ => false,
    }
}

fn indicator_changes(
    old: &PlanData,
    new: &PlanData,
    id: &str,
    thresholds: &Thresholds,
) -> Vec<What> {
    let find = |d: &PlanData| {
        d.indicators
            .iter()
            .flatten()
            .find(|i| i.id.value == id)
            .cloned()
    };
    let (Some(a), Some(b)) = (find(old), find(new)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let before = ObservationView::group(&a.observations);
    for o in ObservationView::group(&b.observations) {
        let year = o.current.year;
        match before.iter().find(|p| p.current.year == year) {
            None => out.push(What::ValueAdded {
                year,
                value: o.current.value,
            }),
            Some(p) if p.current.value != o.current.value => out.push(What::ValueRevised {
                year,
                old: p.current.value,
                value: o.current.value,
            }),
            Some(_) => {}
        }
    }
    let (from, to) = (
        progress::compute(&a, thresholds).status,
        progress::compute(&b, thresholds).status,
    );
    if from != to {
        out.push(What::StatusChanged { from, to });
    }
    out
}

/// Every release with its changes (newest first) and its open-data files. `catalogue` builds
/// the catalogue of one release's data.
pub fn build(
    releases: &[(String, PlanData)],
    thresholds: &Thresholds,
    catalogue: &dyn Fn(&PlanData) -> Result<Catalogue, Vec<crate::base::error::Diagnostic>>,
) -> Result<Vec<Release>, Vec<crate::base::error::Diagnostic>> {
    let mut out = Vec::new();
    for (i, (date, data)) in releases.iter().enumerate() {
        let changes = match i {
            0 => Vec::new(),
            _ => diff(&releases[i - 1].1, data, thresholds),
        };
        let files = catalogue(data)?
            .files
            .into_iter()
            .map(|f| DataFile {
                path: dated_path(date, &f.path),
                bytes: f.bytes,
            })
            .collect();
        out.push(Release {
            date: date.clone(),
            first: i == 0,
            changes,
            files,
        });
    }
    out.reverse();
    Ok(out)
}

/// `data/tasks.csv` of the release of `date` → `data/releases/<date>/tasks.csv`.
pub fn dated_path(date: &str, path: &str) -> String {
    let name = path.strip_prefix("data/").unwrap_or(path);
    format!("data/releases/{date}/{name}")
}

/// The changes to one record at the newest release that changed it, with that release's date.
pub fn last_change<'a>(
    releases: &'a [Release],
    kind: EntityKind,
    id: &str,
) -> Option<(&'a str, &'a RecordChange)> {
    releases.iter().find_map(|r| {
        r.changes
            .iter()
            .find(|c| c.kind == kind.section() && c.id == id)
            .map(|c| (r.date.as_str(), c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(yaml_indicators: &str, services: &str) -> PlanData {
        PlanData {
            indicators: Some(serde_saphyr::from_str(yaml_indicators).expect("indicators")),
            services: Some(serde_saphyr::from_str(services).expect("services")),
            ..PlanData::default()
        }
    }

    const IND: &str = r#"
- id: rd
  number: 1
  name: { zh: 研发, en: R&D }
  unit: { zh: "%", en: "%" }
  source: { zh: 局, en: Bureau }
  direction: increase
  baseline: { year: 2023, value: 100 }
  target: { year: 2026, value: 200 }
  observations: OBS
"#;

    fn services(extra: &str) -> String {
        format!(
            "categories: []\nservices:\n  - id: hall\n    number: 1\n    category: c\n    title: {{ zh: 大厅, en: Hall }}\n    providers: []\n    description: {{ zh: 办事, en: Services }}\n{extra}"
        )
    }

    #[test]
    fn value_added_revised_and_status_changed() {
        let t = Thresholds::default();
        let a = IND.replace("OBS", "[{ year: 2024, value: 105 }]");
        let b = IND.replace(
            "OBS",
            "[{ year: 2024, value: 105 }, { year: 2024, value: 140 }, { year: 2025, value: 160 }]",
        );
        let s = services("");
        let changes = diff(&data(&a, &s), &data(&b, &s), &t);
        assert_eq!(changes.len(), 1, "{changes:?}");
        let c = &changes[0];
        assert_eq!((c.kind, c.id.as_str()), ("indicators", "rd"));
        assert!(
            c.what.contains(&What::ValueRevised {
                year: 2024,
                old: 105.0,
                value: 140.0
            }),
            "{:?}",
            c.what
        );
        assert!(c.what.contains(&What::ValueAdded {
            year: 2025,
            value: 160.0
        }));
        assert!(
            c.what.contains(&What::StatusChanged {
                from: IndicatorStatus::LimitedProgress,
                to: IndicatorStatus::OnTrack
            }),
            "{:?}",
            c.what
        );
    }

    #[test]
    fn any_field_of_a_record_is_diffed_generically() {
        let t = Thresholds::default();
        let ind = IND.replace("OBS", "[]");
        let a = data(&ind, &services(""));
        // A field this module has never heard of: whatever the data model accepts is compared.
        let mut b = a.clone();
        let mut v = serde_json::to_value(&b.services.as_ref().unwrap().services[0]).unwrap();
        v["description"] = serde_json::json!({"zh": "新的", "en": "New"});
        b.services.as_mut().unwrap().services[0] = serde_json::from_value(v).unwrap();
        let changes = diff(&a, &b, &t);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            changes[0].what,
            vec![What::FieldChanged {
                field: "description".into()
            }]
        );
        let fa = field_changes(
            &serde_json::json!({"id": "x"}),
            &serde_json::json!({"id": "x", "contact": {"zh": "电话", "en": "Phone"}}),
        );
        assert_eq!(
            fa,
            vec![What::FieldAdded {
                field: "contact".into()
            }]
        );
        let fr = field_changes(
            &serde_json::json!({"id": "x", "how_to_apply": "a"}),
            &serde_json::json!({"id": "x", "how_to_apply": ""}),
        );
        assert_eq!(
            fr,
            vec![What::FieldRemoved {
                field: "how_to_apply".into()
            }]
        );
    }

    #[test]
    fn releases_are_newest_first_and_files_are_dated() {
        let ind = IND.replace("OBS", "[]");
        let d = data(&ind, &services(""));
        let releases = vec![
            ("2026-01-10".to_string(), d.clone()),
            ("2026-05-10".to_string(), d),
        ];
        let out = build(&releases, &Thresholds::default(), &|_| {
            Ok(Catalogue {
                files: vec![DataFile {
                    path: "data/tasks.csv".into(),
                    bytes: vec![1],
                }],
                ..Catalogue::default()
            })
        })
        .expect("builds");
        assert_eq!(out[0].date, "2026-05-10");
        assert!(out[1].first);
        assert!(out[0].changes.is_empty());
        assert_eq!(out[0].files[0].path, "data/releases/2026-05-10/tasks.csv");
    }
}
