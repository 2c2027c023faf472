//! Runs each rule's own examples: a rule must flag what it says it flags and pass what it says
//! it passes, and every rule must have at least one example it flags, so that a rule that
//! silently never fires is caught.

use crate::diag::Lang;
use crate::lint::run_rules;
use crate::ruleset::{Expect, Rule, RuleSet};

#[derive(Debug)]
pub struct Failure {
    pub rule: String,
    pub place: String,
    pub message: String,
}

/// Diagnostics `rule` gives on an example table.
pub fn fire_count(rule: &Rule, table: &str) -> Result<usize, String> {
    let doc = crate::layout::read(table).map_err(|e| e.to_string())?;
    Ok(run_rules(std::iter::once(rule), &doc, Lang::En).len())
}

pub fn run(rules: &RuleSet) -> (usize, Vec<Failure>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for rule in &rules.rules {
        if !rule.examples.iter().any(|e| e.expect == Expect::Flag) {
            failures.push(Failure {
                rule: rule.id.clone(),
                place: rule.origin.clone(),
                message: "has no example that it must flag".to_owned(),
            });
        }
        for ex in &rule.examples {
            checked += 1;
            let verdict = match fire_count(rule, &ex.table) {
                Err(e) => Some(format!("the example is not a table: {e}")),
                Ok(n) => match (ex.expect, ex.count) {
                    (Expect::Flag, Some(want)) if n != want => {
                        Some(format!("should give {want} diagnostic(s), gave {n}"))
                    }
                    (Expect::Flag, None) if n == 0 => {
                        Some("should be flagged, gave nothing".to_owned())
                    }
                    (Expect::Pass, _) if n > 0 => {
                        Some(format!("should pass, gave {n} diagnostic(s)"))
                    }
                    _ => None,
                },
            };
            if let Some(message) = verdict {
                failures.push(Failure {
                    rule: rule.id.clone(),
                    place: ex.place.clone(),
                    message,
                });
            }
        }
    }
    (checked, failures)
}
