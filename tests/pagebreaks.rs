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
    let cases = variants(CLEAN);
    assert!(cases.len() > 100, "{}", cases.len());
    read_as_the_clean_table_and_silent(cases);
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

/// Project rows of the clean table, by line index, with their cells.
fn project_rows(table: &str) -> Vec<(usize, Vec<String>)> {
    table
        .lines()
        .enumerate()
        .filter_map(|(k, line)| {
            let cells: Vec<String> = line.split('\t').map(str::to_owned).collect();
            (cells.len() == 7 && !cells[6].is_empty() && !cells[0].starts_with("项目名称"))
                .then_some((k, cells))
        })
        .collect()
}

/// A page printed again after a break: the last item of a row, or the tail of the item before
/// it and the last item, repeated on a continuation row. The repeat is set aside, not read.
fn overlap_variants(table: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = table.lines().collect();
    let mut out = Vec::new();
    for (k, cells) in project_rows(table) {
        let items: Vec<&str> = cells[6].split('。').filter(|s| !s.is_empty()).collect();
        let last = items[items.len() - 1];
        let before = items[items.len() - 2];
        let tail: String = before.chars().skip(before.chars().count() / 2).collect();
        for (style, repeat) in [
            ("last item", format!("。{last}。")),
            ("two items", format!("{tail}。{last}。")),
            (
                "two items with markup",
                format!("<p>{tail}。{}。</p>", last.replace('；', "; ")),
            ),
        ] {
            let mut new: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            new.insert(k + 1, format!("\t\t\t\t\t\t{repeat}"));
            new.insert(k + 1, String::new());
            out.push((
                format!("line {} repeat of the {style}", k + 1),
                new.join("\n"),
            ));
        }
    }
    out
}

/// A row's list cut mid-item whose rest was written into the next project's row, before that
/// project's own list: both projects keep their names, amounts and lists.
fn next_row_variants(table: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = table.lines().collect();
    let rows = project_rows(table);
    let mut out = Vec::new();
    for pair in rows.windows(2) {
        let ((a, first), (b, second)) = (&pair[0], &pair[1]);
        if b - a != 1 {
            continue;
        }
        for cut in indicator_cuts(&first[6]) {
            let chars: Vec<char> = first[6].chars().collect();
            // Only cuts inside an item: a cut after its closing 。 leaves nothing to continue.
            if cut == chars.len() || chars[cut - 1] == '。' {
                continue;
            }
            let (head, rest): (String, String) =
                (chars[..cut].iter().collect(), chars[cut..].iter().collect());
            let mut one = first.clone();
            one[6] = head;
            let mut two = second.clone();
            two[6] = format!("{rest}{}", second[6]);
            let mut new: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            new[*a] = one.join("\t");
            new[*b] = two.join("\t");
            out.push((
                format!("line {} cut at {cut} into line {}", a + 1, b + 1),
                new.join("\n"),
            ));
        }
    }
    out
}

#[test]
fn repeats_and_continuations_on_the_next_row_read_as_the_same_projects() {
    let mut cases = overlap_variants(CLEAN);
    let overlaps = cases.len();
    cases.extend(next_row_variants(CLEAN));
    assert!(
        overlaps >= 18 && cases.len() > overlaps + 10,
        "{overlaps} {}",
        cases.len()
    );
    read_as_the_clean_table_and_silent(cases);
}

/// Each variant reads as the clean table's projects and gives no diagnostic.
fn read_as_the_clean_table_and_silent(cases: Vec<(String, String)>) {
    let rules = RuleSet::builtin().unwrap();
    let expected = shape(CLEAN);
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
