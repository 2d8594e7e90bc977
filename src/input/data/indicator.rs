//! The shape of `data/indicators.yaml`, the file communications staff edit.
//!
//! The file is a YAML list; each entry is one key indicator of the plan:
//!
//! ```yaml
//! - id: rd-intensity
//!   number: 9
//!   name: { zh: 研发投入强度, en: R&D intensity }
//!   unit: { zh: "%", en: "%" }
//!   source: { zh: 市统计局, en: Municipal Bureau of Statistics }
//!   direction: increase                 # or decrease
//!   baseline: { year: 2023, value: 2 }
//!   target: { year: 2026, value: 2.8 }  # or { year: 2026, min: 1, max: 2 } for a range
//!   observations:                       # may be empty or left out
//!     - { year: 2024, value: 2.3, note: { zh: 初步数, en: Preliminary } }  # note optional
//!   status: auto                        # or { fixed: on-track, reason: { zh: …, en: … } }
//! ```
//!
//! Every map refuses fields it does not know, so a misspelt key is an error with a line and
//! column instead of a silently ignored value.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::base::error::Diagnostic;
use crate::base::lang::Localized;
use crate::base::messages::Message;
use crate::msg;

/// One key indicator of the plan.
#[derive(schemars::JsonSchema, Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable identifier, used in URLs and element ids (e.g. `rd-intensity`). Spanned so
    /// that later checks (duplicates, bad characters) can point at `file:line:col`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The indicator's number in the plan (1–12).
    pub number: u32,
    pub name: Localized,
    pub unit: Localized,
    pub source: Localized,
    /// Which way is better.
    pub direction: Direction,
    /// The value at the start of the plan.
    pub baseline: YearValue,
    /// What the plan promises, as one value or a range.
    pub target: Target,
    /// Values published since, in any order; may be empty or absent.
    #[serde(default)]
    pub observations: Vec<Observation>,
    /// `auto` (computed from the numbers) or a fixed status with a reason.
    #[serde(default)]
    pub status: StatusSetting,
    /// A note readers need wherever the indicator's figures are shown (e.g. that the plan's
    /// text states a different figure for the same goal). Shown on every card, indicator
    /// page and chart description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
    /// When the next figure is expected, if known (the release calendar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_release: Option<NextRelease>,
}

/// Which way the indicator should move.
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Higher is better (`increase`).
    Increase,
    /// Lower is better (`decrease`).
    Decrease,
}

impl Direction {
    /// +1 for `increase`, −1 for `decrease`: the `d` of the progress formulas.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Increase => 1.0,
            Direction::Decrease => -1.0,
        }
    }

    /// `"increase"` or `"decrease"`, as written in the data file.
    pub fn key(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }
}

/// A value in a year: the baseline, or a point on the chart.
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
}

/// The promised value in the target year: `{ year, value }` or `{ year, min, max }`.
///
/// Deserialized by hand (not `#[serde(untagged)]`) so that a mistake in the file gets a
/// precise message ("unknown field `vale`", "missing field `max`") rather than "data did
/// not match any variant".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A single value to reach.
    Point { year: i32, value: f64 },
    /// Any value from `min` to `max` (inclusive) meets the target.
    Range { year: i32, min: f64, max: f64 },
}

impl Target {
    /// The target year.
    pub fn year(&self) -> i32 {
        match *self {
            Target::Point { year, .. } | Target::Range { year, .. } => year,
        }
    }

    /// The value that counts as "met": the point itself, or for a range the bound reached
    /// first when moving in the desired direction (`min` when increasing, `max` when
    /// decreasing). Progress is measured towards this value.
    pub fn bound(&self, direction: Direction) -> f64 {
        match (*self, direction) {
            (Target::Point { value, .. }, _) => value,
            (Target::Range { min, .. }, Direction::Increase) => min,
            (Target::Range { max, .. }, Direction::Decrease) => max,
        }
    }

    /// Whether `value` meets the target: at or beyond the bound in the desired direction.
    /// For a range this means inside `[min, max]` or beyond it on the good side (an
    /// increasing indicator above `max` has met its target too).
    pub fn is_met(&self, value: f64, direction: Direction) -> bool {
        let bound = self.bound(direction);
        match direction {
            Direction::Increase => value >= bound,
            Direction::Decrease => value <= bound,
        }
    }

    /// `(low, high)` of the target: the point twice, or `(min, max)`.
    pub fn extent(&self) -> (f64, f64) {
        match *self {
            Target::Point { value, .. } => (value, value),
            Target::Range { min, max, .. } => (min, max),
        }
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Target::Point { year, value } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("year", &year)?;
                map.serialize_entry("value", &value)?;
                map.end()
            }
            Target::Range { year, min, max } => {
                let mut map = serializer.serialize_map(Some(3))?;
                map.serialize_entry("year", &year)?;
                map.serialize_entry("min", &min)?;
                map.serialize_entry("max", &max)?;
                map.end()
            }
        }
    }
}

const TARGET_FIELDS: &[&str] = &["year", "value", "min", "max"];

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetVisitor;

        impl<'de> Visitor<'de> for TargetVisitor {
            type Value = Target;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a target `{ year, value }` or `{ year, min, max }`")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Target, A::Error> {
                let mut year: Option<i32> = None;
                let mut value: Option<f64> = None;
                let mut min: Option<f64> = None;
                let mut max: Option<f64> = None;
                while let Some(key) = map.next_key::<String>()? {
                    let (slot, name) = match key.as_str() {
                        "year" => {
                            if year.is_some() {
                                return Err(de::Error::duplicate_field("year"));
                            }
                            year = Some(map.next_value()?);
                            continue;
                        }
                        "value" => (&mut value, "value"),
                        "min" => (&mut min, "min"),
                        "max" => (&mut max, "max"),
                        other => return Err(de::Error::unknown_field(other, TARGET_FIELDS)),
                    };
                    if slot.is_some() {
                        return Err(de::Error::duplicate_field(name));
                    }
                    *slot = Some(map.next_value()?);
                }
                let year = year.ok_or_else(|| de::Error::missing_field("year"))?;
                match (value, min, max) {
                    (Some(value), None, None) => Ok(Target::Point { year, value }),
                    (None, Some(min), Some(max)) => Ok(Target::Range { year, min, max }),
                    (None, Some(_), None) => Err(de::Error::missing_field("max")),
                    (None, None, Some(_)) => Err(de::Error::missing_field("min")),
                    (None, None, None) => Err(de::Error::missing_field("value")),
                    (Some(_), _, _) => Err(de::Error::custom(
                        "a target has either `value` or `min` and `max`, not both",
                    )),
                }
            }
        }

        deserializer.deserialize_map(TargetVisitor)
    }
}

/// A published value after the baseline, with where it was published.
///
/// The provenance fields are optional in `data/indicators.yaml` (a page says "not given" for
/// what is missing); `planportal import observations` always fills the source, publisher,
/// release date and status.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub year: i32,
    pub value: f64,
    /// E.g. "preliminary" or "method changed"; shown next to the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
    /// The title of the publication the value comes from, as published (e.g. 统计公报).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Who published it (e.g. 市统计局).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was published, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    /// Where it can be read: an `http://` or `https://` address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Preliminary, final or revised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ObservationStatus>,
}

/// How final a published value is (统计数据的初步数、最终数、修订数).
#[derive(schemars::JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObservationStatus {
    /// 初步数: may still change.
    Preliminary,
    /// 最终数 / 正式数.
    Final,
    /// 修订数: replaces a value published before.
    Revised,
}

impl ObservationStatus {
    pub const ALL: [ObservationStatus; 3] = [
        ObservationStatus::Preliminary,
        ObservationStatus::Final,
        ObservationStatus::Revised,
    ];

    /// The key written in the data file and used for i18n strings (`obs_status_final`).
    pub fn key(self) -> &'static str {
        match self {
            ObservationStatus::Preliminary => "preliminary",
            ObservationStatus::Final => "final",
            ObservationStatus::Revised => "revised",
        }
    }

    /// Reads the key or its usual Chinese names (初步数, 最终数/正式数, 修订数), as a
    /// spreadsheet may have either.
    pub fn parse(text: &str) -> Option<ObservationStatus> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "preliminary" | "初步数" | "初步" => Some(ObservationStatus::Preliminary),
            "final" | "最终数" | "正式数" | "最终" | "正式" => {
                Some(ObservationStatus::Final)
            }
            "revised" | "修订数" | "修订" => Some(ObservationStatus::Revised),
            _ => None,
        }
    }
}

/// Whether `text` is a real calendar date written `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    text.len() == 10 && text.parse::<jiff::civil::Date>().is_ok()
}

/// Whether `text` is an absolute `http://` or `https://` address with a host and no spaces.
pub fn is_web_address(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && !text
                    .chars()
                    .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        }
        None => false,
    }
}

/// When the indicator's next figure is expected: `{ expected: 2026-03, publication: { zh: 统计公报, en: … } }`.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextRelease {
    /// `YYYY-MM` (some time in that month) or `YYYY-MM-DD`.
    pub expected: String,
    /// The publication expected to carry it.
    pub publication: Localized,
}

impl NextRelease {
    /// The first and the last day of the expected period, or `None` when `expected` is not a
    /// valid `YYYY-MM` or `YYYY-MM-DD`.
    pub fn window(&self) -> Option<(jiff::civil::Date, jiff::civil::Date)> {
        let e = self.expected.trim();
        if is_date(e) {
            let d: jiff::civil::Date = e.parse().ok()?;
            return Some((d, d));
        }
        let (y, m) = e.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let first = jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, 1).ok()?;
        Some((first, first.last_of_month()))
    }
}

/// How the indicator's status is decided.
///
/// Written `status: auto` (computed by [`super::compute`]; also the default when the key is
/// left out) or `status: { fixed: on-track, reason: { zh: …, en: … } }` when the responsible
/// department assesses the indicator itself (for example when the only data are
/// qualitative); the reason is published next to the status.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum StatusSetting {
    #[default]
    Auto,
    Fixed(FixedStatus),
}

/// A status set by hand, with the published reason.
#[derive(schemars::JsonSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedStatus {
    pub fixed: IndicatorStatus,
    pub reason: Localized,
}

impl StatusSetting {
    /// The fixed override, if any.
    pub fn fixed(&self) -> Option<&FixedStatus> {
        match self {
            StatusSetting::Auto => None,
            StatusSetting::Fixed(f) => Some(f),
        }
    }
}

impl Serialize for StatusSetting {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            StatusSetting::Auto => serializer.serialize_str("auto"),
            StatusSetting::Fixed(f) => f.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for StatusSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StatusVisitor;

        impl<'de> Visitor<'de> for StatusVisitor {
            type Value = StatusSetting;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`auto` or `{ fixed: <status>, reason: { zh: …, en: … } }`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<StatusSetting, E> {
                if v == "auto" {
                    Ok(StatusSetting::Auto)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StatusSetting, A::Error> {
                FixedStatus::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(StatusSetting::Fixed)
            }
        }

        deserializer.deserialize_any(StatusVisitor)
    }
}

impl Indicator {
    /// The series used for the status and the chart: the observations after the baseline
    /// year with a finite value, sorted by year, one per year (a year listed twice is
    /// refused by [`Indicator::validate`]; should one get here, the entry written last wins).
    pub fn series(&self) -> Vec<YearValue> {
        let mut points: Vec<YearValue> = self
            .observations
            .iter()
            .filter(|o| o.year > self.baseline.year && o.value.is_finite())
            .map(|o| YearValue {
                year: o.year,
                value: o.value,
            })
            .collect();
        // Stable: entries of one year keep their file order, so the last one is the latest.
        points.sort_by_key(|p| p.year);
        let mut out: Vec<YearValue> = Vec::with_capacity(points.len());
        for p in points {
            match out.last_mut() {
                Some(last) if last.year == p.year => *last = p,
                _ => out.push(p),
            }
        }
        out
    }

    /// The latest usable observation after the baseline year (see [`Indicator::series`]).
    pub fn latest(&self) -> Option<YearValue> {
        self.series().last().copied()
    }

    /// Problems in the numbers that the YAML shape cannot express: the target year must
    /// come after the baseline year, a range must have `min ≤ max`, every value must be a
    /// finite number, and no observation may come before the baseline year.
    /// An empty list means the indicator is consistent.
    pub fn validate(&self) -> Vec<IndicatorError> {
        let mut problems = Vec::new();
        let id = &self.id.value;
        if self.target.year() <= self.baseline.year {
            problems.push(IndicatorError::TargetYearNotAfterBaseline {
                id: id.clone(),
                baseline_year: self.baseline.year,
                target_year: self.target.year(),
            });
        }
        if let Target::Range { min, max, .. } = self.target {
            if min > max {
                problems.push(IndicatorError::RangeReversed {
                    id: id.clone(),
                    min,
                    max,
                });
            }
        }
        let (low, high) = self.target.extent();
        let mut values = vec![("baseline", self.baseline.year, self.baseline.value)];
        values.push(("target", self.target.year(), low));
        values.push(("target", self.target.year(), high));
        values.extend(
            self.observations
                .iter()
                .map(|o| ("observation", o.year, o.value)),
        );
        for (what, year, value) in values {
            if !value.is_finite() {
                problems.push(IndicatorError::NotANumber {
                    id: id.clone(),
                    what,
                    year,
                });
            }
        }
        for o in &self.observations {
            if o.year < self.baseline.year {
                problems.push(IndicatorError::ObservationBeforeBaseline {
                    id: id.clone(),
                    year: o.year,
                    baseline_year: self.baseline.year,
                });
            }
        }
        for o in &self.observations {
            if let Some(d) = &o.released {
                if !is_date(d) {
                    problems.push(IndicatorError::BadReleaseDate {
                        id: id.clone(),
                        year: o.year,
                        found: d.clone(),
                    });
                }
            }
            if let Some(u) = &o.url {
                if !is_web_address(u) {
                    problems.push(IndicatorError::BadUrl {
                        id: id.clone(),
                        year: o.year,
                        found: u.clone(),
                    });
                }
            }
        }
        if let Some(next) = &self.next_release {
            if next.window().is_none() {
                problems.push(IndicatorError::BadExpected {
                    id: id.clone(),
                    found: next.expected.clone(),
                });
            }
        }
        problems.dedup();
        problems
    }
}

/// An inconsistency found by [`Indicator::validate`]. The caller adds the file and the
/// place of `id` (`indicator.id.referenced`); [`IndicatorError::message`] says it in words.
#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorError {
    TargetYearNotAfterBaseline {
        id: String,
        baseline_year: i32,
        target_year: i32,
    },
    RangeReversed {
        id: String,
        min: f64,
        max: f64,
    },
    NotANumber {
        id: String,
        /// `"baseline"`, `"target"` or `"observation"`.
        what: &'static str,
        year: i32,
    },
    BadReleaseDate {
        id: String,
        year: i32,
        found: String,
    },
    BadUrl {
        id: String,
        year: i32,
        found: String,
    },
    BadExpected {
        id: String,
        found: String,
    },
    TwoObservations {
        id: String,
        year: i32,
    },
    ObservationBeforeBaseline {
        id: String,
        year: i32,
        baseline_year: i32,
    },
}

impl IndicatorError {
    /// The problem in words, in both languages.
    pub fn message(&self) -> Message {
        match self {
            IndicatorError::TargetYearNotAfterBaseline {
                id,
                baseline_year,
                target_year,
            } => msg!(
                "data-indicator-target-year",
                id = id,
                target_year = *target_year,
                baseline_year = *baseline_year
            ),
            IndicatorError::RangeReversed { id, min, max } => msg!(
                "data-indicator-range-reversed",
                id = id,
                min = *min,
                max = *max
            ),
            IndicatorError::NotANumber { id, what, year } => {
                let what = match *what {
                    "baseline" => msg!("data-value-baseline"),
                    "target" => msg!("data-value-target"),
                    _ => msg!("data-value-observation"),
                };
                msg!(
                    "data-indicator-not-a-number",
                    id = id,
                    what = what,
                    year = *year
                )
            }
            IndicatorError::BadReleaseDate { id, year, found } => msg!(
                "data-indicator-bad-release-date",
                id = id,
                year = *year,
                found = format!("{found:?}")
            ),
            IndicatorError::BadUrl { id, year, found } => msg!(
                "data-indicator-bad-url",
                id = id,
                year = *year,
                found = format!("{found:?}")
            ),
            IndicatorError::BadExpected { id, found } => msg!(
                "data-indicator-bad-expected",
                id = id,
                found = format!("{found:?}")
            ),
            IndicatorError::TwoObservations { id, year } => {
                msg!("data-indicator-two-observations", id = id, year = *year)
            }
            IndicatorError::ObservationBeforeBaseline {
                id,
                year,
                baseline_year,
            } => msg!(
                "data-indicator-observation-before-baseline",
                id = id,
                year = *year,
                baseline_year = *baseline_year
            ),
        }
    }
}

impl fmt::Display for IndicatorError {
    /// English, for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.message(), f)
    }
}

impl std::error::Error for IndicatorError {}

/// The published status of an indicator. Ordered from best to worst, then "no data".
#[derive(
    schemars::JsonSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    Hash,
    PartialOrd,
    Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorStatus {
    /// The latest value meets the target.
    Achieved,
    /// The pace kept is at least `on_track` × the pace needed.
    OnTrack,
    /// Progress made, but it must speed up.
    ModerateProgress,
    /// Little or no movement towards the target.
    LimitedProgress,
    /// Moving in the wrong direction.
    MovingAway,
    /// Nothing published since the baseline year.
    NoDataSinceBaseline,
}

impl IndicatorStatus {
    /// Every status, best first: for legends and summaries.
    pub const ALL: [IndicatorStatus; 6] = [
        IndicatorStatus::Achieved,
        IndicatorStatus::OnTrack,
        IndicatorStatus::ModerateProgress,
        IndicatorStatus::LimitedProgress,
        IndicatorStatus::MovingAway,
        IndicatorStatus::NoDataSinceBaseline,
    ];

    /// The kebab-case key (`"on-track"`, …), the same as the serialized value: used for CSS
    /// classes (`status-on-track`) and i18n keys.
    pub fn key(&self) -> &'static str {
        match self {
            IndicatorStatus::Achieved => "achieved",
            IndicatorStatus::OnTrack => "on-track",
            IndicatorStatus::ModerateProgress => "moderate-progress",
            IndicatorStatus::LimitedProgress => "limited-progress",
            IndicatorStatus::MovingAway => "moving-away",
            IndicatorStatus::NoDataSinceBaseline => "no-data-since-baseline",
        }
    }

    /// Limited progress or moving away: the indicators a reader should look at first.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            IndicatorStatus::LimitedProgress | IndicatorStatus::MovingAway
        )
    }
}

/// Thresholds come from the site config (the `[indicators]` section of `config.toml`), defaults 0.95 / 0.6 / 0.
///
/// Each is compared with the ratio `R` of the pace kept to the pace needed: `R ≥ on_track`
/// is on track, `R ≥ moderate` moderate progress, `R ≥ limited` limited progress, and below
/// `limited` moving away. They must satisfy `on_track ≥ moderate ≥ limited`
/// (see [`Thresholds::check`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub on_track: f64,
    pub moderate: f64,
    pub limited: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            on_track: 0.95,
            moderate: 0.6,
            limited: 0.0,
        }
    }
}

/// Thresholds that cannot classify a ratio consistently.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("indicator thresholds must be finite numbers with on_track >= moderate >= limited (found {on_track} / {moderate} / {limited})")]
pub struct ThresholdsError {
    pub on_track: f64,
    pub moderate: f64,
    pub limited: f64,
}

impl Thresholds {
    /// Checks that the thresholds are finite and ordered `on_track ≥ moderate ≥ limited`.
    pub fn check(&self) -> Result<(), ThresholdsError> {
        let finite =
            self.on_track.is_finite() && self.moderate.is_finite() && self.limited.is_finite();
        if finite && self.on_track >= self.moderate && self.moderate >= self.limited {
            Ok(())
        } else {
            Err(ThresholdsError {
                on_track: self.on_track,
                moderate: self.moderate,
                limited: self.limited,
            })
        }
    }

    /// The status for a ratio `R` of the pace kept to the pace needed.
    pub fn classify(&self, ratio: f64) -> IndicatorStatus {
        if ratio >= self.on_track {
            IndicatorStatus::OnTrack
        } else if ratio >= self.moderate {
            IndicatorStatus::ModerateProgress
        } else if ratio >= self.limited {
            IndicatorStatus::LimitedProgress
        } else {
            IndicatorStatus::MovingAway
        }
    }
}

/// Two observations of one year written in `data/indicators.yaml` itself: an indicator has one
/// value per year there. (Revisions are entries of `data/observations.yaml`, a log in which a
/// later entry for the same year revises the earlier one; this check runs before they are
/// merged in.)
pub fn duplicate_years(indicator: &Indicator, file: &std::path::Path) -> Vec<Diagnostic> {
    let (line, column) = crate::base::yaml::place(&indicator.id.referenced, 1);
    let mut seen = std::collections::BTreeSet::new();
    indicator
        .observations
        .iter()
        .filter(|o| !seen.insert(o.year))
        .map(|o| {
            Diagnostic::new(
                file,
                line,
                column,
                IndicatorError::TwoObservations {
                    id: indicator.id.value.clone(),
                    year: o.year,
                }
                .message(),
            )
            .with_hint(msg!("data-indicator-two-observations-hint"))
        })
        .collect()
}

/// The checks of [`Indicator::validate`] as diagnostics at the indicator's id in `file`.
pub fn validate(indicator: &Indicator, file: &std::path::Path) -> Vec<Diagnostic> {
    let (line, column) = crate::base::yaml::place(&indicator.id.referenced, 1);
    indicator
        .validate()
        .into_iter()
        .map(|problem| {
            Diagnostic::new(file, line, column, problem.message())
                .with_hint(msg!("data-indicator-check-hint"))
        })
        .collect()
}

/// The schema of a target as the file writes it: `{ year, value }` or `{ year, min, max }`
/// (the hand-written `Deserialize` above accepts exactly these two shapes).
impl schemars::JsonSchema for Target {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Target".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "What the plan promises for the target year: one value `{ year, value }`, or a range `{ year, min, max }`.",
            "oneOf": [
                {
                    "type": "object",
                    "properties": {
                        "year": { "type": "integer", "description": "The target year." },
                        "value": { "type": "number", "description": "The value to reach." }
                    },
                    "required": ["year", "value"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {
                        "year": { "type": "integer", "description": "The target year." },
                        "min": { "type": "number", "description": "The lower end of the range." },
                        "max": { "type": "number", "description": "The upper end of the range." }
                    },
                    "required": ["year", "min", "max"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The schema of `status:`: the word `auto`, or a fixed status with its reason.
impl schemars::JsonSchema for StatusSetting {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StatusSetting".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let fixed = generator.subschema_for::<FixedStatus>();
        schemars::json_schema!({
            "description": "`auto` (computed from the numbers), or `{ fixed: <status>, reason: { zh: …, en: … } }` when the responsible department assesses the indicator itself.",
            "oneOf": [
                { "const": "auto" },
                fixed
            ]
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Parses one indicator written as a YAML list of one.
    pub(crate) fn parse_one(yaml: &str) -> Indicator {
        let mut list: Vec<Indicator> = serde_saphyr::from_str(yaml).expect("valid indicator YAML");
        assert_eq!(list.len(), 1);
        list.remove(0)
    }

    const POINT: &str = r#"
- id: rd-intensity
  number: 9
  name: { zh: 研发投入强度, en: "R&D intensity" }
  unit: { zh: "%", en: "%" }
  source: { zh: 市统计局, en: Municipal Bureau of Statistics }
  direction: increase
  baseline: { year: 2023, value: 2 }
  target: { year: 2026, value: 2.8 }
  observations:
    - { year: 2024, value: 2.3, note: { zh: 初步数, en: Preliminary } }
    - { year: 2025, value: 2.5 }
  status: auto
"#;

    const RANGE: &str = r#"
- id: quality-incubators
  number: 4
  name: { zh: 高质量孵化器, en: Quality incubators }
  unit: { zh: 家, en: incubators }
  source: { zh: 市科技局, en: Science bureau }
  direction: increase
  baseline: { year: 2023, value: 0 }
  target: { year: 2026, min: 1, max: 2 }
  status:
    fixed: on-track
    reason: { zh: 已签约, en: Contracts signed }
"#;

    #[test]
    fn point_target_auto_status() {
        let ind = parse_one(POINT);
        assert_eq!(ind.id.value, "rd-intensity");
        assert_eq!(ind.id.referenced.line(), 2);
        assert_eq!(ind.id.referenced.column(), 7);
        assert_eq!(ind.number, 9);
        assert_eq!(ind.direction, Direction::Increase);
        assert_eq!(
            ind.baseline,
            YearValue {
                year: 2023,
                value: 2.0
            }
        );
        assert_eq!(
            ind.target,
            Target::Point {
                year: 2026,
                value: 2.8
            }
        );
        assert_eq!(ind.observations.len(), 2);
        assert_eq!(
            ind.observations[0].note.as_ref().map(|n| n.get("en")),
            Some("Preliminary")
        );
        assert!(ind.observations[1].note.is_none());
        assert_eq!(ind.status, StatusSetting::Auto);
        assert!(ind.validate().is_empty());
    }

    #[test]
    fn range_target_fixed_status_no_observations() {
        let ind = parse_one(RANGE);
        assert_eq!(
            ind.target,
            Target::Range {
                year: 2026,
                min: 1.0,
                max: 2.0
            }
        );
        assert!(ind.observations.is_empty());
        let fixed = ind.status.fixed().expect("fixed status");
        assert_eq!(fixed.fixed, IndicatorStatus::OnTrack);
        assert_eq!(fixed.reason.en, "Contracts signed");
        assert_eq!(ind.target.bound(Direction::Increase), 1.0);
        assert_eq!(ind.target.bound(Direction::Decrease), 2.0);
    }

    #[test]
    fn status_and_observations_may_be_left_out() {
        let yaml = POINT
            .replace("  status: auto\n", "")
            .replace("  observations:\n", "  observations: []\n")
            .replace(
                "    - { year: 2024, value: 2.3, note: { zh: 初步数, en: Preliminary } }\n",
                "",
            )
            .replace("    - { year: 2025, value: 2.5 }\n", "");
        let ind = parse_one(&yaml);
        assert_eq!(ind.status, StatusSetting::Auto);
        assert!(ind.observations.is_empty());
        let yaml = yaml.replace("  observations: []\n", "");
        assert!(parse_one(&yaml).observations.is_empty());
    }

    fn parse_err(yaml: &str) -> String {
        match serde_saphyr::from_str::<Vec<Indicator>>(yaml) {
            Ok(v) => panic!("expected an error, parsed {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn unknown_fields_are_rejected_everywhere() {
        let cases = [
            ("  number: 9\n", "  number: 9\n  colour: red\n", "colour"),
            (
                "baseline: { year: 2023, value: 2 }",
                "baseline: { year: 2023, value: 2, unit: x }",
                "unit",
            ),
            (
                "target: { year: 2026, value: 2.8 }",
                "target: { year: 2026, vale: 2.8 }",
                "vale",
            ),
            (
                "{ year: 2025, value: 2.5 }",
                "{ year: 2025, value: 2.5, src: x }",
                "src",
            ),
            (
                "unit: { zh: \"%\", en: \"%\" }",
                "unit: { zh: \"%\", en: \"%\", fr: \"%\" }",
                "fr",
            ),
        ];
        for (from, to, field) in cases {
            let yaml = POINT.replace(from, to);
            assert_ne!(yaml, POINT, "fixture replacement {from:?} did not apply");
            let err = parse_err(&yaml);
            assert!(err.contains("unknown field"), "{field}: {err}");
            assert!(err.contains(field), "{field}: {err}");
        }
        let yaml = RANGE.replace("reason:", "because:");
        let err = parse_err(&yaml);
        assert!(err.contains("because"), "{err}");
    }

    #[test]
    fn malformed_targets_and_statuses_are_rejected_with_precise_messages() {
        let err = parse_err(&POINT.replace("{ year: 2026, value: 2.8 }", "{ year: 2026, min: 1 }"));
        assert!(err.contains("missing field `max`"), "{err}");
        let err = parse_err(&POINT.replace(
            "{ year: 2026, value: 2.8 }",
            "{ year: 2026, value: 2, min: 1, max: 3 }",
        ));
        assert!(err.contains("not both"), "{err}");
        let err = parse_err(&POINT.replace("{ year: 2026, value: 2.8 }", "{ value: 2.8 }"));
        assert!(err.contains("missing field `year`"), "{err}");
        let err = parse_err(&POINT.replace("status: auto", "status: automatic"));
        assert!(err.contains("automatic"), "{err}");
        let err = parse_err(&RANGE.replace("fixed: on-track", "fixed: on_track"));
        assert!(err.contains("on_track"), "{err}");
        let err = parse_err(&POINT.replace("direction: increase", "direction: up"));
        assert!(err.contains("up"), "{err}");
    }

    #[test]
    fn serializes_back_to_the_file_shape() {
        let ind = parse_one(RANGE);
        let yaml = serde_saphyr::to_string(&vec![ind.clone()]).expect("serializes");
        assert!(yaml.contains("id: quality-incubators"), "{yaml}");
        assert!(yaml.contains("fixed: on-track"), "{yaml}");
        let back = parse_one(&yaml);
        assert_eq!(back.target, ind.target);
        assert_eq!(back.status, ind.status);
        let point = parse_one(POINT);
        let yaml = serde_saphyr::to_string(&vec![point.clone()]).expect("serializes");
        assert!(yaml.contains("status: auto"), "{yaml}");
        let back = parse_one(&yaml);
        assert_eq!(back.target, point.target);
        assert_eq!(back.observations, point.observations);
    }

    #[test]
    fn series_is_sorted_deduplicated_and_after_the_baseline() {
        let mut ind = parse_one(POINT);
        let obs = |year, value| Observation {
            year,
            value,
            ..Observation::default()
        };
        ind.observations = vec![
            obs(2025, 2.5),
            obs(2023, 9.0),
            obs(2024, 2.2),
            obs(2022, 9.0),
            obs(2024, 2.3),
            obs(2026, f64::NAN),
        ];
        let years: Vec<(i32, f64)> = ind.series().iter().map(|p| (p.year, p.value)).collect();
        assert_eq!(years, vec![(2024, 2.3), (2025, 2.5)]);
        let problems = ind.validate();
        assert!(problems
            .iter()
            .any(|p| matches!(p, IndicatorError::NotANumber { year: 2026, .. })));
        assert!(problems.iter().any(|p| matches!(
            p,
            IndicatorError::ObservationBeforeBaseline { year: 2022, .. }
        )));
    }

    #[test]
    fn provenance_fields_and_calendar_are_read_and_checked() {
        let yaml = POINT.replace(
            "    - { year: 2025, value: 2.5 }\n",
            "    - { year: 2025, value: 2.5, status: final, source: 2025年统计公报, publisher: 市统计局, released: 2026-03-20, url: \"https://example.org/a\" }\n",
        ) + "  next_release: { expected: 2027-03, publication: { zh: 统计公报, en: Statistical communiqué } }\n";
        let ind = parse_one(&yaml);
        let o = &ind.observations[1];
        assert_eq!(o.status, Some(ObservationStatus::Final));
        assert_eq!(o.publisher.as_deref(), Some("市统计局"));
        assert_eq!(o.released.as_deref(), Some("2026-03-20"));
        let next = ind.next_release.clone().expect("calendar");
        let (first, last) = next.window().expect("a month");
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2027-03-01".into(), "2027-03-31".into())
        );
        assert!(ind.validate().is_empty());
        let mut bad = ind.clone();
        bad.observations[1].released = Some("2026-02-30".into());
        bad.observations[1].url = Some("javascript:alert(1)".into());
        bad.next_release = Some(NextRelease {
            expected: "soon".into(),
            ..next
        });
        let problems = bad.validate();
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, IndicatorError::BadReleaseDate { .. })),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, IndicatorError::BadUrl { .. })),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, IndicatorError::BadExpected { .. })),
            "{problems:?}"
        );
        let err = parse_err(&POINT.replace("value: 2.5 }", "value: 2.5, status: provisional }"));
        assert!(err.contains("provisional"), "{err}");
    }

    #[test]
    fn statuses_are_read_in_both_languages_and_addresses_must_be_web_addresses() {
        assert_eq!(
            ObservationStatus::parse("初步数"),
            Some(ObservationStatus::Preliminary)
        );
        assert_eq!(
            ObservationStatus::parse(" Final "),
            Some(ObservationStatus::Final)
        );
        assert_eq!(
            ObservationStatus::parse("修订数"),
            Some(ObservationStatus::Revised)
        );
        assert_eq!(ObservationStatus::parse("估计"), None);
        assert!(is_web_address("https://tjj.sh.gov.cn/tjgb/index.html"));
        assert!(is_web_address("http://example.org"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("ftp://example.org/x"));
        assert!(!is_web_address("https://exa mple.org"));
        assert!(!is_web_address("tjj.sh.gov.cn"));
    }

    #[test]
    fn validate_reports_inconsistent_years_and_ranges() {
        let mut ind = parse_one(RANGE);
        ind.target = Target::Range {
            year: 2023,
            min: 3.0,
            max: 2.0,
        };
        let problems = ind.validate();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].to_string().contains("quality-incubators"));
    }

    #[test]
    fn problems_read_as_chinese_at_the_indicator_id() {
        use crate::base::lang::Lang;
        let mut ind = parse_one(POINT);
        ind.baseline.value = f64::NAN;
        ind.observations[1].year = 2024;
        let file = std::path::Path::new("data/indicators.yaml");
        let shown: Vec<String> = validate(&ind, file)
            .iter()
            .map(|d| d.render(Lang::Zh))
            .collect();
        assert_eq!(
            shown,
            ["data/indicators.yaml:2:7: 指标 `rd-intensity`：2023 年的基期值不是一个数字\n  提示：对照方案附件 1，核对这个指标的年份和数值"]
        );
        assert_eq!(
            validate(&ind, file)[0].message.render(Lang::En),
            "indicator `rd-intensity`: the baseline value for 2023 is not a finite number"
        );
        let twice = duplicate_years(&ind, file);
        assert_eq!(twice.len(), 1);
        assert!(
            twice[0].render(Lang::Zh).starts_with(
                "data/indicators.yaml:2:7: 指标 `rd-intensity`：2024 年有不止一个数值"
            ),
            "{}",
            twice[0].render(Lang::Zh)
        );
    }
}
