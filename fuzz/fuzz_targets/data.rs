//! Data files: any text as any of the seven files of `data/` never panics, through YAML
//! parsing and the cross-file checks; every problem points at a place. An indicator that
//! passes its checks also gets its progress computed and its chart drawn, as a build does.
//!
//! The first byte chooses the file (plan, tasks, projects, firms, services, agencies,
//! indicators); the rest is its text.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use planportal::base::yaml;
use planportal::input::data::indicator::Thresholds;
use planportal::input::data::{self, PlanData};
use planportal::model::progress;
use planportal::outputs::html::{render_svg, ChartLabels};

#[path = "common.rs"]
mod common;

fn parse<T: serde::de::DeserializeOwned>(text: &str, name: &str) -> Option<T> {
    let shown = Path::new("data").join(name);
    match yaml::parse::<T>(text, &shown, 1) {
        Ok(v) => Some(v),
        Err(d) => {
            common::check_diagnostics(std::slice::from_ref(&d), text);
            None
        }
    }
}

const LABELS: ChartLabels<'static> = ChartLabels {
    title: "Chart",
    baseline: "Baseline",
    target: "Target",
    observed: "Observed",
    year: "Year",
    unit: "%",
    desc: "A chart.",
};

fuzz_target!(|bytes: &[u8]| {
    let Some((&selector, body)) = bytes.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(body);
    let index = usize::from(selector) % data::FILES.len();
    let name = data::FILES[index];
    let mut plan = PlanData::default();
    let parsed = match index {
        0 => parse(&text, name).map(|v| plan.plan = Some(v)),
        1 => parse(&text, name).map(|v| plan.tasks = Some(v)),
        2 => parse(&text, name).map(|v| plan.projects = Some(v)),
        3 => parse(&text, name).map(|v| plan.firms = Some(v)),
        4 => parse(&text, name).map(|v| plan.services = Some(v)),
        5 => parse(&text, name).map(|v| plan.agencies = Some(v)),
        _ => parse(&text, name).map(|v| plan.indicators = Some(v)),
    };
    if parsed.is_none() {
        return;
    }
    let diagnostics = data::validate(&plan);
    common::check_diagnostics(&diagnostics, &text);
    for ind in plan.indicators.iter().flatten() {
        if !ind.validate().is_empty() {
            continue;
        }
        let progress = progress::compute(ind, &Thresholds::default());
        let svg = render_svg(ind, &progress, &LABELS, "chart-x");
        assert!(!has_word(&svg, "NaN") && !has_word(&svg, "inf"), "{svg}");
    }
});

/// `word` standing alone (not inside a longer word), as a formatted non-finite number would.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
