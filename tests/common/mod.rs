//! What the command-line tests share: running the built binary and reading what it printed.
// Each test file uses its own part of this module.
#![allow(dead_code)]

pub mod lsp;

use std::path::Path;
use std::process::{Command, Output};

/// Runs jxlint in `dir` with these arguments and extra environment variables.
pub fn jxlint_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .expect("jxlint runs")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
