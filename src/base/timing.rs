//! Where a build spends its time: CPU time summed over all rendering threads, per activity.
//!
//! The counters are process-wide atomics, cheap enough to leave on: `planportal build
//! --timings` prints them, and the benchmark notes in the README were measured with them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The measured activities of rendering one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Markdown to HTML, highlighting included.
    Markdown = 0,
    /// Syntax highlighting of code blocks (part of Markdown).
    Highlight = 1,
    /// Filling the Tera template.
    Template = 2,
    /// minify-html.
    Minify = 3,
    /// Writing the file.
    Write = 4,
    /// Handing the rendered page to the listeners (the search output extracts its text).
    Listen = 5,
    /// Building and writing the search index after the pages (tokenising, stemming,
    /// sharding, writing): wall time.
    SearchIndex = 6,
}

const NAMES: [&str; 7] = [
    "markdown",
    "highlight",
    "template",
    "minify",
    "write",
    "listen",
    "search",
];
static NANOS: [AtomicU64; 7] = [const { AtomicU64::new(0) }; 7];

/// Runs `f`, adding its duration to `activity`.
pub fn time<T>(activity: Activity, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    NANOS[activity as usize].fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
    out
}

/// Sets every counter to zero (at the start of a build).
pub fn reset() {
    for n in &NANOS {
        n.store(0, Ordering::Relaxed);
    }
}

/// (activity, milliseconds) of every activity since the last reset.
pub fn totals() -> Vec<(&'static str, f64)> {
    NAMES
        .iter()
        .zip(&NANOS)
        .map(|(name, n)| (*name, n.load(Ordering::Relaxed) as f64 / 1e6))
        .collect()
}
