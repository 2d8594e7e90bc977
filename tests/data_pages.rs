//! Engine tests on the `plan` fixture (`tests/fixtures/plan`, a small fictional plan): the
//! plan's data as pages — every entity on its pages in both languages, the web of cross-links,
//! filters without JavaScript — and data errors reported with file:line:column. The shipped
//! plan's own counts and pages are checked in `shipped_plan_data.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The plan fixture, built once for the read-only tests of this file.
fn built() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_fixture_in_target("plan", "data-pages-plan-fixture"))
}

fn page(rel: &str) -> String {
    read(built(), rel)
}

fn entity_links(html: &str, prefix: &str, section: &str) -> std::collections::BTreeSet<String> {
    let start = format!("{prefix}{section}/");
    attr_values(html, "href")
        .into_iter()
        .filter(|h| {
            h.starts_with(&start)
                && h.len() > start.len()
                && h.ends_with('/')
                && h[start.len()..]
                    .trim_end_matches('/')
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .collect()
}

#[test]
fn all_tasks_projects_firms_and_services_are_listed_in_both_languages() {
    for prefix in ["/", "/en/"] {
        let dir = prefix.trim_start_matches('/');
        let tasks = entity_links(&page(&format!("{dir}tasks/index.html")), prefix, "tasks");
        assert_eq!(tasks.len(), 4, "{prefix}tasks/: {tasks:?}");
        let projects = entity_links(
            &page(&format!("{dir}projects/index.html")),
            prefix,
            "projects",
        );
        assert_eq!(projects.len(), 2, "{prefix}projects/: {projects:?}");
        let firms_html = page(&format!("{dir}firms/index.html"));
        let firms = entity_links(&firms_html, prefix, "firms");
        assert_eq!(
            firms.len(),
            4,
            "3 key firms and 1 other named in the fixture: {firms:?}"
        );
        let services = entity_links(
            &page(&format!("{dir}services/index.html")),
            prefix,
            "services",
        );
        assert_eq!(services.len(), 3, "{prefix}services/: {services:?}");
        for link in tasks.iter().chain(&projects).chain(&firms).chain(&services) {
            let file = format!("{}index.html", link.trim_start_matches('/'));
            assert!(
                built().join("public").join(&file).exists(),
                "{link} has no page"
            );
        }
    }
}

#[test]
fn key_firms_are_grouped_by_their_sectors() {
    let html = page("firms/index.html");
    let text = text_of(&html);
    for sector in ["示例领域一", "示例领域二"] {
        assert!(text.contains(sector), "sector {sector} missing");
    }
    // The fixture puts 2 key firms in sector one (示例甲, 示例乙).
    let start = html
        .find("id=sector-example-sector-one")
        .expect("sector section");
    let end = html[start..].find("</section>").unwrap() + start;
    assert_eq!(html[start..end].matches("href=/firms/").count(), 2);
}

#[test]
fn firm_filters_work_without_javascript() {
    let html = page("firms/direction/example-direction-one/index.html");
    let text = text_of(&html);
    // The fixture: 示例甲 and 示例丙 are in direction one.
    let firms = entity_links(&html, "/", "firms");
    assert_eq!(firms.len(), 2, "{firms:?}");
    assert!(text.contains("示例甲科技有限公司"));
    assert!(!text.contains("示例乙制造有限公司"), "{text}");
    assert!(
        html.contains("aria-current=page"),
        "the active filter is marked"
    );
    let en = page("en/firms/sector/example-sector-two/index.html");
    assert_eq!(
        entity_links(&en, "/en/", "firms").len(),
        1,
        "the fixture has 1 firm in sector two"
    );
}

#[test]
fn a_firm_page_lists_every_task_and_project_that_names_it() {
    let html = page("firms/example-company-a/index.html");
    let tasks = entity_links(&html, "/", "tasks");
    for t in ["/tasks/example-task-two/", "/tasks/example-task-three/"] {
        assert!(tasks.iter().any(|x| x == t), "{t} missing from {tasks:?}");
    }
    assert!(
        entity_links(&html, "/", "projects").contains("/projects/example-project-one/"),
        "Example Company A implements a key project"
    );
    let en = page("en/firms/example-company-a/index.html");
    assert!(text_of(&en).contains("Example Company A"));
}

#[test]
fn an_agency_page_lists_its_tasks_and_services() {
    let html = page("agencies/example-bureau-a/index.html");
    assert_eq!(
        entity_links(&html, "/", "tasks").len(),
        4,
        "Bureau A implements every action's tasks"
    );
    let services = entity_links(&html, "/", "services");
    assert!(
        services.contains("/services/example-policy-service/"),
        "{services:?}"
    );
    let b = page("en/agencies/example-bureau-b/index.html");
    assert!(entity_links(&b, "/en/", "services").contains("/en/services/example-premises-service/"));
}

#[test]
fn a_task_page_links_its_action_bodies_and_firms() {
    let html = page("tasks/example-task-three/index.html");
    assert!(
        html.contains("href=/tasks/#example-action-two"),
        "action link: {}",
        text_of(&html)
    );
    assert!(entity_links(&html, "/", "agencies").contains("/agencies/example-bureau-a/"));
    assert!(entity_links(&html, "/", "firms").contains("/firms/example-company-a/"));
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let broken = broken_internal_links(&built().join("public"), "/");
    assert!(
        broken.is_empty(),
        "{} broken links, e.g. {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );
}

#[test]
fn every_chinese_page_has_its_english_counterpart() {
    let files = snapshot(&built().join("public"));
    let missing: Vec<&String> = files
        .keys()
        .filter(|k| k.ends_with(".html") && !k.starts_with("en/") && !k.starts_with("tags/"))
        .filter(|k| !files.contains_key(&format!("en/{k}")))
        .collect();
    assert!(missing.is_empty(), "no English counterpart: {missing:?}");
}

#[test]
fn the_home_page_leads_into_every_section_in_both_languages() {
    for (prefix, file) in [("/", "index.html"), ("/en/", "en/index.html")] {
        let html = page(file);
        for section in [
            "plan",
            "tasks",
            "projects",
            "firms",
            "services",
            "agencies",
            "indicators",
            "news",
        ] {
            assert!(
                html.contains(&format!("href={prefix}{section}/")),
                "{file} lacks a way into {section}"
            );
        }
    }
}

#[test]
fn the_plan_page_shows_the_document_identity() {
    let text = text_of(&page("plan/index.html"));
    for fact in [
        "示例〔2025〕1号",
        "2025-03-10",
        "2025-03-12",
        "2025–2026",
        "示例区人民政府",
    ] {
        assert!(text.contains(fact), "{fact} missing from /plan/");
    }
    let en = text_of(&page("en/plan/index.html"));
    assert!(
        en.contains("示例〔2025〕1号") && en.contains("Example District Government"),
        "{en}"
    );
}

// ---- Data errors on copies of the plan fixture ----

fn data_error(file: &str, from: &str, to: &str, expected: &[&str]) {
    let site = fixture("plan");
    edit(site.path(), file, from, to);
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in:\n{}", run.stderr);
    }
    assert!(!site.path().join("public").exists());
}

/// `file:line:column` of `value` on the first line of the fixture's `file` that contains
/// `needle`.
fn place(file: &str, needle: &str, value: &str) -> String {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/plan").join(file)).unwrap();
    let (i, l) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    let col = l[..l.find(value).unwrap()].chars().count() + 1;
    format!("{file}:{}:{col}", i + 1)
}

#[test]
fn a_dangling_reference_is_reported_at_its_place_with_a_suggestion() {
    let at = place(
        "data/tasks.yaml",
        "    - example-bureau-a",
        "example-bureau-a",
    );
    data_error(
        "data/tasks.yaml",
        "    - example-bureau-a",
        "    - example-bureau-aa",
        &[
            &format!("{at}: no body has the id \"example-bureau-aa\""),
            "did you mean `example-bureau-a`",
        ],
    );
}

#[test]
fn a_duplicate_id_is_reported() {
    let at = place(
        "data/services.yaml",
        "- id: example-testing-service",
        "example-testing-service",
    );
    data_error(
        "data/services.yaml",
        "- id: example-testing-service",
        "- id: example-policy-service",
        &[&format!(
            "{at}: the service id \"example-policy-service\" is used twice"
        )],
    );
}

#[test]
fn a_missing_english_field_is_reported() {
    let site = fixture("plan");
    let text = std::fs::read_to_string(site.path().join("data/projects.yaml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("en:"))
        .unwrap()
        + 1;
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(line - 1);
    std::fs::write(site.path().join("data/projects.yaml"), lines.join("\n")).unwrap();
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("data/projects.yaml:") && run.stderr.contains("missing field `en`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
}

#[test]
fn an_empty_english_text_is_reported_at_its_record() {
    let at = place(
        "data/firms.yaml",
        "- id: example-company-d",
        "example-company-d",
    );
    data_error(
        "data/firms.yaml",
        "      en: Example Company D Co., Ltd.",
        "      en: \"\"",
        &[&format!(
            "{at}: `name.en` of \"example-company-d\" is empty"
        )],
    );
}

#[test]
fn an_unsafe_id_is_refused() {
    data_error(
        "data/agencies.yaml",
        "- id: example-service-centre",
        "- id: ../example-service-centre",
        &["data/agencies.yaml:", "cannot be used in an address"],
    );
    data_error(
        "data/tasks.yaml",
        "- id: example-task-one",
        "- id: /etc/passwd",
        &["data/tasks.yaml:", "cannot be used in an address"],
    );
}

#[test]
fn a_number_where_a_text_belongs_and_an_unknown_field_are_reported() {
    data_error(
        "data/tasks.yaml",
        "  number: 1\n",
        "  number: one\n",
        &["data/tasks.yaml:", "hint:"],
    );
    data_error(
        "data/services.yaml",
        "    category: example-government-services",
        "    categry: example-government-services",
        &["data/services.yaml:", "categry"],
    );
}
