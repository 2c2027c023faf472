//! Page breaks, as PDF-to-text conversion leaves them, must not change what jxlint finds. Every
//! project row of the clean table is split at many places in several styles seen in real
//! tables; the result must read as the same projects and give no diagnostic. A fault planted in
//! a split row must still be found once, at its place.

use std::path::PathBuf;

use jxlint::diag::Lang;
use jxlint::layout;
use jxlint::lint::check_text;
use jxlint::ruleset::RuleSet;
use jxlint::source::SourceFile;

const CLEAN: &str = include_str!("../fixtures/clean/clean.txt");

#[derive(Clone, Copy, Debug)]
enum Style {
    /// Continuation row with empty name and amount cells.
    Continuation,
    /// The same with `<p>` markup, one empty cell dropped, and a blank line between.
    Markup,
    /// The head of the row first, with no name or amounts; the name comes with the rest.
    NameBelow,
    /// The name itself cut across the two rows.
    NameCut,
}

fn cut(s: &str, at: usize) -> (String, String) {
    let chars: Vec<char> = s.chars().collect();
    (chars[..at].iter().collect(), chars[at..].iter().collect())
}

fn split(cells: &[&str], style: Style, a: usize, b: usize) -> Vec<String> {
    let (t1, t2) = cut(cells[5], a);
    let (i1, i2) = cut(cells[6], b);
    let m = &cells[1..5];
    match style {
        Style::Continuation => vec![
            [cells[0], m[0], m[1], m[2], m[3], &t1, &i1].join("\t"),
            ["", "", "", "", "", &t2, &i2].join("\t"),
        ],
        Style::Markup => vec![
            [cells[0], m[0], m[1], m[2], m[3], &t1, &i1].join("\t"),
            String::new(),
            [
                "",
                "",
                "",
                "",
                &format!("<p>{t2}</p>"),
                &format!("<p>{i2}</p>"),
            ]
            .join("\t"),
        ],
        Style::NameBelow => vec![
            [
                "",
                "",
                "",
                "",
                "",
                &format!("<p>{t1}</p>"),
                &format!("<p>{i1}</p>"),
            ]
            .join("\t"),
            String::new(),
            [cells[0], m[0], m[1], m[2], m[3], &t2, &i2].join("\t"),
        ],
        Style::NameCut => {
            let half = cells[0].chars().count() / 2;
            let (n1, n2) = cut(cells[0], half);
            vec![
                [&n1, m[0], m[1], m[2], m[3], &t1, &i1].join("\t"),
                [&n2, "", "", "", "", &t2, &i2].join("\t"),
            ]
        }
    }
}

/// Where to cut an indicator list: inside words, inside values, at item boundaries.
fn indicator_cuts(ind: &str) -> Vec<usize> {
    let n = ind.chars().count();
    let mut cuts = vec![n / 5, n / 3, n / 2, 2 * n / 3, n - 2, n];
    for pat in ["。", "指标值", "效益", "满意度", "%"] {
        if let Some(byte) = ind.find(pat) {
            let at = ind[..byte].chars().count();
            cuts.extend([at, at + 1]);
        }
    }
    cuts.retain(|&c| c >= 2 && c <= n);
    cuts.sort();
    cuts.dedup();
    cuts
}

fn shape(text: &str) -> Vec<(String, usize)> {
    let doc = layout::read(text).unwrap();
    doc.projects
        .iter()
        .map(|p| (p.name.to_string(), p.indicators.len()))
        .collect()
}

fn variants(table: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = table.lines().collect();
    let mut out = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != 7 || cells[6].is_empty() || cells[0].starts_with("项目名称") {
            continue;
        }
        let target_half = cells[5].chars().count() / 2;
        for b in indicator_cuts(cells[6]) {
            for style in [
                Style::Continuation,
                Style::Markup,
                Style::NameBelow,
                Style::NameCut,
            ] {
                if matches!(style, Style::NameBelow) && b == cells[6].chars().count() {
                    continue;
                }
                let mut new = lines[..k].iter().map(|s| s.to_string()).collect::<Vec<_>>();
                new.extend(split(&cells, style, target_half, b));
                new.extend(lines[k + 1..].iter().map(|s| s.to_string()));
                out.push((
                    format!("line {} {style:?} cut at {b}", k + 1),
                    new.join("\n"),
                ));
            }
        }
    }
    out
}

#[test]
fn split_rows_read_as_the_same_projects_and_give_no_diagnostic() {
    let rules = RuleSet::builtin().unwrap();
    let expected = shape(CLEAN);
    let cases = variants(CLEAN);
    assert!(cases.len() > 100, "{}", cases.len());
    for (what, table) in cases {
        assert_eq!(shape(&table), expected, "{what}:\n{table}");
        let source = SourceFile::new(PathBuf::from("t.txt"), table.clone());
        let checked = check_text(source, &rules, Lang::Zh).unwrap();
        assert!(
            checked.diagnostics.is_empty(),
            "{what}: {:#?}\n{table}",
            checked.diagnostics
        );
    }
}

#[test]
fn a_fault_in_a_split_row_is_found_once_at_its_place() {
    let rules = RuleSet::builtin().unwrap();
    let faulty = CLEAN.replace(
        "实施周期指标值:98%;年度指标值:98%",
        "实施周期指标值:98%;年度指标值:97%",
    );
    assert_ne!(faulty, CLEAN, "the fault is planted");
    for (what, table) in variants(&faulty) {
        let source = SourceFile::new(PathBuf::from("t.txt"), table.clone());
        let checked = check_text(source, &rules, Lang::Zh).unwrap();
        let found: Vec<_> = checked
            .diagnostics
            .iter()
            .map(|d| d.rule.as_str())
            .collect();
        assert_eq!(found, ["cycle-annual"], "{what}:\n{table}");
        let d = &checked.diagnostics[0];
        assert!(
            table[d.span.clone()].starts_with('9'),
            "{what}: {:?} {:?}",
            &table[d.span.clone()],
            d.message
        );
        // A value cut by the break is pointed at by its first part.
        let value = &table[d.span.clone()];
        assert!(
            !value.is_empty() && "97%".starts_with(value),
            "{what}: {value:?}"
        );
    }
}
