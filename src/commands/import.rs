//! `planportal import observations FILE [--apply]`: a statistics spreadsheet becomes
//! validated observations in `data/observations.yaml`, with no retyping.
//!
//! The first non-empty row names the columns, in English or Chinese (see [`COLUMNS`]); every
//! later row is one value. A row is matched to an indicator by its id or its Chinese name,
//! and checked: the unit must be the indicator's, the year inside the plan's period, the value
//! a number, the status preliminary/final/revised, the release date a date, the address
//! http(s), and no indicator and year twice. Each row is then new, revised (a value already
//! published for that year differs), unchanged, or rejected with its row and column.
//!
//! Nothing is written unless `--apply` is given and no row is rejected. Writing appends the
//! new and revised rows to `data/observations.yaml` (created when missing): what is already in
//! the file, comments and layout included, stays byte for byte, and the file is replaced in
//! one rename so a reader never sees half of it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::base::text::{did_you_mean, display_width};
use crate::input::data::indicator::{is_date, is_web_address, Indicator, ObservationStatus};
use crate::input::data::observations::{self, ObservationRecord};
use crate::input::sheet::{self, column_letters, Cell, CellValue, SheetError};
use crate::msg;

/// What `import observations` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site folder (holding `data/`).
    pub root: PathBuf,
    /// The spreadsheet.
    pub file: PathBuf,
    /// Write the changes (otherwise only show them).
    pub apply: bool,
}

/// The columns a spreadsheet may have: the field, whether it is required, and the header
/// texts that name it (compared without case and surrounding spaces).
pub const COLUMNS: [(Field, bool, &[&str]); 9] = [
    (
        Field::Indicator,
        true,
        &["indicator", "id", "指标", "指标名称", "指标id", "指标代码"],
    ),
    (Field::Year, true, &["year", "年份", "年度"]),
    (Field::Value, true, &["value", "数值", "指标值"]),
    (Field::Unit, true, &["unit", "单位", "计量单位"]),
    (Field::Status, true, &["status", "数值性质", "数据状态"]),
    (
        Field::Source,
        true,
        &["source", "出处", "来源出版物", "资料来源"],
    ),
    (
        Field::Publisher,
        true,
        &["publisher", "发布机构", "发布单位"],
    ),
    (
        Field::Released,
        true,
        &["released", "release date", "发布日期"],
    ),
    (Field::Url, false, &["url", "web address", "网址", "链接"]),
];

/// A column of the import spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Indicator,
    Year,
    Value,
    Unit,
    Status,
    Source,
    Publisher,
    Released,
    Url,
}

impl Field {
    /// The column's name as a reader of each language heads it (`year`, 年份); both are
    /// header texts of [`COLUMNS`], so either may be typed.
    fn label(self) -> Message {
        match self {
            Field::Indicator => msg!("import-field-indicator"),
            Field::Year => msg!("import-field-year"),
            Field::Value => msg!("import-field-value"),
            Field::Unit => msg!("import-field-unit"),
            Field::Status => msg!("import-field-status"),
            Field::Source => msg!("import-field-source"),
            Field::Publisher => msg!("import-field-publisher"),
            Field::Released => msg!("import-field-released"),
            Field::Url => msg!("import-field-url"),
        }
    }
}

/// A status as the table names it: the data file's key in English, the usual Chinese name
/// in Chinese.
fn status_label(s: ObservationStatus) -> Message {
    match s {
        ObservationStatus::Preliminary => msg!("import-status-preliminary"),
        ObservationStatus::Final => msg!("import-status-final"),
        ObservationStatus::Revised => msg!("import-status-revised"),
    }
}

/// What a row does to the data.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// No value was published for this indicator and year.
    New,
    /// A value was published for this year: the one it replaces, and its status.
    Revised {
        old: f64,
        old_status: Option<ObservationStatus>,
    },
    /// The same value and status are already published.
    Unchanged,
    /// The row has a problem (listed in [`ImportReport::errors`]).
    Rejected,
}

impl Change {
    pub fn key(&self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Revised { .. } => "revised",
            Change::Unchanged => "unchanged",
            Change::Rejected => "rejected",
        }
    }
}

/// One data row of the spreadsheet, as read and classified.
#[derive(Debug, Clone)]
pub struct RowOutcome {
    /// The spreadsheet's row number.
    pub row: usize,
    /// The indicator's id, or the cell's text when it matched none.
    pub indicator: String,
    pub year: Option<i32>,
    pub value: Option<f64>,
    pub change: Change,
    /// For a rejected row, the cells at fault, e.g. `D (unit)`.
    pub rejected_at: Vec<Message>,
    /// The entry to write, for new and revised rows.
    pub record: Option<ObservationRecord>,
}

/// What an import found (and wrote).
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// How the file was read, e.g. "CSV, GB18030".
    pub format: String,
    pub rows: Vec<RowOutcome>,
    /// Problems, each at the spreadsheet's row and column; when any, nothing was written.
    pub errors: Vec<Diagnostic>,
    /// The data file written, with `--apply` and no errors.
    pub written: Option<PathBuf>,
}

impl ImportReport {
    pub fn count(&self, key: &str) -> usize {
        self.rows.iter().filter(|r| r.change.key() == key).count()
    }

    /// The table of rows printed before anything is written, its words in `lang`.
    pub fn table(&self, lang: Lang) -> String {
        let mut out = String::new();
        let head = |code: &'static str| Message::new(code).render(lang);
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            pad_left(&head("import-table-row"), 5),
            pad_right(&head("import-table-indicator"), 32),
            pad_left(&head("import-table-year"), 4),
            pad_right(&head("import-table-value"), 20),
            head("import-table-change")
        );
        for r in &self.rows {
            let value = match (&r.change, r.value) {
                (Change::Revised { old, .. }, Some(v)) => format!("{} → {}", fmt(*old), fmt(v)),
                (_, Some(v)) => fmt(v),
                (_, None) => "-".into(),
            };
            let change = match &r.change {
                Change::New => msg!("import-change-new"),
                Change::Revised {
                    old_status: Some(s),
                    ..
                } => msg!("import-change-revised-was", status = status_label(*s)),
                Change::Revised {
                    old_status: None, ..
                } => msg!("import-change-revised"),
                Change::Unchanged => msg!("import-change-unchanged"),
                Change::Rejected => {
                    let cells: Vec<String> = r.rejected_at.iter().map(|c| c.render(lang)).collect();
                    let separator = match lang {
                        Lang::Zh => "、",
                        Lang::En => ", ",
                    };
                    msg!("import-change-rejected", cells = cells.join(separator))
                }
            };
            let year = r.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "{}  {}  {}  {}  {}",
                pad_left(&r.row.to_string(), 5),
                pad_right(&r.indicator, 32),
                pad_left(&year, 4),
                pad_right(&value, 20),
                change.render(lang)
            );
        }
        out.push_str(
            &msg!(
                "import-table-summary",
                new = self.count("new"),
                revised = self.count("revised"),
                unchanged = self.count("unchanged"),
                rejected = self.count("rejected")
            )
            .render(lang),
        );
        out
    }
}

/// `text` followed by spaces up to `columns` wide.
fn pad_right(text: &str, columns: usize) -> String {
    format!(
        "{text}{}",
        " ".repeat(columns.saturating_sub(display_width(text)))
    )
}

/// `text` after spaces up to `columns` wide.
fn pad_left(text: &str, columns: usize) -> String {
    format!(
        "{}{text}",
        " ".repeat(columns.saturating_sub(display_width(text)))
    )
}

fn fmt(v: f64) -> String {
    format!("{v}")
}

/// Reads, checks and classifies the spreadsheet; with `apply` and no problem, appends the
/// new and revised rows to `data/observations.yaml`.
pub fn import_observations(options: &ImportOptions) -> Result<ImportReport> {
    let data = crate::input::data::load(&options.root)?;
    let indicators = data.indicators.unwrap_or_default();
    if indicators.is_empty() {
        return Err(
            Diagnostic::whole_file("data/indicators.yaml", msg!("import-no-indicators")).into(),
        );
    }
    let shown = options.file.clone();
    let sheet = sheet::read(&options.file).map_err(|e| {
        Diagnostic::whole_file(&shown, unreadable(&e)).with_hint(msg!("import-unreadable-hint"))
    })?;
    let mut report = classify(&sheet, &indicators, &shown);
    report.format = sheet.format.clone();
    if options.apply && report.errors.is_empty() {
        let records: Vec<&ObservationRecord> = report
            .rows
            .iter()
            .filter_map(|r| r.record.as_ref())
            .collect();
        if !records.is_empty() {
            report.written = Some(append(&options.root, &records)?);
        }
    }
    Ok(report)
}

/// Why the file could not be read as a spreadsheet, in words for the reader. The details a
/// library or the system gives are passed on as they are.
fn unreadable(e: &SheetError) -> Message {
    match e {
        SheetError::Io(io) => msg!("import-unreadable-io", reason = io.to_string()),
        SheetError::UnknownFormat(ext) => msg!("import-unknown-format", ext = ext),
        SheetError::Encoding => msg!("import-unknown-encoding"),
        SheetError::Csv(detail) => msg!("import-csv-malformed", detail = detail),
        SheetError::Workbook(detail) => msg!("import-workbook-unreadable", detail = detail),
        SheetError::NoSheet => msg!("import-no-worksheet"),
    }
}

/// Matches and checks every row of `sheet` against `indicators` (whose observations are the
/// ones published so far).
pub fn classify(sheet: &sheet::Sheet, indicators: &[Indicator], file: &Path) -> ImportReport {
    let mut report = ImportReport {
        format: sheet.format.clone(),
        rows: Vec::new(),
        errors: Vec::new(),
        written: None,
    };
    let Some((header_row, header)) = sheet.rows.first() else {
        report.errors.push(
            Diagnostic::whole_file(file, msg!("import-empty")).with_hint(msg!("import-empty-hint")),
        );
        return report;
    };
    // Header: which column holds which field.
    let mut columns: HashMap<Field, usize> = HashMap::new();
    let known: Vec<&str> = COLUMNS
        .iter()
        .flat_map(|(_, _, names)| names.iter().copied())
        .collect();
    for cell in header {
        let text = cell.value.display();
        if text.is_empty() {
            continue;
        }
        let lower = text.to_lowercase();
        match COLUMNS
            .iter()
            .find(|(_, _, names)| names.iter().any(|n| *n == lower))
        {
            Some((field, _, _)) => {
                if columns.insert(*field, cell.column).is_some() {
                    report.errors.push(Diagnostic::new(
                        file,
                        *header_row,
                        cell.column,
                        msg!(
                            "import-column-twice",
                            column = column_letters(cell.column),
                            field = field.label()
                        ),
                    ));
                }
            }
            None => {
                let hint = match did_you_mean(&lower, known.iter().copied()) {
                    Some(s) => msg!("import-column-did-you-mean", name = s),
                    None => msg!("import-known-columns", names = known.join(", ")),
                };
                report.errors.push(
                    Diagnostic::new(
                        file,
                        *header_row,
                        cell.column,
                        msg!(
                            "import-unknown-column",
                            column = column_letters(cell.column),
                            text = text
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    for (field, required, names) in COLUMNS {
        if required && !columns.contains_key(&field) {
            report.errors.push(
                Diagnostic::new(
                    file,
                    *header_row,
                    1,
                    msg!(
                        "import-missing-column",
                        row = *header_row,
                        field = field.label()
                    ),
                )
                .with_hint(msg!("import-missing-column-hint", names = names.join(", "))),
            );
        }
    }
    if !report.errors.is_empty() {
        return report;
    }
    let mut seen: HashMap<(String, i32), usize> = HashMap::new();
    for (row, cells) in &sheet.rows[1..] {
        let outcome = classify_row(
            *row,
            cells,
            &columns,
            indicators,
            file,
            &mut seen,
            &mut report.errors,
        );
        report.rows.push(outcome);
    }
    report
}

#[allow(clippy::too_many_arguments)]
fn classify_row(
    row: usize,
    cells: &[Cell],
    columns: &HashMap<Field, usize>,
    indicators: &[Indicator],
    file: &Path,
    seen: &mut HashMap<(String, i32), usize>,
    errors: &mut Vec<Diagnostic>,
) -> RowOutcome {
    let before = errors.len();
    let mut rejected_at: Vec<Message> = Vec::new();
    let col = |f: Field| columns.get(&f).copied().unwrap_or(0);
    let cell = |f: Field| -> CellValue {
        let c = col(f);
        cells
            .iter()
            .find(|x| x.column == c)
            .map(|x| x.value.clone())
            .unwrap_or(CellValue::Empty)
    };
    let mut err = |f: Field, problem: Message, hint: Message| {
        let c = col(f);
        rejected_at.push(msg!(
            "import-cell",
            column = column_letters(c),
            field = f.label()
        ));
        errors.push(
            Diagnostic::new(
                file,
                row,
                c,
                msg!(
                    "import-cell-problem",
                    row = row,
                    column = column_letters(c),
                    field = f.label(),
                    problem = problem
                ),
            )
            .with_hint(hint),
        );
    };

    // Indicator: by id, else by Chinese name (spaces and quote styles ignored).
    let wanted = cell(Field::Indicator).display();
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’'))
            .collect()
    };
    let indicator = indicators
        .iter()
        .find(|i| i.id.value == wanted)
        .or_else(|| {
            indicators
                .iter()
                .find(|i| norm(&i.name.zh) == norm(&wanted))
        });
    if indicator.is_none() {
        let names: Vec<&str> = indicators
            .iter()
            .flat_map(|i| [i.id.value.as_str(), i.name.zh.as_str()])
            .collect();
        let hint = match did_you_mean(&wanted, names.iter().copied()) {
            Some(s) => msg!("import-indicator-did-you-mean", name = s),
            None => msg!("import-indicator-hint"),
        };
        if wanted.is_empty() {
            err(Field::Indicator, msg!("import-no-indicator"), hint);
        } else {
            err(
                Field::Indicator,
                msg!("import-unknown-indicator", name = &wanted),
                hint,
            );
        }
    }

    // Year: a whole number, inside the plan's period.
    let year = match cell(Field::Year) {
        CellValue::Number(n) if n.fract() == 0.0 && (1900.0..=2200.0).contains(&n) => {
            Some(n as i32)
        }
        CellValue::Text(t) => t.trim().trim_end_matches('年').trim().parse::<i32>().ok(),
        _ => None,
    };
    let year = match year {
        None => {
            err(
                Field::Year,
                msg!("import-not-a-year", text = cell(Field::Year).display()),
                msg!("import-not-a-year-hint"),
            );
            None
        }
        Some(y) => match indicator {
            Some(i) if y <= i.baseline.year || y > i.target.year() => {
                err(
                    Field::Year,
                    msg!(
                        "import-year-outside-period",
                        year = y,
                        id = &i.id.value,
                        baseline = i.baseline.year,
                        target = i.target.year()
                    ),
                    msg!("import-year-outside-period-hint"),
                );
                None
            }
            _ => Some(y),
        },
    };

    // Value: a number cell, or text that is a plain number.
    let value = match cell(Field::Value) {
        CellValue::Number(n) if n.is_finite() => Some(n),
        CellValue::Text(t) => {
            let cleaned = without_thousands_separators(t.trim());
            match cleaned.parse::<f64>() {
                Ok(v) if v.is_finite() && !cleaned.is_empty() => Some(v),
                _ => {
                    err(
                        Field::Value,
                        msg!("import-text-not-number", text = t.trim()),
                        msg!("import-text-not-number-hint"),
                    );
                    None
                }
            }
        }
        CellValue::Empty => {
            err(
                Field::Value,
                msg!("import-no-value"),
                msg!("import-no-value-hint"),
            );
            None
        }
        other => {
            err(
                Field::Value,
                msg!("import-not-a-number", text = other.display()),
                msg!("import-not-a-number-hint"),
            );
            None
        }
    };

    // Unit: the indicator's, in either language.
    let unit = cell(Field::Unit).display();
    if let Some(i) = indicator {
        let ok = unit == i.unit.zh.trim() || unit.eq_ignore_ascii_case(i.unit.en.trim());
        if !ok {
            err(
                Field::Unit,
                msg!(
                    "import-wrong-unit",
                    unit = &unit,
                    id = &i.id.value,
                    unit_zh = &i.unit.zh,
                    unit_en = &i.unit.en
                ),
                msg!("import-wrong-unit-hint"),
            );
        }
    }

    let status_text = cell(Field::Status).display();
    let status = ObservationStatus::parse(&status_text);
    if status.is_none() {
        err(
            Field::Status,
            msg!("import-not-a-status", text = &status_text),
            msg!(
                "import-not-a-status-hint",
                zh_preliminary = "初步数",
                zh_final = "最终数",
                zh_revised = "修订数"
            ),
        );
    }
    let text_of = |f: Field| {
        let t = cell(f).display();
        (!t.is_empty()).then_some(t)
    };
    let source = text_of(Field::Source);
    if source.is_none() {
        err(
            Field::Source,
            msg!("import-no-source"),
            msg!("import-no-source-hint", example = "2025年统计公报"),
        );
    }
    let publisher = text_of(Field::Publisher);
    if publisher.is_none() {
        err(
            Field::Publisher,
            msg!("import-no-publisher"),
            msg!("import-no-publisher-hint", example = "市统计局"),
        );
    }
    let released = match cell(Field::Released) {
        CellValue::Date(d) if is_date(&d) => Some(d),
        CellValue::Text(t) => {
            let d = t.trim().replace(['/', '.'], "-");
            let d = normalise_date(&d);
            if is_date(&d) {
                Some(d)
            } else {
                err(
                    Field::Released,
                    msg!("import-not-a-date", text = t.trim()),
                    msg!("import-not-a-date-hint"),
                );
                None
            }
        }
        other => {
            err(
                Field::Released,
                msg!("import-not-a-date", text = other.display()),
                msg!("import-not-a-date-hint"),
            );
            None
        }
    };
    let url = text_of(Field::Url);
    if let Some(u) = url.as_deref().filter(|u| !is_web_address(u)) {
        err(
            Field::Url,
            msg!("import-not-a-web-address", text = u),
            msg!("import-not-a-web-address-hint"),
        );
    }

    // The same indicator and year twice in one file.
    if let (Some(i), Some(y)) = (indicator, year) {
        let key = (i.id.value.clone(), y);
        if let Some(first) = seen.get(&key) {
            err(
                Field::Year,
                msg!(
                    "import-duplicate-year",
                    id = &i.id.value,
                    year = y,
                    first = *first
                ),
                msg!("import-duplicate-year-hint"),
            );
        } else {
            seen.insert(key, row);
        }
    }

    let id = indicator.map(|i| i.id.value.clone()).unwrap_or(wanted);
    let rejected = errors.len() > before;
    let (change, record) = match (indicator, year, value, rejected) {
        (Some(i), Some(y), Some(v), false) => {
            let current = i.observations.iter().rev().find(|o| o.year == y);
            let change = match current {
                None => Change::New,
                Some(o) if (o.value - v).abs() <= 1e-9 * v.abs().max(1.0) && o.status == status => {
                    Change::Unchanged
                }
                Some(o) => Change::Revised {
                    old: o.value,
                    old_status: o.status,
                },
            };
            let record = (change != Change::Unchanged).then(|| ObservationRecord {
                indicator: serde_saphyr::Spanned {
                    value: i.id.value.clone(),
                    referenced: serde_saphyr::Location::UNKNOWN,
                    defined: serde_saphyr::Location::UNKNOWN,
                },
                year: y,
                value: v,
                status,
                source: source.clone(),
                publisher: publisher.clone(),
                released: released.clone(),
                url: url.clone(),
                note: None,
            });
            (change, record)
        }
        _ => (Change::Rejected, None),
    };
    RowOutcome {
        row,
        indicator: id,
        year,
        value,
        change,
        rejected_at,
        record,
    }
}

/// `12,345.6` → `12345.6` when the commas separate groups of three digits; anything else
/// unchanged (so `2,5`, a decimal comma, stays text and is refused rather than read as 25).
fn without_thousands_separators(t: &str) -> String {
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", t),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    if !grouped {
        return t.to_string();
    }
    match frac {
        Some(f) => format!("{sign}{}.{f}", groups.concat()),
        None => format!("{sign}{}", groups.concat()),
    }
}

/// `2026-3-5` → `2026-03-05`; anything else unchanged.
fn normalise_date(d: &str) -> String {
    let parts: Vec<&str> = d.split('-').collect();
    if let [y, m, day] = parts[..] {
        if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&day.len()) {
            return format!("{y}-{m:0>2}-{day:0>2}");
        }
    }
    d.to_string()
}

/// One record as YAML, in the layout of `data/observations.yaml`. Strings are written as
/// JSON strings, which YAML reads as double-quoted scalars.
fn record_yaml(r: &ObservationRecord) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = format!(
        "- indicator: {}\n  year: {}\n  value: {}\n",
        r.indicator.value, r.year, r.value
    );
    if let Some(s) = r.status {
        let _ = writeln!(out, "  status: {}", s.key());
    }
    for (key, v) in [
        ("source", &r.source),
        ("publisher", &r.publisher),
        ("released", &r.released),
        ("url", &r.url),
    ] {
        if let Some(v) = v {
            let _ = writeln!(out, "  {key}: {}", q(v));
        }
    }
    out
}

const NEW_FILE_HEADER: &str = "# Published values of the key indicators, one entry per value (see README.md,\n# \"Importing observations\"). The entry written last for an indicator and year is the\n# current value; earlier entries stay visible as revisions. Appended to by\n# `planportal import observations FILE --apply`; comments and layout are kept.\n";

/// Appends `records` to `data/observations.yaml`, keeping every byte already there; checks
/// the result parses before replacing the file in one rename.
fn append(root: &Path, records: &[&ObservationRecord]) -> Result<PathBuf> {
    let dir = root.join("data");
    let path = dir.join(observations::FILE);
    let mut text = if path.exists() {
        std::fs::read_to_string(&path).map_err(|e| Error::io("io-read", &path, e))?
    } else {
        NEW_FILE_HEADER.to_string()
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    // An empty list written as `[]` cannot be appended to as a block list.
    let trimmed: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    if trimmed == ["[]"] {
        text = text.replacen("[]\n", "", 1);
    }
    for r in records {
        text.push('\n');
        text.push_str(&record_yaml(r));
    }
    let shown = Path::new("data").join(observations::FILE);
    crate::base::yaml::parse::<Vec<ObservationRecord>>(&text, &shown, 1)?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(&dir).map_err(|e| Error::io("io-create", &dir, e))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())
        .map_err(|e| Error::io("io-write", tmp.path(), e))?;
    tmp.persist(&path)
        .map_err(|e| Error::io("io-replace", &path, e.error))?;
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::data::indicator::tests::parse_one;

    const IND: &str = r#"
- id: rd-intensity
  number: 9
  name: { zh: 研发投入强度, en: "R&D intensity" }
  unit: { zh: "%", en: "%" }
  source: { zh: 市统计局, en: Municipal Bureau of Statistics }
  direction: increase
  baseline: { year: 2023, value: 2 }
  target: { year: 2026, value: 2.8 }
  observations:
    - { year: 2024, value: 2.3, status: preliminary }
"#;

    fn run(csv: &str) -> ImportReport {
        let sheet = sheet::read_csv(csv.as_bytes()).expect("csv");
        classify(&sheet, &[parse_one(IND)], Path::new("f.csv"))
    }

    #[test]
    fn unknown_and_missing_columns_are_named_at_the_header() {
        let r = run("indicator,yeer,value,unit,status,source,publisher,released\n");
        let shown: Vec<String> = r.errors.iter().map(|d| d.to_string()).collect();
        assert!(
            shown[0].starts_with("f.csv:1:2: column B: unknown column `yeer`"),
            "{shown:#?}"
        );
        assert!(shown[0].contains("did you mean `year`?"), "{shown:#?}");
        assert!(
            shown
                .iter()
                .any(|s| s.contains("there is no `year` column")),
            "{shown:#?}"
        );
        let r = run("");
        assert!(r.errors[0].message.render(Lang::En).contains("empty"));
    }

    #[test]
    fn rows_are_new_revised_or_unchanged_and_names_and_dates_are_forgiving() {
        let r = run("指标,年份,数值,单位,数值性质,出处,发布机构,发布日期\n研发投入强度,2024年,2.4,%,修订数,公报,市统计局,2026/5/10\nrd-intensity,2025,\"2,500\",%,初步数,快报,市统计局,2026-01-20\n");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(
            r.rows[0].change,
            Change::Revised {
                old: 2.3,
                old_status: Some(ObservationStatus::Preliminary)
            }
        );
        let rec = r.rows[0].record.as_ref().expect("a record");
        assert_eq!(rec.released.as_deref(), Some("2026-05-10"));
        assert_eq!(r.rows[1].change, Change::New);
        assert_eq!(
            r.rows[1].value,
            Some(2500.0),
            "thousands separators are dropped"
        );
        let comma = run("indicator,year,value,unit,status,source,publisher,released\nrd-intensity,2025,\"2,5\",%,final,a,b,2025-01-01\n");
        assert!(
            comma.errors[0]
                .message
                .render(Lang::En)
                .contains("text `2,5` where a number belongs"),
            "a decimal comma is not guessed at: {:?}",
            comma.errors
        );
        let table = r.table(Lang::En);
        assert!(table.contains("2.3 → 2.4"), "{table}");
        assert!(
            table.contains("1 new, 1 revised, 0 unchanged, 0 rejected"),
            "{table}"
        );
        let same = run("indicator,year,value,unit,status,source,publisher,released\nrd-intensity,2024,2.3,%,preliminary,a,b,2025-01-01\n");
        assert_eq!(same.rows[0].change, Change::Unchanged);
        assert!(same.rows[0].record.is_none());
    }

    #[test]
    fn years_outside_the_period_and_bad_statuses_and_dates_are_rejected() {
        let r = run("indicator,year,value,unit,status,source,publisher,released\nrd-intensity,2023,2,%,final,a,b,2025-01-01\nrd-intensity,2025,2,%,estimate,a,b,2025-13-01\nrd-intensity,2025,2,%,final,,,2025-01-01\n");
        let shown: Vec<String> = r.errors.iter().map(|d| d.to_string()).collect();
        assert!(
            shown[0].starts_with("f.csv:2:2: row 2, column B (year): 2023 is outside"),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("f.csv:3:5: row 3, column E (status): `estimate`")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("f.csv:3:8: row 3, column H (released)")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("f.csv:4:6: row 4, column F (source)")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("f.csv:4:7: row 4, column G (publisher)")),
            "{shown:#?}"
        );
        assert!(r.rows.iter().all(|row| row.change == Change::Rejected));
    }

    #[test]
    fn problems_and_the_table_read_as_chinese_in_chinese() {
        let r = run("指标,年份,数值,单位,数值性质,出处,发布机构,发布日期\nrd-intensity,2025,2,万人,最终数,公报,市统计局,2026-01-01\n研发投入强度,2024年,2.4,%,修订数,公报,市统计局,2026/5/10\n");
        let zh = r.errors[0].render(Lang::Zh);
        assert!(
            zh.starts_with(
                "f.csv:2:4: 第 2 行 D 列（单位）：单位 `万人` 不是 `rd-intensity` 的单位"
            ),
            "{zh}"
        );
        assert!(zh.contains("提示：把数值换算成这个指标的单位"), "{zh}");
        let en = r.errors[0].render(Lang::En);
        assert!(
            en.starts_with("f.csv:2:4: row 2, column D (unit): unit `万人` is not the unit"),
            "{en}"
        );
        let table = r.table(Lang::Zh);
        assert!(table.contains("未导入，问题在 D 列（单位）"), "{table}");
        assert!(table.contains("修订（原为初步数）"), "{table}");
        assert!(
            table.ends_with("新增 0 条，修订 1 条，没有变化 0 条，未导入 1 条"),
            "{table}"
        );
        let table = r.table(Lang::En);
        assert!(table.contains("rejected at D (unit)"), "{table}");
        assert!(table.contains("revised (was preliminary)"), "{table}");
        assert!(table.starts_with("  row  indicator"), "{table}");
    }

    #[test]
    fn appended_records_are_valid_yaml_even_with_quotes_and_colons() {
        let rec = ObservationRecord {
            indicator: serde_saphyr::Spanned {
                value: "rd-intensity".into(),
                referenced: serde_saphyr::Location::UNKNOWN,
                defined: serde_saphyr::Location::UNKNOWN,
            },
            year: 2025,
            value: 0.1 + 0.2,
            status: Some(ObservationStatus::Final),
            source: Some("“公报”: 2025 # not a comment".into()),
            publisher: Some("a \"b\"".into()),
            released: Some("2026-01-01".into()),
            url: Some("https://example.org/?a=1#x".into()),
            note: None,
        };
        let yaml = record_yaml(&rec);
        let back: Vec<ObservationRecord> = serde_saphyr::from_str(&yaml).expect("valid YAML");
        assert_eq!(back[0].source, rec.source);
        assert_eq!(back[0].publisher, rec.publisher);
        assert_eq!(back[0].url, rec.url);
        assert_eq!(back[0].value, rec.value, "the value round-trips exactly");
    }
}
