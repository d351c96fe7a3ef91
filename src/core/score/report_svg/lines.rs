//! Progress: per annotator, the documents done or reviewed up to each day, as lines.

use super::{Drawn, FONT, Picture, SIZE, UNIT, legend, render, series_color, top};
use crate::core::score::dashboard::{Dashboard, Progress};
use plotters::prelude::*;
use std::collections::BTreeSet;

pub const TITLE: &str = "Progress: documents done or reviewed, cumulative";

/// The annotator's running total on each of `days` (0 before their first).
fn cumulative(days: &[&str], progress: &Progress) -> Vec<(i32, u32)> {
    let mut total = 0;
    let mut own = progress.days.iter().peekable();
    days.iter()
        .enumerate()
        .map(|(i, day)| {
            while let Some((_, _, running)) = own.next_if(|(d, _, _)| d.as_str() <= *day) {
                total = *running;
            }
            (i as i32 * UNIT, total as u32)
        })
        .collect()
}

/// Cumulative documents finished per day, a line per annotator.
pub fn progress(d: &Dashboard) -> Drawn<Picture> {
    let days: BTreeSet<&str> = d
        .progress
        .iter()
        .flat_map(|p| p.days.iter().map(|(day, _, _)| day.as_str()))
        .collect();
    if days.is_empty() {
        return Ok(Picture::Empty("no document is done or reviewed yet"));
    }
    let days: Vec<&str> = days.into_iter().collect();
    let most = d.progress.iter().filter_map(|p| p.days.last()).map(|x| x.2);
    let y_top = top(most.max().unwrap_or(0) + d.annotators.len());
    let last = (days.len() as i32 - 1).max(1) * UNIT;
    let every = days.len().div_ceil(8).max(1);
    let ticks: Vec<i32> = (0..days.len())
        .step_by(every)
        .map(|i| i as i32 * UNIT)
        .collect();
    let svg = render(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(TITLE, (FONT, 20))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(
                (-UNIT / 3..last + UNIT / 3).with_key_points(ticks),
                0u32..y_top,
            )?;
        chart
            .configure_mesh()
            .x_label_formatter(&|x| {
                let at = days.get(((x + UNIT / 2).max(0) / UNIT) as usize);
                at.map_or(String::new(), |d| d.to_string())
            })
            .x_desc("day of the last save")
            .y_desc("documents")
            .label_style((FONT, 14))
            .draw()?;
        for (k, (name, p)) in d.annotators.iter().zip(&d.progress).enumerate() {
            let color = series_color(k);
            let points = cumulative(&days, p);
            let dots = points.iter().map(|&at| Circle::new(at, 3, color.filled()));
            chart.draw_series(dots)?;
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 16, y)], color.stroke_width(2))
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft)
    })?;
    Ok(Picture::Drawn(svg))
}
