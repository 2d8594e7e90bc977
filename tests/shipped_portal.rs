//! Tests of the shipped plan's content (the repository's `content/`, `data/`, `config.toml`)
//! as a portal: every service of Annex 5 classified by what firms need, every service page
//! saying plainly that the plan gives no way to apply and no contact (none is invented), the
//! editor's completeness report listing what is missing, and the home page's entrances with
//! the plan's counts, above the fold in Chromium. The engine's behaviour is tested on the
//! fixture in `portal.rs` and `portal_browser.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use common::browser::{serve, Browser};
use common::*;
use serde_json::Value;

fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_default_site_in_target("shipped-portal-site"))
}

fn page(rel: &str) -> String {
    read(site(), rel)
}

#[derive(serde::Deserialize)]
struct Term {
    id: String,
}

#[derive(serde::Deserialize)]
struct Service {
    id: String,
    providers: Vec<String>,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    contact: Option<Value>,
    #[serde(default)]
    how_to_apply: Option<Value>,
}

#[derive(serde::Deserialize)]
struct ServicesFile {
    needs: Vec<Term>,
    services: Vec<Service>,
}

fn services() -> ServicesFile {
    let text = std::fs::read_to_string(repo().join("data/services.yaml")).unwrap();
    serde_saphyr::from_str(&text).expect("services.yaml")
}

#[test]
fn every_service_is_classified_by_need_and_every_need_has_services() {
    let file = services();
    assert_eq!(file.services.len(), 10);
    for s in &file.services {
        assert!(!s.needs.is_empty(), "{} has no need", s.id);
    }
    for n in &file.needs {
        let count = file
            .services
            .iter()
            .filter(|s| s.needs.contains(&n.id))
            .count();
        assert!(count > 0, "the need {} has no service", n.id);
        let html = page(&format!("services/need/{}/index.html", n.id));
        assert!(html.contains(&format!("{count}项服务")), "{}", n.id);
    }
    // The plan's wording decides: testing, pilot verification and cryptography assessment
    // are all testing services; sci-tech finance is about funding.
    let need_of = |id: &str| {
        file.services
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .needs
            .clone()
    };
    for id in [
        "testing-inspection",
        "pilot-verification",
        "crypto-assessment",
    ] {
        assert!(
            need_of(id).contains(&"testing-certification".to_string()),
            "{id}"
        );
    }
    assert!(need_of("sci-tech-finance").contains(&"funding-finance".to_string()));
    assert!(need_of("talent-apartments").contains(&"talent-housing".to_string()));
}

#[test]
fn no_contact_is_invented_and_every_service_page_says_so() {
    let file = services();
    // The plan gives no contact details and no way to apply; neither does the data.
    assert!(file
        .services
        .iter()
        .all(|s| s.contact.is_none() && s.how_to_apply.is_none()));
    let agencies = std::fs::read_to_string(repo().join("data/agencies.yaml")).unwrap();
    assert!(!agencies.contains("contact:"));
    let config = std::fs::read_to_string(repo().join("config.toml")).unwrap();
    assert!(!config.contains("phone = \"0") && !config.contains("phone = \"+"));
    for s in &file.services {
        for (dir, said, no_contact) in [
            (
                "",
                "方案没有写明这项服务的申请方式",
                "本网站尚未公布联系方式",
            ),
            (
                "en/",
                "The plan does not say how to apply",
                "has not yet published contact details",
            ),
        ] {
            let html = page(&format!("{dir}services/{}/index.html", s.id));
            let text = text_of(&html);
            assert!(text.contains(said), "{dir}{}", s.id);
            assert!(text.contains(no_contact), "{dir}{}", s.id);
            assert!(
                !html.contains("tel:") && !html.contains("mailto:"),
                "{}",
                s.id
            );
        }
    }
    // /about/ no longer promises details "at the bottom of every page".
    for rel in ["about/index.html", "en/about/index.html"] {
        let text = text_of(&page(rel));
        assert!(!text.contains("页面底部列出的联系方式") && !text.contains("bottom of every page"));
        assert!(
            text.contains("本网站尚未公布联系方式")
                || text.contains("has not yet published contact details")
        );
    }
}

#[test]
fn check_lists_every_service_and_provider_still_missing_contact_or_how_to_apply() {
    let dir = default_site();
    let run = planportal(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let file = services();
    let mut providers: Vec<&String> = file.services.iter().flat_map(|s| &s.providers).collect();
    providers.sort();
    providers.dedup();
    let expected = file.services.len() * 2 + providers.len();
    assert_eq!(report["summary"]["warnings"], expected, "{}", run.stdout);
    assert_eq!(report["summary"]["errors"], 0);
    for s in &file.services {
        assert!(run.stdout.contains(&format!(
            "the service \\\"{}\\\" does not say how to get it",
            s.id
        )));
    }
}

#[test]
fn the_home_page_counts_the_plan_and_shows_its_identity() {
    for (dir, expected) in [
        (
            "",
            [
                ("服务清单", 10),
                ("重点任务", 15),
                ("关键指标", 12),
                ("重点项目", 6),
                ("开放数据", 7),
            ],
        ),
        (
            "en/",
            [
                ("Services", 10),
                ("Key tasks", 15),
                ("Indicators", 12),
                ("Key projects", 6),
                ("Open data", 7),
            ],
        ),
    ] {
        let html = page(&format!("{dir}index.html"));
        let i = html.find("class=entrances").expect("entrances");
        let nav = &html[i..i + html[i..].find("</nav>").unwrap()];
        let text = text_of(nav);
        for (name, count) in expected {
            assert!(
                text.contains(&format!("{name} {count}")),
                "{name} {count} in {text}"
            );
        }
        let doc = &html[html.find("class=doc-id").unwrap()..];
        let doc = text_of(&doc[..doc.find("</p>").unwrap()]);
        assert!(
            doc.contains("沪松府〔2025〕80号") && doc.contains("2025-06-23"),
            "{doc}"
        );
    }
}

#[test]
fn the_shipped_home_page_shows_its_entrances_above_the_fold() {
    let base = serve(site().join("public"));
    let browser = Browser::launch(&["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]);
    let mut tab = browser.new_tab();
    for (width, height) in [(1280, 800), (390, 844)] {
        tab.set_viewport(width, height);
        for lang in ["/", "/en/"] {
            tab.open(&format!("{base}{lang}"), Duration::from_secs(15));
            let boxes: Vec<(String, f64)> = tab.eval_as(
                "Array.from(document.querySelectorAll('.entrances a')).map(a => [a.textContent.trim(), a.getBoundingClientRect().bottom])",
            );
            assert_eq!(boxes.len(), 7);
            let lowest = boxes.iter().map(|b| b.1).fold(0.0, f64::max);
            eprintln!("{lang} at {width}×{height}: the entrances end at {lowest:.0} px");
            for (name, bottom) in boxes {
                assert!(
                    bottom <= height as f64,
                    "{name} ends at {bottom} on {lang} at {width}×{height}"
                );
            }
        }
    }
}
