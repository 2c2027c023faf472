//! `markup`: HTML (`<p>`, `<br/>`) left in a cell. Off by default: text extracted from the
//! published PDFs carries it without anybody having written it; for tables that come straight
//! from the budget system or Excel it means a pasted fragment.

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::Finding;
use crate::model::Document;

pub const CASES: &[(&str, &[&str])] = &[("markup", &["tag"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Markup {}

impl Check for Markup {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for (span, tag) in &doc.markup {
            // Markup is never a table's text: removing it is certain.
            out.push(
                Finding::new("markup", span.clone())
                    .arg("tag", tag)
                    .fix("", true),
            );
        }
    }
}
