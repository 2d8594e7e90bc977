//! Heading ids that are unique on a page and readable in Chinese.
//!
//! An id keeps letters and digits of any script (so `## 主要目标` gets `主要目标`, which the
//! browser shows as `#主要目标`), lowercases ASCII, and turns every run of spaces and
//! punctuation into one hyphen. A repeated id gets `-2`, `-3`… in order of appearance, so
//! ids are stable as long as the headings before them do not change.

use std::collections::HashSet;

pub use crate::base::text::slugify;

/// Hands out unique ids for one page.
#[derive(Debug, Default)]
pub struct IdSet {
    used: HashSet<String>,
}

impl IdSet {
    /// Reserves `wanted`, or the first free `wanted-N`.
    pub fn unique(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{wanted}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
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
    }
}
