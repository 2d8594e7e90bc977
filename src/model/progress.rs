//! How far each indicator has come, and whether it is on track to meet its target.
//!
//! # The method
//!
//! The method is the one Statistics Canada designed for its SDG data hub and that Open SDG
//! uses for its automatic "progress status" (the Eurostat-inspired comparison of the growth
//! achieved with the growth needed). In plain words: *take the yearly pace at which the
//! indicator has moved since the baseline, and compare it with the yearly pace it must keep
//! to reach the target on time.*
//!
//! Notation: `y₀` is the baseline value in the baseline year `t₀`; `yᵢ` the latest observed
//! value, in year `tᵢ` (the most recent observation after the baseline year); `y_T` the
//! target value in the target year `t_T`; `d` is `+1` when the indicator should increase and
//! `−1` when it should decrease.
//!
//! 1. **Target already met.** If `yᵢ ≥ y_T` (increase) or `yᵢ ≤ y_T` (decrease) the status is
//!    [`IndicatorStatus::Achieved`], whatever the pace. For a range target `{ min, max }` the
//!    value `y_T` is the bound reached first in the desired direction: `min` for an
//!    increasing indicator and `max` for a decreasing one; being inside the range, or beyond
//!    it on the good side, counts as achieved.
//! 2. **No data.** If there is no observation after the baseline year the status is
//!    [`IndicatorStatus::NoDataSinceBaseline`] (Open SDG: "unable to assess"); an observation
//!    in the baseline year itself says nothing about progress and is ignored.
//! 3. **Compound annual growth rates (CAGR).**
//!    - observed: `CAGRᵢ = (yᵢ / y₀)^(1 / (tᵢ − t₀)) − 1`
//!    - required: `CAGR_T = (y_T / y₀)^(1 / (t_T − t₀)) − 1`
//!    - ratio: `R = d × CAGRᵢ / |CAGR_T|`
//!
//!    The ratio is the share of the required yearly pace that has actually been kept: 1
//!    means exactly on pace, 0.5 half the pace, a negative value movement the wrong way.
//!    Multiplying by `d` and dividing by the *magnitude* of the required rate (as Statistics
//!    Canada does) makes the same formula work for decreasing indicators, whose rates are
//!    negative, and for the odd case where the baseline was already past the target.
//! 4. **Status from the ratio**, with the thresholds of [`Thresholds`] (defaults from Open
//!    SDG: 0.95, 0.6 and 0):
//!    - `R ≥ 0.95` → [`IndicatorStatus::OnTrack`]
//!    - `0.6 ≤ R < 0.95` → [`IndicatorStatus::ModerateProgress`] ("progress made but
//!      acceleration needed")
//!    - `0 ≤ R < 0.6` → [`IndicatorStatus::LimitedProgress`] (so a value that has not moved at
//!      all, `R = 0`, is *limited progress*, not *moving away*)
//!    - `R < 0` → [`IndicatorStatus::MovingAway`] ("deterioration")
//!
//! # Where this implementation departs from, or adds to, Open SDG
//!
//! - **Zero or negative values: linear fallback.** The CAGR is undefined when the baseline is
//!   zero (one of the plan's indicators goes from 0 to 1–2 quality incubators) or when a
//!   value is negative. Open SDG replaces a zero baseline by 0.001, which makes any growth
//!   look enormous; here the rates become straight-line rates instead:
//!   `actual = (yᵢ − y₀) / (tᵢ − t₀)`, `required = (y_T − y₀) / (t_T − t₀)`, and
//!   `R = d × actual / |required|` as before. The result records [`Caveat::ZeroBaseline`]
//!   or [`Caveat::NegativeValue`], and [`Progress::rate_kind`] is [`RateKind::Linear`]
//!   (rates then are in the indicator's unit per year, not fractions).
//!   A target of zero with a positive baseline needs no fallback: `CAGR_T = −100 %`.
//! - **Target year reached but target missed.** When the latest observation is in or after
//!   the target year and the target is not met, the rates are still computed through the
//!   latest year, and [`Caveat::PastTargetYear`] is recorded. The status can then no longer
//!   be *on track* (the deadline has passed): a computed on-track status is lowered to
//!   *moderate progress*; lower statuses are kept as computed.
//! - **Target equal to the baseline.** The required rate is zero and the ratio undefined.
//!   Meeting the value is *achieved*; otherwise the value has moved the wrong way and the
//!   status is *moving away* ([`Caveat::TargetEqualsBaseline`]).
//! - **Fixed status.** `status: { fixed: …, reason: … }` in the data file overrides the
//!   computed status ([`Progress::fixed`] is true and [`Method::Fixed`] is reported), but
//!   every number is still computed so the page can show it, and
//!   [`Progress::computed_status`] keeps what the method would have said.
//! - **Percent of the way.** `percent_raw = (yᵢ − y₀) / (y_T − y₀) × 100`, the share of the
//!   distance from baseline to target already covered; [`Progress::percent`] is the same
//!   clamped to `[0, 100]` for progress bars. When the baseline already met the target (no
//!   distance to cover) it is 100 if the target is met and 0 otherwise.
//! - **Robustness.** Observations are sorted by year (when a year is listed twice the entry
//!   written last wins); values that are not finite numbers are ignored; every division
//!   and power is checked, so no NaN or infinity ever leaves [`compute`].

use serde::{Deserialize, Serialize};

use crate::input::data::indicator::{Indicator, IndicatorStatus, Thresholds, YearValue};

/// How the status was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Ratio of compound annual growth rates.
    Cagr,
    /// Ratio of straight-line yearly changes (zero or negative values).
    Linear,
    /// The latest value meets the target.
    TargetMet,
    /// No observation after the baseline year.
    NoData,
    /// Set by hand in the data file.
    Fixed,
}

impl Method {
    /// The kebab-case key, for i18n.
    pub fn key(&self) -> &'static str {
        match self {
            Method::Cagr => "cagr",
            Method::Linear => "linear",
            Method::TargetMet => "target-met",
            Method::NoData => "no-data",
            Method::Fixed => "fixed",
        }
    }
}

/// What kind of yearly rates [`Progress::actual_rate`] and [`Progress::required_rate`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RateKind {
    /// Compound rates as fractions: 0.05 is +5 % a year.
    Compound,
    /// Straight-line changes in the indicator's unit per year.
    Linear,
}

/// Why a result needs a word of explanation next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Caveat {
    /// The latest observation is in or after the target year and the target was missed.
    PastTargetYear,
    /// The baseline is zero, so straight-line rates were used.
    ZeroBaseline,
    /// A value is negative, so straight-line rates were used.
    NegativeValue,
    /// The target equals the baseline; no rate is required, so there is no ratio.
    TargetEqualsBaseline,
    /// The target year is not after the baseline year; no required rate can be computed.
    TargetYearNotAfterBaseline,
    /// The baseline or the target is not a finite number; nothing could be computed.
    InvalidValue,
}

impl Caveat {
    /// The kebab-case key (`"zero-baseline"`, …), for i18n.
    pub fn key(&self) -> &'static str {
        match self {
            Caveat::PastTargetYear => "past-target-year",
            Caveat::ZeroBaseline => "zero-baseline",
            Caveat::NegativeValue => "negative-value",
            Caveat::TargetEqualsBaseline => "target-equals-baseline",
            Caveat::TargetYearNotAfterBaseline => "target-year-not-after-baseline",
            Caveat::InvalidValue => "invalid-value",
        }
    }
}

/// Every number that went into the status, so the page can show its inputs.
///
/// All `f64` values are finite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// The published status: the fixed one if set, otherwise `computed_status`.
    pub status: IndicatorStatus,
    /// What the method gives, even when a fixed status overrides it.
    pub computed_status: IndicatorStatus,
    /// The status came from a fixed override in the data file.
    pub fixed: bool,
    /// The latest observation after the baseline year (observations sorted by year; of
    /// several in one year, the one listed last).
    pub latest: Option<YearValue>,
    /// Share of the distance from baseline to target covered by `latest`, clamped to
    /// `[0, 100]` for display.
    pub percent: Option<f64>,
    /// The same share unclamped: negative when moving away, above 100 beyond the target.
    pub percent_raw: Option<f64>,
    /// Yearly rate achieved from the baseline to `latest` (see `rate_kind`).
    pub actual_rate: Option<f64>,
    /// Yearly rate needed from the baseline to reach the target in the target year.
    pub required_rate: Option<f64>,
    /// `d × actual / |required|`, the number compared with the thresholds.
    pub ratio: Option<f64>,
    /// How the status was decided.
    pub method: Method,
    /// What the rates are: compound fractions or unit changes per year (`None` without rates).
    pub rate_kind: Option<RateKind>,
    /// The value used as the target (for a range: the bound that counts as met — `min` for
    /// increase, `max` for decrease). 0 if the data file's target is not a number.
    pub target_value: f64,
    /// The most important caveat, if any (the first of `caveats`).
    pub note: Option<Caveat>,
    /// Every caveat, most important first.
    pub caveats: Vec<Caveat>,
}

/// `Some(v)` when `v` is a finite number.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The yearly rates of change from `(t0, y0)` to `(t1, y1)`; `None` when `t1 ≤ t0`.
fn rate(kind: RateKind, y0: f64, t0: i32, y1: f64, t1: i32) -> Option<f64> {
    let years = f64::from(t1) - f64::from(t0);
    if years <= 0.0 {
        return None;
    }
    let r = match kind {
        RateKind::Compound => (y1 / y0).powf(1.0 / years) - 1.0,
        RateKind::Linear => (y1 - y0) / years,
    };
    finite(r)
}

/// Computes the progress of one indicator. Never panics; never returns NaN or infinity.
pub fn compute(ind: &Indicator, thresholds: &Thresholds) -> Progress {
    let direction = ind.direction;
    let d = direction.sign();
    let base = ind.baseline;
    let target_year = ind.target.year();
    let raw_target = ind.target.bound(direction);
    let target_value = finite(raw_target).unwrap_or(0.0);
    let latest = ind.latest();
    let fixed = ind.status.fixed().map(|f| f.fixed);

    let mut p = Progress {
        status: IndicatorStatus::NoDataSinceBaseline,
        computed_status: IndicatorStatus::NoDataSinceBaseline,
        fixed: false,
        latest,
        percent: None,
        percent_raw: None,
        actual_rate: None,
        required_rate: None,
        ratio: None,
        method: Method::NoData,
        rate_kind: None,
        target_value,
        note: None,
        caveats: Vec::new(),
    };

    if !base.value.is_finite() || !raw_target.is_finite() {
        p.caveats.push(Caveat::InvalidValue);
    } else if let Some(last) = latest {
        let b = base.value;
        let t = target_value;
        let y = last.value;
        let met = ind.target.is_met(y, direction);

        // Share of the way covered; only meaningful when the target lies ahead of the
        // baseline in the desired direction.
        let distance = t - b;
        let raw = if d * distance > 0.0 {
            (y - b) / distance * 100.0
        } else if met {
            100.0
        } else {
            0.0
        };
        p.percent_raw = finite(raw);
        p.percent = p.percent_raw.map(|v| v.clamp(0.0, 100.0));

        let kind = if b > 0.0 && y >= 0.0 && t >= 0.0 {
            RateKind::Compound
        } else {
            p.caveats.push(if b == 0.0 {
                Caveat::ZeroBaseline
            } else {
                Caveat::NegativeValue
            });
            RateKind::Linear
        };
        p.rate_kind = Some(kind);
        p.actual_rate = rate(kind, b, base.year, y, last.year);
        p.required_rate = rate(kind, b, base.year, t, target_year);
        if target_year <= base.year {
            p.caveats.push(Caveat::TargetYearNotAfterBaseline);
        }
        p.ratio = match (p.actual_rate, p.required_rate) {
            (_, Some(0.0)) => {
                p.caveats.push(Caveat::TargetEqualsBaseline);
                None
            }
            (Some(actual), Some(required)) => finite(d * actual / required.abs()),
            _ => None,
        };

        p.computed_status = if met {
            p.method = Method::TargetMet;
            IndicatorStatus::Achieved
        } else {
            p.method = match kind {
                RateKind::Compound => Method::Cagr,
                RateKind::Linear => Method::Linear,
            };
            let status = match p.ratio {
                Some(r) => thresholds.classify(r),
                // No ratio: judge by the direction of the change alone.
                None if d * (y - b) >= 0.0 => IndicatorStatus::LimitedProgress,
                None => IndicatorStatus::MovingAway,
            };
            if last.year >= target_year {
                p.caveats.push(Caveat::PastTargetYear);
                if status == IndicatorStatus::OnTrack {
                    IndicatorStatus::ModerateProgress
                } else {
                    status
                }
            } else {
                status
            }
        };
    }

    p.caveats.sort();
    p.caveats.dedup();
    p.note = p.caveats.first().copied();
    p.status = p.computed_status;
    if let Some(status) = fixed {
        p.status = status;
        p.fixed = true;
        p.method = Method::Fixed;
    }
    p
}

/// Counts of indicators per status, for the overview page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// All indicators.
    pub total: usize,
    pub achieved: usize,
    pub on_track: usize,
    pub moderate_progress: usize,
    pub limited_progress: usize,
    pub moving_away: usize,
    pub no_data: usize,
    /// Limited progress + moving away.
    pub needs_attention: usize,
    /// Indicators with data since the baseline (`total − no_data`).
    pub assessed: usize,
    /// Indicators whose status was fixed by hand.
    pub fixed: usize,
}

impl Summary {
    /// The count for one status.
    pub fn count(&self, status: IndicatorStatus) -> usize {
        match status {
            IndicatorStatus::Achieved => self.achieved,
            IndicatorStatus::OnTrack => self.on_track,
            IndicatorStatus::ModerateProgress => self.moderate_progress,
            IndicatorStatus::LimitedProgress => self.limited_progress,
            IndicatorStatus::MovingAway => self.moving_away,
            IndicatorStatus::NoDataSinceBaseline => self.no_data,
        }
    }
}

/// Counts the published statuses of `progress`.
pub fn summarize(progress: &[Progress]) -> Summary {
    let mut s = Summary {
        total: progress.len(),
        ..Summary::default()
    };
    for p in progress {
        match p.status {
            IndicatorStatus::Achieved => s.achieved += 1,
            IndicatorStatus::OnTrack => s.on_track += 1,
            IndicatorStatus::ModerateProgress => s.moderate_progress += 1,
            IndicatorStatus::LimitedProgress => s.limited_progress += 1,
            IndicatorStatus::MovingAway => s.moving_away += 1,
            IndicatorStatus::NoDataSinceBaseline => s.no_data += 1,
        }
        if p.status.needs_attention() {
            s.needs_attention += 1;
        }
        if p.fixed {
            s.fixed += 1;
        }
    }
    s.assessed = s.total - s.no_data;
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::base::lang::Localized;
    use crate::input::data::indicator::{
        Direction, FixedStatus, Observation, StatusSetting, Target, YearValue,
    };
    use serde_saphyr::{Location, Spanned};

    fn text(s: &str) -> Localized {
        Localized {
            zh: s.to_string(),
            en: s.to_string(),
        }
    }

    /// An indicator with a 2023 baseline and the given target and observations.
    pub(crate) fn indicator(
        direction: Direction,
        baseline: f64,
        target: Target,
        observations: &[(i32, f64)],
    ) -> Indicator {
        Indicator {
            id: Spanned::new("test".to_string(), Location::UNKNOWN, Location::UNKNOWN),
            number: 1,
            name: text("Test indicator"),
            unit: text("%"),
            source: text("Bureau"),
            direction,
            baseline: YearValue {
                year: 2023,
                value: baseline,
            },
            target,
            observations: observations
                .iter()
                .map(|&(year, value)| Observation {
                    year,
                    value,
                    ..Observation::default()
                })
                .collect(),
            status: StatusSetting::Auto,
            note: None,
            next_release: None,
        }
    }

    pub(crate) fn point(year: i32, value: f64) -> Target {
        Target::Point { year, value }
    }

    /// R&D intensity, 2 % in 2023 → 2.8 % in 2026.
    fn rd(observations: &[(i32, f64)]) -> Indicator {
        indicator(Direction::Increase, 2.0, point(2026, 2.8), observations)
    }

    fn run(ind: &Indicator) -> Progress {
        let p = compute(ind, &Thresholds::default());
        assert_all_finite(&p);
        p
    }

    fn assert_all_finite(p: &Progress) {
        let numbers = [
            p.percent,
            p.percent_raw,
            p.actual_rate,
            p.required_rate,
            p.ratio,
            p.latest.map(|l| l.value),
            Some(p.target_value),
        ];
        for n in numbers.into_iter().flatten() {
            assert!(n.is_finite(), "non-finite number in {p:?}");
        }
        if let Some(percent) = p.percent {
            assert!((0.0..=100.0).contains(&percent), "{p:?}");
        }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-3)
    }

    const REQUIRED_RD: f64 = 0.118_688; // 1.4^(1/3) − 1

    #[test]
    fn achieved_when_latest_meets_the_target() {
        let p = run(&rd(&[(2024, 2.3), (2025, 2.9)]));
        assert_eq!(p.status, IndicatorStatus::Achieved);
        assert_eq!(p.method, Method::TargetMet);
        assert_eq!(p.percent, Some(100.0));
        assert!(close(p.percent_raw, 112.5), "{p:?}");
        assert!(p.ratio.is_some_and(|r| r > 1.0), "rates still shown: {p:?}");
        assert!(p.caveats.is_empty());
    }

    #[test]
    fn on_track_when_pace_is_kept() {
        // 2.25 after one year: +12.5 % against +11.87 % a year needed.
        let p = run(&rd(&[(2024, 2.25)]));
        assert_eq!(p.status, IndicatorStatus::OnTrack);
        assert_eq!(p.method, Method::Cagr);
        assert_eq!(p.rate_kind, Some(RateKind::Compound));
        assert!(close(p.actual_rate, 0.125));
        assert!(close(p.required_rate, REQUIRED_RD));
        assert!(close(p.ratio, 0.125 / REQUIRED_RD));
        assert!(close(p.percent, 31.25));
        assert_eq!(
            p.latest,
            Some(YearValue {
                year: 2024,
                value: 2.25
            })
        );
    }

    #[test]
    fn moderate_limited_and_moving_away() {
        let p = run(&rd(&[(2024, 2.18)]));
        assert!(close(p.ratio, 0.09 / REQUIRED_RD), "{p:?}");
        assert_eq!(p.status, IndicatorStatus::ModerateProgress);

        let p = run(&rd(&[(2024, 2.05)]));
        assert_eq!(p.status, IndicatorStatus::LimitedProgress);
        assert!(p.status.needs_attention());

        // Unchanged: ratio exactly 0 is limited progress, not moving away.
        let p = run(&rd(&[(2024, 2.0)]));
        assert_eq!(p.ratio, Some(0.0));
        assert_eq!(p.status, IndicatorStatus::LimitedProgress);

        let p = run(&rd(&[(2024, 1.9)]));
        assert_eq!(p.status, IndicatorStatus::MovingAway);
        assert!(p.ratio.is_some_and(|r| r < 0.0));
        assert_eq!(p.percent, Some(0.0));
        assert!(close(p.percent_raw, -12.5));
    }

    #[test]
    fn no_data_since_baseline() {
        for obs in [&[][..], &[(2023, 2.5)][..], &[(2022, 1.0)][..]] {
            let p = run(&rd(obs));
            assert_eq!(p.status, IndicatorStatus::NoDataSinceBaseline, "{obs:?}");
            assert_eq!(p.method, Method::NoData);
            assert_eq!(p.latest, None);
            assert_eq!(p.ratio, None);
            assert_eq!(p.percent, None);
            assert_eq!(p.target_value, 2.8);
        }
    }

    /// Quality incubators: 0 in 2023 → 1–2 in 2026.
    fn incubators(observations: &[(i32, f64)]) -> Indicator {
        indicator(
            Direction::Increase,
            0.0,
            Target::Range {
                year: 2026,
                min: 1.0,
                max: 2.0,
            },
            observations,
        )
    }

    #[test]
    fn range_target_with_zero_baseline() {
        let p = run(&incubators(&[(2024, 1.0)]));
        assert_eq!(p.status, IndicatorStatus::Achieved);
        assert_eq!(p.target_value, 1.0, "min counts for an increasing range");
        assert_eq!(p.percent, Some(100.0));
        assert_eq!(p.note, Some(Caveat::ZeroBaseline));
        assert_eq!(p.rate_kind, Some(RateKind::Linear));

        // Above the range on the good side is achieved too.
        assert_eq!(
            run(&incubators(&[(2025, 3.0)])).status,
            IndicatorStatus::Achieved
        );

        // Still none: the straight-line ratio is 0, which is limited progress (no movement),
        // not moving away (that needs a fall below the baseline).
        let p = run(&incubators(&[(2024, 0.0), (2025, 0.0)]));
        assert_eq!(p.status, IndicatorStatus::LimitedProgress);
        assert_eq!(p.method, Method::Linear);
        assert_eq!(p.ratio, Some(0.0));
        assert_eq!(p.percent, Some(0.0));
        assert!(close(p.required_rate, 1.0 / 3.0));

        // A decreasing range counts its upper bound.
        let mut ind = incubators(&[(2024, 1.5)]);
        ind.direction = Direction::Decrease;
        ind.baseline.value = 4.0;
        let p = run(&ind);
        assert_eq!(p.target_value, 2.0);
        assert_eq!(p.status, IndicatorStatus::Achieved);
    }

    #[test]
    fn zero_baseline_point_target_uses_linear_rates() {
        let ind = indicator(Direction::Increase, 0.0, point(2026, 9.0), &[(2024, 4.0)]);
        let p = run(&ind);
        assert_eq!(p.method, Method::Linear);
        assert_eq!(p.caveats, vec![Caveat::ZeroBaseline]);
        assert!(close(p.actual_rate, 4.0));
        assert!(close(p.required_rate, 3.0));
        assert!(close(p.ratio, 4.0 / 3.0));
        assert_eq!(p.status, IndicatorStatus::OnTrack);

        let ind = indicator(Direction::Increase, 0.0, point(2026, 9.0), &[(2024, 1.0)]);
        assert_eq!(run(&ind).status, IndicatorStatus::LimitedProgress);
    }

    #[test]
    fn negative_values_use_linear_rates() {
        // A balance from −2 to +1: halfway in time, −0.5 is exactly on pace.
        let ind = indicator(Direction::Increase, -2.0, point(2025, 1.0), &[(2024, -0.5)]);
        let p = run(&ind);
        assert_eq!(p.note, Some(Caveat::NegativeValue));
        assert!(close(p.ratio, 1.0));
        assert_eq!(p.status, IndicatorStatus::OnTrack);
        assert!(close(p.percent, 50.0));
    }

    #[test]
    fn decreasing_indicator() {
        // 100 → 80 from 2023 to 2025; 90 in 2024 is half the distance in half the time.
        // The compound pace needed is −10.56 % a year; 90 is −10 %, so R = 0.947: just
        // short of on track, because a steady compound decline would already be at 89.44.
        let ind = indicator(
            Direction::Decrease,
            100.0,
            point(2025, 80.0),
            &[(2024, 90.0)],
        );
        let p = run(&ind);
        assert!(close(p.actual_rate, -0.1));
        assert!(close(p.required_rate, 0.8_f64.sqrt() - 1.0));
        assert!(close(p.ratio, 0.1 / (1.0 - 0.8_f64.sqrt())), "{p:?}");
        assert_eq!(p.status, IndicatorStatus::ModerateProgress);
        assert!(close(p.percent, 50.0));

        let ind = indicator(
            Direction::Decrease,
            100.0,
            point(2025, 80.0),
            &[(2024, 89.0)],
        );
        assert_eq!(run(&ind).status, IndicatorStatus::OnTrack);

        let ind = indicator(
            Direction::Decrease,
            100.0,
            point(2025, 80.0),
            &[(2024, 104.0)],
        );
        let p = run(&ind);
        assert_eq!(p.status, IndicatorStatus::MovingAway);
        assert!(p.ratio.is_some_and(|r| r < 0.0));

        let ind = indicator(
            Direction::Decrease,
            100.0,
            point(2025, 80.0),
            &[(2024, 79.0)],
        );
        assert_eq!(run(&ind).status, IndicatorStatus::Achieved);
    }

    #[test]
    fn baseline_already_past_the_target() {
        // Target 3 below a baseline of 5 for an increasing indicator: still met at 4, and a
        // fall to 2 is moving away (R < 0 thanks to the |required| in the formula).
        let ind = indicator(Direction::Increase, 5.0, point(2026, 3.0), &[(2024, 4.0)]);
        assert_eq!(run(&ind).status, IndicatorStatus::Achieved);
        let ind = indicator(Direction::Increase, 5.0, point(2026, 3.0), &[(2024, 2.0)]);
        let p = run(&ind);
        assert_eq!(p.status, IndicatorStatus::MovingAway);
        assert_eq!(p.percent, Some(0.0));
    }

    #[test]
    fn unordered_observations_are_sorted_and_last_listed_wins() {
        let p = run(&rd(&[(2025, 2.5), (2024, 2.3), (2025, 2.6), (2023, 9.0)]));
        assert_eq!(
            p.latest,
            Some(YearValue {
                year: 2025,
                value: 2.6
            })
        );
        let sorted = run(&rd(&[(2024, 2.3), (2025, 2.6)]));
        assert_eq!(p, sorted);
    }

    #[test]
    fn observation_past_the_target_year() {
        // Missed in 2026 although the ratio is 0.977: the deadline has passed, so not
        // "on track" but moderate progress.
        let p = run(&rd(&[(2024, 2.3), (2026, 2.78)]));
        assert!(p.ratio.is_some_and(|r| r >= 0.95), "{p:?}");
        assert_eq!(p.status, IndicatorStatus::ModerateProgress);
        assert_eq!(p.note, Some(Caveat::PastTargetYear));

        // Later still, rates are through the latest year.
        let p = run(&rd(&[(2028, 2.7)]));
        assert!(close(p.actual_rate, 1.35_f64.powf(0.2) - 1.0));
        assert!(close(p.required_rate, REQUIRED_RD));
        assert_eq!(p.status, IndicatorStatus::LimitedProgress);
        assert_eq!(p.caveats, vec![Caveat::PastTargetYear]);

        // Met after the deadline: achieved, no caveat.
        let p = run(&rd(&[(2027, 2.9)]));
        assert_eq!(p.status, IndicatorStatus::Achieved);
        assert!(p.caveats.is_empty());
    }

    #[test]
    fn target_equal_to_baseline() {
        let ind = indicator(Direction::Decrease, 5.0, point(2026, 5.0), &[(2024, 5.0)]);
        assert_eq!(run(&ind).status, IndicatorStatus::Achieved);
        let ind = indicator(Direction::Decrease, 5.0, point(2026, 5.0), &[(2024, 5.5)]);
        let p = run(&ind);
        assert_eq!(p.status, IndicatorStatus::MovingAway);
        assert_eq!(p.ratio, None);
        assert_eq!(p.required_rate, Some(0.0));
        assert_eq!(p.note, Some(Caveat::TargetEqualsBaseline));
    }

    #[test]
    fn fixed_status_overrides_but_keeps_the_numbers() {
        let mut ind = rd(&[(2025, 2.9)]);
        ind.status = StatusSetting::Fixed(FixedStatus {
            fixed: IndicatorStatus::LimitedProgress,
            reason: text("Data revised"),
        });
        let p = run(&ind);
        assert_eq!(p.status, IndicatorStatus::LimitedProgress);
        assert_eq!(p.computed_status, IndicatorStatus::Achieved);
        assert!(p.fixed);
        assert_eq!(p.method, Method::Fixed);
        assert_eq!(p.percent, Some(100.0));
        assert!(p.ratio.is_some());

        let mut ind = rd(&[]);
        ind.status = StatusSetting::Fixed(FixedStatus {
            fixed: IndicatorStatus::OnTrack,
            reason: text("Qualitative assessment"),
        });
        let p = run(&ind);
        assert_eq!(p.status, IndicatorStatus::OnTrack);
        assert_eq!(p.computed_status, IndicatorStatus::NoDataSinceBaseline);
        assert_eq!(p.ratio, None);
    }

    #[test]
    fn custom_thresholds() {
        let ind = rd(&[(2024, 2.18)]); // R ≈ 0.758
        let lenient = Thresholds {
            on_track: 0.7,
            moderate: 0.5,
            limited: 0.0,
        };
        assert_eq!(compute(&ind, &lenient).status, IndicatorStatus::OnTrack);
        let strict = Thresholds {
            on_track: 1.0,
            moderate: 0.8,
            limited: 0.0,
        };
        assert_eq!(
            compute(&ind, &strict).status,
            IndicatorStatus::LimitedProgress
        );
        let harsh = Thresholds {
            on_track: 1.0,
            moderate: 0.9,
            limited: 0.8,
        };
        assert_eq!(compute(&ind, &harsh).status, IndicatorStatus::MovingAway);
        assert!(lenient.check().is_ok());
        assert!(Thresholds::default().check().is_ok());
        let bad = Thresholds {
            on_track: 0.5,
            moderate: 0.6,
            limited: 0.0,
        };
        assert!(bad.check().is_err());
        let nan = Thresholds {
            limited: f64::NAN,
            ..Thresholds::default()
        };
        assert!(nan.check().is_err());
    }

    #[test]
    fn thresholds_deserialize_with_defaults_and_reject_unknown_keys() {
        let t: Thresholds = serde_saphyr::from_str("on_track: 0.9\n").expect("parses");
        assert_eq!(
            t,
            Thresholds {
                on_track: 0.9,
                ..Thresholds::default()
            }
        );
        assert!(serde_saphyr::from_str::<Thresholds>("ontrack: 0.9\n").is_err());
    }

    #[test]
    fn keys_match_serialized_names() {
        for s in IndicatorStatus::ALL {
            let yaml = serde_saphyr::to_string(&s).expect("serializes");
            assert_eq!(yaml.trim(), s.key());
            let back: IndicatorStatus = serde_saphyr::from_str(s.key()).expect("parses");
            assert_eq!(back, s);
        }
        for c in [
            Caveat::PastTargetYear,
            Caveat::ZeroBaseline,
            Caveat::NegativeValue,
            Caveat::TargetEqualsBaseline,
            Caveat::TargetYearNotAfterBaseline,
            Caveat::InvalidValue,
        ] {
            let yaml = serde_saphyr::to_string(&c).expect("serializes");
            assert_eq!(yaml.trim(), c.key());
        }
        for m in [
            Method::Cagr,
            Method::Linear,
            Method::TargetMet,
            Method::NoData,
            Method::Fixed,
        ] {
            let yaml = serde_saphyr::to_string(&m).expect("serializes");
            assert_eq!(yaml.trim(), m.key());
        }
    }

    #[test]
    fn no_nan_or_infinity_ever() {
        let values = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.8,
            1e-300,
            f64::MIN_POSITIVE,
            1e308,
            -1e308,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let years = [2020, 2023, 2024, 2026, 2030];
        let mut count = 0;
        for direction in [Direction::Increase, Direction::Decrease] {
            for &b in &values {
                for &t in &values {
                    for &y in &values {
                        for &ty in &years {
                            for &oy in &years {
                                let ind = indicator(direction, b, point(ty, t), &[(oy, y)]);
                                let p = compute(&ind, &Thresholds::default());
                                assert_all_finite(&p);
                                let range = Target::Range {
                                    year: ty,
                                    min: t,
                                    max: y,
                                };
                                let ind = indicator(direction, b, range, &[(oy, y)]);
                                assert_all_finite(&compute(&ind, &Thresholds::default()));
                                count += 2;
                            }
                        }
                    }
                }
            }
        }
        assert!(count > 10_000);
        let ind = indicator(
            Direction::Increase,
            f64::NAN,
            point(2026, 1.0),
            &[(2024, 1.0)],
        );
        let p = run(&ind);
        assert_eq!(p.status, IndicatorStatus::NoDataSinceBaseline);
        assert_eq!(p.note, Some(Caveat::InvalidValue));
    }

    #[test]
    fn target_year_not_after_baseline_is_survivable() {
        let ind = indicator(Direction::Increase, 2.0, point(2023, 2.8), &[(2024, 2.5)]);
        let p = run(&ind);
        assert_eq!(p.required_rate, None);
        assert_eq!(p.ratio, None);
        assert!(p.caveats.contains(&Caveat::TargetYearNotAfterBaseline));
        assert!(p.caveats.contains(&Caveat::PastTargetYear));
        assert_eq!(p.status, IndicatorStatus::LimitedProgress);
    }

    #[test]
    fn summary_counts_every_status() {
        let mut fixed = rd(&[]);
        fixed.status = StatusSetting::Fixed(FixedStatus {
            fixed: IndicatorStatus::MovingAway,
            reason: text("r"),
        });
        let inds = [
            rd(&[(2025, 2.9)]),
            rd(&[(2024, 2.25)]),
            rd(&[(2024, 2.18)]),
            rd(&[(2024, 2.05)]),
            rd(&[(2024, 1.9)]),
            rd(&[]),
            incubators(&[(2024, 1.0)]),
            fixed,
        ];
        let progress: Vec<Progress> = inds.iter().map(run).collect();
        let s = summarize(&progress);
        assert_eq!(s.total, 8);
        assert_eq!(s.achieved, 2);
        assert_eq!(s.on_track, 1);
        assert_eq!(s.moderate_progress, 1);
        assert_eq!(s.limited_progress, 1);
        assert_eq!(s.moving_away, 2);
        assert_eq!(s.no_data, 1);
        assert_eq!(s.needs_attention, 3);
        assert_eq!(s.assessed, 7);
        assert_eq!(s.fixed, 1);
        let by_status: usize = IndicatorStatus::ALL.iter().map(|&st| s.count(st)).sum();
        assert_eq!(by_status, s.total);
        assert_eq!(summarize(&[]), Summary::default());
    }
}
