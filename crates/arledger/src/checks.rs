//! What `check` reports, as the engine's pipeline ([`arledger_report::check`]) sees the world
//! around the journal: its files on disk and its git history. `check`, the writers (which must
//! never write books that `check` rejects) and the language server share [`findings`].

use arledger_journal::{Code, Diagnostic, Journal, Loaded};
use arledger_report::check::{self, History};
use arledger_report::close::{
    closed_periods, closed_tag_in_line, header_span, sealed_changes, BrokenClose, Change,
};

use crate::config::Config;

/// Everything `check` reports without named checks or `--strict` (see
/// [`arledger_report::check::findings`]), with what the journal's files and history add.
pub fn findings(g: &Config, loaded: &Loaded, root: &str) -> Vec<Diagnostic> {
    check::findings(loaded, root, g.today, &Disk { g })
}

/// The journal's files on disk and, when they are in a git repository, their history.
pub struct Disk<'a> {
    /// The global options (which revision is read, how files are loaded).
    pub g: &'a Config,
}

impl History for Disk<'_> {
    fn explain(&self, j: &Journal, broken: &BrokenClose, d: Diagnostic) -> Diagnostic {
        explain_broken_close(self.g, j, broken, d)
    }

    fn closes(&self, loaded: &Loaded) -> Vec<Diagnostic> {
        if self.g.rev.is_none() {
            reopened_months(loaded)
        } else {
            Vec::new()
        }
    }

    fn files(&self, loaded: &Loaded) -> Vec<Diagnostic> {
        stale_temporary_files(&loaded.journal)
    }
}

/// Temporary files that an interrupted arledger write left beside a journal file (the next
/// write there removes them; until then, say what they are).
fn stale_temporary_files(j: &Journal) -> Vec<Diagnostic> {
    let mut seen = std::collections::BTreeSet::new();
    let mut diags = Vec::new();
    for (i, src) in j.sources.iter().enumerate() {
        if !src.path.is_file() {
            continue;
        }
        let dir = crate::write::target::directory_of(&src.path);
        if !seen.insert(dir.clone()) {
            continue;
        }
        for stale in crate::write::file::stale_files(&dir) {
            diags.push(
                Diagnostic::warning(
                    Code::Io,
                    arledger_journal::Span::new(arledger_journal::SourceId(i as u32), 0..0),
                    format!(
                        "{} is left over from an interrupted arledger write",
                        stale.display()
                    ),
                )
                .expected(
                    "no temporary files: delete it (the next arledger write here removes it too)",
                ),
            );
        }
    }
    diags
}

/// Months that a commit closed and whose close record the journal no longer has (a warning
/// naming the commit): nothing seals them any more. Read from the history of the journal's
/// files up to `HEAD`, when they are in a git repository.
fn reopened_months(loaded: &Loaded) -> Vec<Diagnostic> {
    let j = &loaded.journal;
    let Some(main) = j
        .sources
        .iter()
        .next()
        .filter(|s| s.path.as_os_str() != "-")
    else {
        return Vec::new();
    };
    let Some(repo) = crate::git::repository_of(&main.path) else {
        return Vec::new();
    };
    let Ok(top) = std::fs::canonicalize(&repo) else {
        return Vec::new();
    };
    let files: Vec<std::path::PathBuf> = j
        .sources
        .iter()
        .filter_map(|s| std::fs::canonicalize(&s.path).ok())
        .filter(|p| p.starts_with(&top))
        .collect();
    // Per commit (newest first) and period: how many close records it added, net.
    let mut net: Vec<(String, String, i64)> = Vec::new();
    for (commit, added, line) in crate::git::changed_lines(&repo, &files, "closed:") {
        let Some(period) = closed_tag_in_line(&line) else {
            continue;
        };
        let delta = if added { 1 } else { -1 };
        let same = net
            .iter_mut()
            .rev()
            .take_while(|(c, ..)| *c == commit)
            .find(|(_, p, _)| p == period);
        match same {
            Some(e) => e.2 += delta,
            None => net.push((commit, period.to_string(), delta)),
        }
    }
    let now = closed_periods(j);
    let mut periods: Vec<&str> = net
        .iter()
        .map(|(_, p, _)| p.as_str())
        .filter(|p| !now.contains(p))
        .collect();
    periods.sort_unstable();
    periods.dedup();
    // Where the record was is not known any more: the message points at the journal's start.
    let first_line = main.text.find(['\r', '\n']).unwrap_or(main.text.len());
    let here = arledger_journal::Span::new(arledger_journal::SourceId(0), 0..first_line);
    let short = |c: &str| c[..c.len().min(10)].to_string();
    periods
        .into_iter()
        .filter_map(|period| {
            let mut events = net.iter().filter(|(_, p, d)| p == period && *d != 0);
            let newest = events.next()?;
            let (added, removal) = if newest.2 > 0 {
                (newest, "its removal is not committed".to_string())
            } else {
                let added = events.find(|(.., d)| *d > 0)?;
                (added, format!("removed in commit {}", short(&newest.0)))
            };
            Some(
                Diagnostic::warning(
                    Code::Closed,
                    here,
                    format!(
                        "month {period} was closed in commit {}, but the journal has no close record for it any more ({removal}): nothing seals it now",
                        short(&added.0)
                    ),
                )
                .expected(format!(
                    "its close record back, or, once the month is right again, a new one from `arledger close {period}`"
                )),
            )
        })
        .collect()
}

/// Names the transactions that changed in a closed period, when git can show the books as they
/// were when the period was closed.
fn explain_broken_close(g: &Config, j: &Journal, b: &BrokenClose, mut d: Diagnostic) -> Diagnostic {
    let r = &b.record;
    let here = header_span(j, &j.transactions[r.txn.0 as usize]);
    let Some((snapshot, old)) = books_at_close(g, j.sources.path(here), &r.digest) else {
        return d.note(
            "the changed transactions can be named when the journal is in a git repository \
             and the close record is committed",
        );
    };
    let changes = sealed_changes(&old.journal, j, r.last_day);
    let commit = &snapshot.commit[..snapshot.commit.len().min(10)];
    if changes.is_empty() {
        return d.note(format!(
            "commit {commit}, which added the close record, already holds the changes: the history \
             before it is missing (a shallow clone?); fetch it (`git fetch --unshallow`) to name them"
        ));
    }
    for c in &changes {
        d = match c {
            Change::Added(id) => d.label(
                header_span(j, &j.transactions[id.0 as usize]),
                format!("added after the close (not in commit {commit})"),
            ),
            Change::Changed { after, what, .. } => d.label(
                header_span(j, &j.transactions[after.0 as usize]),
                format!("changed after the close: {}", what.join("; ")),
            ),
            Change::Terms {
                account,
                before,
                after,
            } => d.note(format!(
                "the terms of customer {account} changed after the close: {} → {} (they set the \
                 due dates, so the aging, of the closed month)",
                before.as_deref().unwrap_or("none"),
                after.as_deref().unwrap_or("none")
            )),
            Change::Removed(id) => {
                let oj = &old.journal;
                let span = header_span(oj, &oj.transactions[id.0 as usize]);
                d.note(format!(
                    "removed after the close: `{}` (at {}:{} in commit {commit})",
                    oj.text(span),
                    oj.sources.path(span).display(),
                    oj.sources.line_col(span).line
                ))
            }
        };
    }
    d
}

/// The books as they were in the commit that added the close record with this digest.
fn books_at_close(
    g: &Config,
    record_file: &std::path::Path,
    digest: &str,
) -> Option<(crate::git::Snapshot, Loaded)> {
    let repo = crate::git::repository_of(record_file)?;
    let abs = std::fs::canonicalize(record_file).ok()?;
    let rel = abs
        .strip_prefix(std::fs::canonicalize(&repo).ok()?)
        .ok()?
        .to_path_buf();
    let commit = crate::git::revision_adding(&repo, &rel, digest)?;
    let snapshot = crate::git::Snapshot::export(&repo, &commit).ok()?;
    let files = crate::input::journal_paths(g).ok()?;
    let old = snapshot.load(&files, &g.load);
    Some((snapshot, old))
}
