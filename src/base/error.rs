//! Errors a build can end with.
//!
//! Anything a person wrote (content, data, templates, config) that is wrong becomes a
//! [`Diagnostic`]: the file, the line and column, what is wrong and how to fix it. A build
//! collects every diagnostic it can before it stops, so one run shows all the problems.

use std::fmt;
use std::path::{Path, PathBuf};

use super::lang::Lang;
use super::messages::Message;
use super::text::escape_name;
use crate::msg;

/// One problem in one input file, pointing at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem is the file as a whole.
    pub line: usize,
    /// 1-based column; 0 when the problem is the file as a whole.
    pub column: usize,
    /// What is wrong, in plain words (both languages; see [`super::messages`]).
    pub message: Message,
    /// How to fix it, when we can say.
    pub hint: Option<Message>,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem with a whole file (its name, its size…): reported at 1:1.
    pub fn whole_file(file: impl Into<PathBuf>, message: impl Into<Message>) -> Self {
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
            msg!("control-character", code = format!("U+{:04X}", c as u32)),
        )
        .with_hint(msg!("control-character-hint"))
    }

    /// A file or folder named `name`, a name Windows reserves for a device, at `file`.
    pub fn windows_reserved(file: impl Into<PathBuf>, name: &str) -> Self {
        let stem = name.split('.').next().unwrap_or(name);
        Diagnostic::whole_file(
            file,
            msg!("windows-reserved-name", name = format!("{name:?}")),
        )
        .with_hint(msg!("windows-reserved-name-hint", stem = stem))
    }

    pub fn with_hint(mut self, hint: impl Into<Message>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The stable name of this kind of problem (`sample-entry`), the same in every
    /// language, so tools can match it.
    pub fn code(&self) -> &'static str {
        self.message.code()
    }

    /// The file name as shown to people: forward slashes as separators on every platform,
    /// control characters escaped (see [`escape_name`]).
    pub fn file_display(&self) -> String {
        escape_name(&self.file)
    }

    /// `file:line:column: message` and the hint on its own line, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!(
            "{}:{}:{}: {}",
            self.file_display(),
            self.line,
            self.column,
            self.message.render(lang)
        );
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  {}{}", hint_label(lang), hint.render(lang)));
        }
        out
    }
}

/// The word before a hint, as the language writes it.
pub fn hint_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "提示：",
        Lang::En => "hint: ",
    }
}

/// The word before a warning, as the language writes it.
pub fn warning_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "警告：",
        Lang::En => "warning: ",
    }
}

/// The word before an error, as the language writes it.
pub fn error_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "错误：",
        Lang::En => "error: ",
    }
}

impl fmt::Display for Diagnostic {
    /// English, for logs and tests; people get [`Diagnostic::render`] in their language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Why a build (or check) did not finish.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's own files; the list is never empty.
    #[error("{}", self.render(Lang::En))]
    Input(Vec<Diagnostic>),
    /// The machine would not let us read or write something.
    #[error("{}", self.render(Lang::En))]
    Io {
        /// What we were doing, e.g. `msg!("io-read")` ("could not read").
        action: Message,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// `action` is what we were doing, a catalogue code such as `io-read` ("could not
    /// read").
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action: Message::new(action),
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

    /// The error as a person reads it in `lang`: every diagnostic and a closing count, or
    /// what could not be read or written and the system's reason.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Input(list) => {
                let mut out = String::new();
                for d in list {
                    out.push_str(error_label(lang));
                    out.push_str(&d.render(lang));
                    out.push('\n');
                }
                out.push_str(
                    &msg!("errors-found-nothing-published", count = list.len()).render(lang),
                );
                out
            }
            Error::Io {
                action,
                path,
                source,
            } => msg!(
                "io-failed",
                action = action.clone(),
                path = escape_name(path),
                reason = source.to_string()
            )
            .render(lang),
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
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
