//! jxlint: a linter for 项目支出绩效目标表 (project expenditure performance target tables).
//!
//! file ─input (decode, CSV, workbook sheets)─▶ text ─rows─▶ physical rows ─stitch─▶ logical rows
//! ─model─▶ Document ─checks (configured by rule files)─▶ diagnostics ─render─▶ human | short |
//! json | json-lines | sarif. A batch (`batch`) runs files in parallel and hands them to the
//! output in path order, finding copies across files (`crossfile`) and applying the config
//! (`config`) and waivers (`baseline`) on the way.

pub mod baseline;
pub mod batch;
pub mod checks;
pub mod cli;
pub mod config;
pub mod crossfile;
pub mod diag;
pub mod input;
pub mod layout;
pub mod lint;
pub mod model;
pub mod render;
pub mod ruleset;
pub mod scan;
pub mod selftest;
pub mod server;
pub mod similar;
pub mod source;
pub mod strings;
