//! Benchmark helper, not a test of the default build: bytes a first search transfers in a
//! real Chromium, on an already built site. Ignored unless asked for; `bench/search.py` runs
//! it on the 10,000-page synthetic site:
//!
//! ```text
//! SEARCH_SITE=/path/to/public SEARCH_QUERIES='zh:园区 企业;en:cache memory' \
//!   cargo test --test search_transfer -- --ignored --nocapture
//! ```
//!
//! For each query it opens the language's search page with `?q=`, waits for the results and
//! sums the bytes Chromium transferred (`transferSize`: headers and body as served, not
//! compressed — the test server sends files as they are) for the search script and the index
//! files, and separately for the page itself (HTML, CSS, other scripts). With
//! `PAGEFIND=1` it also runs the same query through Pagefind's own script
//! (`/pagefind/pagefind.js`, written by `pagefind --site` into the same folder) on a bare page,
//! loading the first 10 results' fragments, and sums what that transfers.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::browser::{serve, Browser, Tab};

fn resources(tab: &mut Tab) -> Vec<(String, f64)> {
    serde_json::from_str(&tab.eval_string(
        "JSON.stringify(performance.getEntriesByType('resource')\
           .map(e => [new URL(e.name).pathname, e.transferSize]))",
    ))
    .expect("resources")
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
#[ignore = "benchmark helper: needs SEARCH_SITE, run by bench/search.py"]
fn bytes_transferred_by_a_first_query() {
    let site = PathBuf::from(std::env::var("SEARCH_SITE").expect("SEARCH_SITE"));
    let queries = std::env::var("SEARCH_QUERIES").unwrap_or_else(|_| "zh:园区 企业".into());
    let pagefind = std::env::var("PAGEFIND").is_ok();
    let base = serve(site.clone());
    let browser = Browser::launch(&[]);
    let limit = Duration::from_secs(120);
    for item in queries.split(';') {
        let (lang, q) = item.split_once(':').expect("lang:query");
        let prefix = if lang == "zh" { "" } else { "en/" };
        let mut tab = browser.new_tab();
        tab.open(&format!("{base}/{prefix}search/?q={}", encode(q)), limit);
        tab.wait_until(
            "document.getElementById('search-status').hasAttribute('data-done')",
            limit,
            "document.getElementById('search-status').textContent",
        );
        let shown =
            tab.eval_string("String(document.querySelectorAll('#search-results > li').length)");
        let status = tab.eval_string("document.getElementById('search-status').textContent");
        let all = resources(&mut tab);
        let search: Vec<&(String, f64)> = all
            .iter()
            .filter(|(n, _)| n.contains("/search/") || n.contains("/js/search."))
            .collect();
        let index_bytes: f64 = search.iter().map(|(_, b)| b).sum();
        let html = std::fs::metadata(site.join(prefix).join("search/index.html"))
            .map(|m| m.len())
            .unwrap_or(0);
        let other: f64 = all
            .iter()
            .filter(|(n, _)| !(n.contains("/search/") || n.contains("/js/search.")))
            .map(|(_, b)| b)
            .sum();
        let count = |folder: &str| search.iter().filter(|(n, _)| n.contains(folder)).count();
        println!(
            "planportal {lang} {q:?}: {:.1} KB for search (script + index: {} requests — {} chunks, {} tables, {} fragments) \
             for {shown} results shown ({status}); the page itself: {:.1} KB HTML + {:.1} KB CSS/other",
            index_bytes / 1000.0,
            search.len(),
            count("/c/"),
            count("/p/"),
            count("/f/"),
            html as f64 / 1000.0,
            other / 1000.0,
        );
        if pagefind {
            // A bare page in the site's folder, so that the CSP of the site's pages (which
            // forbids WebAssembly) does not apply.
            let probe = format!(
                "<!doctype html><html lang=\"{}\"><meta charset=utf-8><title>probe</title><p>probe</p>",
                if lang == "zh" { "zh-CN" } else { "en" }
            );
            std::fs::write(site.join(format!("pagefind-probe-{lang}.html")), probe)
                .expect("write the probe page");
            let mut tab = browser.new_tab();
            tab.open(&format!("{base}/pagefind-probe-{lang}.html"), limit);
            let result = tab.eval_string(&format!(
                "(async () => {{ const pf = await import('/pagefind/pagefind.js'); \
                   await pf.options({{}}); await pf.init(); \
                   const r = await pf.search({}); \
                   const data = await Promise.all(r.results.slice(0, 10).map(x => x.data())); \
                   return r.results.length + ' results, ' + data.length + ' loaded'; }})()",
                serde_json::to_string(q).expect("json")
            ));
            let all = resources(&mut tab);
            let pf: Vec<&(String, f64)> = all
                .iter()
                .filter(|(n, _)| n.contains("/pagefind/"))
                .collect();
            let bytes: f64 = pf.iter().map(|(_, b)| b).sum();
            let by_kind = |ext: &str| -> f64 {
                pf.iter()
                    .filter(|(n, _)| n.ends_with(ext) || n.contains(ext))
                    .map(|(_, b)| b)
                    .sum()
            };
            println!(
                "pagefind   {lang} {q:?}: {:.1} KB in {} requests ({result}): js {:.1} KB, wasm {:.1} KB, meta {:.1} KB, chunks (.pf_index) {:.1} KB, fragments {:.1} KB",
                bytes / 1000.0,
                pf.len(),
                by_kind(".js") / 1000.0,
                by_kind(".pagefind") / 1000.0 + by_kind("wasm") / 1000.0,
                by_kind(".pf_meta") / 1000.0,
                by_kind(".pf_index") / 1000.0,
                by_kind(".pf_fragment") / 1000.0,
            );
            for (n, b) in &pf {
                eprintln!("  {n} {b}");
            }
        }
    }
}
