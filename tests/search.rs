//! Site search on the default site: what the index holds, what the search page shows without
//! JavaScript, and — in a real headless Chromium — typing queries into the box and seeing the
//! expected page first (both names of entities, English word forms, synonyms), the language
//! switch keeping the query, the script and the build agreeing on tokens, stems, synonyms and
//! results, and, on a generated 2,000-page site, a query fetching only the index files it
//! needs.
//!
//! Runs on the shipped plan (not a fixture): the queries (中试, 移远, 6G…) and the pages they
//! must find are the shipped plan's, so editing the plan's text can break these tests. Left
//! under this name because it also tests the engine's index and search page.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use common::browser::{serve, Browser, Tab};
use common::*;
use planportal::outputs::search::shards::{self, EntryFile};
use planportal::outputs::search::{tokenize, Index, FORMAT_VERSION};

/// The default site, built once for all tests of this file (into Cargo's temporary folder for
/// integration tests, replaced on every run).
fn site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_default_site_in_target("search-default-site"))
}

fn index(lang_prefix: &str) -> Index {
    loaded(lang_prefix).1
}

fn loaded(lang_prefix: &str) -> (EntryFile, Index) {
    shards::load(&site().join("public").join(lang_prefix)).expect("the index files load")
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
    let (entry, zh) = loaded("");
    assert_eq!(entry.version, FORMAT_VERSION);
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
                let entry = zh
                    .terms
                    .get(&tokenize::stem(token).into_owned())
                    .unwrap_or_else(|| panic!("{token:?} (of {q}) is not in the index"));
                assert!(
                    entry.postings.iter().any(|(id, _)| id == at as u32),
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

/// The queries of issue 15, on each language's index: (index, query, the page found first).
const CROSSING: [(&str, &str, &str); 9] = [
    // Both names of an entity, on either search page, linking to the visitor's language.
    ("", "Quectel", "/firms/quectel/"),
    ("en/", "移远", "/en/firms/quectel/"),
    ("en/", "上海移远通信技术股份有限公司", "/en/firms/quectel/"),
    (
        "",
        "Pilot-scale verification",
        "/services/pilot-verification/",
    ),
    // Word forms: "devices" is matched by stem (and see below).
    (
        "en/",
        "medical devices",
        "/en/tasks/medical-device-industry/",
    ),
    // Synonyms: everyday words find the plan's terms.
    ("", "贷款", "/services/sci-tech-finance/"),
    ("", "融资", "/services/sci-tech-finance/"),
    ("en/", "loan", "/en/services/sci-tech-finance/"),
    ("en/", "apply", "/en/services/policy-outreach/"),
];

#[test]
fn both_names_word_forms_and_synonyms_find_the_page_first() {
    for (prefix, q, url) in CROSSING {
        let index = index(prefix);
        let found = results(&index, q);
        assert_eq!(
            found.first().map(|(u, _)| u.as_str()),
            Some(url),
            "{prefix}search/?q={q}: {found:?}"
        );
    }
    // "medical devices" finds what "medical device" finds, indicator 6 among the first two.
    let en = index("en/");
    let devices = results(&en, "medical devices");
    assert_eq!(devices, results(&en, "medical device "));
    assert!(
        devices[..2]
            .iter()
            .any(|(u, _)| u == "/en/indicators/medical-device-revenue-share/"),
        "{devices:?}"
    );
    // 贷款 still finds the task that mentions loans, after the service.
    let loans = results(&index(""), "贷款");
    assert!(loans.len() >= 2, "{loans:?}");
    // The index links the forms a page uses to their stem.
    let en = index("en/");
    assert_eq!(
        en.terms.get("devices").and_then(|e| e.stem.as_deref()),
        Some("devic")
    );
    assert!(en
        .terms
        .get("devic")
        .is_some_and(|e| !e.postings.is_empty()));
    // An exact name ranks above a title that merely contains it.
    let zh = index("");
    let first = results(&zh, "知识产权");
    assert_eq!(first[0].0, "/services/intellectual-property/", "{first:?}");
    // Entity pages come before news.
    let tiers: Vec<u8> = zh
        .search("中试")
        .into_iter()
        .map(|i| zh.tier(i as u32))
        .collect();
    let mut sorted = tiers.clone();
    sorted.sort();
    assert!(tiers[0] == 0, "{tiers:?}");
}

#[test]
fn empty_and_very_long_queries_are_harmless() {
    let zh = index("");
    assert!(results(&zh, "").is_empty());
    assert!(results(&zh, "   ，。").is_empty());
    let long = "中试 ".repeat(500) + &"x".repeat(5000);
    let resolved = zh.resolve_query(&long);
    assert_eq!(
        resolved.pieces.len(),
        planportal::outputs::search::index::MAX_PIECES
    );
    // A long query of one word per piece still finds the page.
    assert_eq!(
        results(&zh, &"中试 ".repeat(40))
            .first()
            .map(|(u, _)| u.as_str()),
        Some("/services/pilot-verification/")
    );
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
        // The scripts are files of the site (search, and the elder-friendly view of every
        // page); no inline script or style (the CSP forbids them).
        assert!(page.contains("<script defer src=/js/search."), "{page}");
        assert_eq!(
            page.matches("<script").count(),
            page.matches("<script src=/js/").count()
                + page.matches("<script defer src=/js/").count(),
            "{page}"
        );
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

/// Polls `condition` until it is true, saying what the search status shows when it is not.
fn wait_until(tab: &mut Tab, condition: &str, limit: Duration) {
    tab.wait_until(
        condition,
        limit,
        "'the status says ' + JSON.stringify((document.getElementById('search-status') || {}).textContent)",
    );
}

/// The titles and snippet HTML of the results on the page.
fn shown_results(tab: &mut Tab) -> Vec<(String, String)> {
    let json = tab.eval_string("JSON.stringify(Array.from(document.querySelectorAll('#search-results > li')).map(li => \
         [li.querySelector('a').textContent, li.querySelector('.search-result-snippet').innerHTML]))",
    );
    serde_json::from_str(&json).expect("results as JSON")
}

#[test]
fn typing_a_chinese_query_in_a_real_browser_shows_the_expected_page() {
    let base = serve(site().join("public"));
    let browser = Browser::launch(&[]);
    let mut tab = browser.new_tab();
    let limit = Duration::from_secs(15);

    // Type into the box on /search/, as a person would.
    for (q, title) in [("中试", "中试验证"), ("知识产权", "知识产权")] {
        tab.open(&format!("{base}/search/"), limit);
        wait_until(
            &mut tab,
            "window.PlanportalSearch && PlanportalSearch.index",
            limit,
        );
        tab.click("#search-q");
        tab.insert_text(q);
        wait_until(
            &mut tab,
            &format!(
                "Array.from(document.querySelectorAll('#search-results a')).some(a => a.textContent === {})",
                serde_json::to_string(title).expect("json")
            ),
            limit,
        );
        let shown = shown_results(&mut tab);
        assert_eq!(shown[0].0, title, "{q}: {shown:?}");
        assert!(
            shown[0].1.contains(&format!("<mark>{q}</mark>")),
            "{q}: the snippet marks the match: {shown:?}"
        );
        let status = tab.eval_string("document.getElementById('search-status').textContent");
        assert!(status.starts_with("找到 "), "{status}");
        // The address carries the query, so the search can be linked to.
        let url = tab.eval_string("location.search");
        assert_eq!(
            url,
            format!(
                "?q={}",
                q.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
            )
        );
        // With the script running, the fallback list is hidden.
        assert_eq!(
            tab.eval_string("String(document.getElementById('search-browse').hidden)"),
            "true"
        );
    }

    // A link with ?q= runs the query on load, in English too.
    tab.open(&format!("{base}/en/search/?q=6G"), limit);
    wait_until(
        &mut tab,
        "document.querySelector('#search-results a')",
        limit,
    );
    let shown = shown_results(&mut tab);
    assert_eq!(shown[0].0, "7. Laying early groundwork for 6G", "{shown:?}");
    assert!(shown[0].1.contains("<mark>6G</mark>"), "{shown:?}");
    assert_eq!(
        tab.eval_string("document.getElementById('search-q').value"),
        "6G"
    );

    // The queries of issue 15 find the expected page first, in the visitor's language.
    for (prefix, q, url) in CROSSING {
        let query: String = q
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        tab.open(&format!("{base}/{prefix}search/?q={query}"), limit);
        wait_until(
            &mut tab,
            "document.getElementById('search-status').hasAttribute('data-done')",
            limit,
        );
        let first = tab.eval_string(
            "(document.querySelector('#search-results a') || {}).getAttribute ? document.querySelector('#search-results a').getAttribute('href') : ''",
        );
        assert_eq!(first, url, "{prefix}search/?q={q}");
        // The language switch carries the query to the other language's search page.
        let switch =
            tab.eval_string("document.querySelector('.lang-switch a').getAttribute('href')");
        assert!(
            switch.ends_with(&format!("search/?q={}", js_encode(q))),
            "{prefix}search/?q={q}: the language switch goes to {switch}"
        );
    }

    // The script cuts text exactly as the index builder does…
    let samples = [
        "中试验证、知识产权：6G高质量孵化器",
        "５Ｇ－Ａ规模化应用 R&D spending 2.8%",
        "G60科创走廊「移远通信」",
        "Équipe  ÀÉÎ × plan’s 々〇 한국어 カタカナ",
        "𠀀𠀁 astral 𠀂",
    ];
    for s in samples {
        let js = tab.eval_string(&format!(
            "JSON.stringify(PlanportalSearch.indexTokens({}))",
            serde_json::to_string(s).expect("json")
        ));
        let js: Vec<String> = serde_json::from_str(&js).expect("tokens");
        assert_eq!(js, tokenize::index_tokens(s), "{s}");
        let js = tab.eval_string(&format!(
            "String(PlanportalSearch.nameKey({}))",
            serde_json::to_string(s).expect("json")
        ));
        assert_eq!(Some(js), tokenize::name_key(s), "{s}");
    }
    // …resolves words to the same stems and synonyms, and finds the same pages in the same
    // order.
    let en = index("en/");
    let en_queries = [
        "6G",
        "intellectual property",
        "Quec",
        "pilot",
        "the plan",
        "5G-A",
        "medical devices",
        "applies to",
        "apply",
        "loan",
        "patents ",
        "移远",
        "科技金融",
        "grant",
        "devic",
    ];
    compare_with_rust(&mut tab, &en, &en_queries);
    tab.open(&format!("{base}/search/"), limit);
    wait_until(
        &mut tab,
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
        "贷款",
        "融资",
        "申请",
        "Quectel",
        "专利 保护",
        "中试验 知识产权",
    ]);
    compare_with_rust(&mut tab, &zh, &queries);

    // How long a query takes in the browser once its files are cached.
    let per_query = tab.eval_string(&format!(
        "(async () => {{ const qs = {}; const n = 10; const t0 = performance.now(); \
             for (let i = 0; i < n; i++) for (const q of qs) await PlanportalSearch.search(q); \
             return String((performance.now() - t0) / (n * qs.length)); }})()",
        serde_json::to_string(&queries).expect("json")
    ));
    let per_query: f64 = per_query.parse().expect("a number");

    // With JavaScript off, the page says so and offers the section lists.
    let mut plain = browser.new_tab();
    plain.set_javascript(false);
    plain.open(&format!("{base}/search/?q=%E4%B8%AD%E8%AF%95"), limit);
    let seen = plain.eval_string("document.body.innerText");
    for expected in [
        "您的浏览器没有启用 JavaScript",
        "搜索需要 JavaScript",
        "按栏目浏览",
        "服务清单",
    ] {
        assert!(seen.contains(expected), "{expected:?} not shown: {seen}");
    }
    assert_eq!(
        plain.eval_string("String(window.PlanportalSearch)"),
        "undefined",
        "the script must not have run"
    );
    eprintln!(
        "search: {per_query:.3} ms per query (all results confirmed) in Chromium on the default site's zh index"
    );
    assert!(
        per_query < 50.0,
        "a query should take well under 50 ms, took {per_query} ms"
    );
}

/// `encodeURIComponent` of `q`.
fn js_encode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The script's resolution (pieces, stems, synonyms, names) and results of each query equal
/// the build's.
fn compare_with_rust(tab: &mut Tab, index: &Index, queries: &[&str]) {
    for q in queries {
        let quoted = serde_json::to_string(q).expect("json");
        let js: serde_json::Value = serde_json::from_str(&tab.eval_string(&format!(
            "PlanportalSearch.resolve({quoted}).then(JSON.stringify)"
        )))
        .expect("resolved");
        let rust = serde_json::to_value(index.resolve_query(q)).expect("json");
        assert_eq!(js, rust, "{q}: resolved differently");
        let js = tab.eval_string(&format!(
            "PlanportalSearch.search({quoted}).then(JSON.stringify)"
        ));
        let js: Vec<String> = serde_json::from_str(&js).expect("urls");
        let rust: Vec<String> = results(index, q).into_iter().map(|(u, _)| u).collect();
        assert_eq!(js, rust, "{q}");
    }
}

// ---------------------------------------------------------------------------------------------
// A larger site: a query fetches only what it needs.

/// The default site plus `n` generated bilingual news pages (plan words in varied order, and
/// rare words), built
/// into Cargo's temporary folder.
fn generated_site(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("search-generated-{n}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the previous copy");
    }
    std::fs::create_dir_all(&dir).expect("create site folder");
    copy_default_site(&dir);
    let zh = [
        "园区",
        "企业",
        "创新",
        "产业",
        "服务",
        "科技",
        "人才",
        "医疗",
        "器械",
        "集成电路",
        "人工智能",
        "孵化器",
        "中试",
        "验证",
        "金融",
        "知识产权",
        "松江",
        "平台",
        "项目",
        "指标",
        "数据",
        "标准",
        "合作",
        "转化",
        "制造",
        "研发",
        "投资",
        "市场",
        "质量",
        "空间",
    ];
    let en = [
        "park",
        "firms",
        "innovation",
        "industry",
        "services",
        "science",
        "talent",
        "medical",
        "devices",
        "circuits",
        "intelligence",
        "incubators",
        "pilot",
        "verification",
        "finance",
        "property",
        "Songjiang",
        "platform",
        "projects",
        "indicators",
        "data",
        "standards",
        "cooperation",
        "transfer",
        "manufacturing",
        "research",
        "investment",
        "market",
        "quality",
        "space",
    ];
    let mut seed: u64 = 42;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % m
    };
    for i in 0..n {
        let mut zh_text = String::new();
        let mut en_text = String::new();
        for p in 0..6 {
            for _ in 0..25 {
                zh_text.push_str(zh[next(zh.len())]);
                if next(5) == 0 {
                    zh_text.push('，');
                }
                en_text.push_str(en[next(en.len())]);
                en_text.push(' ');
                // Rare words, as a real site has many: codes and uncommon characters.
                if next(3) == 0 {
                    en_text.push_str(&format!("k{} ", next(20_000)));
                    for _ in 0..2 {
                        let c = char::from_u32(0x5000 + next(3000) as u32).unwrap_or('中');
                        zh_text.push(c);
                    }
                }
            }
            zh_text.push_str("。\n\n");
            en_text.push_str(&format!("paragraph {p}.\n\n"));
        }
        let (a, b) = (zh[next(zh.len())], zh[next(zh.len())]);
        let (c, d) = (en[next(en.len())], en[next(en.len())]);
        write(
            &dir,
            &format!("content/news/g{i:05}.md"),
            &format!("---\ntitle: 动态 {i}：{a}{b}\ndate: 2025-07-01\n---\n\n{zh_text}"),
        );
        write(
            &dir,
            &format!("content/news/g{i:05}.en.md"),
            &format!("---\ntitle: \"Update {i}: {c} {d}\"\ndate: 2025-07-01\n---\n\n{en_text}"),
        );
    }
    build_ok(&dir);
    dir
}

/// The chunk holding `key`: the last whose first key is not after it.
fn chunk_of(entry: &EntryFile, key: &str) -> String {
    let at = entry
        .firsts
        .partition_point(|first| first.as_str() <= key)
        .saturating_sub(1);
    entry.chunk_names()[at].clone()
}

#[test]
fn on_a_2000_page_site_a_query_fetches_only_the_chunks_and_fragments_it_needs() {
    let dir = generated_site(1000);
    let base = serve(dir.join("public"));
    let browser = Browser::launch(&[]);
    let limit = Duration::from_secs(30);
    for (prefix, q) in [("", "园区 企业"), ("en/", "medical devices")] {
        let (entry, index) =
            shards::load(&dir.join("public").join(prefix)).expect("the index files load");
        assert!(index.docs.len() > 1000, "{}", index.docs.len());
        // What the script must fetch: the chunk of every key the query looks up (the words
        // as typed, their stems, the synonyms' terms, and the name key when needed).
        let resolved = index.resolve_query(q);
        // The names' chunk only when an entity page is a candidate.
        let entity = index
            .rank(&resolved)
            .iter()
            .any(|(id, _)| index.tier(*id) == 0);
        let mut keys: Vec<String> = if entity {
            resolved.names.clone()
        } else {
            Vec::new()
        };
        for piece in tokenize::query(q) {
            keys.extend(piece.tokens.iter().cloned());
        }
        for alternatives in &resolved.pieces {
            for alt in alternatives {
                for target in alt {
                    keys.extend(target.groups.iter().flatten().cloned());
                }
            }
        }
        let mut needed: Vec<String> = keys.iter().map(|k| chunk_of(&entry, k)).collect();
        needed.sort();
        needed.dedup();

        let mut tab = browser.new_tab();
        tab.open(&format!("{base}/{prefix}search/?q={}", js_encode(q)), limit);
        wait_until(
            &mut tab,
            "document.getElementById('search-status').hasAttribute('data-done')",
            limit,
        );
        let shown: usize = tab
            .eval_string("String(document.querySelectorAll('#search-results > li').length)")
            .parse()
            .expect("a number");
        let fetched: Vec<(String, f64)> = serde_json::from_str(&tab.eval_string(
            "JSON.stringify(performance.getEntriesByType('resource')\
               .filter(e => e.name.includes('/search/'))\
               .map(e => [new URL(e.name).pathname, e.transferSize]))",
        ))
        .expect("resources");
        let names: Vec<&str> = fetched.iter().map(|(n, _)| n.as_str()).collect();
        let of = |folder: &str| -> Vec<String> {
            let mut v: Vec<String> = names
                .iter()
                .filter_map(|n| n.strip_prefix(&format!("/{prefix}search/{folder}/")))
                .map(|n| n.trim_end_matches(".json").to_string())
                .collect();
            v.sort();
            v
        };
        let (chunks, tables, fragments) = (of("c"), of("p"), of("f"));
        assert_eq!(chunks, needed, "{q}: chunks fetched");
        assert!(
            chunks.len() * 4 < entry.firsts.len(),
            "{q}: {} of {} chunks",
            chunks.len(),
            entry.firsts.len()
        );
        assert_eq!(shown, 10, "{q}: a first page of results");
        assert_eq!(fragments.len(), shown, "{q}: one fragment per shown result");
        assert!(tables.len() <= shown, "{q}: {tables:?}");
        assert_eq!(
            names.len(),
            1 + chunks.len() + tables.len() + fragments.len(),
            "{q}: the entry file and nothing else: {names:?}"
        );
        let bytes: f64 = fetched.iter().map(|(_, b)| b).sum();
        eprintln!(
            "search on {} pages ({prefix}search/?q={q}): {} requests, {:.0} KB of index files \
             ({} of {} chunks, {} tables, {} fragments)",
            index.docs.len(),
            names.len(),
            bytes / 1000.0,
            chunks.len(),
            entry.firsts.len(),
            tables.len(),
            fragments.len()
        );
    }
}
