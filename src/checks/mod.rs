//! Check kinds: the Rust behind the rules. A rule file names a kind and gives it parameters;
//! each kind is a typed, strictly deserialised parameter struct that knows how to check.

use serde::de::DeserializeOwned;

use crate::diag::Finding;
use crate::model::Document;

pub mod agree;
pub mod category;
pub mod codes;
pub mod completeness;
pub mod count;
pub mod duplicate;
pub mod markup;
pub mod meaning;
pub mod names;
pub mod nature;
pub mod numbering;
pub mod order;
pub mod pattern;
pub mod percent;
pub mod required;
pub mod structure;
pub mod sums;
pub mod target_numbers;
pub mod vague;
pub mod value;
pub mod weights;
pub mod zero;

/// Words a rule looks for in field texts, folded as those texts are (width, whitespace) when
/// the rule loads (a `str::contains` per word set its searcher up again on each call). A few
/// words get a searcher each, made as the rule loads; a longer list, one automaton that finds
/// them all in one pass, made the first time the list is searched: building one takes longer
/// (six automata were a sixth of a one-table run), and some lists are only compared whole.
#[derive(Debug, Clone, Default)]
pub struct Words {
    words: Vec<String>,
    /// One for each word of a short list; none for a long one.
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// A long list's, once searched (`None` inside should it not build).
    automaton: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

/// Above this many words, a list is searched by one automaton.
const FEW_WORDS: usize = 8;

impl Words {
    fn new(words: Vec<String>) -> Words {
        let finders = if words.len() <= FEW_WORDS {
            words
                .iter()
                .map(|w| memchr::memmem::Finder::new(w.as_bytes()).into_owned())
                .collect()
        } else {
            Vec::new()
        };
        Words {
            words,
            finders,
            automaton: std::sync::OnceLock::new(),
        }
    }

    fn is_short(&self) -> bool {
        self.words.len() <= FEW_WORDS
    }

    /// A long list's automaton, built on first use.
    fn automaton(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                // A contiguous NFA: quick to build and quick over the short texts of fields.
                aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(&self.words)
                    .ok()
            })
            .as_ref()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `text` is one of the words.
    pub fn has(&self, text: &str) -> bool {
        self.words.iter().any(|w| w == text)
    }

    /// The first of the words (in their order) that `text` contains.
    pub fn found_in(&self, text: &str) -> Option<&str> {
        let at = if self.is_short() {
            self.finders
                .iter()
                .position(|f| f.find(text.as_bytes()).is_some())
        } else if let Some(automaton) = self.automaton() {
            automaton
                .find_overlapping_iter(text)
                .map(|m| m.pattern().as_usize())
                .min()
        } else {
            // An automaton that did not build (far beyond any list's size): word by word.
            self.words.iter().position(|w| text.contains(w.as_str()))
        }?;
        Some(&self.words[at])
    }

    /// Whether `text` contains any of the words.
    pub fn any_in(&self, text: &str) -> bool {
        if self.is_short() {
            return self.found_in(text).is_some();
        }
        match self.automaton() {
            Some(automaton) => automaton.is_match(text),
            None => self.found_in(text).is_some(),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Words {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Words, D::Error> {
        let words = Vec::<String>::deserialize(d)?
            .iter()
            .map(|w| crate::model::text::fold(w))
            .collect();
        Ok(Words::new(words))
    }
}

/// A text's fingerprint, for finding copies across the files of a run.
#[derive(Debug, Clone)]
pub struct Print {
    /// The message case a copy found in another file is reported with.
    pub case: &'static str,
    pub hash: u64,
    pub span: std::ops::Range<usize>,
    /// The project's place in the document; its name is the checked file's
    /// `project_names` at that place. An index, not a shared name: a worker thread makes
    /// the prints and the output's thread drops them, and a name shared between the two
    /// would be freed by the thread that did not allocate it, fighting the worker for its
    /// allocator's lock.
    pub project: u32,
    /// Line, column, end line and end column of `span`, filled in once the file is read (while
    /// files are still checked in parallel).
    pub place: [u32; 4],
    /// Index of the rule whose check gave it, filled in as the rules are run (a check leaves
    /// it 0): one list of a file's fingerprints, not one a rule tagged afterwards.
    pub rule: usize,
}

pub trait Check: Send + Sync + std::fmt::Debug {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>);

    /// `run`, also giving fingerprints of the texts this check compares across files (most
    /// kinds have none).
    fn run_all(&self, doc: &Document, out: &mut Vec<Finding>, _prints: &mut Vec<Print>) {
        self.run(doc, out);
    }

    /// Checks of the parameters that their types cannot express.
    fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

type Builder = fn(toml::de::ValueDeserializer<'_>) -> Result<Box<dyn Check>, toml::de::Error>;

/// A check kind: its name in rule files, the messages a rule of it must give (each with the
/// placeholders it may use), and how to build it from parameters.
pub struct Kind {
    pub name: &'static str,
    pub summary: &'static str,
    pub cases: &'static [(&'static str, &'static [&'static str])],
    pub build: Builder,
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Kind({})", self.name)
    }
}

fn build<P: Check + DeserializeOwned + 'static>(
    de: toml::de::ValueDeserializer<'_>,
) -> Result<Box<dyn Check>, toml::de::Error> {
    Ok(Box::new(P::deserialize(de)?))
}

pub const KINDS: &[Kind] = &[
    Kind {
        name: "completeness",
        summary: "empty target or indicator cells; indicators without their values",
        cases: completeness::CASES,
        build: build::<completeness::Completeness>,
    },
    Kind {
        name: "numbering",
        summary: "indicators numbered 1..n without gaps or repeats",
        cases: numbering::CASES,
        build: build::<numbering::Numbering>,
    },
    Kind {
        name: "min-count",
        summary: "projects with fewer indicators than a minimum",
        cases: count::CASES,
        build: build::<count::MinCount>,
    },
    Kind {
        name: "value-words",
        summary: "values without a number that are vague words",
        cases: vague::CASES,
        build: build::<vague::ValueWords>,
    },
    Kind {
        name: "category-keywords",
        summary: "an indicator's name or value contradicts its category",
        cases: meaning::CASES,
        build: build::<meaning::CategoryKeywords>,
    },
    Kind {
        name: "percent-range",
        summary: "values that must be percentages within a range",
        cases: percent::CASES,
        build: build::<percent::PercentRange>,
    },
    Kind {
        name: "target-numbers",
        summary: "numbers stated in the target text that no indicator carries",
        cases: target_numbers::CASES,
        build: build::<target_numbers::TargetNumbers>,
    },
    Kind {
        name: "value-order",
        summary: "the annual value written before the cycle value",
        cases: order::CASES,
        build: build::<order::ValueOrder>,
    },
    Kind {
        name: "markup",
        summary: "HTML markup left in a cell",
        cases: markup::CASES,
        build: build::<markup::Markup>,
    },
    Kind {
        name: "zero-amount",
        summary: "a project whose total is 0.00",
        cases: zero::CASES,
        build: build::<zero::ZeroAmount>,
    },
    Kind {
        name: "duplicate-name",
        summary: "the same project name twice in one unit",
        cases: names::CASES,
        build: build::<names::DuplicateName>,
    },
    Kind {
        name: "pattern",
        summary: "a field must or must not match a regular expression",
        cases: pattern::CASES,
        build: build::<pattern::Pattern>,
    },
    Kind {
        name: "category-table",
        summary: "level-2 categories belong to their level-1 indicator; codes and names match",
        cases: category::CASES,
        build: build::<category::CategoryTable>,
    },
    Kind {
        name: "fields-agree",
        summary: "two fields of one indicator must agree",
        cases: agree::CASES,
        build: build::<agree::FieldsAgree>,
    },
    Kind {
        name: "amount-sum",
        summary: "row, unit and grand-total arithmetic in exact decimals",
        cases: sums::CASES,
        build: build::<sums::AmountSum>,
    },
    Kind {
        name: "duplicate-text",
        summary: "target or indicator text copied between projects",
        cases: duplicate::CASES,
        build: build::<duplicate::DuplicateText>,
    },
    Kind {
        name: "required-indicator",
        summary: "every project has an indicator of a given level",
        cases: required::CASES,
        build: build::<required::RequiredIndicator>,
    },
    Kind {
        name: "weight-sum",
        summary: "a project's indicator weights add up to the total the province fills",
        cases: weights::CASES,
        build: build::<weights::WeightSum>,
    },
    Kind {
        name: "nature-value",
        summary: "an indicator's 指标性质 agrees with its value and unit",
        cases: nature::CASES,
        build: build::<nature::NatureValue>,
    },
    Kind {
        name: "table-structure",
        summary: "text the reader could not place or parse",
        cases: structure::CASES,
        build: build::<structure::TableStructure>,
    },
];

pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

#[cfg(test)]
mod words_tests {
    use super::Words;

    #[test]
    fn words_are_found_folded_and_in_the_order_listed() {
        let words: Words = serde_json::from_str(r#"["满意", "群众", "ＡＢ"]"#).unwrap();
        assert_eq!(words.found_in("群众满意度"), Some("满意"));
        assert_eq!(words.found_in("服务群众"), Some("群众"));
        assert_eq!(words.found_in("AB类"), Some("AB"));
        assert!(words.any_in("x满意"));
        assert!(!words.any_in("完成率"));
        assert!(words.has("群众") && !words.has("群"));
        let many: Words = serde_json::from_str(
            r#"["一", "二", "三", "四", "五", "六", "七", "八", "九", "提升", "提"]"#,
        )
        .unwrap();
        assert_eq!(many.found_in("有所提升"), Some("提升"));
        assert_eq!(many.clone().found_in("提高"), Some("提"));
        assert!(!many.any_in("完成率") && many.any_in("第九"));
        let none = Words::default();
        assert!(!none.any_in("满意") && none.found_in("满意").is_none() && none.is_empty());
    }
}
