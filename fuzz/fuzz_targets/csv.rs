//! The open-data CSV writer on any text: read back by a CSV reader, every cell is the value
//! written — with a single quote in front exactly when the value starts with a character that
//! makes a spreadsheet run it as a formula (`=`, `+`, `-`, `@`, tab, CR, LF, NUL) — so no
//! cell a spreadsheet sees starts with one; the rows and columns survive any quotes, commas
//! and line breaks; the JSON download keeps every value exactly.
//!
//! Input: cells separated by U+001F, rows by U+001E, in a table of a text column, a list
//! column (items separated by U+001D) and a number column.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planportal::base::lang::Localized;
use planportal::model::catalogue::{
    defuse_formula, Cell, Dataset, Field, FieldType, FORMULA_STARTS,
};

fn field(name: &str, kind: FieldType) -> Field {
    Field {
        name: name.into(),
        kind,
        meaning: Localized { zh: String::new(), en: String::new() },
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rows: Vec<Vec<Cell>> = text
        .split('\u{1E}')
        .take(50)
        .enumerate()
        .map(|(i, row)| {
            let mut cells = row.split('\u{1F}');
            let title = cells.next().unwrap_or("").to_string();
            let list: Vec<String> = cells
                .next()
                .unwrap_or("")
                .split('\u{1D}')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            vec![
                Cell::Text(title),
                Cell::List(list),
                Cell::Num(-(i as f64) - 0.5),
            ]
        })
        .collect();
    let dataset = Dataset {
        id: "fuzz",
        title: Localized { zh: String::new(), en: String::new() },
        description: Localized { zh: String::new(), en: String::new() },
        source: "data/fuzz.yaml",
        section: "fuzz/".into(),
        fields: vec![
            field("title", FieldType::Text),
            field("items", FieldType::TextList),
            field("value", FieldType::Number),
        ],
        rows: rows.clone(),
    };
    let csv = dataset.to_csv().expect("CSV is written");
    let csv = csv
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a byte-order mark");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(csv);
    let read: Vec<csv::StringRecord> = reader
        .records()
        .map(|r| r.expect("the CSV reads back"))
        .collect();
    assert_eq!(read.len(), rows.len(), "rows lost or added");
    for (record, row) in read.iter().zip(&rows) {
        assert_eq!(record.len(), 3, "columns lost or added: {record:?}");
        for (k, cell) in row.iter().enumerate() {
            let got = &record[k];
            match cell {
                Cell::Text(_) | Cell::List(_) => {
                    let raw = match cell {
                        Cell::Text(s) => s.clone(),
                        Cell::List(items) => items.join("\n"),
                        _ => unreachable!(),
                    };
                    // The csv reader turns a lone CR line end inside quotes back as written.
                    assert_eq!(got, defuse_formula(raw.clone()), "cell {k}");
                    assert!(
                        !got.starts_with(FORMULA_STARTS),
                        "a spreadsheet would run {got:?}"
                    );
                }
                Cell::Num(_) => assert!(got.starts_with('-'), "a number became text: {got:?}"),
                _ => {}
            }
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&dataset.to_json().expect("JSON is written")).expect("JSON reads back");
    let records = json.as_array().expect("an array");
    for (record, row) in records.iter().zip(&rows) {
        if let Cell::Text(s) = &row[0] {
            assert_eq!(record["title"].as_str(), Some(s.as_str()), "JSON changed the value");
        }
    }
});
