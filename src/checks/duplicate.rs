//! `duplicate-text`: a project's target text or indicator block copied from another project
//! (identical, or nearly so). Texts are compared as sets of character shingles, only against
//! the candidates the similarity index offers; the later copy is reported, with a label on the
//! first.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;

use crate::checks::{Check, Print};
use crate::diag::{Finding, Text};
use crate::model::text::fold_width;
use crate::model::{Document, Project};
use crate::similar;

pub const CASES: &[(&str, &[&str])] = &[
    ("target", &["project", "first", "similarity"]),
    ("indicators", &["project", "first", "similarity"]),
    ("target-elsewhere", &["project", "first", "path"]),
    ("indicators-elsewhere", &["project", "first", "path"]),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compared {
    Target,
    Indicators,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DuplicateText {
    #[serde(default = "both")]
    pub texts: Vec<Compared>,
    /// Jaccard similarity of the shingle sets at which two target texts count as copies (0–1].
    #[serde(default = "default_target_threshold")]
    pub target_threshold: f64,
    /// The same for indicator blocks. Higher than for prose: blocks are formulaic, and two
    /// honest blocks share much boilerplate (完成工作量, 100%, 提升).
    #[serde(default = "default_indicator_threshold")]
    pub indicator_threshold: f64,
    /// Characters per shingle.
    #[serde(default = "default_shingle")]
    pub shingle: usize,
    /// Target texts shorter than this (after normalisation) are not compared.
    #[serde(default = "default_min_chars")]
    pub min_chars: usize,
    /// Indicator blocks with fewer indicators are not compared: one shared indicator such as
    /// 完成工作量 is boilerplate, not a copy.
    #[serde(default = "default_min_indicators")]
    pub min_indicators: usize,
    /// Drop punctuation before comparing, so that `；` against `;` or `，` against `,` is no
    /// difference.
    #[serde(default = "yes")]
    pub ignore_punctuation: bool,
    /// Also report texts copied from another file of the run (the same after normalisation).
    #[serde(default = "yes")]
    pub cross_file: bool,
}

fn both() -> Vec<Compared> {
    vec![Compared::Target, Compared::Indicators]
}
fn default_target_threshold() -> f64 {
    0.85
}
fn default_indicator_threshold() -> f64 {
    0.95
}
fn default_shingle() -> usize {
    3
}
fn default_min_chars() -> usize {
    20
}
fn default_min_indicators() -> usize {
    2
}
fn yes() -> bool {
    true
}

/// One text prepared for comparison.
struct Prepared {
    /// The compared form: width folded, whitespace (and punctuation) removed.
    chars: Vec<char>,
    /// Shingle hashes; sorted and without repeats once `sorted` is set.
    shingles: Vec<u64>,
    sorted: bool,
}

impl Prepared {
    /// The shingle set, sorted: done once, and only for texts that are compared.
    fn set(&mut self) -> &[u64] {
        if !self.sorted {
            self.shingles = similar::to_set(std::mem::take(&mut self.shingles));
            self.sorted = true;
        }
        &self.shingles
    }
}

impl DuplicateText {
    fn prepare(&self, text: &str) -> Prepared {
        let chars: Vec<char> = text
            .chars()
            .map(fold_width)
            .filter(|c| !(c.is_whitespace() || self.ignore_punctuation && is_punctuation(*c)))
            .collect();
        let shingles = similar::shingles_unsorted(&chars, self.shingle);
        Prepared {
            chars,
            shingles,
            sorted: false,
        }
    }

    fn text_of(&self, what: Compared, p: &Project) -> Option<(String, Range<usize>)> {
        match what {
            Compared::Target => {
                let t = p.target.text.trim();
                let length = t
                    .chars()
                    .filter(|c| !fold_width(*c).is_whitespace())
                    .count();
                (length >= self.min_chars).then(|| (t.to_owned(), p.target_span.clone()))
            }
            Compared::Indicators => (p.indicators.len() >= self.min_indicators).then(|| {
                let block: Vec<&str> = p.indicators.iter().map(|i| i.text.as_str()).collect();
                (block.join("|"), p.indicator_span.clone())
            }),
        }
    }
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, '%' | '>' | '<' | '=' | '-' | '.' | '+')
        || matches!(
            c,
            '。' | '、'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '〔'
                | '〕'
                | '【'
                | '】'
                | '…'
                | '—'
                | '·'
        )
}

impl Check for DuplicateText {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        self.run_all(doc, out, &mut Vec::new());
    }

    fn run_all(&self, doc: &Document, out: &mut Vec<Finding>, prints: &mut Vec<Print>) {
        for &what in &self.texts {
            let (case, elsewhere, threshold) = match what {
                Compared::Target => ("target", "target-elsewhere", self.target_threshold),
                Compared::Indicators => (
                    "indicators",
                    "indicators-elsewhere",
                    self.indicator_threshold,
                ),
            };
            let min_bands = similar::min_bands(threshold);
            let mut seen: Vec<(usize, Prepared, Range<usize>)> = Vec::new();
            // Texts by the hash of their compared form; equal hashes are checked for equality.
            let mut exact: HashMap<u64, usize> = HashMap::new();
            let mut index = similar::Index::default();
            for (j, p) in doc.projects.iter().enumerate() {
                let Some((text, span)) = self.text_of(what, p) else {
                    continue;
                };
                let mut prep = self.prepare(&text);
                let hash = similar::chars_hash(&prep.chars);
                if self.cross_file {
                    prints.push(Print {
                        case: elsewhere,
                        hash,
                        span: span.clone(),
                        project: p.name.clone(),
                        place: [0; 4],
                    });
                }
                let keys = similar::band_keys(&prep.shingles);
                let first = match exact.get(&hash) {
                    Some(&k) if seen[k].1.chars == prep.chars => Some((k, 1.0)),
                    _ => index
                        .candidates(&keys, min_bands)
                        .into_iter()
                        .find_map(|k| {
                            let k = k as usize;
                            let (mine, other) = (prep.set(), seen[k].1.set());
                            // Jaccard is at most the ratio of the set sizes: skip the merge when
                            // that already falls short.
                            let (a, b) = (mine.len(), other.len());
                            if (a.min(b) as f64) < threshold * a.max(b) as f64 {
                                return None;
                            }
                            let s = similar::jaccard(mine, other);
                            (s >= threshold).then_some((k, s))
                        }),
                };
                if let Some((k, similarity)) = first {
                    let (i, _, first_span) = &seen[k];
                    let original = &doc.projects[*i];
                    out.push(
                        Finding::new(case, span)
                            .arg("project", &p.name)
                            .arg("first", &original.name)
                            .arg(
                                "similarity",
                                format!("{:.0}%", (similarity * 100.0).floor()),
                            )
                            .label(
                                first_span.clone(),
                                Text::new(
                                    format!("首次出现于“{}”", original.name),
                                    format!("first written for “{}”", original.name),
                                ),
                            )
                            .project(&p.name),
                    );
                    continue;
                }
                exact.entry(hash).or_insert(seen.len());
                index.insert(seen.len() as u32, &keys);
                seen.push((j, prep, span));
            }
        }
    }

    fn validate(&self) -> Result<(), String> {
        for (name, t) in [
            ("target_threshold", self.target_threshold),
            ("indicator_threshold", self.indicator_threshold),
        ] {
            if !(t > 0.0 && t <= 1.0) {
                return Err(format!("`{name}` must be greater than 0 and at most 1"));
            }
        }
        if self.shingle == 0 {
            return Err("`shingle` must be at least 1".to_owned());
        }
        Ok(())
    }
}
