//! Shipped-plan tests: the repository's own plan (content/, data/, config.toml) as published —
//! the counts of Annexes 2–5, the firms' sectors and directions, named pages, every link and
//! counterpart of the default site, and `planportal check` passing on it. These fail when the
//! plan's text changes; the engine's behaviour is tested on `tests/fixtures/plan` in
//! `data_pages.rs` and the other files without the `shipped_` prefix.

mod common;

use std::sync::OnceLock;

use common::*;

/// The default site, built once for the read-only tests of this file.
fn built() -> &'static tempfile::TempDir {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = default_site();
        build_ok(site.path());
        site
    })
}

fn page(rel: &str) -> String {
    read(built().path(), rel)
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
        assert_eq!(tasks.len(), 15, "{prefix}tasks/: {tasks:?}");
        let projects = entity_links(
            &page(&format!("{dir}projects/index.html")),
            prefix,
            "projects",
        );
        assert_eq!(projects.len(), 6, "{prefix}projects/: {projects:?}");
        let firms_html = page(&format!("{dir}firms/index.html"));
        let firms = entity_links(&firms_html, prefix, "firms");
        assert_eq!(
            firms.len(),
            28,
            "20 key firms and 8 others named in the plan: {firms:?}"
        );
        let services = entity_links(
            &page(&format!("{dir}services/index.html")),
            prefix,
            "services",
        );
        assert_eq!(services.len(), 10, "{prefix}services/: {services:?}");
        for link in tasks.iter().chain(&projects).chain(&firms).chain(&services) {
            let file = format!("{}index.html", link.trim_start_matches('/'));
            assert!(
                built().path().join("public").join(&file).exists(),
                "{link} has no page"
            );
        }
    }
}

#[test]
fn key_firms_are_grouped_by_the_five_annex_4_sectors() {
    let html = page("firms/index.html");
    let text = text_of(&html);
    for sector in [
        "电子信息制造",
        "电子信息服务",
        "生命健康制造",
        "生命健康服务",
        "智能终端",
    ] {
        assert!(text.contains(sector), "sector {sector} missing");
    }
    // Annex 4 names 4 firms in electronic information manufacturing.
    let start = html
        .find("id=sector-electronic-information-manufacturing")
        .expect("sector section");
    let end = html[start..].find("</section>").unwrap() + start;
    assert_eq!(html[start..end].matches("href=/firms/").count(), 4);
}

#[test]
fn firm_filters_work_without_javascript() {
    let html = page("firms/direction/chain-leader/index.html");
    let text = text_of(&html);
    // Annex 4: 移远通信, 垣信卫星, 云汉芯城, 昊海生物, 卡奥斯 are chain leaders.
    let firms = entity_links(&html, "/", "firms");
    assert_eq!(firms.len(), 5, "{firms:?}");
    assert!(text.contains("上海移远通信技术股份有限公司"));
    assert!(
        html.contains("aria-current=page"),
        "the active filter is marked"
    );
    let en = page("en/firms/sector/smart-terminals/index.html");
    assert_eq!(
        entity_links(&en, "/en/", "firms").len(),
        5,
        "Annex 4 lists 5 smart-terminal firms"
    );
}

#[test]
fn a_firm_page_lists_every_task_and_project_that_names_it() {
    let html = page("firms/quectel/index.html");
    let tasks = entity_links(&html, "/", "tasks");
    for t in [
        "/tasks/electronic-information-industry/",
        "/tasks/six-g-future-industry/",
    ] {
        assert!(tasks.iter().any(|x| x == t), "{t} missing from {tasks:?}");
    }
    assert!(
        !entity_links(&html, "/", "projects").is_empty(),
        "Quectel implements a key project"
    );
    let en = page("en/firms/quectel/index.html");
    assert!(text_of(&en).contains("Quectel"));
}

#[test]
fn an_agency_page_lists_its_tasks_and_services() {
    let html = page("agencies/district-stc/index.html");
    assert!(
        entity_links(&html, "/", "tasks").len() >= 15,
        "区科委 implements every action's tasks"
    );
    let services = entity_links(&html, "/", "services");
    assert!(
        services.contains("/services/policy-outreach/"),
        "{services:?}"
    );
    let market = page("en/agencies/district-market-regulation/index.html");
    assert!(
        entity_links(&market, "/en/", "services").contains("/en/services/intellectual-property/")
    );
}

#[test]
fn a_task_page_links_its_action_bodies_and_firms() {
    let html = page("tasks/electronic-information-industry/index.html");
    assert!(
        html.contains("href=/tasks/#industry-upgrading"),
        "action link: {}",
        text_of(&html)
    );
    assert!(entity_links(&html, "/", "agencies").contains("/agencies/district-stc/"));
    assert!(entity_links(&html, "/", "firms").contains("/firms/quectel/"));
}

#[test]
fn every_internal_link_and_anchor_of_the_default_site_resolves() {
    let broken = broken_internal_links(&built().path().join("public"), "/");
    assert!(
        broken.is_empty(),
        "{} broken links, e.g. {:?}",
        broken.len(),
        &broken[..broken.len().min(10)]
    );
}

#[test]
fn every_chinese_page_has_its_english_counterpart() {
    let files = snapshot(&built().path().join("public"));
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
        "沪松府〔2025〕80号",
        "2025-06-23",
        "2025-06-24",
        "2025–2026",
        "上海市松江区人民政府",
    ] {
        assert!(text.contains(fact), "{fact} missing from /plan/");
    }
    let en = text_of(&page("en/plan/index.html"));
    assert!(
        en.contains("沪松府〔2025〕80号") && en.contains("Songjiang District People's Government"),
        "{en}"
    );
}

#[test]
fn the_shipped_site_passes_check() {
    let site = default_site();
    let run = planportal(site.path(), &["check"]);
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(!site.path().join("public").exists());
}
