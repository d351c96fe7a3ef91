//! Handler for [`FindAction`]: the find bar's query, matches and the current match.

use crate::app::BiaozhuApp;
use crate::app::actions::FindAction;
use crate::core::data::error::Result;

impl BiaozhuApp {
    pub(super) fn apply_find(&mut self, action: FindAction) -> Result<()> {
        match action {
            FindAction::Open => {
                self.find_bar.open = true;
                self.find_bar.focus = true;
                if self.find_bar.query.is_empty()
                    && let Some((a, b)) = self.target_range()
                    && let Some(cur) = self.current()
                {
                    self.find_bar.query = cur
                        .map
                        .slice(&cur.doc.text, a, b)
                        .unwrap_or_default()
                        .to_string();
                }
                self.refresh_matches(true);
            }
            FindAction::Query(q) => {
                self.find_bar.query = q;
                self.refresh_matches(true);
            }
            FindAction::Next => {
                if self.find_bar.matches.is_empty() {
                    return Ok(());
                }
                let n = self.find_bar.matches.len();
                let next = self.find_bar.current.map_or(0, |c| (c + 1) % n);
                self.find_bar.current = Some(next);
                let (a, b) = self.find_bar.matches[next];
                self.selection.set_range((a, b));
                self.article.scroll_to = Some(a);
            }
            FindAction::Close => {
                self.find_bar.open = false;
                self.find_bar.matches.clear();
                self.find_bar.current = None;
            }
        }
        Ok(())
    }
}
