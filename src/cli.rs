//! The command line: `check`, `rules`, `explain`. Exit status 0 when no error-severity
//! diagnostic, 1 when there is one, 2 for usage errors, unreadable input or a broken rule file.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{
    Buffer, Color, ColorChoice, ColorSpec, NoColor, StandardStream, WriteColor,
};
use codespan_reporting::term::{self, Config};

use crate::baseline::{self, Baseline};
use crate::batch::Batch;
use crate::config::{self, Loaded, PathIgnores};
use crate::diag::{Lang, Severity};
use crate::input::TABLE_EXTENSIONS;
use crate::input::decode::EncodingChoice;
use crate::lint::{Options, Outcome, Unreadable};
use crate::render::annotate::{Annotating, Target};
use crate::render::human::Human;
use crate::render::json::Json;
use crate::render::jsonl::JsonLines;
use crate::render::sarif::Sarif;
use crate::render::short::Short;
use crate::render::{self, Counts, Report, Sink, words};
use crate::ruleset::{RuleError, RuleSet};
use crate::selftest;
use crate::source::ColumnUnit;

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

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColumnUnitArg {
    Display,
    Char,
    Byte,
    Utf16,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum SeverityArg {
    Error,
    Warning,
    Note,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Short,
    Json,
    JsonLines,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(clap::Args, Default)]
struct Common {
    /// Load extra or overriding rule files (*.toml) from this directory
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Message language [default: zh]
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Settings file to use instead of the nearest jxlint.toml
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Ignore every jxlint.toml
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
    /// Built-in rule set: default, or national-2021 (成本指标 as a level-1 indicator)
    #[arg(long, value_name = "NAME")]
    rule_set: Option<String>,
    /// Run only these rules (comma-separated ids); replaces `select` of the config
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Do not run these rules (comma-separated ids); replaces `ignore` of the config
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Option<Vec<String>>,
}

#[derive(Subcommand)]
enum Command {
    /// Check tables: files (.txt/.tsv text, .csv, .xlsx/.xls workbooks), directories (walked
    /// for those) or globs such as "audit/**/*.txt" (expanded by jxlint itself)
    Check {
        #[arg(required = true, value_name = "PATH|GLOB")]
        paths: Vec<String>,
        /// Output format [default: human]
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Read text files in this encoding (utf-8, utf-16le, utf-16be, gb18030, gbk, …)
        /// instead of finding it from the bytes [default: auto]
        #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
        encoding: Option<EncodingChoice>,
        /// Read tables in this layout (guangzhou, long, form) instead of finding it from each
        /// table's header
        #[arg(long, value_name = "LAYOUT", value_parser = parse_layout)]
        layout: Option<&'static str>,
        /// Do not look for texts copied between files
        #[arg(long)]
        no_cross_file: bool,
        /// Exit 0 even when errors are found (unreadable input still exits 2)
        #[arg(long)]
        exit_zero: bool,
        /// Print counts per rule and the files with the most errors instead of the findings
        /// (human and short formats)
        #[arg(long)]
        statistics: bool,
        /// Do not read files in folders or glob results that match this glob (repeatable)
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
        /// How the short format counts columns: display (GCC's: wide characters 2, tabs to
        /// the next multiple of 8), char, byte or utf16 [default: display]
        #[arg(long, value_enum, value_name = "UNIT")]
        column_unit: Option<ColumnUnitArg>,
        /// Show errors only, and no summary line
        #[arg(long, short = 'q', conflicts_with = "min_severity")]
        quiet: bool,
        /// Show findings of this severity or worse: error, warning or note [default: note]
        #[arg(long, value_enum, value_name = "SEVERITY")]
        min_severity: Option<SeverityArg>,
        /// Hide the findings waived in this file; report waivers that match nothing
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Write every current finding to this waiver file, then exit 0
        #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
        write_baseline: Option<PathBuf>,
        /// Write the report to this file instead of the terminal (`--format html -o report.html`)
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write a copy of the one table checked as this .xlsx workbook, each finding marked at
        /// its cell (fill and note) and listed on a first sheet 检查结果
        #[arg(long, value_name = "OUT.xlsx", conflicts_with = "annotate_dir")]
        annotate: Option<PathBuf>,
        /// Write an annotated copy of every table checked into this folder, as DIR/<its path>.xlsx
        #[arg(long, value_name = "DIR")]
        annotate_dir: Option<PathBuf>,
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
    /// Run as a language server over stdin and stdout (for editors)
    Server {
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
        | Command::Explain { common, .. }
        | Command::Server { common } => common,
    };
    // Checking reads no rule documentation or examples, except into SARIF (its rule list
    // carries them) and HTML (its explanations): otherwise the built-in rules load without them.
    let documented = |config: &config::Config| match &cli.command {
        Command::Check { format, .. } => match format {
            Some(f) => matches!(f, Format::Sarif | Format::Html),
            None => config.format.as_ref().is_some_and(|f| {
                let f = f.get_ref();
                f.eq_ignore_ascii_case("sarif") || f.eq_ignore_ascii_case("html")
            }),
        },
        _ => true,
    };
    let settings = match settings(common, documented) {
        Ok(s) => s,
        Err(e) => {
            report_file_error(&e);
            return 2;
        }
    };
    let Settings {
        rules,
        lang,
        loaded,
    } = settings;
    let config = &loaded.config;
    match cli.command {
        Command::Check {
            paths,
            format,
            encoding,
            layout,
            no_cross_file,
            exit_zero,
            statistics,
            exclude,
            column_unit,
            quiet,
            min_severity,
            baseline,
            write_baseline,
            output,
            annotate,
            annotate_dir,
            ..
        } => {
            let from_config = |key: &Option<toml::Spanned<String>>| {
                key.as_ref().map(|v| (v.get_ref().clone(), v.span()))
            };
            let format = match format {
                Some(f) => f,
                None => match from_config(&config.format) {
                    Some((v, span)) => match Format::from_str(&v, true) {
                        Ok(f) => f,
                        Err(_) => {
                            report_file_error(&loaded.error(
                                Some(span),
                                format!(
                                    "unknown format `{v}` (human, short, json, json-lines, sarif, github, gitlab, junit, html)"
                                ),
                            ));
                            return 2;
                        }
                    },
                    None => Format::Human,
                },
            };
            let encoding = match encoding {
                Some(e) => e,
                None => match from_config(&config.encoding) {
                    Some((v, span)) => match parse_encoding(&v) {
                        Ok(e) => e,
                        Err(message) => {
                            report_file_error(&loaded.error(Some(span), message));
                            return 2;
                        }
                    },
                    None => EncodingChoice::Auto,
                },
            };
            let layout = match layout {
                Some(l) => Some(l),
                None => match from_config(&config.layout) {
                    Some((v, span)) => match parse_layout(&v) {
                        Ok(l) => Some(l),
                        Err(message) => {
                            report_file_error(&loaded.error(Some(span), message));
                            return 2;
                        }
                    },
                    None => None,
                },
            };
            let mut excluded = Vec::new();
            for glob in exclude.iter().map(String::as_str).chain(
                config
                    .exclude
                    .iter()
                    .flatten()
                    .map(|g| g.get_ref().as_str()),
            ) {
                match glob::Pattern::new(glob) {
                    Ok(p) => excluded.push(p),
                    Err(e) => {
                        let span = config
                            .exclude
                            .iter()
                            .flatten()
                            .find(|g| g.get_ref() == glob)
                            .map(|g| g.span());
                        let message = format!("bad glob pattern `{glob}`: {e}");
                        match span {
                            Some(span) => report_file_error(&loaded.error(Some(span), message)),
                            None => eprintln!("jxlint: --exclude: {message}"),
                        }
                        return 2;
                    }
                }
            }
            let run = Run {
                format,
                options: Options {
                    lang,
                    encoding,
                    layout,
                },
                cross_file: !no_cross_file && config.cross_file.unwrap_or(true),
                exit_zero: exit_zero || config.exit_zero.unwrap_or(false),
                statistics,
                exclude: excluded,
                column_unit: match column_unit {
                    Some(ColumnUnitArg::Char) => ColumnUnit::Char,
                    Some(ColumnUnitArg::Byte) => ColumnUnit::Byte,
                    Some(ColumnUnitArg::Utf16) => ColumnUnit::Utf16,
                    _ => ColumnUnit::Display,
                },
                root: loaded.base(),
                quiet,
                min_severity: match (quiet, min_severity) {
                    (true, _) | (_, Some(SeverityArg::Error)) => Severity::Error,
                    (_, Some(SeverityArg::Warning)) => Severity::Warning,
                    _ => Severity::Note,
                },
                baseline,
                write_baseline,
                output,
                annotate: match (annotate, annotate_dir) {
                    (Some(file), _) => Some(Target::File(file)),
                    (None, Some(dir)) => Some(Target::Dir(dir)),
                    (None, None) => None,
                },
                path_ignores: PathIgnores::new(config, &rules),
            };
            check(&paths, &rules, run)
        }
        Command::Rules {
            self_test: true, ..
        } => self_test(&rules),
        Command::Rules { .. } => {
            list_rules(&rules, lang);
            0
        }
        Command::Explain { rule, .. } => explain(&rules, &rule, lang),
        Command::Server { .. } => crate::server::run(lang),
    }
}

/// What every command needs: the rules as configured, the language, the config file.
struct Settings {
    rules: RuleSet,
    lang: Lang,
    loaded: Loaded,
}

/// Reads the config (named, found, or none), then loads and configures the rules. Flags win
/// over the file.
fn settings(
    common: &Common,
    documented: impl Fn(&config::Config) -> bool,
) -> Result<Settings, RuleError> {
    let here = std::env::current_dir().unwrap_or_default();
    settings_in(common, &here, documented)
}

/// The rules and language of a folder, as `jxlint check` run there would have them (the
/// nearest jxlint.toml from `dir` upward), with `lang` over the config's: what the language
/// server lints a workspace folder with. Also the project root (the config's folder, or `dir`).
pub fn workspace_settings(
    dir: &Path,
    lang: Option<Lang>,
) -> Result<(RuleSet, Lang, PathBuf), RuleError> {
    let common = Common {
        lang: lang.map(|l| match l {
            Lang::Zh => LangArg::Zh,
            Lang::En => LangArg::En,
        }),
        ..Common::default()
    };
    let s = settings_in(&common, dir, |_| true)?;
    let root = s
        .loaded
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
    Ok((s.rules, s.lang, root))
}

fn settings_in(
    common: &Common,
    dir: &Path,
    documented: impl Fn(&config::Config) -> bool,
) -> Result<Settings, RuleError> {
    let found = match &common.config {
        Some(path) => Some(path.clone()),
        None if common.isolated => None,
        None => config::discover(dir),
    };
    let loaded = match found {
        Some(path) => config::load(&path)?,
        None => Loaded::default(),
    };
    let c = &loaded.config;
    let documented = documented(c);
    let lang = match (common.lang, &c.lang) {
        (Some(LangArg::Zh), _) => Lang::Zh,
        (Some(LangArg::En), _) => Lang::En,
        (None, Some(l)) => match l.get_ref().as_str() {
            "zh" => Lang::Zh,
            "en" => Lang::En,
            other => {
                return Err(loaded.error(
                    Some(l.span()),
                    format!("unknown language `{other}` (zh or en)"),
                ));
            }
        },
        (None, None) => Lang::Zh,
    };
    let mut rules = match (&common.rule_set, &c.rule_set) {
        (Some(name), _) => RuleSet::builtin_set(name, documented)?,
        (None, Some(name)) => RuleSet::builtin_set(name.get_ref(), documented)
            .map_err(|e| loaded.error(Some(name.span()), e.message))?,
        (None, None) => RuleSet::builtin_with(documented)?,
    };
    for dir in &c.rules {
        rules.load_dir(&loaded.base().join(dir))?;
    }
    if let Some(dir) = &common.rules {
        rules.load_dir(dir)?;
    }
    config::check_ids(&loaded, &rules)?;
    let ids = |v: &Option<Vec<toml::Spanned<String>>>| {
        v.as_ref()
            .map(|v| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>())
    };
    let select = common.select.clone().or_else(|| ids(&c.select));
    let ignore = common.ignore.clone().or_else(|| ids(&c.ignore));
    for id in select.iter().chain(ignore.iter()).flatten() {
        if !rules.knows(id) {
            return Err(RuleError::at(
                "--select/--ignore",
                "",
                None,
                format!("no rule or group `{id}`; the rules are: {}", rules.names()),
            )
            .about("bad option"));
        }
    }
    for r in &mut rules.rules {
        // As in ruff: a selection replaces the default set (so it may turn on a rule that is
        // off by default); what is ignored is off whatever is selected.
        if let Some(select) = &select {
            r.enabled = select.iter().any(|n| r.is_named(n));
        }
        if ignore
            .as_ref()
            .is_some_and(|i| i.iter().any(|n| r.is_named(n)))
        {
            r.enabled = false;
        }
        // A severity set for the rule itself wins over one set for its group.
        let severity = c
            .severity
            .iter()
            .find(|(k, _)| *k.get_ref() == r.id)
            .or_else(|| c.severity.iter().find(|(k, _)| *k.get_ref() == r.group));
        if let Some(sev) = severity {
            r.severity = *sev.1;
        }
    }
    Ok(Settings {
        rules,
        lang,
        loaded,
    })
}

fn parse_layout(name: &str) -> Result<&'static str, String> {
    crate::layout::by_name(name)
        .map(|l| l.name())
        .ok_or_else(|| {
            format!(
                "unknown layout `{name}` (one of: {})",
                crate::layout::names().join(", ")
            )
        })
}

fn parse_encoding(label: &str) -> Result<EncodingChoice, String> {
    EncodingChoice::from_label(label).ok_or_else(|| {
        format!("unknown encoding `{label}` (try auto, utf-8, utf-16le, utf-16be, gb18030)")
    })
}

fn stderr() -> StandardStream {
    StandardStream::stderr(if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    })
}

/// A broken rule or config file, at its place.
fn report_file_error(e: &RuleError) {
    let file = SimpleFile::new(e.path.as_str(), e.text.as_str());
    let what = e.what;
    let mut d = Diagnostic::error().with_message(format!("{what}: {}", e.message));
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

/// The files of a run: named, or found in a folder or by a glob.
struct Expanded {
    files: Vec<Result<PathBuf, Unreadable>>,
    /// The display paths of the files found rather than named: one that is no table is
    /// skipped.
    found: std::collections::HashSet<String>,
    /// Files passed over unread, with why: Office lock files, hidden files, `--exclude`.
    passed_over: Vec<(PathBuf, &'static str)>,
}

/// Why a file found in a folder or by a glob is not read: an Office lock file (`~$…`), a hidden
/// file, or one excluded.
fn passed_over(path: &Path, exclude: &[glob::Pattern]) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    if name.starts_with("~$") {
        return Some("an Office lock file");
    }
    if name.starts_with('.') {
        return Some("a hidden file");
    }
    let shown = path.display().to_string().replace('\\', "/");
    let shown = shown.trim_start_matches("./");
    let options = glob::MatchOptions {
        require_literal_separator: false,
        ..glob::MatchOptions::new()
    };
    exclude
        .iter()
        .any(|p| p.matches_with(shown, options) || p.matches_with(name, options))
        .then_some("excluded")
}

/// Files named by the arguments: files as given, directories walked, globs expanded. An
/// argument that names nothing is an unreadable input.
fn expand(args: &[String], exclude: &[glob::Pattern]) -> Expanded {
    let mut out = Vec::new();
    let mut found = std::collections::HashSet::new();
    let mut skipped = Vec::new();
    let nothing = |arg: &str, message: &str| Unreadable {
        path: arg.to_owned(),
        message: message.to_owned(),
        at: None,
        not_a_table: false,
    };
    let mut keep = |paths: Vec<PathBuf>, out: &mut Vec<Result<PathBuf, Unreadable>>| {
        for p in paths {
            match passed_over(&p, exclude) {
                Some(why) => skipped.push((p, why)),
                None => {
                    found.insert(p.display().to_string());
                    out.push(Ok(p));
                }
            }
        }
    };
    for arg in args {
        if arg.contains(['*', '?', '[']) && !Path::new(arg).exists() {
            let mut paths: Vec<PathBuf> = match glob::glob(arg) {
                Ok(paths) => paths
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect(),
                Err(e) => {
                    out.push(Err(nothing(arg, &format!("bad glob pattern: {e}"))));
                    continue;
                }
            };
            paths.sort();
            if paths.is_empty() {
                out.push(Err(nothing(arg, "no file matches this pattern")));
            }
            keep(paths, &mut out);
        } else if Path::new(arg).is_dir() {
            let mut paths = Vec::new();
            walk(Path::new(arg), &mut paths);
            paths.sort();
            if paths.is_empty() {
                out.push(Err(nothing(
                    arg,
                    "the directory holds no table (.txt, .tsv, .csv, .xlsx or .xls file)",
                )));
            }
            keep(paths, &mut out);
        } else {
            out.push(Ok(PathBuf::from(arg)));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| match p {
        Ok(p) => seen.insert(p.clone()),
        Err(_) => true,
    });
    Expanded {
        files: out,
        found,
        passed_over: skipped,
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Hidden folders (.git, .venv) hold no department's tables.
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if path.is_dir() {
            if !hidden {
                walk(&path, out);
            }
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TABLE_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t)))
        {
            out.push(path);
        }
    }
}

/// How `check` runs, settled from flags and config.
struct Run {
    format: Format,
    options: Options,
    cross_file: bool,
    exit_zero: bool,
    statistics: bool,
    /// Globs of files in folders and glob results not to read (`--exclude`, `exclude =`).
    exclude: Vec<glob::Pattern>,
    column_unit: ColumnUnit,
    /// The folder of jxlint.toml, else the current one: what waivers and per-path ignores
    /// name files relative to.
    root: PathBuf,
    /// Errors only, and no summary line.
    quiet: bool,
    min_severity: Severity,
    baseline: Option<PathBuf>,
    write_baseline: Option<PathBuf>,
    /// Where the report goes instead of stdout.
    output: Option<PathBuf>,
    /// Where annotated copies of the tables go.
    annotate: Option<Target>,
    path_ignores: PathIgnores,
}

/// Large batches show a progress bar, on a terminal only.
const PROGRESS_FROM: usize = 50;

fn check(paths: &[String], rules: &RuleSet, run: Run) -> i32 {
    let lang = run.options.lang;
    let baseline = match &run.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => {
                match lang {
                    Lang::Zh => eprintln!("jxlint：豁免文件 {} 无法读取：{e}", path.display()),
                    Lang::En => eprintln!("jxlint: bad baseline {}: {e}", path.display()),
                }
                return 2;
            }
        },
        None => None,
    };
    let Expanded {
        files,
        found,
        passed_over,
    } = expand(paths, &run.exclude);
    for (path, why) in &passed_over {
        let why = match (lang, *why) {
            (Lang::Zh, "an Office lock file") => "Office 锁定文件",
            (Lang::Zh, "a hidden file") => "隐藏文件",
            (Lang::Zh, _) => "已排除",
            (Lang::En, why) => why,
        };
        match lang {
            Lang::Zh => eprintln!("提示：跳过 {}：{why}", path.display()),
            Lang::En => eprintln!("note: skipped {}: {why}", path.display()),
        }
    }
    let progress = if std::io::stderr().is_terminal() && files.len() >= PROGRESS_FROM {
        let style = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        indicatif::ProgressBar::new(files.len() as u64)
            .with_style(style)
            .with_message(match lang {
                Lang::Zh => "个文件",
                Lang::En => "files",
            })
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut sink: Box<dyn Sink> = match run.format {
        Format::Human => Box::new(Human {
            lang,
            statistics: run.statistics,
            summary: !run.quiet,
        }),
        Format::Short => Box::new(Short {
            statistics: run.statistics.then_some(lang),
            unit: run.column_unit,
        }),
        Format::Json => Box::new(Json::default()),
        Format::JsonLines => Box::new(JsonLines),
        Format::Sarif => Box::new(Sarif::new(rules, lang)),
        Format::Github => Box::new(render::ci::Github),
        Format::Gitlab => Box::new(render::ci::Gitlab::default()),
        Format::Junit => Box::new(render::ci::Junit::default()),
        Format::Html => Box::new(render::html::Html::new(rules, lang)),
    };
    // Canonical once for every output to be compared with.
    let checked = if run.output.is_some() || run.annotate.is_some() {
        canonical_inputs(&files)
    } else {
        HashSet::new()
    };
    let mut out: Box<dyn WriteColor> = match &run.output {
        Some(path) => match not_checked(path, &checked, lang).and_then(|()| {
            std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))
        }) {
            Ok(file) => Box::new(NoColor::new(std::io::BufWriter::new(file))),
            Err(message) => {
                eprintln!("jxlint: {message}");
                return 2;
            }
        },
        // A terminal sees each line as it is written; a pipe or file gets whole blocks (one
        // write a table, not four).
        None if std::io::stdout().is_terminal() => {
            Box::new(StandardStream::stdout(if run.format == Format::Human {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            }))
        }
        None => Box::new(NoColor::new(std::io::BufWriter::new(std::io::stdout()))),
    };
    if let Some(target) = &run.annotate
        && let Err(message) = annotation_targets(target, &files, &checked, lang)
    {
        eprintln!("jxlint: {message}");
        return 2;
    }
    let mut annotating = None;
    let inner: &mut dyn Sink = match &run.annotate {
        Some(target) => annotating.insert(Annotating::new(sink.as_mut(), target, lang)),
        None => sink.as_mut(),
    };
    // Unreadable files are named on stderr as they come, whatever the format.
    let mut announce = Announce { inner, lang };
    let batch = Batch {
        rules,
        options: run.options,
        cross_file: run.cross_file,
        path_ignores: run.path_ignores,
        baseline,
        collect_waivers: run.write_baseline.is_some(),
        min_severity: run.min_severity,
        found,
        passed_over: passed_over.len(),
        root: run.root.clone(),
    };
    let finished = match batch
        .run(files, &mut announce, out.as_mut(), &progress)
        .and_then(|f| out.flush().map(|()| f))
    {
        Ok(f) => f,
        Err(e) => {
            if let Some(path) = &run.output {
                eprintln!("jxlint: {}: {e}", path.display());
            }
            return 2;
        }
    };
    let counts = &finished.counts;
    let mut err = stderr();
    if let Some(a) = &annotating {
        for path in &a.written {
            let _ = match lang {
                Lang::Zh => writeln!(err, "jxlint：已写入标注副本 {}", path.display()),
                Lang::En => writeln!(err, "jxlint: wrote the annotated copy {}", path.display()),
            };
        }
        for why in &a.failed {
            let _ = match lang {
                Lang::Zh => writeln!(err, "jxlint：无法写入标注副本：{why}"),
                Lang::En => writeln!(err, "jxlint: could not write the annotated copy: {why}"),
            };
        }
        if !a.failed.is_empty() {
            return 2;
        }
    }
    if let Some(b) = &finished.baseline
        && b.names_no_file()
    {
        let root = std::env::current_dir().unwrap_or_default().join(&run.root);
        let _ = match lang {
            Lang::Zh => writeln!(
                err,
                "警告：豁免文件中的 {} 条豁免没有一条指向本次检查的文件（豁免中的路径相对于 {}）",
                b.len(),
                root.display()
            ),
            Lang::En => writeln!(
                err,
                "warning: none of the {} waivers in the baseline names a file of this run \
                 (waivers name files relative to {})",
                b.len(),
                root.display()
            ),
        };
    }
    if finished.baseline.is_some() {
        for w in &counts.stale {
            let _ = match lang {
                Lang::Zh => writeln!(
                    err,
                    "警告：豁免文件中的一条豁免已不匹配任何问题：{}，{}（项目“{}”）：“{}”",
                    w.rule, w.path, w.project, w.text
                ),
                Lang::En => writeln!(
                    err,
                    "warning: stale waiver in the baseline: {} in {} (project “{}”): “{}” matches nothing",
                    w.rule, w.path, w.project, w.text
                ),
            };
        }
    }
    if let Some(path) = &run.write_baseline {
        let n = finished.waivers.len();
        if let Err(e) = baseline::write(path, finished.waivers) {
            match lang {
                Lang::Zh => eprintln!("jxlint：无法写入 {}：{e}", path.display()),
                Lang::En => eprintln!("jxlint: cannot write {}: {e}", path.display()),
            }
            return 2;
        }
        match lang {
            Lang::Zh => eprintln!("jxlint：已把 {n} 条豁免写入 {}", path.display()),
            Lang::En => eprintln!("jxlint: wrote {n} waivers to {}", path.display()),
        }
        return if counts.unreadable > 0 { 2 } else { 0 };
    }
    if counts.unreadable > 0 {
        2
    } else if counts.errors > 0 && !run.exit_zero {
        1
    } else {
        0
    }
}

/// Refuses an annotation that cannot be right before anything is read: `--annotate` with
/// other than one file, to a name that is no .xlsx, or onto a file being checked.
fn annotation_targets(
    target: &Target,
    inputs: &[Result<PathBuf, Unreadable>],
    checked: &HashSet<PathBuf>,
    lang: Lang,
) -> Result<(), String> {
    let files: Vec<&PathBuf> = inputs.iter().filter_map(|f| f.as_ref().ok()).collect();
    if let Target::File(out) = target {
        if files.len() != 1 {
            return Err(match lang {
                Lang::Zh => format!(
                    "--annotate 只标注一个表格文件（这次有 {} 个）；多个文件请用 --annotate-dir 目录",
                    files.len()
                ),
                Lang::En => format!(
                    "--annotate takes one table file ({} here); use --annotate-dir DIR for several",
                    files.len()
                ),
            });
        }
        if !out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            return Err(match lang {
                Lang::Zh => format!(
                    "{}：标注副本是 .xlsx 工作簿，请用 .xlsx 结尾的文件名",
                    out.display()
                ),
                Lang::En => format!(
                    "{}: the annotated copy is an .xlsx workbook; name it .xlsx",
                    out.display()
                ),
            });
        }
    }
    for input in files {
        not_checked(&target.output_for(input), checked, lang)?;
    }
    Ok(())
}

/// The files of a run by their canonical paths: what no output may be written over.
fn canonical_inputs(inputs: &[Result<PathBuf, Unreadable>]) -> HashSet<PathBuf> {
    inputs
        .iter()
        .filter_map(|f| f.as_ref().ok())
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect()
}

/// Refuses `path` when it names a file being checked, by whatever path.
fn not_checked(path: &Path, checked: &HashSet<PathBuf>, lang: Lang) -> Result<(), String> {
    // A file that does not exist yet is no input.
    match std::fs::canonicalize(path) {
        Ok(p) if checked.contains(&p) => Err(match lang {
            Lang::Zh => format!("{} 是要检查的文件，jxlint 不会写入它", path.display()),
            Lang::En => format!(
                "{} is a file being checked; jxlint never writes to one",
                path.display()
            ),
        }),
        _ => Ok(()),
    }
}

/// Passes files to the output and names unreadable ones on stderr.
struct Announce<'a> {
    inner: &'a mut dyn Sink,
    lang: Lang,
}

impl Sink for Announce<'_> {
    fn file(&mut self, outcome: &Outcome, w: &mut dyn WriteColor) -> std::io::Result<()> {
        if let Err(e) = outcome {
            let mut err = stderr();
            let place =
                e.at.map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
            let _ = err.set_color(ColorSpec::new().set_fg(Some(Color::Red)).set_bold(true));
            let _ = write!(err, "{}", words::severity("error", self.lang));
            let _ = err.reset();
            let message = words::input(&e.message, self.lang);
            let _ = match self.lang {
                Lang::Zh => writeln!(err, "：{}{place}：{message}", e.path),
                Lang::En => writeln!(err, ": {}{place}: {message}", e.path),
            };
        }
        self.inner.file(outcome, w)
    }

    fn finish(&mut self, counts: &Counts, w: &mut dyn WriteColor) -> std::io::Result<()> {
        self.inner.finish(counts, w)
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
    let mut groups: Vec<&str> = crate::ruleset::GROUPS.iter().map(|g| g.0).collect();
    for r in &rules.rules {
        if !groups.contains(&r.group.as_str()) {
            groups.push(&r.group);
        }
    }
    let (on_word, off_word) = match lang {
        Lang::Zh => ("开启", "关闭"),
        Lang::En => ("on", "off"),
    };
    for group in groups {
        let members: Vec<&crate::ruleset::Rule> =
            rules.rules.iter().filter(|r| r.group == group).collect();
        if members.is_empty() {
            continue;
        }
        let about = crate::ruleset::GROUPS
            .iter()
            .find(|g| g.0 == group)
            .map_or("", |g| if lang == Lang::En { g.2 } else { g.1 });
        let on = members.iter().filter(|r| r.enabled).count();
        println!("[{group}] {about} ({on}/{} {on_word})", members.len());
        for r in members {
            let off = if r.enabled {
                String::new()
            } else {
                format!(" ({off_word})")
            };
            println!(
                "  {:id_w$}  {:7}  {:kind_w$}  {}{off}",
                r.id,
                r.severity.as_str(),
                r.kind.name,
                r.summary.get(lang)
            );
        }
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
