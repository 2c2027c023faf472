//! A file as read: its path, its decoded text, and the mapping from byte offsets to the
//! 1-based line and character column that every output format reports.

use std::ops::Range;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// For a spreadsheet, the sheet this text is; its lines are the sheet's rows and its
    /// tab-separated fields the cells, so line N is row N and field K is column K.
    pub sheet: Option<String>,
    pub text: String,
    line_starts: Vec<usize>,
}

/// Where a byte is, as a user finds it: in a text file, the line and character column; in a
/// sheet, the row, the column number and the cell's address (`Sheet1!F12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub cell: Option<String>,
}

/// A 1-based position; `column` counts Unicode scalar values, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            path,
            sheet: None,
            text,
            line_starts,
        }
    }

    /// A sheet's cells as text: one line per row, cells separated by tabs.
    pub fn sheet(path: PathBuf, sheet: String, text: String) -> Self {
        SourceFile {
            sheet: Some(sheet),
            ..SourceFile::new(path, text)
        }
    }

    /// The 1-based column (cell) number of `byte` in a sheet: one more than the tabs before it.
    pub fn cell_column(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let start = self.line_starts[self.line_index(byte)];
        self.text.as_bytes()[start..byte]
            .iter()
            .filter(|&&b| b == b'\t')
            .count()
            + 1
    }

    /// Where `byte` is, in the terms of the file's kind.
    pub fn place(&self, byte: usize) -> Place {
        let p = self.position(byte);
        match &self.sheet {
            None => Place {
                line: p.line,
                column: p.column,
                cell: None,
            },
            Some(sheet) => {
                let column = self.cell_column(byte);
                Place {
                    line: p.line,
                    column,
                    cell: Some(format!("{}!{}{}", sheet, column_letters(column), p.line)),
                }
            }
        }
    }

    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }

    /// 0-based index of the line holding `byte`.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of a line's content, without its line break.
    pub fn line_range(&self, line_index: usize) -> Range<usize> {
        let start = self.line_starts[line_index];
        let mut end = self
            .line_starts
            .get(line_index + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Lines and columns of bytes asked in file order, as [`SourceFile::place`] gives them.
    pub fn placer(&self) -> Placer<'_> {
        Placer {
            file: self,
            last: None,
        }
    }

    /// `byte` within the text, moved back to the start of the character it lies in.
    fn char_start(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        byte
    }

    pub fn position(&self, byte: usize) -> Position {
        let byte = self.char_start(byte);
        let line_index = self.line_index(byte);
        let start = self.line_starts[line_index];
        let column = self.text[start..byte].chars().count() + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }
}

/// Lines and columns of a file's bytes, each counted on from the byte asked before where it
/// lies ahead on the same line: the many places on one long row (a project's cells), asked in
/// file order, cost one walk along the row, not a count from the line's start each.
pub struct Placer<'a> {
    file: &'a SourceFile,
    /// The last place found: its line index, byte and column.
    last: Option<(usize, usize, usize)>,
}

impl Placer<'_> {
    pub fn line_column(&mut self, byte: usize) -> (usize, usize) {
        let file = self.file;
        if file.sheet.is_some() {
            let p = file.place(byte);
            return (p.line, p.column);
        }
        let byte = file.char_start(byte);
        let line = file.line_index(byte);
        let column = match self.last {
            Some((l, b, c)) if l == line && b <= byte => c + file.text[b..byte].chars().count(),
            _ => file.text[file.line_starts[line]..byte].chars().count() + 1,
        };
        self.last = Some((line, byte, column));
        (line + 1, column)
    }
}

/// How a column is counted: what editors and tools expect differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnUnit {
    /// GCC's default, which vim's `%v` and Emacs read: screen columns, a wide (CJK) character
    /// counting 2 and a tab advancing to the next multiple of 8.
    #[default]
    Display,
    /// Unicode scalar values (the JSON contract's columns).
    Char,
    /// UTF-8 bytes (vim's `%c`).
    Byte,
    /// UTF-16 code units (what LSP clients and JavaScript count by default).
    Utf16,
}

impl SourceFile {
    /// The 1-based column of `byte` on its line, counted in `unit`.
    pub fn column_in(&self, byte: usize, unit: ColumnUnit) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let start = self.line_starts[self.line_index(byte)];
        let before = &self.text[start..byte];
        1 + match unit {
            ColumnUnit::Char => before.chars().count(),
            ColumnUnit::Byte => before.len(),
            ColumnUnit::Utf16 => before.encode_utf16().count(),
            ColumnUnit::Display => before.chars().fold(0, |col, c| match c {
                '\t' => (col / 8 + 1) * 8,
                c => col + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
            }),
        }
    }
}

/// Spreadsheet column letters of a 1-based column number: 1 → A, 27 → AA.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_found_together_are_the_places_found_one_by_one() {
        let text = "项目\t总计\r\n西村 经费\t2.00\t确保，覆盖。\n\nab\t中";
        let file = SourceFile::new(PathBuf::from("t.txt"), text.to_owned());
        // Every byte, char boundaries or not, in an order that goes back and forth.
        let bytes: Vec<usize> = (0..=text.len() + 2).rev().chain(0..=text.len()).collect();
        let mut placer = file.placer();
        for &b in &bytes {
            let one = file.place(b);
            assert_eq!(placer.line_column(b), (one.line, one.column), "byte {b}");
        }
    }

    #[test]
    fn sheet_places_name_the_cell() {
        let s = SourceFile::sheet("b.xlsx".into(), "Sheet1".into(), "\n\ta\tbc".into());
        let p = s.place(5);
        assert_eq!((p.line, p.column), (2, 3));
        assert_eq!(p.cell.as_deref(), Some("Sheet1!C2"));
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(28), "AB");
        let t = SourceFile::new("a.txt".into(), "项目\tb".into());
        assert_eq!(t.place(7).column, 4);
        assert_eq!(t.place(7).cell, None);
    }
}
