//! Fonts. egui's defaults cover Latin, Greek and Cyrillic; comment threads
//! under international news also carry other scripts and emoji, so small
//! Noto fallbacks (CJK with Traditional Chinese, monochrome Noto Emoji) are
//! bundled in assets/fonts and added behind the defaults.

/// Bundled fallback fonts: (name, bytes). See assets/fonts/OFL.txt and
/// scripts/make-fonts.py for where they come from.
pub const FALLBACKS: &[(&str, &[u8])] = &[
    (
        "noto-symbols2",
        include_bytes!("../../assets/fonts/NotoSansSymbols2-subset.ttf"),
    ),
    (
        "noto-symbols",
        include_bytes!("../../assets/fonts/NotoSansSymbols-subset.ttf"),
    ),
    (
        "noto-arrows",
        include_bytes!("../../assets/fonts/NotoSansArrows-subset.ttf"),
    ),
    (
        "noto-armenian",
        include_bytes!("../../assets/fonts/NotoSansArmenian-subset.ttf"),
    ),
    (
        "noto-georgian",
        include_bytes!("../../assets/fonts/NotoSansGeorgian-subset.ttf"),
    ),
    (
        "noto-hebrew",
        include_bytes!("../../assets/fonts/NotoSansHebrew-subset.ttf"),
    ),
    (
        "noto-arabic",
        include_bytes!("../../assets/fonts/NotoSansArabic-subset.ttf"),
    ),
    (
        "noto-cjk",
        include_bytes!("../../assets/fonts/NotoSansCJK-subset.otf"),
    ),
    // Last: its digits and signs in emoji form must not replace the text's.
    (
        "noto-emoji",
        include_bytes!("../../assets/fonts/NotoEmoji-subset.ttf"),
    ),
];

/// Adds the fallbacks behind egui's fonts.
pub fn install(ctx: &egui::Context) {
    for (name, bytes) in FALLBACKS {
        ctx.add_font(egui::epaint::text::FontInsert::new(
            name,
            egui::FontData::from_static(bytes),
            vec![
                egui::epaint::text::InsertFontFamily {
                    family: egui::FontFamily::Proportional,
                    priority: egui::epaint::text::FontPriority::Lowest,
                },
                egui::epaint::text::InsertFontFamily {
                    family: egui::FontFamily::Monospace,
                    priority: egui::epaint::text::FontPriority::Lowest,
                },
            ],
        ));
    }
}
