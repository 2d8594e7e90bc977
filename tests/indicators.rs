//! The indicator pages of the default site, and what changes when staff add a value.

mod common;

use common::*;

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
    let site = default_site();
    build_ok(site.path());
    for (lang, baseline, target) in [("", "基期值", "目标值"), ("en/", "Baseline", "Target")]
    {
        let list = text_of(&read(site.path(), &format!("{lang}indicators/index.html")));
        for (id, base, goal) in ANNEX_1 {
            let page = text_of(&read(
                site.path(),
                &format!("{lang}indicators/{id}/index.html"),
            ));
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
    let site = default_site();
    build_ok(site.path());
    let zh = text_of(&read(site.path(), "indicators/index.html"));
    assert!(zh.contains("12 暂无新数据"), "{zh}");
    assert!(zh.contains("0 已实现") && zh.contains("0 进展顺利"), "{zh}");
    let en = text_of(&read(site.path(), "en/indicators/index.html"));
    assert_eq!(en.matches("No data since baseline").count(), 12, "{en}");
}

#[test]
fn every_chart_is_well_formed_svg_with_a_text_alternative_and_a_data_table() {
    let site = default_site();
    build_ok(site.path());
    for lang in ["", "en/"] {
        for (id, _, _) in ANNEX_1 {
            let html = read(site.path(), &format!("{lang}indicators/{id}/index.html"));
            let start = html.find("<svg").expect("a chart");
            let end = html[start..].find("</svg>").expect("closed") + start + 6;
            // Minified HTML drops attribute quotes; the SVG written by planportal is
            // checked as XML before minification in the unit tests, so check structure here.
            let svg = &html[start..end];
            assert!(svg.contains("role=img"), "{id}: {svg}");
            assert!(svg.contains("<title") && svg.contains("<desc"), "{id}");
            assert!(
                html.contains("<table class=history>"),
                "{id} has no data table"
            );
            assert!(!svg.contains("NaN"), "{id}");
        }
    }
}

#[test]
fn adding_one_observation_updates_value_progress_status_summary_and_chart_in_both_languages() {
    let site = default_site();
    build_ok(site.path());
    let before_zh = read(site.path(), "indicators/rd-intensity/index.html");
    edit(
        site.path(),
        "data/indicators.yaml",
        "    value: 2.8\n  observations: []",
        "    value: 2.8\n  observations:\n    - { year: 2024, value: 2.3, note: { zh: 测试值, en: test value } }",
    );
    build_ok(site.path());
    let zh = text_of(&read(site.path(), "indicators/rd-intensity/index.html"));
    let en = text_of(&read(site.path(), "en/indicators/rd-intensity/index.html"));
    // Latest value and its year.
    assert!(zh.contains("最新值 2.3 % (2024)"), "{zh}");
    assert!(en.contains("Latest value 2.3 % (2024)"), "{en}");
    // Progress: (2.3 - 2) / (2.8 - 2) = 37.5 %.
    assert!(zh.contains("完成进度 37.5%"), "{zh}");
    assert!(en.contains("Progress 37.5%"), "{en}");
    // Status: 2 → 2.3 in one year is 15 % a year against the 11.9 % needed: on track.
    assert!(zh.contains("状态 进展顺利"), "{zh}");
    assert!(en.contains("Status On track"), "{en}");
    // Summary counts on the list page.
    let list = text_of(&read(site.path(), "indicators/index.html"));
    assert!(
        list.contains("1 进展顺利") && list.contains("11 暂无新数据"),
        "{list}"
    );
    let list_en = text_of(&read(site.path(), "en/indicators/index.html"));
    assert!(
        list_en.contains("1 On track") && list_en.contains("11 No new data"),
        "{list_en}"
    );
    // The chart now draws the observation, and the history table lists it with its note.
    let after_zh = read(site.path(), "indicators/rd-intensity/index.html");
    assert_ne!(before_zh, after_zh);
    assert!(zh.contains("2024 2.3 观测值: 测试值"), "{zh}");
    assert!(
        after_zh.matches("<rect").count() > before_zh.matches("<rect").count(),
        "no observation marker in the chart"
    );
}

#[test]
fn a_range_target_and_a_zero_baseline_work() {
    let site = default_site();
    edit(
        site.path(),
        "data/indicators.yaml",
        "    min: 1\n    max: 2\n  observations: []",
        "    min: 1\n    max: 2\n  observations:\n    - { year: 2025, value: 1 }",
    );
    build_ok(site.path());
    let en = text_of(&read(
        site.path(),
        "en/indicators/quality-incubators/index.html",
    ));
    assert!(en.contains("Target (2026) 1–2"), "{en}");
    assert!(en.contains("Status Target achieved"), "{en}");
}

#[test]
fn the_indicator_shortcode_renders_a_card_and_an_unknown_id_is_an_error() {
    let site = default_site();
    build_ok(site.path());
    let home = read(site.path(), "index.html");
    assert!(
        home.contains("class=indicator-card"),
        "the home page's headline goals use cards"
    );
    assert!(home.contains("href=/indicators/rd-intensity/"));
    let en = read(site.path(), "en/index.html");
    assert!(text_of(&en).contains("Corporate R&D spending as a share of revenue"));

    write(
        site.path(),
        "content/card.md",
        "---\ntitle: 卡片\ntranslation: none\n---\n\n{{ indicator(id=\"rd-intensty\") }}\n",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/card.md:6:1: no indicator has the id \"rd-intensty\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("rd-intensity"),
        "suggests the right id: {}",
        run.stderr
    );
}

#[test]
fn a_reversed_range_is_reported_at_the_indicator() {
    let site = default_site();
    edit(
        site.path(),
        "data/indicators.yaml",
        "    min: 1\n    max: 2",
        "    min: 3\n    max: 2",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("data/indicators.yaml:") && run.stderr.contains("quality-incubators"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_chart_of_the_default_site_parses_as_xml_in_both_languages() {
    use planportal::lang::Lang;
    use planportal::render::Renderer;
    use planportal::site::{LoadOptions, Site};
    let site = Site::load(&repo(), &LoadOptions::default()).expect("default site loads");
    let renderer = Renderer::new(&site);
    assert_eq!(site.views.indicators.len(), 12);
    for lang in Lang::ALL {
        for i in 0..site.views.indicators.len() {
            let svg = renderer.chart(lang, i, "chart");
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("chart {i} ({lang:?}) is not XML: {e}\n{svg}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert_eq!(root.attribute("role"), Some("img"));
            let labelled = root.attribute("aria-labelledby").expect("aria-labelledby");
            for id in labelled.split_whitespace() {
                assert!(
                    doc.descendants().any(|n| n.attribute("id") == Some(id)),
                    "{id} missing"
                );
            }
            assert!(!svg.contains("style="), "no inline styles (CSP)");
        }
    }
}
