//! Folders a process leaves when it is stopped: found and removed by the next run, and
//! removed at once on Ctrl-C (SIGINT) or SIGTERM.
//!
//! Every temporary folder planportal makes carries its process id in its name
//! (`.public.staging-<pid>`, `.public.old-<pid>`, `planportal-serve-<pid>-…`,
//! `planportal-check-<pid>-…`). [`sweep`] removes those whose process is no longer running;
//! a folder of a live process — another build running now, or this one — is never touched.
//! A process killed with SIGKILL cannot clean up after itself: its folders wait for the next
//! sweep.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::base::lang::Lang;
use crate::msg;

/// The folders this process would leave behind if it stopped now.
static REGISTERED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Notes a folder to remove if the process is interrupted.
pub fn register(path: &Path) {
    if let Ok(mut list) = REGISTERED.lock() {
        list.push(path.to_path_buf());
    }
}

/// Forgets a folder noted by [`register`] (it was published or removed).
pub fn unregister(path: &Path) {
    if let Ok(mut list) = REGISTERED.lock() {
        list.retain(|p| p != path);
    }
}

/// From now on, SIGINT and SIGTERM remove the registered folders and end the process with
/// status 130 or 143 (128 + the signal's number, as shells report it). For commands that do
/// not handle these signals themselves (`build`, `check`); `serve` shuts down on its own.
/// The last words are in `lang`.
pub fn clean_up_on_signal(lang: Lang) {
    #[cfg(unix)]
    {
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => runtime,
            Err(_) => return,
        };
        // The handlers are installed here, before this returns, so that no signal arriving
        // after it is missed.
        use tokio::signal::unix::{signal, SignalKind};
        let handlers = runtime.block_on(async {
            Some((
                signal(SignalKind::interrupt()).ok()?,
                signal(SignalKind::terminate()).ok()?,
            ))
        });
        let Some((mut interrupt, mut terminate)) = handlers else {
            return;
        };
        std::thread::spawn(move || {
            let status = runtime.block_on(async {
                tokio::select! {
                    _ = interrupt.recv() => 130,
                    _ = terminate.recv() => 143,
                }
            });
            let paths = REGISTERED
                .lock()
                .map(|list| list.clone())
                .unwrap_or_default();
            for path in paths {
                let _ = std::fs::remove_dir_all(&path);
            }
            eprintln!("{}", msg!("publish-interrupted").render(lang));
            std::process::exit(status);
        });
    }
}

/// Removes each folder in `dir` named `<prefix><pid>` or `<prefix><pid>-…` whose process is
/// no longer running, by `remove`.
pub fn sweep(dir: &Path, prefix: &str, remove: impl Fn(&Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
            continue;
        };
        let digits = rest.split('-').next().unwrap_or("");
        let Ok(pid) = digits.parse::<u32>() else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != own && !is_running(pid) {
            remove(&entry.path());
        }
    }
}

/// Whether a process with this id exists (and may be ours). Where that cannot be known, it is
/// assumed to run, so nothing is removed.
pub fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 checks that the process exists and sends nothing.
        let rc = unsafe { libc::kill(pid, 0) };
        if rc == 0 {
            return true;
        }
        // EPERM: it exists but belongs to someone else.
        std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_of_dead_processes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        // A child that has exited and been waited for: its id names no process now.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        let names = [
            format!(".public.staging-{dead}"),
            format!("planportal-check-{dead}-abc123"),
            format!(".public.staging-{live}"),
            ".public.staging-notanumber".to_string(),
            format!(".other.staging-{dead}"),
        ];
        for n in &names {
            std::fs::create_dir(dir.path().join(n)).unwrap();
        }
        let remove = |p: &Path| std::fs::remove_dir_all(p).unwrap();
        sweep(dir.path(), ".public.staging-", remove);
        sweep(dir.path(), "planportal-check-", remove);
        let left: Vec<bool> = names.iter().map(|n| dir.path().join(n).exists()).collect();
        if is_running(dead) {
            return; // the id was reused at once: nothing can be said
        }
        assert_eq!(left, [false, false, true, true, true]);
    }
}
