//! Parallel parsing of large sources, with a result identical to reading them in order.
//!
//! The directives before the first transaction are read in order first. The rest is cut into
//! chunks at transaction starts. The first chunk is read in place, by the loader itself, while
//! workers (rayon) parse each of the others into a journal of its own, starting from the parser
//! state after that prefix: the first chunk, the largest, is written into the journal once
//! rather than parsed into a chunk and copied. With
//! [`LoadOptions::reuse`](crate::LoadOptions::reuse), chunks parsed by an earlier load whose text
//! and starting state are unchanged are reused instead ([`reuse`]). The chunks are then merged in file
//! order, names re-interned, indices shifted. A chunk that changes the parser state (`alias`,
//! `year`, `commodity` formats, an unclosed `comment` block, …) or reaches an `include` makes
//! the chunks after it invalid: from there on the source is read in order, as without workers.

pub(crate) mod reuse;

use rayon::prelude::*;

use crate::balance::Balancing;
use crate::diagnostic::Diagnostic;
use crate::load::Reader;
use crate::lower::{State, StyleTrace};
use crate::marks::MarkBook;
use crate::model::{
    AccountDecl, AccountId, Amount, AmountStyle, Assertion, CommodityId, CommodityInfo, Cost,
    Directive, Journal, Lot, Notes, Posting, PostingExtra, Price, Rule, Tag, TagId, Transaction,
    NO_CODE,
};
use crate::source::{SourceId, Span};

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

/// Where the body `start..len` of a source is cut for `threads` threads, roughly: the first
/// chunk, read in place, takes nine tenths of one thread's share (it is not copied, so it should
/// be large, and the other threads finish the small chunks after it while it ends); the rest
/// is cut into four small chunks per thread, which even out how long each thread takes. With
/// `chunks` set, `chunks` equal parts.
fn targets(start: usize, len: usize, threads: usize, chunks: usize) -> Vec<usize> {
    let body = len - start;
    if chunks > 0 {
        return (1..chunks).map(|k| start + body * k / chunks).collect();
    }
    if threads < 2 {
        return Vec::new();
    }
    let first = start + body * 9 / (10 * threads);
    let small = threads * 4;
    let mut cuts = vec![first];
    cuts.extend((1..small).map(|k| first + (len - first) * k / small));
    cuts
}

/// Chunk boundaries in `start..len`, each at the first transaction line from a `target` on:
/// `start`, then one per target reached, then `len`.
fn boundaries(text: &str, start: usize, targets: &[usize]) -> Vec<usize> {
    let b = text.as_bytes();
    let len = b.len();
    let mut cuts = vec![start];
    for &target in targets {
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
pub(crate) fn parse_parallel(ld: &mut Reader, id: SourceId) {
    let text = ld.low.j.sources.get(id).text.clone();
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
    if let Some(cache) = ld.opts.reuse.clone() {
        let chunks = reuse::chunks(ld, id, &text, body, &cache);
        let kept = chunks.iter().map(|c| (&c.kept.chunk, c.by)).collect();
        let resume = merge(ld, Chunks::Kept(kept));
        reuse::keep(&cache, ld, id, chunks);
        if let Some(at) = resume {
            ld.parse_range(id, at, text.len());
        }
        return;
    }
    let targets = targets(
        body,
        text.len(),
        rayon::current_num_threads(),
        ld.opts.chunks,
    );
    let cuts = boundaries(&text, body, &targets);
    let ranges: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    // One thread: the whole body is one chunk, read in order.
    let (&(start, first_end), rest) = match ranges.split_first() {
        Some((first, rest)) if !rest.is_empty() => (first, rest),
        _ => {
            ld.parse_range(id, body, text.len());
            return;
        }
    };
    // The workers start from the state after the prefix: copied once before the first chunk
    // moves it, then for each chunk as a worker takes it up (a book declaring a hundred
    // thousand commodities holds a large state, which only as many copies as threads should).
    let template = ld.worker();
    let (first, chunks) = rayon::join(
        || in_place(ld, id, start, first_end),
        || {
            rest.par_iter()
                // One chunk per task, so that the thread done with the first chunk takes over
                // the chunks still waiting rather than waiting for a batch of them.
                .with_max_len(1)
                .map(|&(start, end)| Chunk::parse(template.worker(), id, start, end))
                .collect::<Vec<Chunk>>()
        },
    );
    // A first chunk that reached an include or changed the parser state makes the others
    // invalid: read on in order from where it stopped.
    let resume = match first {
        First::Stopped(at) => Some(at),
        First::Changed => Some(first_end),
        First::Clean => merge(ld, Chunks::Owned(chunks)),
    };
    if let Some(at) = resume {
        ld.parse_range(id, at, text.len());
    }
}

/// How the first chunk, read in place, ended.
enum First {
    /// It read as any chunk: the others are valid.
    Clean,
    /// It reached an `include` or a block comment left open there (where reading goes on).
    Stopped(usize),
    /// It changed the parser state.
    Changed,
}

/// Reads `start..end` of source `id` into the loader's own journal, as a worker would (stopping
/// at an `include`, noting state changes), and says how it ended.
fn in_place(ld: &mut Reader, id: SourceId, start: usize, end: usize) -> First {
    ld.low.state_changed = false;
    ld.worker = true;
    ld.parse_range(id, start, end);
    ld.worker = false;
    match ld.stopped_at.take() {
        Some(at) => First::Stopped(at),
        None if ld.low.state_changed => First::Changed,
        None => First::Clean,
    }
}

/// The chunks to merge: parsed for this load only (moved into the journal), or kept for the
/// next load (copied), each with how far its text moved since it was parsed.
enum Chunks<'a> {
    Owned(Vec<Chunk>),
    Kept(Vec<(&'a Chunk, i64)>),
}

/// Merges chunks in order, up to and with the first that changed the parser state or stopped
/// at an include; returns where the source must be read on from, in order, when one did.
fn merge(ld: &mut Reader, chunks: Chunks) -> Option<usize> {
    let (valid, resume, plans) = {
        let views: Vec<(&Chunk, i64)> = match &chunks {
            Chunks::Owned(v) => v.iter().map(|w| (w, 0)).collect(),
            Chunks::Kept(v) => v.clone(),
        };
        let valid = views
            .iter()
            .position(|(w, _)| w.stopped_at.is_some() || w.state_changed)
            .map_or(views.len(), |k| k + 1);
        let resume = valid.checked_sub(1).and_then(|last| {
            let (w, by) = views[last];
            let at = w.stopped_at.or(w.state_changed.then_some(w.end))?;
            Some((at as i64 + by) as usize)
        });
        let views = &views[..valid];
        // Names and per-commodity facts in order (cheap), then the bulk remapping, then one
        // append per vector.
        let mut offsets = Offsets::of(&ld.low.j);
        let mut plans = Vec::with_capacity(views.len());
        for &(w, by) in views {
            plans.push(plan(ld, w, offsets, by));
            offsets = offsets.after(&w.j);
        }
        let total = |f: fn(&Journal) -> usize| views.iter().map(|(w, _)| f(&w.j)).sum::<usize>();
        ld.low.j.postings.reserve(total(|j| j.postings.len()));
        ld.low
            .j
            .transactions
            .reserve(total(|j| j.transactions.len()));
        ld.low.j.tags.reserve(total(|j| j.tags.len()));
        (valid, resume, plans)
    };
    match chunks {
        Chunks::Owned(mut workers) => {
            workers.truncate(valid);
            append(ld, workers, &plans);
        }
        Chunks::Kept(kept) => {
            for (&(w, _), plan) in kept.iter().zip(&plans) {
                append_copy(ld, w, plan);
            }
        }
    }
    resume
}

impl Reader {
    /// A worker: same sources, options and parser state, commodities known so far (their
    /// declared marks steer number parsing), and an empty model.
    fn worker(&self) -> Reader {
        let mut w = Reader::empty_like(self);
        w.low.j.sources = self.low.j.sources.clone();
        w.low.j.commodities = self.low.j.commodities.clone();
        w.low.j.commodity_info = self.low.j.commodity_info.clone();
        w.low.state = self.low.state.clone();
        w.low.trace_styles = true;
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
    extras: u32,
    notes: u32,
    transactions: u32,
    decls: u32,
}

impl Offsets {
    fn of(j: &Journal) -> Offsets {
        Offsets {
            postings: j.postings.len() as u32,
            tags: j.tags.len() as u32,
            extras: j.extras.len() as u32,
            notes: j.notes.len() as u32,
            transactions: j.transactions.len() as u32,
            decls: j.account_decls.len() as u32,
        }
    }

    fn after(self, j: &Journal) -> Offsets {
        let o = Offsets::of(j);
        Offsets {
            postings: self.postings + o.postings,
            tags: self.tags + o.tags,
            extras: self.extras + o.extras,
            notes: self.notes + o.notes,
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
    /// How far the chunk's spans move.
    by: i64,
}

/// Interns a chunk's names into the loader and merges its account and commodity facts (in
/// chunk order, as reading in order would). `by`: how far the chunk's text moved since it was
/// parsed (a reused chunk), 0 otherwise.
fn plan(ld: &mut Reader, w: &Chunk, at: Offsets, by: i64) -> Plan {
    let acc: Vec<AccountId> =
        w.j.accounts
            .iter()
            .map(|(_, n)| ld.low.intern_account(n))
            .collect();
    let com: Vec<CommodityId> =
        w.j.commodities
            .iter()
            .map(|(_, n)| ld.low.commodity(n))
            .collect();
    let tag: Vec<TagId> =
        w.j.tag_names
            .iter()
            .map(|(_, n)| ld.low.j.tag_names.intern(n))
            .collect();
    match by {
        0 => ld.low.marks.merge(&w.marks, &com),
        _ => ld.low.marks.merge(&w.marks.shifted(by), &com),
    }
    for (local, info) in w.j.commodity_info.iter().enumerate() {
        let trace = w.style_traces.get(local);
        let info = CommodityInfo {
            declared: info.declared.map(|d| d.shifted(by)),
            ..info.clone()
        };
        merge_commodity(
            &mut ld.low.j.commodity_info[com[local].index()],
            &info,
            trace,
        );
    }
    for (local, info) in w.j.account_info.iter().enumerate() {
        let g = &mut ld.low.j.account_info[acc[local].index()];
        if g.declared.is_none() {
            g.declared = info.declared.map(|d| d + at.decls);
        }
        if info.account_type.is_some() {
            g.account_type = info.account_type;
        }
    }
    Plan {
        acc,
        com,
        tag,
        at,
        by,
    }
}

fn shift(r: std::ops::Range<u32>, by: u32) -> std::ops::Range<u32> {
    r.start + by..r.end + by
}

fn txn(t: &Transaction, plan: &Plan) -> Transaction {
    let (at, by) = (&plan.at, plan.by);
    let shifted = |span: Span| {
        let s = span.shifted(by);
        (s.start, s.end)
    };
    Transaction {
        span: t.span.shifted(by),
        code_at: t.code().map_or(NO_CODE, shifted),
        description_at: shifted(t.description()),
        postings: shift(t.postings.clone(), at.postings),
        tags: shift(t.tags.clone(), at.tags),
        ..t.clone()
    }
}

fn posting(p: &Posting, plan: &Plan) -> Posting {
    let at = &plan.at;
    Posting {
        span: p.span.shifted(plan.by),
        account: plan.acc[p.account.index()],
        amount: amount(p.amount, plan),
        extra: p.extra.map(|e| e.after(at.extras)),
        notes: p.notes.map(|n| n.after(at.notes)),
        ..p.clone()
    }
}

fn notes(n: &Notes, plan: &Plan) -> Notes {
    let at = &plan.at;
    Notes {
        tags: shift(n.tags.clone(), at.tags),
    }
}

fn amount(a: Amount, plan: &Plan) -> Amount {
    Amount {
        commodity: plan.com[a.commodity.index()],
        ..a
    }
}

fn extra(e: &PostingExtra, plan: &Plan) -> PostingExtra {
    let by = plan.by;
    PostingExtra {
        cost: e.cost.map(|c| Cost {
            amount: amount(c.amount, plan),
            span: c.span.shifted(by),
            ..c
        }),
        lot: e.lot.map(|l| Lot {
            price: l.price.map(|(p, total)| (amount(p, plan), total)),
            note: l.note.map(|n| n.shifted(by)),
            span: l.span.shifted(by),
            ..l
        }),
        assertion: e.assertion.map(|a| Assertion {
            amount: amount(a.amount, plan),
            span: a.span.shifted(by),
            ..a
        }),
        ..*e
    }
}

fn tag(t: &Tag, plan: &Plan) -> Tag {
    Tag {
        name: plan.tag[t.name.index()],
        value: t.value.shifted(plan.by),
    }
}

fn decl(d: &AccountDecl, plan: &Plan) -> AccountDecl {
    let at = &plan.at;
    AccountDecl {
        account: plan.acc[d.account.index()],
        span: d.span.shifted(plan.by),
        tags: shift(d.tags.clone(), at.tags),
    }
}

fn price(p: &Price, plan: &Plan) -> Price {
    Price {
        span: p.span.shifted(plan.by),
        commodity: plan.com[p.commodity.index()],
        price: amount(p.price, plan),
        ..*p
    }
}

fn rule(r: &Rule, plan: &Plan) -> Rule {
    Rule {
        expr: r.expr.shifted(plan.by),
        txn: txn(&r.txn, plan),
    }
}

fn directive((span, d): &(Span, Directive), plan: &Plan) -> (Span, Directive) {
    let by = plan.by;
    let d = match d {
        Directive::Tag(t) => Directive::Tag(plan.tag[t.index()]),
        Directive::DefaultCommodity(c) => Directive::DefaultCommodity(plan.com[c.index()]),
        Directive::Payee(s) => Directive::Payee(s.shifted(by)),
        Directive::Include(s) => Directive::Include(s.shifted(by)),
        Directive::Other(s) => Directive::Other(s.shifted(by)),
    };
    (span.shifted(by), d)
}

fn diagnostic(d: &Diagnostic, by: i64) -> Diagnostic {
    let mut d = d.clone();
    d.span = d.span.shifted(by);
    for l in &mut d.labels {
        l.span = l.span.shifted(by);
    }
    d
}

/// Appends the chunks to the loader's journal in order, their ids and indices rewritten to the
/// merged journal's as they are copied (one pass over the books). The postings are copied on
/// one thread while the other vectors are on another: in large books this is mostly the page
/// faults and copying of hundreds of megabytes, which two cores share. Each chunk's memory is
/// freed as soon as it is copied, so that the books are never in memory twice.
fn append(ld: &mut Reader, mut workers: Vec<Chunk>, plans: &[Plan]) {
    let postings: Vec<Vec<Posting>> = workers
        .iter_mut()
        .map(|w| std::mem::take(&mut w.j.postings))
        .collect();
    let j = &mut ld.low.j;
    let mut merged = std::mem::take(&mut j.postings);
    rayon::join(
        || {
            for (p, plan) in postings.into_iter().zip(plans) {
                merged.extend(p.iter().map(|p| posting(p, plan)));
            }
        },
        || {
            for (w, plan) in workers.iter_mut().zip(plans) {
                append_rest(j, &std::mem::take(&mut w.j), plan);
            }
        },
    );
    j.postings = merged;
    for (mut w, plan) in workers.into_iter().zip(plans) {
        ld.low.diags.append(&mut w.diags);
        follow(ld, &w, plan);
    }
}

/// Appends a copy of a kept chunk, its ids and indices rewritten, to the loader's journal.
fn append_copy(ld: &mut Reader, w: &Chunk, plan: &Plan) {
    let j = &mut ld.low.j;
    j.postings
        .extend(w.j.postings.iter().map(|p| posting(p, plan)));
    append_rest(j, &w.j, plan);
    ld.low
        .diags
        .extend(w.diags.iter().map(|d| diagnostic(d, plan.by)));
    follow(ld, w, plan);
}

/// Appends everything of chunk `w` but its postings to `j`, ids and indices rewritten.
fn append_rest(j: &mut Journal, w: &Journal, plan: &Plan) {
    j.extras.extend(w.extras.iter().map(|e| extra(e, plan)));
    j.notes.extend(w.notes.iter().map(|n| notes(n, plan)));
    j.tags.extend(w.tags.iter().map(|t| tag(t, plan)));
    j.transactions
        .extend(w.transactions.iter().map(|t| txn(t, plan)));
    j.account_decls
        .extend(w.account_decls.iter().map(|d| decl(d, plan)));
    j.prices.extend(w.prices.iter().map(|p| price(p, plan)));
    j.periodic.extend(w.periodic.iter().map(|r| rule(r, plan)));
    j.automated
        .extend(w.automated.iter().map(|r| rule(r, plan)));
    j.directives
        .extend(w.directives.iter().map(|d| directive(d, plan)));
}

/// What follows a chunk's merge: its transactions left to balance, and the parser state at its
/// end.
fn follow(ld: &mut Reader, w: &Chunk, plan: &Plan) {
    let off = plan.at.transactions;
    ld.low.balancing.extend_shifted(&w.balancing, off);
    ld.low.state = w.state.clone();
    ld.low.state.default_commodity = ld.low.state.default_commodity.map(|c| plan.com[c.index()]);
}

/// What a worker read from one chunk of a source: everything the merge needs.
pub(crate) struct Chunk {
    j: Journal,
    balancing: Balancing,
    diags: Vec<Diagnostic>,
    state: State,
    style_traces: Vec<StyleTrace>,
    marks: MarkBook,
    stopped_at: Option<usize>,
    state_changed: bool,
    /// Where the chunk ends (where reading goes on when it changed the parser state).
    end: usize,
}

impl Chunk {
    /// Parses `start..end` of source `id` with worker `w` (see [`Reader::worker`]).
    fn parse(mut w: Reader, id: SourceId, start: usize, end: usize) -> Chunk {
        w.parse_range(id, start, end);
        let stopped_at = w.stopped_at;
        let low = w.low;
        let mut j = low.j;
        // The sources are the reader's: a chunk does not keep them.
        j.sources = Default::default();
        Chunk {
            j,
            balancing: low.balancing,
            diags: low.diags,
            state: low.state,
            style_traces: low.style_traces,
            marks: low.marks,
            stopped_at,
            state_changed: low.state_changed,
            end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_start_at_transactions() {
        let text = "commodity USD\n2026-01-01 a\n  x  1 USD\n  y\n2026-01-02 b\n  x  1 USD\n  y\n; c\n2026-01-03 c\n  x  1 USD\n  y\n";
        let body = first_transaction(text).unwrap();
        assert_eq!(&text[body..body + 10], "2026-01-01");
        for threads in [1, 2, 3] {
            for chunks in [0, 3] {
                let cuts = boundaries(text, body, &targets(body, text.len(), threads, chunks));
                assert_eq!(*cuts.last().unwrap(), text.len());
                for c in &cuts[..cuts.len() - 1] {
                    assert!(text.as_bytes()[*c].is_ascii_digit(), "cut at {c}");
                }
                assert!(cuts.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn the_first_chunk_takes_most_of_a_threads_share() {
        // One thread reads the whole body in place.
        assert!(targets(100, 1100, 1, 0).is_empty());
        // Two threads: the first chunk takes 9/20 of the body, then eight small ones.
        let t = targets(100, 1100, 2, 0);
        assert_eq!(t[0], 100 + 450);
        assert_eq!(t.len(), 8);
        assert!(t.windows(2).all(|w| w[0] < w[1] && w[1] - w[0] <= 70));
        // Chunks asked for: equal parts.
        assert_eq!(targets(100, 1100, 2, 4), vec![350, 600, 850]);
    }
}
