//! Tags in comments, read the hledger way (spec D3), plus ledger's `:tag1:tag2:` form.
//!
//! Per comment line: a tag name is the last whitespace-separated word before a `:`; its value
//! runs to the next `,` or the end of the line, trimmed. Free text may precede a tag.

use std::ops::Range;

/// One tag found in a comment: byte ranges relative to the comment text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawTag {
    /// The name.
    pub name: Range<usize>,
    /// The value, trimmed (empty range when there is none).
    pub value: Range<usize>,
}

/// Whether a word is a ledger tag list `:a:b:`.
fn ledger_tag_list(word: &str) -> bool {
    word.len() >= 3
        && word.starts_with(':')
        && word.ends_with(':')
        && word[1..word.len() - 1].split(':').all(|t| !t.is_empty())
}

/// Finds the tags of one comment line (the text after `;`).
pub fn scan_tags(comment: &str, out: &mut Vec<RawTag>) {
    // Nearly every comment is ASCII, where whitespace is a byte test; decoding characters to
    // ask Unicode took a fifth of the scan.
    if comment.is_ascii() {
        scan::<AsciiSpace>(comment, out)
    } else {
        scan::<UnicodeSpace>(comment, out)
    }
}

/// How whitespace is found in a comment: the two kinds give the same answers on ASCII text.
trait Whitespace {
    /// Where the first whitespace character starts.
    fn first(s: &str) -> Option<usize>;
    /// Where the character after the last whitespace character starts.
    fn after_last(s: &str) -> Option<usize>;
    /// `s` without leading whitespace.
    fn trim_start(s: &str) -> &str;
    /// `s` without trailing whitespace.
    fn trim_end(s: &str) -> &str;
}

/// Unicode's whitespace (`char::is_whitespace`), for any text.
struct UnicodeSpace;

impl Whitespace for UnicodeSpace {
    fn first(s: &str) -> Option<usize> {
        s.find(char::is_whitespace)
    }
    fn after_last(s: &str) -> Option<usize> {
        s.rfind(char::is_whitespace)
            .map(|i| i + s[i..].chars().next().map_or(1, char::len_utf8))
    }
    fn trim_start(s: &str) -> &str {
        s.trim_start()
    }
    fn trim_end(s: &str) -> &str {
        s.trim_end()
    }
}

/// The same whitespace as bytes, for ASCII text only.
struct AsciiSpace;

impl AsciiSpace {
    /// The ASCII characters `char::is_whitespace` accepts: space, tab to carriage return.
    fn is(b: &u8) -> bool {
        matches!(b, b' ' | b'\t'..=b'\r')
    }
}

impl Whitespace for AsciiSpace {
    fn first(s: &str) -> Option<usize> {
        s.bytes().position(|b| AsciiSpace::is(&b))
    }
    fn after_last(s: &str) -> Option<usize> {
        s.bytes().rposition(|b| AsciiSpace::is(&b)).map(|i| i + 1)
    }
    fn trim_start(s: &str) -> &str {
        &s[s.bytes().take_while(AsciiSpace::is).count()..]
    }
    fn trim_end(s: &str) -> &str {
        &s[..s.len() - s.bytes().rev().take_while(AsciiSpace::is).count()]
    }
}

/// [`scan_tags`] with whitespace found the `W` way.
fn scan<W: Whitespace>(comment: &str, out: &mut Vec<RawTag>) {
    let mut pos = 0;
    // Ledger tag list as the first word: `; :urgent:disputed:`.
    let trimmed_start = comment.len() - W::trim_start(comment).len();
    let first_word_end =
        W::first(&comment[trimmed_start..]).map_or(comment.len(), |i| trimmed_start + i);
    if ledger_tag_list(&comment[trimmed_start..first_word_end]) {
        let mut start = trimmed_start + 1;
        for part in comment[trimmed_start + 1..first_word_end - 1].split(':') {
            out.push(RawTag {
                name: start..start + part.len(),
                value: first_word_end..first_word_end,
            });
            start += part.len() + 1;
        }
        pos = first_word_end;
    }
    let bytes = comment.as_bytes();
    while pos < bytes.len() {
        let Some(colon) = memchr::memchr(b':', &bytes[pos..]).map(|i| pos + i) else {
            return;
        };
        let name_start = W::after_last(&comment[pos..colon]).map_or(pos, |i| pos + i);
        if name_start == colon {
            pos = colon + 1;
            continue;
        }
        let value_end =
            memchr::memchr(b',', &bytes[colon + 1..]).map_or(bytes.len(), |i| colon + 1 + i);
        let raw = &comment[colon + 1..value_end];
        let lead = raw.len() - W::trim_start(raw).len();
        let value = colon + 1 + lead..colon + 1 + W::trim_end(raw).len();
        let value = if value.start > value.end {
            value.end..value.end
        } else {
            value
        };
        out.push(RawTag {
            name: name_start..colon,
            value,
        });
        pos = value_end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(c: &str) -> Vec<(&str, &str)> {
        let mut v = Vec::new();
        scan_tags(c, &mut v);
        v.into_iter().map(|t| (&c[t.name], &c[t.value])).collect()
    }

    #[test]
    fn hledger_rules() {
        assert_eq!(
            tags(" due: 2026-02-14, po: PO-7781"),
            vec![("due", "2026-02-14"), ("po", "PO-7781")]
        );
        assert_eq!(
            tags(" short paid, invoice: B-2002"),
            vec![("invoice", "B-2002")]
        );
        assert_eq!(tags(" just text"), vec![]);
        assert_eq!(tags(" flag:"), vec![("flag", "")]);
        assert_eq!(
            tags(" customer: Acme Corp, terms: net30, credit-limit: 10000 USD"),
            vec![
                ("customer", "Acme Corp"),
                ("terms", "net30"),
                ("credit-limit", "10000 USD")
            ]
        );
        assert_eq!(tags(" see http://x.y"), vec![("http", "//x.y")]);
    }

    #[test]
    fn ledger_tag_lists() {
        assert_eq!(
            tags(" :urgent:disputed:"),
            vec![("urgent", ""), ("disputed", "")]
        );
        assert_eq!(tags(" :a: rest x: 1"), vec![("a", ""), ("x", "1")]);
    }

    #[test]
    fn non_ascii_whitespace_before_name() {
        assert_eq!(tags("\u{a0}é: ü"), vec![("é", "ü")]);
    }

    proptest::proptest! {
        /// On ASCII text, whitespace found as bytes gives the tags Unicode's gives.
        #[test]
        fn ascii_whitespace_finds_what_unicode_finds(c in "[ -~\t\n\x0b\x0c\r\x1c:,]{0,40}") {
            let (mut ascii, mut unicode) = (Vec::new(), Vec::new());
            scan::<AsciiSpace>(&c, &mut ascii);
            scan::<UnicodeSpace>(&c, &mut unicode);
            proptest::prop_assert_eq!(ascii, unicode);
        }
    }
}
