//! An indicator as the model has it, whatever layout it was read from: its level-1 and level-2
//! category, name and values, every field with its span in the file.

use std::num::NonZeroU32;
use std::ops::Range;

/// A field of an indicator: where its text lies in its project's indicator text
/// ([`crate::model::Project::indicator_text`]), whose mapping gives its span in the file
/// ([`crate::model::Project::span`]) when a finding asks for it. The text is normalised
/// (width folded, whitespace removed: every layout gives it so, and checks compare it as it
/// is). A field is two offsets, not a string of its own: a table has hundreds of indicators,
/// their text is already in one buffer, and few of their spans are ever reported (files are at
/// most 32 MB: offsets fit u32).
///
/// The end is kept plus one, as a `NonZeroU32`: an `Option<Field>` (an indicator has eight)
/// is then the field's eight bytes, not twelve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    start: u32,
    end_plus_one: NonZeroU32,
}

impl Field {
    /// The field whose text is `text` of its project's indicator text.
    pub fn new(text: Range<usize>) -> Field {
        Field {
            start: text.start as u32,
            end_plus_one: NonZeroU32::MIN.saturating_add(text.end as u32),
        }
    }

    /// Where the field's text lies in its project's indicator text.
    pub fn text_range(&self) -> Range<usize> {
        self.start as usize..self.end_plus_one.get() as usize - 1
    }

    pub fn is_empty(&self) -> bool {
        self.end_plus_one.get() - 1 == self.start
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub number: Option<Field>,
    pub level1_code: Option<Field>,
    pub level1_name: Option<Field>,
    pub level2_code: Option<Field>,
    pub level2_name: Option<Field>,
    pub name: Option<Field>,
    pub cycle: Option<Field>,
    pub annual: Option<Field>,
    /// 年度指标值 written before 实施周期指标值.
    pub annual_first: bool,
    /// What a layout with a cell per part gives beside the values (the long format, the
    /// per-project form); `None` for the coded indicator cell.
    pub detail: Option<Box<Detail>>,
    /// The table names the levels without codes (the long format, the form): the codes are
    /// those of the national names ([`crate::model::category`]), each spanning its name, and
    /// `None` for a name that is not one of them.
    pub codes_from_names: bool,
    /// The whole item, number to final `。`.
    pub span: Range<usize>,
    /// The item's normalised text without its number.
    pub text: Field,
}

/// An indicator's cells beside its names and values, as a grid layout has them.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// 指标性质: the comparison (`≥`, `≤`, `=`) or `定性`/`定量`.
    pub nature: Option<Field>,
    /// 指标值 as written, without the comparison and unit that the indicator's values carry.
    pub value: Option<Field>,
    /// 度量单位 / 计量单位.
    pub unit: Option<Field>,
    /// 权重 / 指标权重.
    pub weight: Option<Field>,
    /// 指标方向性: 正向指标 / 反向指标.
    pub direction: Option<Field>,
    /// The row the indicator is on (1-based), for messages about a grid's rows.
    pub line: usize,
}

impl Indicator {
    /// An indicator with no fields yet, its item spanning `span` with the text `text`.
    pub fn new(span: Range<usize>, text: Field) -> Indicator {
        Indicator {
            number: None,
            level1_code: None,
            level1_name: None,
            level2_code: None,
            level2_name: None,
            name: None,
            cycle: None,
            annual: None,
            annual_first: false,
            detail: None,
            codes_from_names: false,
            span,
            text,
        }
    }
}

// What the niche is for: eight optional fields of eight bytes each.
const _: () = assert!(size_of::<Option<Field>>() == 8);

/// The parts of an indicator that can be missing or repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Level1,
    Level2,
    Name,
    Cycle,
    Annual,
}

impl Part {
    pub fn label(self, en: bool) -> &'static str {
        match (self, en) {
            (Part::Level1, false) => "一级指标",
            (Part::Level2, false) => "二级指标",
            (Part::Name, false) => "指标名称",
            (Part::Cycle, false) => "实施周期指标值",
            (Part::Annual, false) => "年度指标值",
            (Part::Level1, true) => "level-1 indicator",
            (Part::Level2, true) => "level-2 category",
            (Part::Name, true) => "indicator name",
            (Part::Cycle, true) => "implementation-cycle value (实施周期指标值)",
            (Part::Annual, true) => "annual value (年度指标值)",
        }
    }
}

/// Indicator text that could not be read as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Text that belongs to no indicator.
    Unreadable { span: Range<usize>, text: String },
    /// Parts an item lacks; the span is the item's.
    Missing {
        span: Range<usize>,
        item: String,
        parts: Vec<Part>,
    },
    Repeated {
        span: Range<usize>,
        item: String,
        part: Part,
    },
}
