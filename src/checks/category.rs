//! `category-table`: each indicator's level-2 category belongs to its level-1 indicator, and
//! every code matches its name. The table of codes is a parameter.

use serde::Deserialize;

use crate::checks::Check;
use crate::checks::codes::same;
use crate::diag::{Finding, Text};
use crate::model::Document;
use crate::model::Project;
use crate::model::indicator::{Field, Indicator};
use crate::model::text::fold;

pub const CASES: &[(&str, &[&str])] = &[
    ("unknown-level1", &["code", "name", "known"]),
    ("level1-name", &["code", "name", "expected"]),
    (
        "wrong-level",
        &["category", "level1", "expected", "belongs"],
    ),
    ("code-name", &["code", "name", "expected", "hint"]),
    ("unknown-code", &["code", "name", "level1", "expected"]),
    ("unknown-level1-name", &["name", "known"]),
    ("unknown-name", &["name", "level1", "expected"]),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryTable {
    /// Suffixes dropped before names are compared (社会效益 = 社会效益指标).
    #[serde(default = "default_suffixes")]
    pub strip_suffixes: Vec<String>,
    pub level1: Vec<Level1>,
    #[serde(skip)]
    keys: std::sync::OnceLock<Keys>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level1 {
    pub code: String,
    pub names: Vec<String>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub code: String,
    pub names: Vec<String>,
}

fn default_suffixes() -> Vec<String> {
    vec!["指标".to_owned()]
}

/// The table's names in the form field texts are compared in, made once.
#[derive(Debug, Default)]
struct Keys {
    /// Per level-1 entry: its names' keys, and per category its names' keys.
    level1: Vec<(Vec<String>, Vec<Vec<String>>)>,
    /// Level-1 entries by code, and categories by code (level-1 index, category index): the
    /// first of each code, as a search in order finds it.
    level1_codes: CodeList<usize>,
    category_codes: CodeList<(usize, usize)>,
}

/// Codes (`1`, `23`) and what they stand for, each code once. A table has a dozen codes of a
/// byte or two: looked up in a row, compared inline, they are found sooner than by hashing.
#[derive(Debug)]
struct CodeList<V>(Vec<(String, V)>);

impl<V: Copy> CodeList<V> {
    /// Adds `code` unless it is there already (the first of each code counts).
    fn add(&mut self, code: &str, value: V) {
        if self.get(code).is_none() {
            self.0.push((code.to_owned(), value));
        }
    }

    fn get(&self, code: &str) -> Option<V> {
        self.0.iter().find(|(c, _)| same(c, code)).map(|&(_, v)| v)
    }
}

impl<V> Default for CodeList<V> {
    fn default() -> Self {
        CodeList(Vec::new())
    }
}

impl CategoryTable {
    /// A name as compared: width folded, whitespace removed (field texts are already), an
    /// optional suffix dropped.
    fn key<'a>(&self, name: &'a str) -> &'a str {
        let mut s = name;
        for suffix in &self.strip_suffixes {
            if let Some(stripped) = s.strip_suffix(suffix.as_str())
                && !stripped.is_empty()
            {
                s = stripped;
            }
        }
        s
    }

    fn keys(&self) -> &Keys {
        self.keys.get_or_init(|| {
            let keys = |names: &[String]| -> Vec<String> {
                names
                    .iter()
                    .map(|n| self.key(&fold(n)).to_owned())
                    .collect()
            };
            let mut level1_codes = CodeList::default();
            let mut category_codes = CodeList::default();
            for (i, l) in self.level1.iter().enumerate() {
                level1_codes.add(&l.code, i);
                for (j, c) in l.categories.iter().enumerate() {
                    category_codes.add(&c.code, (i, j));
                }
            }
            Keys {
                level1_codes,
                category_codes,
                level1: self
                    .level1
                    .iter()
                    .map(|l| {
                        let cats = l.categories.iter().map(|c| keys(&c.names)).collect();
                        (keys(&l.names), cats)
                    })
                    .collect(),
            }
        })
    }

    fn matches(keys: &[String], key: &str) -> bool {
        keys.iter().any(|k| same(k, key))
    }

    /// Index of the level-1 entry of a code.
    fn level1(&self, code: &str) -> Option<usize> {
        self.keys().level1_codes.get(code)
    }

    /// (level-1 index, category index) of a category code.
    fn category(&self, code: &str) -> Option<(usize, usize)> {
        self.keys().category_codes.get(code)
    }

    fn category_named(&self, name: &str) -> Option<&Category> {
        let key = self.key(name);
        let keys = self.keys();
        self.level1
            .iter()
            .zip(&keys.level1)
            .find_map(|(l, (_, cats))| {
                l.categories
                    .iter()
                    .zip(cats)
                    .find(|(_, k)| Self::matches(k, key))
                    .map(|(c, _)| c)
            })
    }

    /// An indicator of a table that names its levels without codes: the names must be known,
    /// and the level-2 name one of its level-1 indicator's.
    fn check_names(&self, p: &Project, ind: &Indicator) -> Option<Finding> {
        let l1 = ind.level1_name.as_ref()?;
        let known_level1 = || {
            self.level1
                .iter()
                .map(|l| l.names[0].clone())
                .collect::<Vec<_>>()
                .join("、")
        };
        let Some(i) = ind
            .level1_code
            .as_ref()
            .and_then(|c| self.level1(p.text(c)))
        else {
            return Some(
                Finding::new("unknown-level1-name", p.span(l1))
                    .arg("name", p.text(l1))
                    .arg("known", known_level1()),
            );
        };
        let level1 = &self.level1[i];
        let l2 = ind.level2_name.as_ref()?;
        // A level-1 cell merged across the level-2 column names the category itself.
        if p.span(l2) == p.span(l1) {
            return None;
        }
        let expected = || {
            level1
                .categories
                .iter()
                .map(|c| c.names[0].clone())
                .collect::<Vec<_>>()
                .join("、")
        };
        let category = ind
            .level2_code
            .as_ref()
            .and_then(|c| self.category(p.text(c)));
        match category {
            Some((owner, _)) if owner != i => Some(
                Finding::new("wrong-level", p.span(l2))
                    .arg("category", p.text(l2))
                    .arg("level1", p.text(l1))
                    .arg("expected", expected())
                    .arg("belongs", self.level1[owner].names[0].clone())
                    .label(
                        p.span(l1),
                        Text::new("一级指标在此", "the level-1 indicator"),
                    ),
            ),
            Some(_) => None,
            None => Some(
                Finding::new("unknown-name", p.span(l2))
                    .arg("name", p.text(l2))
                    .arg("level1", p.text(l1))
                    .arg("expected", expected()),
            ),
        }
    }

    fn check(&self, p: &Project, ind: &Indicator) -> Option<Finding> {
        if ind.codes_from_names {
            return self.check_names(p, ind);
        }
        let (Some(l1_code), Some(l2_code)) = (&ind.level1_code, &ind.level2_code) else {
            return None;
        };
        let (l1_name, l2_name) = (p.text_of(&ind.level1_name), p.text_of(&ind.level2_name));
        let l1_span = || field_span(p, l1_code, &ind.level1_name);
        let l2_span = || field_span(p, l2_code, &ind.level2_name);
        let keys = self.keys();
        let Some(i) = self.level1(p.text(l1_code)) else {
            let known = self
                .level1
                .iter()
                .map(|l| format!("{}-{}", l.code, l.names[0]))
                .collect::<Vec<_>>()
                .join("、");
            return Some(
                Finding::new("unknown-level1", p.span(l1_code))
                    .arg("code", p.text(l1_code))
                    .arg("name", l1_name)
                    .arg("known", known),
            );
        };
        let level1 = &self.level1[i];
        if !l1_name.is_empty() && !Self::matches(&keys.level1[i].0, self.key(l1_name)) {
            return Some(
                Finding::new("level1-name", l1_span())
                    .arg("code", p.text(l1_code))
                    .arg("name", l1_name)
                    .arg("expected", format!("{}-{}", level1.code, level1.names[0])),
            );
        }
        let expected = || {
            level1
                .categories
                .iter()
                .map(|c| format!("{}-{}", c.code, c.names[0]))
                .collect::<Vec<_>>()
                .join("、")
        };
        let l1_text = || format!("{}-{}", p.text(l1_code), l1_name);
        let l2_text = || format!("{}-{}", p.text(l2_code), l2_name);
        match self.category(p.text(l2_code)) {
            Some((owner, _)) if owner != i => {
                let owner = &self.level1[owner];
                Some(
                    Finding::new("wrong-level", l2_span())
                        .arg("category", l2_text())
                        .arg("level1", l1_text())
                        .arg("expected", expected())
                        .arg("belongs", format!("{}-{}", owner.code, owner.names[0]))
                        .label(
                            l1_span(),
                            Text::new("一级指标在此", "the level-1 indicator"),
                        ),
                )
            }
            Some((_, j))
                if !l2_name.is_empty()
                    && !Self::matches(&keys.level1[i].1[j], self.key(l2_name)) =>
            {
                let cat = &level1.categories[j];
                let hint = match self.category_named(l2_name) {
                    Some(c) => Text::new(
                        format!("“{}”的编码是 {}", l2_name, c.code),
                        format!("the code of “{}” is {}", l2_name, c.code),
                    ),
                    None => Text::new(
                        format!("“{}”不是已知的二级指标", l2_name),
                        format!("“{}” is not a known category", l2_name),
                    ),
                };
                Some(
                    Finding::new("code-name", l2_span())
                        .arg("code", p.text(l2_code))
                        .arg("name", l2_name)
                        .arg("expected", format!("{}-{}", cat.code, cat.names[0]))
                        .arg_text("hint", hint),
                )
            }
            Some(_) => None,
            None => Some(
                Finding::new("unknown-code", l2_span())
                    .arg("code", p.text(l2_code))
                    .arg("name", l2_name)
                    .arg("level1", l1_text())
                    .arg("expected", expected()),
            ),
        }
    }
}

/// From the code to the end of the name: `22-社会效益`.
fn field_span(p: &Project, code: &Field, name: &Option<Field>) -> std::ops::Range<usize> {
    let end = name
        .as_ref()
        .map_or(p.span(code).end, |n| p.span(n).end.max(p.span(code).end));
    p.span(code).start..end
}

impl Check for CategoryTable {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        for p in &doc.projects {
            for ind in &p.indicators {
                if let Some(f) = self.check(p, ind) {
                    out.push(f.project(&p.name));
                }
            }
        }
    }

    fn validate(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for l in &self.level1 {
            if l.names.is_empty() {
                return Err(format!("level-1 code {} has no names", l.code));
            }
            for c in &l.categories {
                if c.names.is_empty() {
                    return Err(format!("category code {} has no names", c.code));
                }
                if !seen.insert(c.code.clone()) {
                    return Err(format!("category code {} is listed twice", c.code));
                }
            }
        }
        Ok(())
    }
}
