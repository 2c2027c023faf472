//! `numbering`: a project's indicators are numbered 1, 2, … n, without gaps or repeats.

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::{Finding, Text};
use crate::model::Document;

pub const CASES: &[(&str, &[&str])] = &[
    ("gap", &["project", "expected", "found"]),
    ("repeat", &["project", "found"]),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {}

impl Check for Numbering {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        // A list cut at its start lost items: table-structure reports that.
        for p in doc.projects.iter().filter(|p| !p.indicators_cut) {
            let mut expected = 1u32;
            let mut previous: Option<&crate::model::indicator::Field> = None;
            for ind in &p.indicators {
                let Some(number) = &ind.number else { continue };
                let Ok(n) = p.text(number).parse::<u32>() else {
                    continue;
                };
                if n + 1 == expected
                    && let Some(prev) = previous
                {
                    out.push(
                        Finding::new("repeat", p.span(number))
                            .arg("project", &p.name)
                            .arg("found", n.to_string())
                            .label(p.span(prev), Text::new("前一条编号", "the item before"))
                            .project(&p.name),
                    );
                    break;
                }
                if n != expected {
                    out.push(
                        Finding::new("gap", p.span(number))
                            .arg("project", &p.name)
                            .arg("expected", expected.to_string())
                            .arg("found", n.to_string())
                            .project(&p.name),
                    );
                    break;
                }
                expected = n + 1;
                previous = Some(number);
            }
        }
    }
}
