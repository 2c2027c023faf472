//! One file through the pipeline: bytes → text → model → rules → diagnostics.

use std::path::Path;

use crate::checks::Print;
use crate::diag::{Diagnostic, Finding, Label, Lang};
use crate::input::decode::EncodingChoice;
use crate::input::{self, Kind, ReadError, Table};
use crate::layout::{self, TableError};
use crate::model::Document;
use crate::ruleset::{Rule, RuleSet, fill};
use crate::source::{Position, SourceFile};
use crate::strings::Strings;

/// A file that was checked.
#[derive(Debug, Clone)]
pub struct Checked {
    pub source: SourceFile,
    pub projects: usize,
    /// The department or unit the table's heading names (部门名称), where it names one.
    pub department: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// Fingerprints for finding copies across files, each with the index of its rule.
    pub prints: Vec<Print>,
    /// The document's project names, by place, for the prints (empty when there are none).
    pub project_names: Strings,
}

/// A file that could not be checked, and why, with the place where there is one.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
    pub at: Option<Position>,
    /// No table at all (a document, notes, a file without a table header): skipped in a
    /// folder, an error when named.
    pub not_a_table: bool,
}

pub type Outcome = Result<Checked, Unreadable>;

/// How files are read and reported.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub lang: Lang,
    pub encoding: EncodingChoice,
    /// The layout tables are read in (`--layout`); found from each table's header when `None`.
    pub layout: Option<&'static str>,
}

/// Checks every table of a file: one outcome for a text or CSV table, one per table sheet of a
/// workbook, or one saying why the file could not be read.
pub fn check_file(path: &Path, rules: &RuleSet, options: Options) -> Vec<Outcome> {
    let unreadable = |e: ReadError| Unreadable {
        path: path.display().to_string(),
        message: e.message,
        at: e.at,
        not_a_table: e.not_a_table,
    };
    let tables = match input::read(path, options.encoding) {
        Ok(tables) => tables,
        Err(e) => return vec![Err(unreadable(e))],
    };
    if input::kind_of(path) != Kind::Workbook {
        return tables
            .into_iter()
            .map(|t| check_table(t, rules, options))
            .collect();
    }
    // In a workbook, sheets without a table header (notes, lookups) are not tables.
    let names: Vec<String> = tables
        .iter()
        .filter_map(|t| t.source.sheet.clone())
        .collect();
    let outcomes: Vec<Outcome> = tables
        .into_iter()
        .filter_map(|t| match read_table(&t, options.layout) {
            Ok(doc) if is_empty(&doc) => Some(Err(Unreadable {
                path: t.source.display_path(),
                message: format!(
                    "sheet {}: the table has a header but no project under it",
                    t.source.sheet.as_deref().unwrap_or("")
                ),
                at: None,
                not_a_table: false,
            })),
            Ok(doc) => {
                let checked = finish(t, &doc, rules, options.lang);
                doc.recycle();
                Some(Ok(checked))
            }
            Err(_) => None,
        })
        .collect();
    if outcomes.is_empty() {
        let sheets = if names.is_empty() {
            "the workbook has no cells".to_owned()
        } else {
            format!("sheets: {}", names.join(", "))
        };
        let why = match options.layout.and_then(layout::by_name) {
            Some(l) => format!("no row names {}", l.labels()),
            None => layout::wanted(),
        };
        return vec![Err(unreadable(ReadError::not_a_table(format!(
            "no sheet holds a table: {why} ({sheets})"
        ))))];
    }
    outcomes
}

/// Checks one file that holds one table (a text or CSV file); a workbook's first table.
pub fn check_path(path: &Path, rules: &RuleSet, lang: Lang) -> Outcome {
    let options = Options {
        lang,
        ..Options::default()
    };
    check_file(path, rules, options)
        .into_iter()
        .next()
        .unwrap_or_else(|| {
            Err(Unreadable {
                path: path.display().to_string(),
                message: "no table".to_owned(),
                at: None,
                not_a_table: true,
            })
        })
}

pub fn check_text(source: SourceFile, rules: &RuleSet, lang: Lang) -> Outcome {
    let options = Options {
        lang,
        ..Options::default()
    };
    check_table(Table::text(source), rules, options)
}

pub fn check_table(table: Table, rules: &RuleSet, options: Options) -> Outcome {
    let unreadable = |message: String, not_a_table: bool| Unreadable {
        path: table.source.display_path(),
        message,
        at: None,
        not_a_table,
    };
    match read_table(&table, options.layout) {
        // A header and nothing under it is a table with nothing to check: not a pass.
        Ok(doc) if is_empty(&doc) => Err(unreadable(
            "the table has a header but no project under it".to_owned(),
            false,
        )),
        Ok(doc) => {
            let checked = finish(table, &doc, rules, options.lang);
            // Its buffers hold the next table this thread reads.
            doc.recycle();
            Ok(checked)
        }
        Err(e) => Err(unreadable(e.to_string(), true)),
    }
}

fn is_empty(doc: &Document) -> bool {
    doc.projects.is_empty() && doc.units.is_empty() && doc.total.is_none()
}

fn read_table(table: &Table, layout: Option<&str>) -> Result<Document, TableError> {
    layout::read_as(table.model_text(), layout)
}

/// Runs the rules and places their diagnostics in the shown source.
fn finish(table: Table, doc: &Document, rules: &RuleSet, lang: Lang) -> Checked {
    let (mut diagnostics, mut prints) = run_rules_with_prints(
        rules.rules.iter().enumerate().filter(|(_, r)| r.enabled),
        doc,
        lang,
    );
    if table.cells.is_some() {
        for d in &mut diagnostics {
            d.span = table.to_source(d.span.clone());
            for l in &mut d.labels {
                l.span = table.to_source(l.span.clone());
            }
        }
        for p in &mut prints {
            p.span = table.to_source(p.span.clone());
        }
    }
    let mut checked = Checked {
        projects: doc.projects.len(),
        department: doc.preamble.department.clone(),
        source: table.source,
        project_names: project_names(doc, &prints),
        diagnostics,
        prints,
    };
    place_prints(&mut checked);
    checked
}

/// The names [`Print::project`] stands for: every project's, where there are prints.
pub fn project_names(doc: &Document, prints: &[Print]) -> Strings {
    let mut names = Strings::default();
    if !prints.is_empty() {
        for p in &doc.projects {
            names.push(&p.name);
        }
    }
    names
}

/// Gives each fingerprint its place in the shown source, while the file is at hand (copies
/// across files are reported after it is gone).
pub fn place_prints(checked: &mut Checked) {
    let mut placer = checked.source.placer();
    for p in &mut checked.prints {
        let (a_line, a_column) = placer.line_column(p.span.start);
        let (b_line, b_column) = placer.line_column(p.span.end);
        p.place = [a_line, a_column, b_line, b_column].map(|n| n as u32);
    }
}

pub fn run_rules<'a>(
    rules: impl Iterator<Item = &'a Rule>,
    doc: &Document,
    lang: Lang,
) -> Vec<Diagnostic> {
    run_rules_with_prints(rules.enumerate(), doc, lang).0
}

/// Diagnostics, and fingerprints for copies across files tagged with their rule's index.
pub fn run_rules_with_prints<'a>(
    rules: impl Iterator<Item = (usize, &'a Rule)>,
    doc: &Document,
    lang: Lang,
) -> (Vec<Diagnostic>, Vec<Print>) {
    let mut out = Vec::new();
    let mut prints = Vec::new();
    for (index, rule) in rules {
        let mut findings = Vec::new();
        run_rule(index, rule, doc, &mut findings, &mut prints);
        out.extend(findings.into_iter().map(|f| diagnostic(rule, f, lang)));
    }
    sort_diagnostics(&mut out);
    (out, prints)
}

/// Runs rule number `index`: its findings into `findings`, its fingerprints, tagged with
/// `index`, onto `prints`.
pub fn run_rule(
    index: usize,
    rule: &Rule,
    doc: &Document,
    findings: &mut Vec<Finding>,
    prints: &mut Vec<Print>,
) {
    let before = prints.len();
    rule.check.run_all(doc, findings, prints);
    for p in &mut prints[before..] {
        p.rule = index;
    }
}

/// A rule's finding as shown: its message filled in, its labels and notes in the language.
pub fn diagnostic(rule: &Rule, f: Finding, lang: Lang) -> Diagnostic {
    let template = rule.messages.get(f.case).map_or("", |t| t.get(lang));
    Diagnostic {
        rule: rule.id.clone(),
        severity: rule.severity,
        message: fill(template, &f.args, lang),
        span: f.span,
        labels: f
            .labels
            .into_iter()
            .map(|l| Label {
                span: l.span,
                message: l.text.get(lang).to_owned(),
                elsewhere: None,
            })
            .collect(),
        notes: f.notes.iter().map(|n| n.get(lang).to_owned()).collect(),
        help: rule.help.as_ref().map(|h| h.get(lang).to_owned()),
        project: f.project,
        fix: f.fix,
    }
}

/// A file's diagnostics in the order every format shows them: by place, then rule.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
}
