//! `pattern`: a field must (or must not) match a regular expression. The kind users write their
//! own rules with: the project name, the target text, an indicator's name, its cycle or annual
//! value (or either), filtered by level-1 and level-2 codes.

use regex::Regex;
use serde::Deserialize;

use crate::checks::Check;
use crate::checks::codes::Codes;
use crate::diag::Finding;
use crate::model::Document;
use crate::model::Project;
use crate::model::indicator::Indicator;

pub const CASES: &[(&str, &[&str])] = &[("mismatch", &["project", "indicator", "text"])];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Project,
    Target,
    IndicatorName,
    Cycle,
    Annual,
    /// The cycle and the annual value, each.
    Value,
    /// The indicator's name and both values, each.
    Indicator,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub field: Field,
    /// The field must match this (reported when it does not).
    #[serde(default, with = "optional_regex")]
    pub must_match: Option<Regex>,
    /// The field must not match this (reported when it does).
    #[serde(default, with = "optional_regex")]
    pub must_not_match: Option<Regex>,
    /// Indicator fields under these level-1 codes only (all when empty).
    #[serde(default)]
    pub level1: Codes,
    /// Indicator fields under these level-2 codes only (all when empty).
    #[serde(default)]
    pub level2: Codes,
    /// Whether a match of `must_not_match` in a field is a match in any text that holds the
    /// field: true for a pattern without anchors or word boundaries. Worked out once.
    #[serde(skip)]
    substring_safe: std::sync::OnceLock<bool>,
}

/// Whether `pattern` asserts nothing about what surrounds a match (`^`, `$`, `\b` and their
/// kind): then whatever matches in a text matches in every text that contains it.
fn has_no_looks(pattern: &str) -> bool {
    regex_syntax::parse(pattern).is_ok_and(|hir| hir.properties().look_set().is_empty())
}

/// Regular expressions in rule files: compiled when the rule loads, so a bad one is reported
/// at its place in the file.
pub mod optional_regex {
    use regex::Regex;
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Regex>, D::Error> {
        let Some(s) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        Regex::new(&s)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("bad regular expression: {e}")))
    }
}

impl Pattern {
    fn offends(&self, text: &str) -> bool {
        self.must_match
            .as_ref()
            .is_some_and(|re| !re.is_match(text))
            || self
                .must_not_match
                .as_ref()
                .is_some_and(|re| re.is_match(text))
    }

    fn applies(&self, p: &Project, ind: &Indicator) -> bool {
        let (l1, l2) = (p.text_of(&ind.level1_code), p.text_of(&ind.level2_code));
        (self.level1.is_empty() || self.level1.contains(l1))
            && (self.level2.is_empty() || self.level2.contains(l2))
    }
}

impl Check for Pattern {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            let finding = |span: std::ops::Range<usize>, indicator: &str, text: &str| {
                Finding::new("mismatch", span)
                    .arg("project", &p.name)
                    .arg("indicator", indicator)
                    .arg("text", text)
                    .project(&p.name)
            };
            match self.field {
                Field::Project => {
                    if self.offends(&p.name) {
                        out.push(finding(p.name_span.clone(), "", &p.name));
                    }
                }
                Field::Target => {
                    let text = p.target.text.trim();
                    if self.offends(text) {
                        out.push(finding(p.target_span.clone(), "", text));
                    }
                }
                field => {
                    // The fields lie in the project's indicator text: a pattern that must not
                    // match, and matches nowhere in that text, matches none of them.
                    let safe = *self.substring_safe.get_or_init(|| {
                        self.must_match.is_none()
                            && self
                                .must_not_match
                                .as_ref()
                                .is_some_and(|re| has_no_looks(re.as_str()))
                    });
                    if safe
                        && self
                            .must_not_match
                            .as_ref()
                            .is_some_and(|re| !re.is_match(&p.indicator_text.text))
                    {
                        continue;
                    }
                    for ind in p.indicators.iter().filter(|i| self.applies(p, i)) {
                        let name = p.name_of(ind);
                        let none = &None;
                        // No allocation per indicator: this runs on every one.
                        let fields: [&Option<_>; 3] = match field {
                            Field::IndicatorName => [&ind.name, none, none],
                            Field::Cycle => [&ind.cycle, none, none],
                            Field::Annual => [&ind.annual, none, none],
                            Field::Indicator => [&ind.name, &ind.cycle, &ind.annual],
                            _ => [&ind.cycle, &ind.annual, none],
                        };
                        // One finding per indicator.
                        if let Some(f) = fields
                            .into_iter()
                            .flatten()
                            .find(|f| self.offends(p.text(f).trim_end_matches(['。', '.'])))
                        {
                            let text = p.text(f).trim_end_matches(['。', '.']);
                            out.push(finding(p.span(f), name, text));
                        }
                    }
                }
            }
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.must_match.is_none() && self.must_not_match.is_none() {
            return Err("a pattern rule needs `must_match` or `must_not_match`".to_owned());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::has_no_looks;

    /// Only a pattern that asserts nothing about a match's surroundings may be tried on the
    /// whole indicator text first.
    #[test]
    fn anchored_patterns_are_not_tried_on_the_whole_text() {
        assert!(has_no_looks(r"\*\*|[★☆]|XX|××"));
        assert!(has_no_looks(r"\d+%"));
        assert!(!has_no_looks(r"^XX$"));
        assert!(!has_no_looks(r"\bXX"));
        assert!(!has_no_looks(r"(?m)^x"));
    }
}
