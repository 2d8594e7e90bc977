//! Engine tests on the demonstration fixture (`tests/fixtures/demo`, illustrative figures):
//! `planportal import observations` in every format (CSV in UTF-8, UTF-8 with BOM and
//! GB18030; `.xlsx` written here with rust_xlsxwriter; `.ods` written here as a zip; a
//! committed `.xls`), rejected rows reported at their row and column with nothing written,
//! revisions shown with both values, the overdue rule, the change log and its feeds between
//! two builds, dated open-data files, and the "illustrative" marking.

mod common;

use std::io::Write;
use std::path::Path;

use common::{build_ok, fixture, planportal, text_of};

const OBS: &str = "data/observations.yaml";

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn page(root: &Path, rel: &str) -> String {
    read(&root.join("public"), rel)
}

const HEADER_EN: &str = "indicator,year,value,unit,status,source,publisher,released,url\n";

/// Imports `file` into the site at `root`; returns (exit code, stdout, stderr).
fn import(root: &Path, file: &Path, apply: bool) -> (i32, String, String) {
    let file = file.to_str().expect("utf-8 path");
    let mut args = vec!["import", "observations", file];
    if apply {
        args.push("--apply");
    }
    let run = planportal(root, &args);
    (run.code, run.stdout, run.stderr)
}

#[test]
fn csv_in_utf8_dry_run_shows_the_table_then_apply_appends_keeping_the_file() {
    let site = fixture("demo");
    let root = site.path();
    let before = read(root, OBS);
    let csv = root.join("new.csv");
    std::fs::write(
        &csv,
        format!("{HEADER_EN}example-firms,2025,15,家,final,示例统计公报2025,示例统计局,2026-03-20,https://stats.example.org/2025\nexample-share,2024,22,%,final,示例统计公报2024,示例统计局,2025-03-20,\n"),
    )
    .unwrap();
    let (code, out, err) = import(root, &csv, false);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CSV, UTF-8"), "{out}");
    let row2 = out
        .lines()
        .find(|l| l.trim_start().starts_with("2 "))
        .expect("row 2");
    assert!(
        row2.contains("example-firms") && row2.ends_with("new"),
        "{out}"
    );
    let row3 = out
        .lines()
        .find(|l| l.trim_start().starts_with("3 "))
        .expect("row 3");
    assert!(row3.ends_with("unchanged"), "{out}");
    assert!(
        out.contains("1 new, 0 revised, 1 unchanged, 0 rejected"),
        "{out}"
    );
    assert_eq!(read(root, OBS), before, "a dry run writes nothing");

    let (code, out, err) = import(root, &csv, true);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote 1 observation(s)"), "{out}");
    let after = read(root, OBS);
    assert!(
        after.starts_with(&before),
        "comments and layout are kept byte for byte"
    );
    assert!(
        after.contains("- indicator: example-firms\n  year: 2025\n  value: 15\n  status: final\n"),
        "{after}"
    );

    build_ok(root);
    let html = text_of(&page(root, "en/indicators/example-firms/index.html"));
    assert!(
        html.contains("2025 15 firms (illustrative) Final 示例统计公报2025"),
        "{html}"
    );
    assert!(html.contains("示例统计局, released 2026-03-20"), "{html}");
    let raw = page(root, "en/indicators/example-firms/index.html");
    assert!(
        raw.contains("https://stats.example.org/2025"),
        "the source links to its address"
    );
}

#[test]
fn csv_with_a_bom_and_gb18030_csv_from_chinese_excel_are_read() {
    let site = fixture("demo");
    let root = site.path();
    // Chinese headers, the indicator by its Chinese name, a date written 2026/1/22.
    let text = "指标,年份,数值,单位,数值性质,出处,发布机构,发布日期\n示例专利数量,2025,120,件,初步数,示例知识产权快报2025,示例市场监管局,2026/1/22\n";
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the file really is not UTF-8"
    );
    let gb_file = root.join("gb.csv");
    std::fs::write(&gb_file, &gb).unwrap();
    let (code, out, err) = import(root, &gb_file, false);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CSV, GB18030"), "{out}");
    assert!(
        out.contains("example-patents") && out.contains("1 new"),
        "{out}"
    );

    let bom_file = root.join("bom.csv");
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    std::fs::write(&bom_file, &bytes).unwrap();
    let (code, out, err) = import(root, &bom_file, true);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CSV, UTF-8 with BOM"), "{out}");
    let obs = read(root, OBS);
    assert!(obs.contains("  status: preliminary\n  source: \"示例知识产权快报2025\"\n  publisher: \"示例市场监管局\"\n  released: \"2026-01-22\"\n"), "{obs}");
}

/// An .xlsx written with rust_xlsxwriter: headers, then `rows` of (indicator, year, value
/// cell, unit); the release date is a real date cell.
fn xlsx(path: &Path, rows: &[(&str, f64, Result<f64, &str>, &str)]) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "indicator",
        "year",
        "value",
        "unit",
        "status",
        "source",
        "publisher",
        "released",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, (id, year, value, unit)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        sheet.write_number(r, 1, *year).unwrap();
        match value {
            Ok(v) => sheet.write_number(r, 2, *v).unwrap(),
            Err(text) => sheet.write_string(r, 2, *text).unwrap(),
        };
        sheet.write_string(r, 3, *unit).unwrap();
        sheet.write_string(r, 4, "final").unwrap();
        sheet.write_string(r, 5, "示例统计公报2025").unwrap();
        sheet.write_string(r, 6, "示例统计局").unwrap();
        let d = ExcelDateTime::from_ymd(2026, 3, 20).unwrap();
        sheet.write_datetime_with_format(r, 7, &d, &date).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn xlsx_written_in_the_test_is_imported_with_number_and_date_cells() {
    let site = fixture("demo");
    let root = site.path();
    let file = root.join("figures.xlsx");
    xlsx(&file, &[("example-waiting-days", 2025.0, Ok(28.5), "天")]);
    let (code, out, err) = import(root, &file, true);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("xlsx, sheet"), "{out}");
    let obs = read(root, OBS);
    assert!(
        obs.contains("- indicator: example-waiting-days\n  year: 2025\n  value: 28.5\n"),
        "{obs}"
    );
    assert!(
        obs.contains("released: \"2026-03-20\""),
        "a date cell becomes YYYY-MM-DD: {obs}"
    );
}

#[test]
fn bad_unit_unknown_indicator_duplicate_year_and_text_in_a_number_cell_are_each_reported_with_nothing_written(
) {
    let site = fixture("demo");
    let root = site.path();
    let before = read(root, OBS);
    let file = root.join("bad.xlsx");
    xlsx(
        &file,
        &[
            ("example-firms", 2025.0, Ok(15.0), "万家"), // row 2: bad unit, column D
            ("example-nothing", 2025.0, Ok(1.0), "家"),  // row 3: unknown, column A
            ("example-patents", 2025.0, Ok(110.0), "件"), // row 4: fine
            ("example-patents", 2025.0, Ok(111.0), "件"), // row 5: duplicate year, column B
            ("example-share", 2025.0, Err("约27"), "%"), // row 6: text for a number, column C
        ],
    );
    let (code, out, err) = import(root, &file, true);
    assert_eq!(code, 1, "rejected rows fail the command:\n{out}\n{err}");
    let name = file.display().to_string();
    for (place, words) in [
        (
            "2:4",
            "row 2, column D (unit): unit `万家` is not the unit of `example-firms`",
        ),
        (
            "3:1",
            "row 3, column A (indicator): unknown indicator `example-nothing`",
        ),
        (
            "5:2",
            "row 5, column B (year): duplicate year: `example-patents` 2025 is already on row 4",
        ),
        (
            "6:3",
            "row 6, column C (value): text `约27` where a number belongs",
        ),
    ] {
        let line = format!("error: {name}:{place}: {words}");
        assert!(err.contains(&line), "missing {line:?} in:\n{err}");
    }
    assert!(err.contains("4 errors found; nothing was written"), "{err}");
    assert!(
        out.contains("rejected at D (unit)"),
        "the table names the cell: {out}"
    );
    assert!(
        out.contains("1 new, 0 revised, 0 unchanged, 4 rejected"),
        "{out}"
    );
    assert_eq!(read(root, OBS), before, "nothing is written on any error");

    // The same mistakes in a CSV file, for the cells as text.
    let csv = root.join("bad.csv");
    std::fs::write(
        &csv,
        format!("{HEADER_EN}example-firms,2025,15,万家,final,S,P,2026-03-20,\nexample-firms,2024,abc,家,final,S,P,2026-03-20,\nexample-firms,2024,13,家,final,S,P,2026-03-20,ftp://x\n"),
    )
    .unwrap();
    let (code, _, err) = import(root, &csv, true);
    assert_eq!(code, 1);
    let name = csv.display().to_string();
    assert!(
        err.contains(&format!("{name}:2:4: row 2, column D (unit)")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{name}:3:3: row 3, column C (value): text `abc`")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{name}:4:9: row 4, column I (url)")),
        "{err}"
    );
    assert_eq!(read(root, OBS), before);
}

#[test]
fn ods_written_in_the_test_and_the_committed_xls_are_imported() {
    let site = fixture("demo");
    let root = site.path();
    // An OpenDocument spreadsheet: a zip with the mimetype first and content.xml.
    let cell_s = |t: &str| {
        format!("<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>")
    };
    let cell_n = |v: &str| {
        format!("<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{v}</text:p></table:table-cell>")
    };
    let header: String = [
        "indicator",
        "year",
        "value",
        "unit",
        "status",
        "source",
        "publisher",
        "released",
    ]
    .iter()
    .map(|h| cell_s(h))
    .collect();
    let row = [
        cell_s("example-output"),
        cell_n("2025"),
        cell_n("160"),
        cell_s("亿元"),
        cell_s("preliminary"),
        cell_s("示例统计快报2025"),
        cell_s("示例统计局"),
        "<table:table-cell office:value-type=\"date\" office:date-value=\"2026-01-22\"><text:p>2026-01-22</text:p></table:table-cell>".to_string(),
    ]
    .concat();
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"Sheet1\"><table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let ods = root.join("figures.ods");
    {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&ods).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(manifest.as_bytes()).unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    let (code, out, err) = import(root, &ods, true);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("ods, sheet Sheet1"), "{out}");
    let obs = read(root, OBS);
    assert!(
        obs.contains(
            "- indicator: example-output\n  year: 2025\n  value: 160\n  status: preliminary\n"
        ),
        "{obs}"
    );
    assert!(obs.contains("released: \"2026-01-22\""), "{obs}");

    // Legacy Excel: made once by scripts/make-xls-fixture.py (no Rust crate writes .xls).
    let xls = common::repo().join("tests/fixtures/sheets/observations.xls");
    let (code, out, err) = import(root, &xls, true);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("xls, sheet 指标"), "{out}");
    let obs = read(root, OBS);
    assert!(
        obs.contains(
            "- indicator: example-patents\n  year: 2025\n  value: 130\n  status: preliminary\n"
        ),
        "{obs}"
    );
    assert!(obs.contains("released: \"2026-02-14\""), "{obs}");
    build_ok(root);
}

#[test]
fn a_revision_shows_the_previous_value_and_both_are_in_the_open_data() {
    let site = fixture("demo");
    let root = site.path();
    // example-firms 2024 was 13 (final); a revision to 14.
    let csv = root.join("rev.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER_EN}example-firms,2024,14,家,revised,示例统计公报2025,示例统计局,2026-05-10,\n"
        ),
    )
    .unwrap();
    let (code, out, err) = import(root, &csv, false);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("13 → 14") && out.contains("revised (was final)"),
        "{out}"
    );
    let (code, _, err) = import(root, &csv, true);
    assert_eq!(code, 0, "{err}");
    build_ok(root);
    let html = page(root, "en/indicators/example-firms/index.html");
    assert!(
        html.contains("<del>13 firms</del> → <ins>14 firms</ins>"),
        "both values are shown"
    );
    let text = text_of(&html);
    assert!(text.contains("Revised 2026-05-10"), "{text}");
    assert!(
        text.contains("previously 13 firms (Final, 2025-03-20)"),
        "{text}"
    );
    let zh = text_of(&page(root, "indicators/example-firms/index.html"));
    assert!(
        zh.contains("修订数 2026-05-10") && zh.contains("原为 13家"),
        "{zh}"
    );
    // The open data keeps both rows; the earlier one is marked superseded.
    let csv_out = page(root, "data/indicator-observations.csv");
    assert!(
        csv_out.contains("example-firms,2024,13,final,true,"),
        "{csv_out}"
    );
    assert!(
        csv_out.contains("example-firms,2024,14,revised,false,"),
        "{csv_out}"
    );
    // The demo's own revision (118 → 120) shows too.
    let html = page(root, "en/indicators/example-output/index.html");
    // 118 → 120 亿元, which English writes in billions.
    assert!(
        html.contains("<del>11.8 billion yuan</del> → <ins>12 billion yuan</ins>"),
        "the demo's revision shows both values"
    );
}

#[test]
fn an_expected_release_is_overdue_only_after_its_period_at_the_configured_date() {
    let site = fixture("demo");
    let root = site.path();
    build_ok(root);
    // example-incubators: expected 2026-03, nothing released since; as_of 2026-06-30.
    let text = text_of(&page(root, "en/indicators/example-incubators/index.html"));
    assert!(
        text.contains(
            "Next figure expected 2026-03, Example annual report Overdue (as of 2026-06-30)"
        ),
        "{text}"
    );
    let zh = text_of(&page(root, "indicators/example-incubators/index.html"));
    assert!(zh.contains("已逾期"), "{zh}");
    // example-firms: expected 2027-03, not overdue.
    let text = text_of(&page(root, "en/indicators/example-firms/index.html"));
    assert!(
        text.contains("Next figure expected 2027-03") && !text.contains("Overdue"),
        "{text}"
    );
    // The open data carries the calendar.
    let json: serde_json::Value =
        serde_json::from_str(&page(root, "data/indicators.json")).unwrap();
    let inc = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "example-incubators")
        .unwrap();
    assert_eq!(inc["next_release"], "2026-03");
    assert_eq!(inc["next_release_overdue"], true);
    assert_eq!(inc["next_release_publication_en"], "Example annual report");
    // The overview shows the calendar too.
    let list = text_of(&page(root, "en/indicators/index.html"));
    assert!(
        list.contains("2026-03, Example annual report Overdue"),
        "{list}"
    );

    // Within the expected month it is not overdue yet.
    let config =
        read(root, "config.toml").replace("as_of = \"2026-06-30\"", "as_of = \"2026-03-31\"");
    std::fs::write(root.join("config.toml"), config).unwrap();
    build_ok(root);
    let text = text_of(&page(root, "en/indicators/example-incubators/index.html"));
    assert!(!text.contains("Overdue"), "{text}");

    // After it, a figure released since the period began clears it.
    let config =
        read(root, "config.toml").replace("as_of = \"2026-03-31\"", "as_of = \"2026-06-30\"");
    std::fs::write(root.join("config.toml"), config).unwrap();
    let csv = root.join("inc.csv");
    std::fs::write(
        &csv,
        format!(
            "{HEADER_EN}example-incubators,2025,1,家,final,示例年度报告2025,示例科委,2026-04-02,\n"
        ),
    )
    .unwrap();
    let (code, _, err) = import(root, &csv, true);
    assert_eq!(code, 0, "{err}");
    build_ok(root);
    let text = text_of(&page(root, "en/indicators/example-incubators/index.html"));
    assert!(!text.contains("Overdue"), "{text}");

    // Without an as_of date nothing is overdue: the build never reads the clock.
    let config = read(root, "config.toml").replace("as_of = \"2026-06-30\"\n", "");
    std::fs::write(root.join("config.toml"), config).unwrap();
    std::fs::write(
        root.join(OBS),
        read(root, OBS).replace("released: \"2026-04-02\"", "released: \"2025-04-02\""),
    )
    .unwrap();
    build_ok(root);
    let text = text_of(&page(root, "en/indicators/example-incubators/index.html"));
    assert!(!text.contains("Overdue"), "{text}");
}

#[test]
fn the_updates_page_and_feeds_list_a_change_made_between_two_builds() {
    let site = fixture("demo");
    let root = site.path();
    build_ok(root);
    let first_feed = page(root, "en/updates/atom.xml");
    assert!(!first_feed.contains("release-2026-07-01"));
    let old_release_csv = page(root, "data/releases/2026-05-10/indicator-observations.csv");

    // Staff import a new figure and record a release.
    let csv = root.join("new.csv");
    std::fs::write(&csv, format!("{HEADER_EN}example-firms,2025,15,家,preliminary,示例统计快报2025,示例统计局,2026-06-20,\n")).unwrap();
    let (code, _, err) = import(root, &csv, true);
    assert_eq!(code, 0, "{err}");
    let run = planportal(root, &["release", "--date", "2026-07-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = planportal(root, &["release", "--date", "2026-06-01"]);
    assert_ne!(run.code, 0, "a release before the last one is refused");
    assert!(
        run.stderr
            .contains("the last recorded release is 2026-07-01"),
        "{}",
        run.stderr
    );
    build_ok(root);

    let text = text_of(&page(root, "en/updates/index.html"));
    let at = text
        .find("Release 2026-07-01")
        .expect("the new release is listed");
    assert!(
        at < text.find("Release 2026-05-10").expect("the older one too"),
        "newest first"
    );
    assert!(
        text.contains("Indicator: Number of example firms New value for 2025: 15"),
        "{text}"
    );
    // Changes of the older release (between the fixture's two snapshots) stay listed.
    assert!(text.contains("Value for 2024 revised: 118 → 120"), "{text}");
    assert!(
        text.contains("Status changed from On track to Target achieved"),
        "{text}"
    );
    assert!(
        text.contains("Service: Example policy service Description changed"),
        "{text}"
    );
    let zh = text_of(&page(root, "updates/index.html"));
    assert!(zh.contains("新增2025年数值：15"), "{zh}");

    for (feed, words) in [
        ("en/updates/atom.xml", "New value for 2025: 15"),
        ("updates/atom.xml", "新增2025年数值：15"),
    ] {
        let xml = page(root, feed);
        let doc = roxmltree::Document::parse(&xml).expect("the feed is XML");
        let entries: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert_eq!(entries.len(), 3, "one entry per release");
        let first = entries[0];
        let id = first
            .children()
            .find(|n| n.has_tag_name("id"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(id.ends_with("updates/#release-2026-07-01"), "{id}");
        let content = first
            .children()
            .find(|n| n.has_tag_name("content"))
            .and_then(|n| n.text())
            .unwrap();
        assert!(content.contains(words), "{content}");
        let updated = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name("updated"))
            .and_then(|n| n.text())
            .unwrap();
        assert_eq!(updated, "2026-07-01T00:00:00+08:00");
    }

    // The indicator page says what changed at its last release.
    let text = text_of(&page(root, "en/indicators/example-firms/index.html"));
    assert!(
        text.contains("What changed at the last release ( 2026-07-01 )")
            || text.contains("What changed at the last release (2026-07-01)"),
        "{text}"
    );

    // Each release's open data stays at its dated address, unchanged.
    let new_csv = page(root, "data/releases/2026-07-01/indicator-observations.csv");
    assert!(
        new_csv.contains("example-firms,2025,15,preliminary"),
        "{new_csv}"
    );
    assert_eq!(
        page(root, "data/releases/2026-05-10/indicator-observations.csv"),
        old_release_csv
    );
    assert!(root
        .join("public/data/releases/2026-01-10/tasks.json")
        .is_file());
}

#[test]
fn every_page_of_the_demonstration_site_says_its_figures_are_illustrative_and_shows_every_status() {
    let site = fixture("demo");
    let root = site.path();
    build_ok(root);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(root.join("public")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                html.contains("illustrative-banner"),
                "{} lacks the banner",
                entry.path().display()
            );
            pages += 1;
        }
    }
    assert!(pages > 50, "{pages}");
    let list = page(root, "en/indicators/index.html");
    for status in [
        "achieved",
        "on-track",
        "moderate-progress",
        "limited-progress",
        "moving-away",
        "no-data-since-baseline",
    ] {
        assert!(
            list.contains(&format!("status-{status}")),
            "{status} missing from the overview"
        );
    }
    // Every value on an indicator page carries the mark.
    let text = text_of(&page(root, "en/indicators/example-patents/index.html"));
    assert!(
        text.contains("Latest value 105 patents (2024) (illustrative)"),
        "{text}"
    );
    assert!(text.contains("2024 105 patents (illustrative)"), "{text}");

    // The ordinary fixture has no such banner.
    let plain = fixture("plan");
    build_ok(plain.path());
    let html = page(plain.path(), "en/indicators/index.html");
    assert!(!html.contains("illustrative"));
}

/// The template spreadsheets of docs/: (file stem, headers, notes sheet name, notes).
fn templates() -> [(
    &'static str,
    [&'static str; 9],
    &'static str,
    [&'static str; 9],
); 2] {
    [
        (
            "observations-template.en",
            ["indicator", "year", "value", "unit", "status", "source", "publisher", "released", "url"],
            "Notes",
            [
                "The indicator's id (e.g. rd-intensity) or its Chinese name, as in data/indicators.yaml",
                "The year the value refers to, e.g. 2025",
                "The value as a plain number, in the indicator's unit",
                "The indicator's unit, in Chinese or English, exactly as in data/indicators.yaml",
                "preliminary, final or revised",
                "Title of the publication the value comes from",
                "Who published it",
                "Release date, YYYY-MM-DD (or a date cell)",
                "Optional: the publication's http:// or https:// address",
            ],
        ),
        (
            "observations-template.zh",
            ["指标", "年份", "数值", "单位", "数值性质", "出处", "发布机构", "发布日期", "网址"],
            "填写说明",
            [
                "指标的 id（如 rd-intensity）或中文名称，与 data/indicators.yaml 一致",
                "数值所属年份，如 2025",
                "数值，只写数字，单位与该指标一致",
                "该指标的单位（中文或英文），与 data/indicators.yaml 完全一致",
                "初步数、最终数或修订数",
                "刊载该数值的出版物名称",
                "发布机构",
                "发布日期，YYYY-MM-DD（或日期格式的单元格）",
                "可选：出版物的网址，以 http:// 或 https:// 开头",
            ],
        ),
    ]
}

/// Writes the template spreadsheets of docs/ (run with
/// `cargo test --test figures -- --ignored write_docs_templates` after changing the columns).
#[test]
#[ignore]
fn write_docs_templates() {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    for (stem, headers, notes_name, notes) in templates() {
        let docs = common::repo().join("docs");
        let mut csv = vec![0xEF, 0xBB, 0xBF];
        csv.extend_from_slice(headers.join(",").as_bytes());
        csv.extend_from_slice(b"\r\n");
        std::fs::write(docs.join(format!("{stem}.csv")), csv).unwrap();
        let mut book = Workbook::new();
        let when = ExcelDateTime::from_ymd(2026, 12, 1).unwrap();
        book.set_properties(&DocProperties::new().set_creation_datetime(&when));
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet();
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .unwrap();
            sheet.set_column_width(c as u16, 16).unwrap();
        }
        let help = book.add_worksheet();
        help.set_name(notes_name).unwrap();
        help.set_column_width(0, 14).unwrap();
        help.set_column_width(1, 80).unwrap();
        for (r, (h, n)) in headers.iter().zip(notes).enumerate() {
            help.write_string_with_format(r as u32, 0, *h, &bold)
                .unwrap();
            help.write_string(r as u32, 1, n).unwrap();
        }
        book.save(docs.join(format!("{stem}.xlsx"))).unwrap();
    }
}

#[test]
fn the_template_spreadsheets_in_docs_are_read_with_every_column_recognised() {
    let site = fixture("demo");
    let root = site.path();
    for (stem, headers, _, _) in templates() {
        for ext in ["csv", "xlsx"] {
            let file = common::repo().join("docs").join(format!("{stem}.{ext}"));
            let (code, out, err) = import(root, &file, false);
            assert_eq!(code, 0, "{stem}.{ext}: {out}\n{err}");
            assert!(
                out.contains("0 new, 0 revised, 0 unchanged, 0 rejected"),
                "{out}"
            );
            // Filled in, the template's columns import a row.
            if ext == "csv" {
                let filled = root.join(format!("{stem}.csv"));
                let mut bytes = std::fs::read(&file).unwrap();
                bytes.extend_from_slice(
                    "example-firms,2025,15,家,final,S,P,2026-03-20,\r\n".as_bytes(),
                );
                std::fs::write(&filled, bytes).unwrap();
                let (code, out, err) = import(root, &filled, false);
                assert_eq!(code, 0, "{out}\n{err}");
                assert!(out.contains("1 new"), "{stem}: {headers:?}\n{out}");
            }
        }
    }
}
