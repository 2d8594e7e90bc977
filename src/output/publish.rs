//! The staging folder and the swap that publishes it.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// A fresh folder beside the output folder that a build writes into. Dropped without
/// [`publish`], it removes itself, so a failed build leaves nothing behind.
pub struct Staging {
    path: PathBuf,
    published: bool,
}

impl Staging {
    /// Creates `.<name>.staging-<pid>` next to `output`.
    pub fn create(output: &Path) -> Result<Staging> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io("cannot create folder", parent, e))?;
        let path = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|e| Error::io("cannot clear", &path, e))?;
        }
        std::fs::create_dir(&path).map_err(|e| Error::io("cannot create folder", &path, e))?;
        Ok(Staging {
            path,
            published: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Refuses output folders that would destroy the site's sources when replaced.
pub fn check_output(root: &Path, output: &Path) -> Result<()> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out = match output.canonicalize() {
        Ok(p) => p,
        Err(_) => return Ok(()), // does not exist yet: nothing to destroy
    };
    let precious = [
        "content",
        "data",
        "themes",
        "templates",
        "static",
        "src",
        ".git",
    ];
    let is_source = out == root
        || root.starts_with(&out)
        || precious.iter().any(|p| out.starts_with(root.join(p)));
    if is_source {
        return Err(Diagnostic::whole_file(
            "--output",
            format!(
                "refusing to publish into {}: it is the site folder or holds its sources",
                out.display()
            ),
        )
        .with_hint("choose a folder of its own, such as public/")
        .into());
    }
    Ok(())
}

/// Makes the staged site the published one.
///
/// On Linux the two folders are exchanged atomically (`renameat2` with `RENAME_EXCHANGE`),
/// so there is no moment without a complete site; elsewhere the old folder is moved aside
/// and the new one moved in, two renames in a row.
pub fn publish(mut staging: Staging, output: &Path) -> Result<()> {
    let staged = staging.path.clone();
    if output.exists() {
        if exchange(&staged, output).is_ok() {
            staging.published = true;
            // `staged` now holds the old site.
            std::fs::remove_dir_all(&staged)
                .map_err(|e| Error::io("cannot remove the previous site", &staged, e))?;
            return Ok(());
        }
        let old = staged.with_extension("old");
        std::fs::rename(output, &old).map_err(|e| Error::io("cannot move aside", output, e))?;
        if let Err(e) = std::fs::rename(&staged, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io("cannot publish into", output, e));
        }
        staging.published = true;
        let _ = std::fs::remove_dir_all(&old);
        return Ok(());
    }
    std::fs::rename(&staged, output).map_err(|e| Error::io("cannot publish into", output, e))?;
    staging.published = true;
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("not supported"))
}
