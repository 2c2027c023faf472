//! `value-order`: 年度指标值 written before 实施周期指标值.

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::{Finding, Text};
use crate::model::Document;

pub const CASES: &[(&str, &[&str])] = &[("annual-first", &["indicator"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueOrder {}

impl Check for ValueOrder {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            for ind in p.indicators.iter().filter(|i| i.annual_first) {
                let (Some(annual), Some(cycle)) = (&ind.annual, &ind.cycle) else {
                    continue;
                };
                let name = p.name_of(ind);
                out.push(
                    Finding::new("annual-first", p.span(annual))
                        .arg("indicator", name)
                        .label(
                            p.span(cycle),
                            Text::new("实施周期指标值在后", "the cycle value comes after"),
                        )
                        .project(&p.name),
                );
            }
        }
    }
}
