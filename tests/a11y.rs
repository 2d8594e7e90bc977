//! Accessibility of the default site, in a real browser: every HTML page of both languages is
//! opened in headless Chromium (Debian's `/usr/bin/chromium`) from a local server and checked
//! with axe-core (the WCAG 2.0, 2.1 and 2.2 A and AA rules) at desktop size and at 390 CSS
//! pixels, in the standard and the large-text view, for targets smaller than 24×24 CSS pixels,
//! for requests to other hosts, for console errors and for sideways scrolling at 320 CSS
//! pixels; keyboard-only use is walked through on the home page and the firm list; the phone
//! header is measured and its menu opened with the keyboard and without JavaScript; focus is
//! followed to check that nothing covers the focused element (WCAG 2.4.11); and the
//! elder-friendly view (适老化, “大字模式”) is switched on with and without JavaScript.
//!
//! axe-core is vendored in `tests/vendor/axe-core/` (see its README) and injected into each
//! page through the DevTools protocol; nothing is fetched from anywhere but the local server.
//!
//! Runs on the shipped plan (not a fixture): it sweeps every page of the default site as
//! published, and walks named pages of it (/tasks/electronic-information-industry/…). Left
//! under this name because what it tests is the theme's accessibility, not the plan's text.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::browser::{serve, Browser, Tab};
use common::*;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const AXE_VERSION: &str = "4.14.1";
const AXE_SHA256: &str = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c";
/// axe's tags for WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe files the A rules new in 2.2
/// under `wcag22aa` too; it has no `wcag22a` tag).
const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const LIMIT: Duration = Duration::from_secs(15);
const DESKTOP: (u32, u32) = (1280, 800);
const NARROW: (u32, u32) = (320, 640);
const PHONE: (u32, u32) = (390, 844);

/// Outside hosts do not resolve: a stray request fails at once instead of waiting on a network
/// (it is still seen and reported).
const NO_OUTSIDE_HOSTS: &str = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1";

/// The default site, built once for all tests of this file into Cargo's temporary folder for
/// integration tests (replaced on every run).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_default_site_in_target("a11y-default-site"))
}

/// The default site, served on 127.0.0.1 for all tests of this file.
fn base() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| serve(site().join("public")))
}

/// The default site with observations recorded, so that indicators show statuses drawn in
/// colour (on track, moderate progress, moving away): the default data has none yet.
fn site_with_statuses() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("a11y-statuses-site");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove the previous copy");
        }
        std::fs::create_dir_all(&dir).expect("create site folder");
        copy_default_site(&dir);
        for (target, year_value) in [
            (
                "    value: 8\n  observations: []",
                "{ year: 2024, value: 5 }",
            ), // moving away
            (
                "    value: 713\n  observations: []",
                "{ year: 2024, value: 650 }",
            ), // on track
            (
                "    value: 2.8\n  observations: []",
                "{ year: 2024, value: 2.15 }",
            ), // moderate
        ] {
            let with = target.replace("[]", &format!("\n    - {year_value}"));
            edit(&dir, "data/indicators.yaml", target, &with);
        }
        build_ok(&dir);
        let html = read(&dir, "indicators/index.html");
        for status in [
            "status-on-track",
            "status-moderate-progress",
            "status-moving-away",
        ] {
            assert!(html.contains(status), "no {status} in the test site");
        }
        serve(dir.join("public"))
    })
}

/// The vendored axe-core, checked against its pinned version and digest.
fn axe_source() -> &'static str {
    static AXE: OnceLock<String> = OnceLock::new();
    AXE.get_or_init(|| {
        let path = repo().join("tests/vendor/axe-core/axe.min.js");
        let bytes = std::fs::read(&path).expect("read tests/vendor/axe-core/axe.min.js");
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            digest, AXE_SHA256,
            "tests/vendor/axe-core/axe.min.js is not axe-core {AXE_VERSION} as pinned"
        );
        String::from_utf8(bytes).expect("axe.min.js is UTF-8")
    })
}

/// Every HTML page of the built site as a site path (`/`, `/en/firms/`, `/404.html`), sorted.
fn all_pages(public: &Path) -> Vec<String> {
    snapshot(public)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| match p.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{p}"),
        })
        .collect()
}

/// Percent-encodes the non-ASCII bytes of a site path (the tag pages have Chinese names).
fn url_path(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn js(value: &str) -> String {
    serde_json::to_string(value).expect("json")
}

// ---------------------------------------------------------------------------------------------
// The checks of one page.

/// Turns on the protocol events the checks read: requests, console messages, exceptions and
/// the browser's own log (failed loads, Content-Security-Policy violations).
fn watch(tab: &mut Tab) {
    tab.call("Network.enable", json!({}));
    tab.call("Runtime.enable", json!({}));
    tab.call("Log.enable", json!({}));
}

/// What the browser reported since the last call: the address of every request, and every
/// error (console.error, an uncaught exception, an error in the browser's log).
fn seen(tab: &mut Tab) -> (Vec<String>, Vec<String>) {
    let mut requests = Vec::new();
    let mut errors = Vec::new();
    for event in tab.take_events() {
        let p = &event["params"];
        match event["method"].as_str().unwrap_or("") {
            "Network.requestWillBeSent" => {
                requests.push(p["request"]["url"].as_str().unwrap_or("").to_string())
            }
            "Runtime.consoleAPICalled"
                if matches!(p["type"].as_str(), Some("error" | "assert")) =>
            {
                let args: Vec<String> = p["args"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| match (&a["value"], &a["description"]) {
                        (Value::Null, Value::String(d)) => d.clone(),
                        (v, _) => v.to_string(),
                    })
                    .collect();
                errors.push(format!("console.error: {}", args.join(" ")));
            }
            "Runtime.exceptionThrown" => {
                let d = &p["exceptionDetails"];
                errors.push(format!(
                    "uncaught: {} {}",
                    d["text"].as_str().unwrap_or(""),
                    d["exception"]["description"].as_str().unwrap_or("")
                ));
            }
            "Log.entryAdded" if p["entry"]["level"] == "error" => {
                errors.push(format!(
                    "log: {} {}",
                    p["entry"]["text"].as_str().unwrap_or(""),
                    p["entry"]["url"].as_str().unwrap_or("")
                ));
            }
            _ => {}
        }
    }
    (requests, errors)
}

#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<ViolationNode>,
}

#[derive(Debug, Deserialize)]
struct ViolationNode {
    target: String,
    html: String,
    summary: String,
}

/// axe's `runOnly` for the WCAG 2.2 A and AA rules (with those of 2.0 and 2.1).
fn wcag_aa() -> Value {
    json!({ "type": "tag", "values": WCAG_TAGS })
}

/// axe's `runOnly` for the AAA contrast rule (7:1 for text, 4.5:1 for large text).
fn contrast_aaa() -> Value {
    json!({ "type": "rule", "values": ["color-contrast-enhanced"] })
}

/// Runs axe-core on the open page with the rules that `run_only` selects (injecting it first,
/// through the protocol, when the page does not have it yet), after opening every `<details>`
/// so that what a reader can unfold is checked too. Returns the violations, one line per
/// offending element.
fn axe(tab: &mut Tab, run_only: Value) -> Vec<String> {
    let options = json!({ "resultTypes": ["violations"], "runOnly": run_only });
    let run = format!(
        "document.querySelectorAll('details').forEach(d => d.open = true);\n\
         axe.run(document, {options}).then(r => r.violations.map(v => ({{ id: v.id, \
         impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({{ target: \
         n.target.join(' '), html: n.html.slice(0, 300), summary: n.failureSummary || '' }})) }})))"
    );
    let expression = if tab.eval("typeof window.axe") == "object" {
        run
    } else {
        format!("{};\n{run}", axe_source())
    };
    let found: Vec<Violation> = tab.eval_as(&expression);
    assert_eq!(tab.eval("axe.version"), AXE_VERSION);
    found
        .into_iter()
        .flat_map(|v| {
            let head = format!("{} ({}): {}", v.id, v.impact.unwrap_or_default(), v.help);
            v.nodes
                .into_iter()
                .map(move |n| {
                    format!(
                        "{head}\n      at {}: {}\n      {}",
                        n.target,
                        n.html,
                        n.summary.replace('\n', "\n      ")
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether the page scrolls sideways at the current viewport, and if so which elements stick
/// out past the right edge (outside the tables and code blocks that scroll on their own, but
/// counting what is positioned out of them).
fn overflow(tab: &mut Tab) -> Option<String> {
    let (scroll, client, wide): (u32, u32, Vec<String>) = tab.eval_as(
        "(() => { const d = document.documentElement; const w = d.clientWidth; \
         const wide = Array.from(document.querySelectorAll('body *')).filter(e => { \
           const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 0.5 && \
           (!e.closest('.table-scroll, pre') || \
            ['absolute', 'fixed'].includes(getComputedStyle(e).position)); }) \
         .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
           (typeof e.className === 'string' && e.className ? '.' + \
            e.className.trim().split(/\\s+/).join('.') : '') + ' ends at ' + \
           Math.round(e.getBoundingClientRect().right) + 'px'); \
         return [Math.max(d.scrollWidth, document.body.scrollWidth), w, wide]; })()",
    );
    (scroll > client || scroll > NARROW.0).then(|| {
        format!(
            "scrolls sideways at {}px: content {scroll}px wide in a {client}px window; {wide:?}",
            NARROW.0
        )
    })
}

/// The tallest the header may be at phone width (≤ 480 CSS px): in the standard view, and in
/// the large-text view.
const PHONE_HEADER_MAX: f64 = 120.0;
const PHONE_HEADER_MAX_LARGE: f64 = 170.0;

/// Whether the open page shows the large-text view (switched on by the script's class, or by
/// the #elder target without JavaScript).
fn large_text(tab: &mut Tab) -> bool {
    tab.eval(
        "document.documentElement.classList.contains('elder') || \
         (document.documentElement.matches(':target') && \
          !document.documentElement.classList.contains('elder-js'))",
    ) == true
}

/// The visible controls of the page (see [`CONTROLS`]) smaller than `min`×`min` CSS pixels.
fn targets_smaller_than(tab: &mut Tab, min: f64) -> Vec<String> {
    tab.eval_as(&format!(
        "Array.from(document.querySelectorAll({})).map(e => [e, e.getBoundingClientRect()]) \
         .filter(([e, r]) => r.width > 0 && (r.width < {min} || r.height < {min})) \
         .map(([e, r]) => e.outerHTML.slice(0, 80) + ' is ' + Math.round(r.width) + '×' + Math.round(r.height))",
        js(CONTROLS)
    ))
}

/// The height of the site header in CSS pixels, if the page has one.
fn header_height(tab: &mut Tab) -> Option<f64> {
    tab.eval_as(
        "(h => h ? h.getBoundingClientRect().height : null)(document.querySelector('.site-header'))",
    )
}

/// Paragraphs and list items of the main content wider than 40 em of their own text (plus
/// half an em for rounding): the measure of the large-text view.
fn wide_lines(tab: &mut Tab) -> Vec<String> {
    tab.eval_as(
        "Array.from(document.querySelectorAll('main p, main li, main dd, main blockquote')) \
         .filter(e => { const r = e.getBoundingClientRect(); \
           return r.width > 40.5 * parseFloat(getComputedStyle(e).fontSize); }) \
         .slice(0, 5).map(e => e.tagName.toLowerCase() + ' ' + e.textContent.trim().slice(0, 30) + \
           '… is ' + Math.round(e.getBoundingClientRect().width) + ' px wide, ' + \
           (e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize)).toFixed(1) + ' em')",
    )
}

/// The checks of the open page in the view it shows: axe (WCAG 2.2 A and AA) at desktop size
/// and again at 390×844 (a phone); at 390 px the header's height (at most 120 px, 170 px in
/// the large-text view) and the site's controls at least 24×24 px; in the large-text view,
/// lines no wider than about 40 em at desktop size; no sideways scrolling at 320 px. `view`
/// names the view in the messages. Leaves the tab at desktop size.
fn check_layout(tab: &mut Tab, view: &str) -> Vec<String> {
    let large = large_text(tab);
    let mut problems: Vec<String> = axe(tab, wcag_aa())
        .into_iter()
        .map(|v| format!("axe{view}: {v}"))
        .collect();
    if large {
        problems.extend(
            wide_lines(tab)
                .into_iter()
                .map(|l| format!("line wider than 40 em{view}: {l}")),
        );
    }
    tab.set_viewport(PHONE.0, PHONE.1);
    // The header with its menu closed (axe opens every <details>, the menu too).
    tab.eval("document.querySelectorAll('details.menu').forEach(d => d.open = false)");
    let limit = if large {
        PHONE_HEADER_MAX_LARGE
    } else {
        PHONE_HEADER_MAX
    };
    if let Some(height) = header_height(tab) {
        if height > limit {
            problems.push(format!(
                "the header is {height} px tall at {}px{view} (at most {limit})",
                PHONE.0
            ));
        }
    }
    problems.extend(
        axe(tab, wcag_aa())
            .into_iter()
            .map(|v| format!("axe at {}px{view}: {v}", PHONE.0)),
    );
    problems.extend(
        targets_smaller_than(tab, 24.0)
            .into_iter()
            .map(|t| format!("target smaller than 24×24 px at {}px{view}: {t}", PHONE.0)),
    );
    tab.set_viewport(NARROW.0, NARROW.1);
    problems.extend(overflow(tab).map(|o| format!("{o}{view}")));
    tab.set_viewport(DESKTOP.0, DESKTOP.1);
    problems
}

/// What the page loaded: no request to another host, no console error, and the stylesheet
/// seen (so that the request log is known to work).
fn check_requests(tab: &mut Tab, origin: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // Requests: from the protocol, and from the page's own resource timing, to be sure.
    let resources: Vec<String> = tab.eval_as(
        "performance.getEntriesByType('resource').map(e => e.name)\
         .concat(performance.getEntriesByType('navigation').map(e => e.name))",
    );
    let (requests, errors) = seen(tab);
    let local = format!("{origin}/");
    for url in requests.iter().chain(&resources) {
        if !url.starts_with(&local) && !url.starts_with("data:") {
            problems.push(format!("request to another host: {url}"));
        }
    }
    if !requests.iter().any(|u| u.contains("/css/site.")) {
        problems.push(format!(
            "the request log missed the stylesheet (is the network domain on?): {requests:?}"
        ));
    }
    problems.extend(errors.into_iter().map(|e| format!("console: {e}")));
    problems
}

/// All the checks of the open page in the view it shows: [`check_layout`] and
/// [`check_requests`]. Returns the problems, one string each.
fn check_page(tab: &mut Tab, origin: &str) -> Vec<String> {
    let mut problems = check_layout(tab, "");
    problems.extend(check_requests(tab, origin));
    problems
}

/// [`check_page`] in the standard view, then [`check_layout`] again in the large-text view
/// (switched on as the site's script does, with the class `elder`), which is switched off
/// again afterwards.
fn check_page_in_both_views(tab: &mut Tab, origin: &str) -> Vec<String> {
    let mut problems = check_page(tab, origin);
    tab.eval("document.documentElement.classList.add('elder')");
    problems.extend(check_layout(tab, " (large text)"));
    tab.eval("document.documentElement.classList.remove('elder')");
    problems
}

/// A browser (outside hosts unresolvable) and one tab at desktop size, watching requests and
/// the console.
fn start() -> (Browser, Tab) {
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);
    let mut tab = browser.new_tab();
    tab.set_viewport(DESKTOP.0, DESKTOP.1);
    watch(&mut tab);
    (browser, tab)
}

fn report(problems: &BTreeMap<String, Vec<String>>) -> String {
    problems
        .iter()
        .map(|(page, list)| format!("{page}\n  - {}", list.join("\n  - ")))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Every page.

#[test]
fn every_page_of_both_languages_passes_axe_loads_nothing_from_elsewhere_and_fits_320px() {
    let base = base();
    let pages = all_pages(&site().join("public"));
    assert!(
        pages.len() > 200 && pages.iter().any(|p| p.starts_with("/en/")),
        "{pages:?}"
    );
    let (_browser, mut tab) = start();

    // The checks can fail: a page with one of each problem is caught on each count.
    let bad_root = tempfile::tempdir().expect("temp dir");
    write(
        bad_root.path(),
        "bad/index.html",
        "<!DOCTYPE html><html><head><title>bad</title>\
         <meta http-equiv=Content-Security-Policy content=\"style-src 'self'\">\
         <link rel=stylesheet href=/css/site.x.css></head><body><main>\
         <img src=\"http://outside.example/x.png\"><div class=wide>wide</div>\
         <p style=\"color: red\">inline style</p>\
         <p><button class=tiny>a</button><button class=tiny>b</button></p>\
         <script>console.error('broken'); missing();</script></main></body></html>",
    );
    write(
        bad_root.path(),
        "css/site.x.css",
        ".wide { width: 600px } .tiny { width: 12px; height: 12px; padding: 0; margin: 0 }",
    );
    let bad_base = serve(bad_root.path().to_path_buf());
    tab.open(&format!("{bad_base}/bad/"), LIMIT);
    let caught = check_page(&mut tab, &bad_base).join("\n");
    for expected in [
        "axe: image-alt",
        "axe: html-has-lang",
        "axe: target-size",
        "axe at 390px: target-size",
        "request to another host: http://outside.example/x.png",
        "console: console.error: \"broken\"",
        "console: uncaught: Uncaught ReferenceError: missing is not defined",
        "violates the following Content Security Policy directive",
        "scrolls sideways at 320px",
    ] {
        assert!(
            caught.contains(expected),
            "the checks should catch {expected:?}; they said:\n{caught}"
        );
    }

    // Every page of the site, one after the other in the same tab.
    let statuses = site_with_statuses();
    let start = Instant::now();
    let mut problems = BTreeMap::new();
    let mut slowest = (Duration::ZERO, String::new());
    for page in &pages {
        let t = Instant::now();
        tab.open(&format!("{base}{}", url_path(page)), LIMIT);
        let found = check_page_in_both_views(&mut tab, base);
        if !found.is_empty() {
            problems.insert(page.clone(), found);
        }
        if t.elapsed() > slowest.0 {
            slowest = (t.elapsed(), page.clone());
        }
    }
    // Search results exist only with a query: check them as a reader sees them.
    for (page, first) in [
        ("/search/?q=%E4%B8%AD%E8%AF%95", "中试验证"),
        ("/en/search/?q=pilot", "Pilot-scale verification"),
    ] {
        tab.open(&format!("{base}{page}"), LIMIT);
        tab.wait_until(
            "document.querySelector('#search-results a')",
            LIMIT,
            "document.getElementById('search-status').textContent",
        );
        let titles: Vec<String> = tab.eval_as(
            "Array.from(document.querySelectorAll('#search-results a')).map(a => a.textContent)",
        );
        assert!(titles.iter().any(|t| t == first), "{page}: {titles:?}");
        let found = check_page_in_both_views(&mut tab, base);
        if !found.is_empty() {
            problems.insert(page.to_string(), found);
        }
    }
    // Statuses drawn in colour, which the default data does not have yet.
    for page in [
        "/",
        "/indicators/",
        "/en/indicators/",
        "/indicators/rd-intensity/",
    ] {
        tab.open(&format!("{statuses}{page}"), LIMIT);
        let found = check_page_in_both_views(&mut tab, statuses);
        if !found.is_empty() {
            problems.insert(format!("{page} (with statuses)"), found);
        }
    }
    let took = start.elapsed();
    eprintln!(
        "a11y: {} pages, 2 search result lists and 4 pages with statuses checked in {:.1} s \
         ({:.0} ms a page; slowest {} in {} ms)",
        pages.len(),
        took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 / (pages.len() + 6) as f64,
        slowest.1,
        slowest.0.as_millis()
    );
    assert!(
        problems.is_empty(),
        "{} of {} pages have problems:\n{}",
        problems.len(),
        pages.len() + 6,
        report(&problems)
    );
}

// ---------------------------------------------------------------------------------------------
// Keyboard only.

/// The element that has keyboard focus, as the checks need it.
#[derive(Debug, Deserialize)]
struct Focused {
    /// `tag#id.class`, and `href` for a link.
    what: String,
    href: Option<String>,
    /// Drawn with an outline or a ring a reader can see.
    ring: bool,
    /// Outline width in CSS pixels.
    outline: f64,
    /// Inside the window (the browser scrolls focus into view).
    in_view: bool,
}

const FOCUSED: &str = "(() => { const e = document.activeElement; const s = getComputedStyle(e); \
    const r = e.getBoundingClientRect(); \
    return { what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
      (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''), \
      href: e.getAttribute('href'), \
      ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none', \
      outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth), \
      in_view: r.width > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth }; })()";

/// Presses Tab until the focused element `e` satisfies `wanted` (a JavaScript expression), at
/// most `max` times. Returns every element focused on the way, the wanted one last; fails if
/// it is not reached, or if any of them showed no focus ring or was out of view.
fn tab_to(tab: &mut Tab, wanted: &str, max: usize) -> Vec<Focused> {
    let mut path = Vec::new();
    for _ in 0..max {
        tab.press("Tab");
        let focused: Focused = tab.eval_as(FOCUSED);
        assert!(
            focused.ring && focused.in_view,
            "keyboard focus on {focused:?} is not visible (after {path:?})"
        );
        path.push(focused);
        if tab.eval(&format!("(e => !!({wanted}))(document.activeElement)")) == true {
            return path;
        }
    }
    let seen: Vec<&str> = path.iter().map(|f| f.what.as_str()).collect();
    panic!("{max} presses of Tab did not reach {wanted}; focus went to {seen:?}");
}

fn path_name(tab: &mut Tab) -> String {
    tab.eval_string("decodeURIComponent(location.pathname + location.search)")
}

#[test]
fn keyboard_alone_reaches_and_uses_the_language_switch_the_search_box_and_the_firm_filters() {
    let base = base();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);
    let mut tab = browser.new_tab();
    tab.set_viewport(DESKTOP.0, DESKTOP.1);
    tab.emulate_focus();
    for (lang, other_home, query, found) in [
        ("", "/en/", "中试", "中试验证"),
        ("/en", "/", "pilot", "Pilot-scale verification"),
    ] {
        // The first Tab shows the skip link; the header's controls follow in reading order.
        tab.open(&format!("{base}{lang}/"), LIMIT);
        let path = tab_to(&mut tab, "e.closest('.lang-switch')", 12);
        let order: Vec<&str> = path.iter().map(|f| f.what.as_str()).collect();
        assert_eq!(order[0], "a.skip-link", "{order:?}");
        let at = |what: &str| order.iter().position(|o| o.starts_with(what));
        let (search, elder) = (at("input#header-search-q"), at("a.elder-on"));
        assert!(
            search.is_some() && elder.is_some() && search < elder,
            "the search box, then the elder-friendly switch, then the language switch: {order:?}"
        );

        // The language switch opens the other language's home page.
        tab.expect_load(LIMIT, |t| t.press("Enter"));
        assert_eq!(path_name(&mut tab), other_home);

        // Typing into the search box and pressing Enter shows the results page.
        tab.open(&format!("{base}{lang}/"), LIMIT);
        tab_to(&mut tab, "e.id === 'header-search-q'", 6);
        tab.insert_text(query);
        tab.expect_load(LIMIT, |t| t.press("Enter"));
        assert_eq!(path_name(&mut tab), format!("{lang}/search/?q={query}"));
        tab.wait_until(
            &format!(
                "Array.from(document.querySelectorAll('#search-results a')).some(a => a.textContent === {})",
                js(found)
            ),
            LIMIT,
            "document.getElementById('search-status').textContent",
        );

        // Every firm filter can be reached, and Enter applies one.
        tab.open(&format!("{base}{lang}/firms/"), LIMIT);
        let filters: BTreeSet<String> = tab.eval_as(
            "Array.from(document.querySelectorAll('.filters a')).map(a => a.getAttribute('href'))",
        );
        assert!(filters.len() >= 9, "{filters:?}");
        let last = filters_in_order(&mut tab).pop().expect("a filter");
        let path = tab_to(
            &mut tab,
            &format!("e.getAttribute('href') === {}", js(&last)),
            60,
        );
        let reached: BTreeSet<String> = path
            .iter()
            .filter(|f| f.href.as_ref().is_some_and(|h| filters.contains(h)))
            .filter_map(|f| f.href.clone())
            .collect();
        assert_eq!(reached, filters, "Tab skipped some filters: {path:?}");
        tab.expect_load(LIMIT, |t| t.press("Enter"));
        assert_eq!(path_name(&mut tab), last);
        assert_eq!(
            tab.eval_string(
                "document.querySelector('.filters a[aria-current=page]').getAttribute('href')"
            ),
            last
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The phone header and its menu.

/// What the phone header shows, measured on the open page.
#[derive(Debug, Deserialize)]
struct PhoneHeader {
    /// The header's height in CSS pixels.
    height: f64,
    /// Shown (a box of some size): the site name, the search box, the language switch, the
    /// menu button, the navigation (a bar on wide screens; on phones only once the menu is
    /// opened).
    title: bool,
    search: bool,
    lang: bool,
    menu: bool,
    bar: bool,
    /// The search box's placeholder (its visible label).
    placeholder: Option<String>,
    /// The navigation's links (on phones, the menu button shows and hides them) that can be
    /// seen.
    links_shown: usize,
    /// The navigation's links in all.
    links: usize,
    /// How many navigations the header holds (the links are written once).
    navs: usize,
    /// The top of <main> and the bottom of the open menu's links (0 when closed).
    main_top: f64,
    menu_bottom: f64,
}

const PHONE_HEADER: &str = "(() => { const visible = e => { const r = e.getBoundingClientRect(); \
      return e.checkVisibility() && r.width > 0 && r.height > 0; }; \
    const shown = s => { const e = document.querySelector(s); return !!e && visible(e); }; \
    const links = Array.from(document.querySelectorAll('.main-nav a')); \
    const seen = links.filter(visible); \
    const q = document.getElementById('header-search-q'); \
    return { height: document.querySelector('.site-header').getBoundingClientRect().height, \
      title: shown('.site-title'), search: shown('#header-search-q'), lang: shown('.lang-switch a'), \
      menu: shown('.menu > summary'), bar: shown('.main-nav'), \
      placeholder: q ? q.getAttribute('placeholder') : null, \
      links_shown: seen.length, links: links.length, \
      navs: document.querySelectorAll('.site-header nav').length, \
      main_top: document.querySelector('main').getBoundingClientRect().top, \
      menu_bottom: seen.length ? seen[seen.length - 1].getBoundingClientRect().bottom : 0 }; })()";

#[test]
fn the_phone_header_is_compact_in_both_languages_and_views_and_its_menu_opens_without_javascript_and_with_the_keyboard(
) {
    let base = base();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);
    let mut tab = browser.new_tab();
    let mut heights = BTreeMap::new();
    let mut problems = Vec::new();
    // Heights at phone widths, both languages, both views, with and without JavaScript.
    for js_on in [true, false] {
        tab.set_javascript(js_on);
        for (width, page) in [
            (480, "/"),
            (390, "/"),
            (390, "/en/"),
            (390, "/indicators/"),
            (390, "/en/firms/"),
            (390, "/en/search/"),
            (360, "/plan/"),
            (360, "/en/plan/"),
            (320, "/tasks/"),
            (320, "/en/tasks/"),
            (480, "/en/"),
        ] {
            tab.set_viewport(width, 844);
            for large in [false, true] {
                // (A query keeps the two addresses apart: opening the same page with
                // another fragment would not load it again.)
                let url = if large {
                    format!("{base}{page}?large#elder")
                } else {
                    format!("{base}{page}")
                };
                tab.open(&url, LIMIT);
                if !large && js_on {
                    // A page opened before in the large-text view is remembered: forget it.
                    tab.eval(
                        "localStorage.clear(); document.documentElement.classList.remove('elder')",
                    );
                }
                assert_eq!(large_text(&mut tab), large, "{url}");
                let h: PhoneHeader = tab.eval_as(PHONE_HEADER);
                let limit = if large {
                    PHONE_HEADER_MAX_LARGE
                } else {
                    PHONE_HEADER_MAX
                };
                let what = format!(
                    "{page} at {width}px{}{}",
                    if large { ", large text" } else { "" },
                    if js_on { "" } else { ", no JavaScript" }
                );
                // A search box with a placeholder, except on the search page (which has
                // its own search form).
                let search_ok = page.ends_with("search/")
                    || (h.search && h.placeholder.as_deref().is_some_and(|p| !p.is_empty()));
                if h.height > limit
                    || !(h.title && h.lang && h.menu)
                    || h.bar
                    || h.links_shown != 0
                    || h.links < 10
                    || h.navs != 1
                    || !search_ok
                {
                    problems.push(format!("{what}: {h:?} (at most {limit} px tall)"));
                }
                heights.insert(what, h.height);
            }
        }
    }
    eprintln!("phone header heights (CSS px): {heights:#?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Without JavaScript: the menu button opens the navigation (mouse, then keyboard), and the
    // open menu pushes the page down instead of covering it.
    tab.set_javascript(false);
    tab.set_viewport(PHONE.0, PHONE.1);
    tab.emulate_focus();
    for (page, current) in [("/", "/"), ("/en/indicators/", "/en/indicators/")] {
        tab.open(&format!("{base}{page}"), LIMIT);
        tab.click(".menu > summary");
        let h: PhoneHeader = tab.eval_as(PHONE_HEADER);
        assert!(
            h.links_shown == h.links && h.links >= 10 && h.main_top >= h.menu_bottom,
            "{page}: the open menu should show every link above the page: {h:?}"
        );
        assert_eq!(
            tab.eval_string(
                "document.querySelector('.main-nav [aria-current]').getAttribute('href')"
            ),
            current
        );
        tab.click(".menu > summary");
        let h: PhoneHeader = tab.eval_as(PHONE_HEADER);
        assert_eq!(h.links_shown, 0, "{page}: closed again: {h:?}");
    }
    // The keyboard: Tab reaches the menu button after the header's other controls, Enter
    // opens it, Tab walks its links, Enter follows one; Space closes it again.
    for (js_on, home, target) in [
        (false, "/en/", "/en/indicators/"),
        (true, "/", "/indicators/"),
    ] {
        tab.set_javascript(js_on);
        tab.open(&format!("{base}{home}"), LIMIT);
        if js_on {
            tab.eval("localStorage.clear(); document.documentElement.classList.remove('elder')");
        }
        let path = tab_to(&mut tab, "e.tagName === 'SUMMARY'", 12);
        let order: Vec<&str> = path.iter().map(|f| f.what.as_str()).collect();
        let at = |what: &str| order.iter().position(|o| o.starts_with(what));
        assert!(
            at("input#header-search-q") < at("a.elder-on") && at("a.elder-on") < at("summary"),
            "{order:?}"
        );
        assert_eq!(
            tab.eval("document.querySelector('details.menu').open"),
            false
        );
        tab.press("Enter");
        assert_eq!(
            tab.eval("document.querySelector('details.menu').open"),
            true
        );
        let links: Vec<String> = tab.eval_as(
            "Array.from(document.querySelectorAll('.main-nav a')).map(a => a.getAttribute('href'))",
        );
        let walked = tab_to(
            &mut tab,
            &format!("e.getAttribute('href') === {}", js(target)),
            12,
        );
        let hrefs: Vec<String> = walked.iter().filter_map(|f| f.href.clone()).collect();
        assert_eq!(
            hrefs.as_slice(),
            &links[..hrefs.len().min(links.len())],
            "Tab goes through the menu's links in order"
        );
        tab.expect_load(LIMIT, |t| t.press("Enter"));
        assert_eq!(path_name(&mut tab), target);
        // On the new page the menu is closed; Space opens and closes it too.
        tab_to(&mut tab, "e.tagName === 'SUMMARY'", 12);
        tab.press("Space");
        assert_eq!(
            tab.eval("document.querySelector('details.menu').open"),
            true
        );
        tab.press("Space");
        assert_eq!(
            tab.eval("document.querySelector('details.menu').open"),
            false
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Charts.

/// The charts of the open page as drawn: for each chart box, how many of its SVGs show, the
/// smallest and largest rendered text size in CSS pixels (computed font size × the SVG's
/// scale on screen), whether its text uses the page's font, and whether the data table
/// follows it.
#[derive(Debug, Deserialize)]
struct ChartSeen {
    shown: usize,
    texts: usize,
    smallest: f64,
    page_font: bool,
    table_beside: bool,
}

const CHARTS_SEEN: &str = "Array.from(document.querySelectorAll('.chart')).map(box => { \
    const svgs = Array.from(box.querySelectorAll('svg')).filter(s => s.checkVisibility()); \
    const sizes = svgs.flatMap(s => Array.from(s.querySelectorAll('text')).map(t => \
      parseFloat(getComputedStyle(t).fontSize) * s.getScreenCTM().a)); \
    const text = svgs.length ? svgs[0].querySelector('text') : null; \
    const next = box.nextElementSibling; \
    const table = next && (next.matches('details') ? next.querySelector('table.history') : \
      (next.matches('h2') && next.nextElementSibling && next.nextElementSibling.querySelector('table.history'))); \
    return { shown: svgs.length, texts: sizes.length, smallest: Math.min(...sizes), \
      page_font: !!text && getComputedStyle(text).fontFamily === getComputedStyle(document.body).fontFamily, \
      table_beside: !!table }; })";

#[test]
fn every_chart_text_is_at_least_12_css_pixels_at_360_pixels_and_on_the_desktop_in_the_page_font() {
    let base = base();
    let statuses = site_with_statuses();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);
    let mut tab = browser.new_tab();
    let mut problems = Vec::new();
    let mut sizes = BTreeMap::new();
    for (width, height) in [(360, 800), (320, 640), (700, 800), DESKTOP] {
        tab.set_viewport(width, height);
        for large in [false, true] {
            for (origin, page) in [
                (base, "/indicators/"),
                (base, "/en/indicators/"),
                (base, "/en/indicators/quality-incubators/"),
                (statuses, "/indicators/rd-intensity/"),
                (statuses, "/en/indicators/"),
            ] {
                let url = if large {
                    format!("{origin}{page}?large#elder")
                } else {
                    format!("{origin}{page}")
                };
                tab.open(&url, LIMIT);
                if !large {
                    tab.eval(
                        "localStorage.clear(); document.documentElement.classList.remove('elder')",
                    );
                }
                let charts: Vec<ChartSeen> = tab.eval_as(CHARTS_SEEN);
                let what = format!(
                    "{page} at {width}px{}",
                    if large { ", large text" } else { "" }
                );
                if charts.is_empty() {
                    problems.push(format!("{what}: no chart"));
                }
                for c in &charts {
                    if c.shown != 1
                        || c.texts < 10
                        || c.smallest < 12.0
                        || !c.page_font
                        || !c.table_beside
                    {
                        problems.push(format!("{what}: {c:?}"));
                    }
                }
                let smallest = charts
                    .iter()
                    .map(|c| c.smallest)
                    .fold(f64::INFINITY, f64::min);
                sizes.insert(what, (smallest * 10.0).round() / 10.0);
            }
        }
    }
    eprintln!("smallest chart text (CSS px): {sizes:#?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The measure can fail: the wide layout shown at 360 px has text of about 6 px.
    tab.set_viewport(360, 800);
    tab.open(&format!("{base}/indicators/"), LIMIT);
    tab.eval(
        "document.querySelectorAll('.chart').forEach(b => { \
           b.querySelector('.chart-narrow').style.display = 'none'; \
           b.querySelector('.chart-wide').style.display = 'block'; })",
    );
    let charts: Vec<ChartSeen> = tab.eval_as(CHARTS_SEEN);
    assert!(
        charts.iter().all(|c| c.shown == 1 && c.smallest < 8.0),
        "{charts:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Focus not obscured (WCAG 2.4.11).

/// What covers the focused element's middle, if anything does: the element found there is
/// neither the focused one, nor inside it, nor one of its ancestors (a label around it).
const COVERED: &str = "(() => { const e = document.activeElement; \
    const r = (e.getClientRects()[0] || e.getBoundingClientRect()); \
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1); \
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1); \
    const at = document.elementFromPoint(x, y); \
    if (!at || at === e || e.contains(at) || at.contains(e)) return null; \
    return at.tagName.toLowerCase() + (at.className && typeof at.className === 'string' ? '.' + at.className : '') + \
      ' covers ' + e.tagName.toLowerCase() + ' ' + (e.textContent || '').trim().slice(0, 30); })()";

#[test]
fn keyboard_focus_is_never_hidden_under_the_header_or_the_open_menu() {
    let base = base();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);
    let mut tab = browser.new_tab();
    tab.emulate_focus();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (width, height) in [PHONE, DESKTOP] {
        tab.set_viewport(width, height);
        for large in [false, true] {
            for page in ["/", "/en/indicators/", "/firms/"] {
                let fragment = if large { "#elder" } else { "" };
                tab.open(&format!("{base}{page}{fragment}"), LIMIT);
                if !large {
                    tab.eval(
                        "localStorage.clear(); document.documentElement.classList.remove('elder')",
                    );
                }
                assert_eq!(large_text(&mut tab), large);
                if width == PHONE.0 {
                    // With the menu open, then tabbing on past it into the page.
                    tab.eval("document.querySelector('details.menu').open = true");
                }
                // Forwards, then backwards (where what comes into view appears at the top).
                for key in ["Tab"; 45].into_iter().chain(["Shift+Tab"; 40]) {
                    tab.press(key);
                    let focused: Focused = tab.eval_as(FOCUSED);
                    if let Some(cover) = tab.eval_as::<Option<String>>(COVERED) {
                        problems.push(format!(
                            "{page}{fragment} at {width}px: {cover} ({focused:?})"
                        ));
                    } else if !focused.in_view {
                        problems.push(format!(
                            "{page}{fragment} at {width}px: focus out of view ({focused:?})"
                        ));
                    }
                    checked += 1;
                }
            }
        }
    }
    eprintln!("focus not obscured: {checked} focus positions checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The check can fail: a header fixed to the top of the window covers what Shift+Tab
    // brings back into view under it.
    tab.set_viewport(PHONE.0, PHONE.1);
    tab.open(&format!("{base}/firms/"), LIMIT);
    tab.eval(
        "(h => { h.style.position = 'fixed'; h.style.top = '0'; h.style.left = '0'; \
          h.style.right = '0'; h.style.zIndex = '9'; })(document.querySelector('.site-header'))",
    );
    let mut covered = 0;
    for key in ["Tab"; 45].into_iter().chain(["Shift+Tab"; 40]) {
        tab.press(key);
        if tab.eval_as::<Option<String>>(COVERED).is_some() {
            covered += 1;
        }
    }
    assert!(covered > 0, "a fixed header should cover some focused link");
}

/// The firm filters' addresses in document order.
fn filters_in_order(tab: &mut Tab) -> Vec<String> {
    tab.eval_as(
        "Array.from(document.querySelectorAll('.filters a')).map(a => a.getAttribute('href'))",
    )
}

// ---------------------------------------------------------------------------------------------
// The elder-friendly view (适老化).

/// What the elder-friendly view changes, measured on the open page.
#[derive(Debug, Deserialize)]
struct View {
    /// The computed font size of the body text, in CSS pixels.
    font: f64,
    /// The line height of the body text, in CSS pixels.
    line: f64,
    /// The main navigation's links are underlined.
    nav_underlined: bool,
    /// Which of the two switch links shows: "on" (大字模式) or "off" (退出大字模式).
    switch: String,
}

const VIEW: &str = "(() => { const b = getComputedStyle(document.querySelector('main p') || document.body); \
    const shown = Array.from(document.querySelectorAll('.view-switch a')).filter(a => a.getBoundingClientRect().width > 0); \
    return { font: parseFloat(b.fontSize), line: parseFloat(b.lineHeight), \
      nav_underlined: getComputedStyle(document.querySelector('.main-nav a:not([aria-current])')).textDecorationLine.includes('underline'), \
      switch: shown.map(a => a.dataset.elder).join(',') }; })()";

fn assert_standard(tab: &mut Tab, context: &str) {
    let view: View = tab.eval_as(VIEW);
    assert!(
        view.font == 16.0 && view.switch == "on" && !view.nav_underlined,
        "{context}: expected the standard view, saw {view:?}"
    );
}

fn assert_elder(tab: &mut Tab, context: &str) {
    let view: View = tab.eval_as(VIEW);
    assert!(
        view.font >= 20.0
            && view.line >= 1.8 * view.font - 0.01
            && view.nav_underlined
            && view.switch == "off",
        "{context}: expected the elder-friendly view (text of 20 px or more, line height 1.8, \
         underlined links, the switch back), saw {view:?}"
    );
}

/// The site's controls (not links inside running text, which targets of any size may be).
const CONTROLS: &str = ".site-title, .view-switch a, .lang-switch a, .main-nav a, .filters a, \
    .tag-list a, .tag-cloud a, .paginator a, .toc a, .link-list a, .footer-links a, \
    .page-list h2 a, .firm-list a, .news-teasers a, .search-result-title, .search-browse a, \
    .kicker a, #header-search-q, .header-search button, #search-q, .search-row button, summary";

/// The visible controls smaller than 44×44 CSS pixels.
fn small_targets(tab: &mut Tab) -> Vec<String> {
    targets_smaller_than(tab, 44.0)
}

#[test]
fn the_elder_friendly_view_switches_on_without_javascript_persists_with_it_and_passes_aaa_contrast()
{
    let base = base();
    let browser = Browser::launch(&[NO_OUTSIDE_HOSTS]);

    // Without JavaScript: the header link turns the view on for the page, and off again.
    let mut plain = browser.new_tab();
    plain.set_viewport(DESKTOP.0, DESKTOP.1);
    plain.set_javascript(false);
    watch(&mut plain);
    plain.open(&format!("{base}/services/"), LIMIT);
    assert_standard(&mut plain, "no JavaScript, /services/");
    plain.click(".elder-on");
    plain.wait_until(
        "document.documentElement.matches(':target')",
        LIMIT,
        "location.href",
    );
    assert_elder(&mut plain, "no JavaScript, /services/ after 大字模式");
    // axe needs timers and promises: let scripts run again for it, on the page as it is (the
    // site's own scripts did not run, so the view still comes from the target alone).
    plain.set_javascript(true);
    let mut problems = BTreeMap::new();
    let found = check_elder_page(&mut plain, base);
    if !found.is_empty() {
        problems.insert("/services/#elder (no JavaScript)".to_string(), found);
    }
    assert!(!plain
        .eval_string("document.documentElement.className")
        .contains("elder-js"));
    plain.set_javascript(false);
    plain.click(".elder-off");
    plain.wait_until(
        "!document.documentElement.matches(':target')",
        LIMIT,
        "location.href",
    );
    assert_standard(&mut plain, "no JavaScript, /services/ after 退出大字模式");
    // A link to #elder opens a page in the view.
    plain.open(&format!("{base}/en/indicators/#elder"), LIMIT);
    assert_elder(&mut plain, "no JavaScript, /en/indicators/#elder");
    assert_eq!(
        plain.eval("typeof window.axe === 'object' || !!window.PlanportalSearch"),
        false
    );

    // With JavaScript: the choice holds on the next pages, in both languages, until undone.
    let mut tab = browser.new_tab();
    tab.set_viewport(DESKTOP.0, DESKTOP.1);
    tab.emulate_focus();
    watch(&mut tab);
    // The standard view is AA, not AAA (the green and amber of the statuses are below 7:1),
    // and has smaller targets: the checks below can fail.
    let statuses = site_with_statuses();
    tab.open(&format!("{statuses}/indicators/"), LIMIT);
    assert_standard(&mut tab, "JavaScript, /indicators/ with statuses");
    let small = small_targets(&mut tab);
    let low_contrast = axe(&mut tab, contrast_aaa()).join("\n");
    assert!(
        small.len() > 10
            && ["status-on-track", "status-moderate-progress"]
                .iter()
                .all(|s| low_contrast.contains(s)),
        "the standard view should fail the elder checks: {small:?}\n{low_contrast}"
    );
    tab.open(&format!("{base}/"), LIMIT);
    assert_standard(&mut tab, "JavaScript, /");
    tab.click(".elder-on");
    tab.wait_until(
        "document.documentElement.classList.contains('elder')",
        LIMIT,
        "document.documentElement.className",
    );
    assert_elder(&mut tab, "JavaScript, / after 大字模式");
    assert_eq!(
        tab.eval_string("location.hash"),
        "",
        "the page did not jump"
    );
    assert_eq!(
        tab.eval_string("document.activeElement.dataset.elder"),
        "off",
        "focus moves to the switch back"
    );
    // A page of every template, in one language or the other.
    let pages = [
        "/",
        "/plan/",
        "/tasks/",
        "/tasks/electronic-information-industry/",
        "/projects/quality-incubators/",
        "/firms/",
        "/firms/quectel/",
        "/services/pilot-verification/",
        "/agencies/",
        "/indicators/",
        "/indicators/rd-intensity/",
        "/news/",
        "/news/plan-issued/",
        "/tags/",
        "/data/",
        "/search/?q=%E4%B8%AD%E8%AF%95",
        "/404.html",
        "/en/",
        "/en/projects/",
        "/en/firms/sector/smart-terminals/",
        "/en/services/",
        "/en/agencies/district-drc/",
        "/en/tasks/six-g-future-industry/",
        "/en/about/",
        "/en/tags/plan/",
        "/en/data/",
        "/en/search/?q=pilot",
        "/en/404.html",
    ];
    for page in pages {
        tab.open(&format!("{base}{page}"), LIMIT);
        assert_elder(&mut tab, &format!("JavaScript, {page} (remembered)"));
        if page.contains("?q=") {
            tab.wait_until("document.querySelector('#search-results a')", LIMIT, "''");
        }
        let found = check_elder_page(&mut tab, base);
        if !found.is_empty() {
            problems.insert(page.to_string(), found);
        }
    }
    // The status colours, in the view. (That site has another origin, so another storage: a
    // link to #elder switches the view on there, and the script remembers it.)
    for page in ["/indicators/#elder", "/en/indicators/rd-intensity/"] {
        tab.open(&format!("{statuses}{page}"), LIMIT);
        assert_elder(&mut tab, &format!("JavaScript, {page} with statuses"));
        let found = check_elder_page(&mut tab, statuses);
        if !found.is_empty() {
            problems.insert(format!("{page} (with statuses)"), found);
        }
    }
    // A thicker focus ring.
    tab.open(&format!("{base}/en/"), LIMIT);
    tab.press("Tab");
    let focused: Focused = tab.eval_as(FOCUSED);
    assert!(focused.outline >= 4.0, "{focused:?}");
    // The keyboard switches back, and the next page is standard again.
    tab_to(&mut tab, "e.dataset.elder === 'off'", 8);
    tab.press("Enter");
    tab.wait_until(
        "!document.documentElement.classList.contains('elder')",
        LIMIT,
        "document.documentElement.className",
    );
    assert_standard(&mut tab, "JavaScript, /en/ after Standard text");
    tab.open(&format!("{base}/plan/"), LIMIT);
    assert_standard(&mut tab, "JavaScript, /plan/ after switching back");

    // Visitors who ask their system for more contrast get the same AAA colours.
    tab.call(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-contrast", "value": "more" }] }),
    );
    for page in [
        "/",
        "/indicators/",
        "/en/indicators/park-employment/",
        "/en/firms/",
    ] {
        tab.open(&format!("{base}{page}"), LIMIT);
        let found: Vec<String> = axe(&mut tab, contrast_aaa())
            .into_iter()
            .map(|v| format!("axe (prefers-contrast: more): {v}"))
            .collect();
        if !found.is_empty() {
            problems.insert(format!("{page} (prefers-contrast: more)"), found);
        }
    }
    assert!(
        problems.is_empty(),
        "the elder-friendly view has problems:\n{}",
        report(&problems)
    );
}

/// The checks of a page in the elder-friendly view: everything of [`check_page`], the AAA
/// contrast rule, and targets of at least 44×44 px.
fn check_elder_page(tab: &mut Tab, origin: &str) -> Vec<String> {
    let mut problems = check_page(tab, origin);
    problems.extend(
        axe(tab, contrast_aaa())
            .into_iter()
            .map(|v| format!("axe (AAA): {v}")),
    );
    problems.extend(
        small_targets(tab)
            .into_iter()
            .map(|t| format!("target smaller than 44×44 px: {t}")),
    );
    problems
}

// ---------------------------------------------------------------------------------------------
// In the HTML.

#[test]
fn every_page_offers_the_elder_friendly_switch_in_its_language_and_loads_its_script_early() {
    let public = site().join("public");
    for page in all_pages(&public) {
        let rel = page.trim_start_matches('/');
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        let html = read(site(), &file);
        let (on, off) = if page.starts_with("/en/") {
            ("Large text", "Standard text")
        } else {
            ("大字模式", "退出大字模式")
        };
        for expected in [
            "<html id=elder ".to_string(),
            "<body id=top>".to_string(),
            format!("<a class=elder-on data-elder=on href=#elder>{on}</a>"),
            format!("<a class=elder-off data-elder=off href=#top>{off}</a>"),
        ] {
            assert!(html.contains(&expected), "{page}: no {expected}");
        }
        // In the head, without defer: the remembered view applies before the page is drawn.
        let head = html.split("</head>").next().unwrap_or("");
        assert!(head.contains("<script src=/js/elder."), "{page}");
    }
}
