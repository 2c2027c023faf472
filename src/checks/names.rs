//! `duplicate-name`: the same project name twice under one 资金使用单位.

use std::collections::HashMap;

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::{Finding, Text};
use crate::model::Document;
use crate::model::text::fold;

pub const CASES: &[(&str, &[&str])] = &[("duplicate", &["project"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateName {}

impl Check for DuplicateName {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let mut first: HashMap<(Option<usize>, String), usize> = HashMap::new();
        for (i, p) in doc.projects.iter().enumerate() {
            if p.name.is_empty() {
                continue;
            }
            match first.entry((p.unit, fold(&p.name))) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    let original = &doc.projects[*e.get()];
                    out.push(
                        Finding::new("duplicate", p.name_span.clone())
                            .arg("project", &p.name)
                            .label(
                                original.name_span.clone(),
                                Text::new("第一次", "first here"),
                            )
                            .project(&p.name),
                    );
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    }
}
