//! `path:line:col: severity[rule-id]: message`, one per line: what vim, Emacs and VS Code
//! problem matchers read. Columns are display columns by default (GCC's convention, which
//! vim's `%v` and Emacs read: a CJK character is 2 wide, a tab goes to the next multiple of
//! 8); `--column-unit` picks characters, bytes or UTF-16 units. In a sheet, line and column
//! are the cell's row and column number, and the message ends with the cell's address.

use codespan_reporting::term::termcolor::WriteColor;

use crate::diag::Lang;
use crate::lint::Outcome;
use crate::render::{Counts, Report, Sink, render_plain, stats};
use crate::source::ColumnUnit;

pub struct Short {
    /// Counts per rule instead of the findings (`--statistics`).
    pub statistics: Option<Lang>,
    /// How columns are counted (`--column-unit`; display columns by default, as GCC).
    pub unit: ColumnUnit,
}

impl Sink for Short {
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
        match outcome {
            // `--statistics` counts instead of listing.
            Ok(_) if self.statistics.is_some() => {}
            Ok(checked) => {
                let path = checked.source.display_path();
                for d in &checked.diagnostics {
                    let p = checked.source.place(d.span.start);
                    let cell = p.cell.map_or(String::new(), |c| format!(" ({c})"));
                    // In a sheet the column is the cell's; in text, as `unit` counts it.
                    let column = match checked.source.sheet {
                        Some(_) => p.column,
                        None => checked.source.column_in(d.span.start, self.unit),
                    };
                    writeln!(
                        w,
                        "{path}:{}:{}: {}[{}]: {}{cell}",
                        p.line,
                        column,
                        d.severity.as_str(),
                        d.rule,
                        d.message
                    )?;
                }
            }
            Err(e) => {
                let (line, column) = e.at.map_or((1, 1), |p| (p.line, p.column));
                writeln!(w, "{}:{line}:{column}: error: {}", e.path, e.message)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        match self.statistics {
            Some(lang) => write!(w, "{}", stats::render(counts, lang)),
            None => Ok(()),
        }
    }
}

pub fn render(report: &Report) -> String {
    render_plain(
        report,
        &mut Short {
            statistics: None,
            unit: ColumnUnit::Display,
        },
    )
}
