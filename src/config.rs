//! `jxlint.toml`: project settings, found from the current directory upward or named by
//! `--config`. Every key is optional; command-line flags win over the file. A bad file is
//! reported at its place, like a broken rule file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diag::Severity;
use crate::ruleset::{RuleError, RuleSet};

pub const FILE_NAME: &str = "jxlint.toml";
const BROKEN: &str = "broken config file";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Only these rules run.
    pub select: Option<Vec<Spanned<String>>>,
    /// These rules do not run.
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Severity per rule id.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Directories of extra or overriding rule files, relative to this file.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Rules ignored in files whose path matches a glob.
    #[serde(default)]
    pub per_path_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// human, short, json, json-lines or sarif.
    pub format: Option<Spanned<String>>,
    pub lang: Option<Spanned<String>>,
    pub encoding: Option<Spanned<String>>,
    /// Files in folders and glob results not to read.
    pub exclude: Option<Vec<Spanned<String>>>,
    /// The layout tables are in: guangzhou, long or form (found from the header when absent).
    pub layout: Option<Spanned<String>>,
    pub cross_file: Option<bool>,
    /// A built-in rule set: `default` or `national-2021`.
    pub rule_set: Option<Spanned<String>>,
    pub exit_zero: Option<bool>,
}

/// A config file as read: where it is, its text (for error places) and its settings.
#[derive(Debug, Default)]
pub struct Loaded {
    pub path: Option<PathBuf>,
    pub text: String,
    pub config: Config,
}

impl Loaded {
    pub fn error(&self, span: Option<std::ops::Range<usize>>, message: String) -> RuleError {
        let path = self
            .path
            .as_ref()
            .map_or(String::new(), |p| p.display().to_string());
        RuleError::at(&path, &self.text, span, message).about(BROKEN)
    }

    /// The directory the file's relative paths start from.
    pub fn base(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map_or_else(PathBuf::new, Path::to_path_buf)
    }
}

/// The nearest `jxlint.toml` from `dir` upward.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

pub fn load(path: &Path) -> Result<Loaded, RuleError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        RuleError::at(&name, "", None, format!("cannot read it: {e}")).about(BROKEN)
    })?;
    let config: Config = toml::from_str(&text)
        .map_err(|e| RuleError::at(&name, &text, e.span(), e.message().to_owned()).about(BROKEN))?;
    Ok(Loaded {
        path: Some(path.to_path_buf()),
        text,
        config,
    })
}

/// Checks that every rule id the file names exists.
pub fn check_ids(loaded: &Loaded, rules: &RuleSet) -> Result<(), RuleError> {
    let c = &loaded.config;
    let named = c
        .select
        .iter()
        .flatten()
        .chain(c.ignore.iter().flatten())
        .chain(c.severity.keys())
        .chain(c.per_path_ignores.values().flatten());
    for id in named {
        if !rules.knows(id.get_ref()) {
            return Err(loaded.error(
                Some(id.span()),
                format!(
                    "no rule or group `{}`; the rules are: {}",
                    id.get_ref(),
                    rules.names()
                ),
            ));
        }
    }
    for glob in c.per_path_ignores.keys() {
        if let Err(e) = glob::Pattern::new(glob.get_ref()) {
            return Err(loaded.error(Some(glob.span()), format!("bad glob pattern: {e}")));
        }
    }
    Ok(())
}

/// Rules to skip per file: globs matched against the path as given (with `/` separators).
#[derive(Debug, Default, Clone)]
pub struct PathIgnores {
    entries: Vec<(glob::Pattern, Vec<String>)>,
}

impl PathIgnores {
    /// The config's entries, with group names replaced by the ids of their rules.
    pub fn new(config: &Config, rules: &crate::ruleset::RuleSet) -> PathIgnores {
        PathIgnores {
            entries: config
                .per_path_ignores
                .iter()
                .filter_map(|(g, names)| {
                    let pattern = glob::Pattern::new(g.get_ref()).ok()?;
                    let ids = rules
                        .rules
                        .iter()
                        .filter(|r| names.iter().any(|n| r.is_named(n.get_ref())))
                        .map(|r| r.id.clone())
                        .collect();
                    Some((pattern, ids))
                })
                .collect(),
        }
    }

    pub fn ignores(&self, path: &str, rule: &str) -> bool {
        let path = path.replace('\\', "/");
        let path = path.trim_start_matches("./");
        self.entries
            .iter()
            .any(|(p, ids)| p.matches(path) && ids.iter().any(|i| i == rule))
    }
}
