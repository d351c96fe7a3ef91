//! The dashboard's charts ([`super::dashboard`]) as SVG files drawn with plotters, and an
//! `index.html` that shows them, for `biaozhu report`: no script, nothing fetched from the
//! network. Text in the pictures (annotator and label names, which may be Chinese) is escaped
//! by the SVG backend and drawn by the viewer with its own fonts. A chart without data is still
//! written: its title says there is nothing to show, and a line says why.

mod bars;
mod heatmap;
mod html;
mod lines;
mod spread;

use super::dashboard::Dashboard;
use crate::core::data::error::{Error, Result};
use crate::core::data::fsio;
use plotters::coord::Shift;
use plotters::coord::combinators::WithKeyPoints;
use plotters::coord::types::RangedCoordi32;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};

/// Width and height of a chart, in pixels.
const SIZE: (u32, u32) = (900, 520);
/// The font family every text asks for (the viewer picks one that has the glyphs).
const FONT: &str = "sans-serif";

type Drawn<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// One chart: its file name in the report folder, its title and its SVG.
#[derive(Clone, Debug)]
pub struct Chart {
    /// The file name, such as `progress.svg`.
    pub file: &'static str,
    /// The title (also the chart's caption).
    pub title: &'static str,
    /// The SVG document.
    pub svg: String,
    /// Why there is nothing to show, when there is not.
    pub empty: Option<&'static str>,
}

/// What a chart function gives: the SVG, or why there is nothing to draw.
enum Picture {
    Drawn(String),
    Empty(&'static str),
}

/// Distinct colours for annotators and other series (Okabe and Ito's, told apart by people
/// with colour-blindness).
const SERIES: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(120, 120, 120),
    RGBColor(0, 0, 0),
];

fn series_color(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Draws a picture of `size` with `draw` on a white background.
fn render(size: (u32, u32), draw: impl FnOnce(&Area<'_>) -> Drawn) -> Drawn<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}

/// The picture of a chart without data: the title says so, a line says why.
fn empty(title: &str, why: &str) -> Drawn<String> {
    render(SIZE, |root| {
        let centre = |dy: i32| (SIZE.0 as i32 / 2, SIZE.1 as i32 / 2 + dy);
        let style = |size: u32| {
            (FONT, size)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Center))
        };
        root.draw(&Text::new(
            format!("{title}: no data"),
            centre(-20),
            style(24),
        ))?;
        root.draw(&Text::new(why.to_string(), centre(20), style(16)))?;
        let frame = [(8, 8), (SIZE.0 as i32 - 8, SIZE.1 as i32 - 8)];
        root.draw(&Rectangle::new(frame, BLACK.mix(0.3)))?;
        Ok(())
    })
}

/// The width of one category on a [`categories`] axis, in axis units (the axes are integer
/// ones, as plotters formats the labels of those through a formatter of our own).
const UNIT: i32 = 1000;

/// An axis of `n` categories: category `i` spans `i * UNIT..(i + 1) * UNIT` with its tick at
/// the middle.
fn categories(n: usize) -> WithKeyPoints<RangedCoordi32> {
    let n = n.max(1) as i32;
    (0..n * UNIT).with_key_points((0..n).map(|i| i * UNIT + UNIT / 2).collect())
}

/// The point `fraction` of the way across category `i`.
fn at(i: usize, fraction: f64) -> i32 {
    i as i32 * UNIT + (fraction * UNIT as f64).round() as i32
}

/// The name of the category at `x` on a [`categories`] axis.
fn category(names: &[String], x: i32) -> String {
    names
        .get((x.max(0) / UNIT) as usize)
        .cloned()
        .unwrap_or_default()
}

/// A value axis from zero to a little above `max`, never empty.
fn top(max: usize) -> u32 {
    (max as f64 * 1.12).ceil().max(1.0) as u32
}

/// The legend of `chart`'s labelled series.
fn legend<'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> Drawn {
    chart
        .configure_series_labels()
        .position(position)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .draw()?;
    Ok(())
}

/// Every chart of `d`, in the order of the report.
pub fn charts(d: &Dashboard) -> Result<Vec<Chart>> {
    type Draw = fn(&Dashboard) -> Drawn<Picture>;
    let list: [(&'static str, &'static str, Draw); 6] = [
        ("progress.svg", lines::TITLE, lines::progress),
        ("statuses.svg", bars::STATUSES, bars::statuses),
        ("spans_per_label.svg", bars::SPANS, bars::spans_per_label),
        ("agreement.svg", heatmap::TITLE, heatmap::agreement),
        ("suggestions.svg", bars::SUGGESTIONS, bars::suggestions),
        ("time_per_document.svg", spread::TITLE, spread::time),
    ];
    list.into_iter()
        .map(|(file, title, draw)| {
            let failed = |e: Box<dyn std::error::Error + Send + Sync>| Error::Io {
                path: PathBuf::from(file),
                message: format!("could not draw the chart: {e}"),
                os: None,
            };
            let (svg, why) = match draw(d).map_err(failed)? {
                Picture::Drawn(svg) => (svg, None),
                Picture::Empty(why) => (empty(title, why).map_err(failed)?, Some(why)),
            };
            Ok(Chart {
                file,
                title,
                svg,
                empty: why,
            })
        })
        .collect()
}

/// Writes every chart of `d` and `index.html` into `out` (made when missing), each file
/// atomically; `name` is the dataset's name, for the page's title. Returns the files written.
pub fn write_report(out: &Path, d: &Dashboard, name: &str) -> Result<Vec<PathBuf>> {
    let charts = charts(d)?;
    let mut written = Vec::new();
    for chart in &charts {
        let path = out.join(chart.file);
        fsio::write_atomic(&path, chart.svg.as_bytes())?;
        written.push(path);
    }
    let index = out.join("index.html");
    fsio::write_atomic(&index, html::index(d, name, &charts).as_bytes())?;
    written.push(index);
    Ok(written)
}

#[cfg(test)]
mod tests;
