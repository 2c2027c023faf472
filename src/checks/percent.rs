//! `percent-range`: values of chosen indicators (satisfaction, rates) must be percentages and
//! lie in a range; an optional floor for departments that set one.

use regex::Regex;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::checks::Check;
use crate::checks::codes::Codes;
use crate::checks::value::numbers;
use crate::diag::Finding;
use crate::model::Document;

pub const CASES: &[(&str, &[&str])] = &[
    ("not-percent", &["indicator", "value"]),
    ("out-of-range", &["indicator", "value", "min", "max"]),
    ("below-floor", &["indicator", "value", "floor"]),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PercentRange {
    /// Indicators under these level-1 codes (all when empty).
    #[serde(default)]
    pub level1: Codes,
    /// Not indicators under these level-1 codes.
    #[serde(default)]
    pub not_level1: Codes,
    /// Indicators whose name matches this pattern (all when absent).
    #[serde(default, with = "crate::checks::pattern::optional_regex")]
    pub name_matching: Option<Regex>,
    /// A value with a number but no `%` is reported.
    #[serde(default)]
    pub require_percent: bool,
    /// Only values written as percentages are held to the range.
    #[serde(default)]
    pub percent_only: bool,
    #[serde(default)]
    pub min: Option<Decimal>,
    #[serde(default)]
    pub max: Option<Decimal>,
    /// A lowest acceptable value, for departments that set one (off when absent).
    #[serde(default)]
    pub floor: Option<Decimal>,
}

impl Check for PercentRange {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            for ind in &p.indicators {
                let l1 = p.text_of(&ind.level1_code);
                if !self.level1.is_empty() && !self.level1.contains(l1)
                    || self.not_level1.contains(l1)
                {
                    continue;
                }
                let name = p.name_of(ind);
                if self
                    .name_matching
                    .as_ref()
                    .is_some_and(|re| !re.is_match(name))
                {
                    continue;
                }
                // A name that gives the unit (`服务对象满意度(%)`) makes a bare number a percentage.
                let named_percent = name.ends_with("(%)") || name.ends_with("（%）");
                // One finding per indicator: the first value that is off.
                for v in [&ind.cycle, &ind.annual].into_iter().flatten() {
                    let value = p.text(v).trim_end_matches(['。', '.']);
                    let Some(mut n) = numbers(value).next() else {
                        continue;
                    };
                    n.percent |= named_percent;
                    let base = |case| {
                        Finding::new(case, p.span(v))
                            .arg("indicator", name)
                            .arg("value", value)
                            .project(&p.name)
                    };
                    let finding = if self.require_percent && !n.percent {
                        Some(base("not-percent"))
                    } else if self.percent_only && !n.percent {
                        None
                    } else if self.min.is_some_and(|m| n.value < m)
                        || self.max.is_some_and(|m| n.value > m)
                    {
                        let show =
                            |d: Option<Decimal>| d.map_or("—".to_owned(), |d| format!("{d}%"));
                        Some(
                            base("out-of-range")
                                .arg("min", show(self.min))
                                .arg("max", show(self.max)),
                        )
                    } else {
                        self.floor
                            .filter(|f| n.value < *f)
                            .map(|floor| base("below-floor").arg("floor", format!("{floor}%")))
                    };
                    if let Some(f) = finding {
                        out.push(f);
                        break;
                    }
                }
            }
        }
    }
}
