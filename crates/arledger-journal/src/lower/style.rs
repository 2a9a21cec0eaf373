//! Style inference: how each amount read updates its commodity's inferred display style, in a
//! form that parallel chunks can record and replay onto the chunks before them.

use crate::model::AmountStyle;

/// What one amount tells style inference: its decimal mark and digit-group separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StyleStep {
    pub(crate) decimal_mark: Option<char>,
    pub(crate) group: Option<char>,
}

impl StyleStep {
    /// Updates an inferred style with one more amount (`mark_seen`: whether an amount with a
    /// decimal mark came before). Reading in order and merging parallel chunks both use this,
    /// so that they infer the same style.
    pub(crate) fn apply(self, s: &mut AmountStyle, mark_seen: &mut bool) {
        // The first amount written with a decimal mark decides it.
        if let (false, Some(m)) = (*mark_seen, self.decimal_mark) {
            s.decimal_mark = m;
            *mark_seen = true;
        }
        if s.group.is_none() && self.group != Some(s.decimal_mark) {
            s.group = self.group;
        }
        // A group separator equal to the decimal mark would make shown amounts ambiguous
        // (`1.000.00`): `1.000.000` read before any decimal mark was seen groups nothing.
        if s.group == Some(s.decimal_mark) {
            s.group = None;
        }
    }
}

/// The steps of one commodity's amounts in a parallel chunk that can still change a style
/// inferred from the chunks before it, whatever that style is; replaying them with
/// [`StyleStep::apply`] gives the style reading in order gives.
///
/// Until the chunk's first amount with a decimal mark, the mark in force is the earlier one, so
/// only the first step with each group separator can matter; then that amount's step; after
/// it the mark is fixed, and again only the first step with each separator can matter. So a
/// trace holds at most a few steps however long the chunk.
#[derive(Clone, Debug, Default)]
pub(crate) struct StyleTrace {
    /// The decimal mark a style started by this chunk's first amount assumes (`decimal-mark`
    /// or the declared mark, else `.`).
    pub(crate) default_mark: Option<char>,
    /// The steps to replay, in order.
    pub(crate) steps: Vec<StyleStep>,
    /// Whether `steps` holds a step with a decimal mark.
    marked: bool,
}

impl StyleTrace {
    pub(crate) fn record(&mut self, default_mark: char, step: StyleStep) {
        self.default_mark.get_or_insert(default_mark);
        if step.decimal_mark.is_some() && !self.marked {
            self.marked = true;
            self.steps.push(step);
            return;
        }
        let Some(group) = step.group else {
            return;
        };
        // Only groups since the marked step (or since the start) count as already recorded.
        let from = match self.marked {
            true => self
                .steps
                .iter()
                .position(|s| s.decimal_mark.is_some())
                .map_or(0, |i| i + 1),
            false => 0,
        };
        if !self.steps[from..].iter().any(|s| s.group == Some(group)) {
            self.steps.push(StyleStep {
                decimal_mark: None,
                group: Some(group),
            });
        }
    }
}
