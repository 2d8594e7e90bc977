//! The staging folder and the swap that publishes it.

use std::path::{Path, PathBuf};

use crate::base::error::{Diagnostic, Error, Result};

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

/// Refuses output folders that would destroy the site's sources when replaced, or mix the
/// published site into them: the site folder itself, a folder that holds it, or anything in
/// its sources (`content/`, `data/`, `themes/`, …), whether it exists yet or not.
pub fn check_output(root: &Path, output: &Path) -> Result<()> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let Some(out) = resolve(output) else {
        return Ok(()); // no existing folder above it at all: nothing to destroy
    };
    let precious = [
        "content",
        "data",
        "themes",
        "templates",
        "static",
        "archetypes",
        "config.toml",
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

/// `path` as an absolute path through its nearest existing ancestor, which is canonicalised
/// (symbolic links resolved); the part that does not exist yet is added with `..` and `.`
/// applied, so `content/new` is seen inside `content/` before it is created.
fn resolve(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let components: Vec<Component> = absolute.components().collect();
    for split in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..split].iter().collect();
        if let Ok(mut out) = prefix.canonicalize() {
            for c in &components[split..] {
                match c {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return Some(out);
        }
    }
    None
}

/// Makes the staged site the published one.
///
/// The old folder is renamed aside and the staged one renamed into its place: two
/// `rename(2)` calls, each atomic, so the output is never a mix of two builds; between the
/// two calls (microseconds) the path is briefly absent. Linux's atomic exchange
/// (`renameat2(RENAME_EXCHANGE)`) would close that gap, but on ext4 it was measured to
/// force a journal flush costing 0.5–1 s per build — several times the whole build of the
/// default site — for no gain on a static host, which serves an uploaded copy anyway.
pub fn publish(mut staging: Staging, output: &Path) -> Result<()> {
    let staged = staging.path.clone();
    if output.exists() {
        let old = retired_name(output);
        std::fs::rename(output, &old).map_err(|e| Error::io("cannot move aside", output, e))?;
        if let Err(e) = std::fs::rename(&staged, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io("cannot publish into", output, e));
        }
        staging.published = true;
        remove_in_background(&old);
        return Ok(());
    }
    std::fs::rename(&staged, output).map_err(|e| Error::io("cannot publish into", output, e))?;
    staging.published = true;
    Ok(())
}

/// Where a replaced site is moved: `.<name>.old-<pid>` beside the output.
fn retired_name(output: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(output);
    parent.join(format!(".{name}.old-{}", std::process::id()))
}

fn parent_and_name(output: &Path) -> (PathBuf, String) {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Removes the sites replaced by earlier builds that are still beside `output`
/// (`.<name>.old-*`, left when a background removal was interrupted).
pub fn sweep_previous(output: &Path) {
    let (parent, name) = parent_and_name(output);
    let prefix = format!(".{name}.old-");
    let own = retired_name(output);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) && entry.path() != own {
            remove_in_background(&entry.path());
        }
    }
}

/// Deletes a replaced site without making the build wait for it.
///
/// On the disks this was measured on, deleting a few hundred files takes most of a second,
/// several times longer than building the default site; on Unix a detached `rm -rf` does
/// it after the build has returned. Elsewhere, or if `rm` cannot be started, the folder is
/// removed here.
fn remove_in_background(path: &Path) {
    #[cfg(unix)]
    {
        use std::process::{Command, Stdio};
        let spawned = Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_inside_the_sources_is_refused_even_before_it_exists() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content/news")).unwrap();
        for bad in [
            root.to_path_buf(),
            root.join("content"),
            root.join("content/news"),
            root.join("content/new-folder/public"),
            root.join("public/../content"),
            root.join("config.toml"),
            root.join(".."),
        ] {
            let err = check_output(root, &bad).unwrap_err();
            assert!(
                err.to_string().contains("refusing to publish"),
                "{}: {err}",
                bad.display()
            );
        }
        for good in [root.join("public"), root.join("out/site")] {
            assert!(check_output(root, &good).is_ok(), "{}", good.display());
        }
    }
}
