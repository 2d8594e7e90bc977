//! Putting bytes on disk: files written into a fresh staging folder beside the output, HTML
//! minified on the way ([`minify`]), and the finished folder swapped into place.
//!
//! The published folder therefore always holds a complete site — the old one or the new one,
//! never a mix — and a failed build leaves the old one untouched (see [`publish`] for the one
//! case, filesystems without an atomic exchange, where the path is briefly absent). A folder
//! is only replaced if it is empty or a site planportal wrote ([`MARKER`]), unless forced. This layer knows nothing of
//! sites or pages; it imports only [`crate::base`].

pub mod leftovers;
mod minify;
mod staging;

use std::path::{Path, PathBuf};

use crate::base::error::{Error, Result};

pub use minify::minify_page;
pub use staging::{check_output, publish, sweep_previous, Staging, Swap, MARKER};

/// Writes `bytes` to `rel` below `dir`, creating folders as needed.
pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path: PathBuf = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("io-create", parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| Error::io("io-write", &path, e))
}

/// Every file below `dir`, as sorted paths relative to it with forward slashes.
pub fn written_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}
