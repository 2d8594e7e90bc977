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
    assert_eq!(en.matches("No data since baseline").count(), 12, "{en}");
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
fn every_chart_of_the_default_site_parses_as_xml_names_its_unit_and_counts_in_whole_numbers() {
    use planportal::base::lang::Lang;
    use planportal::commands::load_site;
    use planportal::model::LoadOptions;
    use planportal::outputs::html::Renderer;
    let site = load_site(&repo(), &LoadOptions::default()).expect("default site loads");
    let renderer = Renderer::new(&site);
    assert_eq!(site.views.indicators.len(), 12);
    for lang in Lang::ALL {
        for i in 0..site.views.indicators.len() {
            let indicator = &site.views.indicators[i].indicator;
            let unit = indicator.unit.get(lang.code());
            // A count (firms, incubators, applications): whole-number ticks.
            let count = ["家", "件"].contains(&indicator.unit.get("zh"));
            let both = renderer.chart(lang, i, "chart");
            for svg in both.split_inclusive("</svg>") {
                let doc = roxmltree::Document::parse(svg)
                    .unwrap_or_else(|e| panic!("chart {i} ({lang:?}) is not XML: {e}\n{svg}"));
                assert_eq!(doc.root_element().tag_name().name(), "svg");
                assert!(!svg.contains("NaN"), "chart {i} ({lang:?})");
                // The value axis title names the unit.
                let title: String = doc
                    .descendants()
                    .filter(|n| {
                        n.attribute("class")
                            .is_some_and(|c| c.split_whitespace().any(|c| c == "chart-unit"))
                    })
                    .flat_map(|n| n.descendants())
                    .filter_map(|n| n.text())
                    .collect::<Vec<_>>()
                    .join(" ");
                assert!(title.contains(unit), "chart {i} ({lang:?}): {title:?}");
                let ticks: Vec<f64> = doc
                    .descendants()
                    .filter(|n| n.attribute("class") == Some("chart-tick-label"))
                    .filter(|n| n.attribute("text-anchor") == Some("end"))
                    .filter_map(|n| n.text()?.parse().ok())
                    .collect();
                assert!(ticks.len() >= 4, "chart {i}: {ticks:?}");
                if count {
                    assert!(
                        ticks.iter().all(|t| t.fract() == 0.0),
                        "chart {i} counts {unit}: {ticks:?}"
                    );
                }
            }
        }
    }
}
