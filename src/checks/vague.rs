//! `value-words`: an indicator value with no number that is a vague verb or adjective (提升,
//! 良好, 及时 …) rather than something a reviewer can measure. Graded values (优/良/中/差, 达标)
//! are allowed. Both word lists are parameters. One finding per project; an indicator block
//! copied from an earlier project of the table is left to `duplicate-text`.

use serde::Deserialize;

use crate::checks::{Check, Words};
use crate::diag::{Finding, Text};
use crate::model::indicator::{Field, Indicator};
use crate::model::{Document, Project};

pub const CASES: &[(&str, &[&str])] = &[("vague", &["indicator", "value", "word", "others"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueWords {
    /// Words that make a value without a number vague.
    pub vague: Words,
    /// Values accepted as they are, even without a number.
    #[serde(default)]
    pub allowed: Words,
}

impl ValueWords {
    /// The first vague value of an indicator (the cycle value, usually), and its vague word.
    fn vague_value<'a>(
        &'a self,
        p: &'a Project,
        ind: &'a Indicator,
    ) -> Option<(&'a Field, &'a str, &'a str)> {
        [&ind.cycle, &ind.annual]
            .into_iter()
            .flatten()
            .find_map(|v| {
                let value = p.text(v).trim_end_matches(['。', '.']);
                if value.chars().any(|c| c.is_ascii_digit()) || self.allowed.has(value) {
                    return None;
                }
                self.vague.found_in(value).map(|w| (v, value, w))
            })
    }
}

impl Check for ValueWords {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        // The blocks reported so far: a block copied from an earlier project carries its
        // vague values over, and the copy is `duplicate-text`'s finding.
        let mut reported: Vec<&Project> = Vec::new();
        for p in &doc.projects {
            // One finding per project, at its first vague value, with a label at each other:
            // a project written in vague words is one thing to fix, not one per indicator.
            let vague: Vec<_> = p
                .indicators
                .iter()
                .filter_map(|ind| self.vague_value(p, ind).map(|v| (ind, v)))
                .collect();
            let Some(&(ind, (v, value, word))) = vague.first() else {
                continue;
            };
            let copied = reported.iter().any(|other| {
                other.indicators.len() == p.indicators.len()
                    && (other.indicators.iter().zip(&p.indicators))
                        .all(|(a, b)| other.text(&a.text) == p.text(&b.text))
            });
            if copied {
                continue;
            }
            reported.push(p);
            let others = match vague.len() - 1 {
                0 => Text::new("", ""),
                n => Text::new(
                    format!("；本项目另有 {n} 条指标值同样没有量化（已标出）"),
                    format!("; {n} more values of this project are not quantified either (marked)"),
                ),
            };
            let mut f = Finding::new("vague", p.span(v))
                .arg("indicator", p.name_of(ind))
                .arg("value", value)
                .arg("word", word)
                .arg_text("others", others)
                .project(&p.name);
            for &(other, (v, value, _)) in &vague[1..] {
                f = f.label(
                    p.span(v),
                    Text::new(
                        format!("“{}”：{value}", p.name_of(other)),
                        format!("“{}”: {value}", p.name_of(other)),
                    ),
                );
            }
            out.push(f);
        }
    }
}
