//! Diagnostics: what a check found, in the user's language, at a span of the file.

use std::ops::Range;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A text in both languages jxlint speaks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A secondary place: the other side of a comparison, the cells that were summed.
#[derive(Debug, Clone)]
pub struct FindingLabel {
    pub span: Range<usize>,
    pub text: Text,
}

/// A replacement for a finding's primary span: certain (markup is never table text), or a
/// suggestion (the sum a 总计 would have) that a person should confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub replacement: String,
    pub certain: bool,
}

/// What a check kind reports, before the rule gives it severity and words.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Which of the rule's messages applies.
    pub case: &'static str,
    pub span: Range<usize>,
    /// Values for the message's `{placeholders}`; each in both languages where they differ.
    pub args: Vec<(&'static str, Text)>,
    pub labels: Vec<FindingLabel>,
    pub notes: Vec<Text>,
    pub project: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(case: &'static str, span: Range<usize>) -> Finding {
        Finding {
            case,
            span,
            args: Vec::new(),
            labels: Vec::new(),
            notes: Vec::new(),
            project: None,
            fix: None,
        }
    }

    /// What the primary span's text could be replaced by.
    pub fn fix(mut self, replacement: impl Into<String>, certain: bool) -> Finding {
        self.fix = Some(Fix {
            replacement: replacement.into(),
            certain,
        });
        self
    }

    /// A placeholder value that reads the same in both languages.
    pub fn arg(mut self, name: &'static str, value: impl AsRef<str>) -> Finding {
        let v = value.as_ref().to_owned();
        self.args.push((name, Text::new(v.clone(), v)));
        self
    }

    pub fn arg_text(mut self, name: &'static str, value: Text) -> Finding {
        self.args.push((name, value));
        self
    }

    pub fn label(mut self, span: Range<usize>, text: Text) -> Finding {
        self.labels.push(FindingLabel { span, text });
        self
    }

    pub fn note(mut self, text: Text) -> Finding {
        self.notes.push(text);
        self
    }

    pub fn project(mut self, name: &str) -> Finding {
        self.project = Some(name.to_owned());
        self
    }
}

#[derive(Debug, Clone)]
pub struct Label {
    /// In the diagnostic's file; empty when the label is in another file.
    pub span: Range<usize>,
    pub message: String,
    /// The place in another file of the run (a copy found across files).
    pub elsewhere: Option<Elsewhere>,
}

/// A place in another file, resolved while that file was at hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub span: Range<usize>,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub project: Option<String>,
    /// A replacement for the primary span's text, where one is known (editors offer it).
    pub fix: Option<Fix>,
}
