//! What a loaded journal means, written out without where anything is written: the model
//! (transactions, postings, amounts, tags, comments, directives, declarations, commodity
//! styles) and every diagnostic with its line, but no byte offsets or columns.

use std::fmt::Write as _;
use std::ops::Range;

use crate::load::Loaded;
use crate::model::{Amount, Comment, Directive, Journal, Transaction};

/// A description of everything `loaded` means, one fact a line. Two journals with the same
/// description read the same for every command: formatting must keep it (spans aside).
/// Comments are compared without the spaces and tabs at their ends, which the formatter
/// removes.
pub fn meaning(loaded: &Loaded) -> String {
    let j = &loaded.journal;
    let mut out = String::new();
    let w = &mut out;
    for s in j.sources.iter() {
        let _ = writeln!(w, "source {}", s.path.display());
    }
    for (id, name) in j.accounts.iter() {
        let _ = writeln!(w, "account {name:?} {:?}", j.account_info[id.index()]);
    }
    for d in &j.account_decls {
        let _ = writeln!(w, "account directive {:?}", j.account_name(d.account));
        notes(w, j, &d.tags, &j.declaration_comments(d));
    }
    for (id, name) in j.commodities.iter() {
        let c = &j.commodity_info[id.index()];
        let _ = writeln!(
            w,
            "commodity {name:?} declared={} {:?} {:?} {:?} decimals={} mark_seen={}",
            c.declared.is_some(),
            c.declared_style,
            c.declared_mark,
            c.inferred_style,
            c.decimals_seen,
            c.mark_seen
        );
    }
    for (_, name) in j.tag_names.iter() {
        let _ = writeln!(w, "tag name {name:?}");
    }
    for t in &j.transactions {
        transaction(w, j, t, &j.transaction_comments(t));
    }
    for p in &j.prices {
        let _ = writeln!(
            w,
            "P {} {:?} {}",
            p.date,
            j.commodity_name(p.commodity),
            amount(j, p.price)
        );
    }
    for (kind, rules) in [("~", &j.periodic), ("=", &j.automated)] {
        for r in rules {
            let _ = writeln!(w, "rule {kind} {:?}", j.text(r.expr));
            transaction(w, j, &r.txn, &j.rule_comments(r));
        }
    }
    for (_, d) in &j.directives {
        let _ = match d {
            Directive::Payee(s) => writeln!(w, "payee {:?}", j.text(*s)),
            Directive::Tag(id) => writeln!(w, "tag {:?}", j.tag_names.name(*id)),
            Directive::DefaultCommodity(c) => writeln!(w, "D {:?}", j.commodity_name(*c)),
            Directive::Include(s) => writeln!(w, "include {:?}", j.text(*s)),
            Directive::Other(s) => writeln!(w, "directive {:?}", j.text(*s)),
        };
    }
    for d in &loaded.diagnostics {
        let at = |span| {
            let path = j.sources.path(span).display();
            format!("{path}:{}", j.sources.line_col(span).line)
        };
        let labels: Vec<String> = d
            .labels
            .iter()
            .map(|l| format!("{} {}", at(l.span), l.message))
            .collect();
        let _ = writeln!(
            w,
            "diagnostic {:?} {} {} {:?} expected={:?} notes={:?} labels={:?}",
            d.severity,
            d.code.id(),
            at(d.span),
            d.message,
            d.expected,
            d.notes,
            labels
        );
    }
    for o in &loaded.open_at_end {
        let _ = writeln!(w, "open at end {o:?}");
    }
    out
}

fn amount(j: &Journal, a: Amount) -> String {
    format!("{} {:?}", a.quantity, j.commodity_name(a.commodity))
}

/// Tags and comments of a transaction, posting or directive.
fn notes(w: &mut String, j: &Journal, tags: &Range<u32>, comments: &[Comment]) {
    for t in j.tags_in(tags) {
        let _ = writeln!(
            w,
            "  tag {:?} {:?}",
            j.tag_names.name(t.name),
            j.text(t.value)
        );
    }
    for c in comments {
        let text = j.text(c.text).trim_end_matches([' ', '\t']);
        let _ = writeln!(w, "  comment {text:?} same_line={}", c.same_line);
    }
}

/// A transaction or rule, given its own comments.
fn transaction(w: &mut String, j: &Journal, t: &Transaction, comments: &[Comment]) {
    let _ = writeln!(
        w,
        "transaction {} {:?} {:?} {:?} {:?}",
        t.date,
        t.date2,
        t.status,
        t.code().map(|c| j.text(c)),
        j.text(t.description())
    );
    notes(w, j, &t.tags, comments);
    for p in j.postings_of(t) {
        let _ = writeln!(
            w,
            "  posting {:?} {:?} {:?} {} {:?}",
            j.account_name(p.account),
            p.kind,
            p.status,
            amount(j, p.amount),
            p.origin
        );
        if let Some(e) = j.extra(p) {
            if let Some(c) = e.cost {
                let _ = writeln!(w, "    cost {} total={}", amount(j, c.amount), c.total);
            }
            if let Some(l) = e.lot {
                let _ = writeln!(
                    w,
                    "    lot {:?} {:?} {:?}",
                    l.price.map(|(a, total)| (amount(j, a), total)),
                    l.date,
                    l.note.map(|n| j.text(n))
                );
            }
            if let Some(a) = e.assertion {
                let _ = writeln!(
                    w,
                    "    assertion {} total={} inclusive={}",
                    amount(j, a.amount),
                    a.total,
                    a.inclusive
                );
            }
            let _ = writeln!(w, "    dates {:?} {:?}", e.date, e.date2);
        }
        notes(w, j, &j.posting_tags(p), &j.posting_comments(p));
    }
}
