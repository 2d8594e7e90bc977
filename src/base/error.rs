//! Errors a build can end with.
//!
//! Anything a person wrote (content, data, templates, config) that is wrong becomes a
//! [`Diagnostic`]: the file, the line and column, what is wrong and how to fix it. A build
//! collects every diagnostic it can before it stops, so one run shows all the problems.

use std::fmt;
use std::path::{Path, PathBuf};

use super::text::escape_name;

/// One problem in one input file, pointing at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem is the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when the problem is the file as a whole.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, when we can say.
    pub hint: Option<String>,
    /// A stable name of the kind of problem (`sample-entry`), the same in every language,
    /// so tools can match it; `None` for kinds not named yet.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    /// A problem with a whole file (its name, its size…): reported at 1:1.
    pub fn whole_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(file, 1, 1, message)
    }

    /// A stray control character `c` (see `text::stray_control`) at byte `offset` of
    /// `text`, the whole text of `file`.
    pub fn control_character(file: impl Into<PathBuf>, text: &str, offset: usize, c: char) -> Self {
        let (line, column) = super::text::line_col(text, offset);
        Diagnostic::new(
            file,
            line,
            column,
            format!(
                "this file holds the invisible control character U+{:04X} here",
                c as u32
            ),
        )
        .with_hint("delete it (it often comes with text pasted from another program)")
    }

    /// A file or folder named `name`, a name Windows reserves for a device, at `file`.
    pub fn windows_reserved(file: impl Into<PathBuf>, name: &str) -> Self {
        let stem = name.split('.').next().unwrap_or(name);
        Diagnostic::whole_file(
            file,
            format!("{name:?} is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9): such a file cannot be checked out, opened or uploaded on Windows"),
        )
        .with_hint(format!("choose another name, e.g. `{stem}-page`"))
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// The file name as shown to people: forward slashes as separators on every platform,
    /// control characters escaped (see [`escape_name`]).
    pub fn file_display(&self) -> String {
        escape_name(&self.file)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file_display(),
            self.line,
            self.column,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a build (or check) did not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's own files; the list is never empty.
    #[error("{}", DiagnosticList(.0))]
    Input(Vec<Diagnostic>),
    /// The machine would not let us read or write something.
    #[error("{action} {}: {source}", escape_name(.path))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The diagnostics, if this error is about the site's files.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Input(list) => list,
            Error::Io { .. } => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

struct DiagnosticList<'a>(&'a [Diagnostic]);

impl fmt::Display for DiagnosticList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "\n{n} error{} found; nothing was published",
            if n == 1 { "" } else { "s" }
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects diagnostics from several independent steps so that one run reports them all.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.list.extend(ds);
    }

    /// Keeps the value of `result`, or records its diagnostics and returns `None`.
    pub fn take<T>(&mut self, result: Result<T>) -> Result<Option<T>> {
        match result {
            Ok(v) => Ok(Some(v)),
            Err(Error::Input(ds)) => {
                self.list.extend(ds);
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `Ok(())` when nothing was recorded, otherwise every diagnostic, sorted by place.
    pub fn finish(mut self) -> Result<()> {
        if self.list.is_empty() {
            return Ok(());
        }
        self.list.sort();
        self.list.dedup();
        Err(Error::Input(self.list))
    }
}
