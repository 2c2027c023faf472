//! Output formats. Each renders a whole run; data comes in, text goes out.

use crate::diag::{Lang, Severity};
use crate::lint::Outcome;

pub mod human;
pub mod json;
pub mod short;
mod window;

/// Every file of a run, in the order given, and the language of the run.
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub lang: Lang,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub unreadable: usize,
    pub projects: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for o in &self.outcomes {
            c.files += 1;
            match o {
                Ok(checked) => {
                    c.projects += checked.projects;
                    for d in &checked.diagnostics {
                        match d.severity {
                            Severity::Error => c.errors += 1,
                            Severity::Warning => c.warnings += 1,
                            Severity::Note => c.notes += 1,
                        }
                    }
                }
                Err(_) => c.unreadable += 1,
            }
        }
        c
    }
}
