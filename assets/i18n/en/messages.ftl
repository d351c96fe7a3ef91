# biaozhu: messages of the window in English (what happened, what to do).

msg-sample-not-copied = The bundled sample could not be copied to { $folder }: { $why }
msg-read-only-lock = read-only: another process is writing
msg-dismiss = dismiss

## Errors the window explains (the first line above a core error)
error-io = A file could not be read or written. Nothing was lost; check the path and the disk, then try again.
error-invalid = A file of the dataset is not valid. Nothing was written; fix the file (biaozhu validate says where).
error-newer-format = The dataset was written by a newer biaozhu. Update biaozhu to open it.
error-older-format = The dataset is in an older format. Run biaozhu migrate on it first.
error-conflict = This conflicts with what the dataset already holds (a document or release of that name). Nothing was changed.
error-edit = The edit could not be made.
error-read-only = The dataset is open read-only.
error-locked = Another biaozhu is writing this dataset; it is open read-only.

## A core error's details (below the first line)
error-detail-newer-format = { $path }: format_version { $found } is newer than this biaozhu supports ({ $supported }). Nothing was written.
error-detail-older-format = { $path }: this dataset is format_version { $found }; run `biaozhu migrate { $path }` to upgrade it to format_version { $supported }. Nothing was written.
error-detail-locked = { $path }: another biaozhu process is writing this dataset; close it or wait, then try again.
error-detail-at = { $place }: { $detail }
error-detail-os = { $place }: { $english }
error-detail = { $detail }
error-edit-bad-range = The range { $start }..{ $end } is not inside the text.
error-edit-duplicate = An identical { $label } span already exists at { $start }..{ $end }.
error-edit-missing = No span or relation has the id "{ $id }".
error-edit-id-taken = The id "{ $id }" is already used.
error-edit-stale = The annotation changed underneath this edit; nothing was changed.
error-edit-unsettled = { $left } differences are not settled yet: accept ({ $accept }) or reject ({ $reject }) each before marking the document reviewed.

## What to do first
err-no-dataset = No dataset is open.
err-no-document = No document is open.
err-selected-span-gone = The selected span is gone.
err-span-gone = The span is gone.
err-no-such-label = There is no label "{ $label }" in labels.ron.
err-select-text-first = Select some text first (drag over it), then press a label key.
err-select-query-first = Select the text to look for first.

## Editing
msg-nothing-to-undo = Nothing to undo.
msg-nothing-to-redo = Nothing to redo.
msg-labelled-matches = Labelled { $n } matches of "{ $query }" as { $label }.
msg-matches-already-labelled = Every match of "{ $query }" is already labelled { $label }.

## Linking
err-select-span-to-link = Select a span first (click it), then press { $key } to link it.
msg-link-no-candidates = No span in this paragraph fits a relation from this one: click a span elsewhere, or { $cancel }.
msg-link-how = Link: press 1–{ $n } or click a span; { $cancel } cancels. Linking an existing link removes it.
err-link-span-gone = A span of this link is gone.
err-no-relation-type = No relation type joins { $from } and { $to } (labels.ron has { $types }). Pick another span, or { $cancel }.
msg-which-relation = Which relation? { $choices }
msg-link-removed = Removed the { $kind } link (it existed; { $undo } brings it back).
msg-linked = Linked: { $kind }.
err-relation-gone = The relation is gone.

## Suggestions, training and review
err-label-first = Label or select a span first: { $key } accepts the suggestions of that label.
msg-accepted-label = Accepted { $n } { $label } suggestions.
msg-none-pending-label = No { $label } suggestion is pending.
msg-accepted-links = Accepted { $n } suggested links.
msg-no-link-pending = No suggested link is pending here: a suggested link is offered once both of its spans are yours.
msg-training-already = The model is training already.
msg-training-started = Training { $who }'s model in the background on the documents marked done or reviewed.
msg-no-suggestion-here = No suggestion is pending here.
msg-reviewing = Reviewing { $a } and { $b } into { $into }: { $accept } accepts a span, { $reject } rejects it; solid outlines are spans both agree on.

## Datasets
msg-every-document-done = Every document is done.
err-annotator-name = Annotator name: { $problem }
msg-saved = Saved.
msg-opened-read-only = Another biaozhu is writing this dataset: it is open read-only. Close the other window to edit.
err-could-not-open = Could not open the dataset: { $why }
msg-imported = Imported { $added } of { $files } files.
msg-exported-left-out = {" "}({ $n } nested spans left out: { $format } is flat)
msg-exported = Exported { $documents } documents, { $spans } spans as { $format } to { $path }{ $note }.

## Problems validate found (the problems panel)
problem-at = { $place }: { $what }
problem-untranslated = { $what }
problem-warning = warning: { $what }
misfit-other-text = does not match the document's sha256: the offsets refer to another text
misfit-span-id-twice = span id "{ $id }" is used twice
misfit-duplicate-span = an exact duplicate of another { $label } span at { $start }..{ $end }
misfit-end-not-after-start = end { $end } must be greater than start { $start }
misfit-end-beyond-text = end { $end } is beyond the text, which has { $len } code points
misfit-text-differs = is "{ $said }" but code points { $start }..{ $end } of the document are "{ $covered }" (offsets count Unicode code points, end exclusive)
misfit-unknown-label = unknown label "{ $label }"; labels.ron declares { $declared }
misfit-no-such-attribute = label "{ $label }" has no attribute "{ $name }" in labels.ron
misfit-bad-confidence = confidence must be a number from 0 to 1
misfit-overlap = overlaps span "{ $other }", and labels.ron sets allow_overlap: false
misfit-relation-id-twice = relation id "{ $id }" is used twice
misfit-no-such-span = no span has the id "{ $id }"

## Why the open document cannot be edited (beside its status)
locked-other-version = the annotation was made on another version of this text (document_sha256 differs); it is shown read-only
locked-unreadable = { $error }; the file is left as it is and this document is read-only
locked-unreadable-parsed = the annotation file: { $what }; the file is left as it is and this document is read-only
misfit-id-not-file-name = is "{ $id }" but the file is named { $stem }.json
misfit-annotator-not-folder = is "{ $annotator }" but the file is in the folder { $folder }
misfit-text-changed = does not match the text (the text hashes to { $actual }); the text was changed after import
misfit-orphan-invalid-document = an annotation whose document is invalid
misfit-orphan-no-document = an annotation of a document that is not in the dataset (documents/ has no such file)
misfit-unshaped = does not have the expected shape: { $detail }
misfit-not-dataset-file = not a biaozhu dataset file (no format, spans or text key)
misfit-file-name-not-id = the file name is not a document id: { $why }; rename the file
misfit-annotator-folder = annotator folder name: { $why }
misfit-merge-conflict = unresolved merge conflict; keep one version of each conflict in spans or relations, set status, delete status_when_resolved and conflicts, then git add the file (or take one side whole with git checkout --ours or --theirs)
misfit-merge-conflict-listed = unresolved merge conflict: { $what }; keep one version of each conflict in spans or relations, set status, delete status_when_resolved and conflicts, then git add the file (or take one side whole with git checkout --ours or --theirs)
problem-same-text = has the same text as document { $first }; delete one of them
problem-default-schema = labels and attributes are checked against the default schema instead
import-record-twice = document { $document } appears twice in the input; the first one was used
import-text-differs = the text differs from document "{ $document }" (its sha256 does not match); not imported
import-no-document = no document has this text or id; use --create-documents to add it
import-span-skipped = span { $key } { $start }..{ $end } { $label }: { $why }
import-span-outside = the offsets are outside the text or inside a character
import-span-empty = empty or reversed
import-span-text-differs = says it covers "{ $said }" but the text there is "{ $covered }"; skipped, not shifted
import-span-unknown-label = the label is not in labels.ron
import-relation-skipped = document { $document }: relation { $relation } { $from } -> { $to }: { $why }; skipped
release-version = is "{ $found }" but the folder is { $folder }
release-file-name = is not a plain file name
release-file-changed = was changed after release { $version } was made (its sha256 differs); releases are immutable: restore the file, or make a new release
release-file-missing = is missing from release { $version }
release-file-added = is not part of release { $version } (added after it was made)
parse-trouble = { $kind ->
    [truncated] the { $format } ends too early (is the file truncated?)
    [shape] the { $format } does not have the expected shape
   *[syntax] the file is not valid { $format }
}: { $detail } at line { $line } column { $column }
parse-unreadable = the file could not be read: { $detail }
schema-no-labels = the schema declares no labels
schema-empty-name = a label has an empty name
schema-label-twice = label "{ $name }" is declared twice
schema-key-not-one-character = label "{ $label }": key must be one character, found "{ $key }"
schema-key-twice = label "{ $label }": key "{ $key }" is used twice
schema-role-twice = labels "{ $first }" and "{ $second }" both declare role { $role }; a role belongs to one label
schema-bad-color = label "{ $label }": color must be #RRGGBB, found "{ $color }"
schema-relation-twice = relation "{ $name }" is declared twice
schema-unknown-end = relation "{ $relation }" names unknown label "{ $label }"
schema-key-is-shortcut = label "{ $label }" has the key "{ $key }", which the app uses to { $app_key ->
        [a] accept the suggestion
        [x] reject the suggestion
        [r] link the selected span
        [n] go to the next document
        [p] go to the previous document
        [t] show or hide the Projects view
        [g] show or hide the guidelines
       *[other] show the shortcut sheet
    } ({ $shown_key }); choose another key
schema-display-empty = { $group ->
        [label] label
        [relation] relation type
       *[attribute] attribute
    } "{ $id }" has an empty display name for { $locale }; write one or remove the entry{ $line ->
        [0] {""}
       *[other] {" "}(labels.ron line { $line })
    }
schema-display-twice = { $group ->
        [label] labels
        [relation] relation types
       *[attribute] attributes
    } "{ $first }" and "{ $second }" are both shown as "{ $shown }" in { $locale }; give each its own display name{ $line ->
        [0] {""}
       *[other] {" "}(labels.ron line { $line })
    }
schema-rule = { $english }
