//! The command line: `check`, `rules`, `explain`. Exit status 0 when no error-severity
//! diagnostic, 1 when there is one, 2 for usage errors, unreadable input or a broken rule file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{
    Buffer, Color, ColorChoice, ColorSpec, StandardStream, WriteColor,
};
use codespan_reporting::term::{self, Config};

use crate::decode::EncodingChoice;
use crate::diag::Lang;
use crate::input::TABLE_EXTENSIONS;
use crate::lint::{self, Options, Outcome, Unreadable};
use crate::render::{self, Report};
use crate::ruleset::{RuleError, RuleSet};
use crate::selftest;

#[derive(Parser)]
#[command(
    name = "jxlint",
    version,
    about = "Lint 项目支出绩效目标表 (performance target tables)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Short,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(clap::Args)]
struct Common {
    /// Load extra or overriding rule files (*.toml) from this directory
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Message language
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
}

#[derive(Subcommand)]
enum Command {
    /// Check tables: files (.txt/.tsv text, .csv, .xlsx/.xls workbooks), directories (walked
    /// for those) or globs such as "audit/**/*.txt" (expanded by jxlint itself)
    Check {
        #[arg(required = true, value_name = "PATH|GLOB")]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Read text files in this encoding (utf-8, utf-16le, utf-16be, gb18030, gbk, …)
        /// instead of finding it from the bytes
        #[arg(long, value_name = "ENCODING", default_value = "auto", value_parser = parse_encoding)]
        encoding: EncodingChoice,
        #[command(flatten)]
        common: Common,
    },
    /// List every rule: id, severity, kind and a one-line summary
    Rules {
        /// Run every rule's examples and report those that do not behave as documented
        #[arg(long)]
        self_test: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Show a rule's documentation
    Explain {
        rule: String,
        #[command(flatten)]
        common: Common,
    },
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let common = match &cli.command {
        Command::Check { common, .. }
        | Command::Rules { common, .. }
        | Command::Explain { common, .. } => common,
    };
    let lang = match common.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let rules = match load_rules(common.rules.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            report_rule_error(&e);
            return 2;
        }
    };
    match cli.command {
        Command::Check {
            paths,
            format,
            encoding,
            ..
        } => check(&paths, format, &rules, Options { lang, encoding }),
        Command::Rules {
            self_test: true, ..
        } => self_test(&rules),
        Command::Rules { .. } => {
            list_rules(&rules, lang);
            0
        }
        Command::Explain { rule, .. } => explain(&rules, &rule, lang),
    }
}

fn parse_encoding(label: &str) -> Result<EncodingChoice, String> {
    EncodingChoice::from_label(label).ok_or_else(|| {
        format!("unknown encoding `{label}` (try auto, utf-8, utf-16le, utf-16be, gb18030)")
    })
}

fn load_rules(dir: Option<&Path>) -> Result<RuleSet, RuleError> {
    let mut rules = RuleSet::builtin()?;
    if let Some(dir) = dir {
        rules.load_dir(dir)?;
    }
    Ok(rules)
}

fn stderr() -> StandardStream {
    StandardStream::stderr(if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    })
}

fn report_rule_error(e: &RuleError) {
    let file = SimpleFile::new(e.path.as_str(), e.text.as_str());
    let mut d = Diagnostic::error().with_message(format!("broken rule file: {}", e.message));
    match &e.span {
        Some(span) => {
            d = d.with_labels(vec![
                Label::primary((), span.clone()).with_message(&e.message),
            ])
        }
        None => d = d.with_notes(vec![format!("in {}", e.path)]),
    }
    let mut w = stderr();
    let _ = term::emit_to_write_style(&mut w, &Config::default(), &file, &d);
}

/// Files named by the arguments: files as given, directories walked, globs expanded. An
/// argument that names nothing is an unreadable input.
fn expand(args: &[String]) -> Vec<Result<PathBuf, Unreadable>> {
    let mut out = Vec::new();
    let nothing = |arg: &str, message: &str| Unreadable {
        path: arg.to_owned(),
        message: message.to_owned(),
        at: None,
    };
    for arg in args {
        if arg.contains(['*', '?', '[']) && !Path::new(arg).exists() {
            let mut found: Vec<PathBuf> = match glob::glob(arg) {
                Ok(paths) => paths
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect(),
                Err(e) => {
                    out.push(Err(nothing(arg, &format!("bad glob pattern: {e}"))));
                    continue;
                }
            };
            found.sort();
            if found.is_empty() {
                out.push(Err(nothing(arg, "no file matches this pattern")));
            }
            out.extend(found.into_iter().map(Ok));
        } else if Path::new(arg).is_dir() {
            let mut found = Vec::new();
            walk(Path::new(arg), &mut found);
            found.sort();
            if found.is_empty() {
                out.push(Err(nothing(
                    arg,
                    "the directory holds no table (.txt, .tsv, .csv, .xlsx or .xls file)",
                )));
            }
            out.extend(found.into_iter().map(Ok));
        } else {
            out.push(Ok(PathBuf::from(arg)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| match p {
        Ok(p) => seen.insert(p.clone()),
        Err(_) => true,
    });
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TABLE_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t)))
        {
            out.push(path);
        }
    }
}

fn check(paths: &[String], format: Format, rules: &RuleSet, options: Options) -> i32 {
    let outcomes: Vec<Outcome> = expand(paths)
        .into_iter()
        .flat_map(|p| match p {
            Ok(p) => lint::check_file(&p, rules, options),
            Err(e) => vec![Err(e)],
        })
        .collect();
    let report = Report {
        outcomes,
        lang: options.lang,
    };
    let counts = report.counts();
    let mut err = stderr();
    for e in report.outcomes.iter().filter_map(|o| o.as_ref().err()) {
        let place =
            e.at.map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
        let _ = err.set_color(ColorSpec::new().set_fg(Some(Color::Red)).set_bold(true));
        let _ = write!(err, "error");
        let _ = err.reset();
        let _ = writeln!(err, ": {}{place}: {}", e.path, e.message);
    }
    let mut stdout = std::io::stdout().lock();
    let written = match format {
        Format::Human => {
            let color = std::io::stdout().is_terminal();
            let mut buffer = if color {
                Buffer::ansi()
            } else {
                Buffer::no_color()
            };
            render::human::render(&report, &mut buffer)
                .and_then(|()| stdout.write_all(buffer.as_slice()))
        }
        Format::Short => stdout.write_all(render::short::render(&report).as_bytes()),
        Format::Json => stdout.write_all(render::json::render(&report).as_bytes()),
    };
    if written.is_err() {
        return 2;
    }
    if counts.unreadable > 0 {
        2
    } else if counts.errors > 0 {
        1
    } else {
        0
    }
}

fn list_rules(rules: &RuleSet, lang: Lang) {
    let id_w = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let kind_w = rules
        .rules
        .iter()
        .map(|r| r.kind.name.len())
        .max()
        .unwrap_or(0);
    for r in &rules.rules {
        let off = if r.enabled { "" } else { " (off)" };
        println!(
            "{:id_w$}  {:7}  {:kind_w$}  {}{off}",
            r.id,
            r.severity.as_str(),
            r.kind.name,
            r.summary.get(lang)
        );
    }
}

fn explain(rules: &RuleSet, id: &str, lang: Lang) -> i32 {
    let Some(r) = rules.get(id) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        eprintln!("jxlint: no rule `{id}`; the rules are: {}", ids.join(", "));
        return 2;
    };
    let (sev, kind, help, examples, source) = match lang {
        Lang::Zh => ("级别", "检查类型", "帮助", "示例", "定义于"),
        Lang::En => ("severity", "kind", "help", "examples", "defined in"),
    };
    println!("{}: {}", r.id, r.summary.get(lang));
    println!("{sev}: {}    {kind}: {}", r.severity.as_str(), r.kind.name);
    println!();
    println!("{}", r.doc.get(lang).trim());
    if let Some(h) = &r.help {
        println!();
        println!("{help}: {}", h.get(lang));
    }
    if !r.examples.is_empty() {
        println!();
        println!("{examples}:");
        for ex in &r.examples {
            let verdict = match (ex.expect, lang) {
                (crate::ruleset::Expect::Flag, Lang::Zh) => "报告",
                (crate::ruleset::Expect::Flag, Lang::En) => "flags",
                (crate::ruleset::Expect::Pass, Lang::Zh) => "不报告",
                (crate::ruleset::Expect::Pass, Lang::En) => "passes",
            };
            let body = ex
                .table
                .strip_prefix(crate::ruleset::EXAMPLE_HEADER)
                .unwrap_or(&ex.table);
            for (i, line) in body.lines().enumerate() {
                let shown = line.replace('\t', " | ");
                if i == 0 {
                    println!("  {verdict:6} {shown}");
                } else {
                    println!("         {shown}");
                }
            }
        }
    }
    println!();
    println!("{source}: {}", r.origin);
    0
}

fn self_test(rules: &RuleSet) -> i32 {
    let (checked, failures) = selftest::run(rules);
    for f in &failures {
        println!("FAIL {} ({}): {}", f.rule, f.place, f.message);
    }
    println!(
        "{} passed, {} failed",
        checked.saturating_sub(failures.len()),
        failures.len()
    );
    if failures.is_empty() { 0 } else { 1 }
}

/// Renders a run to a string without colour: what the snapshot tests compare.
pub fn render_human_plain(report: &Report) -> String {
    let mut buffer = Buffer::no_color();
    render::human::render(report, &mut buffer).expect("writing to memory");
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
