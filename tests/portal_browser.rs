//! Engine tests in Chromium on the `plan` fixture (`tests/fixtures/plan`): the service finder
//! with JavaScript off (real links to pre-built pages) and on (instant, the address follows),
//! every service page opening on how to get it in both languages, the home page's entrances
//! above the fold on a desktop and a phone screen, and JSON-LD data blocks that the
//! Content-Security-Policy lets be (no violation). The shipped plan is checked in
//! `shipped_portal.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use common::browser::{serve, Browser, Tab};
use common::*;
use serde_json::json;

const LIMIT: Duration = Duration::from_secs(15);
const NO_OUTSIDE_HOSTS: &str = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1";

fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_fixture_in_target("plan", "portal-browser-plan-fixture"))
}

fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| serve(site().join("public")))
}

/// Records Content-Security-Policy violations of every page the tab opens in
/// `window.__csp`.
fn record_csp_violations(tab: &mut Tab) {
    tab.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));" }),
    );
}

const VISIBLE_CARDS: &str = "Array.from(document.querySelectorAll('.card')).filter(c => c.offsetParent !== null).map(c => c.querySelector('a').getAttribute('href'))";

#[test]
fn the_service_finder_works_with_links_alone_and_instantly_with_javascript() {
    let base = base();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);

    // Without JavaScript: a filter is a link to its own page.
    let mut plain = browser.new_tab();
    plain.set_javascript(false);
    plain.open(&format!("{base}/en/services/"), LIMIT);
    let all: Vec<String> = plain.eval_as(VISIBLE_CARDS);
    assert_eq!(all.len(), 3, "{all:?}");
    plain.expect_load(LIMIT, |t| {
        t.click("a[href='/en/services/need/example-need-testing/']")
    });
    assert_eq!(
        plain.eval_string("location.pathname"),
        "/en/services/need/example-need-testing/"
    );
    let shown: Vec<String> = plain.eval_as(VISIBLE_CARDS);
    assert_eq!(shown, ["/en/services/example-testing-service/"]);
    assert!(plain
        .eval_string("document.querySelector('h1').textContent")
        .contains("Example testing need"));
    // The providers are folded away until asked for (a native <details>, no script).
    assert_eq!(
        plain.eval("document.querySelector('details.finder-more').open"),
        json!(false)
    );
    plain.click("details.finder-more summary");
    assert_eq!(
        plain.eval("document.querySelector('details.finder-more').open"),
        json!(true)
    );
    plain.expect_load(LIMIT, |t| {
        t.click("a[href='/en/services/provider/example-service-centre/']")
    });
    // On a provider's page its list is open.
    assert_eq!(
        plain.eval("document.querySelector('details.finder-more').open"),
        json!(true)
    );
    let shown: Vec<String> = plain.eval_as(VISIBLE_CARDS);
    assert_eq!(
        shown,
        [
            "/en/services/example-premises-service/",
            "/en/services/example-testing-service/"
        ]
    );

    // With JavaScript: the same links filter in place, without loading a page.
    let mut tab = browser.new_tab();
    tab.open(&format!("{base}/services/"), LIMIT);
    tab.eval("window.__samePage = true");
    tab.click("a[href='/services/category/example-professional-services/']");
    tab.wait_until(
        "location.pathname === '/services/category/example-professional-services/'",
        LIMIT,
        "location.pathname",
    );
    assert_eq!(
        tab.eval("window.__samePage === true"),
        json!(true),
        "no reload"
    );
    let shown: Vec<String> = tab.eval_as(VISIBLE_CARDS);
    assert_eq!(
        shown,
        [
            "/services/example-premises-service/",
            "/services/example-testing-service/"
        ]
    );
    assert!(tab
        .eval_string("document.getElementById('finder-status').textContent")
        .contains('2'));
    assert_eq!(
        tab.eval_string("document.querySelector('#finder a[aria-current]').getAttribute('href')"),
        "/services/category/example-professional-services/"
    );
    assert!(tab.eval_string("document.title").contains("示例专业服务"));
    // The government category's group is hidden as a whole.
    assert_eq!(
        tab.eval("document.querySelector('#category-example-government-services').closest('section').hidden"),
        json!(true)
    );
    tab.click("a[href='/services/need/example-need-funding/']");
    tab.wait_until(
        "location.pathname === '/services/need/example-need-funding/'",
        LIMIT,
        "location.pathname",
    );
    let shown: Vec<String> = tab.eval_as(VISIBLE_CARDS);
    assert_eq!(shown, ["/services/example-policy-service/"]);
    // Back undoes the choice; the address always names a real page.
    tab.eval("history.back()");
    tab.wait_until(
        "location.pathname === '/services/category/example-professional-services/'",
        LIMIT,
        "location.pathname",
    );
    let shown: Vec<String> = tab.eval_as(VISIBLE_CARDS);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(tab.eval("window.__samePage === true"), json!(true));
    // Reloading the address gives the same choice from the pre-built page.
    tab.open(
        &format!("{base}/services/need/example-need-funding/"),
        LIMIT,
    );
    let shown: Vec<String> = tab.eval_as(VISIBLE_CARDS);
    assert_eq!(shown, ["/services/example-policy-service/"]);
    tab.click("#finder .finder-all a");
    tab.wait_until(
        "location.pathname === '/services/'",
        LIMIT,
        "location.pathname",
    );
    let shown: Vec<String> = tab.eval_as(VISIBLE_CARDS);
    assert_eq!(shown.len(), 3);
}

#[test]
fn every_service_page_opens_on_how_to_get_it_in_both_languages_with_and_without_javascript() {
    let base = base();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);
    for javascript in [false, true] {
        let mut tab = browser.new_tab();
        tab.set_javascript(javascript);
        tab.set_viewport(390, 844);
        record_csp_violations(&mut tab);
        for (lang, heading) in [("", "如何办理"), ("/en", "How to get this service")] {
            tab.open(&format!("{base}{lang}/services/"), LIMIT);
            let links: Vec<String> =
                tab.eval_as("Array.from(document.querySelectorAll('.card h3 a')).map(a => a.href)");
            assert_eq!(links.len(), 3);
            for link in links {
                tab.open(&link, LIMIT);
                // The first block after the page's heading is "how to get this service", and
                // it starts on the first screen of a phone.
                let first: (String, String, f64) = tab.eval_as(
                    "(() => { const b = document.querySelector('main h1').nextElementSibling; \
                     return [b.className, b.querySelector('h2').textContent, b.getBoundingClientRect().top]; })()",
                );
                assert_eq!(first.0, "how-to", "{link}");
                assert_eq!(first.1, heading, "{link}");
                assert!(first.2 < 844.0, "{link}: the block starts at {}", first.2);
                let text = tab.eval_string("document.querySelector('.how-to').innerText");
                // Either steps from the data, or a plain statement and whom to ask.
                let from_data = text.contains("示例申请") || text.contains("example application");
                let said = text.contains("方案没有写明") || text.contains("The plan does not say");
                assert!(from_data || said, "{link}: {text}");
                let ask = text.contains("本网站尚未公布联系方式")
                    || text.contains("has not yet published contact details")
                    || tab.eval("!!document.querySelector('.how-to a[href^=\"tel:\"]')")
                        == json!(true);
                assert!(ask, "{link}: whom to ask: {text}");
                // The JSON-LD data block is there, reads as JSON, and the CSP let it be.
                let kind = tab.eval_string(
                    "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)['@type']",
                );
                assert_eq!(kind, "GovernmentService");
                if javascript {
                    assert_eq!(tab.eval("window.__csp"), json!([]), "{link}");
                }
            }
        }
    }
}

#[test]
fn the_home_page_shows_its_entrances_above_the_fold_on_desktop_and_phone() {
    let base = base();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);
    let mut tab = browser.new_tab();
    for (width, height) in [(1280, 800), (390, 844)] {
        tab.set_viewport(width, height);
        for lang in ["/", "/en/"] {
            tab.open(&format!("{base}{lang}"), LIMIT);
            let boxes: Vec<(String, f64, f64, f64)> = tab.eval_as(
                "Array.from(document.querySelectorAll('.entrances a')).map(a => { const r = a.getBoundingClientRect(); return [a.textContent.trim(), r.top, r.bottom, r.width]; })",
            );
            assert_eq!(boxes.len(), 7, "{lang} at {width}: {boxes:?}");
            for (name, top, bottom, w) in &boxes {
                assert!(
                    *top >= 0.0 && *bottom <= height as f64 && *w > 0.0,
                    "{name:?} on {lang} at {width}×{height}: {top}–{bottom}"
                );
            }
            // On a desktop the entrances use the width: several side by side.
            let columns: usize = tab.eval_as(
                "new Set(Array.from(document.querySelectorAll('.entrances a')).map(a => Math.round(a.getBoundingClientRect().left))).size",
            );
            if width == 1280 {
                assert!(columns >= 3, "{columns} columns at 1280");
            }
            // No sideways scrolling on the phone.
            let overflow: bool =
                tab.eval_as("document.documentElement.scrollWidth > window.innerWidth");
            assert!(!overflow, "{lang} at {width}");
        }
    }
}
