//! Turns raw bytes into text: BOMs, UTF-16, UTF-8 and the Windows-1252
//! (Latin-1) files that older sites and spreadsheets still produce.

use crate::error::{Error, Result};

/// Decoded text and the name of the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes`, refusing data that is clearly not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, "UTF-8 (with BOM)");
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return utf16(&bytes[2..], encoding_rs::UTF_16LE, "UTF-16LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return utf16(&bytes[2..], encoding_rs::UTF_16BE, "UTF-16BE");
    }
    if let Some(big_endian) = looks_like_bomless_utf16(bytes) {
        return if big_endian {
            utf16(bytes, encoding_rs::UTF_16BE, "UTF-16BE")
        } else {
            utf16(bytes, encoding_rs::UTF_16LE, "UTF-16LE")
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => utf8(bytes, "UTF-8"),
        Err(err) => {
            if looks_binary(bytes) {
                return Err(binary_error(bytes));
            }
            // A UTF-8 file cut short mid-character is still UTF-8: keep what is whole.
            if err.error_len().is_none() && err.valid_up_to() + 4 > bytes.len() {
                let mut d = utf8(&bytes[..err.valid_up_to()], "UTF-8 (truncated)")?;
                d.text.push('\u{FFFD}');
                return Ok(d);
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            let text = text.into_owned();
            check_text(&text, bytes, true)?;
            Ok(Decoded {
                text,
                encoding: "windows-1252",
            })
        }
    }
}

/// Like [`decode`], but reuses the buffer when it is plain UTF-8 (the
/// usual case), so a big file is not held twice.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded> {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
    {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) if looks_like_bomless_utf16(text.as_bytes()).is_none() => {
            // Valid UTF-8: a U+FFFD in it is a character someone wrote (or
            // an earlier export kept), not a decoding failure.
            check_text(&text, text.as_bytes(), false)?;
            Ok(Decoded {
                text,
                encoding: "UTF-8",
            })
        }
        Ok(text) => decode(text.as_bytes()),
        Err(e) => decode(e.as_bytes()),
    }
}

fn utf8(bytes: &[u8], encoding: &'static str) -> Result<Decoded> {
    let text = String::from_utf8_lossy(bytes);
    // Borrowed means the bytes were valid UTF-8: nothing was replaced.
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    let text = text.into_owned();
    check_text(&text, bytes, lossy)?;
    Ok(Decoded { text, encoding })
}

fn utf16(bytes: &[u8], enc: &'static encoding_rs::Encoding, name: &'static str) -> Result<Decoded> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors && text.chars().filter(|&c| c == '\u{FFFD}').count() > text.len() / 10 + 1 {
        return Err(Error::input(format!(
            "looks like {name} but does not decode as it; expected a text file"
        )));
    }
    let text = text.into_owned();
    check_text(&text, bytes, true)?;
    Ok(Decoded {
        text,
        encoding: name,
    })
}

/// UTF-16 without a BOM shows as every other byte being zero in ASCII text.
fn looks_like_bomless_utf16(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_zero * 10 > pairs * 4 && even_zero * 20 < pairs {
        Some(false)
    } else if even_zero * 10 > pairs * 4 && odd_zero * 20 < pairs {
        Some(true)
    } else {
        None
    }
}

fn is_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')) || c == '\u{FFFD}'
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    nul > 0 || ctrl * 20 > sample.len()
}

/// Text with many control characters is a binary file that happened to decode.
fn check_text(text: &str, bytes: &[u8], lossy: bool) -> Result<()> {
    let is_bad = |c: char| is_control(c) && (lossy || c != '\u{FFFD}');
    let sample: String = text.chars().take(8192).collect();
    let total = sample.chars().count();
    let bad = sample.chars().filter(|&c| is_bad(c)).count();
    if total > 0 && bad * 20 > total {
        // Name what was found in the decoded text: the raw bytes may hold
        // no control byte at all (C1 controls, undecodable sequences).
        let Some((offset, c)) = text.char_indices().find(|&(_, c)| is_bad(c)) else {
            return Err(binary_error(bytes));
        };
        let line = text[..offset].matches('\n').count() + 1;
        let what = if c == '\u{FFFD}' {
            "bytes that are not text in any encoding".to_string()
        } else {
            format!("control character U+{:04X}", u32::from(c))
        };
        return Err(Error::input(format!(
            "this is a binary file, not an article ({what} on line {line}, and more); expected text, HTML or a comment export"
        ))
        .at_line(line));
    }
    Ok(())
}

fn binary_error(bytes: &[u8]) -> Error {
    let offset = bytes
        .iter()
        .position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)))
        .unwrap_or(0);
    let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
    Error::input(format!(
        "this is a binary file, not an article (control byte 0x{:02X} at byte {offset}); expected text, HTML or a comment export",
        bytes.get(offset).copied().unwrap_or(0)
    ))
    .at_line(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        // (name, bytes, expected text or None for an error, expected encoding)
        let cases: &[(&str, &[u8], Option<&str>, &str)] = &[
            ("plain", b"hello", Some("hello"), "UTF-8"),
            ("bom", b"\xEF\xBB\xBFhi", Some("hi"), "UTF-8 (with BOM)"),
            ("utf16le bom", b"\xFF\xFEh\0i\0", Some("hi"), "UTF-16LE"),
            ("utf16be bom", b"\xFE\xFF\0h\0i", Some("hi"), "UTF-16BE"),
            (
                "utf16le no bom",
                b"h\0e\0l\0l\0o\0!\0",
                Some("hello!"),
                "UTF-16LE",
            ),
            (
                "latin1",
                b"caf\xE9 na\xEFve",
                Some("café naïve"),
                "windows-1252",
            ),
            (
                "cp1252 quotes",
                b"\x93hi\x94",
                Some("\u{201C}hi\u{201D}"),
                "windows-1252",
            ),
            ("empty", b"", Some(""), "UTF-8"),
            (
                "binary",
                b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0",
                None,
                "",
            ),
        ];
        for (name, bytes, want, enc) in cases {
            let got = decode(bytes);
            match want {
                Some(text) => {
                    let d = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(d.text, *text, "{name}");
                    assert_eq!(d.encoding, *enc, "{name}");
                }
                None => assert!(got.is_err(), "{name}: expected an error"),
            }
        }
    }

    #[test]
    fn truncated_utf8_keeps_the_whole_part() {
        let d = decode("Ереван".as_bytes().split_last().unwrap().1).unwrap();
        assert!(d.text.starts_with("Ерева"));
        assert!(d.encoding.contains("truncated"));
    }
}
