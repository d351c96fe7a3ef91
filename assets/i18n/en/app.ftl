# biaozhu: the window's words in English. Keys are grouped by the part of the window that
# shows them. Variables are in { $braces }.

language-name = English

## Document statuses
status-name = { $status ->
    [todo] todo
    [in_progress] in progress
    [done] done
   *[reviewed] reviewed
}

## Menu bar
menu-file = File
menu-view = View
menu-review = Review
menu-document = Document
menu-help = Help
menu-open-dataset = Open dataset…
menu-new-dataset = New dataset…
menu-import-articles = Import articles…
menu-export = Export…
dialog-open-dataset = Open a biaozhu dataset folder
dialog-new-dataset = Choose an empty folder for the new dataset
dialog-articles = articles
dialog-export = Choose a folder for the export
menu-light-theme = Light theme
menu-dark-theme = Dark theme
menu-larger-text = Larger text
menu-smaller-text = Smaller text
menu-record-effort = Record annotation time
menu-language = Language
menu-end-review = End the review
menu-review-pair = Review { $a } + { $b } into { $into }
menu-review-needs-two = A review needs two annotators.
menu-train-now = Train the model now
menu-train-now-hint = A full retrain from nothing. After every 3 documents marked done the model also updates itself from the last one.
menu-min-confidence = hide suggestions below this confidence
menu-mark = Mark { $status }

## Label bar
labelbar-hint = drag to select, { $label_keys } to label, { $help_key } for keys

## Document list
docs-progress = { $done } / { $total } done
docs-status = status
docs-all-statuses = all statuses
docs-filter = Filter
docs-filter-hint = title or id
docs-sort-by-queue = sort by the model's queue
docs-sort-by-queue-later = sort by the model's queue (after the first training)
docs-spans = { $n } spans

## Find bar
find-label = Find:
find-match-of = { $at } / { $n } matches
find-matches = { $n } matches
find-next = Next
find-close = Close

## Name prompt
name-heading = Who is annotating?
name-explained = Your name is saved with every annotation (lowercase letters, digits, - and _).
name-label = Name
name-start = Start

## Problems found when the dataset was opened
problems-heading = { $n } problems found when the dataset was opened (files that could not be read are never written)

## Span panel (right)
spans-heading = Spans ({ $n })
spans-choice-none = (none)
spans-not-a-number = not a number
spans-select-one = Select a span to edit its attributes.

## Relations under the span panel
rels-heading = Relations ({ $n })
rels-none = None. Press { $key } to link this span.
rels-select-other-end = select the other end
rels-unlink = unlink
rels-unlink-hint = remove this link (undoable)
rels-suggested = Suggested links ({ $n })
rels-accept = accept these links ({ $key })
rels-lacking = Projects lacking parts ({ $n })
lacks-one = no { $what }
list-separator = {", "}

## Projects view
projects-heading = Projects: { $rows } rows, { $lacking } lacking an amount or a region ({ $key } hides this)
projects-none = No project has a relation yet: select a project and press { $key }.
projects-complete = complete
projects-col-value = value
projects-col-currency = currency
projects-col-adcode = adcode
projects-col-mechanisms = mechanisms

## Article header
article-no-dataset = No dataset is open.
article-no-dataset-hint = Use File > Open dataset…, or `biaozhu open DIR`.
article-no-documents = This dataset has no documents yet.
article-no-documents-hint = Use File > Import articles…, or `biaozhu import DIR FILES`.
article-characters = { $n } characters
article-status = status: { $status }

## Status bar
model-none = model: none yet
model-training = model: training, epoch { $epoch } of at most { $epochs }, { $seconds } s
model-ready = model: trained on { $docs } documents
model-updated = model: updated from the last one on { $fitted } documents (new, changed and a sample), { $docs } in all
model-restarted-features = model: trained afresh on { $docs } documents (the last model was made with other features and could not be updated)
model-restarted-labels = model: trained afresh on { $docs } documents (the labels changed since the last model, so it could not be updated)
model-restarted-few = model: trained afresh on { $docs } documents (few enough that a full training is as quick as an update, and fits better)
model-unsaved = model: trained on { $docs } documents, not saved: { $why }
model-failed = model: not trained
status-no-dataset = No dataset open.
status-review = review: { $a } + { $b } -> { $into }
status-annotator = annotator: { $name }
status-read-only = read-only
status-saved = saved (revision { $revision })
status-saved-nothing = saved (nothing yet)
status-document = document { $at } / { $of }
status-undo-redo = undo { $undo } / redo { $redo }
article-arcs = links:

## The shortcut sheet
help-title = Keyboard shortcuts

## Guidelines panel
guidelines-title = Guidelines
guidelines-close = Close
guidelines-section-of = The section on { $label }
guidelines-no-section = No section of the guidelines names { $label }; here they are whole.
guidelines-whole = Show all
guidelines-from-file = from { $path }
guidelines-bundled = biaozhu's own guidelines (this dataset has no guidelines folder)

## Dashboard
menu-dashboard = Dashboard
dash-title = Dashboard
dash-computing = computing…
dash-progress = Documents done over time (cumulative, per annotator)
dash-days-since = x: days since { $first }
dash-statuses = Documents per status
dash-spans-per-label = Spans per label
dash-agreement = Agreement (span F1 and Cohen's κ; a click lists the documents the pair disagrees on)
dash-agreement-none = Agreement needs two annotators with documents in common.
dash-agreement-hint = { $n } documents with differences: click to list them
dash-suggestions = Suggestions: accepted, corrected, rejected (per source and label)
dash-suggestions-none = No suggestion has been settled yet.
dash-accepted = accepted
dash-corrected = corrected
dash-rejected = rejected
dash-time = Active minutes per document (recorded while annotating)
dash-time-none = No time recorded yet.
dash-time-boxes = A box per annotator: the middle half of the documents, the line at the median; the whiskers reach the furthest document within one and a half boxes.
docs-only-disagreements = Only where { $pair } differ ({ $n })
docs-show-all = show all
