//! json-lines: one JSON object per line as the run goes (a diagnostic, an unreadable file,
//! and the summary last), for very large audits piped to other tools.

use codespan_reporting::term::termcolor::WriteColor;
use serde_json::{Value, json};

use crate::lint::Outcome;
use crate::render::json::{diagnostic, error, summary};
use crate::render::{Counts, Sink};

pub struct JsonLines;

fn line(w: &mut dyn WriteColor, v: &Value) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, v)?;
    writeln!(w)
}

impl Sink for JsonLines {
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
        match outcome {
            Ok(checked) => {
                let path = checked.source.display_path();
                for d in &checked.diagnostics {
                    let mut m = serde_json::Map::new();
                    m.insert("type".into(), json!("diagnostic"));
                    m.insert("path".into(), json!(path));
                    m.extend(diagnostic(&checked.source, d));
                    line(w, &Value::Object(m))?;
                }
                Ok(())
            }
            Err(e) => line(
                w,
                &json!({"type": "error", "path": e.path, "error": error(e)}),
            ),
        }
    }

    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        line(w, &json!({"type": "summary", "summary": summary(counts)}))
    }
}
