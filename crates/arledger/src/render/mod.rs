//! Renderers: everything that turns report data into text for the terminal or files.

pub mod business;
pub mod diagnostics;
pub mod doc;
pub mod html;
pub mod json;
pub mod pdf;
pub mod svg;
pub mod table;
pub mod terminal;
pub mod value;

/// Writes CSV records (RFC 4180) into a string; every field quoted when `quote_all` (the
/// hledger layout), else only fields that need it. Text that a spreadsheet would run as a
/// formula is neutralised (see [`neutralise`]); numbers and amounts are left as they are.
pub fn csv<I, R, S>(records: I, quote_all: bool) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let quote = if quote_all {
        ::csv::QuoteStyle::Always
    } else {
        ::csv::QuoteStyle::Necessary
    };
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .quote_style(quote)
        .from_writer(Vec::new());
    for r in records {
        let fields: Vec<std::borrow::Cow<[u8]>> = r
            .into_iter()
            .map(|f| neutralise(f.as_ref()).into_owned().into())
            .collect();
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&fields);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Whether a cell is a number or an amount (`-12.50`, `+3`, `-1,234.56 USD`, `-19.00%`,
/// `-10 "XYZ (Bond)"`, `-5 €`): spreadsheets must keep reading those as numbers (or as the
/// text they are), so they are never altered. After the sign and a digit, outside double
/// quotes only digits, letters, spaces, `.`, `,`, `$`, `%` and non-ASCII symbols may follow —
/// none of the characters a formula needs (`=`, `+`, `-`, `(`, `|`, `!`, `@`, `'`, …); a
/// quoted commodity name is a string to a spreadsheet, whatever it holds.
fn is_amount(cell: &[u8]) -> bool {
    let rest = cell
        .strip_prefix(b"-")
        .or_else(|| cell.strip_prefix(b"+"))
        .unwrap_or(cell);
    let Some((first, tail)) = rest.split_first() else {
        return false;
    };
    let mut quoted = false;
    first.is_ascii_digit()
        && tail.iter().all(|&b| {
            if b == b'"' {
                quoted = !quoted;
                return true;
            }
            quoted
                || !b.is_ascii()
                || b.is_ascii_alphanumeric()
                || matches!(b, b'.' | b',' | b' ' | b'$' | b'%')
        })
        && !quoted
}

/// A cell as it is safe to open in a spreadsheet: text starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return (which Excel and LibreOffice would evaluate as a formula, e.g. a
/// customer named `=HYPERLINK(…)`) gets a leading `'`, the usual neutralisation (OWASP
/// "CSV injection"). Numbers and amounts keep their sign.
pub fn neutralise(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match cell.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') if !is_amount(cell) => {
            let mut safe = Vec::with_capacity(cell.len() + 1);
            safe.push(b'\'');
            safe.extend_from_slice(cell);
            std::borrow::Cow::Owned(safe)
        }
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        let rows = vec![vec![
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "@SUM(A1)",
            "+cmd|' /C calc'!A0",
            "-1+cmd|' /C calc'!A0",
            "\tTab",
            "-413.33",
            "+3",
            "-1,234.56 USD",
            "-1000.00 \"My Fund\"",
            "-10 \"XYZ (Bond)\"",
            "-19.00%",
            "-1 \"x\"+cmd|' /C calc'!A0",
            "Acme = best",
            "",
        ]];
        let out = csv(rows, false);
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'@SUM(A1),'+cmd|' /C calc'!A0,'-1+cmd|' /C calc'!A0,'\tTab,-413.33,+3,\"-1,234.56 USD\",\"-1000.00 \"\"My Fund\"\"\",\"-10 \"\"XYZ (Bond)\"\"\",-19.00%,\"'-1 \"\"x\"\"+cmd|' /C calc'!A0\",Acme = best,\n"
        );
    }
}
