//! `target-numbers`: a number the 绩效目标 text states (覆盖居民40000人, 开展活动120次) that no
//! indicator of the project carries: the target promises what nothing measures.

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

use crate::checks::Check;
use crate::checks::value::numbers;
use crate::diag::Finding;
use crate::model::Document;
use crate::model::text::fold_width;
use crate::similar;

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
        // How many projects give each target (compared folded, by hash): one count per table,
        // not a scan per project.
        let targets: Vec<u64> = doc
            .projects
            .iter()
            .map(|p| {
                similar::text_hash(
                    p.target
                        .text
                        .chars()
                        .map(fold_width)
                        .filter(|c| !c.is_whitespace()),
                )
            })
            .collect();
        let empty = similar::text_hash(std::iter::empty());
        let mut copies: HashMap<u64, usize> = HashMap::new();
        for &t in targets.iter().filter(|&&t| t != empty) {
            *copies.entry(t).or_default() += 1;
        }
        for (i, p) in doc.projects.iter().enumerate() {
            // A target copied from another project is `duplicate-text`'s finding; the numbers
            // it carries over are a consequence.
            let copied = copies.get(&targets[i]).is_some_and(|&n| n > 1);
            if p.indicators.is_empty() || copied {
                continue;
            }
            let mut stated_numbers = stated.find_iter(&p.target.text).peekable();
            if stated_numbers.peek().is_none() {
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
            for m in stated_numbers {
                let Some(n) = numbers(m.as_str()).next() else {
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
