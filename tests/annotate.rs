//! `--annotate`: the annotated copy read back independently of the writer (calamine for values,
//! formulas and merges; the package's own XML for notes, fills, number formats and widths), the
//! input's bytes unchanged, and the copy opened by LibreOffice (converted to PDF). `.ci/run`
//! installs LibreOffice Calc and poppler-utils when missing.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

const FIXTURE: &str = "fixtures/annotate/planted.xlsx";

fn jxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(args)
        .output()
        .expect("jxlint runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The parts of an .xlsx package a person would see, read from its XML.
struct Package {
    zip: zip::ZipArchive<std::fs::File>,
}

impl Package {
    fn open(path: &Path) -> Package {
        Package {
            zip: zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap(),
        }
    }

    fn part(&mut self, name: &str) -> Option<String> {
        let mut f = self.zip.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        Some(s)
    }

    /// A part's relationships: id → target, resolved against the part's folder.
    fn rels(&mut self, part: &str) -> BTreeMap<String, String> {
        let (dir, file) = part.rsplit_once('/').unwrap();
        let Some(xml) = self.part(&format!("{dir}/_rels/{file}.rels")) else {
            return BTreeMap::new();
        };
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("Relationship"))
            .map(|n| {
                let target = n.attribute("Target").unwrap();
                let resolved = if let Some(abs) = target.strip_prefix('/') {
                    abs.to_owned()
                } else {
                    let mut parts: Vec<&str> = dir.split('/').collect();
                    for seg in target.split('/') {
                        if seg == ".." {
                            parts.pop();
                        } else {
                            parts.push(seg);
                        }
                    }
                    parts.join("/")
                };
                (n.attribute("Id").unwrap().to_owned(), resolved)
            })
            .collect()
    }

    /// The sheet names in order, with each sheet's part.
    fn sheets(&mut self) -> Vec<(String, String)> {
        let rels = self.rels("xl/workbook.xml");
        let xml = self.part("xl/workbook.xml").unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("sheet"))
            .map(|n| {
                let id = n
                    .attributes()
                    .find(|a| a.name() == "id")
                    .unwrap()
                    .value()
                    .to_owned();
                (n.attribute("name").unwrap().to_owned(), rels[&id].clone())
            })
            .collect()
    }

    fn sheet_part(&mut self, name: &str) -> String {
        self.sheets()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p)
            .unwrap_or_else(|| panic!("no sheet {name}"))
    }

    /// A sheet's own XML part.
    fn sheet_xml(&mut self, sheet: &str) -> String {
        let part = self.sheet_part(sheet);
        self.part(&part).unwrap()
    }

    /// The notes on a sheet: cell → text.
    fn notes(&mut self, sheet: &str) -> BTreeMap<String, String> {
        let part = self.sheet_part(sheet);
        let rels = self.rels(&part);
        let mut notes = BTreeMap::new();
        for target in rels.values().filter(|t| t.contains("comments")) {
            let xml = self.part(target).unwrap();
            let doc = roxmltree::Document::parse(&xml).unwrap();
            for c in doc.descendants().filter(|n| n.has_tag_name("comment")) {
                let text: String = c
                    .descendants()
                    .filter(|n| n.has_tag_name("t"))
                    .filter_map(|n| n.text())
                    .collect();
                notes.insert(c.attribute("ref").unwrap().to_owned(), text);
            }
        }
        notes
    }

    /// Each styled cell's number format code and solid fill colour.
    fn styles(&mut self, sheet: &str) -> BTreeMap<String, (String, Option<String>)> {
        let xml = self.part("xl/styles.xml").unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let codes: BTreeMap<&str, &str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("numFmt"))
            .map(|n| {
                (
                    n.attribute("numFmtId").unwrap(),
                    n.attribute("formatCode").unwrap(),
                )
            })
            .collect();
        let fills: Vec<Option<String>> = doc
            .descendants()
            .filter(|n| n.has_tag_name("fills"))
            .flat_map(|f| f.children().filter(|n| n.has_tag_name("fill")))
            .map(|f| {
                f.descendants()
                    .find(|n| n.has_tag_name("fgColor"))
                    .and_then(|c| c.attribute("rgb"))
                    .map(str::to_owned)
            })
            .collect();
        let xfs: Vec<(String, Option<String>)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("cellXfs"))
            .flat_map(|x| x.children().filter(|n| n.has_tag_name("xf")))
            .map(|xf| {
                let id = xf.attribute("numFmtId").unwrap_or("0");
                let code = codes
                    .get(id)
                    .map_or_else(|| builtin_format(id), |c| c.to_string());
                let fill: usize = xf.attribute("fillId").unwrap_or("0").parse().unwrap();
                (code, fills.get(fill).cloned().flatten())
            })
            .collect();
        let xml = self.sheet_xml(sheet);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("c"))
            .map(|c| {
                let s: usize = c.attribute("s").unwrap_or("0").parse().unwrap();
                (c.attribute("r").unwrap().to_owned(), xfs[s].clone())
            })
            .collect()
    }

    /// The sheet's column widths: (first, last, width).
    fn widths(&mut self, sheet: &str) -> Vec<(String, String, String)> {
        let xml = self.sheet_xml(sheet);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("col"))
            .map(|c| {
                let a = |k: &str| c.attribute(k).unwrap_or("").to_owned();
                // Widths as numbers: `50` and `50.0` are one width.
                let w: f64 = a("width").parse().unwrap_or(0.0);
                (a("min"), a("max"), format!("{w:.4}"))
            })
            .collect()
    }
}

/// The codes of Excel's built-in number formats that tables use: a writer may store
/// `#,##0.00` as its built-in id 4 or as a format of its own; both are the same format.
fn builtin_format(id: &str) -> String {
    match id {
        "0" => "General",
        "1" => "0",
        "2" => "0.00",
        "3" => "#,##0",
        "4" => "#,##0.00",
        "9" => "0%",
        "10" => "0.00%",
        "49" => "@",
        other => return format!("built-in {other}"),
    }
    .to_owned()
}

fn sheet_values(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).unwrap();
    let start = range.start().unwrap_or((0, 0));
    let mut rows = vec![vec![]; start.0 as usize];
    for row in range.rows() {
        let mut cells = vec![Data::Empty; start.1 as usize];
        cells.extend(row.iter().cloned());
        rows.push(cells);
    }
    rows
}

fn formulas(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Vec<(u32, u32, String)> {
    let range = book.worksheet_formula(name).unwrap();
    range
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| {
            let (r0, c0) = range.start().unwrap();
            (r as u32 + r0, c as u32 + c0, f.clone())
        })
        .collect()
}

fn merges(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<String> {
    let mut m: Vec<String> = book
        .merge_cells_by_sheet_name(name)
        .unwrap()
        .iter()
        .map(|d| format!("{:?}-{:?}", d.start, d.end))
        .collect();
    m.sort();
    m
}

#[test]
fn the_annotated_copy_marks_each_finding_and_keeps_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("标注.xlsx");
    let before = std::fs::read(FIXTURE).unwrap();
    let out = jxlint(&["check", FIXTURE, "--annotate", out_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("已写入标注副本"));
    assert_eq!(
        std::fs::read(FIXTURE).unwrap(),
        before,
        "the input is unchanged"
    );

    let json: Value =
        serde_json::from_slice(&jxlint(&["check", FIXTURE, "--format", "json"]).stdout).unwrap();
    let diagnostics: Vec<&Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .collect();
    assert_eq!(diagnostics.len(), 2, "the two planted faults");

    // Values, formulas and merges cell by cell, through calamine.
    let mut input: Xlsx<_> = calamine::open_workbook(FIXTURE).unwrap();
    let mut copy: Xlsx<_> = calamine::open_workbook(&out_path).unwrap();
    let names = input.sheet_names();
    assert_eq!(copy.sheet_names()[0], "检查结果");
    assert_eq!(copy.sheet_names()[1..], names[..]);
    for name in &names {
        assert_eq!(
            sheet_values(&mut copy, name),
            sheet_values(&mut input, name),
            "{name}"
        );
        assert_eq!(
            formulas(&mut copy, name),
            formulas(&mut input, name),
            "{name}"
        );
        assert_eq!(merges(&mut copy, name), merges(&mut input, name), "{name}");
    }
    assert!(
        !formulas(&mut input, "绩效目标表").is_empty(),
        "the fixture has a formula"
    );
    assert!(
        !merges(&mut input, "绩效目标表").is_empty(),
        "the fixture has merges"
    );

    // Notes, fills, number formats and widths, from the package's XML.
    let mut a = Package::open(Path::new(FIXTURE));
    let mut b = Package::open(&out_path);
    let notes = b.notes("绩效目标表");
    let expected: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            d["cell"]
                .as_str()
                .unwrap()
                .split('!')
                .nth(1)
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(notes.keys().cloned().collect::<Vec<_>>(), expected);
    for d in &diagnostics {
        let cell = d["cell"].as_str().unwrap().split('!').nth(1).unwrap();
        let note = &notes[cell];
        assert!(note.contains(d["rule"].as_str().unwrap()), "{note}");
        assert!(note.contains(d["message"].as_str().unwrap()), "{note}");
    }
    // The note the workbook had on B8 is kept, before jxlint's.
    assert!(
        notes["B8"].starts_with("请财务科复核本行金额"),
        "{}",
        notes["B8"]
    );
    assert_eq!(a.notes("绩效目标表").len(), 1);
    let (old, new) = (a.styles("绩效目标表"), b.styles("绩效目标表"));
    for (cell, (format, fill)) in &old {
        let (copied_format, copied_fill) = &new[cell];
        assert_eq!(copied_format, format, "number format of {cell}");
        if expected.contains(cell) {
            // Both planted faults are errors: red.
            assert_eq!(copied_fill.as_deref(), Some("FFFFC7CE"), "{cell}");
        } else {
            assert_eq!(copied_fill, fill, "fill of {cell}");
        }
    }
    assert_eq!(old["C8"].0, "#,##0.00", "the fixture formats its amounts");
    assert_eq!(b.widths("绩效目标表"), a.widths("绩效目标表"));
    assert!(!a.widths("绩效目标表").is_empty());

    // The results sheet: a row per finding, its place linked to the cell.
    let results = sheet_values(&mut copy, "检查结果");
    assert_eq!(results.len(), 1 + diagnostics.len());
    assert_eq!(results[0][0], Data::String("级别".into()));
    let xml = b.sheet_xml("检查结果");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("hyperlink"))
        .filter_map(|n| n.attribute("location"))
        .collect();
    assert_eq!(links, ["'绩效目标表'!B8", "'绩效目标表'!G11"]);
    for (row, d) in results[1..].iter().zip(&diagnostics) {
        assert_eq!(row[1], Data::String(d["rule"].as_str().unwrap().into()));
        assert_eq!(row[4], Data::String(d["message"].as_str().unwrap().into()));
    }
}

#[test]
fn the_annotated_copy_opens_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("copy.xlsx");
    let out = jxlint(&["check", FIXTURE, "--annotate", out_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let converted = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &profile,
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&out_path)
        .output()
        .expect("LibreOffice (soffice) runs: apt-get install libreoffice-calc-nogui");
    assert!(converted.status.success(), "{}", stderr(&converted));
    let pdf = dir.path().join("copy.pdf");
    assert!(
        pdf.exists(),
        "{}",
        String::from_utf8_lossy(&converted.stdout)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs: apt-get install poppler-utils");
    let text = String::from_utf8_lossy(&text.stdout);
    // The results sheet and the table, as LibreOffice laid them out.
    for wanted in [
        "级别",
        "amount-sum",
        "cycle-annual",
        "绩效目标表!B8",
        "社区居民活动费",
        "15.83",
    ] {
        assert!(text.contains(wanted), "{wanted} in {text}");
    }
}

#[test]
fn a_csv_table_becomes_a_workbook_with_its_notes_on_the_offending_cells() {
    let dir = tempfile::tempdir().unwrap();
    let table = "fixtures/csv/planted.csv";
    let out_path = dir.path().join("planted.xlsx");
    let out = jxlint(&["check", table, "--annotate", out_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: Value =
        serde_json::from_slice(&jxlint(&["check", table, "--format", "json"]).stdout).unwrap();
    let source = std::fs::read_to_string(table).unwrap();
    let mut copy: Xlsx<_> = calamine::open_workbook(&out_path).unwrap();
    assert_eq!(copy.sheet_names(), ["检查结果", "planted"]);
    let values = sheet_values(&mut copy, "planted");
    let notes = Package::open(&out_path).notes("planted");
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(notes.len(), diagnostics.len());
    for d in diagnostics {
        // The note is on the cell that holds the diagnostic's text.
        let span = &source
            [d["start_byte"].as_u64().unwrap() as usize..d["end_byte"].as_u64().unwrap() as usize];
        let (cell, note) = notes
            .iter()
            .find(|(_, n)| n.contains(d["message"].as_str().unwrap()))
            .expect("a note per finding");
        let column = cell.chars().take_while(char::is_ascii_uppercase).count();
        let col = cell[..column]
            .chars()
            .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1));
        let row: usize = cell[column..].parse().unwrap();
        let value = values[row - 1][col - 1].to_string();
        assert!(
            value.contains(span),
            "{cell} holds {value}, not {span}: {note}"
        );
    }
    // Every cell of the table is in the copy as the table has it.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let nonblank: Vec<Vec<String>> = records
        .iter()
        .map(|r| r.iter().map(str::to_owned).collect())
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
        .collect();
    let copied: Vec<Vec<String>> = values
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .map(|mut r| {
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .collect();
    let trimmed: Vec<Vec<String>> = nonblank
        .into_iter()
        .map(|mut r| {
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        })
        .collect();
    assert_eq!(copied, trimmed);
}

#[test]
fn annotating_refuses_what_would_write_over_a_table_or_guess() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.txt");
    std::fs::copy(FIXTURE, &a).unwrap();
    std::fs::copy("fixtures/xicun.txt", &b).unwrap();
    let before = std::fs::read(&a).unwrap();
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    for (args, said) in [
        (vec!["check", a_s, "--annotate", a_s], "jxlint 不会写入它"),
        (
            vec!["check", a_s, b_s, "--annotate", "x.xlsx"],
            "--annotate 只标注一个表格文件",
        ),
        (vec!["check", b_s, "--annotate", "x.xls"], ".xlsx"),
    ] {
        let out = jxlint(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(std::fs::read(&a).unwrap(), before);
    assert!(!Path::new("x.xlsx").exists() && !Path::new("x.xls").exists());

    // A folder of tables, each annotated into the output folder under its own name.
    let out_dir = dir.path().join("marked");
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .current_dir(dir.path())
        .args(["check", ".", "--annotate-dir", "marked"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out_dir.join("a.xlsx").exists(), "{}", stderr(&out));
    assert!(out_dir.join("b.txt.xlsx").exists(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&a).unwrap(), before);
}
