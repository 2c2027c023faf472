//! Copies across the files of a run: department B pasting department A's targets. Files are
//! fed in path order; each text's fingerprint is kept with its place, not the file's text, in
//! about 40 bytes, so memory grows with the number of texts, not their size. The later copy is
//! reported, with a label on the first copy in the other file.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Elsewhere, Label, Lang, Text};
use crate::lint::{Checked, sort_diagnostics};
use crate::ruleset::{RuleSet, fill};
use crate::similar::{KeyMap, mix};

/// Where a text was first written: indexes into the tables of [`CrossFile`], and its place.
struct First {
    file: u32,
    project: u32,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Default)]
pub struct CrossFile {
    /// By the text's fingerprint, combined with its rule and message case.
    seen: KeyMap<First>,
    /// Paths (with the sheet, for workbooks) and project names, each kept once.
    files: Vec<Box<str>>,
    projects: Vec<Box<str>>,
    /// Message cases, numbered for the key.
    cases: Vec<&'static str>,
}

impl CrossFile {
    fn key(&mut self, rule: usize, case: &'static str, hash: u64) -> u64 {
        let case_id = match self.cases.iter().position(|c| *c == case) {
            Some(i) => i,
            None => {
                self.cases.push(case);
                self.cases.len() - 1
            }
        };
        mix(hash ^ mix(((rule as u64) << 16) | case_id as u64))
    }

    /// Adds diagnostics for the texts of `checked` first written in an earlier file, then
    /// remembers its own texts.
    pub fn process(&mut self, checked: &mut Checked, rules: &RuleSet, lang: Lang) {
        let path = checked.source.display_path();
        let file_name: Box<str> = match &checked.source.sheet {
            Some(sheet) => format!("{path} [{sheet}]").into(),
            None => path.clone().into(),
        };
        let file = self.files.len() as u32;
        self.files.push(file_name);
        let mut found = false;
        let mut in_this_file = HashSet::new();
        let prints = std::mem::take(&mut checked.prints);
        for (rule_index, print) in &prints {
            let key = self.key(*rule_index, print.case, print.hash);
            // A text repeated within the file is the within-file check's to report.
            if !in_this_file.insert(key) {
                continue;
            }
            match self.seen.get(&key) {
                Some(first) if first.file != file => {
                    let rule = &rules.rules[*rule_index];
                    let first_path = self.files[first.file as usize].to_string();
                    let first_project = self.projects[first.project as usize].to_string();
                    let text = |s: &str| Text::new(s, s);
                    let args = [
                        ("project", text(&print.project)),
                        ("first", text(&first_project)),
                        ("path", text(&first_path)),
                    ];
                    let template = rule.messages.get(print.case).map_or("", |t| t.get(lang));
                    let label = match lang {
                        Lang::Zh => format!("首次出现于“{first_project}”"),
                        Lang::En => format!("first written for “{first_project}”"),
                    };
                    checked.diagnostics.push(Diagnostic {
                        rule: rule.id.clone(),
                        severity: rule.severity,
                        message: fill(template, &args, lang),
                        span: print.span.clone(),
                        labels: vec![Label {
                            span: 0..0,
                            message: label,
                            elsewhere: Some(Elsewhere {
                                path: first_path,
                                line: first.line as usize,
                                column: first.column as usize,
                                end_line: first.end_line as usize,
                                end_column: first.end_column as usize,
                            }),
                        }],
                        notes: Vec::new(),
                        help: rule.help.as_ref().map(|h| h.get(lang).to_owned()),
                        project: Some(print.project.clone()),
                    });
                    found = true;
                }
                Some(_) => {}
                None => {
                    if self.projects.last().map(|p| &**p) != Some(print.project.as_str()) {
                        self.projects.push(print.project.as_str().into());
                    }
                    let first = First {
                        file,
                        project: (self.projects.len() - 1) as u32,
                        line: print.place[0],
                        column: print.place[1],
                        end_line: print.place[2],
                        end_column: print.place[3],
                    };
                    self.seen.insert(key, first);
                }
            }
        }
        if found {
            sort_diagnostics(&mut checked.diagnostics);
        }
    }
}
