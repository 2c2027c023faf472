//! `min-count`: a project with fewer indicators than the guidance expects.

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::Finding;
use crate::model::Document;

pub const CASES: &[(&str, &[&str])] = &[("few", &["project", "count", "min"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinCount {
    pub min: usize,
    /// Projects lacking an indicator of one of these level-1 codes (by level-1 or level-2
    /// code) are left out: the missing indicator is the finding, and the required-indicator
    /// rules report it.
    #[serde(default)]
    pub unless_missing: Vec<String>,
}

impl Check for MinCount {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            // An empty cell is `completeness`'s; this is about lists that are too short.
            let n = p.indicators.len();
            let lacks = |code: &String| {
                !p.indicators.iter().any(|i| {
                    i.level1_code.as_ref().is_some_and(|c| p.text(c) == *code)
                        || i.level2_code
                            .as_ref()
                            .is_some_and(|c| p.text(c).starts_with(code.as_str()))
                })
            };
            if n > 0 && n < self.min && !p.indicators_cut && !self.unless_missing.iter().any(lacks)
            {
                out.push(
                    Finding::new("few", p.indicator_span.clone())
                        .arg("project", &p.name)
                        .arg("count", n.to_string())
                        .arg("min", self.min.to_string())
                        .project(&p.name),
                );
            }
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.min == 0 {
            return Err("`min` must be at least 1".to_owned());
        }
        Ok(())
    }
}
