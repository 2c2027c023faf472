//! `required-indicator`: every project has at least one indicator of a given level-1 code
//! (and, optionally, level-2 code).

use serde::Deserialize;

use crate::checks::Check;
use crate::checks::codes::{Codes, same};
use crate::diag::{Finding, Text};
use crate::model::Document;
use crate::model::text::fold;

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
    /// An indicator whose level-2 code is one of these counts too, whatever its level-1 code
    /// says: a satisfaction item filed as `2-效益指标；31-服务对象满意度` is a miscoded
    /// satisfaction indicator (`indicator-category` reports the code), not a missing one.
    #[serde(default)]
    pub level2_codes: Codes,
    /// Leave projects with an empty 绩效指标 cell to the `completeness` rule: one finding for
    /// one empty cell.
    #[serde(default)]
    pub skip_empty: bool,
    /// What this rule looks for closes a list (satisfaction comes last): when only a list's
    /// head was lost in extraction, its surviving tail still shows whether it is there.
    #[serde(default)]
    pub closes_list: bool,
}

impl Check for RequiredIndicator {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let names: Vec<String> = self.level1_names.iter().map(|n| fold(n)).collect();
        for p in &doc.projects {
            // Indicator text that could not be read at all is reported by table-structure.
            // A list cut at its start (reported by table-structure) may have lost what this
            // rule looks for.
            let head_lost = p.indicators_cut && !p.indicators.is_empty();
            if (p.indicators_cut && !(self.closes_list && head_lost))
                || p.indicators.is_empty() && !p.indicator_text.is_empty()
            {
                continue;
            }
            if self.skip_empty && p.has_no_indicators() {
                continue;
            }
            let has = p.indicators.iter().any(|ind| {
                // The code, or the name where the code is missing or contradicts it (a
                // miscoded indicator is `indicator-category`'s finding).
                let level1 = ind
                    .level1_code
                    .as_ref()
                    .is_some_and(|c| same(p.text(c), &self.level1))
                    || ind
                        .level1_name
                        .as_ref()
                        .is_some_and(|n| names.iter().any(|x| same(x, p.text(n))))
                    || ind
                        .level2_code
                        .as_ref()
                        .is_some_and(|c| self.level2_codes.contains(p.text(c)));
                let level2 = match &self.level2 {
                    Some(want) => ind
                        .level2_code
                        .as_ref()
                        .is_some_and(|c| same(p.text(c), want)),
                    None => true,
                };
                level1 && level2
            });
            if !has {
                let level1 = match self.level1_names.first() {
                    Some(n) => format!("{}-{}", self.level1, n),
                    None => self.level1.clone(),
                };
                let mut f = Finding::new("missing", p.indicator_span.clone())
                    .arg("project", &p.name)
                    .arg("level1", level1)
                    .project(&p.name);
                if head_lost {
                    let first = p.indicators[0].number.as_ref().map_or("", |n| p.text(n));
                    f = f.note(Text::new(
                        format!(
                            "该项目指标列表的开头在提取时丢失（现存指标从第 {first} 条开始）；\
                             这类指标列在最后，而现存的最后几条中没有"
                        ),
                        format!(
                            "the head of this project's list was lost in extraction (the \
                             surviving items start at {first}); such indicators close a list, \
                             and the surviving last items hold none"
                        ),
                    ));
                }
                out.push(f);
            }
        }
    }
}
