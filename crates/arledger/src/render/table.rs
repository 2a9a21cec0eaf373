//! Aligned text tables.

use std::borrow::Cow;

use super::terminal::visible;

/// Column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Pad on the right.
    Left,
    /// Pad on the left (numbers).
    Right,
}

/// Renders rows as aligned columns separated by two spaces; `header` (if any) is underlined.
/// Control characters in cells are shown escaped (see [`super::terminal`]), and columns
/// aligned on what is shown.
pub fn render(header: Option<&[&str]>, rows: &[Vec<String>], align: &[Align]) -> String {
    let cols = align.len();
    let header: Option<Vec<Cow<str>>> = header.map(|h| h.iter().map(|c| visible(c)).collect());
    let rows: Vec<Vec<Cow<str>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| visible(c)).collect())
        .collect();
    let mut widths = vec![0usize; cols];
    for row in header.iter().chain(rows.iter()) {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, row: &[Cow<str>]| {
        let mut parts = Vec::with_capacity(cols);
        for (i, cell) in row.iter().enumerate().take(cols) {
            let pad = widths[i] - cell.chars().count();
            let last = i + 1 == cols;
            parts.push(match align[i] {
                Align::Right => format!("{}{cell}", " ".repeat(pad)),
                Align::Left if last => cell.to_string(),
                Align::Left => format!("{cell}{}", " ".repeat(pad)),
            });
        }
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    if let Some(h) = &header {
        line(&mut out, h);
        let total: usize = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
        out.push_str(&"-".repeat(total));
        out.push('\n');
    }
    for r in &rows {
        line(&mut out, r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns() {
        let rows = vec![
            vec!["a".to_string(), "1.00".to_string()],
            vec!["bbb".to_string(), "10.00".to_string()],
        ];
        assert_eq!(
            render(Some(&["name", "n"]), &rows, &[Align::Left, Align::Right]),
            "name      n\n-----------\na      1.00\nbbb   10.00\n"
        );
    }

    #[test]
    fn control_characters_are_escaped_and_aligned_as_shown() {
        let rows = vec![
            vec!["\x1b[2J".to_string(), "1".to_string()],
            vec!["abcde".to_string(), "2".to_string()],
        ];
        assert_eq!(
            render(None, &rows, &[Align::Left, Align::Right]),
            "\\e[2J  1\nabcde  2\n"
        );
    }
}
