//! Everything the user can ask for, as values. Views and the keymap push actions; the app applies
//! them after the frame is drawn (views never change the session themselves), and tests push them
//! directly. Actions come in groups, one per handler in `apply`.

use crate::core::data::model::{Attrs, Status};
use std::path::PathBuf;

/// One user request.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Open, create, import into, save or export the dataset; say who annotates.
    Dataset(DatasetAction),
    /// Move between documents.
    Nav(NavAction),
    /// Change what is selected in the article.
    Select(SelectAction),
    /// Change the annotation through the edit path (undoable, saved at once).
    Edit(EditAction),
    /// The find bar.
    Find(FindAction),
    /// Suggestions and the review of two annotators into `gold`.
    Review(ReviewAction),
    /// How the window looks: scrolling, text size, theme, help, messages.
    View(ViewAction),
}

/// Requests about the dataset as a whole.
#[derive(Clone, Debug, PartialEq)]
pub enum DatasetAction {
    /// Open the dataset in this folder.
    Open(PathBuf),
    /// Create a dataset in this folder and open it.
    New(PathBuf),
    /// Import these files or folders into the open dataset.
    ImportArticles(Vec<PathBuf>),
    /// Set the annotator's name and (re)open the dataset for them.
    SetAnnotator(String),
    /// Save now (edits are saved already; this rewrites and confirms).
    Save,
    /// Export the annotator's working copy in a format into this folder.
    Export(crate::core::exchange::formats::Format, PathBuf),
}

/// Moving between documents.
#[derive(Clone, Debug, PartialEq)]
pub enum NavAction {
    /// Go to the document at this manifest position.
    GoTo(usize),
    /// Next document.
    Next,
    /// Previous document.
    Prev,
    /// Mark the document done and go to the next one that is not done.
    DoneAndNext,
}

/// Changing the selection.
#[derive(Clone, Debug, PartialEq)]
pub enum SelectAction {
    /// Select this code-point range (no span).
    Range(usize, usize),
    /// Select the span with this id.
    Span(String),
    /// Clear the selection.
    Clear,
}

/// Edits of the open annotation.
#[derive(Clone, Debug, PartialEq)]
pub enum EditAction {
    /// Label the selection, or relabel the selected span.
    Label(String),
    /// Give every unlabelled match of the selected text this label, as one step.
    LabelAllMatches(String),
    /// Delete the selected span.
    DeleteSelected,
    /// Move the end of the selection or selected span by this many characters.
    MoveEnd(i64),
    /// Move the start of the selection or selected span by this many characters.
    MoveStart(i64),
    /// Replace the attributes of a span.
    SetAttrs(String, Attrs),
    /// Set the document status.
    SetStatus(Status),
    /// Start linking from the selected span: number the candidate targets (R).
    StartLink,
    /// Link the span being linked from to this span (or remove that link when it exists).
    LinkTo(String),
    /// While linking: the candidate (or, when two types fit, the type) with this number, from 1.
    LinkChoice(usize),
    /// Stop linking.
    CancelLink,
    /// Remove the relation with this id.
    RemoveRelation(String),
    /// Undo.
    Undo,
    /// Redo.
    Redo,
}

/// The find bar.
#[derive(Clone, Debug, PartialEq)]
pub enum FindAction {
    /// Open the find bar.
    Open,
    /// Set the find query.
    Query(String),
    /// Go to the next match.
    Next,
    /// Close the find bar.
    Close,
}

/// Suggestions (from `model-rules`, or the two sides of a review).
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewAction {
    /// Accept the suggestion under the pointer, or at the selection, or the next one.
    Accept,
    /// Reject that suggestion.
    Reject,
    /// Accept every pending suggestion of the active label.
    AcceptAllOfLabel,
    /// Accept the suggested links of the selected span (all pending ones when none is
    /// selected): links whose two ends the annotator has as spans.
    AcceptRelations,
    /// Review two annotators' spans into the adjudicated annotator `gold`.
    Start(String, String),
    /// Leave the review and annotate as yourself again.
    End,
    /// Train the annotator's model now (in the background), without waiting for more documents
    /// to be marked done.
    Retrain,
    /// Offer only suggestions whose confidence is at least this (0 to 1).
    MinConfidence(f64),
}

/// The look of the window.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewAction {
    /// Scroll the article so that this code point is in view.
    ScrollTo(usize),
    /// Text size up or down by this many points.
    FontSize(f32),
    /// Toggle the dark theme.
    ToggleTheme,
    /// Show or hide the shortcut sheet.
    ToggleHelp,
    /// Show or hide the Projects view (the document's investment table).
    ToggleProjects,
    /// Show the guidelines at the section of the selected span's label (the whole guidelines
    /// with no span selected), or hide them.
    ToggleGuidelines,
    /// Show the whole guidelines in the panel.
    WholeGuidelines,
    /// Show or hide the Dashboard.
    ToggleDashboard,
    /// Show only these documents in the list (what they are, their ids), or all of them.
    FilterDocuments(Option<(String, Vec<String>)>),
    /// Sort the document list by the model's queue (most informative first), or by the
    /// dataset's order.
    ToggleQueueOrder,
    /// Remove the message at this position from the window.
    DismissMessage(usize),
    /// Show the window in this language (saved in the settings).
    SetLanguage(crate::app::i18n::Language),
    /// Record annotation time into the annotations' `effort`, or not (saved in the settings).
    RecordEffort(bool),
}

macro_rules! into_action {
    ($($group:ident => $variant:ident),* $(,)?) => {
        $(impl From<$group> for Action {
            fn from(action: $group) -> Self {
                Action::$variant(action)
            }
        })*
    };
}

into_action!(
    DatasetAction => Dataset,
    NavAction => Nav,
    SelectAction => Select,
    EditAction => Edit,
    FindAction => Find,
    ReviewAction => Review,
    ViewAction => View,
);
