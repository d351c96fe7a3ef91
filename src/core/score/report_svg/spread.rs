//! Time per document: per annotator, the active time of each timed document as a point, with
//! a box plot over them: the box from the first to the third quartile, a line at the median,
//! whiskers to the shortest and the longest.

use super::{Drawn, FONT, Picture, SIZE, at, categories, category, render, series_color};
use crate::core::score::dashboard::Dashboard;
use plotters::prelude::*;

pub const TITLE: &str = "Active time per document";

/// Seconds, or minutes when some document took more than 20 minutes: the values and the unit.
fn in_unit(d: &Dashboard) -> (Vec<Vec<f32>>, &'static str) {
    let longest = d.time_per_document.iter().flatten().map(|t| t.1).max();
    let minutes = longest.unwrap_or(0) > 1200;
    let (div, unit) = if minutes {
        (60.0, "minutes")
    } else {
        (1.0, "seconds")
    };
    let values = d
        .time_per_document
        .iter()
        .map(|list| list.iter().map(|(_, s)| *s as f32 / div).collect())
        .collect();
    (values, unit)
}

/// Where the `k`th point of annotator `a` goes across: the middle, spread by up to a sixth of
/// the category either side.
fn jittered(a: usize, k: usize) -> i32 {
    at(a, 0.5 + ((k * 37) % 21) as f64 / 60.0 - 1.0 / 6.0)
}

/// The `p`th quantile of sorted `values`, interpolated between the two nearest (as NumPy's
/// default).
fn quantile(sorted: &[f32], p: f32) -> f32 {
    let rank = p * (sorted.len() - 1) as f32;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f32)
}

/// The box plot of annotator `a`'s `values` (at least one): box, median and whiskers.
fn box_plot(a: usize, values: &[f32]) -> Vec<PathElement<(i32, f32)>> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f32::total_cmp);
    let q = |p: f32| quantile(&sorted, p);
    let (min, q1, median, q3, max) = (sorted[0], q(0.25), q(0.5), q(0.75), q(1.0));
    let (left, mid, right) = (at(a, 0.38), at(a, 0.5), at(a, 0.62));
    let (cap_l, cap_r) = (at(a, 0.45), at(a, 0.55));
    let style = BLACK.stroke_width(2);
    let path = |points: Vec<(i32, f32)>| PathElement::new(points, style);
    vec![
        path(vec![
            (left, q1),
            (right, q1),
            (right, q3),
            (left, q3),
            (left, q1),
        ]),
        path(vec![(left, median), (right, median)]),
        path(vec![(mid, q3), (mid, max)]),
        path(vec![(mid, q1), (mid, min)]),
        path(vec![(cap_l, max), (cap_r, max)]),
        path(vec![(cap_l, min), (cap_r, min)]),
    ]
}

/// The points and box plots.
pub fn time(d: &Dashboard) -> Drawn<Picture> {
    if d.time_per_document.iter().all(Vec::is_empty) {
        return Ok(Picture::Empty(
            "no active time recorded yet (the app records it while annotators work)",
        ));
    }
    let (values, unit) = in_unit(d);
    let most = values.iter().flatten().fold(0f32, |m, v| m.max(*v));
    let y_top = (most * 1.1).max(1.0);
    let svg = render(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(TITLE, (FONT, 20))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(categories(d.annotators.len()), 0f32..y_top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|x| category(&d.annotators, *x))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .y_desc(format!("active {unit} per document"))
            .label_style((FONT, 14))
            .draw()?;
        for (a, list) in values.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let color = series_color(a);
            let dots = list
                .iter()
                .enumerate()
                .map(|(k, v)| Circle::new((jittered(a, k), *v), 3, color.mix(0.6).filled()));
            chart.draw_series(dots)?;
            chart.draw_series(box_plot(a, list))?;
        }
        Ok(())
    })?;
    Ok(Picture::Drawn(svg))
}
