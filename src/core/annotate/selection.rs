//! What is selected in a document: a code-point range, and the span it belongs to when a span
//! is selected. Every edit in the history carries the selection before and after it (as
//! helix's transactions carry theirs), so undo and redo put the selection back where the edit
//! found or left it. The app's reducer changes it; its views and keymap read it.

use crate::core::data::model::Annotation;

/// The selection in the open document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// The selected range, in code points.
    pub range: Option<(usize, usize)>,
    /// The selected span's id; its range is `range` when it was selected.
    pub span: Option<String>,
}

impl Selection {
    /// Selects a range that is no span.
    pub fn set_range(&mut self, range: (usize, usize)) {
        self.range = Some(range);
        self.span = None;
    }

    /// Selects nothing.
    pub fn clear(&mut self) {
        *self = Selection::default();
    }

    /// The range an edit or a search acts on: the selected span's range as the document has it
    /// now, else the selected range; nothing when no document is open (`ann` is `None`).
    pub fn target(&self, ann: Option<&Annotation>) -> Option<(usize, usize)> {
        match &self.span {
            Some(id) => ann?.span(id).map(|s| (s.start, s.end)),
            None => {
                ann?;
                self.range
            }
        }
    }
}
