//! SARIF 2.1.0, for code-scanning viewers: the driver lists every rule with its documentation;
//! each result has its rule, level, message and a physical location with a region. Columns are
//! Unicode code points, as everywhere in jxlint (declared by `columnKind`).

use codespan_reporting::term::termcolor::WriteColor;
use serde_json::{Value, json};

use crate::diag::{Lang, Severity};
use crate::lint::Outcome;
use crate::render::{Counts, Sink};
use crate::ruleset::RuleSet;

pub struct Sarif {
    rules: Vec<Value>,
    ids: Vec<String>,
    results: Vec<Value>,
    /// Files that could not be read, as tool execution notifications.
    notifications: Vec<Value>,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn uri(path: &str) -> String {
    path.replace('\\', "/")
}

fn region(line: usize, column: usize, end_line: usize, end_column: usize) -> Value {
    json!({"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column})
}

impl Sarif {
    pub fn new(rules: &RuleSet, lang: Lang) -> Sarif {
        let listed: Vec<_> = rules.rules.iter().collect();
        Sarif {
            rules: listed
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id,
                        "shortDescription": {"text": r.summary.get(lang)},
                        "fullDescription": {"text": r.doc.get(lang).trim()},
                        "help": {"text": r.help.as_ref().map_or("", |h| h.get(lang))},
                        "defaultConfiguration": {"level": level(r.severity), "enabled": r.enabled},
                    })
                })
                .collect(),
            ids: listed.iter().map(|r| r.id.clone()).collect(),
            results: Vec::new(),
            notifications: Vec::new(),
        }
    }
}

impl Sink for Sarif {
    fn file(&mut self, outcome: &Outcome, _: &mut dyn WriteColor) -> std::io::Result<()> {
        match outcome {
            Ok(checked) => {
                let src = &checked.source;
                let path = uri(&src.display_path());
                for d in &checked.diagnostics {
                    let (a, b) = (src.place(d.span.start), src.place(d.span.end));
                    let related: Vec<Value> = d
                        .labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| {
                            let (p, r) = match &l.elsewhere {
                                Some(e) => (
                                    uri(&e.path),
                                    region(e.line, e.column, e.end_line, e.end_column),
                                ),
                                None => {
                                    let (a, b) = (src.place(l.span.start), src.place(l.span.end));
                                    (path.clone(), region(a.line, a.column, b.line, b.column))
                                }
                            };
                            json!({
                                "id": i,
                                "message": {"text": l.message},
                                "physicalLocation": {"artifactLocation": {"uri": p}, "region": r},
                            })
                        })
                        .collect();
                    let mut result = json!({
                        "ruleId": d.rule,
                        "level": level(d.severity),
                        "message": {"text": d.message},
                        "locations": [{
                            "physicalLocation": {
                                "artifactLocation": {"uri": path},
                                "region": region(a.line, a.column, b.line, b.column.max(a.column)),
                            }
                        }],
                        "relatedLocations": related,
                    });
                    if let Some(i) = self.ids.iter().position(|id| *id == d.rule) {
                        result["ruleIndex"] = json!(i);
                    }
                    self.results.push(result);
                }
            }
            Err(e) => self.notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: {}", e.path, e.message)},
            })),
        }
        Ok(())
    }

    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "jxlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/jxlint/jxlint",
                    "rules": self.rules,
                }},
                "columnKind": "unicodeCodePoints",
                "invocations": [{
                    "executionSuccessful": counts.unreadable == 0,
                    "toolExecutionNotifications": std::mem::take(&mut self.notifications),
                }],
                "results": std::mem::take(&mut self.results),
            }],
        });
        serde_json::to_writer_pretty(&mut *w, &doc)?;
        writeln!(w)
    }
}
