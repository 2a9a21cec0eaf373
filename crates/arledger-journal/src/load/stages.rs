//! The stages after lowering: each takes the whole journal, changes or checks it, and adds what
//! it finds to one list of diagnostics — as beancount's loader runs its ordered list of
//! transformations. docs/architecture.md ("Load stages") describes each.

use super::LoadOptions;
use crate::balance::Balancing;
use crate::diagnostic::Diagnostic;
use crate::marks::MarkBook;
use crate::model::Journal;

/// What the stages get besides the journal: the options, and what lowering left for them.
pub(crate) struct Context<'a> {
    /// The load's options (`--auto`, today).
    pub opts: &'a LoadOptions,
    /// How amounts used `.` and `,`, per commodity.
    pub marks: MarkBook,
    /// The transactions the balancing stage must check or complete.
    pub balancing: Balancing,
}

/// A stage: a step over the whole journal.
pub(crate) type Stage = fn(&mut Journal, &mut Context, &mut Vec<Diagnostic>);

/// The stages, in the order they run: the decimal-mark check (on the amounts as written),
/// automated transactions (which may add postings to balance), then balancing.
pub(crate) const STAGES: [Stage; 3] = [
    crate::marks::stage,
    crate::auto::stage,
    crate::balance::stage,
];

/// Runs every stage on `j`.
pub(crate) fn run(j: &mut Journal, cx: &mut Context, diags: &mut Vec<Diagnostic>) {
    for stage in STAGES {
        stage(j, cx, diags);
    }
}
