//! The blanks (spaces and tabs) that pad journal lines, scanned eight bytes at a time: posting
//! lines align their amounts with runs of spaces, and every posting of a book is read past
//! them.

/// A byte of ones in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
/// The high bit of every byte.
const HIGH: u64 = ONES << 7;

/// The high bit of each byte of `x` that is zero: exact for every byte (no carry crosses
/// bytes, unlike the shorter `(x - ONES) & !x & HIGH`).
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The high bit of each byte of `word` equal to `b`.
fn bytes_equal(word: u64, b: u8) -> u64 {
    zero_bytes(word ^ (ONES * u64::from(b)))
}

/// The eight bytes of `s` from `i`, if there are eight.
fn word_at(s: &[u8], i: usize) -> Option<u64> {
    let bytes = s.get(i..i + 8)?;
    Some(u64::from_le_bytes(bytes.try_into().ok()?))
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The number of spaces and tabs `s` starts with.
pub(crate) fn blank_len(s: &[u8]) -> usize {
    let mut i = 0;
    while let Some(word) = word_at(s, i) {
        let other = !(bytes_equal(word, b' ') | bytes_equal(word, b'\t')) & HIGH;
        if other != 0 {
            return i + other.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + s[i..].iter().take_while(|&&b| is_blank(b)).count()
}

/// `s` without the spaces and tabs it starts with.
pub(crate) fn trim_blanks(s: &str) -> &str {
    // Blanks are ASCII: the first other byte starts a character.
    &s[blank_len(s.as_bytes())..]
}

/// Where the account part of a posting line ends: at two spaces, a tab, or the line's end.
pub(crate) fn account_end(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    // A word at a time, the first seven bytes of each (the eighth needs the next byte to tell
    // whether its space is the first of two): a tab, or a space followed by a space.
    while let Some(word) = word_at(b, i) {
        let spaces = bytes_equal(word, b' ');
        let ends = (bytes_equal(word, b'\t') | (spaces & (spaces >> 8))) & (HIGH >> 8);
        if ends != 0 {
            return i + ends.trailing_zeros() as usize / 8;
        }
        i += 7;
    }
    while i < b.len() {
        match b[i] {
            b'\t' => return i,
            b' ' if b.get(i + 1) == Some(&b' ') => return i,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_account_end(s: &str) -> usize {
        let b = s.as_bytes();
        (0..b.len())
            .find(|&i| b[i] == b'\t' || (b[i] == b' ' && b.get(i + 1) == Some(&b' ')))
            .unwrap_or(b.len())
    }

    #[test]
    fn posting_lines() {
        let line = "    Assets:Receivable:Cust0004                  553.08 USD";
        assert_eq!(blank_len(line.as_bytes()), 4);
        let s = trim_blanks(line);
        assert_eq!(&s[..account_end(s)], "Assets:Receivable:Cust0004");
        assert_eq!(trim_blanks(&s[account_end(s)..]), "553.08 USD");
        assert_eq!(account_end("Income:Sales Tax\t5"), 16);
        assert_eq!(account_end("a b  1"), 3);
        assert_eq!(blank_len(b"  \t \t    \t\t  x"), 13);
        assert_eq!(blank_len(b"        "), 8);
    }

    proptest::proptest! {
        /// The word-at-a-time scans find what a byte-by-byte scan finds, including around
        /// multi-byte characters and at every position in a word.
        #[test]
        fn word_scans_match_byte_scans(s in "[ \ta:é!\\x08\\x19)\\x7f]{0,40}") {
            let naive_blanks = s.bytes().take_while(|&b| is_blank(b)).count();
            proptest::prop_assert_eq!(blank_len(s.as_bytes()), naive_blanks);
            proptest::prop_assert_eq!(account_end(&s), naive_account_end(&s));
        }
    }
}
