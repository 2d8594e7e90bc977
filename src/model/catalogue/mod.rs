//! The open-data catalogue: every dataset of the plan as a table, encoded as JSON and as CSV,
//! with a description of each field. Built once per site load; the open-data output writes
//! [`Catalogue::files`] and the HTML output describes them on `/data/`.
//!
//! The tables are built from [`crate::model::views::Views`], the same resolved model the pages are
//! rendered from, so a download can never disagree with the page that shows the same record.
//! Each dataset is one flat table: one record per task, project, firm…, one field per column.
//! The same table becomes
//!
//! - `data/<id>.json`: an array of objects, keys in field order; lists are arrays, missing
//!   values `null`;
//! - `data/<id>.csv`: UTF-8 with a byte-order mark (so that Excel recognises the encoding and
//!   shows Chinese), a header row of field names, RFC 4180 quoting and CRLF line ends; a list
//!   holds its items separated by `; ` ([`LIST_SEPARATOR`]), a missing value is an empty cell.
//!   A reference list `x` is three columns: `x_ids` (ids of the other dataset) and `x_zh`,
//!   `x_en` (their names), so a spreadsheet shows names.
//!
//! The files live at language-neutral paths below the site root (`/data/tasks.csv`) and carry
//! both languages side by side (`title_zh`, `title_en`); the `/data/` and `/en/data/` pages
//! both link to them.
//!
//! **Last updated** ([`Catalogue::updated`]) is the latest of the plan's issue date and print
//! date (`issued` and `printed` in `data/plan.yaml`) and `[open_data] updated` of
//! `config.toml`. It is therefore taken from the site's own files, never from the clock, and
//! two builds of the same files give byte-identical downloads.

mod datasets;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::views::Views;
use crate::base::address::Addresses;
use crate::base::error::Diagnostic;
use crate::base::lang::Localized;
use crate::base::messages::Message;
use crate::base::text::exact_number;
use crate::input::config::Config;
use crate::input::data::PlanData;
use crate::input::theme::Theme;
use crate::msg;

/// What kind of value a field holds; described on the `/data/` page in the page's language
/// (UI string `data_type_<key>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// A stable identifier: lowercase ASCII letters, digits and hyphens.
    Id,
    /// Free text.
    Text,
    /// A whole number.
    Integer,
    /// A decimal number, `.` as decimal separator.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of identifiers of another dataset.
    IdList,
    /// A list of texts.
    TextList,
    /// An absolute web address.
    Url,
}

impl FieldType {
    /// The kebab-case key, as serialized and used in UI strings.
    pub fn key(self) -> &'static str {
        match self {
            FieldType::Id => "id",
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::IdList => "id-list",
            FieldType::TextList => "text-list",
            FieldType::Url => "url",
        }
    }

    /// Whether `cell` is a value of this type (a missing value fits every type).
    pub fn accepts(self, cell: &Cell) -> bool {
        matches!(
            (self, cell),
            (_, Cell::Null)
                | (
                    FieldType::Id | FieldType::Text | FieldType::Url,
                    Cell::Text(_)
                )
                | (FieldType::Integer, Cell::Int(_))
                | (FieldType::Number, Cell::Num(_))
                | (FieldType::Boolean, Cell::Bool(_))
                | (FieldType::IdList | FieldType::TextList, Cell::List(_))
        )
    }
}

/// What separates the items of a list in a CSV cell: visible in a spreadsheet, where line
/// breaks inside a cell make tall rows. No id contains it.
pub const LIST_SEPARATOR: &str = "; ";

/// One value of a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value (an indicator without observations has no latest value).
    Null,
    Text(String),
    Int(i64),
    Num(f64),
    Bool(bool),
    List(Vec<String>),
}

impl Cell {
    /// The cell as CSV text: lists one item per line, a missing value empty. Text that a
    /// spreadsheet would read as a formula is defused ([`defuse_formula`]); numbers are
    /// written as numbers, a minus sign included.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => defuse_formula(s.clone()),
            Cell::Int(n) => n.to_string(),
            Cell::Num(v) => exact_number(*v),
            Cell::Bool(b) => b.to_string(),
            Cell::List(items) => defuse_formula(items.join(LIST_SEPARATOR)),
        }
    }
}

/// The characters that make Excel, WPS and LibreOffice read a cell as a formula when it
/// starts with one of them (OWASP's CSV injection guidance: `=`, `+`, `-`, `@`, tab and
/// carriage return; NUL and line feed, which some readers skip before looking, too).
pub const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

/// Text for a CSV cell: when it starts with one of [`FORMULA_STARTS`], a single quote is put
/// in front, so spreadsheets show the text (`'=HYPERLINK(…)`) instead of evaluating it. The
/// JSON download keeps the exact value; `/data/` says so.
pub fn defuse_formula(text: String) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => serializer.serialize_none(),
            Cell::Text(s) => serializer.serialize_str(s),
            Cell::Int(n) => serializer.serialize_i64(*n),
            Cell::Num(v) if v.is_finite() => {
                if v.fract() == 0.0 && v.abs() < 1e15 {
                    // 8 rather than 8.0: the same digits as the CSV and the pages.
                    serializer.serialize_i64(*v as i64)
                } else {
                    serializer.serialize_f64(*v)
                }
            }
            Cell::Num(_) => serializer.serialize_none(),
            Cell::Bool(b) => serializer.serialize_bool(*b),
            Cell::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for i in items {
                    seq.serialize_element(i)?;
                }
                seq.end()
            }
        }
    }
}

/// One column of a dataset.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The column header and JSON key, e.g. `title_en`.
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// What the field means, in both languages.
    pub meaning: Localized,
}

/// One downloadable table.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The file stem and anchor, e.g. `tasks`.
    pub id: &'static str,
    pub title: Localized,
    pub description: Localized,
    /// The data file the records come from, e.g. `data/tasks.yaml`.
    pub source: &'static str,
    /// The site section whose pages show the same records, e.g. `tasks/`.
    pub section: String,
    pub fields: Vec<Field>,
    pub rows: Vec<Vec<Cell>>,
}

/// A file to publish below the output root.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// E.g. `data/tasks.csv`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Why a dataset could not be encoded.
#[derive(Debug, thiserror::Error)]
pub enum OpenDataError {
    #[error("{}", self.message())]
    Csv {
        path: String,
        #[source]
        source: csv::Error,
    },
    #[error("{}", self.message())]
    Json {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

impl OpenDataError {
    /// The problem in words, in both languages.
    pub fn message(&self) -> Message {
        match self {
            OpenDataError::Csv { path, source } => msg!(
                "model-open-data-csv",
                path = path,
                reason = Message::verbatim(source.to_string())
            ),
            OpenDataError::Json { path, source } => msg!(
                "model-open-data-json",
                path = path,
                reason = Message::verbatim(source.to_string())
            ),
        }
    }

    /// The problem as a diagnostic on the data file the records come from.
    pub fn diagnostic(&self, source_file: &str) -> Diagnostic {
        Diagnostic::whole_file(source_file, self.message())
    }
}

/// A record serialized as a JSON object with its keys in field order.
struct Record<'a> {
    fields: &'a [Field],
    cells: &'a [Cell],
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (f, c) in self.fields.iter().zip(self.cells) {
            map.serialize_entry(&f.name, c)?;
        }
        map.end()
    }
}

impl Dataset {
    /// The address of the JSON file below the site root.
    pub fn json_path(&self) -> String {
        format!("data/{}.json", self.id)
    }

    /// The address of the CSV file below the site root.
    pub fn csv_path(&self) -> String {
        format!("data/{}.csv", self.id)
    }

    /// The records as pretty-printed JSON (an array of objects), ending with a newline.
    pub fn to_json(&self) -> Result<Vec<u8>, OpenDataError> {
        let records: Vec<Record> = self
            .rows
            .iter()
            .map(|cells| Record {
                fields: &self.fields,
                cells,
            })
            .collect();
        let mut bytes =
            serde_json::to_vec_pretty(&records).map_err(|source| OpenDataError::Json {
                path: self.json_path(),
                source,
            })?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// The records as CSV: byte-order mark, header row, RFC 4180 quoting, CRLF line ends.
    pub fn to_csv(&self) -> Result<Vec<u8>, OpenDataError> {
        let err = |source| OpenDataError::Csv {
            path: self.csv_path(),
            source,
        };
        let mut out = "\u{feff}".as_bytes().to_vec();
        {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            w.write_record(self.fields.iter().map(|f| f.name.as_str()))
                .map_err(err)?;
            for row in &self.rows {
                w.write_record(row.iter().map(Cell::csv_text))
                    .map_err(err)?;
            }
            w.flush().map_err(|e| err(e.into()))?;
        }
        Ok(out)
    }
}

/// What the datasets are made from: the loaded site, before it becomes a
/// [`Site`](super::site::Site) (which holds the catalogue).
pub struct Sources<'a> {
    pub config: &'a Config,
    pub data: &'a PlanData,
    pub views: &'a Views,
    /// For labels (statuses, kinds of body) in each language.
    pub theme: &'a Theme,
    pub addresses: &'a Addresses,
}

/// When the data was last updated, `YYYY-MM-DD`: the latest of the plan's `issued` and
/// `printed` dates and `[open_data] updated` (all validated dates, so the text order is the
/// date order). `None` when none of them is there.
fn last_updated(site: &Sources) -> Option<String> {
    let plan = site.data.plan.as_ref();
    [
        plan.map(|p| p.issued.value.clone()),
        plan.map(|p| p.printed.value.clone()),
        Some(site.config.open_data.updated.clone()).filter(|d| !d.is_empty()),
    ]
    .into_iter()
    .flatten()
    .max()
}

/// Every dataset of the site, with the facts the `/data/` page states about them.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub datasets: Vec<Dataset>,
    /// Every file to publish: for each dataset its JSON, then its CSV.
    pub files: Vec<DataFile>,
    /// `YYYY-MM-DD`: see the module documentation for the rule. `None` without plan dates
    /// and without `[open_data] updated`.
    pub updated: Option<String>,
}

impl Catalogue {
    /// Builds every dataset whose data file the site has, from the site's views, and encodes
    /// each as JSON and CSV.
    pub fn build(site: &Sources) -> Result<Catalogue, Vec<Diagnostic>> {
        let datasets = datasets::all(site);
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for d in &datasets {
            for (path, bytes) in [(d.json_path(), d.to_json()), (d.csv_path(), d.to_csv())] {
                match bytes {
                    Ok(bytes) => files.push(DataFile { path, bytes }),
                    Err(e) => problems.push(e.diagnostic(d.source)),
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Catalogue {
            datasets,
            files,
            updated: last_updated(site),
        })
    }

    /// True when the site has no data file at all (and so no `/data/` page).
    pub fn is_empty(&self) -> bool {
        self.datasets.is_empty()
    }

    /// The size in bytes of the published file at `path` (`data/tasks.csv`).
    pub fn file_size(&self, path: &str) -> usize {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map_or(0, |f| f.bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        Dataset {
            id: "sample",
            title: Localized {
                zh: "样例".into(),
                en: "Sample".into(),
            },
            description: Localized {
                zh: String::new(),
                en: String::new(),
            },
            source: "data/sample.yaml",
            section: "sample/".into(),
            fields: ["id", "title_zh", "value", "items", "flag"]
                .iter()
                .zip([
                    FieldType::Id,
                    FieldType::Text,
                    FieldType::Number,
                    FieldType::IdList,
                    FieldType::Boolean,
                ])
                .map(|(n, kind)| Field {
                    name: n.to_string(),
                    kind,
                    meaning: Localized {
                        zh: String::new(),
                        en: String::new(),
                    },
                })
                .collect(),
            rows: vec![
                vec![
                    Cell::Text("a".into()),
                    Cell::Text("“引号”, 逗号\n换行".into()),
                    Cell::Num(615.95),
                    Cell::List(vec!["x".into(), "y".into()]),
                    Cell::Bool(true),
                ],
                vec![
                    Cell::Text("b".into()),
                    Cell::Text("移远".into()),
                    Cell::Num(8.0),
                    Cell::List(vec![]),
                    Cell::Null,
                ],
            ],
        }
    }

    #[test]
    fn an_encoding_problem_reads_as_chinese_on_the_data_file() {
        use crate::base::lang::Lang;
        let source = serde_json::from_str::<i32>("x").unwrap_err();
        let e = OpenDataError::Json {
            path: "data/sample.json".into(),
            source,
        };
        let d = e.diagnostic("data/sample.yaml");
        let zh = d.render(Lang::Zh);
        assert!(
            zh.starts_with("data/sample.yaml:1:1: 无法把 data/sample.json 写成 JSON："),
            "{zh}"
        );
        assert!(d
            .to_string()
            .starts_with("data/sample.yaml:1:1: cannot write data/sample.json as JSON: "));
        assert_eq!(d.code(), "model-open-data-json");
    }

    #[test]
    fn csv_has_a_bom_crlf_and_rfc4180_quoting() {
        let csv = String::from_utf8(sample().to_csv().unwrap()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert_eq!(
            csv.trim_start_matches('\u{feff}'),
            "id,title_zh,value,items,flag\r\na,\"“引号”, 逗号\n换行\",615.95,x; y,true\r\nb,移远,8,,\r\n"
        );
    }

    #[test]
    fn json_keeps_field_order_lists_and_nulls() {
        let json = String::from_utf8(sample().to_json().unwrap()).unwrap();
        let first = json.find("\"id\"").unwrap();
        let flag = json.find("\"flag\"").unwrap();
        assert!(first < flag);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["items"], serde_json::json!(["x", "y"]));
        assert_eq!(v[1]["value"], serde_json::json!(8));
        assert_eq!(v[0]["value"], serde_json::json!(615.95));
        assert!(v[1]["flag"].is_null());
    }

    #[test]
    fn numbers_read_back_exactly() {
        assert_eq!(exact_number(2.8), "2.8");
        assert_eq!(exact_number(713.0), "713");
        assert_eq!(exact_number(f64::NAN), "");
    }
}
