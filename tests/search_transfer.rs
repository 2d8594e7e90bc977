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
//! loading the first 10 results' fragments. Pagefind fetches most of its files from a Web
//! Worker, whose requests the page's resource timings do not list, so for both tools the
//! file server also counts the bytes of every response it sends (headers and body): the two
//! counts agree for planportal.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::browser::{Browser, Tab};

type Log = Arc<Mutex<Vec<(String, usize)>>>;

/// A static file server like `common::browser::serve` that logs (path, bytes sent) of every
/// response.
fn serve_counting(root: PathBuf, log: Log) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    match reader.read_line(&mut h) {
                        Ok(0) | Err(_) => break,
                        Ok(_) if h == "\r\n" || h == "\n" => break,
                        Ok(_) => {}
                    }
                }
                let target = request.split_whitespace().nth(1).unwrap_or("/");
                let path = common::percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
                let mut file = root.clone();
                for part in path.split('/').filter(|s| !s.is_empty() && *s != "..") {
                    file.push(part);
                }
                if path.ends_with('/') {
                    file.push("index.html");
                }
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    Some("json") => "application/json",
                    Some("css") => "text/css; charset=utf-8",
                    Some("wasm") => "application/wasm",
                    _ => "application/octet-stream",
                };
                let (status, body) = match std::fs::read(&file) {
                    Ok(b) => ("200 OK", b),
                    Err(_) => ("404 Not Found", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
                log.lock()
                    .expect("log")
                    .push((path, head.len() + body.len()));
            });
        }
    });
    address
}

/// Bytes served for paths containing any of `parts` since the log was cleared.
fn served(log: &Log, parts: &[&str]) -> (usize, usize) {
    let log = log.lock().expect("log");
    let hits: Vec<&(String, usize)> = log
        .iter()
        .filter(|(p, _)| parts.iter().any(|x| p.contains(x)))
        .collect();
    (hits.len(), hits.iter().map(|(_, b)| b).sum())
}

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
    let log: Log = Arc::default();
    let base = serve_counting(site.clone(), log.clone());
    let browser = Browser::launch(&[]);
    let limit = Duration::from_secs(120);
    for item in queries.split(';') {
        let (lang, q) = item.split_once(':').expect("lang:query");
        let prefix = if lang == "zh" { "" } else { "en/" };
        let mut tab = browser.new_tab();
        log.lock().expect("log").clear();
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
        let (server_requests, server_bytes) = served(&log, &["/search/", "/js/search."]);
        println!(
            "planportal {lang} {q:?}: the server sent {:.1} KB in {server_requests} responses for search",
            server_bytes as f64 / 1000.0
        );
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
            log.lock().expect("log").clear();
            tab.open(&format!("{base}/pagefind-probe-{lang}.html"), limit);
            let result = tab.eval_string(&format!(
                "(async () => {{ const pf = await import('/pagefind/pagefind.js'); \
                   await pf.options({{}}); await pf.init(); \
                   const r = await pf.search({}); \
                   const data = await Promise.all(r.results.slice(0, 10).map(x => x.data())); \
                   return r.results.length + ' results, ' + data.length + ' loaded'; }})()",
                serde_json::to_string(q).expect("json")
            ));
            let (requests, bytes) = served(&log, &["/pagefind/"]);
            let kind = |ext: &str| served(&log, &[ext]).1 as f64 / 1000.0;
            println!(
                "pagefind   {lang} {q:?}: the server sent {:.1} KB in {requests} responses ({result}): \
                 scripts {:.1} KB, wasm {:.1} KB, entry/meta {:.1} KB, chunks {:.1} KB, fragments {:.1} KB",
                bytes as f64 / 1000.0,
                kind(".js"),
                kind("wasm"),
                kind(".pf_meta") + kind("pagefind-entry"),
                kind(".pf_index"),
                kind(".pf_fragment"),
            );
        }
    }
}
