//! The comments of transactions, postings, rules and account declarations, read from the text
//! when asked for.
//!
//! The model does not store comments: a book of a million transactions has one and a half
//! million of them, 26 MB as rows, and only printing, formatting and documents read them. Their
//! tags are stored ([`Journal::tags`]); the comments are found again in the entry's lines by the
//! parser's own rules for where a comment starts, so they are exactly what lowering read.

use crate::model::{AccountDecl, Comment, Journal, Posting, Rule, Transaction};
use crate::parse::directive::{parse_directive, DirectiveKind, SubLine};
use crate::parse::transaction::{comment_line, header_comment, posting_line_comment};
use crate::parse::{Line, Lines};
use crate::source::{SourceId, Span};

impl Journal {
    /// The comments of a transaction itself: the one on its first line, then the comment lines
    /// before its first posting (a posting's own comments are [`Journal::posting_comments`]).
    pub fn transaction_comments(&self, txn: &Transaction) -> Vec<Comment> {
        let description = txn.description().start as usize;
        self.line_and_under(txn.span, |header| {
            header_comment(header.text, description - header.start)
        })
    }

    /// The comments of a periodic or automated rule itself: the comment lines before its first
    /// posting (its first line holds none).
    pub fn rule_comments(&self, rule: &Rule) -> Vec<Comment> {
        self.line_and_under(rule.txn.span, |_| None)
    }

    /// The comments of a posting: the one on its line, then the comment lines under it. Copies
    /// of a posting (the parts of an elided amount in several commodities, postings an
    /// automated rule adds) have the comments of the line they come from.
    pub fn posting_comments(&self, posting: &Posting) -> Vec<Comment> {
        self.line_and_under(posting.span, |line| posting_line_comment(line.text))
    }

    /// The comments of an `account` directive: on its line and on its indented lines.
    pub fn declaration_comments(&self, decl: &AccountDecl) -> Vec<Comment> {
        let text = &self.sources.get(decl.span.source).text;
        let mut lines = Lines::new_range(text, decl.span.start as usize, decl.span.end as usize);
        let Some(first) = lines.next() else {
            return Vec::new();
        };
        let body: Vec<Line> = lines.collect();
        let syntax = parse_directive(decl.span.source, first, &body, 0);
        let Ok(DirectiveKind::Account { comment, body, .. }) = syntax.kind else {
            return Vec::new();
        };
        let make = |at: usize, text: &str, same_line: bool| Comment {
            text: Span::new(decl.span.source, at..at + text.len()),
            same_line,
        };
        let mut comments: Vec<Comment> = comment.iter().map(|&(at, c)| make(at, c, true)).collect();
        comments.extend(body.iter().filter_map(|l| match l {
            SubLine::Comment { at, text } => Some(make(*at, text, false)),
            _ => None,
        }));
        comments
    }

    /// The comments of what starts at `span` (a transaction's first line, a posting's line): the
    /// one on that line, which starts at the byte `same_line` finds (after `;`), then the
    /// comment lines under it.
    fn line_and_under(
        &self,
        span: Span,
        same_line: impl FnOnce(Line) -> Option<usize>,
    ) -> Vec<Comment> {
        let text = &self.sources.get(span.source).text;
        let Some(line) = Lines::new_range(text, span.start as usize, text.len()).next() else {
            return Vec::new();
        };
        let on_line = same_line(line).map(|at| Comment {
            text: Span::new(span.source, line.start + at..line.end()),
            same_line: true,
        });
        on_line
            .into_iter()
            .chain(self.comment_lines_after(span.source, line))
            .collect()
    }

    /// The comment lines right under `line`, up to the next line of the entry that is not a
    /// comment (a posting) or the end of the entry (a line that is blank or not indented).
    fn comment_lines_after<'j>(
        &'j self,
        source: SourceId,
        line: Line<'j>,
    ) -> impl Iterator<Item = Comment> + 'j {
        let text = &self.sources.get(source).text;
        Lines::new_range(text, line.start, text.len())
            .skip(1)
            .map_while(|l| (l.is_indented() && !l.is_blank()).then_some(l))
            .map_while(comment_line)
            .map(move |(at, c)| Comment {
                text: Span::new(source, at..at + c.len()),
                same_line: false,
            })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::model::{Comment, Journal};
    use crate::parse_str;

    fn texts(j: &Journal, comments: &[Comment]) -> Vec<(String, bool)> {
        comments
            .iter()
            .map(|c| (j.text(c.text).to_string(), c.same_line))
            .collect()
    }

    fn of(list: &[(&str, bool)]) -> Vec<(String, bool)> {
        list.iter().map(|&(t, s)| (t.to_string(), s)).collect()
    }

    #[test]
    fn comments_are_found_where_lowering_read_them() {
        let l = parse_str(concat!(
            "account Assets:Bank ; type: C\n",
            "  ; bank: Acme\n",
            "  # old account\n",
            "\n",
            "2026-01-05 * (A;B) Acme  ; due: 2026-02-04\r\n",
            "  ; first\r\n",
            "  ;second\n",
            "  Assets:AR  10 USD @ 1 EUR = 10 USD ; invoice: INV-1\n",
            "  ; under the posting\n",
            "\t; and a tab\n",
            "  Income  ; [2026-01-06]\n",
            "  ; last\n",
            "; not indented: not the entry's\n",
            "\n",
            "= Income\n",
            "  ; of the rule\n",
            "  Expenses:Tax  *0.1  ; rate\n",
        ));
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let j = &l.journal;
        let t = &j.transactions[0];
        assert_eq!(
            texts(j, &j.transaction_comments(t)),
            of(&[
                (" due: 2026-02-04", true),
                (" first", false),
                ("second", false)
            ])
        );
        let p = j.postings_of(t);
        assert_eq!(
            texts(j, &j.posting_comments(&p[0])),
            of(&[
                (" invoice: INV-1", true),
                (" under the posting", false),
                (" and a tab", false)
            ])
        );
        assert_eq!(
            texts(j, &j.posting_comments(&p[1])),
            of(&[(" [2026-01-06]", true), (" last", false)])
        );
        let rule = &j.automated[0];
        assert_eq!(
            texts(j, &j.rule_comments(rule)),
            of(&[(" of the rule", false)])
        );
        let rp = &j.postings[rule.txn.postings.start as usize];
        assert_eq!(texts(j, &j.posting_comments(rp)), of(&[(" rate", true)]));
        assert_eq!(
            texts(j, &j.declaration_comments(&j.account_decls[0])),
            of(&[
                (" type: C", true),
                (" bank: Acme", false),
                (" old account", false)
            ])
        );
    }

    /// One body line of a generated entry: a comment line, or a posting with or without a
    /// comment of its own.
    #[derive(Clone, Debug)]
    enum Body {
        Comment(String),
        Posting(Option<String>),
    }

    fn comment_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                " ",
                "a",
                "x:",
                " tag: v",
                ";",
                "[",
                "]",
                "2026-01-02",
                "(",
                ")",
                "\t",
            ]),
            0..5,
        )
        .prop_map(|parts| parts.concat())
        .prop_filter("no trailing blank on a comment line", |s| {
            !s.ends_with([' ', '\t'])
        })
    }

    fn entry() -> impl Strategy<Value = (Option<String>, Vec<Body>, bool)> {
        let body = prop_oneof![
            comment_text().prop_map(Body::Comment),
            proptest::option::of(comment_text()).prop_map(Body::Posting),
        ];
        (
            proptest::option::of(comment_text()),
            prop::collection::vec(body, 0..6),
            any::<bool>(),
        )
    }

    proptest! {
        /// Whatever the comments and wherever they are, the ones found again in the text are
        /// those written, in order, each with its owner: the transaction up to the first
        /// posting, then each posting up to the next.
        #[test]
        fn written_comments_are_found_again((header, body, crlf) in entry()) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from("2026-01-05 (X) Acme");
            let mut want_txn = Vec::new();
            let mut want_postings: Vec<Vec<(String, bool)>> = Vec::new();
            if let Some(c) = &header {
                text.push_str(&format!("  ;{c}"));
                want_txn.push((c.clone(), true));
            }
            text.push_str(eol);
            let mut n = 0;
            for line in &body {
                match line {
                    Body::Comment(c) => {
                        text.push_str(&format!("    ;{c}{eol}"));
                        match want_postings.last_mut() {
                            Some(p) => p.push((c.clone(), false)),
                            None => want_txn.push((c.clone(), false)),
                        }
                    }
                    Body::Posting(c) => {
                        n += 1;
                        text.push_str(&format!("    a:{n}  1 USD"));
                        let mut own = Vec::new();
                        if let Some(c) = c {
                            text.push_str(&format!("  ;{c}"));
                            own.push((c.clone(), true));
                        }
                        text.push_str(eol);
                        want_postings.push(own);
                    }
                }
            }
            text.push_str(&format!("    b{eol}    ; after b{eol}{eol}2026-01-06 next{eol}    a  1 USD{eol}    b{eol}"));
            want_postings.push(vec![(" after b".to_string(), false)]);
            let l = parse_str(&text);
            let j = &l.journal;
            // A bracket holding a date-like text that is no date is an error of its own.
            prop_assume!(l.diagnostics.is_empty());
            let t = &j.transactions[0];
            prop_assert_eq!(texts(j, &j.transaction_comments(t)), want_txn);
            let postings = j.postings_of(t);
            prop_assert_eq!(postings.len(), want_postings.len());
            for (p, want) in postings.iter().zip(&want_postings) {
                prop_assert_eq!(&texts(j, &j.posting_comments(p)), want);
            }
        }
    }
}
