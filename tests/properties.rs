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

const TABLES: [&str; 3] = [
    include_str!("../fixtures/clean/clean.txt"),
    include_str!("../fixtures/clean/page-breaks.txt"),
    include_str!("../fixtures/xicun.txt"),
];

/// Pieces that matter to the reader: cell and row breaks, markup, list markers, value keys.
const TOKENS: [&str; 16] = [
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
