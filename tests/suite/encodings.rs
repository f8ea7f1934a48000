//! Line endings, tabs, BOMs and encodings: the same tree whatever the bytes.

use std::path::Path;

use super::util::{fixture, shape};

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian {
            &[0xFE, 0xFF]
        } else {
            &[0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        let b = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

/// Every four leading spaces become a tab (eight columns): deeper stays deeper.
fn tabs_for_spaces(text: &str) -> String {
    text.lines()
        .map(|l| {
            let n = l.len() - l.trim_start_matches(' ').len();
            format!("{}{}{}\n", "\t".repeat(n / 4), " ".repeat(n % 4), &l[n..])
        })
        .collect()
}

#[test]
fn every_encoding_gives_the_same_tree() {
    let original = std::fs::read_to_string(fixture("text-layout.txt")).unwrap();
    let reference = threadmod::parse::text::parse(&original);
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&original);
    assert!(!unmappable);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf-8", original.clone().into_bytes(), "UTF-8"),
        ("crlf", original.replace('\n', "\r\n").into_bytes(), "UTF-8"),
        ("cr", original.replace('\n', "\r").into_bytes(), "UTF-8"),
        (
            "bom",
            [b"\xEF\xBB\xBF".as_slice(), original.as_bytes()].concat(),
            "UTF-8 (with BOM)",
        ),
        ("tabs", tabs_for_spaces(&original).into_bytes(), "UTF-8"),
        ("utf-16le", utf16(&original, false, true), "UTF-16LE"),
        ("utf-16be", utf16(&original, true, true), "UTF-16BE"),
        (
            "utf-16le without bom",
            utf16(&original, false, false),
            "UTF-16LE",
        ),
        ("windows-1252 bullets", cp1252.into_owned(), "windows-1252"),
    ];
    for (name, bytes, encoding) in cases {
        let t = threadmod::parse::parse_bytes(&bytes, Path::new(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(shape(&t), shape(&reference), "{name}");
        assert_eq!(t.encoding, encoding, "{name}");
        assert_eq!(t.comments[0].text, reference.comments[0].text, "{name}");
    }
}

#[test]
fn windows_1252_is_detected_and_reported() {
    let text = "Caf\u{e9} closes\n\nThe caf\u{e9} on the square closes.\n\n  1. Quel dommage \u{2013} na\u{ef}ve plans.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let t = threadmod::parse::parse_bytes(&bytes, Path::new("cp1252.txt")).unwrap();
    assert_eq!(t.encoding, "windows-1252");
    assert_eq!(t.article.title, "Café closes");
    assert_eq!(t.comments[0].text, "Quel dommage – naïve plans.");
}

#[test]
fn binary_files_get_a_clear_error() {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 200));
    let err = threadmod::parse::parse_bytes(&bytes, Path::new("picture.png")).unwrap_err();
    let msg = err.to_string();
    // The first control byte after the PNG signature's CR LF is on line 2.
    assert!(msg.starts_with("picture.png:2: "), "{msg}");
    assert!(msg.contains("binary file"), "{msg}");
    assert!(msg.contains("expected text"), "{msg}");
}
