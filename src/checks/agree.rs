//! `fields-agree`: two values of one indicator must be the same after normalisation (for the
//! core rule: 实施周期指标值 and 年度指标值 of a one-year project).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::checks::Check;
use crate::diag::{Finding, Text};
use crate::model::Document;
use crate::model::indicator::{Field, Indicator};

pub const CASES: &[(&str, &[&str])] = &[(
    "differ",
    &[
        "first",
        "second",
        "first_field",
        "second_field",
        "indicator",
        "number",
        "project",
    ],
)];

static DECIMAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+\.\d+").unwrap());

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorField {
    Cycle,
    Annual,
    Name,
}

impl IndicatorField {
    fn get(self, ind: &Indicator) -> Option<&Field> {
        match self {
            IndicatorField::Cycle => ind.cycle.as_ref(),
            IndicatorField::Annual => ind.annual.as_ref(),
            IndicatorField::Name => ind.name.as_ref(),
        }
    }

    fn label(self) -> Text {
        match self {
            IndicatorField::Cycle => Text::new("实施周期指标值", "implementation-cycle value"),
            IndicatorField::Annual => Text::new("年度指标值", "annual value"),
            IndicatorField::Name => Text::new("指标名称", "indicator name"),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldsAgree {
    /// The field reported second is the primary place; the first gets a secondary label.
    pub fields: [IndicatorField; 2],
    /// Treat `>=`/`≧` as `≥` and `<=`/`≦` as `≤` (width and spaces are always folded).
    #[serde(default = "yes")]
    pub fold_comparisons: bool,
}

fn yes() -> bool {
    true
}

impl FieldsAgree {
    fn normalise(&self, value: &str) -> String {
        let v = value.trim_end_matches(['。', '.', ';']);
        // 100.0% and 100% are the same value.
        let v = DECIMAL.replace_all(v, |c: &regex::Captures| {
            c[0].parse::<Decimal>()
                .map_or_else(|_| c[0].to_owned(), |d| d.normalize().to_string())
        });
        if self.fold_comparisons {
            v.replace(">=", "≥")
                .replace('≧', "≥")
                .replace("<=", "≤")
                .replace('≦', "≤")
        } else {
            v.into_owned()
        }
    }
}

impl Check for FieldsAgree {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let [first_field, second_field] = self.fields;
        for p in &doc.projects {
            for (k, ind) in p.indicators.iter().enumerate() {
                let (Some(a), Some(b)) = (first_field.get(ind), second_field.get(ind)) else {
                    continue;
                };
                let (a_text, b_text) = (p.text(a), p.text(b));
                if a_text == b_text || self.normalise(a_text) == self.normalise(b_text) {
                    continue;
                }
                let name = p.name_of(ind);
                // A grid layout does not number its indicators: the place in the project's list.
                let number = ind
                    .number
                    .as_ref()
                    .map_or_else(|| (k + 1).to_string(), |n| p.text(n).to_owned());
                let first_label = first_field.label();
                out.push(
                    Finding::new("differ", p.span(b))
                        .arg("first", a_text)
                        .arg("second", b_text)
                        .arg_text("first_field", first_field.label())
                        .arg_text("second_field", second_field.label())
                        .arg("indicator", name)
                        .arg("number", &number)
                        .arg("project", &p.name)
                        .label(
                            p.span(a),
                            Text::new(
                                format!("{}：{}", first_label.zh, a_text),
                                format!("{}: {}", first_label.en, a_text),
                            ),
                        )
                        .project(&p.name),
                );
            }
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.fields[0] == self.fields[1] {
            return Err("`fields` names the same field twice".to_owned());
        }
        Ok(())
    }
}
