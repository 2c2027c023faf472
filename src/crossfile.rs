//! Copies across the files of a run: department B pasting department A's targets. Files are
//! fed in path order; each text's fingerprint is kept with its place (not the file's text), so
//! memory grows with the number of texts, not their size. The later copy is reported, with a
//! label on the first copy in the other file.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Diagnostic, Elsewhere, Label, Lang, Text};
use crate::lint::Checked;
use crate::ruleset::{RuleSet, fill};

struct First {
    /// The file (and sheet) it was first written in.
    file: Arc<str>,
    place: Elsewhere,
    project: Box<str>,
}

#[derive(Default)]
pub struct CrossFile {
    seen: HashMap<(usize, &'static str, u64), First>,
}

impl CrossFile {
    /// Adds diagnostics for the texts of `checked` first written in an earlier file, then
    /// remembers its own texts.
    pub fn process(&mut self, checked: &mut Checked, rules: &RuleSet, lang: Lang) {
        let path = checked.source.display_path();
        let file: Arc<str> = match &checked.source.sheet {
            Some(sheet) => format!("{path} [{sheet}]").into(),
            None => path.clone().into(),
        };
        let mut found = false;
        let mut in_this_file = std::collections::HashSet::new();
        for (rule_index, print) in &checked.prints {
            let key = (*rule_index, print.case, print.hash);
            // A text repeated within the file is the within-file check's to report.
            if !in_this_file.insert(key) {
                continue;
            }
            match self.seen.get(&key) {
                Some(first) if first.file != file => {
                    let rule = &rules.rules[*rule_index];
                    let text = |s: &str| Text::new(s, s);
                    let args = [
                        ("project", text(&print.project)),
                        ("first", text(&first.project)),
                        ("path", text(&first.place.path)),
                    ];
                    let template = rule.messages.get(print.case).map_or("", |t| t.get(lang));
                    let label = match lang {
                        Lang::Zh => format!("首次出现于“{}”", first.project),
                        Lang::En => format!("first written for “{}”", first.project),
                    };
                    checked.diagnostics.push(Diagnostic {
                        rule: rule.id.clone(),
                        severity: rule.severity,
                        message: fill(template, &args, lang),
                        span: print.span.clone(),
                        labels: vec![Label {
                            span: 0..0,
                            message: label,
                            elsewhere: Some(first.place.clone()),
                        }],
                        notes: Vec::new(),
                        help: rule.help.as_ref().map(|h| h.get(lang).to_owned()),
                        project: Some(print.project.clone()),
                    });
                    found = true;
                }
                Some(_) => {}
                None => {
                    let (a, b) = (
                        checked.source.place(print.span.start),
                        checked.source.place(print.span.end),
                    );
                    self.seen.insert(
                        key,
                        First {
                            file: file.clone(),
                            place: Elsewhere {
                                path: path.clone(),
                                line: a.line,
                                column: a.column,
                                end_line: b.line,
                                end_column: b.column,
                            },
                            project: print.project.clone().into(),
                        },
                    );
                }
            }
        }
        if found {
            checked.diagnostics.sort_by(|a, b| {
                (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
            });
        }
        // The fingerprints are kept above; the file's own copy is no longer needed.
        checked.prints = Vec::new();
    }
}
