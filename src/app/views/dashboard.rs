//! The Dashboard (View > Dashboard): pictures of the work, drawn with egui_plot from
//! [`core::score::dashboard`](crate::core::score::dashboard). The numbers are computed on a
//! background thread and kept for the dataset's revision (its documents' statuses and span
//! counts), so no frame waits for them; a click on a cell of the agreement matrix filters the
//! document list to that pair's disagreements.

use super::AppView;
use crate::app::actions::{Action, ViewAction};
use crate::app::i18n::Language;
use crate::core::annotate::session::Session;
use crate::core::data::error::Result;
use crate::core::score::dashboard::{self, Dashboard};
use crate::tr;
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints};
use std::sync::mpsc::Receiver;

/// The dashboard window and its cache.
#[derive(Default)]
pub struct DashboardView {
    /// Whether the window is shown.
    pub shown: bool,
    /// The numbers, with the revision they are of.
    cached: Option<(u64, Result<Dashboard>)>,
    /// A computation under way, for this revision.
    computing: Option<(u64, Receiver<Result<Dashboard>>)>,
}

/// The revision of what the dashboard shows: changes whenever a document's status or span count
/// changes, or the open annotation is saved.
pub fn revision(session: &Session) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    session.dataset.root().hash(&mut h);
    for s in &session.summaries {
        (s.status.as_str(), s.spans).hash(&mut h);
    }
    session
        .current
        .as_ref()
        .map(|c| c.ann.revision)
        .hash(&mut h);
    h.finish()
}

impl DashboardView {
    /// The numbers for the session's current revision, starting their computation when they
    /// are not there; `None` while it runs.
    fn numbers(&mut self, session: &Session, ctx: &egui::Context) -> Option<&Result<Dashboard>> {
        let rev = revision(session);
        if let Some((r, rx)) = &self.computing
            && let Ok(result) = rx.try_recv()
        {
            self.cached = Some((*r, result));
            self.computing = None;
        }
        let fresh = self.cached.as_ref().is_some_and(|(r, _)| *r == rev);
        let running = self.computing.as_ref().is_some_and(|(r, _)| *r == rev);
        if !fresh && !running {
            let (tx, rx) = std::sync::mpsc::channel();
            // The session's document list, not a second scan of every document.
            let ds = session.dataset.read_only_copy();
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                crate::core::data::parallel::yield_to_drawing();
                let result = dashboard::compute(&ds);
                let _ = tx.send(result);
                ctx.request_repaint();
            });
            self.computing = Some((rev, rx));
        }
        // The last numbers stay on screen while newer ones are computed.
        self.cached.as_ref().map(|(_, d)| d)
    }

    /// Whether a computation is under way (for tests).
    pub fn is_computing(&self) -> bool {
        self.computing.is_some()
    }

    /// Draws the window when it is shown.
    pub fn show(&mut self, ctx: &egui::Context, app: &AppView<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let (true, Some(session)) = (self.shown, app.session) else {
            return actions;
        };
        let lang = app.settings.lang();
        let mut open = true;
        let computing = {
            self.numbers(session, ctx);
            self.computing.is_some()
        };
        let numbers = self.cached.as_ref().map(|(_, d)| d);
        egui::Window::new(tr!(lang, "dash-title"))
            .open(&mut open)
            .default_size([860.0, 640.0])
            .show(ctx, |ui| {
                if computing {
                    ui.label(RichText::new(tr!(lang, "dash-computing")).weak());
                }
                match numbers {
                    None => {}
                    Some(Err(e)) => {
                        let said = crate::app::message::details(lang, e);
                        ui.label(RichText::new(said).color(ui.visuals().error_fg_color));
                    }
                    Some(Ok(d)) => {
                        let labels = &session.dataset.labels;
                        egui::ScrollArea::vertical().show(ui, |ui| {
                            charts(ui, lang, labels, d, &mut actions);
                        });
                    }
                }
            });
        if !open {
            self.shown = false;
        }
        actions
    }
}

/// Every chart of the dashboard, one under the other.
fn charts(
    ui: &mut egui::Ui,
    lang: Language,
    labels: &crate::core::data::labels::LabelSchema,
    d: &Dashboard,
    actions: &mut Vec<Action>,
) {
    use crate::core::data::display_names::Displayed;
    let shown = |l: &String| {
        labels
            .label(l)
            .map_or(l.clone(), |d| d.display(lang.tag()).to_string())
    };
    let label_names: Vec<String> = d.labels.iter().map(shown).collect();
    ui.heading(tr!(lang, "dash-agreement"));
    agreement(ui, lang, d, actions);
    ui.heading(tr!(lang, "dash-progress"));
    progress(ui, lang, d);
    ui.heading(tr!(lang, "dash-statuses"));
    let statuses: Vec<String> = crate::core::data::model::Status::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    let names: Vec<String> = crate::core::data::model::Status::ALL
        .iter()
        .map(|s| crate::app::i18n::status(lang, *s))
        .collect();
    grouped_bars(ui, "plot-of-statuses", &d.annotators, &names, |a, k| {
        d.statuses[a].get(&statuses[k]).copied().unwrap_or(0) as f64
    });
    ui.heading(tr!(lang, "dash-spans-per-label"));
    grouped_bars(ui, "plot-of-spans", &d.annotators, &label_names, |a, k| {
        d.spans_per_label[a].get(&d.labels[k]).copied().unwrap_or(0) as f64
    });
    ui.heading(tr!(lang, "dash-suggestions"));
    suggestions(ui, lang, d, shown);
    ui.heading(tr!(lang, "dash-time"));
    time(ui, lang, d);
}

/// A palette that reads in both themes.
const COLORS: [Color32; 6] = [
    Color32::from_rgb(0x00, 0x72, 0xB2),
    Color32::from_rgb(0xE6, 0x9F, 0x00),
    Color32::from_rgb(0x00, 0x9E, 0x73),
    Color32::from_rgb(0xCC, 0x79, 0xA7),
    Color32::from_rgb(0x56, 0xB4, 0xE9),
    Color32::from_rgb(0xD5, 0x5E, 0x00),
];

fn plot(id: &str) -> Plot<'static> {
    Plot::new(id.to_string())
        .height(180.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
}

/// Documents finished, cumulative, per annotator over the days since the first one.
fn progress(ui: &mut egui::Ui, lang: Language, d: &Dashboard) {
    let first = d
        .progress
        .iter()
        .filter_map(|p| p.days.first().map(|(day, _, _)| day.clone()))
        .min();
    let day_number = |day: &str| days_between(first.as_deref().unwrap_or(day), day) as f64;
    plot("plot-of-progress").include_y(0.0).show(ui, |p| {
        for (i, (who, prog)) in d.annotators.iter().zip(&d.progress).enumerate() {
            // Each line starts at zero the day before its first finished document.
            let start = prog
                .days
                .first()
                .map(|(day, _, _)| [day_number(day) - 1.0, 0.0]);
            let points: Vec<[f64; 2]> = start
                .into_iter()
                .chain(
                    prog.days
                        .iter()
                        .map(|(day, _, total)| [day_number(day), *total as f64]),
                )
                .collect();
            p.line(Line::new(who.clone(), PlotPoints::from(points)).color(COLORS[i % 6]));
        }
    });
    if let Some(first) = first {
        ui.label(
            RichText::new(tr!(lang, "dash-days-since", first = first))
                .weak()
                .small(),
        );
    }
}

/// Days from `a` to `b`, both `YYYY-MM-DD` (0 when either does not parse).
fn days_between(a: &str, b: &str) -> i64 {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match (time::Date::parse(a, format), time::Date::parse(b, format)) {
        (Ok(a), Ok(b)) => (b - a).whole_days(),
        _ => 0,
    }
}

/// Bars per group (the x axis) and per series (side by side, in the legend).
fn grouped_bars(
    ui: &mut egui::Ui,
    id: &str,
    groups: &[String],
    series: &[String],
    value: impl Fn(usize, usize) -> f64,
) {
    let n = series.len().max(1) as f64;
    let width = 0.8 / n;
    plot(id).include_y(0.0).show(ui, |p| {
        for (k, name) in series.iter().enumerate() {
            let bars: Vec<Bar> = (0..groups.len())
                .map(|g| {
                    let x = g as f64 + (k as f64 - (n - 1.0) / 2.0) * width;
                    Bar::new(x, value(g, k)).width(width).name(&groups[g])
                })
                .collect();
            p.bar_chart(BarChart::new(name.clone(), bars).color(COLORS[k % 6]));
        }
    });
    ui.label(
        RichText::new(
            groups
                .iter()
                .enumerate()
                .map(|(i, g)| format!("{i}: {g}"))
                .collect::<Vec<_>>()
                .join("   "),
        )
        .weak()
        .small(),
    );
}

/// The pairwise agreement matrix: span F1 and κ per pair, coloured by F1; a click on a cell
/// filters the document list to the pair's disagreements.
fn agreement(ui: &mut egui::Ui, lang: Language, d: &Dashboard, actions: &mut Vec<Action>) {
    if d.agreement.is_empty() {
        ui.label(RichText::new(tr!(lang, "dash-agreement-none")).weak());
        return;
    }
    egui::Grid::new("grid-of-agreement").show(ui, |ui| {
        ui.label("");
        for b in &d.annotators {
            ui.label(RichText::new(b).strong());
        }
        ui.end_row();
        for a in &d.annotators {
            ui.label(RichText::new(a).strong());
            for b in &d.annotators {
                let pair = d
                    .agreement
                    .iter()
                    .find(|p| (&p.a, &p.b) == (a, b) || (&p.a, &p.b) == (b, a));
                match pair {
                    Some(p) if a != b => {
                        let text = format!("F1 {:.2}\nκ {:.2}", p.f1, p.kappa);
                        let fill = heat(p.f1);
                        let cell = egui::Button::new(RichText::new(text).color(Color32::BLACK))
                            .fill(fill)
                            .min_size(egui::vec2(86.0, 40.0));
                        let hint = tr!(lang, "dash-agreement-hint", n = p.disagreeing.len());
                        if ui.add(cell).on_hover_text(hint).clicked() {
                            actions.push(
                                ViewAction::FilterDocuments(Some((
                                    format!("{} + {}", p.a, p.b),
                                    p.disagreeing.clone(),
                                )))
                                .into(),
                            );
                        }
                    }
                    _ => {
                        ui.label("–");
                    }
                }
            }
            ui.end_row();
        }
    });
}

/// Red (0) through yellow to green (1).
fn heat(v: f64) -> Color32 {
    let v = v.clamp(0.0, 1.0) as f32;
    let (r, g) = if v < 0.5 {
        (1.0, v * 2.0)
    } else {
        (2.0 - v * 2.0, 1.0)
    };
    Color32::from_rgb((r * 230.0) as u8 + 20, (g * 200.0) as u8 + 40, 90)
}

/// Accepted, corrected and rejected suggestions per source and label, stacked.
fn suggestions(
    ui: &mut egui::Ui,
    lang: Language,
    d: &Dashboard,
    shown: impl Fn(&String) -> String,
) {
    if d.suggestions.is_empty() {
        ui.label(RichText::new(tr!(lang, "dash-suggestions-none")).weak());
        return;
    }
    let groups: Vec<String> = d
        .suggestions
        .iter()
        .map(|s| format!("{} {}", s.source, shown(&s.label)))
        .collect();
    let series = [
        tr!(lang, "dash-accepted"),
        tr!(lang, "dash-corrected"),
        tr!(lang, "dash-rejected"),
    ];
    grouped_bars(ui, "plot-of-suggestions", &groups, &series, |g, k| {
        let s = &d.suggestions[g];
        [s.accepted, s.corrected, s.rejected][k] as f64
    });
}

/// Active minutes per timed document, per annotator: a box each (the quartiles, and whiskers
/// to the furthest document within 1.5 times the box's height), which stays a few shapes
/// however many documents were timed (a point per document drew tens of thousands of circles in
/// every frame).
fn time(ui: &mut egui::Ui, lang: Language, d: &Dashboard) {
    if d.time_per_document.iter().all(Vec::is_empty) {
        ui.label(RichText::new(tr!(lang, "dash-time-none")).weak());
        return;
    }
    plot("plot-of-time").include_y(0.0).show(ui, |p| {
        for (i, (who, docs)) in d.annotators.iter().zip(&d.time_per_document).enumerate() {
            let minutes: Vec<f64> = docs.iter().map(|(_, s)| *s as f64 / 60.0).collect();
            let Some(spread) = box_spread(minutes) else {
                continue;
            };
            let color = COLORS[i % 6];
            let elem = egui_plot::BoxElem::new(i as f64, spread)
                .name(who)
                .fill(color.gamma_multiply(0.4))
                .stroke(egui::Stroke::new(1.5, color));
            p.box_plot(egui_plot::BoxPlot::new(who.clone(), vec![elem]).color(color));
        }
    });
    ui.label(RichText::new(tr!(lang, "dash-time-boxes")).weak().small());
}

/// The quartiles of `values` (linear between the two nearest when between), and Tukey's
/// whiskers: the furthest values within 1.5 interquartile ranges of the box. `None` when empty.
fn box_spread(mut values: Vec<f64>) -> Option<egui_plot::BoxSpread> {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    let (first, last) = (*values.first()?, *values.last()?);
    let quantile = |q: f64| {
        let at = q * (values.len() - 1) as f64;
        let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
        values[lo] + (values[hi] - values[lo]) * (at - lo as f64)
    };
    let (q1, median, q3) = (quantile(0.25), quantile(0.5), quantile(0.75));
    let reach = 1.5 * (q3 - q1);
    let low = values
        .iter()
        .copied()
        .find(|&v| v >= q1 - reach)
        .unwrap_or(first);
    let high = values
        .iter()
        .rev()
        .copied()
        .find(|&v| v <= q3 + reach)
        .unwrap_or(last);
    Some(egui_plot::BoxSpread::new(low, q1, median, q3, high))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_box_has_the_quartiles_and_whiskers_within_one_and_a_half_boxes() {
        let s = super::box_spread(vec![5.0, 1.0, 2.0, 3.0, 4.0, 100.0, f64::NAN]).unwrap();
        // Sorted 1 2 3 4 5 100: quartiles at 2.25, 3.5 and 4.75.
        assert_eq!((s.quartile1, s.median, s.quartile3), (2.25, 3.5, 4.75));
        // 1.5 boxes reach from -1.5 to 8.5: 100 is left out.
        assert_eq!((s.lower_whisker, s.upper_whisker), (1.0, 5.0));
        assert!(super::box_spread(vec![]).is_none());
        let one = super::box_spread(vec![7.0]).unwrap();
        assert_eq!(
            (one.lower_whisker, one.median, one.upper_whisker),
            (7.0, 7.0, 7.0)
        );
    }
}
