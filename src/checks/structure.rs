//! `table-structure`: what the reader could not read as a table. Nothing is dropped silently:
//! text that fits no column, indicator text that belongs to no field, a missing field, an amount
//! that is not a number.

use serde::Deserialize;

use crate::checks::Check;
use crate::checks::completeness::only_values;
use crate::diag::{Finding, Text};
use crate::model::amount::format;
use crate::model::indicator::Problem as IndicatorProblem;
use crate::model::{Document, Problem};
use crate::model::{MONEY_COLUMNS, MONEY_COLUMNS_EN};

pub const CASES: &[(&str, &[&str])] = &[
    ("unreadable", &["text"]),
    ("missing-part", &["item", "parts"]),
    ("repeated-part", &["item", "part"]),
    ("amount", &["text", "column"]),
    ("unplaced", &["text"]),
    ("nameless", &[]),
    ("text-elsewhere", &["project", "above"]),
    ("truncated", &["unit", "stated", "listed"]),
    ("unknown-column", &["label"]),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStructure {
    /// Leave items that lack only their values to the `completeness` rule.
    #[serde(default)]
    pub skip_missing_values: bool,
}

/// At most this many characters of unreadable text are quoted in a message.
const QUOTE: usize = 40;

fn quote(s: &str) -> String {
    if s.chars().count() > QUOTE {
        format!("{}…", s.chars().take(QUOTE).collect::<String>())
    } else {
        s.to_owned()
    }
}

impl Check for TableStructure {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for problem in &doc.problems {
            let f = match problem {
                Problem::Indicator(IndicatorProblem::Unreadable { span, text }) => {
                    Finding::new("unreadable", span.clone()).arg("text", quote(text))
                }
                Problem::Indicator(IndicatorProblem::Missing { parts, .. })
                    if self.skip_missing_values && only_values(parts) =>
                {
                    continue;
                }
                Problem::Indicator(IndicatorProblem::Missing { span, item, parts }) => {
                    let zh: Vec<&str> = parts.iter().map(|p| p.label(false)).collect();
                    let en: Vec<&str> = parts.iter().map(|p| p.label(true)).collect();
                    Finding::new("missing-part", span.clone())
                        .arg("item", item)
                        .arg_text("parts", Text::new(zh.join("、"), en.join(", ")))
                }
                Problem::Indicator(IndicatorProblem::Repeated { span, item, part }) => {
                    Finding::new("repeated-part", span.clone())
                        .arg("item", item)
                        .arg_text("part", Text::new(part.label(false), part.label(true)))
                }
                Problem::Amount { span, text, column } => Finding::new("amount", span.clone())
                    .arg("text", quote(text))
                    .arg_text(
                        "column",
                        Text::new(MONEY_COLUMNS[*column], MONEY_COLUMNS_EN[*column]),
                    ),
                Problem::Unplaced { span, text } => {
                    Finding::new("unplaced", span.clone()).arg("text", quote(text))
                }
                Problem::Nameless { span } => Finding::new("nameless", span.clone()),
                Problem::UnknownColumn { span, label } => {
                    Finding::new("unknown-column", span.clone()).arg("label", quote(label))
                }
                Problem::Truncated {
                    span,
                    unit,
                    stated,
                    listed,
                } => Finding::new("truncated", span.clone())
                    .arg("unit", unit)
                    .arg("stated", format(*stated))
                    .arg("listed", format(*listed)),
                Problem::TextElsewhere {
                    span,
                    project,
                    above,
                } => Finding::new("text-elsewhere", span.clone())
                    .arg("project", project)
                    .arg("above", above)
                    .project(project),
            };
            out.push(f);
        }
    }
}
