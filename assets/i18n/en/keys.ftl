# biaozhu: the shortcut sheet in English: pointer gestures, key names and one line of help per
# binding of the keymap (src/app/keymap/mod.rs).

## Gestures
gesture-drag = drag
gesture-double-click = double click
gesture-click-a-highlight = click a highlight

## What each binding does
keys-label-the-selection-or-relabel = label the selection, or relabel the selected span (keys come from `labels.ron`)
keys-while-linking-pick-the-numbered = while linking: pick the numbered span (or the relation type, when two fit); a click on a span links it too; linking an existing link removes it
keys-label-every-unlabelled-match-of = label every unlabelled match of the selected text, as one undoable step
keys-select-exact-characters-across-line = select exact characters, across line breaks too
keys-select-a-word-jiebars-or = select a word (jieba-rs) or a number with its unit (53.7億元)
keys-select-the-span-click-again = select the span; click again to cycle through nested spans
keys-remove-the-selected-span = remove the selected span
keys-link-the-selected-span-candidates = link the selected span: candidates that fit a relation type are numbered, nearest first in the paragraph
keys-while-linking-cancel = while linking: cancel
keys-clear-the-selection-or-close = clear the selection (or close the shortcut sheet)
keys-move-the-end-of-the = move the end of the selection or selected span
keys-move-the-start-of-the = move the start of the selection or selected span
keys-without-a-selection-next-previous = without a selection: next / previous document
keys-undo-per-document-unlimited-within = undo (per document, unlimited within a session)
keys-redo = redo
keys-next-previous-document = next / previous document
keys-mark-done-and-go-to = mark done and go to the next document not done
keys-find-traditional-and-simplified-forms = find (traditional and simplified forms match each other)
keys-with-the-find-bar-open = with the find bar open: next match (selects it)
keys-in-the-find-field-close = in the find field: close the find bar
keys-accept-the-suggestion-under-the = accept the suggestion under the pointer (or at the selection, or the next one). Suggestions are the spans of `model-rules` (run `biaozhu suggest`), drawn as dashed outlines; an accepted one is a normal undoable span with its typed values
keys-reject-that-suggestion-saved-with = reject that suggestion (saved with the annotation, so it is not offered again)
keys-accept-every-pending-suggestion-of = accept every pending suggestion of the active label
keys-accept-the-suggested-links-dashed = accept the suggested links (dashed arcs) of the selected span, or all of them; a suggested link is offered once both its spans are yours
keys-save-every-edit-is-saved = save (every edit is saved already)
keys-larger-text = larger text
keys-smaller-text = smaller text
keys-show-or-hide-the-projects = show or hide the Projects view: the document's investments, with what each still lacks
keys-show-or-hide-the-shortcut = show or hide the shortcut sheet
keys-guidelines = show the guidelines at the section of the selected span's label (all of them with no span selected), or hide them
