//! Shipped-plan tests: the 12 key indicators of Annex 1 as the repository's own plan publishes
//! them — their 2023 baselines and 2026 targets in both languages, no data claimed that the
//! plan does not give, the headline cards of the home page, and a chart for each that parses
//! as XML. These fail when the shipped data changes; how indicators are computed and shown is
//! tested on `tests/fixtures/plan` in `indicators.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The default site, built once for this file into Cargo's temporary folder for tests.
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_default_site_in_target("shipped-indicators-default-site"))
}

/// (id, 2023 baseline as shown, 2026 target as shown), from Annex 1 of the plan.
const ANNEX_1: [(&str, &str, &str); 12] = [
    ("unicorns-hidden-champions", "6", "8"),
    ("leading-industries-scale", "615.95", "713"),
    ("leading-industries-talent", "2.02", "2.5"),
    ("electronic-info-revenue-share", "26", "33"),
    ("smart-terminal-revenue-share", "8", "13"),
    ("medical-device-revenue-share", "3.1", "4.5"),
    ("quality-incubators", "0", "1–2"),
    ("pct-applications", "349", "360"),
    ("rd-intensity", "2", "2.8"),
    ("labour-productivity", "38", "41"),
    ("invention-patents-per-10k", "64.55", "70"),
    ("park-employment", "8.28", "10"),
];

fn fact(text: &str, label: &str) -> String {
    // The facts list reads "<label> (year) <value> <unit>"; take the value after the label.
    let i = text
        .find(label)
        .unwrap_or_else(|| panic!("{label} missing in {text}"));
    text[i + label.len()..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_string()
}

#[test]
fn the_twelve_indicators_show_their_2023_and_2026_figures_in_both_languages() {
    for (lang, baseline, target) in [("", "基期值", "目标值"), ("en/", "Baseline", "Target")]
    {
        let list = text_of(&read(site(), &format!("{lang}indicators/index.html")));
        for (id, base, goal) in ANNEX_1 {
            let page = text_of(&read(site(), &format!("{lang}indicators/{id}/index.html")));
            assert_eq!(
                fact(&page, &format!("{baseline} (2023)")),
                base,
                "{lang}{id}"
            );
            assert_eq!(fact(&page, &format!("{target} (2026)")), goal, "{lang}{id}");
            assert!(
                list.contains(&format!("{baseline} (2023) {base}")),
                "{lang} list lacks {id}"
            );
        }
    }
}

#[test]
fn the_default_site_claims_no_data_the_plan_does_not_give() {
    let zh = text_of(&read(site(), "indicators/index.html"));
    assert!(zh.contains("12 暂无新数据"), "{zh}");
    assert!(zh.contains("0 已实现") && zh.contains("0 进展顺利"), "{zh}");
    let en = text_of(&read(site(), "en/indicators/index.html"));
    // Once in the overview table, once in each indicator's own section.
    assert_eq!(en.matches("No data since baseline").count(), 24, "{en}");
    // No invented figures, dates or releases: not a demonstration site, no calendar the plan
    // does not give, no release recorded yet.
    assert!(!read(site(), "en/indicators/index.html").contains("illustrative"));
    assert_eq!(
        en.matches("Next figure expected not given").count(),
        12,
        "{en}"
    );
    assert!(!en.contains("Overdue"), "{en}");
    let updates = text_of(&read(site(), "en/updates/index.html"));
    assert!(
        updates.contains("No releases have been recorded yet."),
        "{updates}"
    );
    let zh_updates = text_of(&read(site(), "updates/index.html"));
    assert!(zh_updates.contains("尚未记录任何发布。"), "{zh_updates}");
    assert!(!site().join("data/observations.yaml").exists());
    assert!(!site().join("data/releases").exists());
}

#[test]
fn the_home_page_shows_the_headline_goals_as_indicator_cards() {
    let home = read(site(), "index.html");
    assert!(
        home.contains("class=indicator-card"),
        "the home page's headline goals use cards"
    );
    assert!(home.contains("href=/indicators/rd-intensity/"));
    let en = read(site(), "en/index.html");
    assert!(text_of(&en).contains("Corporate R&D spending as a share of revenue"));
}

#[test]
fn every_chart_of_the_default_site_parses_as_xml_in_both_languages() {
    use planportal::base::lang::Lang;
    use planportal::commands::load_site;
    use planportal::model::LoadOptions;
    use planportal::outputs::html::Renderer;
    let site = load_site(&repo(), &LoadOptions::default()).expect("default site loads");
    let renderer = Renderer::new(&site);
    assert_eq!(site.views.indicators.len(), 12);
    for lang in Lang::ALL {
        for i in 0..site.views.indicators.len() {
            let svg = renderer.chart(lang, i, "chart");
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("chart {i} ({lang:?}) is not XML: {e}\n{svg}"));
            assert_eq!(doc.root_element().tag_name().name(), "svg");
            assert!(!svg.contains("NaN"), "chart {i} ({lang:?})");
        }
    }
}
