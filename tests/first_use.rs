//! What a finance officer meets first, on the real sample: the errors before the warnings, a
//! listing short enough to act on that still holds every finding of the five core rules,
//! errors only with `--quiet`, counts instead of the listing with `--statistics`, a summary
//! that fits a terminal.

use std::path::Path;

mod common;
use common::{jxlint_in, text};

/// The findings of the five core rules in the real sample (rule, line, column): the seed's 30
/// known faults, as the snapshot had them before the first-use work.
const CORE: [(&str, usize, usize); 30] = [
    ("amount-sum", 11, 19),
    ("satisfaction-required", 17, 66),
    ("satisfaction-required", 24, 74),
    ("cycle-annual", 25, 125),
    ("satisfaction-required", 26, 106),
    ("satisfaction-required", 29, 90),
    ("satisfaction-required", 30, 102),
    ("satisfaction-required", 31, 73),
    ("satisfaction-required", 32, 69),
    ("cycle-annual", 40, 255),
    ("satisfaction-required", 42, 168),
    ("duplicate-text", 43, 27),
    ("duplicate-text", 43, 71),
    ("satisfaction-required", 43, 71),
    ("duplicate-text", 44, 94),
    ("satisfaction-required", 44, 94),
    ("satisfaction-required", 47, 75),
    ("satisfaction-required", 49, 76),
    ("duplicate-text", 52, 27),
    ("satisfaction-required", 52, 83),
    ("duplicate-text", 53, 24),
    ("satisfaction-required", 53, 97),
    ("satisfaction-required", 54, 78),
    ("satisfaction-required", 55, 75),
    ("satisfaction-required", 59, 91),
    ("satisfaction-required", 64, 62),
    ("satisfaction-required", 67, 84),
    ("duplicate-text", 69, 61),
    ("duplicate-text", 70, 91),
    ("satisfaction-required", 75, 70),
];

fn run(args: &[&str]) -> (String, Option<i32>) {
    let out = jxlint_in(Path::new("."), args, &[]);
    (text(&out.stdout), out.status.code())
}

/// Each diagnostic's header line: `错误[rule]: …`, `警告[rule]: …`, `提示[rule]: …` (the human
/// format speaks the run's language).
fn headers(human: &str) -> Vec<&str> {
    human
        .lines()
        .filter(|l| ["错误[", "警告[", "提示["].iter().any(|s| l.starts_with(s)))
        .collect()
}

#[test]
fn the_sample_leads_with_errors_and_keeps_every_core_finding() {
    let (human, status) = run(&["check", "fixtures/xicun.txt"]);
    assert_eq!(status, Some(1));
    let shown = headers(&human);
    assert!(shown.len() <= 70, "{} diagnostics:\n{human}", shown.len());
    let first_warning = shown.iter().position(|l| !l.starts_with("错误[")).unwrap();
    assert!(
        shown[first_warning..]
            .iter()
            .all(|l| !l.starts_with("错误[")),
        "an error after the first warning:\n{human}"
    );
    let (short, _) = run(&[
        "check",
        "--format",
        "short",
        "--column-unit",
        "char",
        "fixtures/xicun.txt",
    ]);
    for (rule, line, column) in CORE {
        let place = format!("fixtures/xicun.txt:{line}:{column}: ");
        assert!(
            short
                .lines()
                .any(|l| l.starts_with(&place) && l.contains(&format!("[{rule}]"))),
            "{rule} at {line}:{column} is gone:\n{short}"
        );
    }
    // The summary's lines fit a terminal of 80 columns.
    let summary: Vec<&str> = human
        .lines()
        .skip_while(|l| !l.starts_with("共检查"))
        .collect();
    assert!(summary.len() >= 2, "{human}");
    for line in summary {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line}"
        );
    }
}

#[test]
fn quiet_shows_errors_only_and_statistics_no_listing() {
    let (quiet, status) = run(&["check", "--quiet", "fixtures/xicun.txt"]);
    assert_eq!(status, Some(1));
    let shown = headers(&quiet);
    assert_eq!(shown.len(), 26, "{quiet}");
    assert!(shown.iter().all(|l| l.starts_with("错误[")), "{quiet}");
    assert!(
        !quiet.contains("共检查"),
        "no summary with --quiet:\n{quiet}"
    );

    let (warnings, _) = run(&["check", "--min-severity", "warning", "fixtures/xicun.txt"]);
    assert!(headers(&warnings).iter().all(|l| !l.starts_with("提示[")));
    let (short, _) = run(&[
        "check",
        "--format",
        "short",
        "--min-severity",
        "error",
        "fixtures/xicun.txt",
    ]);
    assert_eq!(short.lines().count(), 26, "{short}");

    for format in ["human", "short"] {
        let (stats, status) = run(&[
            "check",
            "--statistics",
            "--format",
            format,
            "fixtures/xicun.txt",
        ]);
        assert_eq!(status, Some(1));
        assert!(headers(&stats).is_empty(), "{stats}");
        assert!(!stats.contains("fixtures/xicun.txt:"), "{stats}");
        let counted =
            |l: &str| l.split_whitespace().collect::<Vec<_>>() == ["21", "satisfaction-required"];
        assert!(stats.lines().any(counted), "{stats}");
    }
}

/// A department's folder as a reviewer gets it: tables, and beside them what is no table.
fn department(dir: &Path) {
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    put(
        "绩效目标表.txt",
        &std::fs::read("fixtures/clean/clean.txt").unwrap(),
    );
    put("说明.txt", "这是说明文件，没有表格。\n".as_bytes());
    put(
        "~$绩效目标表.xlsx",
        &std::fs::read("fixtures/long/jingyan.xlsx").unwrap(),
    );
    // A tab-separated export named .csv.
    put(
        "长表.csv",
        &std::fs::read("fixtures/clean/long.tsv").unwrap(),
    );
}

fn run_in(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = jxlint_in(dir, args, &[]);
    (text(&out.stdout), text(&out.stderr), out.status.code())
}

#[test]
fn a_folder_skips_what_is_no_table_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    department(d);
    let (out, err, status) = run_in(d, &["check", "--format", "short", "."]);
    assert_eq!(status, Some(0), "{out}{err}");
    assert_eq!(
        out, "",
        "the tables are clean, the tab-separated .csv read as such"
    );
    assert!(err.contains("跳过 ./说明.txt"), "{err}");
    assert!(
        err.contains("跳过 ./~$绩效目标表.xlsx：Office 锁定文件"),
        "{err}"
    );
    // Its own output of the last run, in the same folder, is skipped as well.
    std::fs::write(d.join("结果.txt"), "./绩效目标表.txt:3:1: error[x]: …\n").unwrap();
    let (human, err, status) = run_in(d, &["check", "."]);
    assert_eq!(status, Some(0), "{human}{err}");
    assert!(err.contains("跳过 ./结果.txt"), "{err}");
    assert!(human.contains("跳过 3 个非表格文件"), "{human}");
    let (json, _, _) = run_in(d, &["check", "--format", "json", "."]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["summary"]["skipped"], 3);
    assert_eq!(doc["summary"]["files"], 2);
    // `--exclude` and `exclude =` pass over files of a folder.
    let (_, err, _) = run_in(d, &["check", "--exclude", "长表.*", "."]);
    assert!(err.contains("跳过 ./长表.csv：已排除"), "{err}");
    std::fs::write(d.join("jxlint.toml"), "exclude = [\"*.csv\"]\n").unwrap();
    let (_, err, _) = run_in(d, &["check", "."]);
    assert!(err.contains("跳过 ./长表.csv：已排除"), "{err}");
}

#[test]
fn a_file_named_that_is_no_table_is_an_error_that_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    department(d);
    let docx = {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("word/document.xml", options).unwrap();
        std::io::Write::write_all(&mut zip, b"<w:document/>").unwrap();
        zip.finish().unwrap().into_inner()
    };
    std::fs::write(d.join("说明.docx"), docx).unwrap();
    std::fs::write(
        d.join("报告.pdf"),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    )
    .unwrap();
    let header_only: String = std::fs::read_to_string("fixtures/clean/clean.txt")
        .unwrap()
        .lines()
        .take(8)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(d.join("空表.txt"), header_only).unwrap();
    for (name, message) in [
        ("说明.txt", "找不到表头"),
        (
            "说明.docx",
            "这是 Word 文档（.docx），不是表格：请把表格复制到 Excel 并另存为 .xlsx",
        ),
        ("报告.pdf", "这是 PDF 文档，不是表格"),
        ("空表.txt", "表格只有表头，表头下没有项目"),
    ] {
        let (_, err, status) = run_in(d, &["check", name]);
        assert_eq!(status, Some(2), "{name}: {err}");
        assert!(err.contains(name) && err.contains(message), "{name}: {err}");
    }
    // And in English.
    let (_, err, _) = run_in(d, &["check", "--lang", "en", "说明.docx"]);
    assert!(
        err.starts_with("error: 说明.docx: this is a Word document (.docx), not a table"),
        "{err}"
    );
    // In a folder, the table with a header and nothing under it is still an error.
    let (_, err, status) = run_in(d, &["check", "."]);
    assert_eq!(status, Some(2), "{err}");
    assert!(
        err.contains("空表.txt：表格只有表头，表头下没有项目"),
        "{err}"
    );
}

/// A project folder: jxlint.toml at its root, a department's tables in `audit/`.
fn project(root: &Path) {
    std::fs::create_dir(root.join("audit")).unwrap();
    std::fs::copy("fixtures/xicun.txt", root.join("audit/西村.txt")).unwrap();
    std::fs::write(root.join("jxlint.toml"), "").unwrap();
}

fn shown(dir: &Path, args: &[&str]) -> (usize, String) {
    let (out, err, _) = run_in(dir, args);
    (out.lines().count(), err)
}

#[test]
fn the_same_waivers_and_ignores_hold_however_the_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root);
    let audit = root.join("audit");
    let absolute = audit.display().to_string();
    let (all, _) = shown(root, &["check", "--format", "short", "audit"]);
    assert!(all > 50);
    let (_, err, status) = run_in(
        root,
        &["check", "audit", "--write-baseline", "waivers.json"],
    );
    assert_eq!(status, Some(0), "{err}");
    let waivers = std::fs::read_to_string(root.join("waivers.json")).unwrap();
    assert!(
        waivers.contains("\"path\": \"audit/西村.txt\""),
        "{waivers}"
    );
    // Named relatively, with ./, absolutely, and from inside the folder: nothing is left.
    for (dir, named, baseline) in [
        (root.to_path_buf(), "audit", "waivers.json"),
        (root.to_path_buf(), "./audit/", "./waivers.json"),
        (root.to_path_buf(), absolute.as_str(), "waivers.json"),
        (audit.clone(), ".", "../waivers.json"),
        (audit.clone(), "西村.txt", "../waivers.json"),
        (audit.clone(), "../audit/西村.txt", "../waivers.json"),
    ] {
        let (n, err) = shown(
            &dir,
            &["check", "--format", "short", named, "--baseline", baseline],
        );
        assert_eq!(n, 0, "{named} from {}: {err}", dir.display());
        assert!(!err.contains("stale"), "{named}: {err}");
    }
    // A per-path ignore, relative to the root, holds the same way.
    std::fs::write(
        root.join("jxlint.toml"),
        "[per-path-ignores]\n\"audit/*.txt\" = [\"guideline\", \"core\"]\n",
    )
    .unwrap();
    for (dir, named) in [
        (root.to_path_buf(), "audit"),
        (root.to_path_buf(), absolute.as_str()),
        (audit.clone(), "."),
    ] {
        let (n, err) = shown(&dir, &["check", "--format", "short", named]);
        assert_eq!(n, 0, "{named} from {}: {err}", dir.display());
    }
    // Waivers written for other paths say that they name no file of the run.
    std::fs::write(root.join("jxlint.toml"), "").unwrap();
    let moved = waivers.replace("audit/西村.txt", "archive/西村.txt");
    std::fs::write(root.join("moved.json"), moved).unwrap();
    let (n, err) = shown(
        root,
        &[
            "check",
            "--format",
            "short",
            "audit",
            "--baseline",
            "moved.json",
        ],
    );
    assert_eq!(n, all);
    assert!(err.contains("没有一条指向本次检查的文件"), "{err}");
}

#[test]
fn the_readme_config_works_copied_into_a_folder_with_a_table() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("# jxlint.toml: copy it")
        .expect("the README's example config");
    let config = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("jxlint.toml"), config).unwrap();
    std::fs::copy("fixtures/xicun.txt", dir.path().join("西村.txt")).unwrap();
    let (out, err, status) = run_in(dir.path(), &["check", "."]);
    assert_eq!(status, Some(1), "{out}{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.contains("48 个项目"), "{out}");
    // Its severity table made duplicate-text an error.
    assert!(out.contains("错误[duplicate-text]"), "{out}");
}
