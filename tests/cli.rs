//! The command line as a user runs it: exit status, where messages go, bad input, rule files.

use std::path::Path;
use std::process::Output;

mod common;
use common::{jxlint_in, text};

/// Runs jxlint in the project directory, in English (these tests read its messages; the
/// Chinese ones are tested in tests/first_use.rs).
fn jxlint(args: &[&str]) -> Output {
    let mut args = args.to_vec();
    if matches!(args.first(), Some(&("check" | "rules" | "explain"))) && !args.contains(&"--lang") {
        args.splice(1..1, ["--lang", "en"]);
    }
    jxlint_in(Path::new("."), &args, &[])
}

fn write(dir: &Path, name: &str, content: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

#[test]
fn exit_status_follows_errors() {
    assert_eq!(
        jxlint(&["check", "fixtures/clean/clean.txt"]).status.code(),
        Some(0)
    );
    assert_eq!(
        jxlint(&["check", "fixtures/xicun.txt"]).status.code(),
        Some(1)
    );
    // Warnings alone do not fail.
    let out = jxlint(&["check", "fixtures/rules/duplicate-text/target-copied.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("warning[duplicate-text]"));
}

#[test]
fn bad_input_is_named_and_exits_2_while_good_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(String, &str)> = vec![
        (write(dir.path(), "empty.txt", b""), "the file is empty"),
        (
            write(dir.path(), "blank.txt", b"  \n\n"),
            "the file is empty",
        ),
        (
            write(dir.path(), "binary.txt", b"PK\x03\x04\x00\x00binary"),
            "binary content at byte 2",
        ),
        (
            write(
                dir.path(),
                "latin1.txt",
                &[&b"x\n"[..], "项目名称".as_bytes(), b"\xff"].concat(),
            ),
            "not valid UTF-8",
        ),
        (
            write(
                dir.path(),
                "noheader.txt",
                "合计\t1.00\n项目\t1.00\n".as_bytes(),
            ),
            "no table header",
        ),
        (
            dir.path().join("missing.txt").display().to_string(),
            "no such file",
        ),
    ];
    for (path, message) in &cases {
        let out = jxlint(&["check", path, "fixtures/rules/amount-sum/project-total.txt"]);
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = text(&out.stderr);
        assert!(
            err.contains(path.as_str()) && err.contains(message),
            "{path}: {err}"
        );
        // The good file is still checked and its diagnostic shown.
        assert!(text(&out.stdout).contains("error[amount-sum]"), "{path}");
        assert!(!err.contains("panicked"));
    }
    let out = jxlint(&["check", &cases[3].0]);
    assert!(
        text(&out.stderr).contains(":2:5:"),
        "the place of the bad byte: {}",
        text(&out.stderr)
    );
}

#[test]
fn json_reports_unreadable_files_in_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    let out = jxlint(&[
        "check",
        "--format",
        "json",
        &empty,
        "fixtures/clean/clean.txt",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["unreadable"], 1);
    assert_eq!(doc["summary"]["projects"], 6);
    assert_eq!(doc["files"][0]["error"]["message"], "the file is empty");
}

#[test]
fn globs_and_directories_are_expanded_by_jxlint() {
    let out = jxlint(&["check", "--format", "json", "fixtures/clean/*.txt"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 4);
    let out = jxlint(&[
        "check",
        "--no-cross-file",
        "--select",
        "cycle-annual",
        "--format",
        "short",
        "fixtures/rules/cycle-annual",
    ]);
    // Three Guangzhou tables, a long table and a form.
    assert_eq!(text(&out.stdout).lines().count(), 5);
    let out = jxlint(&["check", "nothing/**/*.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no file matches"));
}

#[test]
fn short_format_is_one_line_per_diagnostic() {
    let out = jxlint(&[
        "check",
        "--lang",
        "zh",
        "--format",
        "short",
        "fixtures/rules/cycle-annual/different-units.txt",
    ]);
    // The short format keeps the severity word that problem matchers read, in any language;
    // its column is the display column (GCC's: a CJK character 2 wide, tabs to multiples of 8),
    // the 104th character.
    let line = "fixtures/rules/cycle-annual/different-units.txt:14:213: error[cycle-annual]: 项目“安全生产工作经费”第 1 条指标“安全检查次数”：实施周期指标值“24次”与年度指标值“24个”不一致\n";
    assert_eq!(text(&out.stdout), line);
    for (unit, column) in [("char", 104), ("display", 213)] {
        let out = jxlint(&[
            "check",
            "--lang",
            "zh",
            "--format",
            "short",
            "--column-unit",
            unit,
            "fixtures/rules/cycle-annual/different-units.txt",
        ]);
        assert!(
            text(&out.stdout).starts_with(&format!(
                "fixtures/rules/cycle-annual/different-units.txt:14:{column}: "
            )),
            "{unit}"
        );
    }
}

#[test]
fn rules_and_explain() {
    let out = jxlint(&["rules"]);
    let list = text(&out.stdout);
    for id in [
        "indicator-category",
        "cycle-annual",
        "amount-sum",
        "duplicate-text",
        "satisfaction-required",
        "table-structure",
    ] {
        assert!(list.contains(id), "{id}");
    }
    let out = jxlint(&["explain", "cycle-annual", "--lang", "en"]);
    let doc = text(&out.stdout);
    assert!(
        doc.contains("Why it matters") && doc.contains("flags") && doc.contains("rules/core.toml")
    );
    assert_eq!(jxlint(&["explain", "no-such-rule"]).status.code(), Some(2));
    let out = jxlint(&["rules", "--self-test"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).ends_with(" passed, 0 failed\n"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(jxlint(&["check"]).status.code(), Some(2));
    assert_eq!(
        jxlint(&["check", "--format", "xml", "a.txt"]).status.code(),
        Some(2)
    );
    assert_eq!(jxlint(&["lint"]).status.code(), Some(2));
}

#[test]
fn a_rules_directory_overrides_severity_and_adds_a_level1_without_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = "fixtures/rules/cycle-annual/at-least-vs-exact.txt";
    assert_eq!(jxlint(&["check", fixture]).status.code(), Some(1));
    write(
        dir.path(),
        "local.toml",
        b"[[rule]]\nid = \"cycle-annual\"\nseverity = \"warning\"\n",
    );
    let rules = dir.path().display().to_string();
    let out = jxlint(&["check", "--rules", &rules, fixture]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("warning[cycle-annual]"));

    // A table using the 2021 national form's level-1 成本指标.
    let clean = std::fs::read_to_string("fixtures/clean/clean.txt").unwrap();
    let table = clean.replace(
        "2、1-产出指标;14-成本指标;每平方米年保洁成本",
        "2、4-成本指标;41-经济成本指标;每平方米年保洁成本",
    );
    let table_path = write(dir.path(), "cost.txt", table.as_bytes());
    let out = jxlint(&["check", "--format", "short", &table_path]);
    assert!(
        text(&out.stdout).contains("error[indicator-category]"),
        "{}",
        text(&out.stdout)
    );
    let core = std::fs::read_to_string("rules/core.toml").unwrap();
    let start = core.find("[rule.params]\nstrip_suffixes").unwrap();
    let end = core[start..].find("[[rule.examples]]").unwrap() + start;
    let national = format!(
        "[[rule]]\nid = \"indicator-category\"\n{}[[rule.params.level1]]\ncode = \"4\"\nnames = [\"成本指标\"]\ncategories = [\n    {{ code = \"41\", names = [\"经济成本\"] }},\n    {{ code = \"42\", names = [\"社会成本\"] }},\n    {{ code = \"43\", names = [\"生态环境成本\"] }},\n]\n",
        &core[start..end]
    );
    write(dir.path(), "local.toml", national.as_bytes());
    let out = jxlint(&["check", "--rules", &rules, &table_path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn broken_rule_files_are_reported_at_their_place() {
    let cases: &[(&str, &str)] = &[
        ("[[rule]\nid = \"x\"\n", "local.toml:1:"),
        (
            "[[rule]]\nid = \"cycle-annual\"\nseverty = \"warning\"\n",
            "unknown field `severty`",
        ),
        (
            "[[rule]]\nid = \"my-rule\"\nkind = \"no-such-kind\"\nseverity = \"error\"\n",
            "unknown check kind `no-such-kind`",
        ),
        (
            "[[rule]]\nid = \"my-rule\"\nkind = \"required-indicator\"\nseverity = \"error\"\n",
            "is missing `summary`",
        ),
        (
            "[[rule]]\nid = \"my-rule\"\nseverity = \"error\"\n",
            "needs a `kind`",
        ),
        (
            "[[rule]]\nid = \"cycle-annual\"\nseverity = \"fatal\"\n",
            "unknown variant `fatal`",
        ),
        (
            "[[rule]]\nid = \"cycle-annual\"\nmessages.differ = { zh = \"{nope}\", en = \"x\" }\n",
            "unknown placeholder {nope}",
        ),
        (
            "[[rule]]\nid = \"amount-sum\"\nparams = { tolerance = 0.01 }\n",
            "bad `params`",
        ),
        (
            "[[rule]]\nid = \"cycle-annual\"\nseverity = \"note\"\n[[rule]]\nid = \"cycle-annual\"\nseverity = \"error\"\n",
            "duplicate rule id `cycle-annual`",
        ),
    ];
    for (content, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "local.toml", content.as_bytes());
        let out = jxlint(&[
            "check",
            "--rules",
            &dir.path().display().to_string(),
            "fixtures/clean/clean.txt",
        ]);
        assert_eq!(out.status.code(), Some(2), "{content}");
        let err = text(&out.stderr);
        assert!(
            err.contains("local.toml") && err.contains(expected),
            "{content}\n{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn self_test_catches_a_user_rule_that_never_fires() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "outputs.toml",
        r#"[[rule]]
id = "output-required"
kind = "required-indicator"
severity = "error"
summary = { zh = "须有产出指标", en = "an output indicator is required" }
doc = { zh = "须有产出指标。", en = "An output indicator is required." }
messages.missing = { zh = "项目“{project}”缺少产出指标", en = "“{project}” has no output indicator" }
params = { level1 = "9" }

[[rule.examples]]
expect = "flag"
indicators = "1、2-效益指标；22-社会效益；x；实施周期指标值:1；年度指标值:1。"

[[rule.examples]]
expect = "pass"
indicators = "1、1-产出指标；11-数量指标；x；实施周期指标值:1；年度指标值:1。"
"#
        .as_bytes(),
    );
    let rules = dir.path().display().to_string();
    let out = jxlint(&["rules", "--self-test", "--rules", &rules]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("FAIL output-required"),
        "{}",
        text(&out.stdout)
    );
    let fixed = std::fs::read_to_string(dir.path().join("outputs.toml"))
        .unwrap()
        .replace("\"9\"", "\"1\"");
    write(dir.path(), "outputs.toml", fixed.as_bytes());
    let out = jxlint(&["rules", "--self-test", "--rules", &rules]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    // And the new rule takes effect in a check.
    let clean = std::fs::read_to_string("fixtures/clean/clean.txt").unwrap();
    let table = clean.replace(
        "1、1-产出指标；11-数量指标；安全检查次数；实施周期指标值：24次；年度指标值：24次。",
        "",
    );
    let table = write(dir.path(), "no-output.txt", table.as_bytes());
    // The user's file overrides the built-in rule of the same id; numbering and min-indicators
    // would see the removed item too, so only this rule runs.
    let out = jxlint(&[
        "check",
        "--format",
        "short",
        "--select",
        "output-required",
        "--rules",
        &rules,
        &table,
    ]);
    let lines = text(&out.stdout);
    assert_eq!(lines.lines().count(), 1, "{lines}");
    assert!(
        lines.contains(":14:") && lines.contains("error[output-required]"),
        "{lines}"
    );
}

/// A small valid workbook's bytes, written with rust_xlsxwriter: one sheet, no table.
fn workbook_without_table() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("封面")
        .unwrap()
        .write_string(0, 0, "2024年部门预算")
        .unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn unreadable_inputs_of_every_kind_exit_2_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let book = workbook_without_table();
    // An encrypted .xlsx is an OLE compound file, not a zip: its first sector's signature.
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.resize(4096, 0);
    let huge = d.join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let long_line = format!("项目名称\t绩效指标\n{}\n", "长".repeat(1_000_000));
    std::fs::create_dir(d.join("empty-dir")).unwrap();
    std::fs::write(d.join("empty-dir/readme.md"), "no tables here").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("gone.txt"), d.join("dangling.txt")).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (
            write(d, "truncated.xlsx", &book[..book.len() / 2]),
            "not a readable workbook",
        ),
        (write(d, "locked.xlsx", &encrypted), "password-protected"),
        (
            write(d, "cover.xlsx", &book),
            "no sheet holds a table: no row names the columns 项目名称 and 绩效指标; nor the \
             columns 项目名称, 三级指标 and 指标值 (the long format); nor a 项目名称 label over a \
             grid of 一级指标 and 三级指标 (the per-project form) (sheets: 封面)",
        ),
        (
            write(d, "fake.xls", b"not a workbook at all"),
            "not a readable workbook",
        ),
        (
            huge.display().to_string(),
            "the file is 100 MB; jxlint reads tables up to 32 MB",
        ),
        (
            write(d, "long.txt", long_line.as_bytes()),
            "line 2 is longer than 100000 characters",
        ),
        (
            write(
                d,
                "bad.txt",
                &[&b"x\n"[..], "项目名称".as_bytes(), b"\xC3("].concat(),
            ),
            "not valid UTF-8 at byte 14",
        ),
        (
            d.join("empty-dir").display().to_string(),
            "the directory holds no table",
        ),
        #[cfg(unix)]
        (
            d.join("dangling.txt").display().to_string(),
            "cannot read the file: no such file",
        ),
    ];
    for (path, message) in &cases {
        let out = jxlint(&["check", path, "fixtures/rules/amount-sum/project-total.txt"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{path}: {err}");
        assert!(
            err.contains(path.as_str()) && err.contains(message),
            "{path}: {err}"
        );
        assert!(text(&out.stdout).contains("error[amount-sum]"), "{path}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = jxlint(&["check", &cases[5].0]);
    assert!(
        text(&out.stderr).contains("long.txt:2:1:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_encoding_can_be_forced_and_a_wrong_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let table = std::fs::read_to_string("fixtures/rules/amount-sum/project-total.txt").unwrap();
    let utf16: Vec<u8> = table.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let path = write(dir.path(), "nobom.txt", &utf16);
    // Without a byte-order mark UTF-16 looks binary; the message says what to do.
    let out = jxlint(&["check", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--encoding utf-16le"));
    let out = jxlint(&["check", "--encoding", "utf-16le", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("error[amount-sum]"));
    let (gbk, _, _) = encoding_rs::GBK.encode(&table);
    let path = write(dir.path(), "gbk.txt", &gbk);
    let out = jxlint(&["check", "--encoding", "utf-8", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not valid UTF-8"));
    let out = jxlint(&["check", "--encoding", "klingon", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown encoding"));
}

#[test]
fn workbooks_that_made_the_reader_fail_are_reported_quietly() {
    for (file, message) in [
        (
            "cfb-sector-out-of-range.xls",
            "not a readable workbook: Malformed FAT",
        ),
        ("looping-sector-chain.xls", "not a readable workbook"),
        (
            "far-away-cells.xls",
            "a sheet spans 29975 rows by 52287 columns; jxlint reads sheets of up to 4000000 cells",
        ),
    ] {
        let path = format!("fixtures/bad/{file}");
        let out = jxlint(&[
            "check",
            &path,
            "fixtures/rules/amount-sum/project-total.txt",
        ]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(&format!("{path}: {message}")), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(text(&out.stdout).contains("error[amount-sum]"));
    }
}

/// A zip whose directory claims a gigabyte: refused before anything is unpacked.
#[test]
fn a_workbook_that_would_unpack_to_gigabytes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = workbook_without_table();
    let claim = 1u32 << 30;
    // Uncompressed size: offset 22 in each local header, 24 in each central directory entry.
    for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let starts: Vec<usize> = book
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == signature)
            .map(|(i, _)| i)
            .collect();
        assert!(!starts.is_empty());
        for at in starts {
            book[at + offset..at + offset + 4].copy_from_slice(&claim.to_le_bytes());
        }
    }
    let path = write(dir.path(), "bomb.xlsx", &book);
    let out = jxlint(&["check", &path]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("jxlint reads workbooks up to 512 MB unpacked"),
        "{err}"
    );
}

/// One stray value far down and to the right would make the sheet a grid of billions of cells.
#[test]
fn a_sheet_with_a_stray_far_away_cell_is_refused_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "项目名称").unwrap();
    sheet.write_string(0, 1, "绩效指标").unwrap();
    sheet.write_string(1_000_000, 16_000, "x").unwrap();
    let path = dir.path().join("stray.xlsx");
    book.save(&path).unwrap();
    let path = path.display().to_string();
    let out = jxlint(&["check", &path]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a sheet spans 1000001 rows by 16001 columns"),
        "{err}"
    );
}
