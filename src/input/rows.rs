//! Text to physical rows: one row per line, cells split at tabs, each cell a byte range.

use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line number.
    pub line: usize,
    /// Byte range of the line's content (without its line break).
    pub span: Range<usize>,
    pub cells: Vec<Range<usize>>,
}

impl Row {
    pub fn cell<'a>(&self, text: &'a str, i: usize) -> &'a str {
        self.cells.get(i).map_or("", |r| &text[r.clone()])
    }

    pub fn is_blank(&self, text: &str) -> bool {
        text[self.span.clone()].trim().is_empty()
    }
}

pub fn split_rows(text: &str) -> Vec<Row> {
    split_rows_into(text, Vec::new())
}

/// [`split_rows`] into `rows`, a list of an earlier table's rows: each row's cell list is
/// filled again, its room kept.
pub fn split_rows_into(text: &str, mut rows: Vec<Row>) -> Vec<Row> {
    let breaks = || memchr::memchr_iter(b'\n', text.as_bytes());
    let count = breaks().count() + 1;
    rows.truncate(count);
    let reused = rows.len();
    rows.reserve_exact(count - reused);
    // The lines between the line breaks, found by memchr.
    let mut next = 0;
    let lines = breaks().chain([text.len()]).map(move |end| {
        let line = &text[next..end];
        next = end + 1;
        line
    });
    let mut start = 0;
    for (line, raw) in lines.enumerate() {
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        let span = start..start + content.len();
        let tabs = || memchr::memchr_iter(b'\t', content.as_bytes());
        let mut cells = if line < reused {
            let mut cells = std::mem::take(&mut rows[line].cells);
            cells.clear();
            cells
        } else {
            Vec::with_capacity(tabs().count() + 1)
        };
        let mut cell_start = span.start;
        for i in tabs() {
            cells.push(cell_start..span.start + i);
            cell_start = span.start + i + 1;
        }
        cells.push(cell_start..span.end);
        let row = Row {
            line: line + 1,
            span,
            cells,
        };
        if line < reused {
            rows[line] = row;
        } else {
            rows.push(row);
        }
        start += raw.len() + 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_cells_with_crlf() {
        let text = "a\tb\r\n\nc\t\td";
        let rows = split_rows(text);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].cell(text, 1), "b");
        assert!(rows[1].is_blank(text));
        assert_eq!(rows[2].cells.len(), 3);
        assert_eq!(rows[2].cell(text, 2), "d");
        assert_eq!(rows[2].line, 3);
        // Split again into the rows of a longer table and of a shorter one: the same rows.
        let longer = split_rows("x\ty\tz\n1\n2\n3\n4");
        assert_eq!(
            format!("{:?}", split_rows_into(text, longer)),
            format!("{rows:?}")
        );
        let shorter = split_rows("x");
        assert_eq!(
            format!("{:?}", split_rows_into(text, shorter)),
            format!("{rows:?}")
        );
    }
}
