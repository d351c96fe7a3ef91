//! Colours shared by several views: a label's colour from labels.ron, a status's colour.

use crate::core::data::labels::{LabelSchema, parse_hex_color};
use crate::core::data::model::Status;
use egui::Color32;

/// The colour of a label, or grey.
pub fn label_color(labels: &LabelSchema, name: &str) -> Color32 {
    labels
        .label(name)
        .and_then(|l| parse_hex_color(&l.color))
        .map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b))
}

/// The colour of a document status (Okabe–Ito, like the labels).
pub fn status_color(st: Status) -> Color32 {
    match st {
        Status::Todo => Color32::GRAY,
        Status::InProgress => Color32::from_rgb(0xE6, 0x9F, 0x00),
        Status::Done => Color32::from_rgb(0x00, 0x9E, 0x73),
        Status::Reviewed => Color32::from_rgb(0x00, 0x72, 0xB2),
    }
}
