//! `completeness`: what a reviewer sends back first: an empty 绩效目标 or 绩效指标 cell, and an
//! indicator without its implementation-cycle or annual value.

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::{Finding, Text};
use crate::model::indicator::{Part, Problem as IndicatorProblem};
use crate::model::{Document, Problem};

pub const CASES: &[(&str, &[&str])] = &[
    ("empty-target", &["project"]),
    ("empty-indicators", &["project"]),
    ("missing-value", &["item", "parts"]),
];

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completeness {
    #[serde(default = "yes")]
    pub empty_target: bool,
    #[serde(default = "yes")]
    pub empty_indicators: bool,
    /// Items that lack only values (the rest of the item read): items that lack more are
    /// garbled, and `table-structure` reports them.
    #[serde(default = "yes")]
    pub missing_values: bool,
}

/// Whether the parts an item lacks are all values.
pub fn only_values(parts: &[Part]) -> bool {
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| matches!(p, Part::Cycle | Part::Annual))
}

impl Check for Completeness {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            // A row without a name is a fragment that `table-structure` reports.
            // A project whose row holds another's text: `table-structure` says so, once.
            if p.name.is_empty() || p.text_missing {
                continue;
            }
            if self.empty_target && p.target.is_empty() {
                out.push(
                    Finding::new("empty-target", p.target_span.clone())
                        .arg("project", &p.name)
                        .project(&p.name),
                );
            }
            if self.empty_indicators && p.has_no_indicators() {
                out.push(
                    Finding::new("empty-indicators", p.indicator_span.clone())
                        .arg("project", &p.name)
                        .project(&p.name),
                );
            }
        }
        if !self.missing_values {
            return;
        }
        for problem in &doc.problems {
            if let Problem::Indicator(IndicatorProblem::Missing { span, item, parts }) = problem
                && only_values(parts)
            {
                let zh: Vec<&str> = parts.iter().map(|p| p.label(false)).collect();
                let en: Vec<&str> = parts.iter().map(|p| p.label(true)).collect();
                out.push(
                    Finding::new("missing-value", span.clone())
                        .arg("item", item)
                        .arg_text("parts", Text::new(zh.join("、"), en.join(", "))),
                );
            }
        }
    }
}
