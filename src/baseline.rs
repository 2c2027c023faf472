//! Waivers: a reviewer who accepts a finding records it in a baseline file, since tables have
//! no comment syntax. An entry is keyed by rule, file, project and the offending text, not by
//! line, so it survives rows moving. Waivers that match nothing in a file that was checked are
//! stale, and reported.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::source::SourceFile;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: String,
    pub path: String,
    #[serde(default)]
    pub project: String,
    /// The text at the finding's primary span.
    pub text: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub version: u32,
    pub waivers: Vec<Waiver>,
}

/// A path as waivers and per-path ignores name it: relative to the project root (the folder
/// of jxlint.toml, else the current one), with `.` and `..` resolved and `/` separators, so
/// that `audit/a.txt`, `./audit/a.txt`, `/home/me/proj/audit/a.txt` and, from inside `audit`,
/// `a.txt` are one file. A path outside the root stays absolute.
pub fn project_path(root: &Path, path: &str) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| lexical(&cwd.join(p));
    let (root, path) = (absolute(root), absolute(Path::new(path)));
    let shown = match path.strip_prefix(&root) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path,
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// `.` and `..` taken out without asking the file system (a path need not exist, and a
/// symbolic link is not followed).
fn lexical(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A waiver's path as written, evened out as [`project_path`] writes it (a relative path stays
/// relative to the root).
fn normalise_key(path: &str) -> String {
    let (file, sheet) = match path.split_once('#') {
        Some((f, s)) => (f, Some(s)),
        None => (path, None),
    };
    let file = file.replace('\\', "/");
    let even = if Path::new(&file).is_absolute() {
        lexical(Path::new(&file))
            .to_string_lossy()
            .replace('\\', "/")
    } else {
        let resolved = lexical(&Path::new("/").join(&file));
        resolved
            .to_string_lossy()
            .trim_start_matches('/')
            .replace('\\', "/")
    };
    match sheet {
        Some(s) => format!("{even}#{s}"),
        None => even,
    }
}

/// The path a waiver of `source` names: its project path, and `#sheet` for a workbook's.
fn source_key(root: &Path, source: &SourceFile) -> String {
    let path = project_path(root, &source.display_path());
    match &source.sheet {
        Some(sheet) => format!("{path}#{sheet}"),
        None => path,
    }
}

pub fn waiver_of(root: &Path, source: &SourceFile, d: &Diagnostic) -> Waiver {
    let path = source_key(root, source);
    Waiver {
        rule: d.rule.clone(),
        path,
        project: d.project.clone().unwrap_or_default(),
        text: source
            .text
            .get(d.span.clone())
            .unwrap_or_default()
            .to_owned(),
    }
}

/// The waivers of a run, each with how many findings it may still hide.
#[derive(Debug, Default)]
pub struct Baseline {
    left: BTreeMap<Waiver, usize>,
    used: BTreeMap<Waiver, usize>,
    /// Paths checked in this run: only their waivers can be stale.
    checked: std::collections::BTreeSet<String>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        let mut left = BTreeMap::new();
        for mut w in file.waivers {
            // Written by hand or by an older jxlint: `./`, `\\` and the like mean the same file.
            w.path = normalise_key(&w.path);
            *left.entry(w).or_insert(0) += 1;
        }
        Ok(Baseline {
            left,
            ..Baseline::default()
        })
    }

    /// Removes the waived diagnostics of a file; returns how many.
    pub fn apply(
        &mut self,
        root: &Path,
        source: &SourceFile,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> usize {
        let before = diagnostics.len();
        self.checked.insert(source_key(root, source));
        diagnostics.retain(|d| {
            let w = waiver_of(root, source, d);
            match self.left.get_mut(&w) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    *self.used.entry(w).or_insert(0) += 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.len()
    }

    /// Whether no waiver names a file of this run: a baseline written for other files, or
    /// for these under other paths.
    pub fn names_no_file(&self) -> bool {
        !self.left.is_empty() && self.left.keys().all(|w| !self.checked.contains(&w.path))
    }

    /// How many waivers the file holds.
    pub fn len(&self) -> usize {
        self.left.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.left.is_empty()
    }

    /// Waivers of checked files that hid nothing.
    pub fn stale(&self) -> Vec<&Waiver> {
        self.left
            .iter()
            .filter(|(w, n)| {
                **n > 0 && !self.used.contains_key(*w) && self.checked.contains(&w.path)
            })
            .map(|(w, _)| w)
            .collect()
    }
}

pub fn write(path: &Path, mut waivers: Vec<Waiver>) -> std::io::Result<()> {
    waivers.sort();
    let file = File {
        version: 1,
        waivers,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(path, text)
}
