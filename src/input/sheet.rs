//! Reading a statistics spreadsheet into rows of cells: `.xlsx`, `.xlsm`, `.xls`, `.xlsb` and
//! `.ods` through calamine (the first worksheet), `.csv` in UTF-8 (with or without a byte
//! order mark) or GB18030 (what Chinese Excel writes when it saves "CSV").
//!
//! Every cell keeps its place as the spreadsheet shows it (row 1 and column A first), so that
//! a problem can be reported at the cell a person sees.

use std::path::Path;

use calamine::{Data, Reader};

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    /// Text as typed (a CSV cell is always text).
    Text(String),
    /// A number cell of a spreadsheet.
    Number(f64),
    /// A date cell, as `YYYY-MM-DD`.
    Date(String),
    Bool(bool),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

impl CellValue {
    /// Whether the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it (for messages and text fields).
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(t) => t.trim().to_string(),
            CellValue::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            CellValue::Date(d) => d.clone(),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// A cell with its place: 1-based row and column, as the spreadsheet shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub column: usize,
    pub value: CellValue,
}

/// The rows of the first worksheet (or of the CSV file) that hold anything.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Each row with its 1-based row number; cells in column order, `column` 1-based.
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// How the file was read, e.g. "CSV, GB18030" or "xlsx, sheet 指标".
    pub format: String,
}

/// Why a file could not be read as a spreadsheet at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("`{0}` is not a spreadsheet format this command reads")]
    UnknownFormat(String),
    #[error("the file is neither UTF-8 nor GB18030 text")]
    Encoding,
    #[error("the CSV file is malformed: {0}")]
    Csv(String),
    #[error("the workbook cannot be read: {0}")]
    Workbook(String),
    #[error("the workbook has no worksheet")]
    NoSheet,
}

/// A column number as its letters: 1 → `A`, 27 → `AA`.
pub fn column_letters(mut column: usize) -> String {
    let mut out = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        out.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads `path` by its extension.
pub fn read(path: &Path) -> Result<Sheet, SheetError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => read_csv(&std::fs::read(path)?),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, &ext),
        other => Err(SheetError::UnknownFormat(other.to_string())),
    }
}

/// Decodes CSV bytes: UTF-8 after a byte order mark, else UTF-8 when valid, else GB18030.
pub fn decode_csv(bytes: &[u8]) -> Result<(String, &'static str), SheetError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec())
            .map(|s| (s, "UTF-8 with BOM"))
            .map_err(|_| SheetError::Encoding);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(SheetError::Encoding);
    }
    Ok((text.into_owned(), "GB18030"))
}

/// Reads CSV bytes (see [`decode_csv`]); every cell is text.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let (text, encoding) = decode_csv(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Csv(e.to_string()))?;
        let row = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let cells: Vec<Cell> = record
            .iter()
            .enumerate()
            .map(|(i, t)| Cell {
                row,
                column: i + 1,
                value: if t.trim().is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(t.to_string())
                },
            })
            .collect();
        if cells.iter().any(|c| !c.value.is_blank()) {
            rows.push((row, cells));
        }
    }
    Ok(Sheet {
        rows,
        format: format!("CSV, {encoding}"),
    })
}

fn read_workbook(path: &Path, ext: &str) -> Result<Sheet, SheetError> {
    let mut book =
        calamine::open_workbook_auto(path).map_err(|e| SheetError::Workbook(e.to_string()))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SheetError::NoSheet)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(SheetError::NoSheet)?
        .map_err(|e| SheetError::Workbook(e.to_string()))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (r, cells) in range.rows().enumerate() {
        let row = first_row as usize + r + 1;
        let cells: Vec<Cell> = cells
            .iter()
            .enumerate()
            .map(|(c, data)| Cell {
                row,
                column: first_col as usize + c + 1,
                value: cell_value(data),
            })
            .collect();
        if cells.iter().any(|c| !c.value.is_blank()) {
            rows.push((row, cells));
        }
    }
    Ok(Sheet {
        rows,
        format: format!("{ext}, sheet {name}"),
    })
}

fn cell_value(data: &Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            CellValue::Date(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::DateTime(dt) => CellValue::Number(dt.as_f64()),
        Data::DateTimeIso(s) => CellValue::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(format!("{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_like_a_spreadsheet() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(53), "BA");
    }

    #[test]
    fn csv_in_three_encodings_reads_the_same_cells() {
        let text = "指标,年份,数值\n研发投入强度,2024,2.3\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        for (bytes, enc) in [
            (text.as_bytes().to_vec(), "CSV, UTF-8"),
            (bom, "CSV, UTF-8 with BOM"),
            (gb.into_owned(), "CSV, GB18030"),
        ] {
            let sheet = read_csv(&bytes).expect("reads");
            assert_eq!(sheet.format, enc);
            assert_eq!(sheet.rows.len(), 2);
            assert_eq!(sheet.rows[0].1[0].value, CellValue::Text("指标".into()));
            assert_eq!(sheet.rows[1].0, 2);
            assert_eq!(
                sheet.rows[1].1[0].value,
                CellValue::Text("研发投入强度".into())
            );
            assert_eq!(sheet.rows[1].1[2].column, 3);
        }
    }

    #[test]
    fn blank_rows_are_skipped_but_rows_keep_their_numbers() {
        let sheet = read_csv(b"a,b\n,\n1,2\n").expect("reads");
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[1].0, 3);
    }

    #[test]
    fn bytes_that_are_no_text_are_refused() {
        // 0xFF is invalid in UTF-8 and in GB18030 alike.
        assert!(matches!(
            read_csv(&[b'a', 0xFF, b'\n']),
            Err(SheetError::Encoding)
        ));
    }
}
