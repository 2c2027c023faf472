//! `target-numbers`: a number the 绩效目标 text states (覆盖居民40000人, 开展活动120次) that no
//! indicator of the project carries: the target promises what nothing measures.

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

use crate::checks::Check;
use crate::checks::value::numbers;
use crate::diag::Finding;
use crate::model::Document;
use crate::model::text::fold;

pub const CASES: &[(&str, &[&str])] = &[("unmatched", &["project", "number"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetNumbers {
    /// Units that make a number in the target a stated quantity (人, 次, 个, …).
    pub units: Vec<String>,
    /// The pattern of a stated quantity, built from `units` once.
    #[serde(skip)]
    stated: std::sync::OnceLock<Option<Regex>>,
}

impl TargetNumbers {
    fn stated(&self) -> Option<&Regex> {
        self.stated
            .get_or_init(|| {
                let units: Vec<String> = self.units.iter().map(|u| regex::escape(u)).collect();
                Regex::new(&format!(r"\d[\d,]*(?:\.\d+)?\s*(?:{})", units.join("|"))).ok()
            })
            .as_ref()
    }
}

impl Check for TargetNumbers {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let Some(stated) = self.stated() else {
            return;
        };
        let targets: Vec<String> = doc.projects.iter().map(|p| fold(&p.target.text)).collect();
        // How many projects give each target: one count per table, not a scan per project.
        let mut copies: HashMap<&str, usize> = HashMap::new();
        for t in targets.iter().filter(|t| !t.is_empty()) {
            *copies.entry(t.as_str()).or_default() += 1;
        }
        for (i, p) in doc.projects.iter().enumerate() {
            // A target copied from another project is `duplicate-text`'s finding; the numbers
            // it carries over are a consequence.
            let copied = copies.get(targets[i].as_str()).is_some_and(|&n| n > 1);
            if p.indicators.is_empty() || copied {
                continue;
            }
            let carried: Vec<_> = p
                .indicators
                .iter()
                .flat_map(|i| [&i.name, &i.cycle, &i.annual])
                .flatten()
                .flat_map(|f| numbers(&f.text))
                .map(|n| n.value)
                .collect();
            let text = &p.target.text;
            for m in stated.find_iter(text) {
                let Some(n) = numbers(m.as_str()).into_iter().next() else {
                    continue;
                };
                if !carried.contains(&n.value) {
                    out.push(
                        Finding::new("unmatched", p.target.source_span(m.start()..m.end()))
                            .arg("project", &p.name)
                            .arg("number", m.as_str().trim())
                            .project(&p.name),
                    );
                }
            }
        }
    }
}
