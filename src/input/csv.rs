//! CSV to the tab-separated text the model reads. Parsing is the csv crate's; here each byte of
//! the result is mapped back to its byte in the file, so that diagnostics land on the file's
//! real lines and columns, inside quoted fields and across their embedded line breaks.

use crate::input::Retabbed;

/// Reads CSV text (`,`-separated, `"`-quoted). Line breaks inside a field become spaces of the
/// same length, so a field stays on its row.
pub fn retab(text: &str) -> Result<Retabbed, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let raw = text.as_bytes();
    let mut out = Retabbed::default();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(format!("not readable as CSV: {e}"));
            }
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let end = reader.position().byte() as usize;
        map_record(raw, start, end, &record, &mut out);
    }
    out.origin.push(raw.len());
    Ok(out)
}

/// Appends one record's fields, tab-separated and ended by a line break, with each byte's
/// origin between `start` and `end` in `raw`.
fn map_record(
    raw: &[u8],
    start: usize,
    end: usize,
    record: &csv::StringRecord,
    out: &mut Retabbed,
) {
    let end = end.min(raw.len());
    // The parser's record position can stand on the line break before the record (CRLF, blank
    // lines it skips).
    let mut cur = start;
    while cur < end && matches!(raw[cur], b'\r' | b'\n') {
        cur += 1;
    }
    let push = |out: &mut Retabbed, s: &str, at: usize| {
        let s = s.replace(['\n', '\r'], " ");
        out.text.push_str(&s);
        out.origin.extend((0..s.len()).map(|i| (at + i).min(end)));
    };
    for (i, field) in record.iter().enumerate() {
        if i > 0 {
            push(out, "\t", cur);
            cur += usize::from(raw.get(cur) == Some(&b','));
        }
        let mut quoted = false;
        let field_start = cur;
        for ch in field.chars() {
            let mut buf = [0; 4];
            let s: &str = ch.encode_utf8(&mut buf);
            loop {
                let here = &raw[cur.min(end)..end];
                if quoted && ch == '"' && here.starts_with(b"\"\"") {
                    push(out, s, cur + 1);
                    cur += 2;
                } else if here.starts_with(b"\"") && (quoted || cur == field_start || ch != '"') {
                    // A quote that is syntax: opening or closing a quoted stretch.
                    quoted = !quoted;
                    cur += 1;
                    continue;
                } else if here.starts_with(s.as_bytes()) {
                    push(out, s, cur);
                    cur += s.len();
                } else {
                    // The parser read something this walk cannot follow: keep the character,
                    // placed where the walk stands.
                    push(out, s, cur);
                }
                break;
            }
        }
        // Closing quote, and anything the parser dropped, up to the delimiter.
        while cur < end && raw[cur] == b'"' {
            cur += 1;
        }
    }
    out.text.push('\n');
    out.origin.push(cur.min(end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(r: &Retabbed, text: &str, needle: &str) -> usize {
        r.origin[r
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {text}"))]
    }

    #[test]
    fn quoted_fields_map_to_their_bytes() {
        let text = "项目名称,绩效指标\r\n\"a,b\",\"1、x\n2、\"\"y\"\"\"\nc,d\n";
        let r = retab(text).unwrap();
        assert_eq!(r.text, "项目名称\t绩效指标\na,b\t1、x 2、\"y\"\nc\td\n");
        assert_eq!(r.origin.len(), r.text.len() + 1);
        assert_eq!(at(&r, text, "a,b"), text.find("a,b").unwrap());
        assert_eq!(at(&r, text, "2、"), text.find("2、").unwrap());
        assert_eq!(at(&r, text, "y"), text.find('y').unwrap());
        assert_eq!(at(&r, text, "d"), text.find('d').unwrap());
    }

    #[test]
    fn a_stray_quote_in_an_unquoted_field_is_text() {
        let text = "a\"b,c\n";
        let r = retab(text).unwrap();
        assert_eq!(r.text, "a\"b\tc\n");
        assert_eq!(at(&r, text, "c"), 4);
    }
}
