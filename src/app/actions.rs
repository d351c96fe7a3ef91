//! Everything the user can ask for, as values. Views push actions; the app applies them after the
//! frame is drawn (views never mutate the session themselves), and tests push them directly.

use crate::core::model::{Attrs, Status};
use std::path::PathBuf;

/// One user request.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Open the dataset in this folder.
    OpenDataset(PathBuf),
    /// Create a dataset in this folder and open it.
    NewDataset(PathBuf),
    /// Import these files or folders into the open dataset.
    ImportArticles(Vec<PathBuf>),
    /// Set the annotator's name and (re)open the dataset for them.
    SetAnnotator(String),
    /// Go to the document at this manifest position.
    GoTo(usize),
    /// Next document.
    Next,
    /// Previous document.
    Prev,
    /// Mark the document done and go to the next one that is not done.
    DoneAndNext,
    /// Set the document status.
    SetStatus(Status),
    /// Select this code-point range (no span).
    Select(usize, usize),
    /// Select the span with this id and scroll to it.
    SelectSpan(String),
    /// Scroll the article so that this code point is in view.
    ScrollTo(usize),
    /// Clear the selection.
    ClearSelection,
    /// Label the selection, or relabel the selected span.
    Label(String),
    /// Delete the selected span.
    DeleteSelected,
    /// Move the end of the selection or selected span by this many characters.
    MoveEnd(i64),
    /// Move the start of the selection or selected span by this many characters.
    MoveStart(i64),
    /// Replace the attributes of a span.
    SetAttrs(String, Attrs),
    /// Undo.
    Undo,
    /// Redo.
    Redo,
    /// Save now (edits are saved already; this rewrites and confirms).
    Save,
    /// Open the find bar.
    OpenFind,
    /// Set the find query.
    Find(String),
    /// Go to the next match.
    FindNext,
    /// Close the find bar.
    CloseFind,
    /// Give every unlabelled match of the selected text this label, as one step.
    LabelAllMatches(String),
    /// Text size up or down by this many points.
    FontSize(f32),
    /// Toggle the dark theme.
    ToggleTheme,
    /// Show or hide the shortcut sheet.
    ToggleHelp,
    /// Accept the suggestion under the pointer, or at the selection, or the next one.
    AcceptSuggestion,
    /// Reject that suggestion.
    RejectSuggestion,
    /// Accept every pending suggestion of the active label.
    AcceptAllOfLabel,
    /// Review two annotators' spans into the adjudicated annotator `gold`.
    StartReview(String, String),
    /// Leave the review and annotate as yourself again.
    EndReview,
    /// Export the annotator's working copy in a format into this folder.
    Export(crate::core::exchange::Format, PathBuf),
}
