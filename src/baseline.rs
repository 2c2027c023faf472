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

/// A path as waivers name it: `/` separators, no leading `./`.
pub fn normal_path(path: &str) -> String {
    path.replace('\\', "/").trim_start_matches("./").to_owned()
}

pub fn waiver_of(source: &SourceFile, d: &Diagnostic) -> Waiver {
    let mut path = normal_path(&source.display_path());
    if let Some(sheet) = &source.sheet {
        path = format!("{path}#{sheet}");
    }
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
        for w in file.waivers {
            *left.entry(w).or_insert(0) += 1;
        }
        Ok(Baseline {
            left,
            ..Baseline::default()
        })
    }

    /// Removes the waived diagnostics of a file; returns how many.
    pub fn apply(&mut self, source: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let before = diagnostics.len();
        let mut path = normal_path(&source.display_path());
        if let Some(sheet) = &source.sheet {
            path = format!("{path}#{sheet}");
        }
        self.checked.insert(path);
        diagnostics.retain(|d| {
            let w = waiver_of(source, d);
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
