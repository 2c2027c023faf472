//! The human format: codespan-reporting diagnostics with each long line cut to a window around
//! its labels, then one summary line.

use codespan_reporting::diagnostic::{Diagnostic as Report_, Label, Severity as CSeverity};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self, Config};

use crate::diag::{Diagnostic, Lang, Severity};
use crate::lint::Outcome;
use crate::render::window::Window;
use crate::render::{Counts, Report, Sink, render_all, stats};
use crate::source::SourceFile;

/// Secondary labels shown per diagnostic; the rest are counted in a note (JSON has them all).
const MAX_LABELS: usize = 6;

fn severity(s: Severity) -> CSeverity {
    match s {
        Severity::Error => CSeverity::Error,
        Severity::Warning => CSeverity::Warning,
        Severity::Note => CSeverity::Note,
    }
}

fn emit(
    w: &mut dyn WriteColor,
    source: &SourceFile,
    d: &Diagnostic,
    lang: Lang,
) -> std::io::Result<()> {
    // Labels in another file are shown as notes with their place: the other text is not kept.
    let (here, elsewhere): (Vec<_>, Vec<_>) = d.labels.iter().partition(|l| l.elsewhere.is_none());
    let shown = here.len().min(MAX_LABELS);
    let spans: Vec<_> = std::iter::once(d.span.clone())
        .chain(here[..shown].iter().map(|l| l.span.clone()))
        .collect();
    let (window, mapped) = Window::new(source, &spans);
    let mut labels = vec![Label::primary((), mapped[0].clone())];
    for (l, span) in here[..shown].iter().zip(&mapped[1..]) {
        labels.push(Label::secondary((), span.clone()).with_message(&l.message));
    }
    let mut notes = d.notes.clone();
    for l in &elsewhere {
        if let Some(e) = &l.elsewhere {
            notes.push(format!("{}: {}:{}:{}", l.message, e.path, e.line, e.column));
        }
    }
    if here.len() > shown {
        let more = here.len() - shown;
        notes.push(match lang {
            Lang::Zh => format!("另有 {more} 处未显示（--format json 列出全部）"),
            Lang::En => format!("{more} more places not shown (--format json lists them all)"),
        });
    }
    if let Some(help) = &d.help {
        notes.push(match lang {
            Lang::Zh => format!("帮助：{help}"),
            Lang::En => format!("help: {help}"),
        });
    }
    // In a sheet the header's row:column are the cell's; the address says it the Excel way.
    let message = match source.place(d.span.start).cell {
        Some(cell) => format!("{} ({cell})", d.message),
        None => d.message.clone(),
    };
    let diagnostic = Report_::new(severity(d.severity))
        .with_code(&d.rule)
        .with_message(message)
        .with_labels(labels)
        .with_notes(notes);
    // codespan-reporting writes the severity in English: the header is written to a buffer
    // and its word put in the language of the run.
    let mut buf = if w.supports_color() {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    term::emit_to_write_style(&mut buf, &Config::default(), &window, &diagnostic)
        .map_err(std::io::Error::other)?;
    let shown = String::from_utf8_lossy(buf.as_slice());
    let word = d.severity.as_str();
    let shown = match lang {
        Lang::En => shown,
        Lang::Zh => shown
            .replacen(
                &format!("{word}["),
                &format!("{}[", severity_word(d.severity)),
                1,
            )
            .into(),
    };
    w.write_all(shown.as_bytes())
}

/// A severity as the human format names it in Chinese.
pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Note => "提示",
    }
}

pub struct Human {
    pub lang: Lang,
    /// Counts per rule instead of the findings (`--statistics`).
    pub statistics: bool,
    /// The summary at the end (not with `--quiet`).
    pub summary: bool,
}

impl Sink for Human {
    // Unreadable files are reported on stderr by the command line, in every format.
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
        if self.statistics {
            return Ok(());
        }
        if let Ok(checked) = outcome {
            // A person reads the errors first: within a file, errors, then warnings, then
            // notes, each in line order.
            let mut shown: Vec<&Diagnostic> = checked.diagnostics.iter().collect();
            shown.sort_by_key(|d| d.severity);
            for d in shown {
                emit(w, &checked.source, d, self.lang)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        if self.statistics {
            write!(w, "{}", stats::render(counts, self.lang))?;
        }
        if self.summary {
            writeln!(w, "{}", summary(counts, self.lang))?;
        }
        Ok(())
    }
}

pub fn render(report: &Report, w: &mut dyn WriteColor) -> std::io::Result<()> {
    let mut sink = Human {
        lang: report.lang,
        statistics: false,
        summary: true,
    };
    render_all(report, &mut sink, w)
}

/// Columns the summary's lines keep within: a terminal's default width.
const SUMMARY_WIDTH: usize = 80;

/// The summary: files, projects, errors, warnings and notes on one line, then the count of
/// each rule that fired, most first, on lines of their own within a terminal's width, so that
/// the shape of a run shows at a glance.
pub fn summary(c: &Counts, lang: Lang) -> String {
    let by_rule: Vec<String> = c
        .rules_by_count()
        .iter()
        .map(|(r, n)| format!("{r} {n}"))
        .collect();
    let mut out = totals(c, lang);
    if by_rule.is_empty() {
        return out;
    }
    let (lead, sep) = match lang {
        Lang::Zh => ("按规则：", "，"),
        Lang::En => ("by rule: ", ", "),
    };
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let mut line = lead.to_owned();
    for (i, item) in by_rule.iter().enumerate() {
        let piece = if i + 1 < by_rule.len() {
            format!("{item}{sep}")
        } else {
            item.clone()
        };
        if width(&line) + width(&piece) > SUMMARY_WIDTH && width(&line) > width(lead) {
            out.push('\n');
            out.push_str(line.trim_end());
            line = " ".repeat(width(lead));
        }
        line.push_str(&piece);
    }
    out.push('\n');
    out.push_str(&line);
    out
}

fn totals(c: &Counts, lang: Lang) -> String {
    let unreadable = match (c.unreadable, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("（{n} 个无法读取）"),
        (n, Lang::En) => format!(" ({n} unreadable)"),
    };
    let skipped = match (c.skipped, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("，跳过 {n} 个非表格文件"),
        (n, Lang::En) => format!(", {n} non-table file{} skipped", plural(n)),
    };
    let waived = match (c.waived, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("，{n} 个已豁免"),
        (n, Lang::En) => format!(", {n} waived"),
    };
    let line = match lang {
        Lang::Zh => format!(
            "共检查 {} 个文件{unreadable}、{} 个项目：{} 个错误，{} 个警告，{} 个提示",
            c.files, c.projects, c.errors, c.warnings, c.notes
        ),
        Lang::En => format!(
            "checked {} file{}{unreadable}, {} project{}: {} error{}, {} warning{}, {} note{}",
            c.files,
            plural(c.files),
            c.projects,
            plural(c.projects),
            c.errors,
            plural(c.errors),
            c.warnings,
            plural(c.warnings),
            c.notes,
            plural(c.notes)
        ),
    };
    format!("{line}{waived}{skipped}")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
