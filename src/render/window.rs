//! A view of a file for codespan-reporting in which each line that carries a label is cut to a
//! window of about [`WIDTH`] display columns around its labels, with `…` where text is left
//! out. Line numbers and columns stay those of the real file: the view keeps every line at its
//! index (lines without labels are empty) and reports columns from the window's true start;
//! in a sheet, a column is the cell's column number.

use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::files::{self, Files};
use unicode_width::UnicodeWidthChar;

use crate::source::SourceFile;

/// Display columns a line is cut to.
pub const WIDTH: usize = 100;
/// Display columns of a long label that are underlined; the rest is left out of the view.
const LABEL_WIDTH: usize = 40;
const TAB_WIDTH: usize = 4;
const ELLIPSIS: &str = "…";

fn width(c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else {
        c.width().unwrap_or(0)
    }
}

struct Cut {
    /// Byte in the view where the window's text starts.
    view_start: usize,
    /// Byte in the source where the window starts.
    source_start: usize,
    /// 1-based column of `source_start` in the real line.
    first_column: usize,
    /// In a sheet, the 1-based cell column of `source_start`.
    first_cell: Option<usize>,
}

pub struct Window {
    name: String,
    view: String,
    line_starts: Vec<usize>,
    cuts: BTreeMap<usize, Cut>,
}

impl Window {
    /// Builds the view for these source spans and returns the spans mapped into it.
    pub fn new(source: &SourceFile, spans: &[Range<usize>]) -> (Window, Vec<Range<usize>>) {
        let text = &source.text;
        // Each span is kept to its first line and to LABEL_WIDTH columns.
        let clipped: Vec<(usize, Range<usize>)> = spans
            .iter()
            .map(|s| {
                let start = s.start.min(text.len());
                let line = source.line_index(start);
                let line_end = source.line_range(line).end.max(start);
                let mut end = s.end.clamp(start, line_end);
                let mut w = 0;
                for (i, c) in text[start..end].char_indices() {
                    w += width(c);
                    if w > LABEL_WIDTH {
                        end = start + i;
                        break;
                    }
                }
                (line, start..end)
            })
            .collect();
        let mut by_line: BTreeMap<usize, Range<usize>> = BTreeMap::new();
        for (line, s) in &clipped {
            by_line
                .entry(*line)
                .and_modify(|u| *u = u.start.min(s.start)..u.end.max(s.end))
                .or_insert(s.clone());
        }
        let mut view = String::new();
        let mut cuts = BTreeMap::new();
        let last = by_line.keys().next_back().copied().unwrap_or(0);
        for line in 0..=last {
            if let Some(union) = by_line.get(&line) {
                let range = source.line_range(line);
                let (ws, we) = widen(text, range.clone(), union.clone());
                if ws > range.start {
                    view.push_str(ELLIPSIS);
                }
                cuts.insert(
                    line,
                    Cut {
                        view_start: view.len(),
                        source_start: ws,
                        first_column: source.position(ws).column,
                        first_cell: source.sheet.as_ref().map(|_| source.cell_column(ws)),
                    },
                );
                view.push_str(&text[ws..we]);
                if we < range.end {
                    view.push_str(ELLIPSIS);
                }
            }
            view.push('\n');
        }
        let mapped = clipped
            .iter()
            .map(|(line, s)| {
                let cut = &cuts[line];
                let at = |b: usize| cut.view_start + b - cut.source_start;
                at(s.start)..at(s.end)
            })
            .collect();
        let line_starts = files::line_starts(&view).collect();
        (
            Window {
                name: source.display_path(),
                view,
                line_starts,
                cuts,
            },
            mapped,
        )
    }
}

/// Grows `union` within `line` to about WIDTH display columns, as evenly as the line allows.
fn widen(text: &str, line: Range<usize>, union: Range<usize>) -> (usize, usize) {
    let used: usize = text[union.clone()].chars().map(width).sum();
    let mut budget = WIDTH.saturating_sub(used);
    let (mut start, mut end) = (union.start, union.end);
    let before: Vec<char> = text[line.start..start].chars().rev().take(WIDTH).collect();
    let after: Vec<char> = text[end..line.end].chars().take(WIDTH).collect();
    let (mut l, mut r) = (0, 0);
    let mut turn_left = true;
    loop {
        let can_left = l < before.len() && width(before[l]) <= budget;
        let can_right = r < after.len() && width(after[r]) <= budget;
        if !can_left && !can_right {
            break;
        }
        if can_left && (turn_left || !can_right) {
            budget -= width(before[l]);
            start -= before[l].len_utf8();
            l += 1;
        } else {
            budget -= width(after[r]);
            end += after[r].len_utf8();
            r += 1;
        }
        turn_left = !turn_left;
    }
    (start, end)
}

impl<'a> Files<'a> for Window {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.view)
    }

    fn line_index(&'a self, (): (), byte: usize) -> Result<usize, files::Error> {
        Ok(self
            .line_starts
            .binary_search(&byte)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, (): (), line: usize) -> Result<Range<usize>, files::Error> {
        let start = *self
            .line_starts
            .get(line)
            .ok_or(files::Error::LineTooLarge {
                given: line,
                max: self.line_starts.len() - 1,
            })?;
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.view.len());
        Ok(start..end)
    }

    fn column_number(&'a self, (): (), line: usize, byte: usize) -> Result<usize, files::Error> {
        match self.cuts.get(&line) {
            Some(cut) if byte >= cut.view_start => {
                let before = &self.view[cut.view_start..byte];
                Ok(match cut.first_cell {
                    Some(cell) => cell + before.matches('\t').count(),
                    None => cut.first_column + before.chars().count(),
                })
            }
            Some(cut) => Ok(cut.first_cell.unwrap_or(cut.first_column)),
            None => Ok(1),
        }
    }
}
