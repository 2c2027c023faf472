//! The HTML report: one self-contained page a reviewer opens offline, filters and forwards.
//!
//! The page is written by maud (its markup is checked when jxlint is compiled and every value
//! put into it is escaped); the findings travel as one JSON data block, which the page's own
//! script shows a page at a time with `textContent`, so no table text is ever parsed as HTML.
//! A Content-Security-Policy allows only that script and style, by hash: nothing is fetched.

use std::collections::BTreeMap;
use std::io::Write;

use base64::Engine;
use codespan_reporting::term::termcolor::WriteColor;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Lang, Severity};
use crate::lint::Outcome;
use crate::render::cell::{Excerpt, cell_at, excerpt};
use crate::render::{Counts, Sink, words};
use crate::ruleset::RuleSet;
use crate::source::SourceFile;

mod chart;

const SCRIPT: &str = include_str!("report.js");
const STYLE: &str = include_str!("report.css");
/// Characters of a cell shown on each side of a finding's span.
const CONTEXT: usize = 60;

/// One file's line in the report's file table.
struct FileRow {
    path: String,
    department: Option<String>,
    projects: usize,
    by_severity: [usize; 3],
    error: Option<String>,
}

pub struct Html {
    lang: Lang,
    /// id → (group, summary, documentation) of every enabled rule.
    rules: BTreeMap<String, (String, String, String)>,
    files: Vec<FileRow>,
    /// The findings' JSON objects, comma-separated, escaped for a `<script>` data block.
    findings: Vec<u8>,
    count: usize,
    /// Findings per rule and severity (for the chart).
    by_rule: BTreeMap<String, [usize; 3]>,
}

impl Html {
    pub fn new(rules: &RuleSet, lang: Lang) -> Html {
        Html {
            lang,
            rules: rules
                .rules
                .iter()
                .filter(|r| r.enabled)
                .map(|r| {
                    let doc = r.doc.get(lang).trim().to_owned();
                    (
                        r.id.clone(),
                        (r.group.clone(), r.summary.get(lang).to_owned(), doc),
                    )
                })
                .collect(),
            files: Vec::new(),
            findings: Vec::new(),
            count: 0,
            by_rule: BTreeMap::new(),
        }
    }

    fn place(&self, source: &SourceFile, byte: usize) -> String {
        if let Some(cell) = source.place(byte).cell {
            return cell;
        }
        let c = cell_at(source, byte);
        match self.lang {
            Lang::Zh => format!("行 {} 列 {}", c.row, c.column),
            Lang::En => format!("row {}, column {}", c.row, c.column),
        }
    }

    fn finding(&self, file: usize, source: &SourceFile, d: &Diagnostic) -> Value {
        let shown = |e: Excerpt| json!([e.before, e.marked, e.after]);
        let labels: Vec<Value> = d
            .labels
            .iter()
            .map(|l| match &l.elsewhere {
                Some(e) => {
                    let at = match self.lang {
                        Lang::Zh => format!("{} 行 {} 列 {}", e.path, e.line, e.column),
                        Lang::En => format!("{}, line {}, column {}", e.path, e.line, e.column),
                    };
                    json!({"m": l.message, "p": at})
                }
                None => json!({
                    "m": l.message,
                    "p": self.place(source, l.span.start),
                    "x": shown(excerpt(source, &l.span, CONTEXT)),
                }),
            })
            .collect();
        json!({
            "f": file,
            "s": severity_index(d.severity),
            "r": d.rule,
            "m": d.message,
            "p": self.place(source, d.span.start),
            "j": d.project,
            "x": shown(excerpt(source, &d.span, CONTEXT)),
            "l": labels,
            "n": d.notes,
            "h": d.help,
        })
    }
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

/// Writes JSON so that it can stand inside `<script type="application/json">`: `<`, `>` and
/// `&` (which appear only inside JSON strings) as `\u` escapes, so no cell text can close
/// the block.
struct ScriptSafe<'a>(&'a mut Vec<u8>);

impl Write for ScriptSafe<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            match b {
                b'<' => self.0.extend_from_slice(b"\\u003c"),
                b'>' => self.0.extend_from_slice(b"\\u003e"),
                b'&' => self.0.extend_from_slice(b"\\u0026"),
                _ => self.0.push(b),
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn script_safe(value: &Value, out: &mut Vec<u8>) {
    serde_json::to_writer(ScriptSafe(out), value).expect("JSON values always serialise");
}

fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The words of the page, in the run's language.
struct Words {
    title: &'static str,
    files: &'static str,
    projects: &'static str,
    severities: [&'static str; 3],
    waived: &'static str,
    unreadable: &'static str,
    skipped: &'static str,
    by_rule: &'static str,
    by_severity: &'static str,
    worst: &'static str,
    findings: &'static str,
    no_script: &'static str,
}

const ZH: Words = Words {
    title: "绩效目标表检查报告",
    files: "文件",
    projects: "项目",
    severities: ["错误", "警告", "提示"],
    waived: "已豁免",
    unreadable: "无法读取",
    skipped: "已跳过",
    by_rule: "各规则的问题数",
    by_severity: "各级别的问题数",
    worst: "错误最多的部门和文件",
    findings: "问题",
    no_script: "本报告需要启用 JavaScript 才能列出问题。",
};

const EN: Words = Words {
    title: "Performance target table report",
    files: "files",
    projects: "projects",
    severities: ["errors", "warnings", "notes"],
    waived: "waived",
    unreadable: "unreadable",
    skipped: "skipped",
    by_rule: "Findings per rule",
    by_severity: "Findings per severity",
    worst: "Departments and files with the most errors",
    findings: "Findings",
    no_script: "This report needs JavaScript to list its findings.",
};

/// Words the page's script shows, handed to it in the data block.
fn script_words(lang: Lang) -> Value {
    match lang {
        Lang::Zh => json!({
            "sev": ["错误", "警告", "提示"],
            "allRules": "全部规则",
            "group": "组",
            "shown": "显示 {n} / {total} 条",
            "page": "第 {p} / {pages} 页",
            "prev": "上一页",
            "next": "下一页",
            "project": "项目",
            "explain": "规则说明",
            "help": "建议",
            "none": "没有符合筛选条件的问题。",
            "department": "部门/单位",
            "file": "文件",
            "tables": "文件数",
            "projects": "项目",
            "showAll": "显示全部 {n} 行",
            "showFewer": "只显示前 {n} 行",
            "byDepartment": "按部门/单位",
            "byFile": "按文件",
            "unreadable": "无法读取",
            "filterFile": "只看此文件",
            "search": "搜索文字",
            "moreLabels": "另有 {n} 处",
        }),
        Lang::En => json!({
            "sev": ["error", "warning", "note"],
            "allRules": "all rules",
            "group": "group",
            "shown": "showing {n} of {total}",
            "page": "page {p} of {pages}",
            "prev": "previous",
            "next": "next",
            "project": "project",
            "explain": "about this rule",
            "help": "help",
            "none": "No finding matches the filters.",
            "department": "department/unit",
            "file": "file",
            "tables": "files",
            "projects": "projects",
            "showAll": "show all {n} rows",
            "showFewer": "show the first {n} rows",
            "byDepartment": "by department/unit",
            "byFile": "by file",
            "unreadable": "unreadable",
            "filterFile": "only this file",
            "search": "search text",
            "moreLabels": "{n} more places",
        }),
    }
}

impl Html {
    fn words(&self) -> &'static Words {
        match self.lang {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    fn summary(&self, counts: &Counts) -> Markup {
        let w = self.words();
        let n = [counts.errors, counts.warnings, counts.notes];
        html! {
            section #summary {
                dl .cards {
                    div { dt { (w.files) } dd #count-files { (counts.files) } }
                    div { dt { (w.projects) } dd #count-projects { (counts.projects) } }
                    @for (i, class) in ["error", "warning", "note"].iter().enumerate() {
                        div class=(class) { dt { (w.severities[i]) } dd id=(format!("count-{class}")) { (n[i]) } }
                    }
                    div { dt { (w.waived) } dd #count-waived { (counts.waived) } }
                    @if counts.unreadable > 0 {
                        div .error { dt { (w.unreadable) } dd #count-unreadable { (counts.unreadable) } }
                    }
                    @if counts.skipped > 0 {
                        div { dt { (w.skipped) } dd { (counts.skipped) } }
                    }
                }
                div .charts {
                    figure {
                        figcaption { (w.by_severity) }
                        (chart::severities(n, &w.severities))
                    }
                    figure {
                        figcaption { (w.by_rule) }
                        (chart::rules(&self.by_rule))
                    }
                }
            }
        }
    }
}

impl Sink for Html {
    fn file(&mut self, outcome: &Outcome, _: &mut dyn WriteColor) -> std::io::Result<()> {
        let index = self.files.len();
        match outcome {
            Ok(checked) => {
                let mut row = FileRow {
                    path: checked.source.display_path(),
                    department: checked.department.clone(),
                    projects: checked.projects,
                    by_severity: [0; 3],
                    error: None,
                };
                if let Some(sheet) = &checked.source.sheet {
                    row.path = format!("{} [{sheet}]", row.path);
                }
                // A file's errors first, as the terminal shows them.
                let mut diagnostics: Vec<&Diagnostic> = checked.diagnostics.iter().collect();
                diagnostics.sort_by_key(|d| d.severity);
                for d in diagnostics {
                    let s = severity_index(d.severity);
                    row.by_severity[s] += 1;
                    self.by_rule.entry(d.rule.clone()).or_default()[s] += 1;
                    if self.count > 0 {
                        self.findings.push(b',');
                    }
                    self.count += 1;
                    script_safe(&self.finding(index, &checked.source, d), &mut self.findings);
                }
                self.files.push(row);
            }
            Err(e) => self.files.push(FileRow {
                path: e.path.clone(),
                department: None,
                projects: 0,
                by_severity: [0; 3],
                error: Some(words::input(&e.message, self.lang)),
            }),
        }
        Ok(())
    }

    fn finish(&mut self, counts: &Counts, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let w = self.words();
        let csp = format!(
            "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
            csp_hash(SCRIPT),
            csp_hash(STYLE)
        );
        let lang = match self.lang {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        };
        let head = html! {
            (DOCTYPE)
            html lang=(lang) {
                head {
                    meta charset="utf-8";
                    meta http-equiv="Content-Security-Policy" content=(csp);
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="generator" content=(concat!("jxlint ", env!("CARGO_PKG_VERSION")));
                    title { (w.title) }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    header { h1 { (w.title) } }
                    (self.summary(counts))
                    section #worst { h2 { (w.worst) } div #tables {} }
                    section #findings-section {
                        h2 { (w.findings) }
                        form #filters {}
                        p #shown-count {}
                        div #findings {}
                        nav #pages {}
                    }
                    noscript { p { (w.no_script) } }
                }
            }
        };
        // maud closes the page; the data and the script go before `</body>`.
        let head = head.into_string();
        let cut = head.rfind("</body>").unwrap_or(head.len());
        out.write_all(&head.as_bytes()[..cut])?;

        let rules: BTreeMap<&str, Value> = self
            .rules
            .iter()
            .map(|(id, (group, summary, doc))| {
                let fired = self.by_rule.contains_key(id);
                // Documentation only for the rules that fired: the rest are filter choices.
                let doc = if fired { doc.as_str() } else { "" };
                (id.as_str(), json!({"g": group, "s": summary, "d": doc}))
            })
            .collect();
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|f| {
                json!({
                    "p": f.path,
                    "d": f.department,
                    "n": f.projects,
                    "c": f.by_severity,
                    "e": f.error,
                })
            })
            .collect();
        // Everything of the data block before the findings, which are written as they are.
        let mut data = Vec::new();
        data.extend_from_slice(b"{\"words\":");
        script_safe(&script_words(self.lang), &mut data);
        data.extend_from_slice(b",\"rules\":");
        script_safe(&json!(rules), &mut data);
        data.extend_from_slice(b",\"files\":");
        script_safe(&Value::Array(files), &mut data);
        data.extend_from_slice(b",\"findings\":[");
        out.write_all(b"<script type=\"application/json\" id=\"jxlint-data\">")?;
        out.write_all(&data)?;
        out.write_all(&self.findings)?;
        out.write_all(b"]}</script><script>")?;
        out.write_all(SCRIPT.as_bytes())?;
        out.write_all(b"</script>")?;
        out.write_all(&head.as_bytes()[cut..])?;
        Ok(())
    }
}
