//! `required-indicator`: every project has at least one indicator of a given level-1 code
//! (and, optionally, level-2 code).

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::Finding;
use crate::model::Document;
use crate::text::fold;

pub const CASES: &[(&str, &[&str])] = &[("missing", &["project", "level1"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredIndicator {
    pub level1: String,
    /// Also accepted where a table leaves the code out: the level-1 names, e.g. 满意度指标.
    #[serde(default)]
    pub level1_names: Vec<String>,
    #[serde(default)]
    pub level2: Option<String>,
}

impl Check for RequiredIndicator {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let names: Vec<String> = self.level1_names.iter().map(|n| fold(n)).collect();
        for p in &doc.projects {
            // Indicator text that could not be read at all is reported by table-structure.
            if p.indicators.is_empty() && !p.indicator_text.is_empty() {
                continue;
            }
            let has = p.indicators.iter().any(|ind| {
                let level1 = match (&ind.level1_code, &ind.level1_name) {
                    (Some(code), _) => code.text == self.level1,
                    (None, Some(name)) => names.contains(&fold(&name.text)),
                    (None, None) => false,
                };
                let level2 = match &self.level2 {
                    Some(want) => ind.level2_code.as_ref().is_some_and(|c| &c.text == want),
                    None => true,
                };
                level1 && level2
            });
            if !has {
                let level1 = match self.level1_names.first() {
                    Some(n) => format!("{}-{}", self.level1, n),
                    None => self.level1.clone(),
                };
                out.push(
                    Finding::new("missing", p.indicator_span.clone())
                        .arg("project", &p.name)
                        .arg("level1", level1)
                        .project(&p.name),
                );
            }
        }
    }
}
