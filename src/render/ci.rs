//! The formats CI systems read: GitHub Actions workflow commands (annotations on the pull
//! request), GitLab Code Quality JSON (the merge request widget), JUnit XML (test reports of
//! every other CI). Columns are characters, 1-based, as the JSON format's.

use codespan_reporting::term::termcolor::WriteColor;
use serde_json::{Value, json};

use crate::diag::{Diagnostic, Severity};
use crate::lint::{Checked, Outcome};
use crate::render::{Counts, Sink};
use crate::source::SourceFile;

/// Start and end (line, column) of a diagnostic's primary span; the end column exclusive.
fn range(source: &SourceFile, d: &Diagnostic) -> (usize, usize, usize, usize) {
    let a = source.place(d.span.start);
    let b = source.position(d.span.end);
    let (end_line, end_column) = match &source.sheet {
        Some(_) => (a.line, a.column + 1),
        None => (b.line, b.column),
    };
    (a.line, a.column, end_line, end_column)
}

/// A message with the cell's address, as the short format writes it.
fn message(source: &SourceFile, d: &Diagnostic) -> String {
    match source.place(d.span.start).cell {
        Some(cell) => format!("{} ({cell})", d.message),
        None => d.message.clone(),
    }
}

/// GitHub's escaping of a workflow command's message.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// ... and of a property's value, which also may not hold `:` or `,`.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, one line a finding.
#[derive(Default)]
pub struct Github;

impl Sink for Github {
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
        match outcome {
            Ok(checked) => {
                let file = github_property(&checked.source.display_path());
                for d in &checked.diagnostics {
                    let (line, col, end_line, end_col) = range(&checked.source, d);
                    let level = match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                        Severity::Note => "notice",
                    };
                    writeln!(
                        w,
                        "::{level} file={file},line={line},col={col},endLine={end_line},\
                         endColumn={end_col},title={}::{}",
                        github_property(&format!("jxlint {}", d.rule)),
                        github_data(&message(&checked.source, d))
                    )?;
                }
            }
            Err(e) => writeln!(
                w,
                "::error file={},title=jxlint::{}",
                github_property(&e.path),
                github_data(&e.message)
            )?,
        }
        Ok(())
    }

    fn finish(&mut self, _: &Counts, _: &mut dyn WriteColor) -> std::io::Result<()> {
        Ok(())
    }
}

/// A finding's fingerprint for GitLab: stable across runs and line moves (rule, file, project,
/// the text at the span, and which occurrence of those it is), as waivers are keyed.
fn fingerprint(checked: &Checked, d: &Diagnostic, occurrence: usize) -> String {
    let text = checked.source.text.get(d.span.clone()).unwrap_or_default();
    let key = [
        d.rule.as_str(),
        &checked.source.display_path().replace('\\', "/"),
        checked.source.sheet.as_deref().unwrap_or(""),
        d.project.as_deref().unwrap_or(""),
        text,
        &occurrence.to_string(),
    ]
    .join("\u{1f}");
    // Two independent 64-bit hashes: 128 bits, as long as GitLab's own fingerprints.
    let a = crate::similar::text_hash(key.chars());
    let b = crate::similar::text_hash(key.chars().rev());
    format!("{a:016x}{b:016x}")
}

/// GitLab Code Quality: a JSON array of issues, written once the run is over.
#[derive(Default)]
pub struct Gitlab {
    issues: Vec<Value>,
}

impl Sink for Gitlab {
    fn file(&mut self, outcome: &Outcome, _: &mut dyn WriteColor) -> std::io::Result<()> {
        let Ok(checked) = outcome else {
            // An unreadable file is no code-quality issue: stderr names it, the status fails.
            return Ok(());
        };
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for d in &checked.diagnostics {
            let (line, _, end_line, _) = range(&checked.source, d);
            let text = checked.source.text.get(d.span.clone()).unwrap_or_default();
            let key = format!(
                "{}\u{1f}{}\u{1f}{text}",
                d.rule,
                d.project.as_deref().unwrap_or("")
            );
            let occurrence = seen.entry(key).or_insert(0);
            *occurrence += 1;
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Note => "info",
            };
            self.issues.push(json!({
                "type": "issue",
                "description": message(&checked.source, d),
                "check_name": d.rule,
                "fingerprint": fingerprint(checked, d, *occurrence),
                "severity": severity,
                "location": {
                    "path": checked.source.display_path().replace('\\', "/"),
                    "lines": {"begin": line, "end": end_line},
                },
            }));
        }
        Ok(())
    }

    fn finish(&mut self, _: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, &self.issues)?;
        writeln!(w)
    }
}

/// Text for XML: `&`, `<`, `>`, `"` escaped, and the control characters XML 1.0 forbids
/// dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: a test case per file (per sheet of a workbook), a failure per error; warnings and
/// notes go to the case's output.
#[derive(Default)]
pub struct Junit {
    cases: Vec<String>,
    failures: usize,
    errors: usize,
}

impl Sink for Junit {
    fn file(&mut self, outcome: &Outcome, _: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut case = String::new();
        match outcome {
            Ok(checked) => {
                let name = match &checked.source.sheet {
                    Some(sheet) => format!("{} [{sheet}]", checked.source.display_path()),
                    None => checked.source.display_path(),
                };
                case.push_str(&format!(
                    "    <testcase classname=\"jxlint\" name=\"{}\">\n",
                    xml(&name)
                ));
                let mut other = String::new();
                for d in &checked.diagnostics {
                    let (line, col, _, _) = range(&checked.source, d);
                    let text = format!("{line}:{col}: {}", message(&checked.source, d));
                    if d.severity == Severity::Error {
                        self.failures += 1;
                        case.push_str(&format!(
                            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                            xml(&d.rule),
                            xml(&d.message),
                            xml(&text)
                        ));
                    } else {
                        other.push_str(&format!("{}[{}] {text}\n", d.severity.as_str(), d.rule));
                    }
                }
                if !other.is_empty() {
                    case.push_str(&format!("      <system-out>{}</system-out>\n", xml(&other)));
                }
            }
            Err(e) => {
                self.errors += 1;
                case.push_str(&format!(
                    "    <testcase classname=\"jxlint\" name=\"{}\">\n      <error message=\"{}\"/>\n",
                    xml(&e.path),
                    xml(&e.message)
                ));
            }
        }
        case.push_str("    </testcase>\n");
        self.cases.push(case);
        Ok(())
    }

    fn finish(&mut self, _: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        writeln!(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(w, "<testsuites>")?;
        writeln!(
            w,
            "  <testsuite name=\"jxlint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
            self.cases.len(),
            self.failures,
            self.errors
        )?;
        for case in &self.cases {
            write!(w, "{case}")?;
        }
        writeln!(w, "  </testsuite>")?;
        writeln!(w, "</testsuites>")
    }
}
