//! One JSON document per run, in the schema of DESIGN.md. Columns count characters; an end
//! position is exclusive (the column just after the last character).

use codespan_reporting::term::termcolor::WriteColor;
use serde_json::{Value, json};

use crate::diag::Diagnostic;
use crate::lint::{Outcome, Unreadable};
use crate::render::{Counts, Report, Sink, render_plain};
use crate::source::SourceFile;

/// A span's place. In a sheet, columns are cell columns (the end is the column after the last
/// cell) and `sheet` and `cell` name the first cell.
fn place(source: &SourceFile, span: &std::ops::Range<usize>) -> serde_json::Map<String, Value> {
    let a = source.place(span.start);
    let (end_line, end_column) = match &source.sheet {
        None => {
            let b = source.position(span.end);
            (b.line, b.column)
        }
        Some(_) => {
            let b = source.place(span.end.saturating_sub(1).max(span.start));
            (b.line, b.column + 1)
        }
    };
    let mut m = serde_json::Map::new();
    m.insert("line".into(), json!(a.line));
    m.insert("column".into(), json!(a.column));
    m.insert("end_line".into(), json!(end_line));
    m.insert("end_column".into(), json!(end_column));
    // Byte offsets in the text as read (UTF-8, after any byte-order mark), for tools that
    // count bytes.
    m.insert("start_byte".into(), json!(span.start));
    m.insert("end_byte".into(), json!(span.end));
    if let (Some(sheet), Some(cell)) = (&source.sheet, a.cell) {
        m.insert("sheet".into(), json!(sheet));
        m.insert("cell".into(), json!(cell));
    }
    m
}

/// A diagnostic as a JSON object (also one line of json-lines).
pub fn diagnostic(src: &SourceFile, d: &Diagnostic) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("rule".into(), json!(d.rule));
    m.insert("severity".into(), json!(d.severity.as_str()));
    m.insert("message".into(), json!(d.message));
    m.extend(place(src, &d.span));
    m.insert("project".into(), json!(d.project));
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let mut lm = match &l.elsewhere {
                // A label in another file carries that file's path.
                Some(e) => {
                    let mut lm = serde_json::Map::new();
                    lm.insert("path".into(), json!(e.path));
                    lm.insert("line".into(), json!(e.line));
                    lm.insert("column".into(), json!(e.column));
                    lm.insert("end_line".into(), json!(e.end_line));
                    lm.insert("end_column".into(), json!(e.end_column));
                    lm
                }
                None => place(src, &l.span),
            };
            lm.insert("message".into(), json!(l.message));
            Value::Object(lm)
        })
        .collect();
    m.insert("labels".into(), Value::Array(labels));
    m.insert("notes".into(), json!(d.notes));
    m.insert("help".into(), json!(d.help));
    m
}

/// An unreadable file's error object.
pub fn error(e: &Unreadable) -> Value {
    json!({
        "message": e.message,
        "line": e.at.map(|p| p.line),
        "column": e.at.map(|p| p.column),
    })
}

pub fn summary(counts: &Counts) -> Value {
    let mut summary = json!({
        "files": counts.files,
        "unreadable": counts.unreadable,
        "projects": counts.projects,
        "errors": counts.errors,
        "warnings": counts.warnings,
        "notes": counts.notes,
    });
    // Present when a folder held files that are no table.
    if counts.skipped > 0 {
        summary["skipped"] = json!(counts.skipped);
    }
    summary
}

/// Writes the document as the files come, in the layout `serde_json`'s pretty printer gives the
/// whole: nothing of a file is held after it is written.
#[derive(Default)]
pub struct Json {
    files: usize,
}

/// `value` pretty-printed with every line after the first indented by `indent` spaces.
fn pretty(value: &Value, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).expect("JSON values always serialise");
    text.replace('\n', &format!("\n{}", " ".repeat(indent)))
}

impl Json {
    fn file_object(outcome: &Outcome) -> Value {
        match outcome {
            Ok(checked) => {
                let src = &checked.source;
                let diagnostics: Vec<Value> = checked
                    .diagnostics
                    .iter()
                    .map(|d| Value::Object(diagnostic(src, d)))
                    .collect();
                let mut file = serde_json::Map::new();
                file.insert("path".into(), json!(src.display_path()));
                if let Some(sheet) = &src.sheet {
                    file.insert("sheet".into(), json!(sheet));
                }
                file.insert("projects".into(), json!(checked.projects));
                file.insert("diagnostics".into(), Value::Array(diagnostics));
                Value::Object(file)
            }
            Err(e) => json!({
                "path": e.path,
                "projects": 0,
                "diagnostics": [],
                "error": error(e),
            }),
        }
    }
}

impl Sink for Json {
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
        if self.files == 0 {
            write!(w, "{{\n  \"version\": 1,\n  \"files\": [")?;
        } else {
            write!(w, ",")?;
        }
        self.files += 1;
        write!(w, "\n    {}", pretty(&Json::file_object(outcome), 4))
    }

    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        if self.files == 0 {
            write!(w, "{{\n  \"version\": 1,\n  \"files\": []")?;
        } else {
            write!(w, "\n  ]")?;
        }
        write!(w, ",\n  \"summary\": {}", pretty(&summary(counts), 2))?;
        // Only with a baseline that has waivers matching nothing: the schema stays as it was.
        if !counts.stale.is_empty() {
            let stale = serde_json::to_value(&counts.stale).unwrap_or_default();
            write!(w, ",\n  \"stale_waivers\": {}", pretty(&stale, 2))?;
        }
        writeln!(w, "\n}}")
    }
}

pub fn render(report: &Report) -> String {
    render_plain(report, &mut Json::default())
}
