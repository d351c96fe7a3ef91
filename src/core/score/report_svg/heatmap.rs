//! Agreement: the matrix of the human annotators' pairwise span F1 (exact), with Cohen's κ and
//! the common documents in each cell.

use super::{Drawn, FONT, Picture, SIZE, at, categories, category, render};
use crate::core::score::dashboard::{Dashboard, PairAgreement};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const TITLE: &str = "Agreement: span F1 (exact) and Cohen's κ per pair";

/// The colour of an F1 of `f1`: from near white (0) to deep blue (1).
fn shade(f1: f64) -> RGBColor {
    let t = f1.clamp(0.0, 1.0);
    let mix = |from: f64, to: f64| (from + (to - from) * t).round() as u8;
    RGBColor(mix(240.0, 8.0), mix(246.0, 69.0), mix(252.0, 148.0))
}

fn pair<'a>(d: &'a Dashboard, a: &str, b: &str) -> Option<&'a PairAgreement> {
    d.agreement
        .iter()
        .find(|p| (p.a == a && p.b == b) || (p.a == b && p.b == a))
}

/// One cell: its colour and up to three lines of text.
fn cell(d: &Dashboard, i: usize, j: usize) -> (RGBColor, Vec<String>) {
    if i == j {
        return (RGBColor(225, 225, 225), vec!["—".to_string()]);
    }
    match pair(d, &d.annotators[i], &d.annotators[j]) {
        Some(p) => (
            shade(p.f1),
            vec![
                format!("F1 {:.2}", p.f1),
                format!("κ {:.2}", p.kappa),
                format!("{} docs", p.documents),
            ],
        ),
        None => (RGBColor(245, 245, 245), vec!["n/a".to_string()]),
    }
}

/// The heatmap; rows and columns are the annotators, the first at the top left.
pub fn agreement(d: &Dashboard) -> Drawn<Picture> {
    if d.annotators.len() < 2 || d.agreement.is_empty() {
        return Ok(Picture::Empty(
            "needs two human annotators with two or more documents in common",
        ));
    }
    let n = d.annotators.len();
    let rows: Vec<String> = d.annotators.iter().rev().cloned().collect();
    let font = if n <= 4 {
        16
    } else if n <= 8 {
        12
    } else {
        9
    };
    let svg = render(SIZE, |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(TITLE, (FONT, 20))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(110)
            .build_cartesian_2d(categories(n), categories(n))?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_label_formatter(&|x| category(&d.annotators, *x))
            .y_label_formatter(&|y| category(&rows, *y))
            .label_style((FONT, 14))
            .draw()?;
        for i in 0..n {
            let row = n - 1 - i;
            for j in 0..n {
                let (color, lines) = cell(d, i, j);
                let square = [(at(j, 0.02), at(row, 0.02)), (at(j, 0.98), at(row, 0.98))];
                chart.draw_series([Rectangle::new(square, color.filled())])?;
                let ink = if color.0 < 100 { WHITE } else { BLACK };
                let style = (FONT, font)
                    .into_font()
                    .color(&ink)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                let step = 0.22;
                let first = 0.5 + step * (lines.len() as f64 - 1.0) / 2.0;
                let texts = lines.into_iter().enumerate().map(|(k, line)| {
                    let y = at(row, first - step * k as f64);
                    Text::new(line, (at(j, 0.5), y), style.clone())
                });
                chart.draw_series(texts)?;
            }
        }
        Ok(())
    })?;
    Ok(Picture::Drawn(svg))
}
