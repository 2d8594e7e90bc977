//! `planportal release --date YYYY-MM-DD`: records a release of the data by copying the data
//! files into `data/releases/<date>/`.
//!
//! The snapshots are ordinary files in the repository, so the change log (`/updates/`) and
//! the dated open-data files are built from them on any checkout — a shallow clone in CI
//! included; no version-control history is read. The date is given, never taken from the
//! clock, so the same sources always build the same site.

use std::path::{Path, PathBuf};

use crate::base::error::{Diagnostic, Error, Result};
use crate::input::data::{self, indicator::is_date, FILES, RELEASES};
use crate::msg;

/// Copies every data file of `root/data` into `root/data/releases/<date>/`. Refuses a bad
/// date, a date not later than the last release, and data that does not load.
pub fn release(root: &Path, date: &str) -> Result<PathBuf> {
    if !is_date(date) {
        return Err(Diagnostic::new(
            "--date",
            1,
            1,
            msg!("release-bad-date", date = format!("{date:?}")),
        )
        .with_hint(msg!("release-bad-date-hint"))
        .into());
    }
    // The data must be publishable as it stands.
    data::load(root)?;
    let existing = data::releases(root)?;
    if let Some((last, _)) = existing.last() {
        if last.as_str() >= date {
            return Err(Diagnostic::new(
                "--date",
                1,
                1,
                msg!("release-not-after-last", last = last),
            )
            .with_hint(msg!("release-not-after-last-hint"))
            .into());
        }
    }
    let from = root.join("data");
    let to = from.join(RELEASES).join(date);
    std::fs::create_dir_all(&to).map_err(|e| Error::io("io-create", &to, e))?;
    for name in FILES {
        let src = from.join(name);
        if src.is_file() {
            let dst = to.join(name);
            std::fs::copy(&src, &dst).map_err(|e| Error::io("io-copy", &dst, e))?;
        }
    }
    Ok(Path::new("data").join(RELEASES).join(date))
}
