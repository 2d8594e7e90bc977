//! Site search on the default site: what the index holds, what the search page shows without
//! JavaScript, and — in a real headless Chromium — typing a Chinese query into the box and
//! seeing the expected page among the results.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;
use planportal::search::{tokenize, Index, FORMAT_VERSION};

/// The default site, built once for all tests of this file (into Cargo's temporary folder for
/// integration tests, replaced on every run).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("search-default-site");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove the previous copy");
        }
        std::fs::create_dir_all(&dir).expect("create site folder");
        copy_default_site(&dir);
        build_ok(&dir);
        dir
    })
}

fn index(lang_prefix: &str) -> Index {
    let json = read(site(), &format!("{lang_prefix}search/index.json"));
    serde_json::from_str(&json).expect("index.json parses")
}

fn results(index: &Index, q: &str) -> Vec<(String, String)> {
    index
        .search(q)
        .into_iter()
        .map(|i| (index.docs[i].url.clone(), index.docs[i].title.clone()))
        .collect()
}

/// Query, the page it must find first (address, title).
const ZH_EXPECTED: [(&str, &str, &str); 6] = [
    ("中试", "/services/pilot-verification/", "中试验证"),
    ("知识产权", "/services/intellectual-property/", "知识产权"),
    ("移远", "/firms/quectel/", "上海移远通信技术股份有限公司"),
    (
        "医疗器械",
        "/tasks/medical-device-industry/",
        "5. 加快发展医疗器械制造特色产业",
    ),
    (
        "孵化器",
        "/projects/quality-incubators/",
        "1. 高质量孵化器培育建设",
    ),
    (
        "6G",
        "/tasks/six-g-future-industry/",
        "7. 前瞻布局6G技术未来产业",
    ),
];

#[test]
fn the_chinese_index_holds_the_plans_terms_and_finds_their_pages() {
    let zh = index("");
    assert_eq!(zh.version, FORMAT_VERSION);
    assert_eq!(zh.lang, "zh");
    for (q, url, title) in ZH_EXPECTED {
        // Every token of the query is in the index, with the expected page among its pages.
        let at = zh
            .docs
            .iter()
            .position(|d| d.url == url)
            .unwrap_or_else(|| panic!("{url} is not in the index"));
        for piece in tokenize::query(q) {
            for token in &piece.tokens {
                let pages = zh
                    .terms
                    .get(token)
                    .unwrap_or_else(|| panic!("{token:?} (of {q}) is not in the index"));
                assert!(
                    pages.contains(&(at as u32)),
                    "{token:?} does not list {url}"
                );
            }
        }
        let found = results(&zh, q);
        assert_eq!(
            found.first(),
            Some(&(url.to_string(), title.to_string())),
            "{q}: {found:?}"
        );
    }
    // 移远 is named on several pages: the firm page first, then the tasks naming it.
    let quectel = results(&zh, "移远");
    assert!(
        quectel
            .iter()
            .any(|(u, _)| u == "/tasks/electronic-information-industry/"),
        "{quectel:?}"
    );
    // A phrase that is not in the plan finds nothing, though its pairs exist apart.
    assert!(results(&zh, "中试知识").is_empty());
}

#[test]
fn the_english_index_finds_words_prefixes_and_6g() {
    let en = index("en/");
    assert_eq!(en.lang, "en");
    let first = |q: &str| results(&en, q).first().map(|(u, _)| u.clone());
    assert_eq!(
        first("6G").as_deref(),
        Some("/en/tasks/six-g-future-industry/")
    );
    assert_eq!(
        first("Intellectual property").as_deref(),
        Some("/en/services/intellectual-property/")
    );
    assert_eq!(
        first("pilot-scale").as_deref(),
        Some("/en/services/pilot-verification/")
    );
    // The last word is a prefix: "Quec" finds Quectel.
    assert_eq!(first("Quec").as_deref(), Some("/en/firms/quectel/"));
    // Full-width input is folded like the index.
    assert_eq!(first("６Ｇ"), first("6g"));
}

#[test]
fn only_real_pages_are_indexed() {
    for (prefix, lang) in [("", "zh"), ("en/", "en")] {
        let index = index(prefix);
        let urls: Vec<&str> = index.docs.iter().map(|d| d.url.as_str()).collect();
        let root = format!("/{prefix}");
        for expected in [
            "",
            "plan/",
            "services/",
            "services/pilot-verification/",
            "news/",
        ] {
            let url = format!("{root}{expected}");
            assert!(
                urls.contains(&url.as_str()),
                "{lang}: {url} missing: {urls:?}"
            );
        }
        for url in &urls {
            assert!(
                !url.contains("/tags/")
                    && !url.contains("/page/")
                    && !url.ends_with("404.html")
                    && !url.ends_with("/search/")
                    && !url.contains("/firms/sector/")
                    && !url.contains("/firms/direction/"),
                "{lang}: {url} should not be indexed"
            );
        }
        // Each page once, with a title and text; sections named in the page's language.
        let mut sorted = urls.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), urls.len(), "{lang}: duplicate pages");
        for d in &index.docs {
            assert!(!d.title.is_empty() && !d.text.is_empty(), "{lang}: {d:?}");
        }
        let service = index
            .docs
            .iter()
            .find(|d| d.url.ends_with("services/pilot-verification/"))
            .expect("the pilot service");
        let (section, text) = if lang == "zh" {
            ("服务清单", "中试放大")
        } else {
            ("Services", "pilot level")
        };
        assert!(service.section.contains(section), "{service:?}");
        assert!(service.text.contains(text), "{service:?}");
        // The navigation and footer are not part of a page's text.
        let footer = if lang == "zh" {
            "主办单位"
        } else {
            "Run by"
        };
        assert!(!service.text.contains(footer), "{service:?}");
    }
}

#[test]
fn the_search_page_works_as_a_form_and_says_what_to_do_without_javascript() {
    for (prefix, no_js, browse) in [
        ("", "没有启用 JavaScript", "按栏目浏览"),
        ("en/", "JavaScript is turned off", "Browse by section"),
    ] {
        let page = read(site(), &format!("{prefix}search/index.html"));
        let action = format!("action=/{prefix}search/");
        assert!(page.contains("role=search"), "{page}");
        assert!(page.contains(&action), "{page}");
        // GET, the default method (the minifier drops `method=get`), so the address carries q.
        assert!(!page.contains("method=post"), "{page}");
        assert!(page.contains("<label for=search-q>"), "{page}");
        assert!(page.contains("name=q"), "{page}");
        assert!(page.contains("role=status"), "{page}");
        assert!(
            page.contains("<noscript>") && page.contains(no_js),
            "{page}"
        );
        assert!(page.contains(browse), "{page}");
        assert!(page.contains(&format!("href=/{prefix}services/")), "{page}");
        // The script is a file of the site; no inline script or style (the CSP forbids them).
        assert!(page.contains("<script defer src=/js/search."), "{page}");
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(!page.contains("style="), "{page}");
        assert!(
            page.contains(&format!("data-index=/{prefix}search/index.json")),
            "{page}"
        );
        // Every other page has a small search form in its header.
        let home = read(site(), &format!("{prefix}index.html"));
        assert!(home.contains(&action) && home.contains("name=q"), "{home}");
    }
    // The search page is not in the sitemap.
    assert!(!read(site(), "sitemap.xml").contains("/search/"));
}

// ---------------------------------------------------------------------------------------------
// In a real browser.

const CHROMIUM: &str = "/usr/bin/chromium";

/// Serves the files below `root` on 127.0.0.1 (an ephemeral port) until the test process
/// ends. Returns the address, e.g. `http://127.0.0.1:40123`.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root));
        }
    });
    address
}

fn respond(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let mut file = root.to_path_buf();
    let safe = path
        .split('/')
        .filter(|s| !s.is_empty())
        .all(|s| s != ".." && s != ".");
    for part in path.split('/').filter(|s| !s.is_empty()) {
        file.push(part);
    }
    if path.ends_with('/') {
        file.push("index.html");
    }
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(bytes) if safe => ("200 OK", bytes, content_type(&file)),
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Evaluates `expression` (which must give a string, e.g. `JSON.stringify(…)`), awaiting it
/// when it is a promise.
fn eval_string(tab: &headless_chrome::Tab, expression: &str) -> String {
    let value = tab
        .evaluate(expression, true)
        .unwrap_or_else(|e| panic!("evaluating {expression}: {e}"))
        .value;
    match value {
        Some(serde_json::Value::String(s)) => s,
        other => panic!("{expression} gave {other:?}, not a string"),
    }
}

/// Polls `condition` (a JavaScript expression) until it is true; fails after `limit`.
fn wait_until(tab: &headless_chrome::Tab, condition: &str, limit: Duration) {
    let start = Instant::now();
    let expression = format!("String(!!({condition}))");
    loop {
        if eval_string(tab, &expression) == "true" {
            return;
        }
        if start.elapsed() > limit {
            let status = eval_string(
                tab,
                "String((document.getElementById('search-status') || {}).textContent)",
            );
            panic!("waited {limit:?} for {condition}; the status says {status:?}");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The titles and snippet HTML of the results on the page.
fn shown_results(tab: &headless_chrome::Tab) -> Vec<(String, String)> {
    let json = eval_string(
        tab,
        "JSON.stringify(Array.from(document.querySelectorAll('#search-results > li')).map(li => \
         [li.querySelector('a').textContent, li.querySelector('.search-result-snippet').innerHTML]))",
    );
    serde_json::from_str(&json).expect("results as JSON")
}

#[test]
fn typing_a_chinese_query_in_a_real_browser_shows_the_expected_page() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "this test needs Debian's Chromium at {CHROMIUM}: install it with \
         `apt-get install -y chromium fonts-noto-cjk` (.ci/run does this when it is missing)"
    );
    let base = serve(site().join("public"));
    let args = [
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(PathBuf::from(CHROMIUM)))
        .sandbox(false)
        .headless(true)
        .args(args.iter().map(std::ffi::OsStr::new).collect())
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("launch options");
    let browser = headless_chrome::Browser::new(options).expect("start chromium");
    let tab = browser.new_tab().expect("a tab");
    tab.set_default_timeout(Duration::from_secs(15));
    let limit = Duration::from_secs(15);

    // Type into the box on /search/, as a person would.
    for (q, title) in [("中试", "中试验证"), ("知识产权", "知识产权")] {
        tab.navigate_to(&format!("{base}/search/"))
            .and_then(|t| t.wait_until_navigated())
            .expect("open /search/");
        wait_until(
            &tab,
            "window.PlanportalSearch && PlanportalSearch.index",
            limit,
        );
        let input = tab.wait_for_element("#search-q").expect("the search box");
        input.type_into(q).expect("type the query");
        wait_until(
            &tab,
            &format!(
                "Array.from(document.querySelectorAll('#search-results a')).some(a => a.textContent === {})",
                serde_json::to_string(title).expect("json")
            ),
            limit,
        );
        let shown = shown_results(&tab);
        assert_eq!(shown[0].0, title, "{q}: {shown:?}");
        assert!(
            shown[0].1.contains(&format!("<mark>{q}</mark>")),
            "{q}: the snippet marks the match: {shown:?}"
        );
        let status = eval_string(&tab, "document.getElementById('search-status').textContent");
        assert!(status.starts_with("找到 "), "{status}");
        // The address carries the query, so the search can be linked to.
        let url = eval_string(&tab, "location.search");
        assert_eq!(
            url,
            format!(
                "?q={}",
                q.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
            )
        );
        // With the script running, the fallback list is hidden.
        assert_eq!(
            eval_string(
                &tab,
                "String(document.getElementById('search-browse').hidden)"
            ),
            "true"
        );
    }

    // A link with ?q= runs the query on load, in English too.
    tab.navigate_to(&format!("{base}/en/search/?q=6G"))
        .and_then(|t| t.wait_until_navigated())
        .expect("open /en/search/?q=6G");
    wait_until(&tab, "document.querySelector('#search-results a')", limit);
    let shown = shown_results(&tab);
    assert_eq!(shown[0].0, "7. Laying early groundwork for 6G", "{shown:?}");
    assert!(shown[0].1.contains("<mark>6G</mark>"), "{shown:?}");
    assert_eq!(
        eval_string(&tab, "document.getElementById('search-q').value"),
        "6G"
    );

    // The script cuts text exactly as the index builder does…
    let samples = [
        "中试验证、知识产权：6G高质量孵化器",
        "５Ｇ－Ａ规模化应用 R&D spending 2.8%",
        "G60科创走廊「移远通信」",
        "Équipe  ÀÉÎ × plan’s 々〇 한국어 カタカナ",
        "𠀀𠀁 astral 𠀂",
    ];
    for s in samples {
        let js = eval_string(
            &tab,
            &format!(
                "JSON.stringify(PlanportalSearch.indexTokens({}))",
                serde_json::to_string(s).expect("json")
            ),
        );
        let js: Vec<String> = serde_json::from_str(&js).expect("tokens");
        assert_eq!(js, tokenize::index_tokens(s), "{s}");
    }
    // …and finds the same pages in the same order.
    let en = index("en/");
    for q in [
        "6G",
        "intellectual property",
        "Quec",
        "pilot",
        "the plan",
        "5G-A",
    ] {
        let js = eval_string(
            &tab,
            &format!(
                "JSON.stringify(PlanportalSearch.search({}))",
                serde_json::to_string(q).expect("json")
            ),
        );
        let js: Vec<String> = serde_json::from_str(&js).expect("urls");
        let rust: Vec<String> = results(&en, q).into_iter().map(|(u, _)| u).collect();
        assert_eq!(js, rust, "{q}");
    }
    tab.navigate_to(&format!("{base}/search/"))
        .and_then(|t| t.wait_until_navigated())
        .expect("open /search/");
    wait_until(
        &tab,
        "window.PlanportalSearch && PlanportalSearch.index",
        limit,
    );
    let zh = index("");
    let mut queries: Vec<&str> = ZH_EXPECTED.iter().map(|(q, _, _)| *q).collect();
    queries.extend([
        "园区",
        "中",
        "中试验",
        "G60科创走廊",
        "松江 6g",
        "移远通信 5G",
    ]);
    for q in &queries {
        let js = eval_string(
            &tab,
            &format!(
                "JSON.stringify(PlanportalSearch.search({}))",
                serde_json::to_string(q).expect("json")
            ),
        );
        let js: Vec<String> = serde_json::from_str(&js).expect("urls");
        let rust: Vec<String> = results(&zh, q).into_iter().map(|(u, _)| u).collect();
        assert_eq!(js, rust, "{q}");
    }

    // How long a query takes in the browser, on the real index.
    let per_query = eval_string(
        &tab,
        &format!(
            "(() => {{ const qs = {}; const n = 50; const t0 = performance.now(); \
             for (let i = 0; i < n; i++) for (const q of qs) PlanportalSearch.search(q); \
             return String((performance.now() - t0) / (n * qs.length)); }})()",
            serde_json::to_string(&queries).expect("json")
        ),
    );
    let per_query: f64 = per_query.parse().expect("a number");

    // With JavaScript off, the page says so and offers the section lists.
    let plain = browser.new_tab().expect("a tab");
    plain
        .call_method(
            headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled { value: true },
        )
        .expect("turn JavaScript off");
    plain
        .navigate_to(&format!("{base}/search/?q=%E4%B8%AD%E8%AF%95"))
        .and_then(|t| t.wait_until_navigated())
        .expect("open /search/?q=中试 without JavaScript");
    let seen = eval_string(&plain, "document.body.innerText");
    for expected in [
        "您的浏览器没有启用 JavaScript",
        "搜索需要 JavaScript",
        "按栏目浏览",
        "服务清单",
    ] {
        assert!(seen.contains(expected), "{expected:?} not shown: {seen}");
    }
    assert_eq!(
        eval_string(&plain, "String(window.PlanportalSearch)"),
        "undefined",
        "the script must not have run"
    );
    eprintln!("search: {per_query:.3} ms per query in Chromium on the default site's zh index");
    assert!(
        per_query < 50.0,
        "a query should take well under 50 ms, took {per_query} ms"
    );
}
