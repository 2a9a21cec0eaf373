//! Inline SVG bar charts for the report site: drawn in Rust, no JavaScript, readable on paper.
//! Bar heights are scaled with exact decimal arithmetic and rounded to whole pixels.

use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::html::escape;

/// One group of bars: a label under it and one value per series.
pub struct Group {
    /// The label shown under the group.
    pub label: String,
    /// One value per series (negative values are drawn as zero).
    pub values: Vec<Decimal>,
}

const COLORS: [&str; 4] = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1"];

/// A grouped bar chart: `series` names the bars of each group (legend), `unit` is shown on the
/// scale. The `<title>` and each bar's `<title>` give the exact values.
pub fn bar_chart(title: &str, series: &[&str], groups: &[Group], unit: &str) -> String {
    let (w, h, left, bottom, top) = (760i64, 260i64, 110i64, 40i64, 30i64);
    let plot_h = h - bottom - top;
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter().copied())
        .fold(Decimal::ZERO, Decimal::max);
    let n = groups.len().max(1) as i64;
    let per_group = (w - left - 10) / n;
    let bar_w = ((per_group - 8) / series.len().max(1) as i64).max(2);
    let height = |v: Decimal| -> i64 {
        if max.is_zero() || v <= Decimal::ZERO {
            return 0;
        }
        (v * Decimal::from(plot_h) / max)
            .round()
            .to_i64()
            .unwrap_or(0)
    };
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
    // Axis and scale: zero and the maximum.
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{y0}\" x2=\"{x2}\" y2=\"{y0}\" stroke=\"#555\"/>\
         <text x=\"{lx}\" y=\"{y0}\" font-size=\"11\" text-anchor=\"end\">0</text>\
         <text x=\"{lx}\" y=\"{ytop}\" font-size=\"11\" text-anchor=\"end\">{max} {unit}</text>",
        y0 = h - bottom,
        x2 = w - 5,
        lx = left - 4,
        ytop = top + 4,
        max = escape(&max.to_string()),
        unit = escape(unit)
    );
    for (gi, g) in groups.iter().enumerate() {
        let x0 = left + 4 + gi as i64 * per_group;
        for (si, v) in g.values.iter().enumerate() {
            let bh = height(*v);
            let _ = write!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{bar_w}\" height=\"{bh}\" fill=\"{c}\"><title>{label} {name}: {v}</title></rect>",
                x = x0 + si as i64 * bar_w,
                y = h - bottom - bh,
                c = COLORS[si % COLORS.len()],
                label = escape(&g.label),
                name = escape(series.get(si).copied().unwrap_or_default()),
                v = escape(&v.to_string())
            );
        }
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"11\" text-anchor=\"middle\">{l}</text>",
            x = x0 + per_group / 2 - 4,
            y = h - bottom + 16,
            l = escape(&g.label)
        );
    }
    for (si, name) in series.iter().enumerate() {
        let x = left + si as i64 * 140;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"4\" width=\"10\" height=\"10\" fill=\"{c}\"/><text x=\"{tx}\" y=\"13\" font-size=\"11\">{n}</text>",
            c = COLORS[si % COLORS.len()],
            tx = x + 14,
            n = escape(name)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_labels_are_escaped() {
        let svg = bar_chart(
            "Aging <USD>",
            &["open"],
            &[
                Group {
                    label: "current".into(),
                    values: vec![Decimal::from(100)],
                },
                Group {
                    label: "<1-30>".into(),
                    values: vec![Decimal::from(50)],
                },
                Group {
                    label: "credit".into(),
                    values: vec![Decimal::from(-5)],
                },
            ],
            "USD",
        );
        assert!(
            svg.contains("height=\"190\""),
            "the largest bar fills the plot: {svg}"
        );
        assert!(svg.contains("height=\"95\""), "half of it: {svg}");
        assert!(svg.contains("height=\"0\""), "negative: no bar");
        assert!(svg.contains("&lt;1-30&gt;") && !svg.contains("<1-30>"));
        assert!(svg.contains("<title>Aging &lt;USD&gt;</title>"));
    }
}
