//! `nature-value`: an indicator's 指标性质 agrees with its 指标值 and 度量单位, where a table
//! has those columns. A comparison (`≥`, `≤`, `=`) or 定量 needs a number; 定性 needs a grade,
//! and a percentage under it is suspect; a value written with a unit of its own must be in the
//! unit the 度量单位 column gives (`28.8万元` under `%` is not).

use serde::Deserialize;

use crate::checks::Check;
use crate::checks::value::numbers;
use crate::diag::Finding;
use crate::model::Document;
use crate::model::indicator::Field;

pub const CASES: &[(&str, &[&str])] = &[
    ("no-number", &["indicator", "nature", "value"]),
    ("graded-number", &["indicator", "value"]),
    ("unit-conflict", &["indicator", "value", "unit"]),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatureValue {
    /// 指标性质 words that state a quantity.
    pub quantitative: Vec<String>,
    /// 指标性质 words that state a grade.
    pub qualitative: Vec<String>,
}

/// What a value says after its number (`28.8万元` → `万元`), if it is a number.
fn unit_written(value: &str) -> Option<&str> {
    let n = numbers(value).last()?;
    Some(value[n.range.end..].trim_end_matches(['。', '.', ';']))
}

impl Check for NatureValue {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            for ind in &p.indicators {
                let Some(detail) = &ind.detail else { continue };
                let (Some(nature), Some(value)) = (&detail.nature, &detail.value) else {
                    continue;
                };
                let indicator = p.name_of(ind);
                let is = |words: &[String], f: &Field| words.iter().any(|w| *w == p.text(f));
                let has_number = numbers(p.text(value)).next().is_some();
                let finding = |case, field: &Field| {
                    Finding::new(case, p.span(field))
                        .arg("indicator", indicator)
                        .arg("value", p.text(value))
                        .project(&p.name)
                };
                if is(&self.quantitative, nature) && !has_number {
                    out.push(finding("no-number", value).arg("nature", p.text(nature)));
                    continue;
                }
                if is(&self.qualitative, nature) {
                    if has_number && p.text(value).contains('%') {
                        out.push(finding("graded-number", value));
                    }
                    continue;
                }
                let (Some(unit), Some(own)) = (&detail.unit, unit_written(p.text(value))) else {
                    continue;
                };
                if !own.is_empty() && own != p.text(unit) {
                    out.push(
                        finding("unit-conflict", value)
                            .arg("unit", p.text(unit))
                            .label(
                                p.span(unit),
                                crate::diag::Text::new("度量单位", "the unit column"),
                            ),
                    );
                }
            }
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.quantitative.is_empty() && self.qualitative.is_empty() {
            return Err("`quantitative` or `qualitative` needs words".to_owned());
        }
        Ok(())
    }
}
