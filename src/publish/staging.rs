//! The staging folder, the ownership check of the output folder, and the swap that publishes.

use std::path::{Path, PathBuf};

use super::leftovers;
use crate::base::error::{Diagnostic, Error, Result};
use crate::base::text::escape_name;
use crate::msg;

/// The file a build leaves in every folder it publishes, so that a later build knows the
/// folder is a site it may replace. Its name starts with a dot; its text says what it is.
pub const MARKER: &str = ".planportal-site";

const MARKER_TEXT: &str =
    "This folder was written by planportal. The next build replaces the whole folder: keep no other files here.\n";

/// A fresh folder beside the output folder that a build writes into. Dropped without
/// [`publish`], it removes itself, so a failed build leaves nothing behind; a build killed
/// outright leaves it, and the next build, `serve` or `check` sweeps it (see
/// [`leftovers`]).
pub struct Staging {
    path: PathBuf,
    published: bool,
}

impl Staging {
    /// Creates `.<name>.staging-<pid>` next to `output`.
    pub fn create(output: &Path) -> Result<Staging> {
        let (parent, name) = parent_and_name(output);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("io-create", &parent, e))?;
        let path = parent.join(format!(".{name}.staging-{}", std::process::id()));
        leftovers::register(&path);
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|e| Error::io("io-clear", &path, e))?;
        }
        std::fs::create_dir(&path).map_err(|e| Error::io("io-create", &path, e))?;
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
        leftovers::unregister(&self.path);
    }
}

/// Refuses output paths a build must not replace, before anything is read or removed:
///
/// - the site folder itself, a folder that holds it, or anything in its sources (`content/`,
///   `data/`, `themes/`, …), whether it exists yet or not — even with `force`;
/// - anything that is not a folder (a file is never replaced by a folder) — even with `force`;
/// - a folder that is neither empty nor marked as planportal's (it lacks [`MARKER`]), unless
///   `force` is given.
pub fn check_output(root: &Path, output: &Path, force: bool) -> Result<()> {
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
            msg!("publish-into-sources", folder = escape_name(&out)),
        )
        .with_hint(msg!("publish-into-sources-hint"))
        .into());
    }
    let Ok(meta) = std::fs::metadata(output) else {
        // Nothing there (or a dangling link, which the rename replaces and nothing else).
        return match std::fs::symlink_metadata(output) {
            Ok(_) => Err(not_a_folder(&out)),
            Err(_) => Ok(()),
        };
    };
    if !meta.is_dir() {
        return Err(not_a_folder(&out));
    }
    if force || is_ours_or_empty(output) {
        return Ok(());
    }
    Err(Diagnostic::whole_file(
        "--output",
        msg!(
            "publish-foreign-folder",
            folder = escape_name(&out),
            marker = MARKER
        ),
    )
    .with_hint(msg!("publish-foreign-folder-hint"))
    .into())
}

fn not_a_folder(out: &Path) -> Error {
    Diagnostic::whole_file(
        "--output",
        msg!("publish-onto-file", folder = escape_name(out)),
    )
    .with_hint(msg!("publish-onto-file-hint"))
    .into()
}

/// Whether the folder `dir` is empty or holds [`MARKER`] as a file.
fn is_ours_or_empty(dir: &Path) -> bool {
    if std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return true;
    }
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
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

/// How [`publish`] put the new site in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swap {
    /// There was no output yet: one `rename(2)`.
    Rename,
    /// One `renameat2(RENAME_EXCHANGE)`: the old and the new folder trade places atomically,
    /// so the output path holds a complete site at every instant.
    Exchange,
    /// The filesystem (or the system) cannot exchange: the old folder is renamed aside and the
    /// new one renamed into place, leaving the path absent between the two calls.
    TwoRenames,
}

/// Makes the staged site the published one, and returns how.
///
/// The staged folder gets [`MARKER`] first. Then, where there is an old site, the two folders
/// are exchanged in one `renameat2(RENAME_EXCHANGE)` call (Linux 3.15+, on ext4, XFS, Btrfs,
/// tmpfs and most local filesystems): at every instant the output path holds either the
/// complete old site or the complete new one, even if the process is killed. The old site,
/// now at the staging path, is deleted in the background. Where exchanging is not supported
/// (other systems; filesystems answering `EINVAL`), the old folder is renamed aside to
/// `.<name>.old-<pid>` and the new one renamed into place: each rename is atomic, but
/// between them the output path is briefly absent.
pub fn publish(mut staging: Staging, output: &Path) -> Result<Swap> {
    let staged = staging.path.clone();
    std::fs::write(staged.join(MARKER), MARKER_TEXT)
        .map_err(|e| Error::io("io-write", &staged.join(MARKER), e))?;
    test_pause("before the swap");
    let swap = if std::fs::symlink_metadata(output).is_err() {
        std::fs::rename(&staged, output).map_err(|e| Error::io("io-publish", output, e))?;
        staging.published = true;
        Swap::Rename
    } else if exchange(&staged, output)? {
        // The staging path now holds the old site.
        staging.published = true;
        test_pause("after the swap");
        remove_in_background(&staged);
        Swap::Exchange
    } else {
        let old = retired_name(output);
        // From here until the new site is in place, Ctrl-C must not delete either folder:
        // the staging folder is no longer removed on a signal (a signal between the renames
        // leaves both folders, as a kill would, for the next build to sweep).
        leftovers::unregister(&staged);
        std::fs::rename(output, &old).map_err(|e| Error::io("io-move-aside", output, e))?;
        test_pause("between the two renames");
        if let Err(e) = std::fs::rename(&staged, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io("io-publish", output, e));
        }
        staging.published = true;
        remove_in_background(&old);
        Swap::TwoRenames
    };
    Ok(swap)
}

/// Exchanges `a` and `b` atomically; `Ok(false)` when this system or filesystem cannot.
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    if test_flag("PLANPORTAL_TEST_NO_EXCHANGE") {
        return Ok(false);
    }
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let (Ok(ca), Ok(cb)) = (
            CString::new(a.as_os_str().as_bytes()),
            CString::new(b.as_os_str().as_bytes()),
        ) else {
            return Ok(false);
        };
        // SAFETY: both arguments are valid NUL-terminated strings that outlive the call;
        // renameat2 reads them and nothing else.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
            _ => Err(Error::io("io-publish", b, e)),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Test builds only (debug assertions on): the value of an environment variable used by the
/// publishing tests. Release builds never read it.
fn test_flag(name: &str) -> bool {
    cfg!(debug_assertions) && std::env::var_os(name).is_some()
}

/// Test builds only: with `PLANPORTAL_TEST_PUBLISH_PAUSE_MS` set, says on stderr which step
/// comes next and waits that long, so a test can kill the build between publishing steps.
fn test_pause(step: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(ms) = std::env::var("PLANPORTAL_TEST_PUBLISH_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return;
    };
    eprintln!("publish: pausing {step}");
    std::thread::sleep(std::time::Duration::from_millis(ms));
}

/// Where a replaced site is moved by the two-rename fallback: `.<name>.old-<pid>`.
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

/// Removes what builds killed earlier left beside `output`: `.<name>.staging-<pid>` and
/// `.<name>.old-<pid>` folders whose process is no longer running. A live build's folders
/// (including this process's own) are left alone.
pub fn sweep_previous(output: &Path) {
    let (parent, name) = parent_and_name(output);
    for kind in ["staging", "old"] {
        leftovers::sweep(&parent, &format!(".{name}.{kind}-"), remove_in_background);
    }
}

/// Deletes a replaced site without making the build wait for it.
///
/// On the disks this was measured on, deleting a few hundred files takes most of a second,
/// several times longer than building the default site; on Unix a detached `rm -rf` does
/// it after the build has returned. Elsewhere, or if `rm` cannot be started, the folder is
/// removed here. (If the `rm` is killed too, the folder's name still carries this build's
/// process id, and a later build sweeps it.)
pub(crate) fn remove_in_background(path: &Path) {
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
            for force in [false, true] {
                let err = check_output(root, &bad, force).unwrap_err();
                assert!(
                    err.to_string().contains("refusing to publish"),
                    "{}: {err}",
                    bad.display()
                );
            }
        }
        for good in [root.join("public"), root.join("out/site")] {
            assert!(
                check_output(root, &good, false).is_ok(),
                "{}",
                good.display()
            );
        }
    }

    #[test]
    fn only_empty_or_marked_folders_are_replaced_and_files_never() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let out = root.join("out");
        std::fs::create_dir_all(out.join("empty")).unwrap();
        assert!(check_output(root, &out.join("empty"), false).is_ok());
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = check_output(root, &out, false).unwrap_err().to_string();
        assert!(
            err.contains("refusing to replace") && err.contains("--force"),
            "{err}"
        );
        assert!(check_output(root, &out, true).is_ok());
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_output(root, &out, false).is_ok());
        for force in [false, true] {
            let err = check_output(root, &out.join("notes.txt"), force)
                .unwrap_err()
                .to_string();
            assert!(err.contains("never replaces a file by a folder"), "{err}");
        }
    }

    #[test]
    fn publishing_exchanges_and_marks_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        for (round, expected) in [(1, Swap::Rename), (2, Swap::Exchange)] {
            let staging = Staging::create(&output).unwrap();
            std::fs::write(staging.path().join("index.html"), format!("{round}")).unwrap();
            let swap = publish(staging, &output).unwrap();
            if cfg!(target_os = "linux") {
                assert_eq!(swap, expected);
            }
            assert_eq!(
                std::fs::read_to_string(output.join("index.html")).unwrap(),
                round.to_string()
            );
            assert!(output.join(MARKER).is_file());
        }
    }
}
