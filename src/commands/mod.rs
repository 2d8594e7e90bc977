//! What the command line can ask for: `build`, `check`, `diff`, `init`, `new`, `schema` and
//! `serve`.
//!
//! Commands sit on top of the house: they load the [`Site`](crate::model::Site), list the
//! outputs, and publish. Nothing imports this layer but `main.rs` (and `lib.rs`, which
//! re-exports the entry points).

pub mod build;
pub mod check;
pub mod diff;
pub mod import;
pub mod incremental;
pub mod init;
pub mod new;
pub mod progress;
pub mod release;
pub mod schema;
pub mod serve;
pub mod typography;

use std::path::Path;

use crate::base::error::{Diagnostic, Result};
use crate::base::lang::Lang;
use crate::base::messages;
use crate::markdown::Highlighter;
use crate::model::{LoadOptions, Site};
use crate::msg;

/// The language of messages for a command on the site at `root` (see
/// [`choose_language`](crate::base::messages::choose_language)): `flag` (`--lang`), else the
/// locale, else `messages_language` in `root/config.toml`, else Chinese. A config.toml that
/// cannot be read says nothing here; the build reports it in the language chosen.
pub fn messages_language(flag: Option<Lang>, root: Option<&Path>) -> Lang {
    let site = || -> Option<Lang> {
        let text = std::fs::read_to_string(root?.join("config.toml")).ok()?;
        let table: toml::Table = text.parse().ok()?;
        Lang::from_code(table.get("messages_language")?.as_str()?)
    };
    let locale = messages::locale_from_env();
    let site = if flag.is_some() { None } else { site() };
    messages::choose_language(flag, locale.as_deref(), site)
}

/// Loads the site at `root`, with the code stylesheet of the Markdown layer's highlighter.
pub fn load_site(root: &Path, options: &LoadOptions) -> Result<Site> {
    Site::load(root, options, &code_stylesheet)
}

/// The stylesheet of the code highlighting theme `name`, or a diagnostic on `config.toml`
/// naming the themes there are.
fn code_stylesheet(name: &str) -> std::result::Result<String, Diagnostic> {
    Highlighter::stylesheet(name).ok_or_else(|| {
        Diagnostic::whole_file(
            "config.toml",
            msg!("config-highlight-theme", name = format!("{name:?}")),
        )
        .with_hint(msg!(
            "config-highlight-theme-hint",
            names = Highlighter::theme_names().join(", ")
        ))
    })
}
