//! `zero-amount`: a project whose 总计 is written as 0.00: money listed for nothing, or a row
//! left from a template.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::checks::Check;
use crate::diag::Finding;
use crate::model::Document;

pub const CASES: &[(&str, &[&str])] = &[("zero", &["project"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZeroAmount {}

impl Check for ZeroAmount {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            let total = &p.money[0];
            if total.is_written() && total.value == Some(Decimal::ZERO) {
                out.push(
                    Finding::new("zero", total.span.clone())
                        .arg("project", &p.name)
                        .project(&p.name),
                );
            }
        }
    }
}
