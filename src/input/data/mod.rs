//! Loading and checking `data/`: the plan's tasks, projects, firms, services, bodies and
//! indicators.
//!
//! Each file is optional (a small site may have none), but whatever is there must hold
//! together: ids unique and safe in addresses, every reference pointing at something that
//! exists, every text present in both languages. All problems of all files are reported in
//! one run.

pub mod glossary;
pub mod indicator;
pub mod model;
pub mod observations;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::base::error::{Diagnostic, Diagnostics, Result};
use crate::base::messages::Message;
use crate::base::text::{did_you_mean, is_safe_slug};
use crate::base::yaml;
use crate::msg;
use indicator::Indicator;
use serde_saphyr::Spanned;

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
    /// `search-synonyms.yaml`: everyday words mapped to the plan's terms, for site search.
    pub synonyms: Option<Vec<SynonymGroup>>,
}

/// The data files, in the order they are read and reported.
pub const FILES: [&str; 9] = [
    "plan.yaml",
    "tasks.yaml",
    "projects.yaml",
    "firms.yaml",
    "services.yaml",
    "agencies.yaml",
    "indicators.yaml",
    "observations.yaml",
    "search-synonyms.yaml",
];

fn shown(name: &str) -> PathBuf {
    Path::new("data").join(name)
}

fn read<T: DeserializeOwned>(dir: &Path, name: &str, diagnostics: &mut Diagnostics) -> Option<T> {
    let path = dir.join(name);
    let shown = shown(name);
    if !path.exists() {
        return None;
    }
    if path.is_symlink() {
        diagnostics.push(
            Diagnostic::whole_file(&shown, msg!("data-symlink"))
                .with_hint(msg!("data-symlink-hint")),
        );
        return None;
    }
    let meta_len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if meta_len > yaml::MAX_YAML_BYTES as u64 {
        diagnostics.push(
            Diagnostic::whole_file(
                &shown,
                msg!(
                    "data-too-large",
                    size = meta_len,
                    limit = yaml::MAX_YAML_BYTES
                ),
            )
            .with_hint(msg!("data-too-large-hint")),
        );
        return None;
    }
    let text = match std::fs::read(&path).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            diagnostics.push(
                Diagnostic::whole_file(&shown, msg!("data-not-utf8"))
                    .with_hint(msg!("data-not-utf8-hint")),
            );
            return None;
        }
        Err(e) => {
            diagnostics.push(Diagnostic::whole_file(
                &shown,
                msg!("data-cannot-read", reason = e.to_string()),
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
    load_dir(&root.join("data"))
}

/// The folder of release snapshots below `data/` (see [`releases`]).
pub const RELEASES: &str = "releases";

/// Every recorded release: the folders `data/releases/<YYYY-MM-DD>/`, each a copy of the
/// data files as they were published that day, oldest first, read and checked like `data/`
/// (problems are reported at `data/releases/<date>/<file>`). No folder: no releases.
pub fn releases(root: &Path) -> Result<Vec<(String, PlanData)>> {
    let dir = root.join("data").join(RELEASES);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let shown_dir = Path::new("data").join(RELEASES);
    let mut dates = Vec::new();
    let entries =
        std::fs::read_dir(&dir).map_err(|e| crate::base::error::Error::io("io-read", &dir, e))?;
    let mut diagnostics = Diagnostics::default();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if !entry.path().is_dir() || !indicator::is_date(&name) {
            diagnostics.push(
                Diagnostic::whole_file(shown_dir.join(&name), msg!("data-release-folder-name"))
                    .with_hint(msg!("data-release-folder-name-hint")),
            );
            continue;
        }
        dates.push(name);
    }
    diagnostics.finish()?;
    dates.sort();
    let mut out = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for date in dates {
        match load_dir(&dir.join(&date)) {
            Ok(data) => out.push((date, data)),
            Err(crate::base::error::Error::Input(list)) => {
                let prefix = shown_dir.join(&date);
                diagnostics.extend(list.into_iter().map(|mut d| {
                    if let Ok(rest) = d.file.strip_prefix("data") {
                        d.file = prefix.join(rest);
                    }
                    d
                }));
            }
            Err(e) => return Err(e),
        }
    }
    diagnostics.finish()?;
    Ok(out)
}

/// Reads and checks every data file in the folder `dir` (diagnostics name them `data/…`).
pub fn load_dir(dir: &Path) -> Result<PlanData> {
    let root = dir;
    let mut diagnostics = Diagnostics::default();
    let data = PlanData {
        plan: read(root, "plan.yaml", &mut diagnostics),
        tasks: read(root, "tasks.yaml", &mut diagnostics),
        projects: read(root, "projects.yaml", &mut diagnostics),
        firms: read(root, "firms.yaml", &mut diagnostics),
        services: read(root, "services.yaml", &mut diagnostics),
        agencies: read(root, "agencies.yaml", &mut diagnostics),
        indicators: read(root, "indicators.yaml", &mut diagnostics),
        synonyms: read(root, "search-synonyms.yaml", &mut diagnostics),
    };
    let mut data = data;
    for i in data.indicators.iter().flatten() {
        diagnostics.extend(indicator::duplicate_years(i, &shown("indicators.yaml")));
    }
    let records: Option<Vec<observations::ObservationRecord>> =
        read(root, observations::FILE, &mut diagnostics);
    if let Some(records) = records {
        match data.indicators.as_mut() {
            Some(indicators) => diagnostics.extend(observations::merge(
                &records,
                indicators,
                &shown(observations::FILE),
            )),
            None if !records.is_empty() => diagnostics.push(
                Diagnostic::whole_file(
                    shown(observations::FILE),
                    msg!("data-observations-without-indicators"),
                )
                .with_hint(msg!("data-observations-without-indicators-hint")),
            ),
            None => {}
        }
    }
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
    /// What the ids name, e.g. `msg!("data-kind-task")`.
    what: Message,
    set: HashSet<&'a str>,
}

impl<'a> Ids<'a> {
    fn new(file: &'static str, what: Message) -> Self {
        Ids {
            file,
            what,
            set: HashSet::new(),
        }
    }

    /// Registers the ids of a collection: unique and safe as address segments.
    fn define(
        file: &'static str,
        what: Message,
        ids: impl Iterator<Item = &'a Id>,
        out: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut me = Ids::new(file, what);
        for id in ids {
            let (l, c) = yaml::place(&id.referenced, 1);
            if !is_safe_slug(&id.value) {
                out.push(
                    Diagnostic::new(
                        shown(file),
                        l,
                        c,
                        msg!("data-id-not-in-address", id = format!("{:?}", id.value)),
                    )
                    .with_hint(msg!("data-id-not-in-address-hint")),
                );
            }
            if !me.set.insert(id.value.as_str()) {
                out.push(
                    Diagnostic::new(
                        shown(file),
                        l,
                        c,
                        msg!(
                            "data-id-twice",
                            kind = me.what.clone(),
                            id = format!("{:?}", id.value)
                        ),
                    )
                    .with_hint(msg!("data-id-twice-hint")),
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
                Some(s) => msg!(
                    "data-unknown-reference-did-you-mean",
                    suggestion = s,
                    file = self.file
                ),
                None => msg!("data-unknown-reference-hint", file = self.file),
            };
            out.push(
                Diagnostic::new(
                    shown(file),
                    l,
                    c,
                    msg!(
                        "data-unknown-reference",
                        kind = self.what.clone(),
                        id = format!("{:?}", reference.value)
                    ),
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
                msg!(
                    "data-empty-text",
                    field = path,
                    id = format!("{:?}", id.value)
                ),
            )
            .with_hint(msg!("data-empty-text-hint")),
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
                    msg!(
                        "data-number-twice",
                        number = n,
                        first = format!("{first:?}"),
                        second = format!("{:?}", id.value)
                    ),
                )
                .with_hint(msg!("data-number-twice-hint")),
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
                msg!(
                    "data-bad-date",
                    field = field,
                    value = format!("{:?}", date.value)
                ),
            )
            .with_hint(msg!("data-date-hint", example = "2025-06-23")),
        );
    }
}

/// Checks a web address of the data: an absolute `http://` or `https://` address without
/// spaces (the same rule as links in pages: no `javascript:`, no `data:`).
fn check_web_address(
    file: &'static str,
    field: &str,
    value: &serde_saphyr::Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    let v = value.value.trim();
    let lower = v.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if !ok {
        let (l, c) = yaml::place(&value.referenced, 1);
        out.push(
            Diagnostic::new(
                shown(file),
                l,
                c,
                msg!(
                    "data-not-web-address",
                    field = field,
                    value = format!("{:?}", value.value)
                ),
            )
            .with_hint(msg!("data-not-web-address-hint")),
        );
    }
}

/// The `tel:` form of a phone number as people write it (`021-1234 5678` → `02112345678`),
/// or `None` when it is not a phone number: digits with spaces, hyphens, dots, brackets and
/// one leading `+`, 3 to 20 digits, optionally followed by an extension (`转 123`, `ext. 123`).
pub fn tel_href(phone: &str) -> Option<String> {
    let phone = phone.trim();
    let (main, ext) = match phone
        .find('转')
        .or_else(|| phone.to_ascii_lowercase().find("ext"))
    {
        Some(i) => (&phone[..i], Some(&phone[i..])),
        None => (phone, None),
    };
    let mut out = String::new();
    for (i, ch) in main.trim().chars().enumerate() {
        match ch {
            '0'..='9' => out.push(ch),
            '+' if i == 0 => out.push('+'),
            ' ' | '-' | '.' | '(' | ')' | '（' | '）' => {}
            _ => return None,
        }
    }
    let digits = out.trim_start_matches('+').len();
    if !(3..=20).contains(&digits) {
        return None;
    }
    if let Some(ext) = ext {
        let n: String = ext.chars().filter(char::is_ascii_digit).collect();
        if n.is_empty() {
            return None;
        }
        out.push_str(";ext=");
        out.push_str(&n);
    }
    Some(out)
}

fn check_contact(file: &'static str, contact: &Contact, out: &mut Vec<Diagnostic>) {
    if let Some(phone) = &contact.phone {
        if tel_href(&phone.value).is_none() {
            let (l, c) = yaml::place(&phone.referenced, 1);
            out.push(
                Diagnostic::new(
                    shown(file),
                    l,
                    c,
                    msg!("data-bad-phone", value = format!("{:?}", phone.value)),
                )
                .with_hint(msg!("data-bad-phone-hint")),
            );
        }
    }
    if let Some(email) = &contact.email {
        let v = email.value.trim();
        let ok = match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !v.chars().any(|c| {
                        c.is_whitespace()
                            || matches!(c, '<' | '>' | '"' | ',' | ';' | ':' | '/' | '?')
                    })
                    && v.matches('@').count() == 1
            }
            None => false,
        };
        if !ok {
            let (l, c) = yaml::place(&email.referenced, 1);
            out.push(
                Diagnostic::new(
                    shown(file),
                    l,
                    c,
                    msg!("data-bad-email", value = format!("{:?}", email.value)),
                )
                .with_hint(msg!("data-bad-email-hint")),
            );
        }
    }
    if let Some(web) = &contact.website {
        check_web_address(file, "website", web, out);
    }
}

/// What an editor should still fill in: each service without a way to get it (steps or an
/// online application) or without a contact (its own or one of its providers'), and each
/// body that provides a service but has no contact. These are warnings, not errors: the plan
/// gives none of it and the pages say so, but staff should know what is missing.
pub fn completeness(data: &PlanData) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let agencies: Vec<&Agency> = data.agencies.iter().flatten().collect();
    let has_contact = |id: &str| {
        agencies
            .iter()
            .any(|a| a.id.value == id && a.contact.as_ref().is_some_and(Contact::reachable))
    };
    let services: Vec<&Service> = data.services.iter().flat_map(|s| &s.services).collect();
    for s in &services {
        let (l, c) = yaml::place(&s.id.referenced, 1);
        if !s.how_to_apply.as_ref().is_some_and(HowToApply::actionable) {
            out.push(
                Diagnostic::new(
                    shown("services.yaml"),
                    l,
                    c,
                    msg!(
                        "data-service-no-how-to-apply",
                        id = format!("{:?}", s.id.value)
                    ),
                )
                .with_hint(msg!("data-service-no-how-to-apply-hint")),
            );
        }
        let reachable = s.contact.as_ref().is_some_and(Contact::reachable)
            || s.providers.iter().any(|p| has_contact(&p.value));
        if !reachable {
            out.push(
                Diagnostic::new(
                    shown("services.yaml"),
                    l,
                    c,
                    msg!("data-service-no-contact", id = format!("{:?}", s.id.value)),
                )
                .with_hint(msg!("data-service-no-contact-hint")),
            );
        }
    }
    for a in &agencies {
        let provides = services
            .iter()
            .any(|s| s.providers.iter().any(|p| p.value == a.id.value));
        if provides && !a.contact.as_ref().is_some_and(Contact::reachable) {
            let (l, c) = yaml::place(&a.id.referenced, 1);
            out.push(
                Diagnostic::new(
                    shown("agencies.yaml"),
                    l,
                    c,
                    msg!("data-body-no-contact", id = format!("{:?}", a.id.value)),
                )
                .with_hint(msg!("data-body-no-contact-hint")),
            );
        }
    }
    out.sort();
    out
}

/// Every cross-file check. Returns every problem found.
pub fn validate(data: &PlanData) -> Vec<Diagnostic> {
    let mut out = validate_plan(data);
    if let Some(groups) = &data.synonyms {
        out.extend(validate_synonyms(groups));
    }
    out
}

/// Is `word` one search word: letters and digits of one script, Latin (`loan`, `5G`) or not
/// (`贷款`), with no space or punctuation? The search tokenizer cuts a query at every change
/// of script and at every space, so only such a word can be looked up as a whole.
pub fn is_search_word(word: &str) -> bool {
    let latin = |c: char| (c as u32) < 0x250;
    !word.is_empty()
        && word.chars().all(char::is_alphanumeric)
        && (word.chars().all(latin) || !word.chars().any(latin))
}

/// Checks `search-synonyms.yaml`: every group has words and terms, every word is one search
/// word and belongs to one group only, every term has letters or characters to search for.
fn validate_synonyms(groups: &[SynonymGroup]) -> Vec<Diagnostic> {
    const F: &str = "search-synonyms.yaml";
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let at = |s: &Spanned<String>| yaml::place(&s.referenced, 1);
    for (i, group) in groups.iter().enumerate() {
        let first = group.words.first().or(group.terms.first()).map(&at);
        let (gl, gc) = first.unwrap_or((1, 1));
        if group.words.is_empty() || group.terms.is_empty() {
            out.push(
                Diagnostic::new(
                    shown(F),
                    gl,
                    gc,
                    msg!("data-synonym-group-incomplete", number = i + 1),
                )
                .with_hint(msg!("data-synonym-group-incomplete-hint")),
            );
        }
        for word in &group.words {
            let (l, c) = at(word);
            let folded = word.value.trim().to_lowercase();
            if !is_search_word(&folded) {
                out.push(
                    Diagnostic::new(
                        shown(F),
                        l,
                        c,
                        msg!(
                            "data-synonym-not-one-word",
                            word = format!("{:?}", word.value)
                        ),
                    )
                    .with_hint(msg!("data-synonym-not-one-word-hint")),
                );
            } else if let Some((pl, pc)) = seen.get(&folded) {
                out.push(
                    Diagnostic::new(
                        shown(F),
                        l,
                        c,
                        msg!(
                            "data-synonym-word-twice",
                            word = format!("{:?}", word.value),
                            line = *pl,
                            column = *pc
                        ),
                    )
                    .with_hint(msg!("data-synonym-word-twice-hint")),
                );
            } else {
                seen.insert(folded, (l, c));
            }
        }
        for term in &group.terms {
            if !term.value.chars().any(char::is_alphanumeric) {
                let (l, c) = at(term);
                out.push(
                    Diagnostic::new(
                        shown(F),
                        l,
                        c,
                        msg!(
                            "data-synonym-term-empty",
                            term = format!("{:?}", term.value)
                        ),
                    )
                    .with_hint(msg!("data-synonym-term-empty-hint", example = "科技金融")),
                );
            }
        }
    }
    out
}

fn validate_plan(data: &PlanData) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let empty: Vec<Id> = Vec::new();
    let agencies = Ids::define(
        "agencies.yaml",
        msg!("data-kind-body"),
        data.agencies.iter().flatten().map(|a| &a.id),
        &mut out,
    );
    let firms = Ids::define(
        "firms.yaml",
        msg!("data-kind-firm"),
        data.firms
            .iter()
            .flat_map(|f| f.firms.iter())
            .map(|f| &f.id),
        &mut out,
    );
    let sectors = Ids::define(
        "firms.yaml",
        msg!("data-kind-sector"),
        data.firms
            .iter()
            .flat_map(|f| f.sectors.iter())
            .map(|t| &t.id),
        &mut out,
    );
    let directions = Ids::define(
        "firms.yaml",
        msg!("data-kind-direction"),
        data.firms
            .iter()
            .flat_map(|f| f.directions.iter())
            .map(|t| &t.id),
        &mut out,
    );
    let tasks = Ids::define(
        "tasks.yaml",
        msg!("data-kind-task"),
        data.tasks.iter().flatten().map(|t| &t.id),
        &mut out,
    );
    let projects = Ids::define(
        "projects.yaml",
        msg!("data-kind-project"),
        data.projects.iter().flatten().map(|p| &p.id),
        &mut out,
    );
    let categories = Ids::define(
        "services.yaml",
        msg!("data-kind-service-category"),
        data.services
            .iter()
            .flat_map(|s| s.categories.iter())
            .map(|t| &t.id),
        &mut out,
    );
    let services = Ids::define(
        "services.yaml",
        msg!("data-kind-service"),
        data.services
            .iter()
            .flat_map(|s| s.services.iter())
            .map(|s| &s.id),
        &mut out,
    );
    let indicators = Ids::define(
        "indicators.yaml",
        msg!("data-kind-indicator"),
        data.indicators.iter().flatten().map(|i| &i.id),
        &mut out,
    );
    let actions = Ids::define(
        "plan.yaml",
        msg!("data-kind-action"),
        data.plan
            .iter()
            .flat_map(|p| p.actions.iter())
            .map(|a| &a.id),
        &mut out,
    );
    let _ = Ids::define(
        "plan.yaml",
        msg!("data-kind-goal"),
        data.plan.iter().flat_map(|p| p.goals.iter()).map(|g| &g.id),
        &mut out,
    );
    let _ = Ids::define(
        "plan.yaml",
        msg!("data-kind-safeguard"),
        data.plan
            .iter()
            .flat_map(|p| p.safeguards.iter())
            .map(|g| &g.id),
        &mut out,
    );
    let needs = Ids::define(
        "services.yaml",
        msg!("data-kind-need"),
        data.services
            .iter()
            .flat_map(|s| s.needs.iter())
            .map(|t| &t.id),
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
                Diagnostic::new(shown(F), 1, 1, msg!("data-plan-period-reversed"))
                    .with_hint(msg!("data-plan-period-reversed-hint")),
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
                        msg!("data-key-firm-incomplete", id = format!("{:?}", f.id.value)),
                    )
                    .with_hint(msg!("data-key-firm-incomplete-hint")),
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
        for t in file.categories.iter().chain(&file.needs) {
            check_texts(F, &t.id, t, &mut out);
        }
        for s in &file.services {
            check_texts(F, &s.id, s, &mut out);
            categories.check(F, &s.category, &mut out);
            for p in &s.providers {
                agencies.check(F, p, &mut out);
            }
            for n in &s.needs {
                needs.check(F, n, &mut out);
            }
            if let Some(c) = &s.contact {
                check_contact(F, c, &mut out);
            }
            if let Some(url) = s.how_to_apply.as_ref().and_then(|h| h.apply_url.as_ref()) {
                check_web_address(F, "apply_url", url, &mut out);
            }
        }
        check_numbers(F, file.services.iter().map(|s| (s.number, &s.id)), &mut out);
    }
    if let Some(list) = &data.agencies {
        for a in list {
            check_texts("agencies.yaml", &a.id, a, &mut out);
            if let Some(c) = &a.contact {
                check_contact("agencies.yaml", c, &mut out);
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;

    #[test]
    fn id_problems_name_the_kind_in_the_reader_s_language() {
        let ids: Vec<Id> = serde_saphyr::from_str("- rd-x\n- rd-x\n- Bad Id\n").expect("parses");
        let mut out = Vec::new();
        let tasks = Ids::define("tasks.yaml", msg!("data-kind-task"), ids.iter(), &mut out);
        let refs: Vec<Id> = serde_saphyr::from_str("- rd-y\n").expect("parses");
        tasks.check("projects.yaml", &refs[0], &mut out);
        let en: Vec<String> = out.iter().map(|d| d.message.render(Lang::En)).collect();
        assert_eq!(
            en,
            [
                "the task id \"rd-x\" is used twice",
                "the id \"Bad Id\" cannot be used in an address",
                "no task has the id \"rd-y\"",
            ]
        );
        assert_eq!(
            out[0].render(Lang::Zh),
            "data/tasks.yaml:2:3: 任务的 id \"rd-x\" 用了两次\n  提示：同一个文件里每个 id 都必须不同；给其中一个换一个 id"
        );
        assert_eq!(
            out[2].render(Lang::Zh),
            "data/projects.yaml:1:3: 没有 id 为 \"rd-y\" 的任务\n  提示：是不是要写 `rd-x`？这些 id 在 data/tasks.yaml 里定义"
        );
    }

    #[test]
    fn hints_with_braces_show_them_once() {
        let mut out = Vec::new();
        let date: Spanned<String> = serde_saphyr::from_str("2025-13-01").expect("parses");
        check_date("plan.yaml", "issued", &date, &mut out);
        assert_eq!(
            out[0].render(Lang::Zh),
            "data/plan.yaml:1:1: `issued` 不是有效的日期：\"2025-13-01\"\n  提示：日期写成 YYYY-MM-DD，例如 2025-06-23"
        );
        assert_eq!(
            msg!("data-empty-text-hint").render(Lang::En),
            "every text is written in both languages: `{ zh: …, en: … }`, neither empty"
        );
    }
}
