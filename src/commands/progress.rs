//! What a long build or check shows while it runs, and the clock of its stages.
//!
//! A 10,000-page build renders for half a minute; without a sign of life it looks hung. On a
//! terminal, once a run has gone on for [`SHOW_AFTER`], a bar appears on stderr: the stage,
//! pages rendered of the total, elapsed time. It is never drawn when stderr is not a terminal
//! (CI logs, pipes, the tests), so output there stays quiet and the same from run to run.
//!
//! The bar hears of each page through the same [`PageListener`] hook the search index uses;
//! per page that is one atomic increment and one look at the clock until the bar is shown,
//! and indicatif redraws at most 20 times a second. The stages are timed here too, for the
//! summary the build prints at the end.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::base::lang::Lang;
use crate::model::Job;
use crate::msg;
use crate::outputs::{PageListener, Run};

/// A run shorter than this shows no bar. `PLANPORTAL_PROGRESS_AFTER_MS` replaces it (the
/// tests set it to 0 to see the bar on a small site).
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// The progress bar and stage clock of one build or check.
pub struct Progress {
    bar: ProgressBar,
    /// Draw at all: asked for, and stderr is a terminal.
    draw: bool,
    shown: AtomicBool,
    start: Instant,
    after: Duration,
    /// (stage, when it began), in order.
    stages: Mutex<Vec<(&'static str, Instant)>>,
    /// The word after the page count, in the language of messages.
    pages_word: String,
}

impl Progress {
    /// A bar drawn on stderr when `wanted` and stderr is a terminal.
    pub fn new(wanted: bool, lang: Lang) -> Progress {
        let mut progress = Progress::with_terminal(wanted && std::io::stderr().is_terminal());
        progress.pages_word = msg!("progress-pages").render(lang);
        progress
    }

    /// Never drawn; only the stage clock runs (for `serve`, library callers and tests).
    pub fn hidden() -> Progress {
        Progress::with_terminal(false)
    }

    fn with_terminal(draw: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{elapsed:>4} {msg}") {
            bar.set_style(style);
        }
        Progress {
            bar,
            draw,
            shown: AtomicBool::new(false),
            start: Instant::now(),
            after: std::env::var("PLANPORTAL_PROGRESS_AFTER_MS")
                .ok()
                .and_then(|ms| ms.parse().ok())
                .map_or(SHOW_AFTER, Duration::from_millis),
            stages: Mutex::new(Vec::new()),
            pages_word: "pages".to_string(),
        }
    }

    /// Starts the stage `name` (ending the one before).
    pub fn stage(&self, name: &'static str) {
        self.stages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((name, Instant::now()));
        self.bar.set_message(name);
        self.show_when_due();
    }

    /// Sets how many pages the bar counts to.
    pub fn pages(&self, total: usize) {
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{{elapsed:>4}} {{msg:<8}} [{{bar:30}}] {{pos:>7}}/{{len}} {}",
            self.pages_word
        )) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
    }

    /// Removes the bar from the screen (before an error message is printed).
    pub fn clear(&self) {
        if self.shown.load(Ordering::Relaxed) && !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }

    /// Ends the last stage and removes the bar. Returns each stage's wall time, in order.
    pub fn finish(&self) -> Vec<(&'static str, Duration)> {
        self.clear();
        let end = Instant::now();
        let stages = self.stages.lock().unwrap_or_else(PoisonError::into_inner);
        stages
            .iter()
            .enumerate()
            .map(|(i, (name, began))| {
                let until = stages.get(i + 1).map_or(end, |(_, next)| *next);
                (*name, until.duration_since(*began))
            })
            .collect()
    }

    /// Whether the bar has been drawn (for tests).
    pub fn was_shown(&self) -> bool {
        self.shown.load(Ordering::Relaxed)
    }

    fn show_when_due(&self) {
        if self.draw
            && !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() >= self.after
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(200));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // On an error the bar must not stay on the screen above the message.
        self.clear();
    }
}

impl PageListener for Progress {
    fn begin(&self, run: &Run) {
        let pages = run
            .jobs()
            .iter()
            .filter(|&&i| !run.plan[i].is_feed())
            .count();
        self.pages(pages);
    }

    fn page(&self, _position: usize, _job: &Job, _html: &str) {
        self.bar.inc(1);
        self.show_when_due();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_is_never_shown_but_times_the_stages() {
        let p = Progress::hidden();
        p.stage("load");
        std::thread::sleep(Duration::from_millis(5));
        p.stage("html");
        p.pages(3);
        p.show_when_due();
        let stages = p.finish();
        assert!(!p.was_shown());
        assert_eq!(
            stages.iter().map(|s| s.0).collect::<Vec<_>>(),
            ["load", "html"]
        );
        assert!(stages[0].1 >= Duration::from_millis(5));
    }
}
