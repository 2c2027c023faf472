//! Workbooks (.xlsx, .xls, …) via calamine. Each sheet becomes text whose line N is row N and
//! whose tab-separated field K is column K, so that places are the sheet's own. Line breaks and
//! tabs inside a cell become spaces of the same length: the cell stays one field.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Sheets};

use crate::input::ReadError;

/// The first bytes of an OLE compound file: what an encrypted .xlsx (and every .xls) is.
const CFB_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// (sheet name, text) for every sheet with cells, in workbook order.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Vec<(String, String)>, ReadError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let encrypted_xlsx = ext != "xls" && bytes.starts_with(&CFB_MAGIC);
    if encrypted_xlsx {
        return Err(ReadError::new(
            "the workbook is password-protected (encrypted); save a copy without a password",
        ));
    }
    // A parser bug must not take down a batch: a panic in it is reported as an unreadable file.
    let opened = quietly(|| read_sheets(&ext, bytes));
    match opened {
        Ok(result) => result,
        Err(_) => Err(ReadError::new(
            "the workbook could not be read (the spreadsheet reader failed on it)",
        )),
    }
}

thread_local! {
    /// Set while the spreadsheet reader runs: a panic there is caught and reported as an
    /// unreadable file, so the panic hook stays silent.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook printing it. Other panics still reach the
/// hook that was installed before (the default one, or a fuzzer's).
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result
}

fn read_sheets(ext: &str, bytes: Vec<u8>) -> Result<Vec<(String, String)>, ReadError> {
    let cursor = Cursor::new(bytes);
    let unreadable =
        |e: &dyn std::fmt::Display| ReadError::new(format!("not a readable workbook: {e}"));
    let mut workbook: Sheets<_> = match ext {
        "xls" => Sheets::Xls(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?),
        "xlsb" => {
            Sheets::Xlsb(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?)
        }
        "ods" => Sheets::Ods(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?),
        _ => Sheets::Xlsx(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?),
    };
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| ReadError::new(format!("sheet {name} could not be read: {e}")))?;
        if let Some(text) = sheet_text(&range) {
            out.push((name, text));
        }
    }
    Ok(out)
}

/// The sheet as text from row 1 and column A, or `None` when it has no cells.
fn sheet_text(range: &calamine::Range<Data>) -> Option<String> {
    let (first_row, first_column) = range.start()?;
    let mut text = "\n".repeat(first_row as usize);
    for row in range.rows() {
        text.push_str(&"\t".repeat(first_column as usize));
        // A row ends at its last written cell, as a text row ends at its last field.
        let used = row
            .iter()
            .rposition(|c| *c != Data::Empty)
            .map_or(0, |i| i + 1);
        for (i, cell) in row[..used].iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            text.push_str(&cell.to_string().replace(['\t', '\n', '\r'], " "));
        }
        text.push('\n');
    }
    Some(text)
}
