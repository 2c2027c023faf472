//! Columns are found by name: the clean table with its columns in another order, with extra
//! columns and the shorter heading 项目名称, with CRLF, trailing blanks and blank lines, reads
//! the same and stays silent; a fault planted in it is found in its cell.

use std::path::PathBuf;

use jxlint::diag::Lang;
use jxlint::lint::check_text;
use jxlint::ruleset::RuleSet;
use jxlint::source::SourceFile;

const CLEAN: &str = include_str!("../fixtures/clean/clean.txt");

/// The table with its columns reordered as `order` (indexes into the original columns), an
/// extra 项目类型 column after the name, and the name heading shortened to 项目名称.
fn rearranged(text: &str, order: &[usize]) -> String {
    let mut out = Vec::new();
    let mut in_table = false;
    for line in text.split('\n') {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() == 1 && !in_table {
            out.push(line.to_owned());
            continue;
        }
        let is_header = !in_table;
        in_table = true;
        let mut row: Vec<String> = order
            .iter()
            .map(|&i| cells.get(i).copied().unwrap_or("").to_owned())
            .collect();
        let extra = if is_header { "项目类型" } else { "" };
        row.insert(1, extra.to_owned());
        if is_header {
            row[0] = "项目名称".to_owned();
        }
        out.push(row.join("\t"));
    }
    out.join("\n")
}

fn check(text: &str) -> (usize, Vec<(String, String)>) {
    let rules = RuleSet::builtin().unwrap();
    let source = SourceFile::new(PathBuf::from("t.txt"), text.to_owned());
    let checked = check_text(source, &rules, Lang::Zh).unwrap();
    let found = checked
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.rule.clone(),
                checked.source.text[d.span.clone()].to_owned(),
            )
        })
        .collect();
    (checked.projects, found)
}

const ORDERS: [&[usize]; 3] = [
    &[0, 5, 6, 1, 2, 3, 4],
    &[0, 1, 2, 3, 4, 6, 5],
    &[0, 6, 4, 3, 2, 1, 5],
];

#[test]
fn columns_in_any_order_with_extras_read_the_same() {
    assert_eq!(check(CLEAN), (6, vec![]));
    for order in ORDERS {
        let text = rearranged(CLEAN, order);
        assert_eq!(check(&text), (6, vec![]), "{order:?}\n{text}");
        // Windows line ends, trailing blanks and blank lines change nothing.
        let messy = text.replace('\n', " \t\r\n\r\n");
        assert_eq!(check(&messy), (6, vec![]), "{order:?} CRLF");
    }
}

#[test]
fn a_planted_fault_is_found_in_its_cell_whatever_the_order() {
    let planted = CLEAN.replacen("\t15.73\t15.73\t", "\t15.73\t15.37\t", 1);
    assert_ne!(planted, CLEAN);
    for order in ORDERS {
        let (_, found) = check(&rearranged(&planted, order));
        assert_eq!(
            found,
            [("amount-sum".to_owned(), "15.37".to_owned())],
            "{order:?}"
        );
    }
}
