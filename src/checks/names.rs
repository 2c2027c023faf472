//! `duplicate-name`: the same project name twice under one 资金使用单位.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::{Finding, Text};
use crate::model::Document;
use crate::model::text::{fold, fold_width};

pub const CASES: &[(&str, &[&str])] = &[("duplicate", &["project"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateName {}

impl Check for DuplicateName {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let mut first: HashMap<(Option<usize>, Cow<str>), usize> =
            HashMap::with_capacity(doc.projects.len());
        for (i, p) in doc.projects.iter().enumerate() {
            if p.name.is_empty() {
                continue;
            }
            // Most names fold to themselves: compared as they are, without a copy.
            let changes = |c: char| c.is_whitespace() || fold_width(c) != c;
            let key = if p.name.chars().any(changes) {
                Cow::Owned(fold(&p.name))
            } else {
                Cow::Borrowed(&*p.name)
            };
            match first.entry((p.unit, key)) {
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
