//! Output formats. Each is a sink: it is given the files of a run one at a time, in path
//! order, and the run's counts at the end, so that a large audit streams through.

use std::collections::BTreeMap;

use codespan_reporting::term::termcolor::WriteColor;

use crate::diag::{Lang, Severity};
use crate::lint::Outcome;

pub mod annotate;
pub mod cell;
pub mod ci;
pub mod html;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod sarif;
pub mod short;
pub mod stats;
mod window;
pub mod words;

pub trait Sink {
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()>;
    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()>;
}

/// Renders a whole report through a sink.
pub fn render_all(
    report: &Report,
    sink: &mut dyn Sink,
    w: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let mut counts = Counts::default();
    for o in &report.outcomes {
        counts.add(o);
        sink.file(o, w)?;
    }
    sink.finish(&counts, w)
}

/// A report rendered without colour, as a string.
pub fn render_plain(report: &Report, sink: &mut dyn Sink) -> String {
    let mut buffer = codespan_reporting::term::termcolor::Buffer::no_color();
    render_all(report, sink, &mut buffer).expect("writing to memory");
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Every file of a run, in the order given, and the language of the run.
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub lang: Lang,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub unreadable: usize,
    pub projects: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Diagnostics per rule id.
    pub by_rule: BTreeMap<String, usize>,
    /// Files with errors, and how many.
    pub errors_by_file: Vec<(String, usize)>,
    /// Findings hidden by the baseline.
    pub waived: usize,
    /// Files of a folder or glob that are no table (notes, documents, lock files), skipped.
    pub skipped: usize,
    /// Waivers of checked files that matched nothing.
    pub stale: Vec<crate::baseline::Waiver>,
}

impl Counts {
    /// Each rule that fired and how often, most first (then by id).
    pub fn rules_by_count(&self) -> Vec<(&str, usize)> {
        let mut rules: Vec<(&str, usize)> =
            self.by_rule.iter().map(|(r, n)| (r.as_str(), *n)).collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        rules
    }

    pub fn add(&mut self, o: &Outcome) {
        self.files += 1;
        match o {
            Ok(checked) => {
                self.projects += checked.projects;
                let mut errors = 0;
                for d in &checked.diagnostics {
                    match d.severity {
                        Severity::Error => errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Note => self.notes += 1,
                    }
                    *self.by_rule.entry(d.rule.clone()).or_default() += 1;
                }
                self.errors += errors;
                if errors > 0 {
                    self.errors_by_file
                        .push((checked.source.display_path(), errors));
                }
            }
            Err(_) => self.unreadable += 1,
        }
    }
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for o in &self.outcomes {
            c.add(o);
        }
        c
    }
}
