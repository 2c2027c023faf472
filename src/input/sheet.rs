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
        let mut file = cfb::CompoundFile::open(Cursor::new(&bytes[..]))
            .map_err(|e| ReadError::new(format!("not a readable workbook: {e}")))?;
        check_biff_area(&mut file)?;
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

/// Cells a sheet's used area may span. calamine lays a sheet out as a dense grid from its first
/// to its last used cell: a stray cell far away (or a corrupt row number) would make it allocate
/// gigabytes. A real table is a few hundred cells by seven.
const MAX_AREA: u64 = 4_000_000;

fn too_large(rows: u64, columns: u64) -> ReadError {
    ReadError::new(format!(
        "a sheet spans {rows} rows by {columns} columns; jxlint reads sheets of up to {MAX_AREA} cells"
    ))
}

/// Bounding box of the cells seen: (min row, max row, min column, max column).
#[derive(Default)]
struct Area(Option<(u64, u64, u64, u64)>);

impl Area {
    fn add(&mut self, row: u64, column: u64) {
        self.0 = Some(match self.0 {
            None => (row, row, column, column),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(column), c1.max(column)),
        });
    }

    fn check(&self) -> Result<(), ReadError> {
        match self.0 {
            Some((r0, r1, c0, c1)) if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_AREA => {
                Err(too_large(r1 - r0 + 1, c1 - c0 + 1))
            }
            _ => Ok(()),
        }
    }
}

/// The used area of each sheet of an .xls, from the cell records of its workbook stream.
fn check_biff_area(file: &mut cfb::CompoundFile<Cursor<&[u8]>>) -> Result<(), ReadError> {
    use std::io::Read;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n));
    let Some(name) = name else {
        // No workbook stream: the spreadsheet reader says what is wrong.
        return Ok(());
    };
    let mut stream = Vec::new();
    if file
        .open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .is_err()
    {
        return Ok(());
    }
    let u16_at = |d: &[u8], i: usize| {
        d.get(i..i + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let mut area = Area::default();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        match typ {
            // BOF: a new sheet begins.
            0x0809 => {
                area.check()?;
                area = Area::default();
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row, column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    area.add(row, col);
                }
            }
            // MulRk: row, first column, …, last column.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, data.len().saturating_sub(2)),
                ) {
                    area.add(row, first);
                    area.add(row, last);
                }
            }
            _ => {}
        }
    }
    area.check()
}

/// The used area of each sheet of an .xlsx, from its cells, before calamine lays it out.
fn check_xlsx_area<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<(), ReadError> {
    let Ok(mut cells) = book.worksheet_cells_reader(name) else {
        return Ok(());
    };
    let mut area = Area::default();
    while let Ok(Some(cell)) = cells.next_cell() {
        let (row, column) = cell.get_position();
        area.add(u64::from(row), u64::from(column));
    }
    area.check()
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
        if let Sheets::Xlsx(book) = &mut workbook {
            check_xlsx_area(book, &name)?;
        }
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
