//! Colours and sizes: readable by default, in dark and light themes.

use egui::{Color32, Visuals};

/// Larger text and more room than egui's defaults, for a day of reading.
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(21.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
            (
                TextStyle::Button,
                FontId::new(14.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}

/// Colour of a flag category; the badge always shows the name too.
pub fn category_color(category: &str, visuals: &Visuals) -> Color32 {
    let dark = visuals.dark_mode;
    let (l, d) = match category {
        "insult" => (
            Color32::from_rgb(0xb4, 0x23, 0x18),
            Color32::from_rgb(0xff, 0x7b, 0x72),
        ),
        "off_topic" => (
            Color32::from_rgb(0x9a, 0x5b, 0x00),
            Color32::from_rgb(0xf0, 0xb7, 0x2f),
        ),
        "spam" => (
            Color32::from_rgb(0x6e, 0x40, 0xc9),
            Color32::from_rgb(0xbc, 0x8c, 0xff),
        ),
        "abuse" => (
            Color32::from_rgb(0xa3, 0x3c, 0x8a),
            Color32::from_rgb(0xf0, 0x8c, 0xd8),
        ),
        "shouting" => (
            Color32::from_rgb(0x09, 0x5f, 0xa8),
            Color32::from_rgb(0x6c, 0xb6, 0xff),
        ),
        _ => (
            Color32::from_rgb(0x4b, 0x55, 0x63),
            Color32::from_rgb(0xc9, 0xd1, 0xd9),
        ),
    };
    if dark { d } else { l }
}

/// Background for highlighted words of a category.
pub fn highlight_color(category: &str, visuals: &Visuals) -> Color32 {
    let c = category_color(category, visuals);
    let alpha = if visuals.dark_mode { 70 } else { 45 };
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), alpha)
}

pub fn label_color(rgb: [u8; 3], visuals: &Visuals) -> Color32 {
    let c = Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
    if visuals.dark_mode {
        c.lerp_to_gamma(Color32::WHITE, 0.25)
    } else {
        c
    }
}

pub fn error_colors(visuals: &Visuals) -> (Color32, Color32) {
    if visuals.dark_mode {
        (
            Color32::from_rgb(0x4a, 0x1c, 0x1c),
            Color32::from_rgb(0xff, 0x7b, 0x72),
        )
    } else {
        (
            Color32::from_rgb(0xff, 0xeb, 0xe9),
            Color32::from_rgb(0xcf, 0x22, 0x2e),
        )
    }
}

pub fn notice_colors(visuals: &Visuals) -> (Color32, Color32) {
    if visuals.dark_mode {
        (
            Color32::from_rgb(0x12, 0x2d, 0x42),
            Color32::from_rgb(0x58, 0xa6, 0xff),
        )
    } else {
        (
            Color32::from_rgb(0xdd, 0xf4, 0xff),
            Color32::from_rgb(0x09, 0x69, 0xda),
        )
    }
}

/// A small coloured tag with text: a flag or a label.
pub fn badge(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    let fill = Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), 36);
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(5, 0))
        .show(ui, |ui| {
            ui.label(egui::RichText::new(text).color(color).small().strong())
        })
        .inner
}

/// The background of text the search matched.
pub fn search_highlight(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgba_unmultiplied(0xd4, 0xa0, 0x17, 110)
    } else {
        Color32::from_rgb(0xff, 0xe5, 0x8f)
    }
}

/// Black or white, whichever reads on `background`.
pub fn ink_on(background: Color32) -> Color32 {
    if background.r() as u32 + background.g() as u32 + background.b() as u32 > 420 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// A moderator's label: a filled tag, unlike the outlined flags.
pub fn label_chip(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    let text_color = ink_on(color);
    egui::Frame::new()
        .fill(color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 0))
        .show(ui, |ui| {
            ui.label(egui::RichText::new(text).color(text_color).small().strong())
        })
        .inner
}

/// First `n` characters of `s` on one line.
pub fn preview(s: &str, n: usize) -> String {
    let mut out = String::new();
    for (count, word) in s.split_whitespace().enumerate() {
        if count > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > n {
            let cut: String = out.chars().take(n).collect();
            return format!("{cut}…");
        }
    }
    out
}

/// A flag the moderator confirmed (labelled anything but approve).
pub const CONFIRMED: Color32 = Color32::from_rgb(0x2e, 0x9d, 0x5b);
/// A flag the moderator overturned (approved), and flags in general.
pub const OVERTURNED: Color32 = Color32::from_rgb(0xd1, 0x45, 0x3b);
