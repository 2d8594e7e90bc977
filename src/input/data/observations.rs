//! `data/observations.yaml`: published indicator values, one entry per value, appended to by
//! `planportal import observations --apply` (and editable by hand).
//!
//! ```yaml
//! - indicator: rd-intensity
//!   year: 2024
//!   value: 2.3
//!   status: preliminary            # preliminary, final or revised
//!   source: 2024年松江区国民经济和社会发展统计公报
//!   publisher: 松江区统计局
//!   released: 2025-03-20           # YYYY-MM-DD
//!   url: https://example.org/…     # optional, http(s) only
//! ```
//!
//! The file is a log: entries are never rewritten, a revision is a new entry for the same
//! indicator and year, and the entry written last is the current value (the earlier ones stay
//! visible as "2.3 → 2.4"). The build adds these entries after the `observations` written in
//! `data/indicators.yaml`, so both places work.

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::indicator::{is_date, is_web_address, Indicator, Observation, ObservationStatus};
use crate::base::error::Diagnostic;
use crate::base::lang::Localized;
use crate::base::messages::Message;
use crate::base::text::did_you_mean;
use crate::base::yaml;
use crate::msg;

/// The file name below `data/`.
pub const FILE: &str = "observations.yaml";

/// One entry of `data/observations.yaml`.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationRecord {
    /// The id of an indicator of `data/indicators.yaml`.
    #[schemars(with = "String")]
    pub indicator: Spanned<String>,
    pub year: i32,
    pub value: f64,
    #[serde(default)]
    pub status: Option<ObservationStatus>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub released: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<Localized>,
}

impl ObservationRecord {
    /// The observation this entry adds to its indicator.
    pub fn observation(&self) -> Observation {
        Observation {
            year: self.year,
            value: self.value,
            note: self.note.clone(),
            source: self.source.clone(),
            publisher: self.publisher.clone(),
            released: self.released.clone(),
            url: self.url.clone(),
            status: self.status,
        }
    }
}

/// Checks the entries against `indicators` and appends each valid one to its indicator's
/// observations (in file order, after those written in `indicators.yaml`). Problems are
/// returned at the entry's `file:line:col`.
pub fn merge(
    records: &[ObservationRecord],
    indicators: &mut [Indicator],
    file: &std::path::Path,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids: Vec<String> = indicators.iter().map(|i| i.id.value.clone()).collect();
    for r in records {
        let (line, column) = yaml::place(&r.indicator.referenced, 1);
        let at = |message: Message, hint: Message| {
            Diagnostic::new(file, line, column, message).with_hint(hint)
        };
        let Some(ind) = indicators
            .iter_mut()
            .find(|i| i.id.value == r.indicator.value)
        else {
            let hint = match did_you_mean(&r.indicator.value, ids.iter().map(String::as_str)) {
                Some(s) => msg!("data-observation-did-you-mean", suggestion = s),
                None => msg!("data-observation-unknown-indicator-hint"),
            };
            out.push(at(
                msg!(
                    "data-observation-unknown-indicator",
                    id = &r.indicator.value
                ),
                hint,
            ));
            continue;
        };
        let mut bad = false;
        if r.year <= ind.baseline.year || r.year > ind.target.year() {
            out.push(at(
                msg!(
                    "data-observation-year-outside",
                    id = &r.indicator.value,
                    year = r.year,
                    baseline = ind.baseline.year,
                    target = ind.target.year()
                ),
                msg!("data-observation-year-outside-hint"),
            ));
            bad = true;
        }
        if !r.value.is_finite() {
            out.push(at(
                msg!(
                    "data-observation-not-a-number",
                    id = &r.indicator.value,
                    year = r.year
                ),
                msg!("data-observation-not-a-number-hint"),
            ));
            bad = true;
        }
        if let Some(d) = r.released.as_deref().filter(|d| !is_date(d)) {
            out.push(at(
                msg!(
                    "data-observation-bad-released",
                    id = &r.indicator.value,
                    value = format!("{d:?}")
                ),
                msg!("data-date-hint", example = "2026-03-20"),
            ));
            bad = true;
        }
        if let Some(u) = r.url.as_deref().filter(|u| !is_web_address(u)) {
            out.push(at(
                msg!(
                    "data-observation-bad-url",
                    id = &r.indicator.value,
                    value = format!("{u:?}")
                ),
                msg!("data-observation-bad-url-hint"),
            ));
            bad = true;
        }
        if !bad {
            ind.observations.push(r.observation());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::data::indicator::tests::parse_one;

    const IND: &str = r#"
- id: rd-intensity
  number: 9
  name: { zh: 研发投入强度, en: "R&D intensity" }
  unit: { zh: "%", en: "%" }
  source: { zh: 市统计局, en: Municipal Bureau of Statistics }
  direction: increase
  baseline: { year: 2023, value: 2 }
  target: { year: 2026, value: 2.8 }
  observations:
    - { year: 2024, value: 2.3 }
"#;

    #[test]
    fn entries_are_appended_after_the_indicator_file_and_problems_have_places() {
        let mut inds = vec![parse_one(IND)];
        let text = "# log\n- indicator: rd-intensity\n  year: 2024\n  value: 2.4\n  status: revised\n  released: 2026-05-10\n- indicator: rd-intensty\n  year: 2025\n  value: 2.5\n- indicator: rd-intensity\n  year: 2030\n  value: 2.9\n  url: ftp://x\n";
        let records: Vec<ObservationRecord> = serde_saphyr::from_str(text).expect("parses");
        let problems = merge(
            &records,
            &mut inds,
            std::path::Path::new("data/observations.yaml"),
        );
        let shown: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(
            shown[0].starts_with("data/observations.yaml:7:14: unknown indicator `rd-intensty`"),
            "{shown:#?}"
        );
        assert!(
            shown[0].contains("did you mean `rd-intensity`"),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("data/observations.yaml:10:14:") && shown[1].contains("year 2030"),
            "{shown:#?}"
        );
        assert!(
            shown[2].contains("`url` must be an http(s) address"),
            "{shown:#?}"
        );
        let o = &inds[0].observations;
        assert_eq!(o.len(), 2, "only the valid entry is added");
        assert_eq!(o[1].value, 2.4);
        assert_eq!(
            inds[0].latest().map(|p| p.value),
            Some(2.4),
            "the entry written last is current"
        );
    }

    #[test]
    fn problems_read_as_chinese_for_editors() {
        use crate::base::lang::Lang;
        let mut inds = vec![parse_one(IND)];
        let text = "- indicator: rd-intensty\n  year: 2025\n  value: 2.5\n- indicator: rd-intensity\n  year: 2025\n  value: 2.5\n  released: 2026-13-01\n";
        let records: Vec<ObservationRecord> = serde_saphyr::from_str(text).expect("parses");
        let problems = merge(
            &records,
            &mut inds,
            std::path::Path::new("data/observations.yaml"),
        );
        let zh: Vec<String> = problems.iter().map(|d| d.render(Lang::Zh)).collect();
        assert_eq!(
            zh[0],
            "data/observations.yaml:1:14: 没有 id 为 `rd-intensty` 的指标\n  提示：是不是要写 `rd-intensity`？指标的 id 在 data/indicators.yaml 里"
        );
        assert_eq!(
            zh[1],
            "data/observations.yaml:4:14: rd-intensity：`released` 不是日期：\"2026-13-01\"\n  提示：日期写成 YYYY-MM-DD，例如 2026-03-20"
        );
        assert_eq!(problems[1].code(), "data-observation-bad-released");
    }
}
