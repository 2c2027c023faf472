//! Bytes to text. Tables arrive as UTF-8 (with or without a byte-order mark), as UTF-16 with a
//! mark (Excel's "Unicode text") or as GB18030/GBK (the default of Chinese Windows). Text that
//! cannot be decoded is refused with a message naming the place; nothing is replaced silently.

use std::fmt;

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Which encoding to read a file in: found from the bytes, or forced by `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    #[default]
    Auto,
    Forced(&'static Encoding),
}

impl EncodingChoice {
    /// A WHATWG label (`utf-8`, `utf-16le`, `gbk`, `gb18030`, …) or `auto`.
    pub fn from_label(label: &str) -> Option<EncodingChoice> {
        if label.eq_ignore_ascii_case("auto") {
            return Some(EncodingChoice::Auto);
        }
        let encoding = Encoding::for_label(label.as_bytes())?;
        // The WHATWG table maps gbk to the GBK decoder; GB18030 reads every GBK file and more.
        let encoding = if encoding == encoding_rs::GBK {
            GB18030
        } else {
            encoding
        };
        Some(EncodingChoice::Forced(encoding))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// A NUL or other control byte that text tables never contain, at this byte offset.
    Binary(usize),
    /// Bytes that are not valid in the encoding, at this byte offset.
    Invalid {
        encoding: &'static str,
        at: usize,
    },
}

impl DecodeError {
    /// The byte offset in the file the error is at, where there is one.
    pub fn at(&self) -> Option<usize> {
        match self {
            DecodeError::Empty => None,
            DecodeError::Binary(at) | DecodeError::Invalid { at, .. } => Some(*at),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "the file is empty"),
            DecodeError::Binary(at) => write!(
                f,
                "this is not a text table: binary content at byte {at} \
                 (UTF-16 without a byte-order mark needs --encoding utf-16le)"
            ),
            DecodeError::Invalid { encoding, at } => write!(
                f,
                "the text is not valid {encoding} at byte {at} (--encoding reads it as another encoding)"
            ),
        }
    }
}

/// A decoded table: its text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Length of the byte-order mark that was dropped.
    pub bom: usize,
}

/// Decodes a table's bytes. A byte-order mark decides the encoding and is dropped; otherwise
/// UTF-8 is tried first, then GB18030. Byte offsets in errors are offsets into the file.
pub fn decode(bytes: &[u8], choice: EncodingChoice) -> Result<Decoded, DecodeError> {
    let (encoding, bom) = match (choice, Encoding::for_bom(bytes)) {
        (EncodingChoice::Forced(e), Some((b, len))) if b == e => (e, len),
        (EncodingChoice::Forced(e), _) => (e, 0),
        (EncodingChoice::Auto, Some((e, len))) => (e, len),
        (EncodingChoice::Auto, None) => (UTF_8, 0),
    };
    let body = &bytes[bom..];
    // The common case, UTF-8, is validated once; only text that is not UTF-8 is guessed at.
    let text = if encoding == UTF_8 {
        std::str::from_utf8(body)
            .map(str::to_owned)
            .map_err(|e| e.valid_up_to())
    } else {
        decode_strict(encoding, body)
    };
    let (text, encoding) = match (text, choice, bom) {
        (Err(at), EncodingChoice::Auto, 0) => match gb18030_instead(bytes) {
            Some(text) => (Ok(text), GB18030),
            None => (Err(at), UTF_8),
        },
        (text, _, _) => (text, encoding),
    };
    let text = text.map_err(|at| DecodeError::Invalid {
        encoding: encoding.name(),
        at: bom + at,
    });
    // A binary file is named as such even when it also fails to decode.
    let text = match text {
        Ok(text) => text,
        Err(e) => return Err(control_char(bytes, bom).map_or(e, DecodeError::Binary)),
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(i) =
        text.find(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
    {
        return Err(DecodeError::Binary(byte_in_file(
            bytes, encoding, bom, &text, i,
        )));
    }
    Ok(Decoded {
        text,
        encoding,
        bom,
    })
}

/// [`decode`], taking the bytes: text that is UTF-8 (the common case) becomes the string
/// without a copy. On failure the bytes come back with the error, to place it.
pub fn decode_vec(
    mut bytes: Vec<u8>,
    choice: EncodingChoice,
) -> Result<Decoded, (DecodeError, Vec<u8>)> {
    let utf8_wanted = match choice {
        EncodingChoice::Auto => true,
        EncodingChoice::Forced(e) => e == UTF_8,
    };
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let other_bom = bom == 0 && Encoding::for_bom(&bytes).is_some();
    if utf8_wanted && !other_bom {
        // simdutf8 validates CJK text several times faster than the standard library.
        let body = &bytes[bom..];
        if simdutf8::basic::from_utf8(body).is_ok() && !has_control_byte(body) {
            bytes.drain(..bom);
            // SAFETY: these are the bytes simdutf8 has just found to be valid UTF-8.
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            if text.trim().is_empty() {
                return Err((DecodeError::Empty, text.into_bytes()));
            }
            return Ok(Decoded {
                text,
                encoding: UTF_8,
                bom,
            });
        }
        // Not UTF-8, or binary: the general path says which, at the file's byte.
    }
    decode(&bytes, choice).map_err(|e| (e, bytes))
}

/// Whether valid UTF-8 holds a control character [`utf8_control_byte`] would find: a
/// branch-free test over blocks (which the compiler vectorises) before the exact search.
fn has_control_byte(bytes: &[u8]) -> bool {
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) | (b == 0x7f) | (b == 0xc2)
    };
    bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |any, &b| any | suspect(b)))
        && utf8_control_byte(bytes).is_some()
}

/// The first control character (other than tab, line breaks and form feed) of valid UTF-8,
/// found from the bytes: C0 controls and DEL are single bytes, C1 controls `C2 80`–`C2 9F`.
fn utf8_control_byte(bytes: &[u8]) -> Option<usize> {
    bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)))
    })
}

/// For bytes that are not UTF-8: their text as GB18030, if they read cleanly as that. Bytes
/// that are mostly UTF-8 with a few bad ones stay UTF-8, so that the error names the bad byte.
fn gb18030_instead(bytes: &[u8]) -> Option<String> {
    let (valid_multibyte, invalid) = utf8_census(bytes);
    if valid_multibyte > invalid {
        return None;
    }
    decode_strict(GB18030, bytes).ok()
}

/// Counts of well-formed multi-byte UTF-8 characters and of invalid sequences.
fn utf8_census(mut bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                return (valid, invalid);
            }
            Err(e) => {
                let good = &bytes[..e.valid_up_to()];
                // Safe: from_utf8 just said these bytes are valid.
                valid += std::str::from_utf8(good)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                invalid += 1;
                let skip = e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[e.valid_up_to() + skip..];
            }
        }
    }
}

/// Decodes without replacement (UTF-8 is validated by the standard library instead); on
/// malformed input, the byte offset where it starts.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(bad as usize + after as usize))
        }
        // The buffer was sized for the worst case; should it still be short, the file is
        // refused at its end rather than half read.
        encoding_rs::DecoderResult::OutputFull => Err(read),
    }
}

/// The first control byte (other than tab, line breaks and form feed) of single-byte text.
fn control_char(bytes: &[u8], bom: usize) -> Option<usize> {
    bytes[bom..]
        .iter()
        .position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
        .map(|i| bom + i)
}

/// File offset of the character at `text_byte` of the decoded text.
fn byte_in_file(
    bytes: &[u8],
    encoding: &'static Encoding,
    bom: usize,
    text: &str,
    text_byte: usize,
) -> usize {
    if encoding == UTF_8 {
        return bom + text_byte;
    }
    let before = &text[..text_byte];
    let len = if encoding == UTF_16LE || encoding == UTF_16BE {
        // encoding_rs encodes UTF-16 labels as UTF-8; count UTF-16 units instead.
        before.encode_utf16().count() * 2
    } else {
        encoding.encode(before).0.len()
    };
    (bom + len).min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(bytes: &[u8]) -> Result<Decoded, DecodeError> {
        decode(bytes, EncodingChoice::Auto)
    }

    #[test]
    fn taking_the_bytes_reads_the_same() {
        for bytes in [
            "\u{feff}项目\tb".as_bytes().to_vec(),
            "项目\x7f".as_bytes().to_vec(),
            "a\u{85}b".as_bytes().to_vec(),
            b"  \n".to_vec(),
            GB18030.encode("项目名称").0.into_owned(),
        ] {
            assert_eq!(
                decode_vec(bytes.clone(), EncodingChoice::Auto).map_err(|e| e.0),
                auto(&bytes)
            );
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = auto("\u{feff}项目\tb".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.bom), ("项目\tb", UTF_8, 3));
        assert_eq!(auto("项目".as_bytes()).unwrap().text, "项目");
    }

    #[test]
    fn utf16_by_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("项目\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let d = auto(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("项目\r\n", UTF_16LE));
        let mut be = vec![0xFE, 0xFF];
        be.extend("项目".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(auto(&be).unwrap().text, "项目");
    }

    #[test]
    fn gb18030_when_not_utf8() {
        let (gb, _, _) = GB18030.encode("项目名称\t绩效指标\n1-产出指标");
        let d = auto(&gb).unwrap();
        assert_eq!(d.encoding, GB18030);
        assert_eq!(d.text, "项目名称\t绩效指标\n1-产出指标");
        let forced = decode(&gb, EncodingChoice::from_label("gbk").unwrap()).unwrap();
        assert_eq!(forced.text, d.text);
    }

    #[test]
    fn a_bad_byte_in_utf8_is_named_not_guessed_away() {
        let mut bytes = "项目名称\t绩效指标\n".as_bytes().to_vec();
        bytes.push(0xFF);
        bytes.extend("指标".as_bytes());
        assert_eq!(
            auto(&bytes),
            Err(DecodeError::Invalid {
                encoding: "UTF-8",
                at: 26
            })
        );
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert_eq!(auto(b"  \n"), Err(DecodeError::Empty));
        assert_eq!(auto(b""), Err(DecodeError::Empty));
        assert_eq!(auto(b"ab\0c"), Err(DecodeError::Binary(2)));
        assert_eq!(
            auto(b"\x89PNG\r\n\x1a\n\0\0\xff"),
            Err(DecodeError::Binary(6))
        );
    }

    #[test]
    fn forced_encoding_reports_its_name() {
        let choice = EncodingChoice::from_label("utf-8").unwrap();
        let e = decode("项目".as_bytes()[..4].as_ref(), choice).unwrap_err();
        assert_eq!(
            e,
            DecodeError::Invalid {
                encoding: "UTF-8",
                at: 3
            }
        );
        assert!(EncodingChoice::from_label("klingon").is_none());
    }
}
