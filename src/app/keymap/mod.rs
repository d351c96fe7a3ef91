//! The keymap: one table of every shortcut and pointer gesture, with the condition it needs, the
//! action it asks for and its line of help. The keyboard handler, the shortcut sheet, the menu,
//! the label bar's hint and the README's keys table (checked by a test) all read this table. The
//! label keys are not in it as keys: they come from the dataset's `labels.ron`.

use super::actions::{
    Action, DatasetAction, EditAction, FindAction, NavAction, ReviewAction, SelectAction,
    ViewAction,
};
use crate::core::data::labels::LabelSchema;
use egui::{Key, Modifiers};

mod clash;
mod describe;
pub use clash::clashes;
pub use describe::{
    key_for, label_key_range, readme_table, sheet_rows, sheet_rows_in, shortcut_text,
};

/// What the user presses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Trigger {
    /// A key with modifiers (extra Shift and Alt are ignored, as egui's `consume_key` does).
    Key(Modifiers, Key),
    /// Typed text, for keys whose place differs between keyboard layouts (`?`).
    Text(&'static str),
    /// Every label key of `labels.ron`, with these modifiers.
    LabelKeys(Modifiers),
    /// The number keys 1–9 (link candidates or relation types while linking).
    NumberKeys,
    /// A pointer gesture in the article (the Fluent id of its name); the article view handles
    /// it, the table documents it.
    Pointer(&'static str),
}

/// When a binding is active.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum When {
    /// Whenever no text field has the keyboard.
    Always,
    /// When the find bar is open, even while a text field has the keyboard.
    FindOpen,
    /// When the find bar is open and a text field has the keyboard.
    FindOpenWhileTyping,
    /// When something is selected (a range or a span) and no text field has the keyboard.
    HasTarget,
    /// When nothing is selected and no text field has the keyboard.
    NoTarget,
    /// When the shortcut sheet is shown and no text field has the keyboard.
    HelpShown,
    /// When a span is selected, not linking, and no text field has the keyboard.
    SpanSelected,
    /// While linking (after R), when no text field has the keyboard.
    Linking,
    /// When not linking and no text field has the keyboard.
    NotLinking,
}

/// What a binding does.
#[derive(Clone, Debug, PartialEq)]
pub enum Does {
    /// This action.
    Act(Action),
    /// Label the selection with the label whose key was pressed.
    LabelSelection,
    /// Label every unlabelled match with the label whose key was pressed.
    LabelAllMatches,
    /// Pick the link candidate (or relation type) whose number was pressed.
    LinkChoice,
    /// Nothing here: the article view handles the gesture.
    Pointer,
}

/// One line of the keymap.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    /// The keys or gestures, any of which triggers the binding (once per frame).
    pub shortcut: &'static [Trigger],
    /// When it is active.
    pub when: When,
    /// What it does.
    pub action: Does,
    /// The Fluent id of its line of help (`assets/i18n/<locale>/keys.ftl`); bindings next to
    /// each other with the same help share a row of the sheet and the README. Empty: not listed.
    pub help: &'static str,
}

/// What the conditions of [`When`] look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyContext {
    /// A text field has the keyboard.
    pub typing: bool,
    /// The find bar is open.
    pub find_open: bool,
    /// A range or a span is selected.
    pub has_target: bool,
    /// The shortcut sheet is shown.
    pub help_shown: bool,
    /// Link mode is on.
    pub linking: bool,
    /// A span (not only a range) is selected.
    pub span_selected: bool,
}

const NONE: Modifiers = Modifiers::NONE;
const CTRL: Modifiers = Modifiers::COMMAND;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

const fn key(modifiers: Modifiers, key: Key) -> Trigger {
    Trigger::Key(modifiers, key)
}

const fn bind(
    shortcut: &'static [Trigger],
    when: When,
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        shortcut,
        when,
        action: Does::Act(action),
        help,
    }
}

const fn gesture(shortcut: &'static [Trigger], help: &'static str) -> Binding {
    Binding {
        shortcut,
        when: When::Always,
        action: Does::Pointer,
        help,
    }
}

use When::*;

/// Every binding, in the order of the shortcut sheet. Keys are matched most specific first
/// (Ctrl+Shift+Z before Ctrl+Z, Shift+A before A), then in this order.
pub const BINDINGS: &[Binding] = &[
    gesture(
        &[Trigger::Pointer("gesture-drag")],
        "keys-select-exact-characters-across-line",
    ),
    gesture(
        &[Trigger::Pointer("gesture-double-click")],
        "keys-select-a-word-jiebars-or",
    ),
    gesture(
        &[Trigger::Pointer("gesture-click-a-highlight")],
        "keys-select-the-span-click-again",
    ),
    Binding {
        shortcut: &[Trigger::LabelKeys(NONE)],
        when: NotLinking,
        action: Does::LabelSelection,
        help: "keys-label-the-selection-or-relabel",
    },
    bind(
        &[key(NONE, Key::Delete), key(NONE, Key::Backspace)],
        Always,
        Action::Edit(EditAction::DeleteSelected),
        "keys-remove-the-selected-span",
    ),
    bind(
        &[key(NONE, Key::R)],
        SpanSelected,
        Action::Edit(EditAction::StartLink),
        "keys-link-the-selected-span-candidates",
    ),
    Binding {
        shortcut: &[Trigger::NumberKeys],
        when: Linking,
        action: Does::LinkChoice,
        help: "keys-while-linking-pick-the-numbered",
    },
    bind(
        &[key(NONE, Key::Escape)],
        Linking,
        Action::Edit(EditAction::CancelLink),
        "keys-while-linking-cancel",
    ),
    bind(
        &[key(NONE, Key::Escape)],
        HelpShown,
        Action::View(ViewAction::ToggleHelp),
        "",
    ),
    bind(
        &[key(NONE, Key::Escape)],
        Always,
        Action::Select(SelectAction::Clear),
        "keys-clear-the-selection-or-close",
    ),
    bind(
        &[key(SHIFT, Key::ArrowRight)],
        Always,
        Action::Edit(EditAction::MoveEnd(1)),
        "keys-move-the-end-of-the",
    ),
    bind(
        &[key(SHIFT, Key::ArrowLeft)],
        Always,
        Action::Edit(EditAction::MoveEnd(-1)),
        "keys-move-the-end-of-the",
    ),
    bind(
        &[key(ALT, Key::ArrowRight)],
        HasTarget,
        Action::Edit(EditAction::MoveStart(1)),
        "keys-move-the-start-of-the",
    ),
    bind(
        &[key(ALT, Key::ArrowLeft)],
        HasTarget,
        Action::Edit(EditAction::MoveStart(-1)),
        "keys-move-the-start-of-the",
    ),
    bind(
        &[key(ALT, Key::ArrowRight)],
        NoTarget,
        Action::Nav(NavAction::Next),
        "keys-without-a-selection-next-previous",
    ),
    bind(
        &[key(ALT, Key::ArrowLeft)],
        NoTarget,
        Action::Nav(NavAction::Prev),
        "keys-without-a-selection-next-previous",
    ),
    bind(
        &[key(CTRL, Key::Z)],
        Always,
        Action::Edit(EditAction::Undo),
        "keys-undo-per-document-unlimited-within",
    ),
    bind(
        &[key(CTRL_SHIFT, Key::Z), key(CTRL, Key::Y)],
        Always,
        Action::Edit(EditAction::Redo),
        "keys-redo",
    ),
    bind(
        &[key(NONE, Key::N)],
        Always,
        Action::Nav(NavAction::Next),
        "keys-next-previous-document",
    ),
    bind(
        &[key(NONE, Key::P)],
        Always,
        Action::Nav(NavAction::Prev),
        "keys-next-previous-document",
    ),
    bind(
        &[key(CTRL, Key::Enter)],
        Always,
        Action::Nav(NavAction::DoneAndNext),
        "keys-mark-done-and-go-to",
    ),
    bind(
        &[key(CTRL, Key::F)],
        Always,
        Action::Find(FindAction::Open),
        "keys-find-traditional-and-simplified-forms",
    ),
    bind(
        &[key(NONE, Key::Enter)],
        FindOpen,
        Action::Find(FindAction::Next),
        "keys-with-the-find-bar-open",
    ),
    bind(
        &[key(NONE, Key::Escape)],
        FindOpenWhileTyping,
        Action::Find(FindAction::Close),
        "keys-in-the-find-field-close",
    ),
    Binding {
        shortcut: &[Trigger::LabelKeys(CTRL_SHIFT)],
        when: Always,
        action: Does::LabelAllMatches,
        help: "keys-label-every-unlabelled-match-of",
    },
    bind(
        &[key(NONE, Key::A), key(NONE, Key::Enter)],
        Always,
        Action::Review(ReviewAction::Accept),
        "keys-accept-the-suggestion-under-the",
    ),
    bind(
        &[key(NONE, Key::X)],
        Always,
        Action::Review(ReviewAction::Reject),
        "keys-reject-that-suggestion-saved-with",
    ),
    bind(
        &[key(SHIFT, Key::A)],
        Always,
        Action::Review(ReviewAction::AcceptAllOfLabel),
        "keys-accept-every-pending-suggestion-of",
    ),
    bind(
        &[key(SHIFT, Key::R)],
        Always,
        Action::Review(ReviewAction::AcceptRelations),
        "keys-accept-the-suggested-links-dashed",
    ),
    bind(
        &[key(CTRL, Key::S)],
        Always,
        Action::Dataset(DatasetAction::Save),
        "keys-save-every-edit-is-saved",
    ),
    bind(
        &[key(CTRL, Key::Equals), key(CTRL, Key::Plus)],
        Always,
        Action::View(ViewAction::FontSize(1.0)),
        "keys-larger-text",
    ),
    bind(
        &[key(CTRL, Key::Minus)],
        Always,
        Action::View(ViewAction::FontSize(-1.0)),
        "keys-smaller-text",
    ),
    bind(
        &[key(NONE, Key::T)],
        Always,
        Action::View(ViewAction::ToggleProjects),
        "keys-show-or-hide-the-projects",
    ),
    bind(
        &[key(NONE, Key::G)],
        Always,
        Action::View(ViewAction::ToggleGuidelines),
        "keys-guidelines",
    ),
    bind(
        &[key(NONE, Key::F1), Trigger::Text("?")],
        Always,
        Action::View(ViewAction::ToggleHelp),
        "keys-show-or-hide-the-shortcut",
    ),
];

impl When {
    fn holds(self, cx: &KeyContext) -> bool {
        match self {
            FindOpen => cx.find_open,
            FindOpenWhileTyping => cx.typing && cx.find_open,
            _ if cx.typing => false,
            Always => true,
            HasTarget => cx.has_target,
            NoTarget => !cx.has_target,
            HelpShown => cx.help_shown,
            SpanSelected => cx.span_selected && !cx.linking,
            Linking => cx.linking,
            NotLinking => !cx.linking,
        }
    }
}

impl Trigger {
    /// How many modifiers it needs: a binding that needs more is matched first.
    fn specificity(&self) -> u32 {
        match self {
            Trigger::Key(m, _) | Trigger::LabelKeys(m) => {
                u32::from(m.command || m.ctrl) + u32::from(m.shift) + u32::from(m.alt)
            }
            Trigger::Text(_) | Trigger::Pointer(_) | Trigger::NumberKeys => 0,
        }
    }
}

/// The number keys, 1 to 9.
const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The label keys of the schema that egui knows, with their label names.
fn label_keys(labels: &LabelSchema) -> Vec<(Key, String)> {
    labels
        .labels
        .iter()
        .filter_map(|l| Some((Key::from_name(&l.key)?, l.name.clone())))
        .collect()
}

/// Reads this frame's keys into actions. `labels` gives the label keys (none without a dataset).
pub fn read_keys(
    ctx: &egui::Context,
    cx: &KeyContext,
    labels: Option<&LabelSchema>,
) -> Vec<Action> {
    let label_keys = labels.map(label_keys).unwrap_or_default();
    let mut order: Vec<&Binding> = BINDINGS.iter().collect();
    order.sort_by_key(|b| std::cmp::Reverse(b.shortcut.iter().map(Trigger::specificity).max()));
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for binding in order {
            if !binding.when.holds(cx) {
                continue;
            }
            match &binding.action {
                Does::Pointer => {}
                Does::Act(action) => {
                    let pressed = binding.shortcut.iter().any(|t| match t {
                        Trigger::Key(m, k) => i.consume_key(*m, *k),
                        Trigger::Text(text) => i
                            .events
                            .iter()
                            .any(|e| matches!(e, egui::Event::Text(t) if t.as_str() == *text)),
                        Trigger::LabelKeys(_) | Trigger::Pointer(_) | Trigger::NumberKeys => false,
                    });
                    if pressed {
                        out.push(action.clone());
                    }
                }
                Does::LinkChoice => {
                    for (n, key) in NUMBER_KEYS.iter().enumerate() {
                        if i.consume_key(NONE, *key) {
                            out.push(EditAction::LinkChoice(n + 1).into());
                        }
                    }
                }
                Does::LabelSelection | Does::LabelAllMatches => {
                    for trigger in binding.shortcut {
                        let Trigger::LabelKeys(m) = trigger else {
                            continue;
                        };
                        for (key, label) in &label_keys {
                            if i.consume_key(*m, *key) {
                                out.push(
                                    match binding.action {
                                        Does::LabelSelection => EditAction::Label(label.clone()),
                                        _ => EditAction::LabelAllMatches(label.clone()),
                                    }
                                    .into(),
                                );
                            }
                        }
                    }
                }
            }
        }
    });
    out
}
