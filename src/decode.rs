//! Bytes to text. A table that cannot be decoded is refused with a message naming the place.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// A NUL or other control byte that text tables never contain, at this byte offset.
    Binary(usize),
    /// Bytes that are not UTF-8, at this byte offset.
    InvalidUtf8(usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "the file is empty"),
            DecodeError::Binary(at) => {
                write!(f, "this is not a text table: binary content at byte {at}")
            }
            DecodeError::InvalidUtf8(at) => {
                write!(f, "the text is not valid UTF-8 at byte {at}")
            }
        }
    }
}

/// Decodes a table's bytes. A UTF-8 byte-order mark is dropped; the returned text keeps every
/// other byte, so byte offsets into it are offsets into the file less the mark.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    let bom = bytes.len() - body.len();
    if let Some(at) = body
        .iter()
        .position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
    {
        return Err(DecodeError::Binary(bom + at));
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(DecodeError::InvalidUtf8(bom + e.valid_up_to())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_bom_and_refuses_binary_and_empty() {
        assert_eq!(decode(b"\xEF\xBB\xBFab").unwrap(), "ab");
        assert_eq!(decode(b"  \n"), Err(DecodeError::Empty));
        assert_eq!(decode(b"ab\0c"), Err(DecodeError::Binary(2)));
        assert_eq!(decode(b"ab\xffc"), Err(DecodeError::InvalidUtf8(2)));
    }
}
