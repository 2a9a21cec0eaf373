//! The open invoices of one customer in one commodity that may take FIFO applications (D8),
//! oldest first: by due date, then date, then file position.
//!
//! Invoices are staged in creation order and queued only when a payment asks for the front:
//! most are settled by tagged payments by then and never queued, which spares large books the
//! work per invoice. Removal is lazy: an invoice settled while queued stays until it reaches
//! the front, where it is dropped; a raised invoice is queued again only when it is not queued
//! already.
//!
//! Invoices mostly come in the queue's own order (a customer's terms give each invoice the
//! same delay, and the books are read in date order): those are kept in a double-ended queue,
//! where the front is at hand and dropping it is one step. Only an invoice that comes out of
//! order (its own `due:` date, a raised one queued again) goes to a min-heap, at O(log n) a
//! push and a pop; the front is the smaller of the two fronts. Either way n payments on n
//! invoices take O(n log n), not the O(n²) of rescanning the open list.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use chrono::NaiveDate;

/// What orders the queue: due date, date, the creating posting's position, the item.
pub(super) type FifoKey = (NaiveDate, NaiveDate, u32, u32);

/// See the module documentation.
#[derive(Default)]
pub(super) struct FifoQueue {
    /// Queued invoices that came in order, in order.
    in_order: VecDeque<FifoKey>,
    /// Queued invoices that came out of order.
    heap: BinaryHeap<Reverse<FifoKey>>,
    /// Invoices not queued yet, in the order they were pushed.
    staged: Vec<u32>,
}

impl FifoQueue {
    /// Stages item `i` (of `items` items in all) unless it is queued already; `queued` says,
    /// per item, whether it is.
    pub(super) fn push(&mut self, queued: &mut Vec<bool>, items: usize, i: usize) {
        if queued.len() < items {
            queued.resize(items, false);
        }
        if !queued[i] {
            queued[i] = true;
            self.staged.push(i as u32);
        }
    }

    /// The oldest invoice still open, dropping settled ones from the front. `open(i)` is the
    /// key of item `i` when it may take FIFO applications, else `None`.
    pub(super) fn front(
        &mut self,
        queued: &mut [bool],
        open: impl Fn(usize) -> Option<FifoKey>,
    ) -> Option<usize> {
        for i in self.staged.drain(..) {
            let Some(key) = open(i as usize) else {
                queued[i as usize] = false;
                continue;
            };
            match self.in_order.back() {
                Some(last) if *last > key => self.heap.push(Reverse(key)),
                _ => self.in_order.push_back(key),
            }
        }
        loop {
            let (key, from_heap) = match (self.in_order.front(), self.heap.peek()) {
                (Some(&a), Some(&Reverse(b))) if b < a => (b, true),
                (Some(&a), _) => (a, false),
                (None, Some(&Reverse(b))) => (b, true),
                (None, None) => return None,
            };
            let i = key.3 as usize;
            if open(i).is_some() {
                return Some(i);
            }
            match from_heap {
                true => drop(self.heap.pop()),
                false => drop(self.in_order.pop_front()),
            }
            queued[i] = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a test does to the queue's items.
    #[derive(Clone, Debug)]
    enum Op {
        /// A new invoice due `due` days after the first day, created on day `date`.
        Create { due: u8, date: u8 },
        /// Item `k` (modulo the count) is settled.
        Settle(u8),
        /// Item `k` (modulo the count) is raised again, and pushed.
        Raise(u8),
        /// A payment asks for the front.
        Front,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..20, 0u8..20).prop_map(|(due, date)| Op::Create { due, date }),
            any::<u8>().prop_map(Op::Settle),
            any::<u8>().prop_map(Op::Raise),
            Just(Op::Front),
        ]
    }

    proptest! {
        /// The front is always the open item with the smallest key, whatever order the items
        /// came in and however often they were settled and raised.
        #[test]
        fn the_front_is_the_oldest_open_invoice(ops in proptest::collection::vec(op(), 1..80)) {
            let day = |n: u8| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n.into());
            let mut keys: Vec<FifoKey> = Vec::new();
            let mut open: Vec<bool> = Vec::new();
            let mut queued = Vec::new();
            let mut queue = FifoQueue::default();
            for op in ops {
                match op {
                    Op::Create { due, date } => {
                        let i = keys.len() as u32;
                        keys.push((day(due), day(date), i, i));
                        open.push(true);
                        queue.push(&mut queued, keys.len(), i as usize);
                    }
                    Op::Settle(k) if !keys.is_empty() => open[k as usize % keys.len()] = false,
                    Op::Raise(k) if !keys.is_empty() => {
                        let i = k as usize % keys.len();
                        open[i] = true;
                        queue.push(&mut queued, keys.len(), i);
                    }
                    Op::Front => {
                        let expected = (0..keys.len()).filter(|&i| open[i]).min_by_key(|&i| keys[i]);
                        let front = queue.front(&mut queued, |i| open[i].then_some(keys[i]));
                        prop_assert_eq!(front, expected);
                    }
                    _ => {}
                }
            }
        }
    }
}
