//! Shipped-plan tests of the site's words: figures written by the one quantity formatter in
//! each language, punctuation of the page's language, the plan's own wording for who
//! implements what (Annex 2's 实施主体), the site's own cross-references labelled as such,
//! the 700/713 note wherever either figure shows, /plan/ with each section once and a full
//! table of contents, and the glossary check passing. These fail when the plan's text or
//! figures change; the rules themselves are tested in `check.rs` and the unit tests of
//! `base::quantity` and `base::typography`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The default site, built once for the read-only tests of this file.
fn built() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_default_site_in_target("shipped_words"))
}

fn page(rel: &str) -> String {
    read(built(), rel)
}

/// Every HTML page of the built site: (path below public/, text).
fn html_pages() -> Vec<(String, String)> {
    let public = built().join("public");
    let mut out = Vec::new();
    let mut stack = vec![public.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn is_english(rel: &str) -> bool {
    rel.starts_with("en/")
}

#[test]
fn english_pages_have_no_chinese_list_comma() {
    let bad: Vec<String> = html_pages()
        .into_iter()
        .filter(|(rel, html)| is_english(rel) && html.contains('、'))
        .map(|(rel, _)| rel)
        .collect();
    assert!(bad.is_empty(), "English pages with “、”: {bad:?}");
}

#[test]
fn no_number_is_glued_to_a_unit_and_units_read_as_each_language_expects() {
    for (rel, html) in html_pages() {
        let text = text_of(&html);
        for (i, _) in text.match_indices("10,000 people") {
            let before = text[..i].trim_end().chars().next_back();
            assert!(
                !before.is_some_and(|c| c.is_ascii_digit()),
                "{rel}: a number glued to “10,000 people”: …{}…",
                &text[i.saturating_sub(30)..(i + 13).min(text.len())]
            );
        }
        assert!(
            !text.contains("CNY 100 million"),
            "{rel}: 亿元 written as “CNY 100 million”"
        );
        if !is_english(&rel) {
            for unit in ["亿元", "万人", "万元/人"] {
                for (i, _) in text.match_indices(&format!(" {unit}")) {
                    assert!(
                        !text[..i].ends_with(|c: char| c.is_ascii_digit()),
                        "{rel}: a space between a number and {unit}"
                    );
                }
            }
        }
    }

    let scale_en = page("en/indicators/leading-industries-scale/index.html");
    for s in [
        "61.595 billion yuan",
        "71.3 billion yuan",
        "Unit: billion yuan",
        "Baseline 2023: 61.595 billion yuan; Target 2026: 71.3 billion yuan;",
    ] {
        assert!(scale_en.contains(s), "missing {s:?}");
    }
    let people_en = text_of(&page("en/indicators/park-employment/index.html"));
    for s in ["82,800 people", "100,000 people"] {
        assert!(people_en.contains(s), "missing {s:?}");
    }
    let rd_en = text_of(&page("en/indicators/rd-intensity/index.html"));
    assert!(rd_en.contains("2.8 %"), "{rd_en}");
    let zh = text_of(&page("indicators/index.html"));
    for s in [
        "615.95亿元",
        "713亿元",
        "8.28万人",
        "2.8%",
        "38万元/人",
        "64.55件/万人",
    ] {
        assert!(zh.contains(s), "missing {s:?}");
    }
    let home_en = text_of(&page("en/index.html"));
    assert!(home_en.contains("70 billion yuan"), "{home_en}");
}

#[test]
fn the_700_713_note_is_on_every_page_showing_either_figure() {
    let figures = ["700亿元", "713亿元", "70 billion yuan", "71.3 billion yuan"];
    let mut pages = Vec::new();
    for (rel, html) in html_pages() {
        let text = text_of(&html);
        if !figures.iter().any(|f| text.contains(f)) {
            continue;
        }
        pages.push(rel.clone());
        // The note names both figures, in the page's language.
        let (a, b) = if is_english(&rel) {
            ("70 billion yuan", "71.3 billion yuan (713亿元)")
        } else {
            ("700亿元", "713亿元")
        };
        assert!(
            text.contains(a) && text.contains(b),
            "{rel} shows the figure without the 700/713 note"
        );
        assert!(html.contains("figure-note"), "{rel}: no note element");
    }
    for must in [
        "plan/index.html",
        "en/plan/index.html",
        "indicators/leading-industries-scale/index.html",
        "en/indicators/leading-industries-scale/index.html",
        "news/plan-issued/index.html",
        "en/news/plan-issued/index.html",
        "index.html",
        "en/index.html",
    ] {
        assert!(
            pages.iter().any(|p| p == must),
            "{must} not among {pages:?}"
        );
    }
    // Written once, in the data: no page's Markdown types the note.
    let content = repo().join("content");
    for entry in walk(&content) {
        let text = std::fs::read_to_string(&entry).unwrap();
        assert!(
            !(text.contains("713") && text.contains("700")),
            "{} types both figures; use the indicator's note (indicator_note shortcode)",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn bodies_are_implementing_bodies_of_actions_as_annex_2_says() {
    let stc = text_of(&page("agencies/district-stc/index.html"));
    for n in 1..=5 {
        assert!(
            stc.contains(&format!("行动{n}的实施主体（附件2）")),
            "区科委 is an implementing body of all five actions: {stc}"
        );
    }
    let economy_en = text_of(&page("en/agencies/district-economy/index.html"));
    assert!(
        economy_en.contains("Implementing body of action 2 (Annex 2)"),
        "{economy_en}"
    );
    let task = text_of(&page("en/tasks/spatial-layout/index.html"));
    assert!(
        task.contains("This action's implementing bodies (Annex 2)"),
        "{task}"
    );
    assert!(text_of(&page("tasks/spatial-layout/index.html")).contains("本行动的实施主体（附件2）"));
    for (rel, html) in html_pages() {
        let text = text_of(&html);
        for wrong in [
            "牵头的重点行动",
            "Actions it leads",
            "方案未列出",
            "None listed in the plan",
            "responsible bodies",
            "Responsible bodies",
        ] {
            assert!(!text.contains(wrong), "{rel} says {wrong:?}");
        }
    }
}

#[test]
fn site_cross_references_are_labelled_and_empty_lists_say_so() {
    let task = text_of(&page("en/tasks/firm-innovation-capability/index.html"));
    assert!(task.contains("(linked by this site)"), "{task}");
    assert!(task.contains("cross-references this site draws"), "{task}");
    let project = text_of(&page("projects/quality-incubators/index.html"));
    assert!(project.contains("相关任务（本站关联）"), "{project}");
    let indicator = text_of(&page("en/indicators/rd-intensity/index.html"));
    assert!(
        indicator.contains("Tasks this site links to this indicator"),
        "{indicator}"
    );
    let empty = text_of(&page("en/tasks/spatial-layout/index.html"));
    assert!(empty.contains("None linked on this site."), "{empty}");
}

#[test]
fn annex_2_wording_of_action_2_is_shown_as_the_annexs() {
    for rel in [
        "tasks/index.html",
        "en/tasks/index.html",
        "plan/index.html",
        "en/plan/index.html",
        "tasks/electronic-information-industry/index.html",
        "en/tasks/medical-device-industry/index.html",
        "agencies/district-economy/index.html",
    ] {
        let text = text_of(&page(rel));
        assert!(text.contains("特色产业提质增效行动"), "{rel}");
        assert!(
            text.contains("附件2的写法") || text.contains("Annex 2's wording"),
            "{rel}"
        );
    }
}

#[test]
fn hedges_of_the_plan_are_kept_in_english() {
    let operator = text_of(&page("en/tasks/operation-service-mechanism/index.html"));
    assert!(operator.contains("explores"), "{operator}");
    assert!(!operator.contains("takes charge of"), "{operator}");
    let finance = text_of(&page(
        "en/tasks/capital-talent-innovation-integration/index.html",
    ));
    assert!(
        finance.contains("explores combining grants with equity"),
        "{finance}"
    );
}

#[test]
fn the_plan_page_shows_each_section_once_and_lists_every_section() {
    for (rel, safeguards, titles) in [
        (
            "plan/index.html",
            "保障措施",
            ["加强政策协同", "加强品牌宣传"],
        ),
        (
            "en/plan/index.html",
            "Safeguards",
            ["Stronger policy coordination", "Stronger brand promotion"],
        ),
    ] {
        let html = page(rel);
        assert_eq!(
            html.matches(&format!(">{safeguards}</h2>")).count(),
            1,
            "{rel}: the safeguards section must appear once"
        );
        for t in titles {
            assert_eq!(html.matches(&format!(">{t}</h3>")).count(), 1, "{rel}: {t}");
        }
        let toc_start = html.find("class=toc").expect("a table of contents");
        let toc = &html[toc_start..toc_start + html[toc_start..].find("</nav>").unwrap()];
        let headings: Vec<String> = attr_values(&html, "id")
            .into_iter()
            .filter(|id| {
                html.contains(&format!("<h2 id={id}>"))
                    || html.contains(&format!("<h2 id=\"{id}\">"))
            })
            .filter(|id| id != "toc-title")
            .collect();
        assert!(headings.len() >= 7, "{rel}: {headings:?}");
        for id in &headings {
            assert!(
                toc.contains(&format!("href=#{id}")) || toc.contains(&format!("href=\"#{id}\"")),
                "{rel}: the table of contents lacks #{id}"
            );
        }
    }
}

#[test]
fn english_names_follow_the_glossary() {
    let home = page("en/index.html");
    assert!(
        home.contains(
            "Zhangjiang Hi-Tech Park Songjiang Sub-park Reform and Innovation Development Action Plan"
        ),
        "the English site title keeps “Development”"
    );
    for (rel, html) in html_pages() {
        if !is_english(&rel) {
            continue;
        }
        for variant in [
            "Torch Program ",
            "concept verification",
            "Sci-Tech Service Center",
            "Sci-Tech Innovation Service Center",
            "Reform and Innovation Action Plan",
        ] {
            assert!(!html.contains(variant), "{rel} uses {variant:?}");
        }
    }
    let run = planportal(built(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}
