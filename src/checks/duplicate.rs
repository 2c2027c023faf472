//! `duplicate-text`: a project's target text or indicator block copied from another project
//! (identical, or nearly so). Texts are compared as sets of character shingles, only against
//! the candidates the similarity index offers; the later copy is reported, with a label on the
//! first.

use std::ops::Range;

use serde::Deserialize;

use crate::checks::value::numbers;
use crate::checks::{Check, Print};
use crate::diag::{Finding, Text};
use crate::model::text::fold_width;
use crate::model::{Document, Project};
use crate::similar;

pub const CASES: &[(&str, &[&str])] = &[
    ("target", &["project", "first", "similarity", "first_where"]),
    (
        "indicators",
        &["project", "first", "similarity", "first_where"],
    ),
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

/// A compared text: a target, or the items of an indicator block.
#[derive(Clone, Copy)]
enum Parts<'a> {
    One(&'a str),
    /// A project's indicator items.
    Items(&'a Project),
}

impl<'a> Parts<'a> {
    fn iter(self) -> impl Iterator<Item = &'a str> {
        let (one, items) = match self {
            Parts::One(t) => (Some(t), None),
            Parts::Items(p) => (None, Some(p)),
        };
        let items = items
            .into_iter()
            .flat_map(|p| p.indicators.iter().map(|i| p.text(&i.text)));
        one.into_iter().chain(items)
    }

    fn len(self) -> usize {
        match self {
            Parts::One(_) => 1,
            Parts::Items(p) => p.indicators.len(),
        }
    }
}

/// Targets of at most this many characters (as compared) that fall short of the shingle
/// threshold are compared again by edit distance: in a short text, two inserted characters
/// (`全面确保` for `确保`) break a large share of the shingles.
const SHORT_TARGET: usize = 64;
/// Shingle similarity below which two texts are not compared by edit distance.
const EDIT_FLOOR: f64 = 0.6;
/// Estimated similarity below which two targets are not compared at all: three standard
/// deviations of the estimate below the lowest bar.
const ESTIMATE_FLOOR: f64 = EDIT_FLOOR - 0.15;

impl DuplicateText {
    /// The text of a project that is compared, with its span: `None` when it is too short to
    /// say anything. Indicator blocks are their items' texts, in order.
    fn text_of<'a>(&self, what: Compared, p: &'a Project) -> Option<(Parts<'a>, Range<usize>)> {
        match what {
            Compared::Target => {
                let t = p.target.text.trim();
                // Counted only as far as the bar: this is asked of every target.
                let long_enough = t
                    .chars()
                    .filter(|c| !fold_width(*c).is_whitespace())
                    .take(self.min_chars)
                    .count()
                    >= self.min_chars;
                long_enough.then(|| (Parts::One(t), p.target_span.clone()))
            }
            Compared::Indicators => (p.indicators.len() >= self.min_indicators)
                .then(|| (Parts::Items(p), p.indicator_span.clone())),
        }
    }

    /// The compared form of a text, character by character: width folded, whitespace (and
    /// punctuation) removed; the items of a block separated by `|` where punctuation counts.
    fn compared<'a>(&'a self, parts: Parts<'a>) -> impl Iterator<Item = char> + 'a {
        parts.iter().enumerate().flat_map(|(i, t)| {
            (i > 0)
                .then_some('|')
                .into_iter()
                .chain(self.compared_one(t))
        })
    }

    /// The compared form of one text.
    fn compared_one<'a>(&'a self, text: &'a str) -> impl Iterator<Item = char> + 'a {
        text.chars()
            .map(fold_width)
            .filter(|&c| !(c.is_whitespace() || self.ignore_punctuation && is_punctuation(c)))
    }

    /// The hash of one item's compared form, from its bytes: most of an item is CJK
    /// ideographs, which neither fold nor count as whitespace or punctuation.
    fn item_hash(&self, text: &str, ascii: &[bool; 128]) -> u64 {
        similar::bytes_hash(text, ascii, fold_width, |c| self.is_compared(c))
    }

    /// Whether a character counts in the compared form (once width folded).
    fn is_compared(&self, c: char) -> bool {
        !(c.is_whitespace() || self.ignore_punctuation && is_punctuation(c))
    }

    /// [`DuplicateText::compared`] into `out` (cleared first), in one tight loop over the
    /// bytes: the form every target is sketched from. `ascii` is which ASCII characters count
    /// ([`similar::ascii_kept`]); a CJK ideograph (lead byte 0xE4–0xE9) always counts, and
    /// is decoded without asking.
    fn compared_into(&self, parts: Parts, ascii: &[bool; 128], out: &mut Vec<char>) {
        out.clear();
        for (i, t) in parts.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            let bytes = t.as_bytes();
            let mut k = 0;
            while k < bytes.len() {
                let b = bytes[k];
                if b < 0x80 {
                    if ascii[usize::from(b)] {
                        out.push(char::from(b));
                    }
                    k += 1;
                } else if (0xE4..=0xE9).contains(&b) {
                    let c = u32::from(b & 0x0F) << 12
                        | u32::from(bytes[k + 1] & 0x3F) << 6
                        | u32::from(bytes[k + 2] & 0x3F);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    k += 3;
                } else {
                    let c = t[k..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                    k += c.len_utf8();
                    out.extend(self.compared_one(c.encode_utf8(&mut [0; 4])));
                }
            }
        }
    }

    /// How alike two candidate texts are, if they count as copies: the Jaccard similarity of
    /// their shingle sets; for short targets that fall short of it, one minus the edit
    /// distance over the longer length.
    fn similarity(
        &self,
        what: Compared,
        mine: &[u64],
        other: &[u64],
        my_parts: Parts,
        other_parts: Parts,
        threshold: f64,
    ) -> Option<f64> {
        // Jaccard is at most the ratio of the set sizes: skip the merge when that already
        // falls short.
        let (a, b) = (mine.len(), other.len());
        let jaccard = if (a.min(b) as f64) >= EDIT_FLOOR * a.max(b) as f64 {
            similar::jaccard(mine, other)
        } else {
            0.0
        };
        if jaccard >= threshold {
            return Some(jaccard);
        }
        // Texts that share too little for a few inserted characters to explain it.
        if jaccard < EDIT_FLOOR {
            return None;
        }
        if what != Compared::Target {
            return None;
        }
        let (x, y): (String, String) = (
            self.compared(my_parts).collect(),
            self.compared(other_parts).collect(),
        );
        let (lx, ly) = (x.chars().count(), y.chars().count());
        let longest = lx.max(ly);
        // The distance is at least the difference in length.
        if longest > SHORT_TARGET || (lx.abs_diff(ly) as f64) > (1.0 - threshold) * longest as f64 {
            return None;
        }
        // Two targets of one template that state different quantities are two projects, not a
        // copy: a near-copy by edit distance carries the same numbers.
        if !numbers(&x)
            .map(|n| n.value)
            .eq(numbers(&y).map(|n| n.value))
        {
            return None;
        }
        let s = 1.0 - strsim::levenshtein(&x, &y) as f64 / longest.max(1) as f64;
        (s >= threshold).then_some(s)
    }

    /// The shingle set of a text, for comparing two candidates exactly: made in a set kept
    /// from an earlier table where there is one, the compared form in `chars` (by the byte
    /// loop every target is sketched from, not the character iterator).
    fn shingle_set(
        &self,
        parts: Parts,
        ascii: &[bool; 128],
        spare: &mut Vec<Vec<u64>>,
        chars: &mut Vec<char>,
    ) -> Vec<u64> {
        self.compared_into(parts, ascii, chars);
        let mut set = spare.pop().unwrap_or_default();
        similar::shingle_set_into(chars, self.shingle, &mut set);
        set
    }
}

fn is_punctuation(c: char) -> bool {
    // Asked of every character compared: most are CJK ideographs, which no branch below holds.
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !matches!(c, '%' | '>' | '<' | '=' | '-' | '.' | '+');
    }
    matches!(
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
        SCRATCH.with_borrow_mut(|scratch| self.search(doc, out, prints, scratch));
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
        if !(1..=8).contains(&self.shingle) {
            return Err("`shingle` must be from 1 to 8".to_owned());
        }
        Ok(())
    }
}

impl DuplicateText {
    /// The search over one table, in buffers kept from table to table.
    fn search(
        &self,
        doc: &Document,
        out: &mut Vec<Finding>,
        prints: &mut Vec<Print>,
        scratch: &mut Scratch,
    ) {
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
            let n = doc.projects.len();
            scratch.clear(n);
            let Scratch {
                seen,
                sets,
                spare_sets,
                set_chars,
                exact,
                index,
                keys,
                fingerprints,
                candidates,
                chars,
            } = &mut *scratch;
            if self.cross_file {
                prints.reserve_exact(n);
            }
            let mut fingerprint = similar::Fingerprint::default();
            let ascii = similar::ascii_kept(fold_width, |c| self.is_compared(c));
            for (j, p) in doc.projects.iter().enumerate() {
                let Some((parts, span)) = self.text_of(what, p) else {
                    continue;
                };
                // Candidates share index keys: for a target, bands of its MinHash sketch; for
                // an indicator block, whole items (a block copied at 0.95 shares most of them).
                keys.clear();
                let (hash, min_keys) = match what {
                    Compared::Target => {
                        self.compared_into(parts, &ascii, chars);
                        let sketch = similar::Sketch::of(chars.iter().copied(), self.shingle);
                        fingerprint = sketch.fingerprint;
                        keys.extend(sketch.bands);
                        (sketch.hash, min_bands)
                    }
                    Compared::Indicators => {
                        keys.extend(parts.iter().map(|item| self.item_hash(item, &ascii)));
                        (similar::combined_hash(keys), parts.len().div_ceil(2))
                    }
                };
                if self.cross_file {
                    prints.push(Print {
                        case: elsewhere,
                        hash,
                        span: span.clone(),
                        project: j as u32,
                        place: [0; 4],
                        rule: 0,
                    });
                }
                let parts_of = |k: usize| {
                    self.text_of(what, &doc.projects[seen[k].0])
                        .map_or(Parts::One(""), |t| t.0)
                };
                // This text's shingle set, made when it is first compared with a candidate.
                let mut mine: Option<Vec<u64>> = None;
                let first = match exact.get(&hash) {
                    Some(&k) if self.compared(parts).eq(self.compared(parts_of(k))) => {
                        Some((k, 1.0))
                    }
                    _ => {
                        index.candidates_into(keys, min_keys, candidates);
                        candidates.iter().find_map(|&k| {
                            let k = k as usize;
                            // The sketches estimate the similarity: pairs far below any
                            // bar are not compared exactly.
                            if what == Compared::Target
                                && similar::estimate(&fingerprint, &fingerprints[k])
                                    < ESTIMATE_FLOOR
                            {
                                return None;
                            }
                            let mine = mine.get_or_insert_with(|| {
                                self.shingle_set(parts, &ascii, spare_sets, set_chars)
                            });
                            let other = sets[k].get_or_insert_with(|| {
                                self.shingle_set(parts_of(k), &ascii, spare_sets, set_chars)
                            });
                            self.similarity(what, mine, other, parts, parts_of(k), threshold)
                                .map(|s| (k, s))
                        })
                    }
                };
                if let Some((k, similarity)) = first {
                    spare_sets.extend(mine);
                    let original = &doc.projects[seen[k].0];
                    let first_span = self.text_of(what, original).map_or(0..0, |t| t.1);
                    // The first copy's row; and its total where the two share a name, so
                    // that the message does not seem to point at the project itself.
                    let first_where = if original.name == p.name {
                        let total = original.money[0]
                            .value
                            .map_or(String::new(), crate::model::amount::format);
                        Text::new(
                            format!("第 {} 行（总计 {total}）的同名", original.line),
                            format!(
                                " (the one of the same name on line {}, total {total})",
                                original.line
                            ),
                        )
                    } else {
                        Text::new(
                            format!("第 {} 行", original.line),
                            format!(" (line {})", original.line),
                        )
                    };
                    out.push(
                        Finding::new(case, span)
                            .arg("project", &p.name)
                            .arg("first", &original.name)
                            .arg_text("first_where", first_where)
                            .arg(
                                "similarity",
                                format!("{:.0}%", (similarity * 100.0).floor()),
                            )
                            .label(
                                first_span,
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
                index.insert(seen.len() as u32, keys);
                seen.push((j, hash));
                fingerprints.push(fingerprint);
                // Kept, should a later text be its candidate.
                sets.push(mine);
            }
        }
    }
}

/// Buffers of the search, kept by each thread from table to table: a batch clears them for
/// each table instead of allocating them again.
#[derive(Default)]
struct Scratch {
    /// The texts so far, as (project, hash); sketched once, compared only when the index
    /// offers them as candidates.
    seen: Vec<(usize, u64)>,
    /// The shingle sets of the texts so far, made when a text is first compared.
    sets: Vec<Option<Vec<u64>>>,
    /// Sets of earlier tables, emptied, to be filled again; and the compared form a set is
    /// made from.
    spare_sets: Vec<Vec<u64>>,
    set_chars: Vec<char>,
    /// Texts by the hash of their compared form; equal hashes are checked for equality.
    exact: similar::KeyMap<usize>,
    index: similar::Index,
    keys: Vec<u64>,
    /// Targets' sketch fingerprints, by their place in `seen`.
    fingerprints: Vec<similar::Fingerprint>,
    candidates: Vec<u32>,
    chars: Vec<char>,
}

impl Scratch {
    /// Empties every buffer, and makes room for a table of `n` projects.
    fn clear(&mut self, n: usize) {
        self.seen.clear();
        self.seen.reserve(n);
        self.spare_sets.extend(self.sets.drain(..).flatten());
        self.sets.reserve(n);
        self.exact.clear();
        self.exact.reserve(n);
        self.index.clear(n * similar::BANDS);
        self.fingerprints.clear();
        self.fingerprints.reserve(n);
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte loop every target is sketched from gives the compared form character by
    /// character: ideographs, ASCII, full-width forms, CJK punctuation and odd spaces alike.
    #[test]
    fn the_fast_compared_form_is_the_compared_form() {
        for ignore_punctuation in [true, false] {
            let rule: DuplicateText =
                toml::from_str(&format!("ignore_punctuation = {ignore_punctuation}")).unwrap();
            let ascii = similar::ascii_kept(fold_width, |c| rule.is_compared(c));
            let text = "全面确保（90%）；完成 工作量,“满意”\u{3000}率≥95%。Ａｂ·—…\u{A0}é";
            let mut fast = Vec::new();
            rule.compared_into(Parts::One(text), &ascii, &mut fast);
            let plain: Vec<char> = rule.compared(Parts::One(text)).collect();
            assert_eq!(fast, plain);
        }
    }
}
