//! The table cell a byte of a shown source lies in: its row, its column and its text. Text
//! tables and sheets separate cells by tabs; a CSV file by commas outside quotes. Reports that
//! show a person the cell (the HTML report, the annotated workbook) use this.

use std::ops::Range;

use crate::input::{Kind, kind_of};
use crate::source::SourceFile;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// 1-based, as the table's rows are numbered.
    pub row: usize,
    /// 1-based: the first cell of a row is column 1.
    pub column: usize,
    /// The cell's bytes, quotes of a CSV field included.
    pub range: Range<usize>,
}

/// Whether the source's cells are separated by commas outside quotes (a CSV file) rather than
/// by tabs.
pub fn is_csv(source: &SourceFile) -> bool {
    source.sheet.is_none() && kind_of(&source.path) == Kind::Csv
}

/// The cell holding `byte`.
pub fn cell_at(source: &SourceFile, byte: usize) -> Cell {
    let byte = byte.min(source.text.len());
    let line = source.line_index(byte);
    let (column, range) = cell_in(source, source.line_range(line), byte);
    Cell {
        row: line + 1,
        column,
        range,
    }
}

/// The 1-based column and the bytes of the cell holding `byte`, in the row whose bytes are
/// `row` (a line, or a CSV record, which may span lines).
pub fn cell_in(source: &SourceFile, row: Range<usize>, byte: usize) -> (usize, Range<usize>) {
    let csv = is_csv(source);
    let mut column = 1;
    let mut start = row.start;
    let mut quoted = false;
    for (i, &b) in source.text.as_bytes()[row.clone()].iter().enumerate() {
        let at = row.start + i;
        let separator = if csv {
            if b == b'"' {
                quoted = !quoted;
            }
            b == b',' && !quoted
        } else {
            b == b'\t'
        };
        if !separator {
            continue;
        }
        if at >= byte {
            return (column, start..at);
        }
        column += 1;
        start = at + 1;
    }
    (column, start..row.end.max(start))
}

/// A span shown in its cell: the cell's text before it, the span, and the text after it to the
/// end of the cell the span ends in, each side cut to `context` characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub before: String,
    pub marked: String,
    pub after: String,
}

/// Longest marked text shown; a longer span is cut in the middle.
const MAX_MARKED: usize = 400;

pub fn excerpt(source: &SourceFile, span: &Range<usize>, context: usize) -> Excerpt {
    let text = &source.text;
    let first = cell_at(source, span.start);
    let last = if span.end > span.start {
        cell_at(source, span.end - 1)
    } else {
        first.clone()
    };
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let before: Vec<char> = text[first.range.start.min(start)..start].chars().collect();
    let after: Vec<char> = text[end..last.range.end.max(end)].chars().collect();
    let mut before_text: String = before[before.len().saturating_sub(context)..]
        .iter()
        .collect();
    if before.len() > context {
        before_text.insert(0, '…');
    }
    let mut after_text: String = after.iter().take(context).collect();
    if after.len() > context {
        after_text.push('…');
    }
    let marked: Vec<char> = text[start..end].chars().collect();
    let marked = if marked.len() > MAX_MARKED {
        let half = MAX_MARKED / 2;
        let head: String = marked[..half].iter().collect();
        let tail: String = marked[marked.len() - half..].iter().collect();
        format!("{head} … {tail}")
    } else {
        marked.into_iter().collect()
    };
    Excerpt {
        before: before_text,
        marked,
        after: after_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_cells_are_counted_from_one() {
        let s = SourceFile::new("a.txt".into(), "h\nab\tcd\tef\n".into());
        assert_eq!(
            cell_at(&s, 6),
            Cell {
                row: 2,
                column: 2,
                range: 5..7
            }
        );
        assert_eq!(cell_at(&s, 2).column, 1);
        assert_eq!(cell_at(&s, 9).range, 8..10);
    }

    #[test]
    fn csv_commas_inside_quotes_do_not_separate() {
        let s = SourceFile::new("a.csv".into(), "\"a,b\",c\n".into());
        assert_eq!(cell_at(&s, 2).column, 1);
        assert_eq!(cell_at(&s, 6).column, 2);
    }

    #[test]
    fn an_excerpt_is_cut_to_its_context() {
        let s = SourceFile::new("a.txt".into(), "x\t一二三四五六七八\ty".into());
        let e = excerpt(&s, &(2 + 9..2 + 12), 2);
        assert_eq!(e.before, "…二三");
        assert_eq!(e.marked, "四");
        assert_eq!(e.after, "五六…");
    }
}
