//! The real sample, saved the ways finance staff save it (UTF-8 with a byte-order mark, UTF-16
//! LE as Excel's "Unicode text", GB18030 with CRLF as Chinese Windows does, CSV, an .xlsx
//! workbook), gives the same diagnostics, by rule and place, as the original text. The variants
//! are written here, from the sample, into a temporary directory.

use std::path::{Path, PathBuf};

use jxlint::cli::render_human_plain;
use jxlint::diag::Lang;
use jxlint::lint::{Checked, Options, check_file};
use jxlint::render::{Report, json, short};
use jxlint::ruleset::RuleSet;
use jxlint::source::SourceFile;

const SAMPLE: &str = "fixtures/xicun.txt";

fn check(path: &Path) -> Checked {
    let rules = RuleSet::builtin().unwrap();
    let mut outcomes = check_file(path, &rules, Options::default());
    assert_eq!(outcomes.len(), 1, "{}: one table", path.display());
    outcomes
        .remove(0)
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message))
}

/// A span as the user finds it: line and column (text) or row and cell column (sheet).
fn place(source: &SourceFile, span: &std::ops::Range<usize>) -> (usize, usize) {
    let p = source.place(span.start);
    (p.line, p.column)
}

/// How a test reads a span's place.
type PlaceOf = dyn Fn(&SourceFile, &std::ops::Range<usize>) -> (usize, usize);

/// Rule, message, project, primary place and the places of the labels.
type Key = (
    String,
    String,
    Option<String>,
    (usize, usize),
    Vec<(usize, usize)>,
);

fn keys(checked: &Checked, place: &PlaceOf) -> Vec<Key> {
    checked
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule.clone(),
                d.message.clone(),
                d.project.clone(),
                place(&checked.source, &d.span),
                d.labels
                    .iter()
                    .map(|l| place(&checked.source, &l.span))
                    .collect(),
            )
        })
        .collect()
}

/// The text under a span, for formats whose columns differ from the original's (CSV quotes).
fn underlined(source: &SourceFile, span: &std::ops::Range<usize>) -> String {
    source.text[span.clone()].to_owned()
}

fn sample() -> String {
    std::fs::read_to_string(SAMPLE).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn encodings_give_the_same_diagnostics_at_the_same_places() {
    let dir = tempfile::tempdir().unwrap();
    let text = sample();
    let original = check(Path::new(SAMPLE));
    assert!(original.diagnostics.len() > 20);
    let expected = keys(&original, &place);

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let crlf = text.replace('\n', "\r\n");
    let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(&crlf);
    assert!(!unmappable);
    assert_ne!(gb18030.as_ref(), crlf.as_bytes());

    for (name, bytes) in [
        ("bom.txt", bom),
        ("utf16le.txt", utf16),
        ("gb18030-crlf.txt", gb18030.into_owned()),
    ] {
        let checked = check(&write(dir.path(), name, &bytes));
        assert_eq!(keys(&checked, &place), expected, "{name}");
    }
}

/// The sample's cells, row by row.
fn cells(text: &str) -> Vec<Vec<&str>> {
    text.split('\n')
        .map(|line| line.split('\t').collect())
        .collect()
}

#[test]
fn csv_gives_the_same_diagnostics_on_the_same_lines_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = sample();
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in cells(&text) {
        writer.write_record(&row).unwrap();
    }
    let bytes = writer.into_inner().unwrap();
    let path = write(dir.path(), "xicun.csv", &bytes);
    let original = check(Path::new(SAMPLE));
    let checked = check(&path);
    let line_and_text = |source: &SourceFile, span: &std::ops::Range<usize>| {
        (source.position(span.start).line, underlined(source, span))
    };
    let by_text = |c: &Checked| -> Vec<_> {
        c.diagnostics
            .iter()
            .map(|d| {
                (
                    d.rule.clone(),
                    d.message.clone(),
                    line_and_text(&c.source, &d.span),
                    d.labels
                        .iter()
                        .map(|l| line_and_text(&c.source, &l.span))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    };
    assert_eq!(by_text(&checked), by_text(&original));
}

#[test]
fn csv_with_line_breaks_in_quoted_cells_points_at_the_real_line() {
    let dir = tempfile::tempdir().unwrap();
    let table = "项目名称,总计,财政拨款,财政专户拨款,其他资金,绩效目标,绩效指标\n\
        甲项目,10.00,8.00,,,\"完成工作。\",\"1、1-产出指标；11-数量指标；完成数量；实施周期指标值:100%；年度指标值:100%。\n\
        2、2-效益指标；22-社会效益；参与率；实施周期指标值:≥80%；年度指标值:≥80%。\n\
        3、3-满意度指标；31-服务对象满意度指标；满意度；实施周期指标值:≥90%；年度指标值:≥90%。\"\n";
    let path = write(dir.path(), "t.csv", table.as_bytes());
    let checked = check(&path);
    let d: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), checked.source.position(d.span.start)))
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "amount-sum");
    // 10.00 is on line 2, column 5 of the CSV file as an editor shows it.
    assert_eq!((d[0].1.line, d[0].1.column), (2, 5));
}

/// An amount cell as a number, the way Excel keeps it; anything else as text.
fn amount(cell: &str) -> Option<f64> {
    let plain = cell.replace(',', "");
    (!plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| plain.parse().ok())
        .flatten()
}

/// Writes a tab-separated table as a workbook: a notes sheet without a table, then the table.
fn write_xlsx(text: &str, path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "填表说明：见附件")
        .unwrap();
    let sheet = book.add_worksheet().set_name("绩效目标表").unwrap();
    for (r, row) in cells(text).iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let (r, c) = (r as u32, c as u16);
            match amount(cell) {
                Some(n) => sheet.write_number(r, c, n).map(|_| ()),
                // Items on lines of their own, as typed in Excel with Alt+Enter.
                None => sheet
                    .write_string(r, c, cell.replace("。2、", "。\n2、"))
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn xlsx_gives_the_same_diagnostics_in_the_same_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xicun.xlsx");
    write_xlsx(&sample(), &path);
    let original = check(Path::new(SAMPLE));
    let checked = check(&path);
    assert_eq!(checked.source.sheet.as_deref(), Some("绩效目标表"));
    // The original's places as row and cell column.
    let cell_of = |source: &SourceFile, span: &std::ops::Range<usize>| {
        let line = source.position(span.start).line;
        let start = source.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        (
            line,
            source.text[start..span.start].matches('\t').count() + 1,
        )
    };
    assert_eq!(keys(&checked, &place), keys(&original, &cell_of));
}

/// A planted table as a workbook, rendered in every format, against the snapshots beside its
/// source (`JXLINT_BLESS=1` writes them).
#[test]
fn xlsx_diagnostics_name_sheet_row_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new("fixtures/sheets/planted.tsv");
    let path = dir.path().join("planted.xlsx");
    write_xlsx(&std::fs::read_to_string(source).unwrap(), &path);
    let rules = RuleSet::builtin().unwrap();
    let report = Report {
        outcomes: check_file(&path, &rules, Options::default()),
        lang: Lang::Zh,
    };
    let shown = "fixtures/sheets/planted.xlsx";
    let real = path.display().to_string();
    let outputs = [
        ("human", render_human_plain(&report)),
        ("short", short::render(&report)),
        ("json", json::render(&report)),
    ];
    let bless = std::env::var_os("JXLINT_BLESS").is_some();
    for (ext, actual) in outputs {
        let actual = actual.replace(&real, shown);
        let expected_path = source.with_extension(ext);
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(actual, expected, "{}", expected_path.display());
    }
}

/// The clean table as finance staff lay it out in Excel: the header over two rows with merged
/// cells (资金来源 over the money columns), amounts as numbers, a note under the table.
fn write_two_row_header_xlsx(table: &str, path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let plain = rust_xlsxwriter::Format::new();
    sheet
        .merge_range(0, 0, 0, 6, "项目支出绩效目标表（含转移支付项目）", &plain)
        .unwrap();
    sheet.write_string(1, 0, "单位：万元").unwrap();
    sheet.merge_range(2, 0, 3, 0, "项目名称", &plain).unwrap();
    sheet.merge_range(2, 1, 2, 4, "资金来源", &plain).unwrap();
    sheet.merge_range(2, 5, 3, 5, "绩效目标", &plain).unwrap();
    sheet.merge_range(2, 6, 3, 6, "绩效指标", &plain).unwrap();
    for (c, name) in ["总计", "财政拨款", "财政专户拨款", "其他资金"]
        .iter()
        .enumerate()
    {
        sheet.write_string(3, c as u16 + 1, *name).unwrap();
    }
    let body: Vec<&str> = table
        .split('\n')
        .skip_while(|l| !l.starts_with("项目名称"))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .collect();
    for (r, line) in body.iter().enumerate() {
        for (c, cell) in line.split('\t').enumerate() {
            let (r, c) = (r as u32 + 4, c as u16);
            match amount(cell) {
                Some(n) => sheet.write_number(r, c, n).map(|_| ()),
                None if cell.is_empty() => Ok(()),
                None => sheet.write_string(r, c, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    sheet
        .write_string(body.len() as u32 + 5, 0, "注：本表金额单位为万元。")
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_two_row_header_with_merged_cells_reads_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string("fixtures/clean/clean.txt").unwrap();
    let path = dir.path().join("clean.xlsx");
    write_two_row_header_xlsx(&clean, &path);
    let checked = check(&path);
    assert_eq!(checked.projects, 6);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);

    let planted = clean.replacen("\t15.73\t15.73\t", "\t15.73\t15.37\t", 1);
    let path = dir.path().join("planted.xlsx");
    write_two_row_header_xlsx(&planted, &path);
    let checked = check(&path);
    let found: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), checked.source.place(d.span.start).cell))
        .collect();
    // 社区居民活动费 is the third row under the header, on sheet row 7; 财政拨款 is column C.
    assert_eq!(found, [("amount-sum", Some("Sheet1!C7".to_owned()))]);
}

/// An Excel 97–2003 workbook (made from `fixtures/sheets/planted.tsv` by `scripts/make-xls.sh`):
/// the planted faults in their cells.
#[test]
fn xls_diagnostics_name_their_cells() {
    let checked = check(Path::new("fixtures/sheets/planted.xls"));
    let found: Vec<_> = checked
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), checked.source.place(d.span.start).cell))
        .collect();
    assert_eq!(
        found,
        [
            ("amount-sum", Some("planted!C11".to_owned())),
            ("cycle-annual", Some("planted!G12".to_owned())),
        ]
    );
}

/// A copy found across workbooks names the other sheet in its message; its label's `path` is
/// the other file's path, as JSON consumers open it.
#[test]
fn copies_across_workbooks_point_at_the_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string("fixtures/clean/clean.txt").unwrap();
    write_xlsx(&clean, &dir.path().join("a.xlsx"));
    write_xlsx(&clean, &dir.path().join("b.xlsx"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "duplicate-text",
            "a.xlsx",
            "b.xlsx",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let copy = &doc["files"][1]["diagnostics"][0];
    assert!(
        copy["message"]
            .as_str()
            .unwrap()
            .contains("a.xlsx [绩效目标表]"),
        "{copy}"
    );
    assert_eq!(copy["labels"][0]["path"], "a.xlsx");
}
