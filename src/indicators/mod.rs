//! The plan's key indicators: the data file's shape ([`model`]), how far each indicator has
//! come and whether it is on track ([`status`], after the Statistics Canada / Open SDG
//! progress method), and the SVG chart drawn for each at build time ([`chart`]).
//!
//! The usual flow: parse `data/indicators.yaml` into `Vec<Indicator>`, check each with
//! [`Indicator::validate`], compute a [`Progress`] for each with [`compute`] and the
//! thresholds from `config.toml`, count them with [`summarize`] for the overview, and draw
//! each chart with [`chart::render_svg`] in the page's language.

pub mod chart;
pub mod model;
pub mod status;

pub use model::*;
pub use status::{
    compute, summarize, Caveat, IndicatorStatus, Method, Progress, RateKind, Summary, Thresholds,
    ThresholdsError,
};

/// The checks of [`Indicator::validate`] as diagnostics at the indicator's id in `file`.
pub fn validate(indicator: &Indicator, file: &std::path::Path) -> Vec<crate::error::Diagnostic> {
    let (line, column) = crate::yaml::place(&indicator.id.referenced, 1);
    indicator
        .validate()
        .into_iter()
        .map(|problem| {
            crate::error::Diagnostic::new(file, line, column, problem.to_string()).with_hint(
                "check the years and values of this indicator against the plan's Annex 1",
            )
        })
        .collect()
}
