//! Shipped-plan tests: the open data at /data/ of the repository's own plan — how many records
//! each dataset has (Annexes 1–5), that no observation is published yet, named records in the
//! CSV files, and the licence and date of the shipped config. These fail when the shipped data
//! changes; the engine's open data is tested on `tests/fixtures/plan` in `opendata.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// The published pages of the default site, built once for this file into Cargo's temporary
/// folder for tests.
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| built_default_site_in_target("shipped-opendata-default-site").join("public"))
}

fn bytes(dir: &Path, rel: &str) -> Vec<u8> {
    let path = dir.join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn json(name: &str) -> Vec<serde_json::Map<String, Value>> {
    let v: Value = serde_json::from_slice(&bytes(out(), &format!("data/{name}.json")))
        .unwrap_or_else(|e| panic!("data/{name}.json is not JSON: {e}"));
    v.as_array()
        .unwrap_or_else(|| panic!("data/{name}.json is not an array"))
        .iter()
        .map(|r| r.as_object().expect("a record is an object").clone())
        .collect()
}

/// The text of a CSV file, after checking and removing its byte-order mark.
fn csv_text(name: &str) -> String {
    let raw = String::from_utf8(bytes(out(), &format!("data/{name}.csv"))).expect("UTF-8");
    raw.strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("data/{name}.csv has no byte-order mark"))
        .to_string()
}

fn csv_rows(name: &str) -> usize {
    ::csv::Reader::from_reader(csv_text(name).as_bytes())
        .records()
        .inspect(|r| assert!(r.is_ok(), "a CSV record: {r:?}"))
        .count()
}

#[test]
fn every_dataset_holds_the_records_of_the_plan() {
    let agencies: Vec<Value> = serde_saphyr::from_str(
        &std::fs::read_to_string(repo().join("data/agencies.yaml")).expect("agencies.yaml"),
    )
    .expect("agencies.yaml parses");
    let expected = [
        ("indicators", 12),
        ("tasks", 15),
        ("projects", 6),
        ("firms", 28),
        ("services", 10),
        ("agencies", agencies.len()),
    ];
    for (name, count) in expected {
        assert_eq!(json(name).len(), count, "data/{name}.json");
        assert_eq!(csv_rows(name), count, "data/{name}.csv");
    }
    let key_firms = json("firms")
        .iter()
        .filter(|f| f["key_firm"] == Value::Bool(true))
        .count();
    assert_eq!(key_firms, 20, "the 20 key firms of Annex 4");
    // No observation is published yet: the table is there, with its header only.
    assert!(json("indicator-observations").is_empty());
    let text = csv_text("indicator-observations");
    assert_eq!(
        text.trim_end(),
        "indicator,year,value,status,superseded,source,publisher,released,url,note_zh,note_en"
    );
}

#[test]
fn the_csv_files_hold_the_plans_chinese_names() {
    assert!(
        csv_text("tasks").contains("强化区级统筹机制"),
        "Chinese title as written"
    );
    assert!(csv_text("firms").contains("上海移远通信技术股份有限公司"));
}

#[test]
fn the_data_page_gives_the_shipped_licence_and_date() {
    let zh = String::from_utf8(bytes(out(), "data/index.html")).expect("UTF-8");
    assert!(zh.contains("数据更新日期：<time datetime=2025-06-24>2025-06-24</time>"));
    assert!(zh.contains("网站使用规定为准"), "licence text");
    let en = String::from_utf8(bytes(out(), "en/data/index.html")).expect("UTF-8");
    assert!(en.contains("Data last updated: <time datetime=2025-06-24>2025-06-24</time>"));
    assert!(en.contains("website policy of the organisation"));
}
