//! `value-words`: an indicator value with no number that is a vague verb or adjective (提升,
//! 良好, 及时 …) rather than something a reviewer can measure. Graded values (优/良/中/差, 达标)
//! are allowed. Both word lists are parameters.

use serde::Deserialize;

use crate::checks::Check;
use crate::diag::Finding;
use crate::model::Document;

pub const CASES: &[(&str, &[&str])] = &[("vague", &["indicator", "value", "word"])];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueWords {
    /// Words that make a value without a number vague.
    #[serde(with = "crate::checks::folded_words")]
    pub vague: Vec<String>,
    /// Values accepted as they are, even without a number.
    #[serde(default, with = "crate::checks::folded_words")]
    pub allowed: Vec<String>,
}

impl Check for ValueWords {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            for ind in &p.indicators {
                // One finding per indicator: the first vague value (the cycle value, usually).
                let flagged = [&ind.cycle, &ind.annual]
                    .into_iter()
                    .flatten()
                    .find_map(|v| {
                        let value = v.text.trim_end_matches(['。', '.']);
                        if value.chars().any(|c| c.is_ascii_digit())
                            || self.allowed.iter().any(|a| a == value)
                        {
                            return None;
                        }
                        self.vague
                            .iter()
                            .find(|w| value.contains(w.as_str()))
                            .map(|w| (v, value, w))
                    });
                if let Some((v, value, word)) = flagged {
                    let name = ind.name_text();
                    out.push(
                        Finding::new("vague", v.span.clone())
                            .arg("indicator", name)
                            .arg("value", value)
                            .arg("word", word.as_str())
                            .project(&p.name),
                    );
                }
            }
        }
    }
}
