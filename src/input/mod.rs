//! Files to tables. A text table is decoded; a CSV file is decoded and re-read as tab-separated
//! text mapped back to its bytes; a workbook gives one table per sheet, its rows as lines and
//! its cells as tab-separated fields. Whatever cannot be read is refused with its place.

use std::path::Path;

use crate::source::{Position, SourceFile};
use decode::{DecodeError, EncodingChoice};

mod csv;
pub mod decode;
pub mod format;
pub mod rows;
mod sheet;

/// Larger than any real table by far (a district's table is tens of KB); refusing it keeps a
/// mistaken path (a database dump, a video) from holding up a batch.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// A table row is a few thousand characters at most; a line this long is not a table row.
pub const MAX_LINE_CHARS: usize = 100_000;

/// Tab-separated text for the model with, for each of its bytes (and one past the end), the
/// byte of the shown source it came from.
#[derive(Debug, Clone, Default)]
pub struct Retabbed {
    pub text: String,
    pub origin: Vec<usize>,
}

/// One table: the text diagnostics are shown against, and the text the model reads when that
/// differs (CSV).
#[derive(Debug, Clone)]
pub struct Table {
    pub source: SourceFile,
    pub cells: Option<Retabbed>,
}

impl Table {
    pub fn text(source: SourceFile) -> Table {
        Table {
            source,
            cells: None,
        }
    }

    /// The tab-separated text the model reads.
    pub fn model_text(&self) -> &str {
        self.cells.as_ref().map_or(&self.source.text, |c| &c.text)
    }

    /// A span of the model text as a span of the shown source.
    pub fn to_source(&self, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let Some(c) = &self.cells else {
            return span;
        };
        let source = &self.source.text;
        let at = |b: usize| c.origin[b.min(c.origin.len() - 1)];
        let mut start = at(span.start).min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        // Each byte maps to its own byte, so the last byte's origin + 1 ends its character.
        let mut end = if span.end > span.start {
            (at(span.end - 1) + 1).min(source.len())
        } else {
            start
        };
        while !source.is_char_boundary(end) {
            end += 1;
        }
        start..end.max(start)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Csv,
    Workbook,
}

pub const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];
/// Extensions a directory walk picks up.
pub const TABLE_EXTENSIONS: [&str; 8] = ["txt", "tsv", "csv", "xlsx", "xlsm", "xls", "xlsb", "ods"];

pub fn kind_of(path: &Path) -> Kind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "csv" {
        Kind::Csv
    } else if WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
        Kind::Workbook
    } else {
        Kind::Text
    }
}

/// Why a file gave no table, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    pub at: Option<Position>,
    /// The file is no table at all (a document, a table-less file): in a folder it is
    /// skipped, named on the command line it is an error.
    pub not_a_table: bool,
}

impl ReadError {
    pub fn new(message: impl Into<String>) -> ReadError {
        ReadError {
            message: message.into(),
            at: None,
            not_a_table: false,
        }
    }

    pub fn not_a_table(message: impl Into<String>) -> ReadError {
        ReadError {
            not_a_table: true,
            ..ReadError::new(message)
        }
    }
}

/// Reads a file's tables. A workbook's sheets are all returned; which of them are tables is
/// decided by whether the model finds a header.
pub fn read(path: &Path, encoding: EncodingChoice) -> Result<Vec<Table>, ReadError> {
    // One open, its size from the open file: a batch reads thousands of files, and a second
    // lookup of each path (`metadata`, then `fs::read`) was a system call a file for nothing.
    let mut file = std::fs::File::open(path).map_err(|e| match path.is_dir() {
        // Windows does not open a folder as a file.
        true => ReadError::new("this is a directory"),
        false => ReadError::new(io_reason(&e)),
    })?;
    let meta = file.metadata().map_err(|e| ReadError::new(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(ReadError::new("this is a directory"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::new(format!(
            "the file is {} MB; jxlint reads tables up to {} MB",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| ReadError::new(io_reason(&e)))?;
    read_bytes(path, bytes, encoding)
}

pub fn read_bytes(
    path: &Path,
    bytes: Vec<u8>,
    encoding: EncodingChoice,
) -> Result<Vec<Table>, ReadError> {
    if let Some(what) = format::known_document(&bytes, kind_of(path) == Kind::Workbook) {
        return Err(ReadError::not_a_table(what));
    }
    match kind_of(path) {
        Kind::Workbook => {
            let sheets = sheet::read(path, bytes)?;
            sheets
                .into_iter()
                .map(|(name, text)| {
                    let source = SourceFile::sheet(path.to_path_buf(), name, text);
                    check_lines(&source).map_err(|at| ReadError {
                        not_a_table: false,
                        message: format!(
                            "sheet {}: {}",
                            source.sheet.as_deref().unwrap_or(""),
                            long_line(at)
                        ),
                        at: Some(at),
                    })?;
                    Ok(Table::text(source))
                })
                .collect()
        }
        kind => {
            let decoded = match decode::decode_vec(bytes, encoding) {
                Ok(d) => d,
                Err((e, bytes)) => {
                    return Err(ReadError {
                        at: e.at().map(|at| byte_position(&bytes, &e, at)),
                        message: e.to_string(),
                        not_a_table: false,
                    });
                }
            };
            let source = SourceFile::new(path.to_path_buf(), decoded.text);
            check_lines(&source).map_err(|at| ReadError {
                message: long_line(at),
                at: Some(at),
                not_a_table: false,
            })?;
            // A .csv whose rows are tab-separated is read as what it is.
            let cells = match kind {
                Kind::Csv if !format::tab_separated(&source.text) => {
                    Some(csv::retab(&source.text).map_err(ReadError::new)?)
                }
                _ => None,
            };
            Ok(vec![Table { source, cells }])
        }
    }
}

fn long_line(at: Position) -> String {
    format!(
        "line {} is longer than {MAX_LINE_CHARS} characters; this is not a table row",
        at.line
    )
}

/// The start of the first line longer than [`MAX_LINE_CHARS`].
fn check_lines(source: &SourceFile) -> Result<(), Position> {
    for i in 0..source.line_count() {
        let line = &source.text[source.line_range(i)];
        // Bytes bound characters from above: only long lines need counting.
        if line.len() > MAX_LINE_CHARS && line.chars().count() > MAX_LINE_CHARS {
            return Err(Position {
                line: i + 1,
                column: 1,
            });
        }
    }
    Ok(())
}

/// Line and column of a byte of a file that could not be decoded, counting what comes before
/// it as the file's encoding reads it (undecodable bytes count as one column each).
fn byte_position(bytes: &[u8], e: &DecodeError, at: usize) -> Position {
    let before = &bytes[..at.min(bytes.len())];
    let encoding = match e {
        DecodeError::Invalid { encoding, .. } => {
            encoding_rs::Encoding::for_label(encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8)
        }
        _ => encoding_rs::UTF_8,
    };
    let (text, _, _) = encoding.decode(before);
    let line_start = text.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: text.matches('\n').count() + 1,
        column: text[line_start..].chars().count() + 1,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    };
    format!("cannot read the file: {reason}")
}
