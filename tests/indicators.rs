//! Engine tests on the `plan` fixture (`tests/fixtures/plan/data/indicators.yaml`: four
//! fictional indicators, on track, achieved, moving away and without data): the indicator
//! pages, the statuses computed from the observations, the charts, and what changes when staff
//! add a value. The shipped plan's 12 indicators are checked in `shipped_indicators.rs`.

mod common;

use common::*;

/// (id, 2023 baseline and 2026 target as shown in Chinese, then in English), from the
/// fixture's indicators.yaml: each language writes number and unit its own way.
const FIXTURE: [(&str, [&str; 2], [&str; 2]); 4] = [
    ("example-firms", ["10家", "16家"], ["10 firms", "16 firms"]),
    ("example-share", ["20%", "25%"], ["20 %", "25 %"]),
    (
        "example-waiting-days",
        ["30天", "20天"],
        ["30 days", "20 days"],
    ),
    (
        "example-incubators",
        ["0家", "1–2家"],
        ["0 incubators", "1–2 incubators"],
    ),
];

#[test]
fn the_indicators_show_their_baseline_and_target_figures_in_both_languages() {
    let site = fixture("plan");
    build_ok(site.path());
    for (n, lang, baseline, target) in [
        (0, "", "基期值（2023）", "目标值（2026）"),
        (1, "en/", "Baseline (2023)", "Target (2026)"),
    ] {
        let list = text_of(&read(site.path(), &format!("{lang}indicators/index.html")));
        for (id, zh, en) in FIXTURE {
            let (base, goal) = if n == 0 {
                (zh[0], zh[1])
            } else {
                (en[0], en[1])
            };
            let page = text_of(&read(
                site.path(),
                &format!("{lang}indicators/{id}/index.html"),
            ));
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
fn statuses_follow_the_observations_and_no_data_is_claimed_without_one() {
    let site = fixture("plan");
    build_ok(site.path());
    // One indicator of each: achieved, on track, moving away (counted as needing attention)
    // and without an observation since the baseline.
    let zh = text_of(&read(site.path(), "indicators/index.html"));
    assert!(zh.contains("1 暂无新数据"), "{zh}");
    assert!(
        zh.contains("1 已实现 1 进展顺利 0 有一定进展 1 需要关注"),
        "{zh}"
    );
    let en = text_of(&read(site.path(), "en/indicators/index.html"));
    // Once in the overview table, once in the indicator's own section.
    assert_eq!(en.matches("No data since baseline").count(), 2, "{en}");
    assert!(
        en.contains("1 Achieved 1 On track 0 Moderate progress 1 Need attention 1 No new data"),
        "{en}"
    );
    for (id, zh_status, en_status) in [
        ("example-firms", "进展顺利", "On track"),
        ("example-share", "已实现目标", "Target achieved"),
        ("example-waiting-days", "偏离目标", "Moving away"),
        (
            "example-incubators",
            "基期后暂无数据",
            "No data since baseline",
        ),
    ] {
        let zh = text_of(&read(site.path(), &format!("indicators/{id}/index.html")));
        assert!(zh.contains(&format!("状态 {zh_status}")), "{id}: {zh}");
        let en = text_of(&read(
            site.path(),
            &format!("en/indicators/{id}/index.html"),
        ));
        assert!(en.contains(&format!("Status {en_status}")), "{id}: {en}");
    }
    // Without an observation the page says so instead of inventing a latest value.
    let en = text_of(&read(
        site.path(),
        "en/indicators/example-incubators/index.html",
    ));
    assert!(en.contains("Latest value No data yet"), "{en}");
}

#[test]
fn every_chart_is_well_formed_svg_with_a_text_alternative_and_a_data_table() {
    let site = fixture("plan");
    build_ok(site.path());
    for lang in ["", "en/"] {
        for (id, _, _) in FIXTURE {
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
    let site = fixture("plan");
    build_ok(site.path());
    let before_zh = read(site.path(), "indicators/example-firms/index.html");
    let before_list = text_of(&read(site.path(), "indicators/index.html"));
    assert!(
        before_list.contains("1 进展顺利 0 有一定进展 1 需要关注"),
        "{before_list}"
    );
    edit(
        site.path(),
        "data/indicators.yaml",
        "    value: 16\n  observations:\n    - { year: 2024, value: 13 }",
        "    value: 16\n  observations:\n    - { year: 2024, value: 13 }\n    - { year: 2025, value: 11, note: { zh: 测试值, en: test value } }",
    );
    build_ok(site.path());
    let zh = text_of(&read(site.path(), "indicators/example-firms/index.html"));
    let en = text_of(&read(site.path(), "en/indicators/example-firms/index.html"));
    // Latest value and its year.
    assert!(zh.contains("最新值 11家（2025）"), "{zh}");
    assert!(en.contains("Latest value 11 firms (2025)"), "{en}");
    // Progress: (11 - 10) / (16 - 10) = 16.67 %.
    assert!(zh.contains("完成进度 16.67%"), "{zh}");
    assert!(en.contains("Progress 16.67 %"), "{en}");
    // Status: 10 → 11 in two years is 4.9 % a year against the 17 % needed (ratio 0.29):
    // limited progress, no longer on track.
    assert!(zh.contains("状态 进展有限"), "{zh}");
    assert!(en.contains("Status Limited progress"), "{en}");
    // Summary counts on the list page: limited progress joins moving away under "needs
    // attention".
    let list = text_of(&read(site.path(), "indicators/index.html"));
    assert!(
        list.contains("0 进展顺利 0 有一定进展 2 需要关注") && list.contains("1 暂无新数据"),
        "{list}"
    );
    let list_en = text_of(&read(site.path(), "en/indicators/index.html"));
    assert!(
        list_en.contains("0 On track 0 Moderate progress 2 Need attention")
            && list_en.contains("1 No new data"),
        "{list_en}"
    );
    // The chart now draws the observation, and the history table lists it with its note.
    let after_zh = read(site.path(), "indicators/example-firms/index.html");
    assert_ne!(before_zh, after_zh);
    // Year, value, status (none given: "observed"), publication (none given), note.
    assert!(zh.contains("2025 11家 观测值 未注明 测试值"), "{zh}");
    assert!(
        after_zh.matches("<rect").count() > before_zh.matches("<rect").count(),
        "no observation marker in the chart"
    );
}

#[test]
fn a_range_target_and_a_zero_baseline_work() {
    let site = fixture("plan");
    edit(
        site.path(),
        "data/indicators.yaml",
        "    min: 1\n    max: 2\n  observations: []",
        "    min: 1\n    max: 2\n  observations:\n    - { year: 2025, value: 1 }",
    );
    build_ok(site.path());
    let en = text_of(&read(
        site.path(),
        "en/indicators/example-incubators/index.html",
    ));
    assert!(en.contains("Target (2026) 1–2"), "{en}");
    assert!(en.contains("Status Target achieved"), "{en}");
}

#[test]
fn the_indicator_shortcode_renders_a_card_and_an_unknown_id_is_an_error() {
    let site = fixture("plan");
    build_ok(site.path());
    let home = read(site.path(), "index.html");
    assert!(
        home.contains("class=indicator-card"),
        "the home page's headline goal uses a card"
    );
    assert!(home.contains("href=/indicators/example-firms/"));
    let en = read(site.path(), "en/index.html");
    assert!(text_of(&en).contains("Number of example firms"));

    write(
        site.path(),
        "content/card.md",
        "---\ntitle: 卡片\ntranslation: none\n---\n\n{{ indicator(id=\"example-firmz\") }}\n",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/card.md:6:1: no indicator has the id \"example-firmz\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("example-firms"),
        "suggests the right id: {}",
        run.stderr
    );
}

#[test]
fn a_reversed_range_is_reported_at_the_indicator() {
    let site = fixture("plan");
    edit(
        site.path(),
        "data/indicators.yaml",
        "    min: 1\n    max: 2",
        "    min: 3\n    max: 2",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("data/indicators.yaml:") && run.stderr.contains("example-incubators"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_chart_parses_as_xml_in_both_languages() {
    use planportal::base::lang::Lang;
    use planportal::commands::load_site;
    use planportal::model::LoadOptions;
    use planportal::outputs::html::Renderer;
    let root = fixture("plan");
    let site = load_site(root.path(), &LoadOptions::default()).expect("the plan fixture loads");
    let renderer = Renderer::new(&site);
    assert_eq!(site.views.indicators.len(), 4);
    for lang in Lang::ALL {
        for i in 0..site.views.indicators.len() {
            // Two layouts, the wide one first (see outputs/html/chart.rs).
            let both = renderer.chart(lang, i, "chart");
            let charts: Vec<String> = both.split_inclusive("</svg>").map(str::to_string).collect();
            assert_eq!(charts.len(), 2, "{both}");
            for (svg, layout) in charts.iter().zip(["chart-wide", "chart-narrow"]) {
                let doc = roxmltree::Document::parse(svg)
                    .unwrap_or_else(|e| panic!("chart {i} ({lang:?}) is not XML: {e}\n{svg}"));
                let root = doc.root_element();
                assert_eq!(root.tag_name().name(), "svg");
                assert_eq!(root.attribute("role"), Some("img"));
                assert!(root.attribute("class").is_some_and(|c| c.contains(layout)));
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
}
