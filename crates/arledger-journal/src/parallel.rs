//! Parallel parsing of large sources, with a result identical to reading them in order.
//!
//! The directives before the first transaction are read in order first. The rest is cut into
//! chunks at transaction starts and each chunk is parsed by a worker (rayon) into a journal of
//! its own, starting from the parser state after that prefix. The chunks are then merged in file
//! order, names re-interned, indices shifted. A chunk that changes the parser state (`alias`,
//! `year`, `commodity` formats, an unclosed `comment` block, …) or reaches an `include` makes
//! the chunks after it invalid: from there on the source is read in order, as without workers.

use rayon::prelude::*;

use crate::load::Loader;
use crate::model::{AccountId, CommodityId, CommodityInfo, Directive, Journal, TagId, TxnId};
use crate::source::SourceId;

/// Where the first transaction line (a line starting with a digit) begins, if any.
fn first_transaction(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.first().is_some_and(u8::is_ascii_digit) {
        return Some(0);
    }
    memchr::memchr_iter(b'\n', b)
        .map(|i| i + 1)
        .find(|&i| b.get(i).is_some_and(u8::is_ascii_digit))
}

/// Chunk boundaries in `start..len`: each boundary starts a transaction line.
fn boundaries(text: &str, start: usize, chunks: usize) -> Vec<usize> {
    let b = text.as_bytes();
    let len = b.len();
    let mut cuts = vec![start];
    for k in 1..chunks {
        let target = start + (len - start) * k / chunks;
        let from = target.max(*cuts.last().unwrap_or(&start) + 1);
        if from >= len {
            break;
        }
        let next = memchr::memchr_iter(b'\n', &b[from..])
            .map(|i| from + i + 1)
            .find(|&i| b.get(i).is_some_and(u8::is_ascii_digit));
        match next {
            Some(cut) if cut < len => cuts.push(cut),
            _ => break,
        }
    }
    cuts.push(len);
    cuts
}

/// Parses source `id` with workers; see the module documentation.
pub(crate) fn parse_parallel(ld: &mut Loader, id: SourceId) {
    let text = ld.j.sources.get(id).text.clone();
    let Some(body) = first_transaction(&text) else {
        ld.parse_range(id, 0, text.len());
        return;
    };
    ld.parse_range(id, 0, body);
    if ld.stopped_at.is_some() {
        return;
    }
    let chunks = match ld.opts.chunks {
        0 => rayon::current_num_threads() * 4,
        n => n,
    };
    let cuts = boundaries(&text, body, chunks);
    let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    let workers: Vec<Loader> = ranges
        .par_iter()
        .map(|&(start, end)| {
            let mut w = ld.worker();
            w.parse_range(id, start, end);
            w
        })
        .collect();
    // Grow each vector once, to its final size, instead of once per chunk.
    let total = |f: fn(&Journal) -> usize| workers.iter().map(|w| f(&w.j)).sum::<usize>();
    ld.j.postings.reserve(total(|j| j.postings.len()));
    ld.j.transactions.reserve(total(|j| j.transactions.len()));
    ld.j.tags.reserve(total(|j| j.tags.len()));
    ld.j.comments.reserve(total(|j| j.comments.len()));
    for (w, &(_, end)) in workers.into_iter().zip(&ranges) {
        let stopped = w.stopped_at;
        let changed = w.state_changed;
        absorb(ld, w);
        if let Some(at) = stopped {
            ld.parse_range(id, at, text.len());
            return;
        }
        if changed {
            ld.parse_range(id, end, text.len());
            return;
        }
    }
}

impl Loader {
    /// A worker: same sources, options and parser state, commodities known so far (their
    /// declared marks steer number parsing), and an empty model.
    fn worker(&self) -> Loader {
        let mut w = Loader::empty_like(self);
        w.j.sources = self.j.sources.clone();
        w.j.commodities = self.j.commodities.clone();
        w.j.commodity_info = self.j.commodity_info.clone();
        w.state = self.state.clone();
        w.worker = true;
        w
    }
}

/// Merges a commodity's facts from a chunk into the facts so far, as reading in order would.
fn merge_commodity(g: &mut CommodityInfo, w: &CommodityInfo) {
    if g.declared.is_none() {
        g.declared = w.declared;
    }
    // Only a chunk that changes parser state changes these, and it is the last one merged.
    g.declared_style = w.declared_style;
    g.declared_mark = w.declared_mark;
    g.decimals_seen = g.decimals_seen.max(w.decimals_seen);
    match (&mut g.inferred_style, w.inferred_style) {
        (None, ws) => {
            g.inferred_style = ws;
            g.mark_seen = w.mark_seen;
        }
        (Some(gs), Some(ws)) => {
            gs.precision = gs.precision.max(ws.precision);
            if !g.mark_seen && w.mark_seen {
                gs.decimal_mark = ws.decimal_mark;
                g.mark_seen = true;
            }
            if gs.group.is_none() && ws.group != Some(gs.decimal_mark) {
                gs.group = ws.group;
            }
        }
        (Some(_), None) => {}
    }
}

/// Appends a worker's model to the loader's, re-interning names and shifting indices.
fn absorb(ld: &mut Loader, w: Loader) {
    let Loader {
        j: wj,
        diags,
        state,
        unbalanced,
        deferred,
        ..
    } = w;
    let Journal {
        accounts,
        account_info,
        account_decls,
        commodities,
        commodity_info,
        tag_names,
        transactions,
        postings,
        extras,
        tags,
        comments,
        prices,
        periodic,
        automated,
        directives,
        ..
    } = wj;
    let acc: Vec<AccountId> = accounts.iter().map(|(_, n)| ld.intern_account(n)).collect();
    let com: Vec<CommodityId> = commodities.iter().map(|(_, n)| ld.commodity(n)).collect();
    let tag: Vec<TagId> = tag_names
        .iter()
        .map(|(_, n)| ld.j.tag_names.intern(n))
        .collect();
    let j = &mut ld.j;
    for (local, info) in commodity_info.iter().enumerate() {
        merge_commodity(&mut j.commodity_info[com[local].index()], info);
    }
    let decl_off = j.account_decls.len() as u32;
    for (local, info) in account_info.iter().enumerate() {
        let g = &mut j.account_info[acc[local].index()];
        if g.declared.is_none() {
            g.declared = info.declared.map(|d| d + decl_off);
        }
        if info.account_type.is_some() {
            g.account_type = info.account_type;
        }
    }
    let (p_off, t_off, c_off, e_off) = (
        j.postings.len() as u32,
        j.tags.len() as u32,
        j.comments.len() as u32,
        j.extras.len() as u32,
    );
    let txn_off = j.transactions.len() as u32;
    let shift = |r: std::ops::Range<u32>, by: u32| r.start + by..r.end + by;
    j.postings.extend(postings.into_iter().map(|mut p| {
        p.account = acc[p.account.index()];
        p.amount.commodity = com[p.amount.commodity.index()];
        p.tags = shift(p.tags, t_off);
        p.comments = shift(p.comments, c_off);
        p.extra = p.extra.map(|e| e + e_off);
        p
    }));
    j.extras.extend(extras.into_iter().map(|mut e| {
        if let Some(c) = &mut e.cost {
            c.amount.commodity = com[c.amount.commodity.index()];
        }
        if let Some(a) = &mut e.assertion {
            a.amount.commodity = com[a.amount.commodity.index()];
        }
        if let Some((p, _)) = e.lot.as_mut().and_then(|l| l.price.as_mut()) {
            p.commodity = com[p.commodity.index()];
        }
        e
    }));
    j.tags.extend(tags.into_iter().map(|mut t| {
        t.name = tag[t.name.index()];
        t
    }));
    j.comments.extend(comments);
    let move_txn = |mut t: crate::model::Transaction| {
        t.postings = shift(t.postings, p_off);
        t.tags = shift(t.tags, t_off);
        t.comments = shift(t.comments, c_off);
        t
    };
    j.transactions
        .extend(transactions.into_iter().map(move_txn));
    j.account_decls
        .extend(account_decls.into_iter().map(|mut d| {
            d.account = acc[d.account.index()];
            d.tags = shift(d.tags, t_off);
            d.comments = shift(d.comments, c_off);
            d
        }));
    j.prices.extend(prices.into_iter().map(|mut p| {
        p.commodity = com[p.commodity.index()];
        p.price.commodity = com[p.price.commodity.index()];
        p
    }));
    for (list, rules) in [(&mut j.periodic, periodic), (&mut j.automated, automated)] {
        list.extend(rules.into_iter().map(|mut r| {
            r.txn = move_txn(r.txn);
            r
        }));
    }
    j.directives.extend(directives.into_iter().map(|(span, d)| {
        let d = match d {
            Directive::Tag(t) => Directive::Tag(tag[t.index()]),
            Directive::DefaultCommodity(c) => Directive::DefaultCommodity(com[c.index()]),
            other => other,
        };
        (span, d)
    }));
    ld.unbalanced
        .extend(unbalanced.into_iter().map(|t| TxnId(t.0 + txn_off)));
    ld.deferred
        .extend(deferred.into_iter().map(|t| TxnId(t.0 + txn_off)));
    ld.diags.extend(diags);
    ld.state = state;
    ld.state.default_commodity = ld.state.default_commodity.map(|c| com[c.index()]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_start_at_transactions() {
        let text = "commodity USD\n2026-01-01 a\n  x  1 USD\n  y\n2026-01-02 b\n  x  1 USD\n  y\n; c\n2026-01-03 c\n  x  1 USD\n  y\n";
        let body = first_transaction(text).unwrap();
        assert_eq!(&text[body..body + 10], "2026-01-01");
        let cuts = boundaries(text, body, 3);
        assert_eq!(*cuts.last().unwrap(), text.len());
        for c in &cuts[..cuts.len() - 1] {
            assert!(text.as_bytes()[*c].is_ascii_digit(), "cut at {c}");
        }
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
    }
}
