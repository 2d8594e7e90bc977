//! Watching the site's sources and calling back with the files that changed.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use crate::base::error::{Diagnostic, Result};
use crate::base::lang::Lang;
use crate::msg;

/// The folders below the site root whose changes trigger a rebuild.
pub const WATCHED_DIRS: [&str; 5] = ["content", "data", "themes", "templates", "static"];
/// The file at the root whose changes trigger a rebuild.
pub const WATCHED_FILE: &str = "config.toml";
/// Changes closer together than this are one change (an editor's save is often several).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Keeps the watch alive; dropping it stops watching.
pub struct Watch {
    _thread: std::thread::JoinHandle<()>,
    stop: mpsc::Sender<DebounceEventResult>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        // An empty batch of errors wakes the thread, which then sees the closed flag.
        let _ = self.stop.send(Err(Vec::new()));
    }
}

/// Starts watching `root`; `on_change` runs on a thread of its own with the changed files
/// (relative to `root`), one call per batch of changes, never two at once.
/// Problems met while watching are printed in `lang`.
pub fn start(
    root: &Path,
    lang: Lang,
    on_change: impl Fn(&[PathBuf]) + Send + 'static,
) -> Result<Watch> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx.clone()).map_err(|e| {
        Diagnostic::whole_file(".", msg!("serve-watch-failed", reason = e.to_string()))
            .with_hint(msg!("serve-watch-failed-hint"))
    })?;
    let watch_dir = move |d: &mut notify_debouncer_full::Debouncer<_, _>, dir: &Path| {
        if dir.is_dir() {
            if let Err(e) = d.watch(dir, RecursiveMode::Recursive) {
                let problem = msg!(
                    "serve-watch-dir-failed",
                    folder = dir.display().to_string(),
                    reason = e.to_string()
                );
                eprintln!("{}", problem.render(lang));
            }
        }
    };
    for dir in WATCHED_DIRS {
        watch_dir(&mut debouncer, &root.join(dir));
    }
    // The root itself, not recursively: config.toml, and watched folders created later.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            Diagnostic::whole_file(
                ".",
                msg!("serve-watch-folder-failed", reason = e.to_string()),
            )
            .with_hint(msg!("serve-watch-folder-failed-hint"))
        })?;

    let stop = tx;
    let thread = std::thread::spawn(move || {
        let mut watched: BTreeSet<PathBuf> = WATCHED_DIRS
            .iter()
            .map(|d| root.join(d))
            .filter(|d| d.is_dir())
            .collect();
        while let Ok(first) = rx.recv() {
            let mut batches = vec![first];
            batches.extend(rx.try_iter());
            if batches.iter().any(|b| matches!(b, Err(e) if e.is_empty())) {
                break; // stopped
            }
            let mut changed = BTreeSet::new();
            for batch in batches {
                let events = match batch {
                    Ok(events) => events,
                    Err(errors) => {
                        for e in errors {
                            let problem = msg!("serve-watch-event-failed", reason = e.to_string());
                            eprintln!("{}", problem.render(lang));
                        }
                        continue;
                    }
                };
                for event in events {
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for path in &event.paths {
                        if let Some(rel) = relevant(&root, path) {
                            changed.insert(rel);
                        }
                    }
                }
            }
            // A watched folder that appeared (templates/ or static/ created): watch it too.
            for dir in WATCHED_DIRS.iter().map(|d| root.join(d)) {
                if dir.is_dir() && watched.insert(dir.clone()) {
                    watch_dir(&mut debouncer, &dir);
                }
            }
            if !changed.is_empty() {
                let changed: Vec<PathBuf> = changed.into_iter().collect();
                on_change(&changed);
            }
        }
        drop(debouncer);
    });
    Ok(Watch {
        _thread: thread,
        stop,
    })
}

/// `path` relative to `root` if a change to it should rebuild the site: a file below one of
/// the watched folders, or config.toml; not hidden files and editors' temporary files.
pub fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_string_lossy().into_owned(),
            _ => String::from("."),
        })
        .collect();
    let first = parts.first()?;
    let watched = if parts.len() == 1 {
        first == WATCHED_FILE || WATCHED_DIRS.contains(&first.as_str())
    } else {
        WATCHED_DIRS.contains(&first.as_str())
    };
    let name = parts.last()?;
    let temporary = parts.iter().any(|p| p.starts_with('.'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    (watched && !temporary).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        let yes = |p: &str| relevant(root, &root.join(p)).is_some();
        assert!(yes("content/news/a.md"));
        assert!(yes("data/services.yaml"));
        assert!(yes("config.toml"));
        assert!(yes("templates"));
        assert!(yes("themes/default/templates/base.html"));
        assert!(!yes("public/index.html"));
        assert!(!yes("target/debug/x"));
        assert!(!yes("content/news/.a.md.swp"));
        assert!(!yes("content/news/a.md~"));
        assert!(!yes("data/4913"));
        assert!(!yes("README.md"));
    }
}
