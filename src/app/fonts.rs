//! The bundled CJK font (Droid Sans Fallback, Apache-2.0, in `assets/fonts/`), installed after
//! egui's own fonts so Latin text keeps its face and every Chinese glyph has one. System fonts
//! stay as a second line of fallback through eframe's `system_font_fallback`.

/// The bundled face.
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf");

/// Installs the bundled face at the end of the proportional and monospace families.
pub fn install(ctx: &egui::Context) {
    let mut defs = egui::FontDefinitions::default();
    defs.font_data.insert(
        "droid-sans-fallback".into(),
        std::sync::Arc::new(egui::FontData::from_static(CJK_FONT)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        defs.families
            .entry(family)
            .or_default()
            .push("droid-sans-fallback".into());
    }
    ctx.set_fonts(defs);
}
