//! Properties over arbitrary bytes and over real tables mutated at random: nothing panics,
//! every diagnostic span lies inside its file on character boundaries, and every non-blank
//! character of a table lands in the model (a cell, a note, the header) or in a diagnostic.

use std::path::Path;

use jxlint::input::decode::EncodingChoice;
use jxlint::input::{self, Table};
use jxlint::layout;
use jxlint::lint::check_table;
use jxlint::model::text::Mapped;
use jxlint::ruleset::RuleSet;
use proptest::prelude::*;

const TABLES: [&str; 8] = [
    include_str!("../fixtures/clean/clean.txt"),
    include_str!("../fixtures/clean/page-breaks.txt"),
    include_str!("../fixtures/xicun.txt"),
    include_str!("../fixtures/clean/long.tsv"),
    include_str!("../fixtures/long/jingyan.tsv"),
    include_str!("../fixtures/clean/form.tsv"),
    include_str!("../fixtures/clean/form-two-grids.tsv"),
    include_str!("../fixtures/form/xiangtan.tsv"),
];

/// Pieces that matter to the reader: cell and row breaks, markup, list markers, value keys.
const TOKENS: [&str; 30] = [
    "\t",
    "\n",
    "\r\n",
    "<p>",
    "</p>",
    "1、",
    "2、",
    "；",
    ";",
    ":",
    "。",
    "实施周期指标值:",
    "年度指标值:",
    "合计",
    "注：",
    "3-满意度指标；31-服务对象满意度；",
    "项目名称",
    "项目支出名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "权重",
    "产出指标",
    "社会公众或服务对象满意度指标",
    "财政部门审核意见",
    "年度资金总额",
    "250万",
    "≥",
    "1,250.00",
];

/// Header cells of the grid layouts, some of each layout, any of which a grid may lack.
const GRID_LABELS: [&str; 16] = [
    "单位名称",
    "项目名称",
    "预算数",
    "年度目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "中期指标值",
    "度量单位",
    "权重",
    "指标方向性",
    "备注",
    "项目支出名称",
    "",
];

/// Cells a grid's body may hold.
const GRID_CELLS: [&str; 16] = [
    "",
    "",
    "",
    "示例项目",
    "820-示例部门",
    "1,000.00",
    "250万",
    "产出指标",
    "数量指标",
    "满意度指标",
    "社会公众或服务对象满意度指标",
    "≥",
    "定性",
    "95",
    "%",
    "<p>优</p>",
];

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap())
}

/// Checks a table and asserts the span and coverage properties.
fn check_properties(table: Table) {
    let model_text = table.model_text().to_owned();
    let shown = table.source.text.clone();
    if let Ok(doc) = layout::read(&model_text) {
        let mut covered = vec![false; model_text.len()];
        for span in &doc.read {
            assert!(span.start <= span.end && span.end <= model_text.len());
            covered[span.clone()].iter_mut().for_each(|c| *c = true);
        }
        // Content is what is left when markup (<p>, <br/>) is taken out, line by line.
        let mut start = 0;
        for line in model_text.split('\n') {
            let content = Mapped::clean(&model_text, start..start + line.len());
            for (i, c) in content.text.char_indices() {
                let at = content.source_span(i..i + c.len_utf8()).start;
                assert!(
                    c.is_whitespace() || covered[at],
                    "{c:?} at byte {at} is in neither the model nor a diagnostic:\n{model_text}"
                );
            }
            start += line.len() + 1;
        }
    }
    if let Ok(checked) = check_table(table, rules(), Default::default()) {
        for d in &checked.diagnostics {
            for span in std::iter::once(&d.span).chain(d.labels.iter().map(|l| &l.span)) {
                assert!(
                    span.start <= span.end && span.end <= shown.len(),
                    "{span:?}"
                );
                assert!(shown.is_char_boundary(span.start) && shown.is_char_boundary(span.end));
                let _ = checked.source.place(span.start);
            }
        }
    }
}

fn read_all(name: &str, bytes: Vec<u8>) {
    if let Ok(tables) = input::read_bytes(Path::new(name), bytes, EncodingChoice::Auto) {
        for t in tables {
            check_properties(t);
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, &'static str),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..40usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), prop::sample::select(&TOKENS[..]))
            .prop_map(|(a, t)| Mutation::Insert(a, t)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

/// Applies mutations at character positions, so the text stays UTF-8.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        match *m {
            Mutation::Delete(at, n) => {
                let at = at % (chars.len() + 1);
                let end = (at + n).min(chars.len());
                chars.drain(at..end);
            }
            Mutation::Insert(at, token) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, token.chars());
            }
            Mutation::DuplicateLine(k) | Mutation::SwapLines(k, _) => {
                let text: String = chars.iter().collect();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let i = k % lines.len();
                if let Mutation::SwapLines(_, j) = *m {
                    let j = j % lines.len();
                    lines.swap(i, j);
                } else {
                    lines.insert(i, lines[i]);
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for name in ["t.txt", "t.csv", "t.xlsx", "t.xls"] {
            read_all(name, bytes.clone());
        }
    }

    #[test]
    fn arbitrary_text_with_a_header_never_panics(
        body in prop::collection::vec(
            prop_oneof![prop::sample::select(&TOKENS[..]).prop_map(str::to_owned), "[^\u{0}]{0,12}"],
            0..60,
        )
    ) {
        let text = format!("项目名称\t总计\t财政拨款\t绩效目标\t绩效指标\n{}", body.concat());
        read_all("t.txt", text.clone().into_bytes());
        read_all("t.csv", text.replace('\t', ",").into_bytes());
    }

    /// Grids of the long and form layouts: any header columns (some missing, some unknown,
    /// some twice), any cells, rows of any length; as text and as a workbook with merged
    /// cells, as Excel has them.
    #[test]
    fn arbitrary_grids_keep_every_character(
        header in prop::collection::vec(prop::sample::select(&GRID_LABELS[..]), 1..14),
        body in prop::collection::vec(
            prop::collection::vec(prop::sample::select(&GRID_CELLS[..]), 0..14),
            0..12,
        ),
        merges in prop::collection::vec((0..12u32, 0..14u16, 1..4u32, 1..3u16), 0..4),
    ) {
        let mut rows = vec![header.join("\t")];
        rows.extend(body.iter().map(|r| r.join("\t")));
        let text = rows.join("\n");
        read_all("t.txt", text.clone().into_bytes());
        // A label over the grid makes it a form; without one the grid is a long table.
        let form = format!("项目支出名称\t示例项目\n{text}");
        read_all("t.txt", form.into_bytes());

        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let plain = rust_xlsxwriter::Format::new();
        let mut taken: Vec<(u32, u16, u32, u16)> = Vec::new();
        for &(r, c, h, w) in &merges {
            let (r, c) = (r + 1, c);
            let (r2, c2) = (r + h - 1, c + w - 1);
            if h * u32::from(w) < 2
                || taken.iter().any(|&(a, b, a2, b2)| r <= a2 && a <= r2 && c <= b2 && b <= c2)
            {
                continue;
            }
            let value = body
                .get(r as usize - 1)
                .and_then(|row| row.get(c as usize))
                .copied()
                .unwrap_or("");
            sheet.merge_range(r, c, r2, c2, value, &plain).unwrap();
            taken.push((r, c, r2, c2));
        }
        let covered = |r: u32, c: u16| {
            taken.iter().any(|&(a, b, a2, b2)| a <= r && r <= a2 && b <= c && c <= b2)
        };
        for (r, line) in rows.iter().enumerate() {
            for (c, cell) in line.split('\t').enumerate() {
                let (r, c) = (r as u32, c as u16);
                if !cell.is_empty() && !covered(r, c) {
                    sheet.write_string(r, c, cell).unwrap();
                }
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        read_all("t.xlsx", bytes);
    }

    #[test]
    fn mutated_real_tables_keep_every_character(
        which in 0..TABLES.len(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let text = mutate(TABLES[which], &mutations);
        read_all("t.txt", text.clone().into_bytes());
        read_all("t.csv", text.replace('\t', ",").into_bytes());
    }
}
