//! The bar charts: statuses per annotator (stacked), spans per label per annotator, and the
//! outcomes of each source's suggestions per label (grouped, one panel per source).

use super::{Area, Drawn, FONT, Picture, SIZE, at, categories, category, legend, render};
use crate::core::data::model::Status;
use crate::core::score::dashboard::Dashboard;
use plotters::prelude::*;

pub const STATUSES: &str = "Documents per status";
pub const SPANS: &str = "Spans per label";
pub const SUGGESTIONS: &str = "Suggestions: accepted, corrected, rejected";

/// Bars by group: per group one bar per series, side by side or stacked.
struct Bars {
    caption: String,
    groups: Vec<String>,
    series: Vec<(String, RGBColor)>,
    /// The values, `[group][series]`.
    values: Vec<Vec<usize>>,
    stacked: bool,
    y_desc: &'static str,
}

/// A value axis that leaves room above the bars for a legend of `rows` rows.
fn headroom(max: usize, rows: usize) -> u32 {
    let free = (1.0 - 0.065 * (rows as f64 + 1.0)).max(0.3);
    (max as f64 / free).ceil().max(1.0) as u32
}

fn draw(area: &Area<'_>, bars: &Bars) -> Drawn {
    let max = bars
        .values
        .iter()
        .map(|row| match bars.stacked {
            true => row.iter().sum(),
            false => row.iter().copied().max().unwrap_or(0),
        })
        .max()
        .unwrap_or(0);
    let y_top = headroom(max, bars.series.len());
    let mut chart = ChartBuilder::on(area)
        .caption(&bars.caption, (FONT, 20))
        .margin(14)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(categories(bars.groups.len()), 0u32..y_top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|x| category(&bars.groups, *x))
        .y_desc(bars.y_desc)
        .label_style((FONT, 14))
        .draw()?;
    let width = 0.8 / bars.series.len().max(1) as f64;
    for (s, (name, color)) in bars.series.iter().enumerate() {
        let color = *color;
        let rects = bars.values.iter().enumerate().map(|(g, row)| {
            let (x0, x1, y0, y1) = if bars.stacked {
                let below: usize = row[..s].iter().sum();
                (at(g, 0.2), at(g, 0.8), below, below + row[s])
            } else {
                let x0 = 0.1 + width * s as f64;
                (at(g, x0), at(g, x0 + width * 0.9), 0, row[s])
            };
            Rectangle::new([(x0, y0 as u32), (x1, y1 as u32)], color.filled())
        });
        chart
            .draw_series(rects)?
            .label(name.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], color.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}

/// Documents per status per annotator, stacked.
pub fn statuses(d: &Dashboard) -> Drawn<Picture> {
    if d.annotators.is_empty() {
        return Ok(Picture::Empty("no annotator has annotated a document yet"));
    }
    let colors = [
        RGBColor(190, 190, 190),
        RGBColor(230, 159, 0),
        RGBColor(0, 114, 178),
        RGBColor(0, 158, 115),
    ];
    let bars = Bars {
        caption: STATUSES.to_string(),
        groups: d.annotators.clone(),
        series: Status::ALL
            .iter()
            .zip(colors)
            .map(|(s, c)| (s.as_str().to_string(), c))
            .collect(),
        values: d
            .statuses
            .iter()
            .map(|per| {
                let count = |s: &Status| per.get(s.as_str()).copied().unwrap_or(0);
                Status::ALL.iter().map(count).collect()
            })
            .collect(),
        stacked: true,
        y_desc: "documents",
    };
    Ok(Picture::Drawn(render(SIZE, |root| draw(root, &bars))?))
}

/// The labels of `d` in their order, then any other label counted, by name.
fn all_labels<'a>(d: &'a Dashboard, more: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut labels = d.labels.clone();
    let mut extra: Vec<&String> = more.filter(|l| !labels.contains(l)).collect();
    extra.sort();
    extra.dedup();
    labels.extend(extra.into_iter().cloned());
    labels
}

/// Spans per label, a bar per annotator.
pub fn spans_per_label(d: &Dashboard) -> Drawn<Picture> {
    let total: usize = d.spans_per_label.iter().flat_map(|m| m.values()).sum();
    if total == 0 {
        return Ok(Picture::Empty("no annotator has a span yet"));
    }
    let labels = all_labels(d, d.spans_per_label.iter().flat_map(|m| m.keys()));
    let bars = Bars {
        caption: SPANS.to_string(),
        values: labels
            .iter()
            .map(|l| {
                let per = d.spans_per_label.iter();
                per.map(|m| m.get(l).copied().unwrap_or(0)).collect()
            })
            .collect(),
        groups: labels,
        series: d
            .annotators
            .iter()
            .enumerate()
            .map(|(k, a)| (a.clone(), super::series_color(k)))
            .collect(),
        stacked: false,
        y_desc: "spans",
    };
    Ok(Picture::Drawn(render(SIZE, |root| draw(root, &bars))?))
}

/// Per source, per label: suggestions accepted, corrected and rejected.
pub fn suggestions(d: &Dashboard) -> Drawn<Picture> {
    let mut sources: Vec<&String> = d.suggestions.iter().map(|s| &s.source).collect();
    sources.dedup();
    if sources.is_empty() {
        return Ok(Picture::Empty(
            "no suggestions: no machine annotator (model-rules, model-crf) in the dataset",
        ));
    }
    let counted = |s: &&crate::core::score::dashboard::SuggestionOutcomes| {
        s.accepted + s.corrected + s.rejected > 0
    };
    if !d.suggestions.iter().any(|s| counted(&s)) {
        return Ok(Picture::Empty(
            "no suggestion was accepted, corrected or rejected by an annotator yet",
        ));
    }
    let outcomes = [
        ("accepted", RGBColor(0, 158, 115)),
        ("corrected", RGBColor(230, 159, 0)),
        ("rejected", RGBColor(213, 94, 0)),
    ];
    let panels: Vec<Bars> = sources
        .iter()
        .map(|source| {
            let rows = d.suggestions.iter().filter(|s| &s.source == *source);
            Bars {
                caption: format!("{SUGGESTIONS}: {source}"),
                groups: rows.clone().map(|r| r.label.clone()).collect(),
                values: rows
                    .map(|r| vec![r.accepted, r.corrected, r.rejected])
                    .collect(),
                series: outcomes.iter().map(|(n, c)| (n.to_string(), *c)).collect(),
                stacked: false,
                y_desc: "suggestions",
            }
        })
        .collect();
    let size = (SIZE.0, 60 + 320 * panels.len() as u32);
    let svg = render(size, |root| {
        for (area, bars) in root.split_evenly((panels.len(), 1)).iter().zip(&panels) {
            draw(area, bars)?;
        }
        Ok(())
    })?;
    Ok(Picture::Drawn(svg))
}
