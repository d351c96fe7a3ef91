//! The bundled faces, installed after egui's own fonts so Latin text keeps its face and every
//! Chinese glyph has one:
//! - Droid Sans Fallback (Apache-2.0) for the Basic Multilingual Plane;
//! - two Hanazono Mincho subsets (Hanazono Font License) for what Droid lacks: the CJK Extension
//!   B-F characters with a modern source in Unihan (5,234 of them, 𠮷 among them), the newest
//!   BMP ideographs, and a few arrows and marks.
//!
//! `assets/fonts/make_fallback.py` says how the subsets were chosen and rebuilds them. System
//! fonts stay as a last line of fallback through eframe's `system_font_fallback`, so a machine
//! with a full Extension face installed (fonts-hanazono, BabelStone Han) draws the rest.

/// The bundled faces, in the order egui tries them.
pub const BUNDLED_FACES: [(&str, &[u8]); 3] = [
    (
        "droid-sans-fallback",
        include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf"),
    ),
    (
        "hanazono-b-modern",
        include_bytes!("../../assets/fonts/HanaMinB-modern.ttf"),
    ),
    (
        "hanazono-a-extra",
        include_bytes!("../../assets/fonts/HanaMinA-extra.ttf"),
    ),
];

/// Installs the bundled faces at the end of the proportional and monospace families.
pub fn install(ctx: &egui::Context) {
    let mut defs = egui::FontDefinitions::default();
    for (name, bytes) in BUNDLED_FACES {
        defs.font_data.insert(
            name.into(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            defs.families.entry(family).or_default().push(name.into());
        }
    }
    ctx.set_fonts(defs);
}
