//! JSON Schemas for editors: generated from the Rust types by `planportal schema`. Engine
//! part: the committed `schemas/` equal what the binary generates, and a planted wrong value
//! is rejected by the schema and by `check` alike (on the `plan` fixture). Shipped part:
//! every data file of the shipped plan names its schema on line 1 and validates against it.

mod common;

use std::path::Path;

use common::*;

const DATA_FILES: [&str; 7] = [
    "plan",
    "tasks",
    "projects",
    "firms",
    "services",
    "agencies",
    "indicators",
];

/// A YAML file as JSON, read with the same YAML library the build uses.
fn yaml_as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read data file");
    serde_saphyr::from_str::<serde_json::Value>(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(dir: &Path, name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(dir.join(format!("schemas/{name}.schema.json")))
        .unwrap_or_else(|e| panic!("schemas/{name}.schema.json: {e}"));
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name}: not a valid schema: {e}"))
}

fn errors(v: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn committed_schemas_are_what_the_binary_generates() {
    let out = tempfile::tempdir().expect("temp");
    let run = planportal(out.path(), &["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let generated = snapshot(&out.path().join("schemas"));
    let committed = snapshot(&repo().join("schemas"));
    assert_eq!(
        generated.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &generated {
        assert!(
            committed[name] == *bytes,
            "schemas/{name} is out of date: run `cargo run -- schema`"
        );
    }
    // Field descriptions come from the doc comments of the types.
    let tasks = String::from_utf8_lossy(&generated["tasks.schema.json"]).into_owned();
    assert!(tasks.contains("Implementing bodies"), "{tasks}");
    assert!(tasks.contains("\"additionalProperties\": false"), "{tasks}");
}

#[test]
fn every_shipped_data_file_names_and_satisfies_its_schema() {
    for name in DATA_FILES {
        let path = repo().join(format!("data/{name}.yaml"));
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text.lines().next(),
            Some(format!("# yaml-language-server: $schema=../schemas/{name}.schema.json").as_str()),
            "data/{name}.yaml must name its schema on line 1"
        );
        let v = validator(&repo(), name);
        let errs = errors(&v, &yaml_as_json(&path));
        assert!(errs.is_empty(), "data/{name}.yaml: {errs:#?}");
    }
}

#[test]
fn every_shipped_page_satisfies_the_front_matter_schema() {
    let v = validator(&repo(), "front-matter");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let front = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---"))
            .map(|(f, _)| f)
            .unwrap_or_else(|| panic!("{}: no front matter", entry.path().display()));
        let value: serde_json::Value = serde_saphyr::from_str(front).expect("front matter");
        let errs = errors(&v, &value);
        assert!(errs.is_empty(), "{}: {errs:#?}", entry.path().display());
        checked += 1;
    }
    assert!(checked > 10, "{checked} pages");
}

#[test]
fn a_wrong_value_is_rejected_by_the_schema_and_by_check_alike() {
    let site = fixture("plan");
    let run = planportal(site.path(), &["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The fixture's files are valid before the change.
    for name in DATA_FILES {
        let v = validator(site.path(), name);
        let errs = errors(
            &v,
            &yaml_as_json(&site.path().join(format!("data/{name}.yaml"))),
        );
        assert!(errs.is_empty(), "fixture data/{name}.yaml: {errs:#?}");
    }

    // Three kinds of mistake an editor makes: a value outside the list, a misspelt field,
    // a text where a number belongs.
    let cases: [(&str, &str, &str, &str); 3] = [
        (
            "agencies",
            "kind: district-government",
            "kind: county-government",
            "/0/kind",
        ),
        ("tasks", "  summary:", "  sumary:", ""),
        ("indicators", "number: 1", "number: one", "/0/number"),
    ];
    for (name, from, to, pointer) in cases {
        let site = fixture("plan");
        planportal(site.path(), &["schema"]);
        let file = format!("data/{name}.yaml");
        edit(site.path(), &file, from, to);
        let v = validator(site.path(), name);
        let errs = errors(&v, &yaml_as_json(&site.path().join(&file)));
        assert!(!errs.is_empty(), "the schema accepts {to:?} in {file}");
        assert!(
            errs.iter()
                .any(|e| e.ends_with(&format!(" at {pointer}")) || pointer.is_empty()),
            "{errs:#?}"
        );
        let check = planportal(site.path(), &["check"]);
        assert_eq!(check.code, 1, "check accepts {to:?}:\n{}", check.stdout);
        assert!(
            check.stdout.contains(&format!("error: {file}:")),
            "{}",
            check.stdout
        );
    }
}
