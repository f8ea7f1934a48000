#!/usr/bin/env python3
"""Builds the small Noto fallback fonts in assets/fonts from Debian's Noto
packages, keeping only the characters threadmod needs.

    apt-get install fonts-noto-core fonts-noto-cjk && pip install fonttools
    npm pack @expo-google-fonts/noto-emoji && tar xzf expo-google-fonts-noto-emoji-*.tgz
    NOTO_EMOJI=package/400Regular/NotoEmoji_400Regular.ttf python3 scripts/make-fonts.py

egui's own fonts cover Latin, Greek and Cyrillic; these add Armenian,
Georgian, Hebrew, Arabic, common Chinese (Simplified and Traditional),
Japanese and Korean characters, the symbols, pictographs and arrows, and the
monochrome Noto Emoji (Debian packages only the colour emoji, which egui
cannot draw; the npm package above ships Google Fonts' TTF). The fonts are
under the SIL Open Font License (assets/fonts/OFL.txt).
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

CORE = "/usr/share/fonts/truetype/noto"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = os.path.join(os.path.dirname(__file__), "..", "assets", "fonts")


def ranges(*pairs):
    out = set()
    for lo, hi in pairs:
        out.update(range(lo, hi + 1))
    return out


def common_cjk():
    """GB2312 level-1 hanzi, Big5 common hanzi (Traditional, as written in
    Taiwan and Hong Kong), JIS X 0208 level-1 kanji, KS X 1001 hangul, kana."""
    chars = set()
    for hi in range(0xA4, 0xC7):  # Big5 level 1: A440-C67E
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(ord(bytes([hi, lo]).decode("big5")))
            except UnicodeDecodeError:
                pass
    for hi in range(0xB0, 0xD8):  # GB2312 level 1
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    for hi in range(0x88, 0x99):  # Shift-JIS level 1 kanji
        for lo in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
            try:
                chars.add(ord(bytes([hi, lo]).decode("shift_jis")))
            except UnicodeDecodeError:
                pass
    for hi in range(0xB0, 0xC9):  # KS X 1001 hangul syllables
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("euc_kr")))
            except UnicodeDecodeError:
                pass
    chars |= ranges((0x3000, 0x303F), (0x3040, 0x30FF), (0x3130, 0x318F), (0xFF00, 0xFFEF))
    return chars


def write_subset(font, codepoints, name):
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    path = os.path.join(OUT, name)
    font.save(path)
    print(f"{name}: {os.path.getsize(path) // 1024} KiB, {len(codepoints)} code points")


def main():
    os.makedirs(OUT, exist_ok=True)
    plans = [
        ("NotoSansArmenian-Regular.ttf", ranges((0x0530, 0x058F), (0xFB13, 0xFB17)), "NotoSansArmenian-subset.ttf"),
        ("NotoSansGeorgian-Regular.ttf", ranges((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)), "NotoSansGeorgian-subset.ttf"),
        ("NotoSansHebrew-Regular.ttf", ranges((0x0590, 0x05FF), (0xFB1D, 0xFB4F)), "NotoSansHebrew-subset.ttf"),
        ("NotoSansArabic-Regular.ttf", ranges((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)), "NotoSansArabic-subset.ttf"),
        # Symbols, pictographs and arrows that comments and the interface use.
        ("NotoSansSymbols2-Regular.ttf", None, "NotoSansSymbols2-subset.ttf"),
        ("NotoSansSymbols-Regular.ttf", None, "NotoSansSymbols-subset.ttf"),
        ("NotoSansMath-Regular.ttf", ranges((0x2190, 0x21FF), (0x27F0, 0x27FF)), "NotoSansArrows-subset.ttf"),
    ]
    for source, codepoints, name in plans:
        if not os.path.exists(os.path.join(CORE, source)):
            print(f"{source} not installed: {name} left as it is")
            continue
        font = TTFont(os.path.join(CORE, source))
        if codepoints is None:  # the whole font, without the Latin it repeats
            codepoints = set(font.getBestCmap()) - ranges((0x0000, 0x024F))
        write_subset(font, codepoints, name)
    emoji = os.environ.get("NOTO_EMOJI")
    if emoji:
        font = TTFont(emoji)
        # Without the ASCII digits and signs it maps to emoji forms.
        codepoints = set(font.getBestCmap()) - ranges((0x0000, 0x024F))
        write_subset(font, codepoints, "NotoEmoji-subset.ttf")
    else:
        print("NOTO_EMOJI not set: NotoEmoji-subset.ttf left as it is")
    collection = TTCollection(CJK)
    # The Simplified Chinese face; it has the Japanese and Korean glyphs too.
    face = next(f for f in collection.fonts if "SC" in f["name"].getDebugName(1))
    write_subset(face, common_cjk(), "NotoSansCJK-subset.otf")


if __name__ == "__main__":
    sys.exit(main())
