//! Renderers: everything that turns report data into text for the terminal or files.

pub mod diagnostics;
pub mod html;
pub mod table;

/// Writes CSV records (RFC 4180) into a string; every field quoted when `quote_all` (the
/// hledger layout), else only fields that need it.
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
        // Writing to a Vec cannot fail.
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
