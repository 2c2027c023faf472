//! Rule files: TOML, loaded strictly. A rule names a check kind, gives it parameters,
//! severity, messages in both languages, documentation and examples. The built-in rule files
//! are compiled in; `--rules DIR` adds rules and overrides them by id. A broken rule file is
//! reported at its place, like a source error.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

// The function build.rs makes the lean texts with; the tests check them against it.
#[cfg(test)]
mod lean;

use crate::checks::{self, Check, Kind};
use crate::diag::{Severity, Text};

/// A rule file built into the binary: its path, its text, and its text without documentation
/// and examples (`lean::without_docs`, applied by `build.rs`).
pub struct BuiltinFile {
    pub path: &'static str,
    pub text: &'static str,
    pub lean: &'static str,
}

macro_rules! builtin_file {
    ($path:literal) => {
        BuiltinFile {
            path: $path,
            text: include_str!(concat!("../", $path)),
            lean: include_str!(concat!(env!("OUT_DIR"), "/", $path)),
        }
    };
}

/// The rule files built into the binary.
pub const BUILTIN: &[BuiltinFile] = &[
    builtin_file!("rules/core.toml"),
    builtin_file!("rules/guidelines.toml"),
];

/// Built-in rule sets, each a layer over [`BUILTIN`]: what `--rule-set` and `rule-set` select.
pub const RULE_SETS: &[(&str, &[BuiltinFile])] = &[
    ("default", &[]),
    (
        "national-2021",
        &[builtin_file!("rules/national-2021/indicator-category.toml")],
    ),
];

/// The group of a rule whose file names none.
pub const CUSTOM_GROUP: &str = "custom";

/// The built-in groups, in the order `jxlint rules` shows them, with what they hold.
pub const GROUPS: &[(&str, &str, &str)] = &[
    (
        "core",
        "核心规则：金额、指标分类、周期与年度、复制、满意度、表格结构",
        "core rules: money, indicator categories, cycle and annual values, copies, satisfaction, table structure",
    ),
    (
        "guideline",
        "指南规则：填写要求与共性指标审核要点",
        "guideline rules: the filling instructions and the review points",
    ),
    (
        "pedantic",
        "细则（默认关闭）：排版与文字提取的痕迹、建议性的检查",
        "pedantic (off by default): layout and extraction traces, advisory checks",
    ),
];

/// The header every example table starts with.
pub const EXAMPLE_HEADER: &str =
    "项目名称\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标\n";

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    /// The group the rule belongs to (`core`, `guideline`, `pedantic`, or a rule file's own):
    /// `--select` and `--ignore` take group names as well as ids.
    pub group: String,
    pub kind: &'static Kind,
    pub severity: Severity,
    pub enabled: bool,
    pub summary: Text,
    pub doc: Text,
    pub help: Option<Text>,
    pub messages: BTreeMap<String, Text>,
    pub check: Box<dyn Check>,
    pub examples: Vec<Example>,
    /// The file the rule (or its last override) came from.
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// The rule must report at least one diagnostic (exactly `count`, if given).
    Flag,
    /// The rule must report nothing.
    Pass,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub expect: Expect,
    pub count: Option<usize>,
    /// The whole table the example stands for.
    pub table: String,
    /// Where the example is written: file and line.
    pub place: String,
}

/// A rule file that cannot be used, with the place and the reason.
#[derive(Debug, Clone)]
pub struct RuleError {
    pub path: String,
    pub text: String,
    pub span: Option<Range<usize>>,
    pub message: String,
    /// What the file is, for the headline: "broken rule file", "broken config file", ….
    pub what: &'static str,
}

impl RuleError {
    pub fn at(
        path: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> RuleError {
        RuleError {
            path: path.to_owned(),
            text: text.to_owned(),
            span,
            message: message.into(),
            what: "broken rule file",
        }
    }

    /// The same error, headed as being about something else than a rule file.
    pub fn about(mut self, what: &'static str) -> RuleError {
        self.what = what;
        self
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    kind: Option<Spanned<String>>,
    group: Option<Spanned<String>>,
    severity: Option<Severity>,
    enabled: Option<bool>,
    summary: Option<Text>,
    doc: Option<Text>,
    help: Option<Text>,
    messages: Option<Spanned<BTreeMap<String, Spanned<Text>>>>,
    /// Taken out before the rule is read (see `read_file`); here so that it is a known key.
    #[allow(dead_code)]
    params: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    examples: Vec<Spanned<RawExample>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    expect: Expect,
    count: Option<usize>,
    indicators: Option<String>,
    rows: Option<String>,
    table: Option<String>,
}

/// The placeholders of a message template, in order: each `{name}` (no brace inside) as the
/// range of its braces. A scan, not a regular expression: compiling one was an eighth of the
/// work of checking one table.
fn placeholders(template: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(close) = template[from..].find('}').map(|i| from + i) {
            let open = template[from..close].rfind('{').map(|i| from + i);
            from = close + 1;
            if let Some(open) = open {
                return Some(open..close + 1);
            }
        }
        None
    })
}

#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The built-in rules with a named rule set's files over them (`default` adds nothing).
    /// A built-in rule set; `documented` says whether rules keep their documentation and
    /// examples (which only `explain`, `rules` and `--self-test` read).
    pub fn builtin_set(name: &str, documented: bool) -> Result<RuleSet, RuleError> {
        let Some((_, files)) = RULE_SETS.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = RULE_SETS.iter().map(|(n, _)| *n).collect();
            return Err(RuleError::at(
                "--rule-set",
                "",
                None,
                format!(
                    "no rule set `{name}`; the rule sets are: {}",
                    names.join(", ")
                ),
            )
            .about("bad option"));
        };
        let mut set = RuleSet::builtin_with(documented)?;
        if !files.is_empty() {
            set.load_builtin(files, documented)?;
        }
        Ok(set)
    }

    /// The built-in rules, documented.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        RuleSet::builtin_with(true)
    }

    pub fn builtin_with(documented: bool) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        set.load_builtin(BUILTIN, documented)?;
        Ok(set)
    }

    /// Loads built-in files. Undocumented, they are read without their documentation and
    /// examples, most of their text. Should that text not load (it always does; a test holds
    /// it to that), the full files are loaded, so that an error names its true place.
    fn load_builtin(&mut self, files: &[BuiltinFile], documented: bool) -> Result<(), RuleError> {
        let owned = |lean: bool| {
            files
                .iter()
                .map(|f| {
                    (
                        f.path.to_owned(),
                        if lean { f.lean } else { f.text }.to_owned(),
                    )
                })
                .collect()
        };
        if !documented && self.load_layer_with(owned(true), false).is_ok() {
            return Ok(());
        }
        self.load_layer(owned(false))
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Whether `name` is a rule id or a group of these rules.
    pub fn knows(&self, name: &str) -> bool {
        self.rules.iter().any(|r| r.id == name || r.group == name)
    }

    /// Rule ids and group names, for messages about a name that is neither.
    pub fn names(&self) -> String {
        let mut groups: Vec<&str> = Vec::new();
        for r in &self.rules {
            if !groups.contains(&r.group.as_str()) {
                groups.push(&r.group);
            }
        }
        let ids: Vec<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
        format!("{}; the groups are: {}", ids.join(", "), groups.join(", "))
    }

    /// Loads every `*.toml` file of `dir` (sorted by name) as one layer over the rules so far.
    pub fn load_dir(&mut self, dir: &Path) -> Result<(), RuleError> {
        let fail = |msg: String| RuleError::at(&dir.display().to_string(), "", None, msg);
        let entries = std::fs::read_dir(dir)
            .map_err(|e| fail(format!("cannot read the rules directory: {e}")))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
            })
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(fail("the rules directory holds no .toml file".to_owned()));
        }
        let mut files = Vec::new();
        for p in paths {
            let name = p.display().to_string();
            let bytes = std::fs::read(&p)
                .map_err(|e| RuleError::at(&name, "", None, format!("cannot read: {e}")))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                RuleError::at(
                    &name,
                    "",
                    None,
                    format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
                )
            })?;
            files.push((name, text));
        }
        self.load_layer(files)
    }

    /// Files of one layer may not repeat an id among themselves; they may override earlier layers.
    fn load_layer(&mut self, files: Vec<(String, String)>) -> Result<(), RuleError> {
        self.load_layer_with(files, true)
    }

    /// `documented`: a rule of its own must have documentation. Each file is read on its own
    /// (parsed, its checks built), then merged into the rules so far. (Reading the two
    /// built-in files on two threads made a one-table run slower: a new thread's allocator
    /// heap costs more than half the reading.)
    fn load_layer_with(
        &mut self,
        files: Vec<(String, String)>,
        documented: bool,
    ) -> Result<(), RuleError> {
        let mut layer: HashMap<String, (String, Range<usize>)> = HashMap::new();
        for (path, text) in &files {
            let reading = read_file(path, text, documented)?;
            self.merge_file(path, text, reading, &mut layer)?;
        }
        Ok(())
    }

    /// Adds a file's rules, each in its place: a new id at the end, a known one where it was.
    fn merge_file(
        &mut self,
        path: &str,
        text: &str,
        reading: Vec<ReadRule<'_>>,
        layer: &mut HashMap<String, (String, Range<usize>)>,
    ) -> Result<(), RuleError> {
        for read in reading {
            let (id, id_span) = (read.id.get_ref().clone(), read.id.span());
            let err = |span: Range<usize>, msg: String| RuleError::at(path, text, Some(span), msg);
            if !valid_id(&id) {
                return Err(err(
                    id_span,
                    format!("rule id `{id}` must be lowercase letters, digits and `-`"),
                ));
            }
            if let Some((other_path, _)) = layer.get(&id) {
                return Err(err(
                    id_span,
                    format!("duplicate rule id `{id}`: it is also defined in {other_path}"),
                ));
            }
            layer.insert(id.clone(), (path.to_owned(), id_span.clone()));
            let existing = self.rules.iter().position(|r| r.id == id);
            let rule = match (read.rule?, existing) {
                (Reading::Whole(rule), _) => *rule,
                (Reading::Override { .. }, None) => {
                    return Err(err(
                        id_span,
                        format!(
                            "rule `{id}` is not a built-in rule, so it needs a `kind` (one of: {})",
                            kind_names()
                        ),
                    ));
                }
                (
                    Reading::Override {
                        raw,
                        params,
                        examples,
                    },
                    Some(at),
                ) => {
                    // An override: change what is given, keep the rest.
                    let mut rule = self.rules.remove(at);
                    if let Some(p) = params {
                        rule.check =
                            build_check(path, text, rule.kind, Some(p), read.span.clone())?;
                    }
                    if let Some(s) = raw.severity {
                        rule.severity = s;
                    }
                    if let Some(e) = raw.enabled {
                        rule.enabled = e;
                    }
                    if let Some(g) = &raw.group {
                        rule.group = g.get_ref().clone();
                    }
                    rule.summary = raw.summary.unwrap_or(rule.summary);
                    rule.doc = raw.doc.unwrap_or(rule.doc);
                    rule.help = raw.help.or(rule.help);
                    if let Some(m) = raw.messages {
                        let m = messages(path, text, rule.kind, m, false)?;
                        rule.messages.extend(m);
                    }
                    if !examples.is_empty() {
                        rule.examples = examples;
                    }
                    rule.origin = path.to_owned();
                    self.rules.insert(at, rule);
                    continue;
                }
            };
            match existing {
                Some(at) => self.rules[at] = rule,
                None => self.rules.push(rule),
            }
        }
        Ok(())
    }
}

/// A rule of a file as read on its own, before it meets the rules loaded so far.
struct ReadRule<'t> {
    id: Spanned<String>,
    span: Range<usize>,
    /// What the rule is, or the first thing wrong with it after its id.
    rule: Result<Reading<'t>, RuleError>,
}

enum Reading<'t> {
    /// A rule with a kind: built whole.
    Whole(Box<Rule>),
    /// A rule without one overrides a rule loaded before; what it gives is applied then.
    Override {
        raw: Box<RawRule>,
        params: Option<Spanned<DeValue<'t>>>,
        examples: Vec<Example>,
    },
}

/// Parses a rule file and builds each rule that names its kind.
fn read_file<'t>(
    path: &str,
    text: &'t str,
    documented: bool,
) -> Result<Vec<ReadRule<'t>>, RuleError> {
    let toml_err =
        |e: toml::de::Error| RuleError::at(path, text, e.span(), e.message().trim().to_owned());
    let mut root = DeTable::parse(text).map_err(toml_err)?;
    // Each rule's `params` is taken out of the parsed file before the rest is read (the
    // check of its kind reads them), so that the file is not copied for it.
    let mut params_of: Vec<Option<Spanned<DeValue<'t>>>> = Vec::new();
    if let Some(DeValue::Array(rules)) = root.get_mut().get_mut("rule").map(|r| r.get_mut()) {
        for rule in rules.iter_mut() {
            params_of.push(match rule.get_mut() {
                DeValue::Table(rule) => rule.remove("params"),
                _ => None,
            });
        }
    }
    let file = RawFile::deserialize(toml::de::Deserializer::from(root)).map_err(toml_err)?;
    let mut reading = Vec::with_capacity(file.rule.len());
    for (i, spanned) in file.rule.into_iter().enumerate() {
        let span = spanned.span();
        let mut raw = spanned.into_inner();
        let id = std::mem::replace(&mut raw.id, Spanned::new(0..0, String::new()));
        let params = params_of.get_mut(i).and_then(Option::take);
        let rule = read_rule(
            path,
            text,
            id.get_ref(),
            raw,
            params,
            span.clone(),
            documented,
        );
        reading.push(ReadRule { id, span, rule });
    }
    Ok(reading)
}

fn read_rule<'t>(
    path: &str,
    text: &str,
    id: &str,
    raw: RawRule,
    params: Option<Spanned<DeValue<'t>>>,
    rule_span: Range<usize>,
    documented: bool,
) -> Result<Reading<'t>, RuleError> {
    let err = |span: Range<usize>, msg: String| RuleError::at(path, text, Some(span), msg);
    let examples = raw
        .examples
        .iter()
        .map(|e| example(path, text, e))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(kind_name) = &raw.kind else {
        return Ok(Reading::Override {
            raw: Box::new(raw),
            params,
            examples,
        });
    };
    let kind = checks::kind(kind_name.get_ref()).ok_or_else(|| {
        err(
            kind_name.span(),
            format!(
                "unknown check kind `{}`; the kinds are: {}",
                kind_name.get_ref(),
                kind_names()
            ),
        )
    })?;
    let need = |what: &str| {
        err(
            rule_span.clone(),
            format!("rule `{id}` is missing `{what}`"),
        )
    };
    let severity = raw.severity.ok_or_else(|| need("severity"))?;
    let summary = raw.summary.ok_or_else(|| need("summary"))?;
    let doc = match raw.doc {
        Some(doc) => doc,
        None if !documented => Text::default(),
        None => return Err(need("doc")),
    };
    let m = raw.messages.ok_or_else(|| need("messages"))?;
    let messages = messages(path, text, kind, m, true)?;
    let check = build_check(path, text, kind, params, rule_span.clone())?;
    let group = match &raw.group {
        Some(g) if !valid_id(g.get_ref()) => {
            return Err(err(
                g.span(),
                format!(
                    "group `{}` must be lowercase letters, digits and `-`",
                    g.get_ref()
                ),
            ));
        }
        Some(g) => g.get_ref().clone(),
        None => CUSTOM_GROUP.to_owned(),
    };
    Ok(Reading::Whole(Box::new(Rule {
        id: id.to_owned(),
        group,
        kind,
        severity,
        enabled: raw.enabled.unwrap_or(true),
        summary,
        doc,
        help: raw.help,
        messages,
        check,
        examples,
        origin: path.to_owned(),
    })))
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn kind_names() -> String {
    checks::KINDS
        .iter()
        .map(|k| k.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn build_check(
    path: &str,
    text: &str,
    kind: &Kind,
    params: Option<Spanned<DeValue<'_>>>,
    rule_span: Range<usize>,
) -> Result<Box<dyn Check>, RuleError> {
    let span = params.as_ref().map_or(rule_span.clone(), |p| p.span());
    let built = match params {
        Some(p) => (kind.build)(ValueDeserializer::from(p)),
        None => (kind.build)(ValueDeserializer::parse("{}").expect("an empty table parses")),
    };
    let check = built.map_err(|e| {
        let at = e
            .span()
            .filter(|s| s.end <= text.len() && params_given(&span, &rule_span))
            .unwrap_or(span.clone());
        RuleError::at(
            path,
            text,
            Some(at),
            format!(
                "bad `params` for kind `{}`: {}",
                kind.name,
                e.message().trim()
            ),
        )
    })?;
    check.validate().map_err(|m| {
        RuleError::at(
            path,
            text,
            Some(span),
            format!("bad `params` for kind `{}`: {m}", kind.name),
        )
    })?;
    Ok(check)
}

/// Whether the error spans can be trusted: they are, when they come from the rule's own text.
fn params_given(span: &Range<usize>, rule_span: &Range<usize>) -> bool {
    span != rule_span
}

fn messages(
    path: &str,
    text: &str,
    kind: &Kind,
    given: Spanned<BTreeMap<String, Spanned<Text>>>,
    complete: bool,
) -> Result<BTreeMap<String, Text>, RuleError> {
    let span = given.span();
    let given = given.into_inner();
    let mut out = BTreeMap::new();
    for (case, msg) in given {
        let Some((_, allowed)) = kind.cases.iter().find(|(c, _)| *c == case) else {
            let cases: Vec<&str> = kind.cases.iter().map(|c| c.0).collect();
            return Err(RuleError::at(
                path,
                text,
                Some(msg.span()),
                format!(
                    "kind `{}` has no message `{case}`; its messages are: {}",
                    kind.name,
                    cases.join(", ")
                ),
            ));
        };
        for lang_text in [&msg.get_ref().zh, &msg.get_ref().en] {
            for at in placeholders(lang_text) {
                let name = &lang_text[at.start + 1..at.end - 1];
                if !allowed.contains(&name) {
                    let names: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                    return Err(RuleError::at(
                        path,
                        text,
                        Some(msg.span()),
                        format!(
                            "message `{case}` uses the unknown placeholder {{{name}}}; it may use: {}",
                            if names.is_empty() {
                                "none".to_owned()
                            } else {
                                names.join(" ")
                            }
                        ),
                    ));
                }
            }
        }
        out.insert(case, msg.into_inner());
    }
    if complete {
        let missing: Vec<&str> = kind
            .cases
            .iter()
            .map(|c| c.0)
            .filter(|c| !out.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(RuleError::at(
                path,
                text,
                Some(span),
                format!(
                    "`messages` lacks: {} (kind `{}` needs each)",
                    missing.join(", "),
                    kind.name
                ),
            ));
        }
    }
    Ok(out)
}

fn example(path: &str, text: &str, e: &Spanned<RawExample>) -> Result<Example, RuleError> {
    let raw = e.get_ref();
    let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..e.span().start]).count() + 1;
    let table = match (&raw.indicators, &raw.rows, &raw.table) {
        (Some(ind), None, None) => {
            format!(
                "{EXAMPLE_HEADER}示例项目\t\t\t\t\t示例项目的绩效目标。\t{}\n",
                ind.trim()
            )
        }
        (None, Some(rows), None) => format!("{EXAMPLE_HEADER}{}\n", rows.trim_matches('\n')),
        (None, None, Some(table)) => table.clone(),
        _ => {
            return Err(RuleError::at(
                path,
                text,
                Some(e.span()),
                "an example gives exactly one of `indicators`, `rows` or `table`",
            ));
        }
    };
    Ok(Example {
        expect: raw.expect,
        count: raw.count,
        table,
        place: format!("{path}:{line}"),
    })
}

/// Fills a message template's `{placeholders}`.
/// A value quoted `“{x}”` that holds such quotes itself (`“散乱污”整治经费`) is quoted `「…」`
/// instead, so that the quotes still pair.
pub fn fill(template: &str, args: &[(&'static str, Text)], lang: crate::diag::Lang) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = 0;
    for at in placeholders(template) {
        let name = &template[at.start + 1..at.end - 1];
        let Some((_, value)) = args.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        let value = value.get(lang);
        let (before, after) = (&template[rest..at.start], &template[at.end..]);
        if value.contains(['“', '”']) && before.ends_with('“') && after.starts_with('”') {
            out.push_str(&before[..before.len() - '“'.len_utf8()]);
            out.push('「');
            out.push_str(value);
            out.push('」');
            rest = at.end + '”'.len_utf8();
        } else {
            out.push_str(before);
            out.push_str(value);
            rest = at.end;
        }
    }
    let rest = &template[rest..];
    out.push_str(rest);
    out
}

impl Rule {
    /// Whether `name` (from `--select`, `--ignore`, a config) names this rule or its group.
    pub fn is_named(&self, name: &str) -> bool {
        self.id == name || self.group == name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule of every built-in set loads the same without its documentation, apart from
    /// the documentation and examples; and the stripped text is much shorter.
    #[test]
    fn rules_load_the_same_without_their_documentation() {
        for (name, _) in RULE_SETS {
            let full = RuleSet::builtin_set(name, true).unwrap();
            let lean = RuleSet::builtin_set(name, false).unwrap();
            assert_eq!(full.rules.len(), lean.rules.len(), "{name}");
            for (f, l) in full.rules.iter().zip(&lean.rules) {
                assert!(!f.doc.zh.is_empty() && !f.examples.is_empty(), "{}", f.id);
                assert!(l.doc.zh.is_empty() && l.examples.is_empty(), "{}", l.id);
                let shown = |r: &Rule| {
                    format!(
                        "{} {} {:?} {} {:?} {:?} {:?} {:?} {}",
                        r.id,
                        r.kind.name,
                        r.severity,
                        r.enabled,
                        r.summary,
                        r.help,
                        r.messages,
                        r.check,
                        r.origin
                    )
                };
                assert_eq!(shown(f), shown(l));
            }
        }
        for f in BUILTIN
            .iter()
            .chain(RULE_SETS.iter().flat_map(|(_, files)| *files))
        {
            assert_eq!(f.lean, lean::without_docs(f.text), "{}", f.path);
        }
        for f in BUILTIN {
            assert!(f.lean.len() * 2 < f.text.len(), "{}", f.path);
        }
    }

    #[test]
    fn a_quoted_value_that_holds_quotes_is_quoted_otherwise() {
        let args = [
            ("project", Text::new("“散乱污”整治经费", "“散乱污”整治经费")),
            ("n", Text::new("3", "3")),
        ];
        let lang = crate::diag::Lang::Zh;
        assert_eq!(
            fill("项目“{project}”缺少 {n} 条", &args, lang),
            "项目「“散乱污”整治经费」缺少 3 条"
        );
        assert_eq!(fill("{n}{missing}", &args, lang), "3{missing}");
    }
}
