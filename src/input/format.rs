//! Files that are not tables but documents of a known kind, recognised by their first bytes,
//! so that the message says what the file is and what to do with it, not that its bytes are
//! binary.

use std::io::Cursor;

/// What a document is, and what to do to get its table checked.
pub fn known_document(bytes: &[u8], is_workbook: bool) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        return Some(
            "this is a PDF document, not a table: export the table to Excel (.xlsx) or \
             extract its text (pdftotext -layout) and check that",
        );
    }
    if bytes.starts_with(b"{\\rtf") {
        return Some(
            "this is an RTF document, not a table: copy the table into Excel and save it as .xlsx",
        );
    }
    if bytes.starts_with(b"PK\x03\x04") && !is_workbook {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let has = |prefix: &str| {
            archive
                .file_names()
                .any(|n| n.is_ok_and(|n| n.starts_with(prefix)))
        };
        if has("word/") {
            return Some(
                "this is a Word document (.docx), not a table: copy the table into Excel and \
                 save it as .xlsx",
            );
        }
        if has("ppt/") {
            return Some("this is a PowerPoint file (.pptx), not a table");
        }
        if has("xl/") {
            return Some(
                "this is an Excel workbook with the wrong extension: name it .xlsx to check it",
            );
        }
        return None;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
        let has = |name: &str| file.exists(name);
        if has("/WordDocument") {
            return Some(
                "this is a Word or WPS 文字 document (.doc/.wps), not a table: copy the table \
                 into Excel and save it as .xlsx",
            );
        }
        if has("/PowerPoint Document") {
            return Some("this is a PowerPoint file (.ppt), not a table");
        }
        if !is_workbook && (has("/Workbook") || has("/Book")) {
            return Some(
                "this is an Excel 97–2003 workbook with the wrong extension: name it .xls to check it",
            );
        }
    }
    None
}

/// Whether a `.csv` file's rows are tab-separated (Excel's "Unicode text" saved as .csv, or a
/// tab-separated export named .csv): at least half its first lines have tabs, and no fewer
/// tabs than commas (amounts keep their thousands commas in a tab-separated row).
pub fn tab_separated(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let tabbed = lines
        .iter()
        .filter(|l| {
            let tabs = l.matches('\t').count();
            tabs > 0 && tabs >= l.matches(',').count()
        })
        .count();
    !lines.is_empty() && tabbed * 2 >= lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_and_tab_separated_csv() {
        assert!(
            known_document(b"%PDF-1.7\n...", false)
                .unwrap()
                .contains("PDF")
        );
        assert!(known_document("项目名称\t总计".as_bytes(), false).is_none());
        assert!(tab_separated(
            "项目名称\t总计\t财政拨款\n甲\t1,000.00\t1,000.00\n"
        ));
        assert!(!tab_separated(
            "项目名称,总计,财政拨款\n甲,\"1,000.00\",\"1,000.00\"\n"
        ));
    }
}
