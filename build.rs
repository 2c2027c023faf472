//! Writes each built-in rule file without its documentation and examples into `OUT_DIR`, where
//! `src/ruleset.rs` includes it: what a check run loads.

#[path = "src/ruleset/lean.rs"]
mod lean;

use std::path::Path;

const RULE_FILES: &[&str] = &[
    "rules/core.toml",
    "rules/guidelines.toml",
    "rules/national-2021/indicator-category.toml",
];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo::rerun-if-changed=src/ruleset/lean.rs");
    for path in RULE_FILES {
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let out = Path::new(&out_dir).join(path);
        std::fs::create_dir_all(out.parent().expect("a rule file is in a folder"))
            .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        std::fs::write(&out, lean::without_docs(&text))
            .unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
}
