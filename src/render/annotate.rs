//! The annotated workbook (`--annotate OUT.xlsx`, `--annotate-dir DIR`): a copy of the table
//! with each offending cell filled by its worst severity and a note holding its messages, and
//! a first sheet `检查结果` listing every finding with a link to its cell.
//!
//! An .xlsx or .xlsm input is read and written by umya-spreadsheet, which keeps what jxlint does
//! not touch (values, formulas, merges, number formats, widths, notes, other sheets; an .xlsm's
//! macros are left out, since an .xlsx may not hold them); any other input
//! (text, CSV, .xls, .ods) is written out as a new workbook of its cells as text, one sheet per
//! table. The input itself is never opened for writing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::WriteColor;
use umya_spreadsheet::{Comment, Workbook, Worksheet};

use crate::diag::{Diagnostic, Lang, Severity};
use crate::lint::{Checked, Outcome};
use crate::render::cell::{cell_at, cell_in, is_csv};
use crate::render::{Counts, Sink, words};
use crate::source::{SourceFile, column_letters};

/// The results sheet's name, in every language (a finance officer's workbook is Chinese).
const RESULTS: &str = "检查结果";

/// Fill colours (ARGB): errors red, warnings amber, notes blue, light enough to read the value.
fn fill(s: Severity) -> &'static str {
    match s {
        Severity::Error => "FFFFC7CE",
        Severity::Warning => "FFFFE699",
        Severity::Note => "FFBDD7EE",
    }
}

/// Where each input's annotated copy goes.
pub enum Target {
    /// `--annotate OUT`: the run's one input file.
    File(PathBuf),
    /// `--annotate-dir DIR`: each input as `DIR/<its path>.xlsx`.
    Dir(PathBuf),
}

impl Target {
    pub fn output_for(&self, input: &Path) -> PathBuf {
        match self {
            Target::File(out) => out.clone(),
            Target::Dir(dir) => {
                // The input's own relative path under DIR keeps two departments' `表.txt` apart;
                // an absolute or upward path gives its file name only.
                let relative: PathBuf = input
                    .components()
                    .filter_map(|c| match c {
                        std::path::Component::Normal(p) => Some(p),
                        _ => None,
                    })
                    .collect();
                let relative = if input.is_absolute() || relative.as_os_str().is_empty() {
                    PathBuf::from(input.file_name().unwrap_or_default())
                } else {
                    relative
                };
                let is_xlsx = relative
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
                let mut name = relative.into_os_string();
                if !is_xlsx {
                    // `表.txt` → `表.txt.xlsx`: `表.csv` beside it stays apart.
                    name.push(".xlsx");
                }
                dir.join(name)
            }
        }
    }
}

/// One finding placed at a cell: 1-based row and column.
struct Mark<'a> {
    sheet: String,
    row: u32,
    column: u32,
    diagnostic: &'a Diagnostic,
}

/// Passes every file on to the output and writes its annotated copy.
pub struct Annotating<'a> {
    pub inner: &'a mut dyn Sink,
    pub target: &'a Target,
    pub lang: Lang,
    /// The tables of the file being read (a workbook gives several), until the next file.
    pending: Vec<Checked>,
    /// Copies that could not be written, with why.
    pub failed: Vec<String>,
    pub written: Vec<PathBuf>,
}

impl<'a> Annotating<'a> {
    pub fn new(inner: &'a mut dyn Sink, target: &'a Target, lang: Lang) -> Self {
        Annotating {
            inner,
            target,
            lang,
            pending: Vec::new(),
            failed: Vec::new(),
            written: Vec::new(),
        }
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let tables = std::mem::take(&mut self.pending);
        let input = tables[0].source.path.clone();
        let output = self.target.output_for(&input);
        match annotate(&input, &tables, &output, self.lang) {
            Ok(()) => self.written.push(output),
            Err(e) => self
                .failed
                .push(format!("{}: {}: {e}", input.display(), output.display())),
        }
    }
}

impl Sink for Annotating<'_> {
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
        if let Ok(checked) = outcome {
            if self
                .pending
                .first()
                .is_some_and(|p| p.source.path != checked.source.path)
            {
                self.flush();
            }
            self.pending.push(checked.clone());
        }
        self.inner.file(outcome, w)
    }

    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        self.flush();
        self.inner.finish(counts, w)
    }
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Writes the annotated copy of `input`, whose tables are `tables`, to `output`.
fn annotate(input: &Path, tables: &[Checked], output: &Path, lang: Lang) -> Result<(), String> {
    let (mut book, marks) = if is_xlsx(input) {
        let mut book = umya_spreadsheet::reader::xlsx::read(input)
            .map_err(|e| format!("the workbook could not be read for annotating: {e}"))?;
        // The copy is an .xlsx, which may hold no macros: Excel refuses one that does.
        book.remove_macros_code();
        let marks = tables.iter().flat_map(sheet_marks).collect();
        (book, marks)
    } else {
        copy_as_workbook(input, tables)
    };
    let cells = group(&marks);
    for ((sheet, row, column), at) in &cells {
        let Ok(ws) = book.sheet_by_name_mut(sheet) else {
            continue;
        };
        let worst = at.iter().map(|m| m.diagnostic.severity).min();
        let coordinate = format!("{}{row}", column_letters(*column as usize));
        if let Some(s) = worst {
            ws.style_mut(coordinate.as_str())
                .set_background_color(fill(s));
        }
        let text: Vec<String> = at.iter().map(|m| note_line(m.diagnostic, lang)).collect();
        add_note(ws, *column, *row, &text.join("\n"));
    }
    results_sheet(&mut book, &marks, lang)?;
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    umya_spreadsheet::writer::xlsx::write(&book, output).map_err(|e| e.to_string())
}

fn note_line(d: &Diagnostic, lang: Lang) -> String {
    format!(
        "{} [{}] {}",
        words::severity(d.severity.as_str(), lang),
        d.rule,
        d.message
    )
}

/// A note on the cell, after any note it already has.
fn add_note(ws: &mut Worksheet, column: u32, row: u32, text: &str) {
    if let Some(c) = ws
        .comments_mut()
        .iter_mut()
        .find(|c| c.coordinate().col_num() == column && c.coordinate().row_num() == row)
    {
        let old = c.text();
        let before = old
            .text()
            .map(|t| t.value().to_owned())
            .or_else(|| old.rich_text().map(|r| r.text().into_owned()))
            .unwrap_or_default();
        c.set_text_string(format!("{before}\n{text}"));
        return;
    }
    let mut comment = Comment::default();
    comment.new_comment((column, row));
    comment.set_author("jxlint");
    comment.set_text_string(text);
    ws.add_comments(comment);
}

/// Marks grouped by cell, in sheet, row and column order.
fn group<'m, 'a>(marks: &'m [Mark<'a>]) -> BTreeMap<(String, u32, u32), Vec<&'m Mark<'a>>> {
    let mut cells: BTreeMap<(String, u32, u32), Vec<&Mark>> = BTreeMap::new();
    for m in marks {
        cells
            .entry((m.sheet.clone(), m.row, m.column))
            .or_default()
            .push(m);
    }
    cells
}

/// A sheet's findings at the cells they name.
fn sheet_marks(checked: &Checked) -> Vec<Mark<'_>> {
    let source = &checked.source;
    let sheet = source.sheet.clone().unwrap_or_default();
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let p = source.place(d.span.start);
            Mark {
                sheet: sheet.clone(),
                row: p.line as u32,
                column: p.column as u32,
                diagnostic: d,
            }
        })
        .collect()
}

/// A sheet name Excel accepts (no `[]:*?/\`, at most 31 characters) that no sheet in `taken`
/// has.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let base: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let base = if base.trim().is_empty() {
        "表格".to_owned()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base} ({n})");
        n += 1;
    }
    name
}

/// A table that is no .xlsx, as a new workbook: each table a sheet of its cells as text.
fn copy_as_workbook<'a>(input: &Path, tables: &'a [Checked]) -> (Workbook, Vec<Mark<'a>>) {
    let mut book = umya_spreadsheet::new_file_empty_worksheet();
    let mut marks = Vec::new();
    // The results sheet comes later, under its own name.
    let mut taken = vec![RESULTS.to_owned()];
    for checked in tables {
        let source = &checked.source;
        let wanted = match &source.sheet {
            Some(s) => s.clone(),
            None => input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let name = sheet_name(&wanted, &taken);
        taken.push(name.clone());
        let ws = book
            .new_sheet(name.as_str())
            .expect("the name is made valid and unique above");
        let grid = Grid::of(source);
        let mut widths: Vec<usize> = Vec::new();
        for (r, row) in grid.rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let coordinate = ((c + 1) as u32, (r + 1) as u32);
                ws.cell_mut(coordinate).set_value_string(text.as_str());
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                widths[c] = widths[c].max(unicode_width::UnicodeWidthStr::width(text.as_str()));
            }
        }
        for (c, w) in widths.iter().enumerate() {
            let letters = column_letters(c + 1);
            ws.column_dimension_mut(&letters)
                .set_width((*w).clamp(8, 60) as f64 + 2.0);
        }
        for d in &checked.diagnostics {
            let (row, column) = grid.cell_of(source, d.span.start);
            marks.push(Mark {
                sheet: name.clone(),
                row,
                column,
                diagnostic: d,
            });
        }
    }
    (book, marks)
}

/// A text or CSV table's cells by row, and where each row starts in the source.
struct Grid {
    rows: Vec<Vec<String>>,
    starts: Vec<usize>,
    csv: bool,
}

impl Grid {
    fn of(source: &SourceFile) -> Grid {
        let text = &source.text;
        let csv = is_csv(source);
        if csv {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut grid = Grid {
                rows: Vec::new(),
                starts: Vec::new(),
                csv,
            };
            for record in reader.records().map_while(Result::ok) {
                grid.starts
                    .push(record.position().map_or(0, |p| p.byte() as usize));
                grid.rows.push(record.iter().map(str::to_owned).collect());
            }
            return grid;
        }
        let mut grid = Grid {
            rows: Vec::new(),
            starts: Vec::new(),
            csv,
        };
        let mut at = 0;
        for line in text.split('\n') {
            grid.starts.push(at);
            at += line.len() + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            grid.rows
                .push(line.split('\t').map(str::to_owned).collect());
        }
        grid
    }

    /// The 1-based row and column of a byte of the source.
    fn cell_of(&self, source: &SourceFile, byte: usize) -> (u32, u32) {
        if !self.csv {
            let c = cell_at(source, byte);
            return (c.row as u32, c.column as u32);
        }
        // A CSV record may span lines: its cells are counted from the record's start.
        let row = self.starts.partition_point(|&s| s <= byte).max(1) - 1;
        let start = self.starts.get(row).copied().unwrap_or(0);
        let end = self
            .starts
            .get(row + 1)
            .copied()
            .unwrap_or(source.text.len());
        let (column, _) = cell_in(source, start.min(byte)..end.max(byte), byte);
        (row as u32 + 1, column as u32)
    }
}

/// The first sheet: every finding with its severity, rule, linked cell, project and message.
fn results_sheet(book: &mut Workbook, marks: &[Mark], lang: Lang) -> Result<(), String> {
    let taken: Vec<String> = book
        .sheet_collection_no_check()
        .iter()
        .map(|s| s.name().to_owned())
        .collect();
    let name = sheet_name(RESULTS, &taken);
    let ws = book.new_sheet(name.as_str()).map_err(|e| e.to_string())?;
    let heads = match lang {
        Lang::Zh => ["级别", "规则", "位置", "项目", "问题", "建议"],
        Lang::En => ["severity", "rule", "cell", "project", "message", "help"],
    };
    for (c, h) in heads.iter().enumerate() {
        let cell = ws.cell_mut(((c + 1) as u32, 1));
        cell.set_value_string(*h);
        cell.style_mut().font_mut().set_bold(true);
    }
    let mut ordered: Vec<&Mark> = marks.iter().collect();
    ordered.sort_by_key(|m| (m.diagnostic.severity, m.sheet.clone(), m.row, m.column));
    for (i, m) in ordered.iter().enumerate() {
        let r = (i + 2) as u32;
        let d = m.diagnostic;
        let severity = ws.cell_mut((1, r));
        severity.set_value_string(words::severity(d.severity.as_str(), lang));
        severity.style_mut().set_background_color(fill(d.severity));
        ws.cell_mut((2, r)).set_value_string(d.rule.as_str());
        let place = format!("{}{}", column_letters(m.column as usize), m.row);
        let link = format!("'{}'!{place}", m.sheet.replace('\'', "''"));
        let cell = ws.cell_mut((3, r));
        cell.set_value_string(format!("{}!{place}", m.sheet));
        cell.hyperlink_mut().set_url(link).set_location(true);
        cell.style_mut().font_mut().set_underline("single");
        cell.style_mut()
            .font_mut()
            .color_mut()
            .set_argb_str("FF0563C1");
        ws.cell_mut((4, r))
            .set_value_string(d.project.clone().unwrap_or_default());
        ws.cell_mut((5, r)).set_value_string(d.message.as_str());
        ws.cell_mut((6, r))
            .set_value_string(d.help.clone().unwrap_or_default());
    }
    for (letters, width) in [
        ("A", 8.0),
        ("B", 22.0),
        ("C", 16.0),
        ("D", 30.0),
        ("E", 80.0),
        ("F", 40.0),
    ] {
        ws.column_dimension_mut(letters).set_width(width);
    }
    // The results first, and open at it.
    book.sheet_collection_mut().rotate_right(1);
    book.set_active_sheet(0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(sheet_name(RESULTS, &[]), RESULTS);
        assert_eq!(sheet_name(RESULTS, &[RESULTS.to_owned()]), "检查结果 (2)");
        assert_eq!(sheet_name("a/b[1]", &[]), "a_b_1_");
        assert_eq!(sheet_name(" ", &[]), "表格");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 28);
    }
}
