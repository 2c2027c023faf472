//! `weight-sum`: a project's indicator weights (权重) add up to the total the province fills
//! (100; some fill 90 and keep 10 for 预算执行率). Only tables with a weight column have them.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::checks::Check;
use crate::checks::value::numbers;
use crate::diag::{Finding, Text};
use crate::model::Document;
use crate::model::amount::format;

pub const CASES: &[(&str, &[&str])] = &[
    ("sum", &["project", "sum", "expected"]),
    ("unreadable", &["project", "text"]),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightSum {
    /// The sums accepted, as decimal strings: `["100"]`, or `["90"]` where 10 is kept for
    /// 预算执行率.
    pub totals: Vec<String>,
}

/// Trailing zeros dropped: weights are written `10`, not `10.00`.
fn plain(d: Decimal) -> String {
    let s = format(d.normalize());
    s.strip_suffix(".00").map_or(s.clone(), str::to_owned)
}

impl Check for WeightSum {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let totals: Vec<Decimal> = self.totals.iter().filter_map(|t| t.parse().ok()).collect();
        let last = doc.projects.len().saturating_sub(1);
        for (i, p) in doc.projects.iter().enumerate() {
            // The last project of a table cut short may have lost indicator rows.
            if doc.truncated && i == last {
                continue;
            }
            let weights: Vec<_> = p
                .indicators
                .iter()
                .filter_map(|ind| ind.detail.as_ref()?.weight.as_ref())
                .collect();
            if weights.is_empty() {
                continue;
            }
            let mut sum = Decimal::ZERO;
            let mut unreadable = None;
            for w in &weights {
                let mut found = numbers(p.text(w));
                match (found.next(), found.next()) {
                    (Some(n), None) if n.range.start == 0 => sum += n.value,
                    _ => {
                        unreadable.get_or_insert(*w);
                    }
                }
            }
            if let Some(w) = unreadable {
                out.push(
                    Finding::new("unreadable", p.span(w))
                        .arg("project", &p.name)
                        .arg("text", p.text(w))
                        .project(&p.name),
                );
                continue;
            }
            if totals.contains(&sum) {
                continue;
            }
            let expected = totals
                .iter()
                .map(|t| plain(*t))
                .collect::<Vec<_>>()
                .join(" / ");
            let mut f = Finding::new("sum", p.name_span.clone())
                .arg("project", &p.name)
                .arg("sum", plain(sum))
                .arg("expected", expected);
            for w in weights {
                f = f.label(
                    p.span(w),
                    Text::new(
                        format!("权重 {}", p.text(w)),
                        format!("weight {}", p.text(w)),
                    ),
                );
            }
            out.push(f.project(&p.name));
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.totals.is_empty() {
            return Err("`totals` needs at least one sum".to_owned());
        }
        for t in &self.totals {
            if t.parse::<Decimal>().is_err() {
                return Err(format!("`{t}` is not a decimal number such as \"100\""));
            }
        }
        Ok(())
    }
}
