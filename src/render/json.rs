//! One JSON document per run, in the schema of DESIGN.md. Columns count characters; an end
//! position is exclusive (the column just after the last character).

use serde_json::{Value, json};

use crate::render::Report;
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
    if let (Some(sheet), Some(cell)) = (&source.sheet, a.cell) {
        m.insert("sheet".into(), json!(sheet));
        m.insert("cell".into(), json!(cell));
    }
    m
}

pub fn render(report: &Report) -> String {
    let counts = report.counts();
    let files: Vec<Value> = report
        .outcomes
        .iter()
        .map(|outcome| match outcome {
            Ok(checked) => {
                let src = &checked.source;
                let diagnostics: Vec<Value> = checked
                    .diagnostics
                    .iter()
                    .map(|d| {
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
                                let mut lm = place(src, &l.span);
                                lm.insert("message".into(), json!(l.message));
                                Value::Object(lm)
                            })
                            .collect();
                        m.insert("labels".into(), Value::Array(labels));
                        m.insert("notes".into(), json!(d.notes));
                        m.insert("help".into(), json!(d.help));
                        Value::Object(m)
                    })
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
                "error": {
                    "message": e.message,
                    "line": e.at.map(|p| p.line),
                    "column": e.at.map(|p| p.column),
                },
            }),
        })
        .collect();
    let doc = json!({
        "version": 1,
        "files": files,
        "summary": {
            "files": counts.files,
            "unreadable": counts.unreadable,
            "projects": counts.projects,
            "errors": counts.errors,
            "warnings": counts.warnings,
            "notes": counts.notes,
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    s.push('\n');
    s
}
