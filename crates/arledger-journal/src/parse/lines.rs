//! Line iteration over a source text, with byte offsets and `\r\n` handling.

/// One line of a source: its byte range without the line terminator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// Byte offset of the line's first character in the source.
    pub start: usize,
    /// The text, without `\n` or `\r\n`.
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// Whether the line starts with a space or tab.
    pub fn is_indented(&self) -> bool {
        matches!(self.text.as_bytes().first(), Some(b' ' | b'\t'))
    }

    /// Whether the line is empty or only white space.
    pub fn is_blank(&self) -> bool {
        self.text.bytes().all(|b| b == b' ' || b == b'\t')
    }

    /// Byte offset in the source of the line's first non-blank character.
    pub fn content_start(&self) -> usize {
        self.start + (self.text.len() - self.text.trim_start().len())
    }

    /// Byte offset in the source just past the line's text.
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// An iterator over the lines of a text that can peek one line ahead.
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    text: &'a str,
    pos: usize,
    /// The next line and where the one after it starts, when it was looked at already.
    ahead: Option<(Line<'a>, usize)>,
}

impl<'a> Lines<'a> {
    /// Lines of `text`, from its start.
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            pos: 0,
            ahead: None,
        }
    }

    /// Lines of `text[start..end]`, with offsets into the whole `text`.
    pub fn new_range(text: &'a str, start: usize, end: usize) -> Lines<'a> {
        Lines {
            text: &text[..end],
            pos: start,
            ahead: None,
        }
    }

    /// Takes the lines of an entry's body into `body` (cleared first): the indented,
    /// non-blank lines that follow.
    pub fn take_body(&mut self, body: &mut Vec<Line<'a>>) {
        body.clear();
        while let Some(line) = self.next_if(|l| l.is_indented() && !l.is_blank()) {
            body.push(line);
        }
    }

    /// The next line if `take` accepts it; otherwise it stays next (and is not searched for
    /// again: entries' body lines are taken this way, millions in large books).
    fn next_if(&mut self, take: impl FnOnce(&Line<'a>) -> bool) -> Option<Line<'a>> {
        let (line, after) = match self.ahead.take() {
            Some(ahead) => ahead,
            None => self.line_here()?,
        };
        if take(&line) {
            self.pos = after;
            Some(line)
        } else {
            self.ahead = Some((line, after));
            None
        }
    }

    /// The line at the current position and where the one after it starts.
    fn line_here(&self) -> Option<(Line<'a>, usize)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text.as_bytes()[self.pos..];
        let (len, advance) = match memchr::memchr(b'\n', rest) {
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        let start = self.pos;
        let mut text = &self.text[start..start + len];
        if let Some(t) = text.strip_suffix('\r') {
            text = t;
        }
        Some((Line { start, text }, start + advance))
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let (line, after) = match self.ahead.take() {
            Some(ahead) => ahead,
            None => self.line_here()?,
        };
        self.pos = after;
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_offsets() {
        let v: Vec<_> = Lines::new("a\r\n  b\n\nc").collect();
        assert_eq!(
            v,
            vec![
                Line {
                    start: 0,
                    text: "a"
                },
                Line {
                    start: 3,
                    text: "  b"
                },
                Line { start: 7, text: "" },
                Line {
                    start: 8,
                    text: "c"
                }
            ]
        );
        assert!(v[1].is_indented());
        assert_eq!(v[1].content_start(), 5);
        assert!(v[2].is_blank());
    }
}
