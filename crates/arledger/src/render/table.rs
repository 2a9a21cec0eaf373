//! The text, CSV, Markdown and HTML writers of a [`Table`] (JSON: [`super::json`]).
//!
//! Text is aligned on what a terminal shows: cells are measured in display columns
//! (unicode-width: CJK characters and most emoji take two), control characters are shown
//! escaped, and when a width is given (the terminal's, or `COLUMNS`) description-like columns
//! are cut short with `…` until the lines fit, as hledger's register does.

use std::fmt::Write as _;

use arledger_report::table::{Column, Row, Shown, Table};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::html::escape;
use super::terminal::visible;
use super::value;

/// Columns no narrower than this are never cut to less.
const MIN_ELIDED: usize = 8;

/// The display width of `s` in a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` display columns, ending in `…` when cut.
pub fn elide(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    // No space before the ellipsis.
    let mut out = out.trim_end().to_string();
    if max > 0 {
        out.push('…');
    }
    out
}

/// The indices of the columns a format shows.
fn visible_columns(t: &Table, csv: bool) -> Vec<usize> {
    (0..t.columns.len())
        .filter(|&i| match t.columns[i].shown {
            Shown::Always => true,
            Shown::NotInCsv => !csv,
            Shown::NotInText => csv,
        })
        .collect()
}

/// A cell's lines for people (control characters escaped), blank on a continuation row of a
/// `once` column.
fn lines(row: &Row, i: usize, column: &Column) -> Vec<String> {
    if row.continues && column.once {
        return vec![String::new()];
    }
    value::shown(&row.cells[i], column)
        .into_iter()
        .map(|l| visible(&l).into_owned())
        .collect()
}

/// Aligned text: the title (if any), the header line underlined (if the table shows one), the
/// rows, then a rule over the totalled columns and the totals rows. `max_width` (if any) is the
/// width the lines should fit in.
pub fn text(t: &Table, max_width: Option<usize>) -> String {
    let mut out = String::new();
    if let Some(title) = &t.title {
        let _ = write!(out, "{}\n\n", visible(title));
    }
    if t.rows.is_empty() {
        if let Some(empty) = &t.empty {
            let _ = writeln!(out, "{empty}");
            return out;
        }
    }
    let cols = visible_columns(t, false);
    let cells = |rows: &[Row]| -> Vec<Vec<Vec<String>>> {
        rows.iter()
            .map(|r| cols.iter().map(|&i| lines(r, i, &t.columns[i])).collect())
            .collect()
    };
    let body = cells(&t.rows);
    let totals = cells(&t.totals);
    let header: Vec<String> = cols
        .iter()
        .map(|&i| visible(&t.columns[i].label).into_owned())
        .collect();
    let mut widths: Vec<usize> = vec![0; cols.len()];
    if t.header {
        for (w, h) in widths.iter_mut().zip(&header) {
            *w = width(h);
        }
    }
    for row in body.iter().chain(&totals) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = cell.iter().map(|l| width(l)).fold(*w, usize::max);
        }
    }
    if let Some(max) = max_width {
        let elidable: Vec<bool> = cols.iter().map(|&i| t.columns[i].elide).collect();
        fit(&mut widths, &elidable, max);
    }
    let right: Vec<bool> = cols
        .iter()
        .map(|&i| t.columns[i].kind.right_aligned())
        .collect();
    let line = |out: &mut String, row: &[Vec<String>]| {
        let height = row.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let mut s = String::new();
            for (c, cell) in row.iter().enumerate() {
                let text = elide(cell.get(k).map_or("", String::as_str), widths[c]);
                let pad = widths[c].saturating_sub(width(&text));
                if c > 0 {
                    s.push_str("  ");
                }
                if right[c] {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(&text);
                } else {
                    s.push_str(&text);
                    if c + 1 < row.len() {
                        s.push_str(&" ".repeat(pad));
                    }
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        }
    };
    let total_width = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    if t.header {
        line(
            &mut out,
            &header.iter().map(|h| vec![h.clone()]).collect::<Vec<_>>(),
        );
        out.push_str(&"-".repeat(total_width));
        out.push('\n');
    }
    for row in &body {
        line(&mut out, row);
    }
    if !totals.is_empty() {
        // A rule over the columns that hold totals.
        let filled = |c: usize| t.totals.iter().any(|r| !r.cells[cols[c]].is_empty());
        let first = (0..cols.len()).find(|&c| filled(c)).unwrap_or(0);
        let last = (0..cols.len()).rev().find(|&c| filled(c)).unwrap_or(0);
        let start: usize = widths[..first].iter().map(|w| w + 2).sum();
        let end: usize = widths[..=last].iter().map(|w| w + 2).sum::<usize>() - 2;
        let _ = writeln!(out, "{}{}", " ".repeat(start), "-".repeat(end - start));
        for row in &totals {
            line(&mut out, row);
        }
    }
    out
}

/// Narrows the elidable columns, widest first, until the line fits in `max`. A table that
/// cannot fit even with those columns at their narrowest is left whole: cutting it would lose
/// text without making it readable.
fn fit(widths: &mut [usize], elidable: &[bool], max: usize) {
    let floor: Vec<usize> = widths.iter().map(|&w| w.min(MIN_ELIDED)).collect();
    let gaps = 2 * widths.len().saturating_sub(1);
    let narrowest: usize = (0..widths.len())
        .map(|c| if elidable[c] { floor[c] } else { widths[c] })
        .sum::<usize>()
        + gaps;
    if narrowest > max {
        return;
    }
    let mut total = widths.iter().sum::<usize>() + gaps;
    while total > max {
        let widest = (0..widths.len())
            .filter(|&c| elidable[c] && widths[c] > floor[c])
            .max_by_key(|&c| (widths[c], std::cmp::Reverse(c)));
        let Some(c) = widest else { break };
        widths[c] -= 1;
        total -= 1;
    }
}

/// CSV: a header of column names, then the rows and totals (RFC 4180; formulas neutralised).
pub fn csv(t: &Table) -> String {
    let cols = visible_columns(t, true);
    let header = cols.iter().map(|&i| t.columns[i].name.clone()).collect();
    let records = std::iter::once(header).chain(t.rows.iter().chain(&t.totals).map(|r| {
        cols.iter()
            .map(|&i| value::data(&r.cells[i], &t.columns[i]))
            .collect::<Vec<String>>()
    }));
    super::csv(records, t.quote_all)
}

/// A Markdown pipe table (numbers right-aligned; pipes escaped), or the empty message.
pub fn markdown(t: &Table) -> String {
    if t.rows.is_empty() {
        if let Some(empty) = &t.empty {
            return format!("{empty}\n");
        }
    }
    let cols = visible_columns(t, false);
    let cell = |s: &str| visible(&s.replace('\n', " ")).replace('|', "\\|");
    let mut out = String::new();
    let labels: Vec<String> = cols.iter().map(|&i| cell(&t.columns[i].label)).collect();
    let _ = writeln!(out, "| {} |", labels.join(" | "));
    let rule: Vec<&str> = cols
        .iter()
        .map(|&i| {
            if t.columns[i].kind.right_aligned() {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in t.rows.iter().chain(&t.totals) {
        let cells: Vec<String> = cols
            .iter()
            .map(|&i| {
                let column = &t.columns[i];
                if row.continues && column.once {
                    String::new()
                } else {
                    cell(&value::shown(&row.cells[i], column).join(", "))
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

/// An HTML table (every text escaped; numbers right-aligned with class `n`; totals in
/// `<tfoot>`), or the empty message as a paragraph.
pub fn html(t: &Table) -> String {
    if t.rows.is_empty() {
        if let Some(empty) = &t.empty {
            return format!("<p>{}</p>\n", escape(empty));
        }
    }
    let cols = visible_columns(t, false);
    let class = |i: usize| {
        if t.columns[i].kind.right_aligned() {
            " class=\"n\""
        } else {
            ""
        }
    };
    let mut s = match &t.id {
        Some(id) => format!("<table data-table=\"{}\">\n<thead><tr>", escape(id)),
        None => "<table>\n<thead><tr>".to_string(),
    };
    for &i in &cols {
        let _ = write!(s, "<th{}>{}</th>", class(i), escape(&t.columns[i].label));
    }
    s.push_str("</tr></thead>\n");
    let rows = |s: &mut String, rows: &[Row]| {
        for row in rows {
            s.push_str("<tr>");
            for &i in &cols {
                let column = &t.columns[i];
                let text = if row.continues && column.once {
                    String::new()
                } else {
                    value::shown(&row.cells[i], column)
                        .iter()
                        .map(|l| escape(l))
                        .collect::<Vec<_>>()
                        .join("<br>")
                };
                let _ = write!(s, "<td{}>{text}</td>", class(i));
            }
            s.push_str("</tr>\n");
        }
    };
    s.push_str("<tbody>\n");
    rows(&mut s, &t.rows);
    s.push_str("</tbody>\n");
    if !t.totals.is_empty() {
        s.push_str("<tfoot>\n");
        rows(&mut s, &t.totals);
        s.push_str("</tfoot>\n");
    }
    s.push_str("</table>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_report::table::{Column, Value};

    fn sample() -> Table {
        let mut t = Table::new(vec![Column::text("name").elided(), Column::int("n")]);
        t.push(vec!["a".into(), Value::Int(1)]);
        t.push(vec!["bbb".into(), Value::Int(10)]);
        t
    }

    #[test]
    fn aligns_with_a_header() {
        assert_eq!(
            text(&sample(), None),
            "name   n\n--------\na      1\nbbb   10\n"
        );
    }

    #[test]
    fn control_characters_are_escaped_and_aligned_as_shown() {
        let mut t = sample();
        t.header = false;
        t.rows[0].cells[0] = "\x1b[2J".into();
        assert_eq!(text(&t, None), "\\e[2J   1\nbbb    10\n");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let mut t = sample();
        t.rows[0].cells[0] = "東京".into();
        t.rows[1].cells[0] = "🙂x".into();
        assert_eq!(text(&t, None), "name   n\n--------\n東京   1\n🙂x   10\n");
    }

    #[test]
    fn description_columns_are_elided_to_fit() {
        let mut t = sample();
        t.rows[0].cells[0] = "a rather long description of the work".into();
        let out = text(&t, Some(14));
        assert_eq!(
            out,
            "name         n\n--------------\na rather…    1\nbbb         10\n"
        );
        assert!(out.lines().all(|l| width(l) <= 14));
        // Without a width nothing is cut, nor when cutting cannot make it fit.
        assert!(text(&t, None).contains("of the work"));
        assert!(text(&t, Some(5)).contains("of the work"));
    }

    #[test]
    fn totals_get_a_rule_over_their_columns() {
        let mut t = sample();
        t.push_total(vec![Value::Empty, Value::Int(11)]);
        assert_eq!(
            text(&t, None),
            "name   n\n--------\na      1\nbbb   10\n      --\n      11\n"
        );
    }

    #[test]
    fn csv_markdown_and_html_carry_the_same_cells() {
        let mut t = sample();
        t.rows[0].cells[0] = "<b>|x".into();
        assert_eq!(csv(&t), "name,n\n<b>|x,1\nbbb,10\n");
        assert!(markdown(&t).contains("| name | n |\n| --- | ---: |\n| <b>\\|x | 1 |"));
        let h = html(&t);
        assert!(
            h.contains("<td>&lt;b&gt;|x</td><td class=\"n\">1</td>"),
            "{h}"
        );
    }
}
