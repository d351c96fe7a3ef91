//! The open document's effort (time and how the spans came about, see [`Effort`]): the app adds
//! to it as the annotator works, and it is written with the document's next save, when the
//! session leaves the document, or when the session ends. It is never an undoable edit, and
//! adding to it never writes by itself, so the revision does not go up with every second.

use super::{OpenDocument, Session, save};
use crate::core::data::error::Result;
use crate::core::data::model::{Effort, Status};

impl Session {
    /// Adds `delta` to the open document's effort (nothing when no document is open). It is on
    /// disk after the document's next save or when the session leaves it.
    pub fn add_effort(&mut self, delta: &Effort) {
        if let Some(cur) = self.current.as_mut() {
            cur.pending_effort = cur.pending_effort.plus(delta);
        }
    }

    /// Writes the open document's pending effort now. Nothing is written when there is none,
    /// when the annotation cannot be edited, or when it would be a new file with nothing else
    /// in it (a document only looked at keeps no file); the pending effort is dropped then.
    /// Returns whether the file was written.
    pub fn flush_effort(&mut self) -> Result<bool> {
        let writable = self.check_writable().is_ok();
        let Some(cur) = self.current.as_mut() else {
            return Ok(false);
        };
        if cur.pending_effort.is_empty() {
            return Ok(false);
        }
        if !writable || !keeps_a_file(cur) {
            cur.pending_effort = Effort::default();
            return Ok(false);
        }
        save(&self.dataset, cur)?;
        Ok(true)
    }
}

/// Whether the annotation has a file, or would get one on saving: it was saved before, or it has
/// spans or a status other than todo.
fn keeps_a_file(cur: &OpenDocument) -> bool {
    cur.ann.revision > 0 || !cur.ann.spans.is_empty() || cur.ann.status != Status::Todo
}

/// Folds the pending effort into the annotation about to be written.
pub(super) fn with_pending(cur: &OpenDocument, ann: &mut crate::core::data::model::Annotation) {
    if !cur.pending_effort.is_empty() {
        ann.effort = Some(ann.effort.unwrap_or_default().plus(&cur.pending_effort));
    }
}

impl Drop for Session {
    /// Leaving the session leaves its document: its pending effort is written (best effort; an
    /// error here has nobody to tell).
    fn drop(&mut self) {
        let _ = self.flush_effort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::annotate::session::read_annotation_file;

    fn seconds(n: u64) -> Effort {
        Effort {
            active_seconds: n,
            ..Effort::default()
        }
    }

    #[test]
    fn effort_is_written_with_the_next_save_and_on_leaving_never_by_itself() {
        let dir = tempfile::tempdir().unwrap();
        crate::core::data::synth::write_dataset(dir.path(), 3, 300, 0).unwrap();
        let mut s = Session::open(dir.path(), "tester").unwrap();
        let on_disk = |s: &Session, id: &str| read_annotation_file(&s.dataset, "tester", id);
        // Only looked at: no file is made for it.
        s.add_effort(&seconds(12));
        s.go_to(1).unwrap();
        assert_eq!(on_disk(&s, "doc-00000").unwrap(), None);
        // Adding effort writes nothing; the next edit carries it, in the same revision.
        s.add_effort(&seconds(5));
        assert_eq!(on_disk(&s, "doc-00001").unwrap(), None);
        let edit = s.label_edit(3, 7, "amount").unwrap();
        s.apply(edit).unwrap();
        let saved = on_disk(&s, "doc-00001").unwrap().unwrap();
        assert_eq!((saved.revision, saved.effort), (1, Some(seconds(5))));
        assert_eq!(saved, s.current.as_ref().unwrap().ann, "screen equals disk");
        // Undo takes the span back, not the time.
        s.add_effort(&seconds(3));
        s.undo().unwrap();
        let saved = on_disk(&s, "doc-00001").unwrap().unwrap();
        assert_eq!((saved.revision, saved.effort), (2, Some(seconds(8))));
        // Leaving writes what is pending; an empty pending effort writes nothing.
        s.add_effort(&Effort {
            active_seconds: 4,
            suggestions_shown: true,
            ..Effort::default()
        });
        s.go_to(2).unwrap();
        let saved = on_disk(&s, "doc-00001").unwrap().unwrap();
        assert_eq!(saved.revision, 3);
        assert_eq!(
            saved.effort,
            Some(Effort {
                active_seconds: 12,
                suggestions_shown: true,
                ..Effort::default()
            })
        );
        s.go_to(1).unwrap();
        s.go_to(2).unwrap();
        assert_eq!(on_disk(&s, "doc-00001").unwrap().unwrap().revision, 3);
        // Coming back adds to what the file holds; ending the session writes it.
        s.go_to(1).unwrap();
        s.add_effort(&seconds(30));
        drop(s);
        let s = Session::open(dir.path(), "tester").unwrap();
        let saved = on_disk(&s, "doc-00001").unwrap().unwrap();
        assert_eq!(saved.effort.unwrap().active_seconds, 42);
        assert_eq!(saved.revision, 4);
    }

    #[test]
    fn a_read_only_session_drops_effort() {
        let dir = tempfile::tempdir().unwrap();
        crate::core::data::synth::write_dataset(dir.path(), 2, 300, 0).unwrap();
        let mut first = Session::open(dir.path(), "tester").unwrap();
        let edit = first.label_edit(3, 7, "amount").unwrap();
        first.apply(edit).unwrap();
        let mut second = Session::open(dir.path(), "tester").unwrap();
        assert!(second.is_read_only());
        second.add_effort(&seconds(9));
        assert!(!second.flush_effort().unwrap());
        drop(second);
        drop(first);
        let s = Session::open(dir.path(), "tester").unwrap();
        let saved = read_annotation_file(&s.dataset, "tester", "doc-00000")
            .unwrap()
            .unwrap();
        assert_eq!(saved.effort, None);
    }
}
