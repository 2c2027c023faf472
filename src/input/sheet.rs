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
    if bytes.starts_with(b"PK") {
        check_zip(&bytes)?;
    }
    if encrypted_xlsx {
        return Err(ReadError::new(
            "the workbook is password-protected (encrypted); save a copy without a password",
        ));
    }
    if ext == "xls" || bytes.starts_with(&CFB_MAGIC) {
        // calamine trusts the compound file's sector chains: a chain that loops made it grow a
        // buffer until the machine ran out of memory (found by fuzzing). The cfb crate checks
        // the structure first.
        if let Err(e) = cfb::CompoundFile::open(Cursor::new(&bytes[..])) {
            return Err(ReadError::new(format!("not a readable workbook: {e}")));
        }
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

/// What a workbook may unpack to: far beyond any real table, far below what would hurt.
const MAX_UNPACKED: u64 = 512 * 1024 * 1024;

/// Refuses a zip whose entries claim to unpack to more than [`MAX_UNPACKED`] (a zip bomb would
/// otherwise be inflated whole by the spreadsheet reader).
fn check_zip(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a readable zip: the spreadsheet reader says why.
        return Ok(());
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED {
        return Err(ReadError::new(format!(
            "the workbook unpacks to {} MB; jxlint reads workbooks up to {} MB unpacked",
            total / (1024 * 1024),
            MAX_UNPACKED / (1024 * 1024)
        )));
    }
    Ok(())
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
