//! A hook for telling how far loading has got, so that a front end can show a progress bar
//! while the library stays free of any terminal code.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How often, in bytes of source read, the loader reports.
const STEP: usize = 1 << 20;

/// A listener told, as work goes on, how much is done of how much in all (for loading: bytes
/// of journal text parsed, of the bytes read so far; includes add to the total as they are
/// read). Cheap to clone: clones share the counts, so parallel workers report into one.
#[derive(Clone)]
pub struct Progress(Arc<Shared>);

struct Shared {
    done: AtomicU64,
    total: AtomicU64,
    report: Box<dyn Fn(u64, u64) + Send + Sync>,
}

impl Progress {
    /// A listener that calls `report(done, total)` at each step (`done <= total`).
    pub fn new(report: impl Fn(u64, u64) + Send + Sync + 'static) -> Progress {
        Progress(Arc::new(Shared {
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            report: Box::new(report),
        }))
    }

    /// Adds `n` units of work to do.
    pub(crate) fn add_total(&self, n: usize) {
        self.0.total.fetch_add(n as u64, Ordering::Relaxed);
        self.report();
    }

    /// Records `n` more units done.
    pub(crate) fn advance(&self, n: usize) {
        self.0.done.fetch_add(n as u64, Ordering::Relaxed);
        self.report();
    }

    fn report(&self) {
        let total = self.0.total.load(Ordering::Relaxed);
        // Text read again (after a parallel chunk changed the parser's state) counts once.
        let done = self.0.done.load(Ordering::Relaxed).min(total);
        (self.0.report)(done, total);
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("done", &self.0.done.load(Ordering::Relaxed))
            .field("total", &self.0.total.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

/// Reports a parse's way through a range of a source: every [`STEP`] bytes, and the rest at
/// its end.
pub(crate) struct Ticker {
    progress: Option<Progress>,
    reported: usize,
    next: usize,
}

impl Ticker {
    /// A ticker for a parse starting at byte `start`.
    pub(crate) fn new(progress: Option<Progress>, start: usize) -> Ticker {
        Ticker {
            progress,
            reported: start,
            next: start + STEP,
        }
    }

    /// The parse has reached byte `at`.
    #[inline]
    pub(crate) fn at(&mut self, at: usize) {
        if at >= self.next {
            if let Some(p) = &self.progress {
                p.advance(at - self.reported);
            }
            self.reported = at;
            self.next = at + STEP;
        }
    }

    /// The parse has reached the end of its range, `end`.
    pub(crate) fn finish(&mut self, end: usize) {
        if let Some(p) = &self.progress {
            p.advance(end.saturating_sub(self.reported));
        }
        self.reported = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn reports_each_step_and_the_end_never_past_the_total() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let p = Progress::new(move |done, total| log.lock().unwrap().push((done, total)));
        p.add_total(3 * STEP);
        let mut t = Ticker::new(Some(p.clone()), 0);
        t.at(10);
        t.at(STEP + 5);
        t.finish(3 * STEP);
        // A range read again counts once.
        Ticker::new(Some(p), 0).finish(STEP);
        let seen = seen.lock().unwrap();
        let total = 3 * STEP as u64;
        assert_eq!(
            *seen,
            [
                (0, total),
                (STEP as u64 + 5, total),
                (total, total),
                (total, total)
            ]
        );
    }
}
