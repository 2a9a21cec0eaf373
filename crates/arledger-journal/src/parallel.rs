//! Parallel parsing of large sources, with a result identical to reading them in order.
//!
//! The directives before the first transaction are read in order first. The rest is cut into
//! chunks at transaction starts and each chunk is parsed by a worker (rayon) into a journal of
//! its own, starting from the parser state after that prefix. The chunks are then merged in file
//! order, names re-interned, indices shifted. A chunk that changes the parser state (`alias`,
//! `year`, `commodity` formats, an unclosed `comment` block, …) or reaches an `include` makes
//! the chunks after it invalid: from there on the source is read in order, as without workers.

use rayon::prelude::*;

use crate::load::{Loader, StyleTrace};
use crate::model::{
    AccountId, AmountStyle, CommodityId, CommodityInfo, Directive, Journal, TagId, TxnId,
};
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
    // A block comment holds the first line that starts with a digit: no transaction starts
    // there, so read the file in order from the block on.
    if let Some(at) = ld.stopped_at.take() {
        ld.parse_range(id, at, text.len());
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
    // Only the chunks up to the first that changed state or stopped at an include are valid;
    // from there the source is read in order.
    let mut workers = workers;
    let valid = workers
        .iter()
        .position(|w| w.stopped_at.is_some() || w.state_changed)
        .map_or(workers.len(), |k| k + 1);
    let resume = valid.checked_sub(1).and_then(|last| {
        let w = &workers[last];
        w.stopped_at.or(w.state_changed.then_some(ranges[last].1))
    });
    workers.truncate(valid);
    // Names and per-commodity facts in order (cheap), then the bulk remapping in parallel,
    // then one append per vector.
    let mut offsets = Offsets::of(&ld.j);
    let mut plans = Vec::with_capacity(workers.len());
    for w in &workers {
        plans.push(plan(ld, w, offsets));
        offsets = offsets.after(&w.j);
    }
    workers
        .par_iter_mut()
        .zip(&plans)
        .for_each(|(w, plan)| remap(&mut w.j, plan));
    let total = |f: fn(&Journal) -> usize| workers.iter().map(|w| f(&w.j)).sum::<usize>();
    ld.j.postings.reserve(total(|j| j.postings.len()));
    ld.j.transactions.reserve(total(|j| j.transactions.len()));
    ld.j.tags.reserve(total(|j| j.tags.len()));
    ld.j.comments.reserve(total(|j| j.comments.len()));
    for (w, plan) in workers.into_iter().zip(&plans) {
        append(ld, w, plan);
    }
    if let Some(at) = resume {
        ld.parse_range(id, at, text.len());
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

/// Merges a commodity's facts from a chunk into the facts so far, as reading in order would:
/// the inferred style by replaying the chunk's [`StyleTrace`] onto it.
fn merge_commodity(g: &mut CommodityInfo, w: &CommodityInfo, trace: Option<&StyleTrace>) {
    if g.declared.is_none() {
        g.declared = w.declared;
    }
    // Only a chunk that changes parser state changes these, and it is the last one merged.
    g.declared_style = w.declared_style;
    g.declared_mark = w.declared_mark;
    g.decimals_seen = g.decimals_seen.max(w.decimals_seen);
    // No trace: the chunk has no amount that infers this commodity's style.
    let (Some(ws), Some(trace)) = (w.inferred_style, trace) else {
        return;
    };
    let gs = g.inferred_style.get_or_insert(AmountStyle {
        precision: 0,
        decimal_mark: trace.default_mark.unwrap_or('.'),
        group: None,
        ..ws
    });
    gs.precision = gs.precision.max(ws.precision);
    for step in &trace.steps {
        step.apply(gs, &mut g.mark_seen);
    }
}

/// Where a chunk's items go in the merged journal: lengths of the vectors before it.
#[derive(Clone, Copy)]
struct Offsets {
    postings: u32,
    tags: u32,
    comments: u32,
    extras: u32,
    transactions: u32,
    decls: u32,
}

impl Offsets {
    fn of(j: &Journal) -> Offsets {
        Offsets {
            postings: j.postings.len() as u32,
            tags: j.tags.len() as u32,
            comments: j.comments.len() as u32,
            extras: j.extras.len() as u32,
            transactions: j.transactions.len() as u32,
            decls: j.account_decls.len() as u32,
        }
    }

    fn after(self, j: &Journal) -> Offsets {
        let o = Offsets::of(j);
        Offsets {
            postings: self.postings + o.postings,
            tags: self.tags + o.tags,
            comments: self.comments + o.comments,
            extras: self.extras + o.extras,
            transactions: self.transactions + o.transactions,
            decls: self.decls + o.decls,
        }
    }
}

/// How one chunk's ids map to the merged journal's.
struct Plan {
    acc: Vec<AccountId>,
    com: Vec<CommodityId>,
    tag: Vec<TagId>,
    at: Offsets,
}

/// Interns a chunk's names into the loader and merges its account and commodity facts (in
/// chunk order, as reading in order would).
fn plan(ld: &mut Loader, w: &Loader, at: Offsets) -> Plan {
    let acc: Vec<AccountId> =
        w.j.accounts
            .iter()
            .map(|(_, n)| ld.intern_account(n))
            .collect();
    let com: Vec<CommodityId> =
        w.j.commodities
            .iter()
            .map(|(_, n)| ld.commodity(n))
            .collect();
    let tag: Vec<TagId> =
        w.j.tag_names
            .iter()
            .map(|(_, n)| ld.j.tag_names.intern(n))
            .collect();
    ld.marks.merge(&w.marks, &com);
    for (local, info) in w.j.commodity_info.iter().enumerate() {
        let trace = w.style_traces.get(local);
        merge_commodity(&mut ld.j.commodity_info[com[local].index()], info, trace);
    }
    for (local, info) in w.j.account_info.iter().enumerate() {
        let g = &mut ld.j.account_info[acc[local].index()];
        if g.declared.is_none() {
            g.declared = info.declared.map(|d| d + at.decls);
        }
        if info.account_type.is_some() {
            g.account_type = info.account_type;
        }
    }
    Plan { acc, com, tag, at }
}

fn shift(r: std::ops::Range<u32>, by: u32) -> std::ops::Range<u32> {
    r.start + by..r.end + by
}

fn move_txn(t: &mut crate::model::Transaction, at: &Offsets) {
    t.postings = shift(t.postings.clone(), at.postings);
    t.tags = shift(t.tags.clone(), at.tags);
    t.comments = shift(t.comments.clone(), at.comments);
}

/// Rewrites a chunk's ids and indices in place to the merged journal's (run in parallel).
fn remap(j: &mut Journal, plan: &Plan) {
    let (acc, com, tag, at) = (&plan.acc, &plan.com, &plan.tag, &plan.at);
    for p in &mut j.postings {
        p.account = acc[p.account.index()];
        p.amount.commodity = com[p.amount.commodity.index()];
        p.tags = shift(p.tags.clone(), at.tags);
        p.comments = shift(p.comments.clone(), at.comments);
        p.extra = p.extra.map(|e| e + at.extras);
    }
    for e in &mut j.extras {
        if let Some(c) = &mut e.cost {
            c.amount.commodity = com[c.amount.commodity.index()];
        }
        if let Some(a) = &mut e.assertion {
            a.amount.commodity = com[a.amount.commodity.index()];
        }
        if let Some((p, _)) = e.lot.as_mut().and_then(|l| l.price.as_mut()) {
            p.commodity = com[p.commodity.index()];
        }
    }
    for t in &mut j.tags {
        t.name = tag[t.name.index()];
    }
    for t in &mut j.transactions {
        move_txn(t, at);
    }
    for d in &mut j.account_decls {
        d.account = acc[d.account.index()];
        d.tags = shift(d.tags.clone(), at.tags);
        d.comments = shift(d.comments.clone(), at.comments);
    }
    for p in &mut j.prices {
        p.commodity = com[p.commodity.index()];
        p.price.commodity = com[p.price.commodity.index()];
    }
    for r in j.periodic.iter_mut().chain(j.automated.iter_mut()) {
        move_txn(&mut r.txn, at);
    }
    for (_, d) in &mut j.directives {
        match d {
            Directive::Tag(t) => *t = tag[t.index()],
            Directive::DefaultCommodity(c) => *c = com[c.index()],
            _ => {}
        }
    }
}

/// Appends a remapped chunk to the loader's journal.
fn append(ld: &mut Loader, mut w: Loader, plan: &Plan) {
    let j = &mut ld.j;
    j.postings.append(&mut w.j.postings);
    j.extras.append(&mut w.j.extras);
    j.tags.append(&mut w.j.tags);
    j.comments.append(&mut w.j.comments);
    j.transactions.append(&mut w.j.transactions);
    j.account_decls.append(&mut w.j.account_decls);
    j.prices.append(&mut w.j.prices);
    j.periodic.append(&mut w.j.periodic);
    j.automated.append(&mut w.j.automated);
    j.directives.append(&mut w.j.directives);
    let off = plan.at.transactions;
    ld.unbalanced
        .extend(w.unbalanced.iter().map(|t| TxnId(t.0 + off)));
    ld.deferred
        .extend(w.deferred.iter().map(|t| TxnId(t.0 + off)));
    ld.diags.append(&mut w.diags);
    ld.state = w.state;
    ld.state.default_commodity = ld.state.default_commodity.map(|c| plan.com[c.index()]);
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
