//! Heading ids that are unique on a page and readable in Chinese.
//!
//! An id keeps letters and digits of any script (so `## 主要目标` gets `主要目标`, which the
//! browser shows as `#主要目标`), lowercases ASCII, and turns every run of spaces and
//! punctuation into one hyphen. A repeated id gets `-2`, `-3`… in order of appearance, so
//! ids are stable as long as the headings before them do not change.

use std::collections::{HashMap, HashSet};

pub use crate::base::text::slugify;

/// Hands out unique ids for one page.
#[derive(Debug, Default)]
pub struct IdSet {
    used: HashSet<String>,
    /// For each repeated id, the number to try next: without it, the n-th repeat tried
    /// `-2`…`-n` again, quadratic on a page of thousands of equal headings (found by the
    /// `markdown_shapes` fuzz target).
    next: HashMap<String, usize>,
}

impl IdSet {
    /// Reserves `wanted`, or the first free `wanted-N`.
    pub fn unique(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let mut n = self.next.get(wanted).copied().unwrap_or(2);
        loop {
            let candidate = format!("{wanted}-{n}");
            n += 1;
            if self.used.insert(candidate.clone()) {
                self.next.insert(wanted.to_string(), n);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headings_stay_readable() {
        assert_eq!(slugify("一、主要目标"), "一主要目标");
        assert_eq!(
            slugify("（一）体制机制改革创新行动"),
            "一体制机制改革创新行动"
        );
        assert_eq!(slugify("6G 未来产业"), "6g-未来产业");
        assert_eq!(slugify("Key Tasks & Goals"), "key-tasks-goals");
        assert_eq!(slugify("？？"), "section");
    }

    #[test]
    fn repeated_ids_are_numbered() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("目标"), "目标");
        assert_eq!(ids.unique("目标"), "目标-2");
        assert_eq!(ids.unique("目标"), "目标-3");
        // A heading whose own text is a numbered id takes it first; the count skips it.
        assert_eq!(ids.unique("目标-4"), "目标-4");
        assert_eq!(ids.unique("目标"), "目标-5");
    }

    #[test]
    fn many_equal_headings_are_numbered_in_linear_time() {
        let mut ids = IdSet::default();
        let started = std::time::Instant::now();
        for _ in 0..50_000 {
            ids.unique("section");
        }
        assert_eq!(ids.unique("section"), "section-50001");
        // Quadratic, this took minutes; linear, milliseconds even in a debug build.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
