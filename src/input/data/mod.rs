//! Loading and checking `data/`: the plan's tasks, projects, firms, services, bodies and
//! indicators.
//!
//! Each file is optional (a small site may have none), but whatever is there must hold
//! together: ids unique and safe in addresses, every reference pointing at something that
//! exists, every text present in both languages. All problems of all files are reported in
//! one run.

pub mod indicator;
pub mod model;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::base::error::{Diagnostic, Diagnostics, Result};
use crate::base::text::{did_you_mean, is_safe_slug};
use crate::base::yaml;
use indicator::Indicator;

pub use crate::base::lang::Localized;
pub use model::*;

/// Everything in `data/`, checked.
#[derive(Debug, Clone, Default)]
pub struct PlanData {
    pub plan: Option<Plan>,
    pub tasks: Option<Vec<Task>>,
    pub projects: Option<Vec<Project>>,
    pub firms: Option<FirmsFile>,
    pub services: Option<ServicesFile>,
    pub agencies: Option<Vec<Agency>>,
    pub indicators: Option<Vec<Indicator>>,
}

/// The data files, in the order they are read and reported.
pub const FILES: [&str; 7] = [
    "plan.yaml",
    "tasks.yaml",
    "projects.yaml",
    "firms.yaml",
    "services.yaml",
    "agencies.yaml",
    "indicators.yaml",
];

fn shown(name: &str) -> PathBuf {
    Path::new("data").join(name)
}

fn read<T: DeserializeOwned>(root: &Path, name: &str, diagnostics: &mut Diagnostics) -> Option<T> {
    let path = root.join("data").join(name);
    let shown = shown(name);
    if !path.exists() {
        return None;
    }
    if path.is_symlink() {
        diagnostics.push(
            Diagnostic::whole_file(&shown, "symbolic links are not followed in data/")
                .with_hint("copy the file into data/ instead"),
        );
        return None;
    }
    let meta_len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if meta_len > yaml::MAX_YAML_BYTES as u64 {
        diagnostics.push(
            Diagnostic::whole_file(
                &shown,
                format!(
                    "this file is {meta_len} bytes, more than the limit of {}",
                    yaml::MAX_YAML_BYTES
                ),
            )
            .with_hint("split the file or remove what does not belong in it"),
        );
        return None;
    }
    let text = match std::fs::read(&path).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            diagnostics.push(
                Diagnostic::whole_file(&shown, "this file is not valid UTF-8 text")
                    .with_hint("save the file as UTF-8 in your editor"),
            );
            return None;
        }
        Err(e) => {
            diagnostics.push(Diagnostic::whole_file(
                &shown,
                format!("cannot read this file: {e}"),
            ));
            return None;
        }
    };
    if let Some((offset, c)) = crate::base::text::stray_control(&text) {
        diagnostics.push(Diagnostic::control_character(&shown, &text, offset, c));
        return None;
    }
    match yaml::parse::<T>(&text, &shown, 1) {
        Ok(v) => Some(v),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// Reads and checks every data file below `root/data`.
pub fn load(root: &Path) -> Result<PlanData> {
    let mut diagnostics = Diagnostics::default();
    let data = PlanData {
        plan: read(root, "plan.yaml", &mut diagnostics),
        tasks: read(root, "tasks.yaml", &mut diagnostics),
        projects: read(root, "projects.yaml", &mut diagnostics),
        firms: read(root, "firms.yaml", &mut diagnostics),
        services: read(root, "services.yaml", &mut diagnostics),
        agencies: read(root, "agencies.yaml", &mut diagnostics),
        indicators: read(root, "indicators.yaml", &mut diagnostics),
    };
    // Reference checks only make sense once every file has parsed.
    if diagnostics.is_empty() {
        diagnostics.extend(validate(&data));
    }
    diagnostics.finish()?;
    Ok(data)
}

/// The ids of one collection and where each was defined.
struct Ids<'a> {
    file: &'static str,
    what: &'static str,
    set: HashSet<&'a str>,
}

impl<'a> Ids<'a> {
    fn new(file: &'static str, what: &'static str) -> Self {
        Ids {
            file,
            what,
            set: HashSet::new(),
        }
    }

    /// Registers the ids of a collection: unique and safe as address segments.
    fn define(
        file: &'static str,
        what: &'static str,
        ids: impl Iterator<Item = &'a Id>,
        out: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut me = Ids::new(file, what);
        for id in ids {
            let (l, c) = yaml::place(&id.referenced, 1);
            if !is_safe_slug(&id.value) {
                out.push(
                    Diagnostic::new(shown(file), l, c, format!("the id {:?} cannot be used in an address", id.value))
                        .with_hint("ids use lowercase ASCII letters, digits and single hyphens, e.g. `rd-intensity`; they become part of page addresses"),
                );
            }
            if !me.set.insert(id.value.as_str()) {
                out.push(
                    Diagnostic::new(
                        shown(file),
                        l,
                        c,
                        format!("the {} id {:?} is used twice", me.what, id.value),
                    )
                    .with_hint("every id must be unique in its file; give one of them another id"),
                );
            }
        }
        me
    }

    /// Checks that `reference`, written in `file`, names one of these ids.
    fn check(&self, file: &'static str, reference: &Id, out: &mut Vec<Diagnostic>) {
        if !self.set.contains(reference.value.as_str()) {
            let (l, c) = yaml::place(&reference.referenced, 1);
            let suggestion = did_you_mean(&reference.value, self.set.iter().copied());
            let hint = match suggestion {
                Some(s) => format!("did you mean `{s}`? Ids are defined in data/{}", self.file),
                None => format!("use an id defined in data/{}", self.file),
            };
            out.push(
                Diagnostic::new(
                    shown(file),
                    l,
                    c,
                    format!("no {} has the id {:?}", self.what, reference.value),
                )
                .with_hint(hint),
            );
        }
    }
}

/// Reports texts in which a language is empty: `{ zh: …, en: "" }`.
fn check_texts<T: Serialize>(file: &'static str, id: &Id, record: &T, out: &mut Vec<Diagnostic>) {
    let Ok(value) = serde_json::to_value(record) else {
        return;
    };
    let mut missing = Vec::new();
    find_empty_texts(&value, String::new(), &mut missing);
    let (l, c) = yaml::place(&id.referenced, 1);
    for path in missing {
        out.push(
            Diagnostic::new(
                shown(file),
                l,
                c,
                format!("`{}` of {:?} is empty", path, id.value),
            )
            .with_hint(
                "every text is written in both languages: `{ zh: …, en: … }`, neither empty",
            ),
        );
    }
}

fn find_empty_texts(value: &serde_json::Value, path: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            let is_text = map.len() == 2 && map.contains_key("zh") && map.contains_key("en");
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if is_text {
                    if v.as_str().is_some_and(|s| s.trim().is_empty()) {
                        out.push(p);
                    }
                } else {
                    find_empty_texts(v, p, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_empty_texts(v, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Numbers (task 1…15, service 1…10) must not repeat either.
fn check_numbers<'a>(
    file: &'static str,
    items: impl Iterator<Item = (u32, &'a Id)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen = BTreeMap::new();
    for (n, id) in items {
        if let Some(first) = seen.insert(n, id.value.as_str()) {
            let (l, c) = yaml::place(&id.referenced, 1);
            out.push(
                Diagnostic::new(
                    shown(file),
                    l,
                    c,
                    format!("number {n} is used by both {first:?} and {:?}", id.value),
                )
                .with_hint("give each entry its own number, as in the plan"),
            );
        }
    }
}

fn check_date(
    file: &'static str,
    field: &str,
    date: &serde_saphyr::Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    if date.value.len() != 10 || date.value.parse::<jiff::civil::Date>().is_err() {
        let (l, c) = yaml::place(&date.referenced, 1);
        out.push(
            Diagnostic::new(
                shown(file),
                l,
                c,
                format!("`{field}` is not a valid date: {:?}", date.value),
            )
            .with_hint("write dates as YYYY-MM-DD, e.g. 2025-06-23"),
        );
    }
}

/// Every cross-file check. Returns every problem found.
pub fn validate(data: &PlanData) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let empty: Vec<Id> = Vec::new();
    let agencies = Ids::define(
        "agencies.yaml",
        "body",
        data.agencies.iter().flatten().map(|a| &a.id),
        &mut out,
    );
    let firms = Ids::define(
        "firms.yaml",
        "firm",
        data.firms
            .iter()
            .flat_map(|f| f.firms.iter())
            .map(|f| &f.id),
        &mut out,
    );
    let sectors = Ids::define(
        "firms.yaml",
        "sector",
        data.firms
            .iter()
            .flat_map(|f| f.sectors.iter())
            .map(|t| &t.id),
        &mut out,
    );
    let directions = Ids::define(
        "firms.yaml",
        "cultivation direction",
        data.firms
            .iter()
            .flat_map(|f| f.directions.iter())
            .map(|t| &t.id),
        &mut out,
    );
    let tasks = Ids::define(
        "tasks.yaml",
        "task",
        data.tasks.iter().flatten().map(|t| &t.id),
        &mut out,
    );
    let projects = Ids::define(
        "projects.yaml",
        "project",
        data.projects.iter().flatten().map(|p| &p.id),
        &mut out,
    );
    let categories = Ids::define(
        "services.yaml",
        "service category",
        data.services
            .iter()
            .flat_map(|s| s.categories.iter())
            .map(|t| &t.id),
        &mut out,
    );
    let services = Ids::define(
        "services.yaml",
        "service",
        data.services
            .iter()
            .flat_map(|s| s.services.iter())
            .map(|s| &s.id),
        &mut out,
    );
    let indicators = Ids::define(
        "indicators.yaml",
        "indicator",
        data.indicators.iter().flatten().map(|i| &i.id),
        &mut out,
    );
    let actions = Ids::define(
        "plan.yaml",
        "action",
        data.plan
            .iter()
            .flat_map(|p| p.actions.iter())
            .map(|a| &a.id),
        &mut out,
    );
    let _ = Ids::define(
        "plan.yaml",
        "goal",
        data.plan.iter().flat_map(|p| p.goals.iter()).map(|g| &g.id),
        &mut out,
    );
    let _ = Ids::define(
        "plan.yaml",
        "safeguard",
        data.plan
            .iter()
            .flat_map(|p| p.safeguards.iter())
            .map(|g| &g.id),
        &mut out,
    );
    let _ = (&services, &projects, &empty);

    if let Some(plan) = &data.plan {
        const F: &str = "plan.yaml";
        agencies.check(F, &plan.issuer, &mut out);
        check_date(F, "issued", &plan.issued, &mut out);
        check_date(F, "printed", &plan.printed, &mut out);
        if plan.period.start > plan.period.end {
            out.push(
                Diagnostic::new(shown(F), 1, 1, "the plan's period ends before it starts")
                    .with_hint("check `period: { start: …, end: … }`"),
            );
        }
        check_texts(
            F,
            &plan.issuer,
            &(
                &plan.title,
                &plan.short_title,
                &plan.adopted_by,
                &plan.basis,
                &plan.summary,
            ),
            &mut out,
        );
        for g in &plan.goals {
            check_texts(F, &g.id, g, &mut out);
            for i in &g.indicators {
                indicators.check(F, i, &mut out);
            }
        }
        for a in &plan.actions {
            check_texts(F, &a.id, a, &mut out);
            for ag in &a.agencies {
                agencies.check(F, ag, &mut out);
            }
        }
        check_numbers(F, plan.actions.iter().map(|a| (a.number, &a.id)), &mut out);
        for s in &plan.safeguards {
            check_texts(F, &s.id, s, &mut out);
        }
    }
    if let Some(list) = &data.tasks {
        const F: &str = "tasks.yaml";
        for t in list {
            check_texts(F, &t.id, t, &mut out);
            actions.check(F, &t.action, &mut out);
            for a in t.agencies.iter().chain(&t.other_bodies) {
                agencies.check(F, a, &mut out);
            }
            for f in &t.firms {
                firms.check(F, f, &mut out);
            }
            for i in &t.indicators {
                indicators.check(F, i, &mut out);
            }
        }
        check_numbers(F, list.iter().map(|t| (t.number, &t.id)), &mut out);
    }
    if let Some(list) = &data.projects {
        const F: &str = "projects.yaml";
        for p in list {
            check_texts(F, &p.id, p, &mut out);
            for f in &p.firms {
                firms.check(F, f, &mut out);
            }
            for a in &p.agencies {
                agencies.check(F, a, &mut out);
            }
            for t in &p.tasks {
                tasks.check(F, t, &mut out);
            }
        }
        check_numbers(F, list.iter().map(|p| (p.number, &p.id)), &mut out);
    }
    if let Some(file) = &data.firms {
        const F: &str = "firms.yaml";
        for t in file.sectors.iter().chain(&file.directions) {
            check_texts(F, &t.id, t, &mut out);
        }
        for f in &file.firms {
            check_texts(F, &f.id, f, &mut out);
            if let Some(s) = &f.sector {
                sectors.check(F, s, &mut out);
            }
            if let Some(d) = &f.direction {
                directions.check(F, d, &mut out);
            }
            if f.key_firm
                && (f.sector.is_none() || f.direction.is_none() || f.annex_number.is_none())
            {
                let (l, c) = yaml::place(&f.id.referenced, 1);
                out.push(
                    Diagnostic::new(
                        shown(F),
                        l,
                        c,
                        format!(
                            "the key firm {:?} needs `sector`, `direction` and `annex_number`",
                            f.id.value
                        ),
                    )
                    .with_hint("copy them from Annex 4 of the plan"),
                );
            }
        }
        let key: Vec<(u32, &Id)> = file
            .firms
            .iter()
            .filter_map(|f| f.annex_number.map(|n| (n, &f.id)))
            .collect();
        check_numbers(F, key.into_iter(), &mut out);
    }
    if let Some(file) = &data.services {
        const F: &str = "services.yaml";
        for t in &file.categories {
            check_texts(F, &t.id, t, &mut out);
        }
        for s in &file.services {
            check_texts(F, &s.id, s, &mut out);
            categories.check(F, &s.category, &mut out);
            for p in &s.providers {
                agencies.check(F, p, &mut out);
            }
        }
        check_numbers(F, file.services.iter().map(|s| (s.number, &s.id)), &mut out);
    }
    if let Some(list) = &data.agencies {
        for a in list {
            check_texts("agencies.yaml", &a.id, a, &mut out);
        }
    }
    if let Some(list) = &data.indicators {
        const F: &str = "indicators.yaml";
        for i in list {
            check_texts(F, &i.id, i, &mut out);
            out.extend(indicator::validate(i, &shown(F)));
        }
        check_numbers(F, list.iter().map(|i| (i.number, &i.id)), &mut out);
    }
    out
}
