//! One file through the pipeline: bytes → text → model → rules → diagnostics.

use std::path::Path;

use crate::decode::{self, DecodeError};
use crate::diag::{Diagnostic, Label, Lang};
use crate::model::{self, Document, TableError};
use crate::ruleset::{Rule, RuleSet, fill};
use crate::source::{Position, SourceFile};

/// A file that was checked.
#[derive(Debug)]
pub struct Checked {
    pub source: SourceFile,
    pub projects: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file that could not be checked, and why, with the place where there is one.
#[derive(Debug)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
    pub at: Option<Position>,
}

pub type Outcome = Result<Checked, Unreadable>;

pub fn check_path(path: &Path, rules: &RuleSet, lang: Lang) -> Outcome {
    let name = path.display().to_string();
    let unreadable = |message: String, at: Option<Position>| Unreadable {
        path: name.clone(),
        message,
        at,
    };
    let bytes = std::fs::read(path)
        .map_err(|e| unreadable(format!("cannot read the file: {}", io_reason(&e)), None))?;
    let text = decode::decode(&bytes).map_err(|e| {
        let at = match e {
            DecodeError::Empty => None,
            DecodeError::Binary(at) | DecodeError::InvalidUtf8(at) => {
                Some(byte_position(&bytes, at))
            }
        };
        unreadable(e.to_string(), at)
    })?;
    check_text(SourceFile::new(path.to_path_buf(), text), rules, lang)
}

/// Line and column of a byte in text that could not be decoded (undecodable bytes count as one
/// column each).
fn byte_position(bytes: &[u8], at: usize) -> Position {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Position {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        column: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

pub fn check_text(source: SourceFile, rules: &RuleSet, lang: Lang) -> Outcome {
    let doc = match model::read(&source) {
        Ok(doc) => doc,
        Err(e @ TableError::NoHeader) => {
            return Err(Unreadable {
                path: source.display_path(),
                message: e.to_string(),
                at: None,
            });
        }
    };
    let diagnostics = run_rules(rules.rules.iter().filter(|r| r.enabled), &doc, lang);
    Ok(Checked {
        projects: doc.projects.len(),
        source,
        diagnostics,
    })
}

pub fn run_rules<'a>(
    rules: impl Iterator<Item = &'a Rule>,
    doc: &Document,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in rules {
        let mut findings = Vec::new();
        rule.check.run(doc, &mut findings);
        for f in findings {
            let template = rule.messages.get(f.case).map_or("", |t| t.get(lang));
            out.push(Diagnostic {
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
                    })
                    .collect(),
                notes: f.notes.iter().map(|n| n.get(lang).to_owned()).collect(),
                help: rule.help.as_ref().map(|h| h.get(lang).to_owned()),
                project: f.project,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    out
}
