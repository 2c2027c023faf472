//! `path:line:col: severity[rule-id]: message`, one per line: what vim, Emacs and VS Code
//! problem matchers read. In a sheet, line and column are the cell's row and column number, and
//! the message ends with the cell's address.

use std::fmt::Write;

use crate::render::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for outcome in &report.outcomes {
        match outcome {
            Ok(checked) => {
                let path = checked.source.display_path();
                for d in &checked.diagnostics {
                    let p = checked.source.place(d.span.start);
                    let cell = p.cell.map_or(String::new(), |c| format!(" ({c})"));
                    let _ = writeln!(
                        out,
                        "{path}:{}:{}: {}[{}]: {}{cell}",
                        p.line,
                        p.column,
                        d.severity.as_str(),
                        d.rule,
                        d.message
                    );
                }
            }
            Err(e) => {
                let (line, column) = e.at.map_or((1, 1), |p| (p.line, p.column));
                let _ = writeln!(out, "{}:{line}:{column}: error: {}", e.path, e.message);
            }
        }
    }
    out
}
