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

/// (id, 2023 baseline and 2026 target as shown in Chinese, then in English), from Annex 1 of
/// the plan: Chinese keeps the plan's units, English scales them without losing a digit.
const ANNEX_1: [(&str, [&str; 2], [&str; 2]); 12] = [
    (
        "unicorns-hidden-champions",
        ["6家", "8家"],
        ["6 firms", "8 firms"],
    ),
    (
        "leading-industries-scale",
        ["615.95亿元", "713亿元"],
        ["61.595 billion yuan", "71.3 billion yuan"],
    ),
    (
        "leading-industries-talent",
        ["2.02万人", "2.5万人"],
        ["20,200 people", "25,000 people"],
    ),
    (
        "electronic-info-revenue-share",
        ["26%", "33%"],
        ["26 %", "33 %"],
    ),
    (
        "smart-terminal-revenue-share",
        ["8%", "13%"],
        ["8 %", "13 %"],
    ),
    (
        "medical-device-revenue-share",
        ["3.1%", "4.5%"],
        ["3.1 %", "4.5 %"],
    ),
    (
        "quality-incubators",
        ["0家", "1–2家"],
        ["0 incubators", "1–2 incubators"],
    ),
    (
        "pct-applications",
        ["349件", "360件"],
        ["349 applications", "360 applications"],
    ),
    ("rd-intensity", ["2%", "2.8%"], ["2 %", "2.8 %"]),
    (
        "labour-productivity",
        ["38万元/人", "41万元/人"],
        ["380,000 yuan per person", "410,000 yuan per person"],
    ),
    (
        "invention-patents-per-10k",
        ["64.55件/万人", "70件/万人"],
        [
            "64.55 patents per 10,000 population",
            "70 patents per 10,000 population",
        ],
    ),
    (
        "park-employment",
        ["8.28万人", "10万人"],
        ["82,800 people", "100,000 people"],
    ),
];

#[test]
fn the_twelve_indicators_show_their_2023_and_2026_figures_in_both_languages() {
    for (n, lang, baseline, target) in [
        (0, "", "基期值（2023）", "目标值（2026）"),
        (1, "en/", "Baseline (2023)", "Target (2026)"),
    ] {
        let list = text_of(&read(site(), &format!("{lang}indicators/index.html")));
        for (id, zh, en) in ANNEX_1 {
            let (base, goal) = if n == 0 {
                (zh[0], zh[1])
            } else {
                (en[0], en[1])
            };
            let page = text_of(&read(site(), &format!("{lang}indicators/{id}/index.html")));
            assert!(
                page.contains(&format!("{baseline} {base}")),
                "{lang}{id}: {baseline} {base} missing in {page}"
            );
            assert!(
                page.contains(&format!("{target} {goal}")),
                "{lang}{id}: {target} {goal} missing in {page}"
            );
            assert!(
                list.contains(&format!("{baseline} {base}")),
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
fn every_chart_of_the_default_site_parses_as_xml_names_its_unit_and_counts_in_whole_numbers() {
    use planportal::base::lang::Lang;
    use planportal::base::quantity;
    use planportal::commands::load_site;
    use planportal::model::LoadOptions;
    use planportal::outputs::html::Renderer;
    let site = load_site(&repo(), &LoadOptions::default()).expect("default site loads");
    let renderer = Renderer::new(&site);
    assert_eq!(site.views.indicators.len(), 12);
    for lang in Lang::ALL {
        for i in 0..site.views.indicators.len() {
            let indicator = &site.views.indicators[i].indicator;
            // The unit as the page's language writes it ("10,000 people" → "people" in English,
            // where the numbers are scaled instead).
            let unit = quantity::unit_label(&indicator.unit, lang);
            let unit = unit.as_str();
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
                    .filter_map(|n| n.text()?.replace(',', "").parse().ok())
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
