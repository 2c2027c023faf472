//! `target-numbers`: a number the 绩效目标 text states (覆盖居民40000人, 开展活动120次) that no
//! indicator of the project carries: the target promises what nothing measures.

use std::collections::HashMap;

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
}

impl TargetNumbers {
    /// The quantities a text states: a number, optional spaces, then one of the units (the
    /// first listed that follows, so list longer units first); each as
    /// its value and byte range (number to unit).
    fn stated<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (rust_decimal::Decimal, std::ops::Range<usize>)> + 'a {
        numbers(text).filter_map(move |n| {
            // A percentage is a stated quantity (`50%以上`).
            if n.percent {
                let sign = text[n.range.end..].chars().next().map_or(0, char::len_utf8);
                return Some((n.value, n.range.start..n.range.end + sign));
            }
            let rest = &text[n.range.end..];
            let mut unit_at = n.range.end + (rest.len() - rest.trim_start().len());
            // `30多个`, `300余名`: about that many.
            for about in ["多", "余"] {
                if text[unit_at..].starts_with(about) {
                    unit_at += about.len();
                }
            }
            let unit = self
                .units
                .iter()
                .find(|u| !u.is_empty() && text[unit_at..].starts_with(u.as_str()))?;
            Some((n.value, n.range.start..unit_at + unit.len()))
        })
    }
}

impl Check for TargetNumbers {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
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
            // A list cut at its head may have lost the indicator that carries the number.
            if p.indicators.is_empty() || copied || p.indicators_cut {
                continue;
            }
            let mut stated_numbers = self.stated(&p.target.text).peekable();
            if stated_numbers.peek().is_none() {
                continue;
            }
            let carried: Vec<_> = p
                .indicators
                .iter()
                .flat_map(|i| [&i.name, &i.cycle, &i.annual])
                .flatten()
                .flat_map(|f| numbers(p.text(f)))
                .map(|n| n.value)
                .collect();
            for (value, range) in stated_numbers {
                if !carried.contains(&value) {
                    let number = p.target.text[range.clone()].trim();
                    out.push(
                        Finding::new("unmatched", p.target.source_span(range.clone()))
                            .arg("project", &p.name)
                            .arg("number", number)
                            .project(&p.name),
                    );
                }
            }
        }
    }
}
