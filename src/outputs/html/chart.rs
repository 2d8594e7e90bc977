//! The progress chart of one indicator, drawn as SVG text at build time.
//!
//! What it shows: the baseline (circle), the planned path from the baseline to the target as
//! a dashed line (for a range target, dashed lines to both bounds and a shaded band between
//! them in the target year), the target (diamond, one per bound), and the observations
//! (squares) joined to the baseline by a solid line. Shapes, not colours, tell the series
//! apart, and a legend repeats the shapes with their names.
//!
//! Each chart is drawn twice, in two layouts ([`Layout`]): a wide one (640 units across,
//! text of 12 units) and a narrow one for phones (320 units across, text of 15 units, the
//! legend and the axis title wrapped onto more lines, fewer year labels). The stylesheet shows
//! the wide one in a chart box of at least 640 CSS pixels (where its text is at least 12 CSS
//! pixels) and the narrow one below that, capped in width, so that in a window 360 CSS pixels
//! wide (a box of 313 to 328 pixels) the narrow chart's text is 14.7 to 15.4 CSS pixels, and
//! never under 12 down to a 256-pixel box (a 320-pixel window in the large-text view). Text
//! takes the page's font (no `font-family` here).
//!
//! The value axis has a title that carries the unit ("数值（亿元）", "Value (%)"); when every
//! value of the indicator is a whole number (counts of firms, incubators, applications), its
//! ticks are whole numbers too.
//!
//! Constraints the output meets:
//! - well-formed XML, every text escaped;
//! - `role="img"` and `aria-labelledby` naming a `<title>` and a `<desc>` whose ids start
//!   with the caller's `id_prefix` (unique per page; the narrow layout adds `-narrow`);
//! - a `viewBox` and no width or height, so it scales with its container;
//! - no `style` attribute and no `<style>` element (the site's Content Security Policy
//!   forbids inline styles): elements carry `class` names for the stylesheet, plus
//!   grayscale presentation attributes (`stroke`, `fill`, `stroke-dasharray`) so the chart
//!   reads in print and without CSS;
//! - numbers written with at most two decimals and no locale, so identical input gives
//!   byte-identical output.
//!
//! Classes: `indicator-chart`, `chart-wide` or `chart-narrow`, `status-<key>`, `chart-grid`,
//! `chart-axis`, `chart-tick`, `chart-tick-label`, `chart-axis-label`, `chart-unit` (the
//! value axis title), `chart-band`, `chart-path-planned`, `chart-path-observed`,
//! `chart-point` with `chart-point-baseline`, `chart-point-observed`, `chart-point-target`,
//! `chart-point-latest`, `chart-value-label`, `chart-legend`, `chart-legend-line`,
//! `chart-legend-marker` and `chart-legend-label`.

use std::fmt::Write;

use crate::base::quantity::Scale;
use crate::base::text::format_number;
use crate::input::data::indicator::{Indicator, Target, YearValue};
use crate::model::progress::Progress;

/// The texts of a chart, all in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct ChartLabels<'a> {
    /// Accessible name: becomes the `<title>`.
    pub title: &'a str,
    /// Legend text for the baseline marker.
    pub baseline: &'a str,
    /// Legend text for the target marker.
    pub target: &'a str,
    /// Legend text for the observed markers.
    pub observed: &'a str,
    /// Title of the horizontal axis.
    pub year: &'a str,
    /// Title of the vertical axis, with the unit in it (e.g. "Value (CNY 100 million)"),
    /// shown above the axis.
    pub value_axis: &'a str,
    /// How tick and value numbers are written (the unit's scale in the page's language:
    /// `65` billion yuan for 650亿元), from [`crate::base::quantity::scale`].
    pub scale: Scale,
    /// Text alternative, a full sentence: becomes the `<desc>`.
    pub desc: &'a str,
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate, written like any other number.
fn n(v: f64) -> String {
    format_number(if v.is_finite() { v } else { 0.0 })
}

/// One layout of the chart: its width and text size in user units, and what follows from
/// them.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// `wide` or `narrow`: the class `chart-{name}` on the root.
    pub name: &'static str,
    /// Width of the view box.
    pub width: f64,
    /// Size of every text.
    pub font: f64,
    /// Height of the plot area.
    pub plot_height: f64,
    /// At most this many year labels.
    pub max_years: usize,
}

/// The layout for chart boxes of 640 CSS pixels and more.
pub const WIDE: Layout = Layout {
    name: "wide",
    width: 640.0,
    font: 12.0,
    plot_height: 200.0,
    max_years: 11,
};

/// The layout for phones: chart boxes under 640 CSS pixels.
pub const NARROW: Layout = Layout {
    name: "narrow",
    width: 320.0,
    font: 15.0,
    plot_height: 190.0,
    max_years: 5,
};

/// Space left and right of the drawing, in user units.
const MARGIN: f64 = 8.0;
/// Values are clamped to this magnitude before drawing, so the scale never overflows.
const MAX_MAGNITUDE: f64 = 1e15;

const INK: &str = "#1a1a1a";
const MID: &str = "#595959";
const LIGHT: &str = "#d9d9d9";
const PAPER: &str = "#ffffff";

fn clean(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE)
    } else {
        0.0
    }
}

/// Round tick values covering `[lo, hi]`: 4 to 6 ticks at a step of 1, 2, 2.5 or 5 times a
/// power of ten (never finer than 0.01, so labels need at most two decimals; never finer
/// than 1 and never 2.5 when `whole`, for values that are counts); zero is included when the
/// data come close to it (the gap to zero is no larger than the data's own spread).
fn value_ticks(lo: f64, hi: f64, whole: bool) -> Vec<f64> {
    let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if hi - lo < 1e-9 {
        let pad = if lo.abs() < 1e-9 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let spread = hi - lo;
    if lo > 0.0 && lo <= spread {
        lo = 0.0;
    } else if hi < 0.0 && -hi <= spread {
        hi = 0.0;
    }
    let spread = hi - lo;
    let e0 = spread.log10().floor() as i32;
    // (penalty, multiplier): plain steps are preferred over 2.5.
    let multipliers = [(0.0, 1.0), (0.05, 2.0), (0.1, 2.5), (0.05, 5.0)];
    let lowest = if whole { 0 } else { -2 };
    let mut best: Option<(f64, f64, i64, i64)> = None; // (score, step, first, last)
    for exp in (e0 - 2).max(lowest)..=(e0 + 1).max(lowest + 1) {
        for (penalty, m) in multipliers {
            if m == 2.5 && (exp == -2 || (whole && exp == 0)) {
                continue;
            }
            let step = m * 10f64.powi(exp);
            let first = (lo / step + 1e-9).floor() as i64;
            let last = (hi / step - 1e-9).ceil() as i64;
            let count = last - first + 1;
            let covered = (last - first) as f64 * step;
            let off = if count < 4 {
                (4 - count) as f64
            } else if count > 6 {
                (count - 6) as f64
            } else {
                0.0
            };
            let score = off * 100.0 + covered / spread + penalty;
            if best.is_none_or(|(s, ..)| score < s) {
                best = Some((score, step, first, last));
            }
        }
    }
    let Some((_, step, first, mut last)) = best else {
        return vec![lo, hi];
    };
    while last - first + 1 < 4 {
        last += 1;
    }
    (first..=last).map(|i| i as f64 * step).collect()
}

/// The years labelled on the horizontal axis: every year, or every few years so that there
/// are at most `max` labels.
fn year_ticks(first: i32, last: i32, max: usize) -> Vec<i32> {
    let span = (i64::from(last) - i64::from(first)).max(1);
    let gaps = i64::try_from(max.max(2) - 1).unwrap_or(1);
    let step = if span <= gaps {
        1
    } else {
        (span + gaps - 1) / gaps
    };
    (first..=last)
        .step_by(usize::try_from(step).unwrap_or(usize::MAX))
        .collect()
}

/// Whether a character is drawn about one em wide (CJK and full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// An approximate text width in user units at font size `font`, for laying out: CJK
/// characters are square, others about 0.57 em (generous for most sans-serif fonts).
fn text_width(text: &str, font: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.57 })
        .sum::<f64>()
        * font
}

/// Breaks `text` into lines no wider than `max` at `font`: between words, and anywhere
/// between CJK characters; a word longer than a line gets a line of its own.
fn wrap(text: &str, max: f64, font: f64) -> Vec<String> {
    // Pieces that may not be split: runs of non-CJK characters up to and including a space,
    // and single CJK characters.
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if is_wide(c) {
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            pieces.push(c.to_string());
        } else {
            current.push(c);
            if c == ' ' {
                pieces.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        let candidate = format!("{line}{piece}");
        if !line.is_empty() && text_width(candidate.trim_end(), font) > max {
            lines.push(line.trim_end().to_string());
            line = piece;
        } else {
            line = candidate;
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

fn circle(class: &str, x: f64, y: f64) -> String {
    format!(
        "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{PAPER}\" stroke=\"{INK}\" stroke-width=\"2\"/>",
        n(x),
        n(y)
    )
}

fn square(class: &str, x: f64, y: f64) -> String {
    format!(
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"9\" height=\"9\" fill=\"{INK}\" stroke=\"{INK}\" stroke-width=\"1\"/>",
        n(x - 4.5),
        n(y - 4.5)
    )
}

fn diamond(class: &str, x: f64, y: f64) -> String {
    format!(
        "<path class=\"{class}\" d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{PAPER}\" stroke=\"{INK}\" stroke-width=\"2\"/>",
        n(x),
        n(y - 7.0),
        n(x + 7.0),
        n(y),
        n(x),
        n(y + 7.0),
        n(x - 7.0),
        n(y)
    )
}

/// A rectangle in user units, for keeping labels off markers and each other.
#[derive(Debug, Clone, Copy)]
struct Area {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Area {
    fn around(x: f64, y: f64, r: f64) -> Area {
        Area {
            left: x - r,
            top: y - r,
            right: x + r,
            bottom: y + r,
        }
    }

    /// The approximate box of a text of size `font` with its baseline at `y`.
    fn of_text(x: f64, y: f64, anchor: &str, text: &str, font: f64) -> Area {
        let w = text_width(text, font);
        let left = match anchor {
            "start" => x,
            "end" => x - w,
            _ => x - w / 2.0,
        };
        Area {
            left,
            top: y - font * 0.85,
            right: left + w,
            bottom: y + font * 0.25,
        }
    }

    fn overlap(&self, o: &Area) -> f64 {
        let w = self.right.min(o.right) - self.left.max(o.left);
        let h = self.bottom.min(o.bottom) - self.top.max(o.top);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }

    /// How far the area sticks out of `region`.
    fn outside(&self, region: &Area) -> f64 {
        (region.left - self.left).max(0.0)
            + (self.right - region.right).max(0.0)
            + (region.top - self.top).max(0.0)
            + (self.bottom - region.bottom).max(0.0)
    }
}

/// A value label for the marker at `(px, py)`, on the first side where it fits best (inside
/// `region`, off everything in `occupied`); records the space it takes in `occupied`. Labels
/// get a white halo (`paint-order`) so lines running under them do not hide them.
fn place_label(
    occupied: &mut Vec<Area>,
    region: &Area,
    font: f64,
    (px, py): (f64, f64),
    text: &str,
) -> String {
    let candidates = [
        (px, py - font, "middle"),
        (px, py + font * 1.75, "middle"),
        (px + 11.0, py + font / 3.0, "start"),
        (px - 11.0, py + font / 3.0, "end"),
    ];
    let mut best = (
        f64::INFINITY,
        candidates[0],
        Area::of_text(px, py - font, "middle", text, font),
    );
    for c in candidates {
        let area = Area::of_text(c.0, c.1, c.2, text, font);
        let cost =
            area.outside(region) * 100.0 + occupied.iter().map(|o| area.overlap(o)).sum::<f64>();
        if cost < best.0 {
            best = (cost, c, area);
        }
    }
    let (_, (x, y, anchor), area) = best;
    occupied.push(area);
    format!(
        "<text class=\"chart-value-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
        n(x),
        n(y),
        escape(text)
    )
}

#[derive(Clone, Copy)]
enum Shape {
    Circle,
    Square,
    Diamond,
}

/// The legend's entries laid out in rows no wider than the chart: the left edge of each
/// entry, its row (0, 1, …) and its text in lines (a text too long for a row is wrapped).
fn legend_positions(texts: &[&str], layout: &Layout) -> Vec<(f64, usize, Vec<String>)> {
    let mut out = Vec::new();
    let (mut x, mut row) = (MARGIN, 0);
    for text in texts {
        let lines = wrap(text, layout.width - 2.0 * MARGIN - 30.0, layout.font);
        let w = 30.0
            + lines
                .iter()
                .map(|l| text_width(l, layout.font))
                .fold(0.0, f64::max);
        if x > MARGIN && x + w > layout.width - MARGIN {
            x = MARGIN;
            row += 1;
        }
        out.push((x, row, lines));
        x += w + layout.font * 1.5;
    }
    out
}

/// One legend entry with its left edge at `x0` and the middle of its first line at `ly`: an
/// optional line sample (dashed or solid), the marker shape and its text in `lines`.
fn legend_item(
    s: &mut String,
    (x0, ly): (f64, f64),
    font: f64,
    shape: Shape,
    dashed: Option<bool>,
    lines: &[String],
) {
    if let Some(dashed) = dashed {
        let dash = if dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<line class=\"chart-legend-line\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"2\"{dash}/>",
            n(x0),
            n(ly),
            n(x0 + 24.0),
            n(ly)
        );
    }
    let (mx, class) = (x0 + 12.0, "chart-legend-marker");
    s.push_str(&match shape {
        Shape::Circle => circle(&format!("{class} chart-legend-baseline"), mx, ly),
        Shape::Square => square(&format!("{class} chart-legend-observed"), mx, ly),
        Shape::Diamond => diamond(&format!("{class} chart-legend-target"), mx, ly),
    });
    let _ = write!(
        s,
        "<text class=\"chart-legend-label\" x=\"{}\" y=\"{}\" fill=\"{INK}\">",
        n(x0 + 30.0),
        n(ly + font / 3.0),
    );
    match lines {
        [line] => s.push_str(&escape(line)),
        _ => {
            for (i, line) in lines.iter().enumerate() {
                let _ = write!(
                    s,
                    "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                    n(x0 + 30.0),
                    n(ly + font / 3.0 + i as f64 * font * 1.3),
                    escape(line)
                );
            }
        }
    }
    s.push_str("</text>");
}

/// Whether every value the chart shows is a whole number (a count): its ticks are then
/// whole numbers too.
fn whole_values(ind: &Indicator) -> bool {
    let (low, high) = ind.target.extent();
    [ind.baseline.value, low, high]
        .into_iter()
        .chain(ind.observations.iter().map(|o| o.value))
        .all(|v| v.is_finite() && v.fract() == 0.0)
}

/// Draws the chart of `ind` in both layouts, the wide one first (see the module's notes).
/// `progress` is its computed progress (the status becomes a class on the root, and the
/// latest observation is labelled); `labels` are in the page's language; `id_prefix` must be
/// unique on the page (e.g. `chart-rd-intensity`): the wide chart's `<title>` and `<desc>`
/// get the ids `{id_prefix}-title` and `{id_prefix}-desc`, the narrow one's
/// `{id_prefix}-narrow-title` and `{id_prefix}-narrow-desc`.
pub fn render_svg(
    ind: &Indicator,
    progress: &Progress,
    labels: &ChartLabels,
    id_prefix: &str,
) -> String {
    let mut s = render_layout(ind, progress, labels, id_prefix, &WIDE);
    s.push_str(&render_layout(
        ind,
        progress,
        labels,
        &format!("{id_prefix}-narrow"),
        &NARROW,
    ));
    s
}

/// Draws the chart of `ind` in one layout (see [`render_svg`]).
pub fn render_layout(
    ind: &Indicator,
    progress: &Progress,
    labels: &ChartLabels,
    id_prefix: &str,
    layout: &Layout,
) -> String {
    let font = layout.font;
    let width = layout.width;
    let base = YearValue {
        year: ind.baseline.year,
        value: clean(ind.baseline.value),
    };
    let target_year = ind.target.year();
    let (target_low, target_high) = {
        let (a, b) = ind.target.extent();
        let (a, b) = (clean(a), clean(b));
        if a <= b {
            (a, b)
        } else {
            (b, a)
        }
    };
    let is_range = matches!(ind.target, Target::Range { .. });
    let series: Vec<YearValue> = ind
        .series()
        .into_iter()
        .map(|p| YearValue {
            year: p.year,
            value: clean(p.value),
        })
        .collect();
    let latest = progress.latest.map(|l| l.year);

    // Years and values.
    let first_year = base.year;
    let last_year = series
        .iter()
        .map(|p| p.year)
        .chain([target_year, base.year.saturating_add(1)])
        .max()
        .unwrap_or(target_year);
    let first_year = first_year.min(target_year);
    let values = series
        .iter()
        .map(|p| p.value)
        .chain([base.value, target_low, target_high]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let ticks = value_ticks(lo, hi, whole_values(ind));
    let tick_texts: Vec<String> = ticks.iter().map(|&t| labels.scale.number(t)).collect();

    // Vertical layout, top to bottom: the legend (wrapped), the value axis title (wrapped),
    // the plot, the year labels and the year axis title.
    let mut entries: Vec<(Shape, Option<bool>, &str)> =
        vec![(Shape::Circle, None, labels.baseline)];
    if !series.is_empty() {
        entries.push((Shape::Square, Some(false), labels.observed));
    }
    entries.push((Shape::Diamond, Some(true), labels.target));
    let texts: Vec<&str> = entries.iter().map(|e| e.2).collect();
    let legend = legend_positions(&texts, layout);
    let legend_rows = legend.iter().map(|l| l.1).max().unwrap_or(0) + 1;
    // The top of each row of the legend (a row is as tall as its longest entry), and the
    // bottom of the last.
    let line_height = font * 1.3;
    let row_tops: Vec<f64> = (0..=legend_rows)
        .scan(6.0, |top, row| {
            let this = *top;
            let lines = legend
                .iter()
                .filter(|l| l.1 == row)
                .map(|l| l.2.len())
                .max()
                .unwrap_or(1);
            *top += font * 0.3 + lines as f64 * line_height;
            Some(this)
        })
        .collect();
    let legend_bottom = row_tops[legend_rows];
    let axis_lines = wrap(labels.value_axis, width - 2.0 * MARGIN, font);
    let axis_title_top = legend_bottom + font * 0.6;
    let axis_title_bottom = axis_title_top + axis_lines.len() as f64 * line_height;
    let plot_top = axis_title_bottom + font * 1.6;
    let plot_bottom = plot_top + layout.plot_height;
    let height = plot_bottom + font * 2.0 + 14.0 + font * 1.2 + 8.0;
    let widest_tick = tick_texts
        .iter()
        .map(|t| text_width(t, font))
        .fold(0.0, f64::max);
    let plot_left = (MARGIN + widest_tick + 8.0).max(width * 0.1);
    let plot_right = width - MARGIN - font;
    let inner_pad = font * 2.0 + 4.0;

    let axis_lo = ticks.first().copied().unwrap_or(lo);
    let axis_hi = ticks.last().copied().unwrap_or(hi);
    let axis_span = if axis_hi > axis_lo {
        axis_hi - axis_lo
    } else {
        1.0
    };
    let year_span = (f64::from(last_year) - f64::from(first_year)).max(1.0);
    let x = |year: i32| {
        plot_left
            + inner_pad
            + (f64::from(year) - f64::from(first_year)) / year_span
                * (plot_right - plot_left - 2.0 * inner_pad)
    };
    let y = |value: f64| plot_bottom - (value - axis_lo) / axis_span * (plot_bottom - plot_top);

    let prefix = escape(id_prefix);
    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" class=\"indicator-chart chart-{} status-{}\" role=\"img\" aria-labelledby=\"{prefix}-title {prefix}-desc\" font-size=\"{}\">",
        n(width),
        n(height),
        layout.name,
        progress.status.key(),
        n(font)
    );
    let _ = write!(
        s,
        "<title id=\"{prefix}-title\">{}</title><desc id=\"{prefix}-desc\">{}</desc>",
        escape(labels.title),
        escape(labels.desc)
    );

    // Grid and value axis labels.
    s.push_str("<g class=\"chart-grid\">");
    for &t in &ticks {
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{LIGHT}\" stroke-width=\"1\"/>",
            n(plot_left),
            n(y(t)),
            n(plot_right),
            n(y(t))
        );
    }
    s.push_str("</g>");
    for (&t, text) in ticks.iter().zip(&tick_texts) {
        let _ = write!(
            s,
            "<text class=\"chart-tick-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{MID}\">{text}</text>",
            n(plot_left - 8.0),
            n(y(t) + font / 3.0),
        );
    }

    // Axes, year ticks and titles.
    let _ = write!(
        s,
        "<path class=\"chart-axis\" d=\"M{} {}V{}H{}\" fill=\"none\" stroke=\"{MID}\" stroke-width=\"1\"/>",
        n(plot_left),
        n(plot_top),
        n(plot_bottom),
        n(plot_right)
    );
    let year_label_y = plot_bottom + 8.0 + font;
    for year in year_ticks(first_year, last_year, layout.max_years) {
        let _ = write!(
            s,
            "<line class=\"chart-tick\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{MID}\" stroke-width=\"1\"/><text class=\"chart-tick-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{MID}\">{year}</text>",
            n(x(year)),
            n(plot_bottom),
            n(x(year)),
            n(plot_bottom + 5.0),
            n(x(year)),
            n(year_label_y)
        );
    }
    let _ = write!(
        s,
        "<text class=\"chart-axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
        n((plot_left + plot_right) / 2.0),
        n(year_label_y + font + 14.0),
        escape(labels.year)
    );
    let mut occupied: Vec<Area> = Vec::new();
    if !labels.value_axis.is_empty() {
        let _ = write!(
            s,
            "<text class=\"chart-unit\" x=\"{}\" y=\"{}\" text-anchor=\"start\" fill=\"{INK}\">",
            n(MARGIN),
            n(axis_title_top + font)
        );
        for (i, line) in axis_lines.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                n(MARGIN),
                n(axis_title_top + font + i as f64 * line_height),
                escape(line)
            );
            occupied.push(Area::of_text(
                MARGIN,
                axis_title_top + font + i as f64 * line_height,
                "start",
                line,
                font,
            ));
        }
        s.push_str("</text>");
    }

    // Planned path: dashed from the baseline to the target (both bounds of a range).
    let (bx, by) = (x(base.year), y(base.value));
    let tx = x(target_year);
    if is_range {
        let _ = write!(
            s,
            "<rect class=\"chart-band\" x=\"{}\" y=\"{}\" width=\"16\" height=\"{}\" fill=\"{LIGHT}\" stroke=\"{MID}\" stroke-width=\"1\"/>",
            n(tx - 8.0),
            n(y(target_high)),
            n((y(target_low) - y(target_high)).max(0.0))
        );
    }
    let mut bounds = vec![target_low];
    if is_range && target_high != target_low {
        bounds.push(target_high);
    }
    for &bound in &bounds {
        let _ = write!(
            s,
            "<path class=\"chart-path-planned\" d=\"M{} {}L{} {}\" fill=\"none\" stroke=\"{MID}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
            n(bx),
            n(by),
            n(tx),
            n(y(bound))
        );
    }

    // Observed path: solid from the baseline through every observation.
    if !series.is_empty() {
        let mut points = format!("{},{}", n(bx), n(by));
        for p in &series {
            let _ = write!(points, " {},{}", n(x(p.year)), n(y(p.value)));
        }
        let _ = write!(
            s,
            "<polyline class=\"chart-path-observed\" points=\"{points}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>"
        );
    }

    // Markers: circle = baseline, diamond = target, square = observed.
    s.push_str(&circle("chart-point chart-point-baseline", bx, by));
    for &bound in &bounds {
        s.push_str(&diamond("chart-point chart-point-target", tx, y(bound)));
    }
    for p in &series {
        let class = if Some(p.year) == latest {
            "chart-point chart-point-observed chart-point-latest"
        } else {
            "chart-point chart-point-observed"
        };
        s.push_str(&square(class, x(p.year), y(p.value)));
    }

    // Value labels: baseline, target and latest observation, each put on the first side
    // (above, below, right, left) where it covers no marker, other label or the axis title,
    // inside the plot's width, below the axis title and above the year labels.
    occupied.push(Area::around(bx, by, 6.0));
    for &bound in &bounds {
        occupied.push(Area::around(tx, y(bound), 8.0));
    }
    for p in &series {
        occupied.push(Area::around(x(p.year), y(p.value), 5.5));
    }
    let region = Area {
        left: plot_left + 1.0,
        top: axis_title_bottom,
        right: width - 2.0,
        bottom: plot_bottom + 8.0,
    };
    let target_text = if is_range {
        format!(
            "{}\u{2013}{}",
            labels.scale.number(target_low),
            labels.scale.number(target_high)
        )
    } else {
        labels.scale.number(target_low)
    };
    s.push_str(&place_label(
        &mut occupied,
        &region,
        font,
        (bx, by),
        &labels.scale.number(base.value),
    ));
    s.push_str(&place_label(
        &mut occupied,
        &region,
        font,
        (tx, y(target_high)),
        &target_text,
    ));
    if let Some(p) = series.last() {
        let text = labels.scale.number(p.value);
        s.push_str(&place_label(
            &mut occupied,
            &region,
            font,
            (x(p.year), y(p.value)),
            &text,
        ));
    }

    // Legend.
    s.push_str("<g class=\"chart-legend\">");
    for ((shape, dashed, _), (lx, row, lines)) in entries.iter().zip(&legend) {
        let ly = row_tops[*row] + font * 0.15 + line_height / 2.0;
        legend_item(&mut s, (*lx, ly), font, *shape, *dashed, lines);
    }
    s.push_str("</g></svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::data::indicator::Thresholds;
    use crate::input::data::indicator::{Direction, Indicator, Target};
    use crate::model::progress::compute;
    use crate::model::progress::tests::{indicator, point};

    const EN: ChartLabels<'static> = ChartLabels {
        title: "R&D intensity: baseline, target and observed values",
        baseline: "Baseline",
        target: "Target",
        observed: "Observed",
        year: "Year",
        value_axis: "Value (% of GDP)",
        scale: Scale::PLAIN,
        desc: "R&D intensity was 2% in 2023 and should reach 2.8% by 2026; it was 2.3% in 2024 <preliminary>.",
    };

    const ZH: ChartLabels<'static> = ChartLabels {
        title: "研发投入强度：基线、目标与实际值",
        baseline: "基线",
        target: "目标",
        observed: "实际值",
        year: "年份",
        value_axis: "数值（%）",
        scale: Scale::PLAIN,
        desc: "研发投入强度2023年为2%，目标2026年达到2.8%；2024年为2.3%。",
    };

    fn render(ind: &Indicator, labels: &ChartLabels, prefix: &str) -> String {
        let p = compute(ind, &Thresholds::default());
        render_layout(ind, &p, labels, prefix, &WIDE)
    }

    fn has_class(node: roxmltree::Node, class: &str) -> bool {
        node.attribute("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }

    fn count_class(doc: &roxmltree::Document, class: &str) -> usize {
        doc.descendants().filter(|n| has_class(*n, class)).count()
    }

    /// Parses `svg` and checks everything every chart must satisfy; returns the marker
    /// counts (baseline, observed, target).
    fn check(svg: &str, labels: &ChartLabels, prefix: &str) -> (usize, usize, usize) {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("role"), Some("img"));
        let view_box = root.attribute("viewBox").unwrap_or_default();
        assert!(
            view_box.starts_with("0 0 640 ") || view_box.starts_with("0 0 320 "),
            "{view_box}"
        );
        assert_eq!(root.attribute("width"), None);
        assert_eq!(root.attribute("height"), None);
        let title_id = format!("{prefix}-title");
        let desc_id = format!("{prefix}-desc");
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{title_id} {desc_id}").as_str())
        );
        let first: Vec<roxmltree::Node> = root.children().filter(|c| c.is_element()).collect();
        assert_eq!(first[0].tag_name().name(), "title");
        assert_eq!(first[0].attribute("id"), Some(title_id.as_str()));
        assert_eq!(first[0].text(), Some(labels.title));
        assert_eq!(first[1].tag_name().name(), "desc");
        assert_eq!(first[1].attribute("id"), Some(desc_id.as_str()));
        assert_eq!(first[1].text(), Some(labels.desc));
        for node in doc.descendants() {
            assert_ne!(node.tag_name().name(), "style", "no <style> element");
            assert_eq!(node.attribute("style"), None, "no style attribute");
            for a in node.attributes() {
                let v = a.value().to_ascii_lowercase();
                assert!(
                    !v.contains("nan") && !v.contains("inf"),
                    "{}={}",
                    a.name(),
                    v
                );
            }
        }
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        // Every texts the legend names is present.
        // Each <text> as read: its lines (tspans) joined by a space, or by nothing.
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "text")
            .flat_map(|t| {
                let parts: Vec<&str> = t
                    .descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .collect();
                [parts.join(" "), parts.concat()]
            })
            .collect();
        for label in [labels.baseline, labels.target, labels.year] {
            assert!(texts.iter().any(|t| t == label), "{label:?} in {texts:?}");
        }
        assert!(count_class(&doc, "chart-path-planned") > 0);
        (
            count_class(&doc, "chart-point-baseline"),
            count_class(&doc, "chart-point-observed"),
            count_class(&doc, "chart-point-target"),
        )
    }

    fn rd() -> Indicator {
        indicator(
            Direction::Increase,
            2.0,
            point(2026, 2.8),
            &[(2025, 2.5), (2024, 2.3)],
        )
    }

    #[test]
    fn format_number_is_deterministic_and_trimmed() {
        assert_eq!(format_number(2.80), "2.8");
        assert_eq!(format_number(615.95), "615.95");
        assert_eq!(format_number(10.0), "10");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(-1.5), "-1.5");
        assert_eq!(format_number(1.005), "1"); // 1.005 is 1.00499… in binary
        assert_eq!(format_number(2.999), "3");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_number(1234567.0), "1234567");
        assert_eq!(format_number(100.0), "100");
        assert_eq!(format_number(f64::NAN), "");
        assert_eq!(format_number(f64::INFINITY), "");
    }

    #[test]
    fn point_target_chart() {
        let ind = rd();
        let svg = render(&ind, &EN, "chart-rd-intensity");
        assert_eq!(check(&svg, &EN, "chart-rd-intensity"), (1, 2, 1));
        assert_eq!(svg.matches("chart-path-observed").count(), 1);
        assert!(svg.contains("status-on-track"), "{svg}");
        assert!(svg.contains("&lt;preliminary&gt;"));
        assert!(svg.contains("R&amp;D"));
        assert!(svg.contains(">2.8<"), "target labelled");
        assert!(svg.contains(">2.5<"), "latest labelled");
        // Years 2023–2026 on the axis.
        for year in 2023..=2026 {
            assert!(svg.contains(&format!(">{year}</text>")), "{year}");
        }
        // Value ticks 2, 2.2, … 3 or similar: 4–6 round values.
        let doc = roxmltree::Document::parse(&svg).expect("parses");
        let value_ticks = doc
            .descendants()
            .filter(|n| has_class(*n, "chart-tick-label"))
            .filter(|n| n.attribute("text-anchor") == Some("end"))
            .count();
        assert!((4..=6).contains(&value_ticks), "{value_ticks}");
    }

    #[test]
    fn output_is_byte_identical_for_identical_input() {
        let ind = rd();
        let a = render(&ind, &ZH, "c1");
        let b = render(&ind.clone(), &ZH, "c1");
        assert_eq!(a, b);
        check(&a, &ZH, "c1");
        assert_ne!(a, render(&ind, &ZH, "c2"));
    }

    #[test]
    fn range_target_chart_has_band_and_two_diamonds() {
        let ind = indicator(
            Direction::Increase,
            0.0,
            Target::Range {
                year: 2026,
                min: 1.0,
                max: 2.0,
            },
            &[(2024, 1.0)],
        );
        let svg = render(&ind, &ZH, "chart-incubators");
        assert_eq!(check(&svg, &ZH, "chart-incubators"), (1, 1, 2));
        assert_eq!(svg.matches("class=\"chart-band\"").count(), 1);
        assert_eq!(svg.matches("class=\"chart-path-planned\"").count(), 2);
        assert!(svg.contains(">1\u{2013}2<"));
        assert!(svg.contains("status-achieved"));
        // Zero is on the axis.
        assert!(svg.contains(">0</text>"));
    }

    #[test]
    fn chart_without_observations() {
        let ind = indicator(Direction::Decrease, 100.0, point(2026, 80.0), &[]);
        let svg = render(&ind, &EN, "x");
        assert_eq!(check(&svg, &EN, "x"), (1, 0, 1));
        assert!(!svg.contains("chart-path-observed"));
        assert!(!svg.contains("chart-legend-observed"));
        assert!(svg.contains("status-no-data-since-baseline"));
    }

    #[test]
    fn chart_past_the_target_year_extends_the_axis() {
        let ind = indicator(
            Direction::Increase,
            2.0,
            point(2026, 2.8),
            &[(2028, 2.7), (2024, 2.1), (2024, 2.2)],
        );
        let svg = render(&ind, &EN, "p");
        assert_eq!(check(&svg, &EN, "p"), (1, 2, 1));
        assert!(svg.contains(">2028</text>"));
        assert_eq!(svg.matches("chart-point-latest").count(), 1);
    }

    #[test]
    fn hostile_text_and_prefix_are_escaped() {
        let labels = ChartLabels {
            title: "<script>alert('x')</script> & \"quotes\"",
            baseline: "a<b",
            target: "c>d",
            observed: "e&f",
            year: "'y'",
            value_axis: "\u{1}%",
            scale: Scale::PLAIN,
            desc: "]]> <!-- -->",
        };
        let ind = rd();
        let p = compute(&ind, &Thresholds::default());
        let svg = render_layout(&ind, &p, &labels, "a\"b", &NARROW);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed");
        assert_eq!(
            doc.root_element().attribute("aria-labelledby"),
            Some("a\"b-title a\"b-desc")
        );
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn extreme_and_invalid_values_never_produce_nan() {
        let values = [
            0.0,
            -5.0,
            1e-9,
            3.0,
            1e300,
            -1e300,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut charts = 0;
        for &b in &values {
            for &t in &values {
                for &o in &values {
                    for ty in [2020, 2023, 2026, 2060] {
                        let dir = if t > b {
                            Direction::Increase
                        } else {
                            Direction::Decrease
                        };
                        let ind = indicator(dir, b, point(ty, t), &[(2024, o), (2025, b)]);
                        let svg = render(&ind, &EN, "e");
                        let (bm, om, tm) = check(&svg, &EN, "e");
                        assert_eq!(bm, 1);
                        assert_eq!(tm, 1);
                        assert_eq!(om, ind.series().len());
                        let range = Target::Range {
                            year: ty,
                            min: t,
                            max: o,
                        };
                        let ind = indicator(dir, b, range, &[(2024, o)]);
                        let svg = render(&ind, &ZH, "r");
                        let (_, _, tm) = check(&svg, &ZH, "r");
                        assert!((1..=2).contains(&tm));
                        charts += 2;
                    }
                }
            }
        }
        assert!(charts > 500);
    }

    #[test]
    fn absurd_years_do_not_panic() {
        for (by, ty, oy) in [
            (i32::MAX, i32::MIN, i32::MAX),
            (i32::MIN, i32::MAX, 0),
            (2023, 2023, 2024),
            (2023, 1990, 2030),
        ] {
            let mut ind = indicator(Direction::Increase, 1.0, point(ty, 2.0), &[(oy, 1.5)]);
            ind.baseline.year = by;
            let svg = render(&ind, &EN, "y");
            check(&svg, &EN, "y");
        }
    }

    #[test]
    fn value_ticks_are_round() {
        let show = |lo: f64, hi: f64| -> Vec<String> {
            value_ticks(lo, hi, false)
                .into_iter()
                .map(format_number)
                .collect()
        };
        assert_eq!(show(2.0, 2.9), ["2", "2.2", "2.4", "2.6", "2.8", "3"]);
        assert_eq!(show(0.0, 2.0), ["0", "0.5", "1", "1.5", "2"]);
        assert_eq!(show(80.0, 100.0), ["80", "85", "90", "95", "100"]);
        // Close to zero: zero included.
        assert_eq!(show(3.0, 9.0)[0], "0");
        assert_eq!(show(-9.0, -3.0).last().map(String::as_str), Some("0"));
        for (lo, hi) in [
            (5.0, 5.0),
            (0.0, 0.0),
            (615.95, 700.2),
            (2.001, 2.002),
            (-3.0, 4.0),
            (1e14, 1e15),
        ] {
            let t = value_ticks(lo, hi, false);
            assert!((4..=6).contains(&t.len()), "{lo}..{hi}: {t:?}");
            assert!(t[0] <= lo.min(hi) + 1e-9 && *t.last().unwrap_or(&0.0) >= hi - 1e-9);
        }
    }

    #[test]
    fn value_labels_keep_off_markers() {
        let cases = [
            rd(),
            // An observation right above the target in the target year, the baseline at the
            // top next to the unit, and a point past the target year.
            indicator(
                Direction::Decrease,
                100.0,
                point(2026, 80.0),
                &[(2024, 93.0), (2025, 95.0), (2026, 82.0), (2027, 80.5)],
            ),
            indicator(
                Direction::Increase,
                615.95,
                point(2026, 780.0),
                &[(2024, 660.2), (2025, 778.0), (2026, 779.0)],
            ),
        ];
        let p = |ind: &Indicator| compute(ind, &Thresholds::default());
        for (ind, layout) in cases.iter().flat_map(|c| [(c, WIDE), (c, NARROW)]) {
            let svg = render_layout(ind, &p(ind), &EN, "v", &layout);
            check(&svg, &EN, "v");
            let doc = roxmltree::Document::parse(&svg).expect("parses");
            let num = |node: roxmltree::Node, name: &str| -> f64 {
                node.attribute(name)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(f64::NAN)
            };
            let markers: Vec<Area> = doc
                .descendants()
                .filter(|n| has_class(*n, "chart-point"))
                .map(|n| match n.tag_name().name() {
                    "circle" => Area::around(num(n, "cx"), num(n, "cy"), 5.0),
                    "rect" => Area::around(num(n, "x") + 4.5, num(n, "y") + 4.5, 4.5),
                    _ => {
                        let d = n.attribute("d").unwrap_or("");
                        let mut it = d[1..].split(['L', ' ']);
                        let x: f64 = it.next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
                        let top: f64 = it.next().and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
                        Area::around(x, top + 7.0, 7.0)
                    }
                })
                .collect();
            let labels: Vec<Area> = doc
                .descendants()
                .filter(|n| has_class(*n, "chart-value-label"))
                .map(|n| {
                    Area::of_text(
                        num(n, "x"),
                        num(n, "y"),
                        n.attribute("text-anchor").unwrap_or("middle"),
                        n.text().unwrap_or(""),
                        layout.font,
                    )
                })
                .collect();
            assert_eq!(labels.len(), 3);
            assert!(markers.len() >= 3);
            for a in markers.iter().chain(&labels) {
                assert!(
                    a.left.is_finite() && a.top.is_finite() && a.right > a.left,
                    "{a:?}"
                );
            }
            for (i, l) in labels.iter().enumerate() {
                for m in &markers {
                    assert_eq!(l.overlap(m), 0.0, "label {l:?} covers marker {m:?}\n{svg}");
                }
                for other in &labels[i + 1..] {
                    assert_eq!(l.overlap(other), 0.0, "labels overlap\n{svg}");
                }
            }
        }
    }

    #[test]
    fn counts_get_whole_number_ticks() {
        let show = |lo: f64, hi: f64| -> Vec<String> {
            value_ticks(lo, hi, true)
                .into_iter()
                .map(format_number)
                .collect()
        };
        assert_eq!(show(0.0, 2.0), ["0", "1", "2", "3"]);
        assert_eq!(show(6.0, 8.0), ["6", "7", "8", "9"]);
        for (lo, hi) in [
            (0.0, 1.0),
            (349.0, 360.0),
            (1.0, 3.0),
            (0.0, 0.0),
            (5.0, 5.0),
        ] {
            let t = value_ticks(lo, hi, true);
            assert!(t.iter().all(|v| v.fract() == 0.0), "{lo}..{hi}: {t:?}");
            assert!((4..=6).contains(&t.len()), "{lo}..{hi}: {t:?}");
        }
        // The incubators of Annex 1: 0 in 2023, 1 to 2 by 2026 — no tick at 0.5 or 1.5.
        let ind = indicator(
            Direction::Increase,
            0.0,
            Target::Range {
                year: 2026,
                min: 1.0,
                max: 2.0,
            },
            &[],
        );
        for layout in [WIDE, NARROW] {
            let svg = render_layout(
                &ind,
                &compute(&ind, &Thresholds::default()),
                &ZH,
                "i",
                &layout,
            );
            let doc = roxmltree::Document::parse(&svg).expect("parses");
            let ticks: Vec<&str> = doc
                .descendants()
                .filter(|n| has_class(*n, "chart-tick-label"))
                .filter(|n| n.attribute("text-anchor") == Some("end"))
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(ticks, ["0", "1", "2", "3"], "{}", layout.name);
        }
        // A share with decimals keeps finer ticks.
        let svg = render(&rd(), &EN, "r");
        assert!(svg.contains(">2.2</text>"), "{svg}");
    }

    #[test]
    fn both_layouts_are_drawn_with_their_own_ids_and_the_narrow_one_wraps_to_fit() {
        let ind = rd();
        let p = compute(&ind, &Thresholds::default());
        let long = ChartLabels {
            baseline: "Baseline value published in the plan",
            observed: "Observed value from the statistics bureau",
            value_axis: "Value (invention patents held per 10,000 residents of the park)",
            ..EN
        };
        let both = render_svg(&ind, &p, &long, "c");
        let (wide, narrow) = both.split_at(both.find("</svg>").expect("two charts") + 6);
        assert!(
            wide.contains("class=\"indicator-chart chart-wide"),
            "{wide}"
        );
        assert!(
            narrow.contains("class=\"indicator-chart chart-narrow"),
            "{narrow}"
        );
        assert!(narrow.contains("aria-labelledby=\"c-narrow-title c-narrow-desc\""));
        check(wide, &long, "c");
        check(narrow, &long, "c-narrow");
        // No font of its own: the page's font applies.
        assert!(!both.contains("font-family"));
        let doc = roxmltree::Document::parse(narrow).expect("parses");
        assert_eq!(doc.root_element().attribute("font-size"), Some("15"));
        // The narrow chart's texts stay inside its 320 units, the legend on two rows or more
        // and the axis title on two lines or more.
        let num = |node: roxmltree::Node, name: &str| -> f64 {
            node.attribute(name)
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        let mut legend_rows: Vec<String> = Vec::new();
        for text in doc.descendants().filter(|n| n.tag_name().name() == "text") {
            let content: String = text
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect();
            let x = if text.has_attribute("x") {
                num(text, "x")
            } else {
                8.0
            };
            let area = Area::of_text(
                x,
                num(text, "y"),
                text.attribute("text-anchor").unwrap_or("start"),
                &content,
                15.0,
            );
            if has_class(text, "chart-legend-label") {
                legend_rows.push(text.attribute("y").unwrap_or("").to_string());
            }
            if text.children().any(|c| c.is_element()) {
                // Lines (tspans): each must fit.
                for line in text.children().filter(|c| c.is_element()) {
                    let area = Area::of_text(
                        num(line, "x"),
                        num(line, "y"),
                        text.attribute("text-anchor").unwrap_or("start"),
                        line.text().unwrap_or(""),
                        15.0,
                    );
                    assert!(area.left >= 0.0 && area.right <= 320.0, "{area:?}");
                }
                continue;
            }
            assert!(
                area.left >= 0.0 && area.right <= 320.0,
                "{content:?} sticks out: {area:?}"
            );
        }
        legend_rows.dedup();
        assert!(legend_rows.len() >= 2, "{legend_rows:?}");
        let lines: Vec<&str> = doc
            .descendants()
            .filter(|n| has_class(*n, "chart-unit"))
            .flat_map(|n| n.children())
            .filter_map(|n| n.text())
            .collect();
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), long.value_axis);
        for line in lines {
            assert!(text_width(line, 15.0) <= 304.0, "{line}");
        }
    }

    #[test]
    fn wrap_breaks_between_words_and_between_cjk_characters() {
        assert_eq!(
            wrap("Value (CNY 100 million)", 100.0, 12.0),
            ["Value (CNY 100", "million)"]
        );
        assert_eq!(wrap("数值（亿元）", 40.0, 12.0), ["数值（", "亿元）"]);
        assert_eq!(wrap("", 40.0, 12.0), [""]);
        assert_eq!(
            wrap("Supercalifragilistic x", 30.0, 12.0),
            ["Supercalifragilistic", "x"]
        );
    }

    #[test]
    fn legend_uses_shapes() {
        let svg = render(&rd(), &EN, "l");
        let doc = roxmltree::Document::parse(&svg).expect("parses");
        let legend = doc
            .descendants()
            .find(|n| has_class(*n, "chart-legend"))
            .expect("legend");
        let shapes: Vec<&str> = legend
            .descendants()
            .filter(|n| has_class(*n, "chart-legend-marker"))
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(shapes, ["circle", "rect", "path"]);
    }
}
