//! Any bytes, read as a text table, a CSV file or a workbook (the first byte picks which), in
//! whichever layout (Guangzhou, long, form) recognises them, and
//! checked with the built-in rules: nothing may panic, and every span must lie in its file.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use jxlint::input::decode::EncodingChoice;
use jxlint::input;
use jxlint::lint::check_table;
use jxlint::ruleset::RuleSet;
use libfuzzer_sys::fuzz_target;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let name = ["t.txt", "t.csv", "t.xlsx", "t.xls"][kind as usize % 4];
    let Ok(tables) = input::read_bytes(Path::new(name), bytes.to_vec(), EncodingChoice::Auto)
    else {
        return;
    };
    for table in tables {
        if let Ok(checked) = check_table(table, rules(), Default::default()) {
            let len = checked.source.text.len();
            for d in &checked.diagnostics {
                assert!(d.span.start <= d.span.end && d.span.end <= len);
                for l in &d.labels {
                    assert!(l.span.start <= l.span.end && l.span.end <= len);
                }
            }
        }
    }
});
