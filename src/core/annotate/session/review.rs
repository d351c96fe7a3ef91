//! Review as a use case of the session: opening two annotators' work for adjudication into
//! `gold`, and the rule that a document is `reviewed` only once every difference is settled
//! ([`crate::core::annotate::review::unsettled`]), with its message. The app and the command
//! line call these; neither keeps a rule of its own.

use super::Session;
use crate::core::annotate::review;
use crate::core::data::annotators::ADJUDICATED;
use crate::core::data::error::{Error, Result};
use crate::core::data::model::{Annotation, Status};
use std::path::Path;

impl Session {
    /// Opens `dir` to review annotators `a` and `b` into [`ADJUDICATED`]: both sides' spans are
    /// shown as suggestions to accept or reject.
    pub fn open_review(dir: &Path, a: &str, b: &str) -> Result<Session> {
        Self::check_review(a, b)?;
        let mut session =
            Session::open_with_suggestions(dir, ADJUDICATED, vec![a.to_string(), b.to_string()])?;
        session.review = Some((a.to_string(), b.to_string()));
        Ok(session)
    }

    /// Whether `a` and `b` can be reviewed together: two different annotators, neither of them
    /// the one a review writes.
    pub fn check_review(a: &str, b: &str) -> Result<()> {
        if a == b {
            return Err(Error::Usage(
                "Choose two different annotators to review.".into(),
            ));
        }
        if a == ADJUDICATED || b == ADJUDICATED {
            return Err(Error::Usage(format!(
                "{ADJUDICATED} is what a review writes; choose two other annotators to review."
            )));
        }
        Ok(())
    }

    /// How many spans of the two reviewed annotators on the open document the session's
    /// annotator has not settled yet: the differences ([`review::unsettled`]) and the agreed
    /// spans it has neither taken nor rejected (0 outside a review or without a document).
    pub fn unsettled(&self) -> Result<usize> {
        let (Some((a, b)), Some(cur)) = (&self.review, &self.current) else {
            return Ok(0);
        };
        let side = |who: &str| -> Result<Annotation> {
            Ok(self
                .dataset
                .annotation(who, &cur.doc.id)?
                .filter(|x| x.document_sha256 == cur.doc.sha256)
                .unwrap_or_else(|| Annotation::new(&cur.doc, who)))
        };
        let (a, b) = (side(a)?, side(b)?);
        Ok(review::unsettled(&cur.ann, &a, &b).len() + review::agreed_unsettled(&cur.ann, &a, &b))
    }

    /// Whether the open document may move to status `to`: in a review, `reviewed` needs every
    /// difference settled. The refusal names how many are left and the keys that settle one
    /// (`accept_key`, `reject_key`, as the caller's keymap names them).
    pub fn check_status(&self, to: Status, accept_key: &str, reject_key: &str) -> Result<()> {
        if to != Status::Reviewed || self.review.is_none() {
            return Ok(());
        }
        let left = self.unsettled()?;
        if left == 0 {
            Ok(())
        } else {
            Err(review::not_settled(left, accept_key, reject_key))
        }
    }
}
