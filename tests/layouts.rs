//! The long format and the per-project form, as departments have them: the real samples read
//! the same from their tab-separated text and from their workbooks (merged cells and all);
//! workbooks of several form sheets and a long table under a two-row header, written here as
//! Excel writes them, read into the same projects; and one planted fault gives one diagnostic
//! at its cell.

use std::path::Path;

use jxlint::diag::Lang;
use jxlint::input::decode::EncodingChoice;
use jxlint::layout;
use jxlint::lint::{Options, check_file};
use jxlint::model::Document;
use jxlint::ruleset::RuleSet;
use rust_xlsxwriter::{Format, Workbook};

/// The model of every table of a file, as lines a person can read: projects with their money,
/// targets and indicators.
fn model(path: &Path) -> Vec<String> {
    let tables = jxlint::input::read(path, EncodingChoice::Auto).unwrap();
    let mut out = Vec::new();
    for t in &tables {
        let Ok(doc) = layout::read(t.model_text()) else {
            continue;
        };
        out.extend(summary(&doc));
    }
    out
}

fn summary(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for u in &doc.units {
        out.push(format!(
            "unit {} {:?}",
            u.name,
            u.money[0].value.map(|v| v.normalize())
        ));
    }
    for p in &doc.projects {
        let money: Vec<String> = p
            .money
            .iter()
            .map(|m| match (m.is_written(), m.value) {
                (true, Some(v)) => v.normalize().to_string(),
                _ => "-".to_owned(),
            })
            .collect();
        out.push(format!(
            "project {} unit {:?} money {} target {}",
            p.name,
            p.unit,
            money.join("/"),
            p.target.text.trim()
        ));
        for i in &p.indicators {
            let detail = i.detail.as_ref().unwrap();
            out.push(format!(
                "  {} {} | {} {}/{} | {} | {} | {}",
                p.text_of(&i.level1_name),
                p.text_of(&i.level2_name),
                p.text_of(&i.level1_code),
                p.text_of(&i.level2_code),
                p.name_of(i),
                p.text_of(&i.cycle),
                p.text_of(&i.annual),
                p.text_of(&detail.weight),
            ));
        }
    }
    out
}

#[test]
fn the_samples_read_the_same_from_text_and_workbook() {
    for (tsv, xlsx, projects, indicators) in [
        (
            "fixtures/long/jingyan.tsv",
            "fixtures/long/jingyan.xlsx",
            2,
            13,
        ),
        (
            "fixtures/form/xiangtan.tsv",
            "fixtures/form/xiangtan.xlsx",
            1,
            7,
        ),
    ] {
        let text = model(Path::new(tsv));
        assert_eq!(text, model(Path::new(xlsx)), "{tsv} and {xlsx}");
        let listed = |prefix: &str| text.iter().filter(|l| l.starts_with(prefix)).count();
        assert_eq!(listed("project"), projects, "{text:#?}");
        assert_eq!(listed("  "), indicators, "{text:#?}");
    }
}

#[test]
fn the_long_sample_as_read() {
    let m = model(Path::new("fixtures/long/jingyan.tsv"));
    assert_eq!(m[0], "unit 820-马踏镇部门 Some(8827620.53)");
    assert_eq!(
        m[1],
        "project 村组干部报酬 unit Some(0) money 3309840/-/-/- target 按时发放村组干部报酬"
    );
    assert_eq!(
        m[2],
        "  效益指标 社会效益指标 | 2 22/维护社会稳定 |  | ≥95% | 10"
    );
    // The last row, cut off in publishing, has no direction; its value is `=` 11 个.
    assert_eq!(
        m.last().unwrap(),
        "  产出指标 数量指标 | 1 11/行政村数量 |  | 11个 | 10"
    );
}

#[test]
fn the_form_sample_as_read() {
    let m = model(Path::new("fixtures/form/xiangtan.tsv"));
    assert_eq!(
        m[0],
        "project 雾炮车降尘抑尘服务 unit None money -/250/-/0 target \
         通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"
    );
    // Level cells merged down carry over their rows; the empty 经济效益指标 row is no
    // indicator; 社会公众或服务对象满意度指标 spans the level-1 and level-2 columns.
    assert_eq!(
        m[2],
        "  产出指标 数量指标 | 1 11/雾炮车风炮射程 |  | ≥80M | "
    );
    assert_eq!(
        m[6],
        "  效益指标 社会效益指标 | 2 22/服务周期内,市民对空气质量改善的满意程度 |  | ≥85% | "
    );
    assert_eq!(
        m[7],
        "  社会公众或服务对象满意度指标 社会公众或服务对象满意度指标 | 3 31/市民满意度 |  | ≥90% | "
    );
}

/// Rules found in a file's tables, with the cell each is at.
fn found(path: &Path) -> Vec<(String, Option<String>)> {
    let rules = RuleSet::builtin().unwrap();
    let options = Options {
        lang: Lang::Zh,
        ..Options::default()
    };
    check_file(path, &rules, options)
        .into_iter()
        .map(|o| o.unwrap())
        .flat_map(|c| {
            c.diagnostics
                .iter()
                .map(|d| (d.rule.clone(), c.source.place(d.span.start).cell))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn projects(path: &Path) -> usize {
    let rules = RuleSet::builtin().unwrap();
    check_file(path, &rules, Options::default())
        .into_iter()
        .map(|o| o.unwrap().projects)
        .sum()
}

/// Writes the forms of a text, one under another, each to a sheet of its own as the form is
/// laid out in Excel: the level cells merged down over their rows, 社会公众或服务对象满意度指标
/// merged across the level-1 and level-2 columns.
fn write_form_sheets(text: &str, path: &Path) {
    let mut book = Workbook::new();
    let plain = Format::new();
    let mut forms: Vec<Vec<&str>> = Vec::new();
    for line in text.lines() {
        if line.ends_with("绩效目标申报表") || forms.is_empty() {
            forms.push(Vec::new());
        }
        forms.last_mut().unwrap().push(line);
    }
    for (n, form) in forms.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(format!("项目{}", n + 1)).unwrap();
        let rows: Vec<Vec<&str>> = form.iter().map(|l| l.split('\t').collect()).collect();
        for (r, cells) in rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let (r32, c16) = (r as u32, c as u16);
                // A level cell: merged down over the blank cells under it in the grid.
                let in_grid = cells.first() == Some(&"") && (c == 1 || c == 2);
                let across = *cell == "社会公众或服务对象满意度指标";
                let down = if in_grid {
                    rows[r + 1..]
                        .iter()
                        .take_while(|next| {
                            next.first() == Some(&"")
                                && next.get(c).is_none_or(|x| x.is_empty())
                                && next.get(1).is_none_or(|x| x.is_empty())
                        })
                        .count() as u32
                } else {
                    0
                };
                if across {
                    sheet.merge_range(r32, 1, r32, 2, cell, &plain).unwrap();
                } else if down > 0 {
                    sheet
                        .merge_range(r32, c16, r32 + down, c16, cell, &plain)
                        .unwrap();
                } else {
                    sheet.write_string(r32, c16, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_workbook_of_form_sheets_is_a_department_of_projects() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string("fixtures/clean/form.tsv").unwrap();
    let path = dir.path().join("forms.xlsx");
    write_form_sheets(&clean, &path);
    assert_eq!(projects(&path), 2);
    assert_eq!(found(&path), []);
    assert_eq!(model(&path), model(Path::new("fixtures/clean/form.tsv")));

    // The second project's money does not add up: 年度资金总额 50万 (sheet row 4, column B)
    // against 45万 + 0; with nothing else to tell which cell is wrong, the total is named.
    let planted = clean.replacen("财政拨款\t50万", "财政拨款\t45万", 1);
    let path = dir.path().join("planted.xlsx");
    write_form_sheets(&planted, &path);
    assert_eq!(
        found(&path),
        [("amount-sum".to_owned(), Some("项目2!B4".to_owned()))]
    );

    // The second project's target copied from the first, on another sheet.
    let target = "完成城区主次干道清扫保洁，保持道路整洁。";
    let copied = clean.replacen(
        "开展垃圾分类宣传进社区活动，提高居民分类投放意识。",
        target,
        1,
    );
    let path = dir.path().join("copied.xlsx");
    write_form_sheets(&copied, &path);
    // Copies across sheets are found across the tables of a run, as across files.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(["check", "--format", "short", "copied.xlsx"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 1, "{shown}");
    assert!(
        lines[0].contains("warning[duplicate-text]") && lines[0].ends_with("(项目2!B5)"),
        "{shown}"
    );
}

/// The long table as Excel has it under a two-row header: 绩效指标 over the indicator columns,
/// the project's columns merged down over both header rows and over the project's rows.
fn write_two_row_long(text: &str, path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = Format::new();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let header = lines
        .iter()
        .position(|l| l.first() == Some(&"单位名称"))
        .unwrap();
    for (r, cells) in lines[..header].iter().enumerate() {
        sheet.write_string(r as u32, 0, cells[0]).unwrap();
    }
    let (h1, h2) = (header as u32, header as u32 + 1);
    for (c, name) in lines[header].iter().enumerate() {
        let c16 = c as u16;
        if c < 4 {
            sheet.merge_range(h1, c16, h2, c16, name, &plain).unwrap();
        } else {
            sheet.write_string(h2, c16, *name).unwrap();
        }
    }
    let last = lines[header].len() as u16 - 1;
    sheet
        .merge_range(h1, 4, h1, last, "绩效指标", &plain)
        .unwrap();
    let body = &lines[header + 1..];
    for (i, cells) in body.iter().enumerate() {
        let r = h2 + 1 + i as u32;
        for (c, cell) in cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let c16 = c as u16;
            // A project's cells merged down over its indicator rows.
            let down = if c < 4 && !cells[1].is_empty() {
                body[i + 1..]
                    .iter()
                    .take_while(|n| n.get(1).is_none_or(|x| x.is_empty()) && n.len() > 4)
                    .count() as u32
            } else {
                0
            };
            let amount = cell.replace(',', "").parse::<f64>().ok().filter(|_| c == 2);
            if down > 0 {
                sheet
                    .merge_range(r, c16, r + down, c16, cell, &plain)
                    .unwrap();
            } else if let Some(n) = amount {
                sheet.write_number(r, c16, n).unwrap();
            } else {
                sheet.write_string(r, c16, *cell).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_long_table_under_a_two_row_header_reads_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read_to_string("fixtures/clean/long.tsv").unwrap();
    let path = dir.path().join("long.xlsx");
    write_two_row_long(&clean, &path);
    assert_eq!(projects(&path), 3);
    assert_eq!(found(&path), []);
    assert_eq!(model(&path), model(Path::new("fixtures/clean/long.tsv")));

    // 社会效益指标 put under 产出指标, in the first project's third indicator row: sheet row 8
    // (title, unit, two header rows, the subtotal), column F (二级指标).
    let planted = clean.replacen(
        "产出指标\t时效指标\t完工时间",
        "产出指标\t社会效益指标\t完工时间",
        1,
    );
    let path = dir.path().join("planted.xlsx");
    write_two_row_long(&planted, &path);
    assert_eq!(
        found(&path),
        [(
            "indicator-category".to_owned(),
            Some("Sheet1!F8".to_owned())
        )]
    );
}

#[test]
fn a_layout_can_be_forced_and_says_what_it_missed() {
    let rules = RuleSet::builtin().unwrap();
    let forced = |path: &str, layout: &'static str| {
        let options = Options {
            layout: Some(layout),
            ..Options::default()
        };
        check_file(Path::new(path), &rules, options)
            .into_iter()
            .next()
            .unwrap()
    };
    assert!(forced("fixtures/clean/long.tsv", "long").is_ok());
    let err = forced("fixtures/clean/long.tsv", "form").unwrap_err();
    assert!(
        err.message.contains("not a table of the form layout"),
        "{}",
        err.message
    );
    let err = forced("fixtures/clean/clean.txt", "long").unwrap_err();
    assert!(err.message.contains("三级指标"), "{}", err.message);
}

#[test]
fn both_layouts_read_the_same_from_csv() {
    let dir = tempfile::tempdir().unwrap();
    for tsv in ["fixtures/clean/long.tsv", "fixtures/clean/form.tsv"] {
        let text = std::fs::read_to_string(tsv).unwrap();
        let path = dir.path().join("table.csv");
        // Rows of any length, as a spreadsheet saves them.
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(&path)
            .unwrap();
        for line in text.lines() {
            writer.write_record(line.split('\t')).unwrap();
        }
        writer.flush().unwrap();
        drop(writer);
        assert_eq!(model(&path), model(Path::new(tsv)), "{tsv}");
        assert_eq!(found(&path), [], "{tsv}");
    }
}

#[test]
fn the_layout_is_forced_from_the_command_line_and_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("fixtures/clean/form.tsv", dir.path().join("form.tsv")).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jxlint"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = run(&["check", "--layout", "long", "form.tsv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a table of the long layout"), "{err}");
    assert_eq!(
        run(&["check", "--layout", "form", "form.tsv"])
            .status
            .code(),
        Some(0)
    );
    std::fs::write(dir.path().join("jxlint.toml"), "layout = \"long\"\n").unwrap();
    assert_eq!(run(&["check", "form.tsv"]).status.code(), Some(2));
    std::fs::write(dir.path().join("jxlint.toml"), "layout = \"wide\"\n").unwrap();
    let out = run(&["check", "form.tsv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown layout `wide`") && err.contains("jxlint.toml"),
        "{err}"
    );
}
