//! Engine tests on the `plan` fixture (`tests/fixtures/plan`): open data at /data/ — every
//! dataset of data/ as JSON and CSV, the same records as the YAML files and the pages, a page
//! describing each field in both languages, and links that work. The shipped plan's datasets
//! are checked in `shipped_opendata.rs`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use serde::Deserialize;
use serde_json::Value;

const BASE: &str = "https://plan.example.org";

/// The published pages of the plan fixture, built once for this file into Cargo's temporary
/// folder for tests.
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| built_fixture_in_target("plan", "opendata-plan-fixture").join("public"))
}

fn bytes(dir: &Path, rel: &str) -> Vec<u8> {
    let path = dir.join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn text(dir: &Path, rel: &str) -> String {
    String::from_utf8(bytes(dir, rel)).expect("UTF-8")
}

fn json(dir: &Path, name: &str) -> Vec<serde_json::Map<String, Value>> {
    let v: Value = serde_json::from_slice(&bytes(dir, &format!("data/{name}.json")))
        .unwrap_or_else(|e| panic!("data/{name}.json is not JSON: {e}"));
    v.as_array()
        .unwrap_or_else(|| panic!("data/{name}.json is not an array"))
        .iter()
        .map(|r| r.as_object().expect("a record is an object").clone())
        .collect()
}

/// Header and rows of a CSV file, after checking and removing its byte-order mark.
fn csv(dir: &Path, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let raw = bytes(dir, &format!("data/{name}.csv"));
    assert!(
        raw.starts_with(&[0xEF, 0xBB, 0xBF]),
        "data/{name}.csv must start with a UTF-8 byte-order mark for Excel"
    );
    let mut reader = ::csv::Reader::from_reader(&raw[3..]);
    let header = reader
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (header, rows)
}

/// The CSV rows as maps from field name to cell.
fn csv_records(dir: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    let (header, rows) = csv(dir, name);
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// A data file of the plan fixture.
fn yaml<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let path = repo().join("tests/fixtures/plan/data").join(name);
    let text = std::fs::read_to_string(path).expect("read data file");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("data/{name}: {e}"))
}

// Minimal shapes of the data files: only what the tests compare.

#[derive(Deserialize)]
struct L {
    zh: String,
    en: String,
}

#[derive(Deserialize)]
struct Task {
    id: String,
    number: u32,
    title: L,
    summary: L,
    agencies: Vec<String>,
}

#[derive(Deserialize)]
struct Project {
    id: String,
    number: u32,
    title: L,
    #[serde(default)]
    firms: Vec<String>,
}

#[derive(Deserialize)]
struct FirmsFile {
    firms: Vec<Firm>,
}

#[derive(Deserialize)]
struct Firm {
    id: String,
    name: L,
    key_firm: bool,
    #[serde(default)]
    annex_number: Option<u32>,
}

#[derive(Deserialize)]
struct ServicesFile {
    services: Vec<Service>,
}

#[derive(Deserialize)]
struct Service {
    id: String,
    number: u32,
    title: L,
    providers: Vec<String>,
}

#[derive(Deserialize)]
struct Agency {
    id: String,
    name: L,
    kind: String,
}

#[derive(Deserialize)]
struct YearValue {
    year: i32,
    value: f64,
}

#[derive(Deserialize)]
struct Target {
    year: i32,
    value: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Deserialize)]
struct Indicator {
    id: String,
    number: u32,
    name: L,
    unit: L,
    baseline: YearValue,
    target: Target,
    #[serde(default)]
    observations: Vec<YearValue>,
}

fn s<'a>(r: &'a serde_json::Map<String, Value>, key: &str) -> &'a str {
    r[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn ids(r: &serde_json::Map<String, Value>, key: &str) -> Vec<String> {
    r[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not a list"))
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect()
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

#[test]
fn every_dataset_has_all_its_records_in_json_and_csv() {
    let out = out();
    let expected = [
        ("indicators", 4),
        ("tasks", 4),
        ("projects", 2),
        ("firms", 4),
        ("services", 3),
        ("agencies", yaml::<Vec<Agency>>("agencies.yaml").len()),
    ];
    for (name, count) in expected {
        assert_eq!(json(out, name).len(), count, "data/{name}.json");
        assert_eq!(csv(out, name).1.len(), count, "data/{name}.csv");
    }
    let key_firms = json(out, "firms")
        .iter()
        .filter(|f| f["key_firm"] == Value::Bool(true))
        .count();
    assert_eq!(key_firms, 3, "the fixture's 3 key firms");
    // Every observation of every indicator is a row, in the order of the data file.
    let indicators: Vec<Indicator> = yaml("indicators.yaml");
    let expected: Vec<(String, i32, f64)> = indicators
        .iter()
        .flat_map(|i| {
            i.observations
                .iter()
                .map(|o| (i.id.clone(), o.year, o.value))
        })
        .collect();
    assert_eq!(expected.len(), 4, "the fixture has 4 observations");
    let obs: Vec<(String, i32, f64)> = json(out, "indicator-observations")
        .iter()
        .map(|r| {
            (
                s(r, "indicator").to_string(),
                r["year"].as_i64().expect("year") as i32,
                r["value"].as_f64().expect("value"),
            )
        })
        .collect();
    assert_eq!(obs, expected);
    let (header, rows) = csv(out, "indicator-observations");
    assert_eq!(
        header,
        [
            "indicator",
            "year",
            "value",
            "status",
            "superseded",
            "source",
            "publisher",
            "released",
            "url",
            "note_zh",
            "note_en"
        ]
    );
    assert_eq!(rows.len(), expected.len());
    let noted: Vec<&Vec<String>> = rows.iter().filter(|r| !r[9].is_empty()).collect();
    assert_eq!(noted.len(), 1, "{rows:?}");
    assert_eq!(noted[0][9], "示例初步数");
    assert_eq!(noted[0][10], "Example preliminary figure");
    // The fixture gives no provenance: the cells are empty, and nothing is superseded.
    assert!(
        rows.iter()
            .all(|r| r[3].is_empty() && r[4] == "false" && r[5].is_empty()),
        "{rows:?}"
    );
}

#[test]
fn json_and_csv_round_trip_to_the_records_of_data() {
    let out = out();

    let agencies: Vec<Agency> = yaml("agencies.yaml");
    let tasks: Vec<Task> = yaml("tasks.yaml");
    let j = json(out, "tasks");
    let c = csv_records(out, "tasks");
    assert_eq!(j.len(), tasks.len());
    for ((t, j), c) in tasks.iter().zip(&j).zip(&c) {
        assert_eq!(s(j, "id"), t.id);
        assert_eq!(j["number"], Value::from(t.number));
        assert_eq!(s(j, "title_zh"), t.title.zh);
        assert_eq!(s(j, "title_en"), t.title.en);
        assert_eq!(ids(j, "agencies_ids"), t.agencies);
        assert_eq!(c["id"], t.id);
        assert_eq!(c["number"], t.number.to_string());
        assert_eq!(c["title_zh"], t.title.zh);
        assert_eq!(c["title_en"], t.title.en);
        assert_eq!(c["summary_en"], t.summary.en);
        // A list shares its cell, items separated by "; ": ids in `_ids`, names beside them
        // in each language, so a spreadsheet shows names.
        assert_eq!(c["agencies_ids"], t.agencies.join("; "));
        let names = |lang: &str| -> String {
            t.agencies
                .iter()
                .map(|id| {
                    let a = agencies.iter().find(|a| &a.id == id).expect("a known body");
                    if lang == "zh" {
                        a.name.zh.clone()
                    } else {
                        a.name.en.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        assert_eq!(c["agencies_zh"], names("zh"), "{}", t.id);
        assert_eq!(c["agencies_en"], names("en"), "{}", t.id);
        assert!(!c["agencies_zh"].contains('\n') && !c["agencies_zh"].contains("example-"));
        assert_eq!(
            j["agencies_en"].as_array().map(|a| a.len()),
            Some(t.agencies.len()),
            "JSON keeps the names as a list"
        );
    }

    let projects: Vec<Project> = yaml("projects.yaml");
    let j = json(out, "projects");
    let c = csv_records(out, "projects");
    assert_eq!(j.len(), projects.len());
    for ((p, j), c) in projects.iter().zip(&j).zip(&c) {
        assert_eq!(s(j, "id"), p.id);
        assert_eq!(j["number"], Value::from(p.number));
        assert_eq!(s(j, "title_zh"), p.title.zh);
        assert_eq!(ids(j, "firms_ids"), p.firms);
        assert_eq!(c["title_en"], p.title.en);
        assert_eq!(c["firms_ids"], p.firms.join("; "));
    }

    let firms: FirmsFile = yaml("firms.yaml");
    let j = json(out, "firms");
    let c = csv_records(out, "firms");
    assert_eq!(j.len(), firms.firms.len());
    for ((f, j), c) in firms.firms.iter().zip(&j).zip(&c) {
        assert_eq!(s(j, "id"), f.id);
        assert_eq!(s(j, "name_zh"), f.name.zh);
        assert_eq!(s(j, "name_en"), f.name.en);
        assert_eq!(j["key_firm"], Value::Bool(f.key_firm));
        assert_eq!(j["annex_number"], Value::from(f.annex_number));
        assert_eq!(c["name_zh"], f.name.zh);
        assert_eq!(c["key_firm"], f.key_firm.to_string());
        assert_eq!(
            c["annex_number"],
            f.annex_number.map(|n| n.to_string()).unwrap_or_default()
        );
    }

    let services: ServicesFile = yaml("services.yaml");
    let j = json(out, "services");
    let c = csv_records(out, "services");
    assert_eq!(j.len(), services.services.len());
    for ((sv, j), c) in services.services.iter().zip(&j).zip(&c) {
        assert_eq!(s(j, "id"), sv.id);
        assert_eq!(j["number"], Value::from(sv.number));
        assert_eq!(s(j, "title_zh"), sv.title.zh);
        assert_eq!(ids(j, "providers_ids"), sv.providers);
        assert_eq!(c["title_en"], sv.title.en);
        assert_eq!(c["providers_ids"], sv.providers.join("; "));
    }

    let j = json(out, "agencies");
    let c = csv_records(out, "agencies");
    assert_eq!(j.len(), agencies.len());
    for ((a, j), c) in agencies.iter().zip(&j).zip(&c) {
        assert_eq!(s(j, "id"), a.id);
        assert_eq!(s(j, "name_zh"), a.name.zh);
        assert_eq!(s(j, "kind"), a.kind);
        assert_eq!(c["name_en"], a.name.en);
    }

    let indicators: Vec<Indicator> = yaml("indicators.yaml");
    let j = json(out, "indicators");
    let c = csv_records(out, "indicators");
    assert_eq!(j.len(), indicators.len());
    for ((i, j), c) in indicators.iter().zip(&j).zip(&c) {
        assert_eq!(s(j, "id"), i.id);
        assert_eq!(j["number"], Value::from(i.number));
        assert_eq!(s(j, "name_zh"), i.name.zh);
        assert_eq!(s(j, "unit_en"), i.unit.en);
        assert_eq!(j["baseline_year"], Value::from(i.baseline.year));
        assert_eq!(num(&j["baseline_value"]), Some(i.baseline.value));
        assert_eq!(j["target_year"], Value::from(i.target.year));
        assert_eq!(num(&j["target_value"]), i.target.value);
        assert_eq!(num(&j["target_min"]), i.target.min);
        assert_eq!(num(&j["target_max"]), i.target.max);
        assert_eq!(c["name_zh"], i.name.zh);
        let read = |k: &str| (!c[k].is_empty()).then(|| c[k].parse::<f64>().expect(k));
        assert_eq!(read("baseline_value"), Some(i.baseline.value));
        assert_eq!(read("target_value"), i.target.value);
        assert_eq!(read("target_min"), i.target.min);
        assert_eq!(read("target_max"), i.target.max);
        if i.observations.is_empty() {
            assert_eq!(s(j, "status"), "no-data-since-baseline");
            assert!(j["latest_value"].is_null());
            assert_eq!(c["latest_value"], "");
        } else {
            let latest = i.observations.iter().max_by_key(|o| o.year).unwrap();
            assert_eq!(j["latest_year"], Value::from(latest.year));
            assert_eq!(num(&j["latest_value"]), Some(latest.value));
            assert_eq!(read("latest_value"), Some(latest.value));
            assert_ne!(s(j, "status"), "no-data-since-baseline");
        }
    }
}

#[test]
fn json_and_csv_hold_the_same_records_field_by_field() {
    let out = out();
    let names = [
        "indicators",
        "indicator-observations",
        "tasks",
        "projects",
        "firms",
        "services",
        "agencies",
    ];
    for name in names {
        let j: Vec<Ordered> =
            serde_json::from_slice(&bytes(out, &format!("data/{name}.json"))).expect("JSON");
        let (header, rows) = csv(out, name);
        assert_eq!(j.len(), rows.len(), "{name}");
        for (record, row) in j.iter().zip(&rows) {
            let keys: Vec<&String> = record.0.iter().map(|(k, _)| k).collect();
            assert_eq!(
                keys,
                header.iter().collect::<Vec<_>>(),
                "{name}: JSON keys follow the CSV columns"
            );
            for ((key, value), cell) in record.0.iter().zip(row) {
                let expected = match value {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => n.to_string(),
                    Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().expect("list of text").to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                    Value::Object(_) => panic!("{name}.{key}: records are flat"),
                };
                assert_eq!(cell, &expected, "{name}.{key}");
            }
        }
    }
}

#[test]
fn csv_keeps_chinese_text_intact_and_uses_rfc4180_line_ends() {
    let out = out();
    let raw = text(out, "data/tasks.csv");
    assert!(raw.starts_with('\u{feff}'), "byte-order mark");
    assert!(raw.contains("示例任务一"), "Chinese title as written");
    assert!(raw.contains("\r\n"), "CRLF record ends");
    let firms = csv_records(out, "firms");
    assert!(
        firms.iter().any(|f| f["name_zh"].contains("示例甲科技")),
        "a firm's Chinese name survives a CSV round trip"
    );
    // A text with a comma or a quote is quoted, so it reads back whole.
    let tasks = csv_records(out, "tasks");
    let yaml_tasks: Vec<Task> = yaml("tasks.yaml");
    assert!(
        yaml_tasks
            .iter()
            .any(|t| t.summary.en.contains(',') && t.summary.en.contains('"')),
        "the fixture has a text with a comma and a quote"
    );
    assert!(
        raw.contains(
            "\"The text of example task one, led by Bureau A (\"\"Bureau A\"\" in short).\""
        ),
        "quoted, with the quote doubled: {raw}"
    );
    for (t, c) in yaml_tasks.iter().zip(&tasks) {
        assert_eq!(c["title_en"], t.title.en);
        assert_eq!(c["summary_en"], t.summary.en);
    }
}

#[test]
fn the_data_page_lists_every_dataset_in_both_languages_with_working_links() {
    let out = out();
    let datasets = [
        ("indicators", "关键指标", "Key indicators"),
        (
            "indicator-observations",
            "指标观测值",
            "Indicator observations",
        ),
        ("tasks", "重点任务", "Key tasks"),
        ("projects", "重点项目", "Key projects"),
        ("firms", "企业", "Firms"),
        ("services", "服务", "Services"),
        ("agencies", "机构和服务提供方", "Bodies and providers"),
    ];
    for (page, lang) in [("data/index.html", "zh"), ("en/data/index.html", "en")] {
        let html = text(out, page);
        for (id, zh, en) in datasets {
            let title = if lang == "zh" { zh } else { en };
            assert!(
                html.contains(&format!("<h2 id={id}>{title}</h2>")),
                "{page} has a section for {id}"
            );
            for ext in ["json", "csv"] {
                let href = format!("/data/{id}.{ext}");
                assert!(
                    html.contains(&format!("href={href} ")),
                    "{page} links {href}"
                );
            }
        }
        // Every link to a file below /data/ resolves to a file that exists.
        let links = hrefs(&html);
        let files: Vec<&String> = links
            .iter()
            .filter(|h| h.starts_with("/data/") && h.len() > "/data/".len())
            .collect();
        assert_eq!(
            files.len(),
            datasets.len() * 2 * 2,
            "{page}: table and sections"
        );
        for f in files {
            assert!(
                out.join(&f[1..]).is_file(),
                "{page} links {f}, which is missing"
            );
        }
        // Field descriptions in the page's language, and the licence and date.
        if lang == "zh" {
            assert!(html.contains("<code>title_zh</code>"));
            assert!(html.contains("任务名称（中文）"));
            // The latest of plan.yaml's `issued` and `printed` (no `updated` in config.toml).
            assert!(html.contains("数据更新日期：<time datetime=2025-03-12>2025-03-12</time>"));
            assert!(html.contains("示例许可条款"), "licence text");
            assert!(html.contains("<td>标识列表</td>"), "type in Chinese");
        } else {
            assert!(html.contains("Title of the task, in English"));
            assert!(html.contains("Data last updated: <time datetime=2025-03-12>2025-03-12</time>"));
            assert!(html.contains("example reuse terms"), "licence text");
            assert!(html.contains("<td>List of identifiers</td>"));
        }
    }
    // Both pages link to the same language-neutral files, and each other.
    let en = text(out, "en/data/index.html");
    assert!(en.contains("href=/data/ hreflang=zh-CN"), "{en}");
    assert!(!out.join("en/data/tasks.csv").exists());
}

#[test]
fn the_footer_and_about_page_link_to_the_data() {
    let out = out();
    for (page, data) in [
        ("index.html", "/data/"),
        ("tasks/index.html", "/data/"),
        ("en/index.html", "/en/data/"),
        ("about/index.html", "/data/"),
        ("en/about/index.html", "/en/data/"),
    ] {
        let html = text(out, page);
        assert!(
            hrefs(&html).iter().any(|h| h == data),
            "{page} links to {data}"
        );
    }
    let sitemap = text(out, "sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{BASE}/data/</loc>")));
    assert!(sitemap.contains(&format!("<loc>{BASE}/en/data/</loc>")));
}

#[test]
fn indicator_files_agree_with_the_indicator_pages() {
    let out = out();
    for r in json(out, "indicators") {
        let id = s(&r, "id");
        let zh = text(out, &format!("indicators/{id}/index.html"));
        let en = text(out, &format!("en/indicators/{id}/index.html"));
        assert!(zh.contains(s(&r, "status_zh")), "{id}: status on the page");
        assert!(en.contains(s(&r, "status_en")), "{id}: status on the page");
        assert_eq!(s(&r, "url_en"), format!("{BASE}/en/indicators/{id}/"));
    }
}

#[test]
fn a_new_observation_and_update_date_reach_the_files_and_the_page() {
    let site = fixture("plan");
    edit(
        site.path(),
        "data/indicators.yaml",
        "    max: 2\n  observations: []",
        "    max: 2\n  observations:\n    - { year: 2024, value: 1.5, note: { zh: 初步数, en: Preliminary } }",
    );
    edit(
        site.path(),
        "config.toml",
        "updated = \"\"",
        "updated = \"2025-12-31\"",
    );
    build_ok(site.path());
    let public = site.path().join("public");
    let obs = json(&public, "indicator-observations");
    assert_eq!(obs.len(), 5, "the fixture's 4 and the new one");
    let new = obs.last().expect("the new observation");
    assert_eq!(s(new, "indicator"), "example-incubators");
    assert_eq!(new["value"], serde_json::json!(1.5));
    let c = csv_records(&public, "indicator-observations");
    assert_eq!(c[4]["note_zh"], "初步数");
    let ind = json(&public, "indicators");
    let rd = ind
        .iter()
        .find(|r| s(r, "id") == "example-incubators")
        .expect("example-incubators");
    assert_eq!(rd["latest_year"], serde_json::json!(2024));
    assert_ne!(s(rd, "status"), "no-data-since-baseline");
    let page = read(site.path(), "indicators/example-incubators/index.html");
    assert!(page.contains(s(rd, "status_zh")), "{page}");
    let data = read(site.path(), "en/data/index.html");
    assert!(data.contains("<time datetime=2025-12-31>2025-12-31</time>"));
}

#[test]
fn two_builds_publish_byte_identical_data_and_feeds() {
    let site = fixture("plan");
    build_ok(site.path());
    let first = snapshot(&site.path().join("public"));
    build_ok(site.path());
    let second = snapshot(&site.path().join("public"));
    for (rel, bytes) in &first {
        if rel.starts_with("data/") || rel.ends_with("atom.xml") || rel.contains("data/") {
            assert_eq!(Some(bytes), second.get(rel), "{rel} differs");
        }
    }
}

#[test]
fn a_site_without_data_has_no_data_page_or_link() {
    let site = fixture("basic");
    build_ok(site.path());
    assert!(!site.path().join("public/data").exists());
    let home = read(site.path(), "index.html");
    assert!(!hrefs(&home).iter().any(|h| h.contains("/data/")), "{home}");
}

#[test]
fn a_bad_update_date_is_an_error_at_its_line() {
    let site = fixture("plan");
    edit(
        site.path(),
        "config.toml",
        "updated = \"\"",
        "updated = \"2025-6-1\"",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    let line = std::fs::read_to_string(site.path().join("config.toml"))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("updated ="))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("config.toml:{line}:1:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not a valid date"), "{}", run.stderr);
}

/// A JSON object with its keys in the order of the file.
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Every `href` value of a minified page.
fn hrefs(html: &str) -> Vec<String> {
    html.match_indices("href=")
        .map(|(i, _)| {
            let rest = &html[i + 5..];
            match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or("").to_string(),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or("")
                    .to_string(),
            }
        })
        .collect()
}
