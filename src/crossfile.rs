//! Copies across the files of a run: department B pasting department A's targets. Files are
//! fed in path order; each text's fingerprint is kept with its place, not the file's text, in
//! about 40 bytes, so memory grows with the number of texts, not their size. The later copy is
//! reported, with a label on the first copy in the other file.

use std::collections::HashSet;
use std::collections::hash_map::Entry;

use crate::checks::Print;
use crate::diag::{Elsewhere, Finding, Label, Lang};
use crate::lint::{Checked, diagnostic, sort_diagnostics};
use crate::ruleset::RuleSet;
use crate::similar::{KeyMap, mix};
use crate::strings::Strings;

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
    /// By the text's fingerprint, combined with its rule and message case: where in `firsts`
    /// it was first written. A batch of 10,000 tables holds about a million: with an index
    /// for the place, an entry is sixteen bytes instead of thirty-two.
    seen: KeyMap<u32>,
    /// The places of the texts in `seen`, in the order they were first written.
    firsts: Vec<First>,
    /// Each table's path, and its name in messages (with the sheet, for a workbook).
    files: Vec<(Box<str>, Box<str>)>,
    /// Project names, each kept once: a batch of 10,000 tables keeps hundreds of thousands,
    /// end to end in one buffer rather than as that many small allocations alive to the end.
    projects: Strings,
    /// Message cases, numbered for the key.
    cases: Vec<&'static str>,
    /// The keys of the file being processed so far (kept, emptied, from file to file).
    in_this_file: HashSet<u64, std::hash::BuildHasherDefault<crate::similar::KeyHasher>>,
}

impl CrossFile {
    fn key(&mut self, rule: usize, case: &'static str, hash: u64) -> u64 {
        // The cases are the checks' static strings: one address each, seen before the text.
        let case_id = match self
            .cases
            .iter()
            .position(|c| std::ptr::eq(*c, case) || *c == case)
        {
            Some(i) => i,
            None => {
                self.cases.push(case);
                self.cases.len() - 1
            }
        };
        mix(hash ^ mix(((rule as u64) << 16) | case_id as u64))
    }

    /// Numbers the file of `checked` for the texts first written in it.
    fn add_file(&mut self, checked: &Checked) -> u32 {
        let path = checked.source.display_path();
        let shown: Box<str> = match &checked.source.sheet {
            Some(sheet) => format!("{path} [{sheet}]").into(),
            None => path.as_str().into(),
        };
        self.files.push((path.into(), shown));
        (self.files.len() - 1) as u32
    }

    /// Remembers that the text of `print` was first written in `file`: its key is already in
    /// `seen`, at the index this place takes in `firsts`.
    fn push_first(&mut self, file: u32, print: &Print, project: &str) {
        if self.projects.last() != Some(project) {
            self.projects.push(project);
        }
        self.firsts.push(First {
            file,
            project: (self.projects.len() - 1) as u32,
            line: print.place[0],
            column: print.place[1],
            end_line: print.place[2],
            end_column: print.place[3],
        });
    }

    /// Remembers the texts of `checked` without reporting its copies, leaving it as it is:
    /// for a document an editor has open before the one being checked.
    pub fn remember(&mut self, checked: &Checked) {
        let file = self.add_file(checked);
        for print in &checked.prints {
            let key = self.key(print.rule, print.case, print.hash);
            if let Entry::Vacant(v) = self.seen.entry(key) {
                v.insert(self.firsts.len() as u32);
                let project = checked.project_names.get(print.project as usize);
                self.push_first(file, print, project);
            }
        }
    }

    /// Adds diagnostics for the texts of `checked` first written in an earlier file, then
    /// remembers its own texts.
    pub fn process(&mut self, checked: &mut Checked, rules: &RuleSet, lang: Lang) {
        let file = self.add_file(checked);
        let mut found = false;
        let mut in_this_file = std::mem::take(&mut self.in_this_file);
        in_this_file.clear();
        let prints = std::mem::take(&mut checked.prints);
        let names = &checked.project_names;
        for print in &prints {
            let key = self.key(print.rule, print.case, print.hash);
            // A text repeated within the file is the within-file check's to report.
            if !in_this_file.insert(key) {
                continue;
            }
            let project = names.get(print.project as usize);
            // One probe of the map for both the look-up and the insert: it holds about a
            // million keys by the end of a large batch, and each probe is a likely cache miss.
            let first = match self.seen.entry(key) {
                Entry::Occupied(e) => Some(&self.firsts[*e.get() as usize]),
                Entry::Vacant(v) => {
                    v.insert(self.firsts.len() as u32);
                    None
                }
            };
            match first {
                Some(first) if first.file != file => {
                    let (first_path, first_shown) = &self.files[first.file as usize];
                    let first_project = self.projects.get(first.project as usize);
                    let finding = Finding::new(print.case, print.span.clone())
                        .arg("project", project)
                        .arg("first", first_project)
                        .arg("path", &**first_shown)
                        .project(project);
                    let mut d = diagnostic(&rules.rules[print.rule], finding, lang);
                    let label = match lang {
                        Lang::Zh => format!("首次出现于“{first_project}”"),
                        Lang::En => format!("first written for “{first_project}”"),
                    };
                    d.labels.push(Label {
                        span: 0..0,
                        message: label,
                        elsewhere: Some(Elsewhere {
                            path: first_path.to_string(),
                            line: first.line as usize,
                            column: first.column as usize,
                            end_line: first.end_line as usize,
                            end_column: first.end_column as usize,
                        }),
                    });
                    checked.diagnostics.push(d);
                    found = true;
                }
                Some(_) => {}
                None => self.push_first(file, print, project),
            }
        }
        self.in_this_file = in_this_file;
        if found {
            sort_diagnostics(&mut checked.diagnostics);
        }
    }
}
