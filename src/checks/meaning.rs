//! `category-keywords`: an indicator whose name or value contradicts its category (满意 outside
//! 3-满意度指标, 及时率 under 11-数量指标, a count under 2-效益指标, a cost that is not money).
//! Each check is a parameter entry: where it applies, the words or pattern that contradict the
//! category, and which category fits better.

use regex::Regex;
use serde::Deserialize;

use crate::checks::codes::Codes;
use crate::checks::{Check, Words};
use crate::diag::{Finding, Text};
use crate::model::Document;
use crate::model::Project;
use crate::model::indicator::Indicator;

pub const CASES: &[(&str, &[&str])] = &[("mismatch", &["indicator", "category", "fits", "reason"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryKeywords {
    pub checks: Vec<MeaningCheck>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeaningCheck {
    /// Applies under these level-1 codes only (all when empty).
    #[serde(default)]
    pub level1: Codes,
    /// Applies outside these level-1 codes.
    #[serde(default)]
    pub not_level1: Codes,
    /// Applies under these level-2 codes only (all when empty).
    #[serde(default)]
    pub level2: Codes,
    /// The name contains one of these words.
    #[serde(default)]
    pub name_contains: Words,
    /// ... unless it contains one of these (能力验证结果满意率 rates results, not people).
    #[serde(default)]
    pub name_excludes: Words,
    /// The cycle value does not match this pattern.
    #[serde(default, with = "crate::checks::pattern::optional_regex")]
    pub value_not_matching: Option<Regex>,
    /// The category that fits better, as the message names it.
    pub fits: Text,
    /// Why, as the message says it.
    pub reason: Text,
}

impl MeaningCheck {
    fn applies(&self, p: &Project, ind: &Indicator) -> bool {
        let (l1, l2) = (p.text_of(&ind.level1_code), p.text_of(&ind.level2_code));
        (self.level1.is_empty() || self.level1.contains(l1))
            && !self.not_level1.contains(l1)
            && (self.level2.is_empty() || self.level2.contains(l2))
            && !l1.is_empty()
    }

    fn contradicts(&self, p: &Project, ind: &Indicator) -> bool {
        // Field texts are normalised (width folded, whitespace removed) already.
        let name = p.name_of(ind);
        let by_name = (self.name_contains.is_empty() || self.name_contains.any_in(name))
            && !self.name_excludes.any_in(name);
        let by_value = match (&self.value_not_matching, &ind.cycle) {
            (Some(re), Some(v)) => !re.is_match(p.text(v)),
            (Some(_), None) => false,
            (None, _) => true,
        };
        by_name && by_value
    }
}

impl Check for CategoryKeywords {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            // One finding per project and kind of mismatch, at its first indicator, with a
            // label at each other: the same slip made twice is one thing to fix.
            let mut found: Vec<(usize, Vec<&Indicator>)> = Vec::new();
            for ind in &p.indicators {
                let Some(k) = self
                    .checks
                    .iter()
                    .position(|c| c.applies(p, ind) && c.contradicts(p, ind))
                else {
                    continue;
                };
                if ind.name.is_none() {
                    continue;
                }
                match found.iter_mut().find(|(c, _)| *c == k) {
                    Some((_, inds)) => inds.push(ind),
                    None => found.push((k, vec![ind])),
                }
            }
            for (k, inds) in found {
                let check = &self.checks[k];
                let ind = inds[0];
                let Some(name) = &ind.name else { continue };
                let category = match (&ind.level2_code, &ind.level2_name) {
                    // A table without codes is quoted as it names the category.
                    _ if ind.codes_from_names => match p.text_of(&ind.level2_name) {
                        "" => p.text_of(&ind.level1_name).to_owned(),
                        l2 => l2.to_owned(),
                    },
                    (Some(c), Some(n)) => format!("{}-{}", p.text(c), p.text(n)),
                    _ => format!(
                        "{}-{}",
                        p.text_of(&ind.level1_code),
                        p.text_of(&ind.level1_name)
                    ),
                };
                let mut f = Finding::new("mismatch", p.span(name))
                    .arg("indicator", p.text(name))
                    .arg("category", category)
                    .arg_text("fits", check.fits.clone())
                    .arg_text("reason", check.reason.clone())
                    .project(&p.name);
                for other in &inds[1..] {
                    if let Some(n) = &other.name {
                        f = f.label(
                            p.span(n),
                            Text::new(
                                format!("同样：“{}”", p.text(n)),
                                format!("likewise: “{}”", p.text(n)),
                            ),
                        );
                    }
                }
                out.push(f);
            }
        }
    }

    fn validate(&self) -> Result<(), String> {
        for (i, c) in self.checks.iter().enumerate() {
            if c.name_contains.is_empty() && c.value_not_matching.is_none() {
                return Err(format!(
                    "checks[{i}] needs `name_contains` or `value_not_matching`"
                ));
            }
        }
        Ok(())
    }
}
