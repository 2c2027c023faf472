//! The document model: 合计, units, projects with their amounts, target text and indicators.
//! A layout reader builds it (`crate::layout`); the checks read it. It knows nothing of page
//! breaks, column order or which layout a table came in. Whatever could not be read is kept as
//! a problem with its place, for the `table-structure` rule to report.

use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

pub mod amount;
pub mod category;
pub mod indicator;
pub mod recycle;
pub mod text;

pub use indicator::{Field, Indicator, Part};
use text::Mapped;

/// The money columns in the order of the arithmetic: 总计 = 财政拨款 + 财政专户拨款 + 其他资金.
pub const MONEY_COLUMNS: [&str; 4] = ["总计", "财政拨款", "财政专户拨款", "其他资金"];
pub const MONEY_COLUMNS_EN: [&str; 4] =
    ["total", "general budget", "special account", "other funds"];

#[derive(Debug, Clone)]
pub struct Money {
    /// The sum over the project's fragments; `None` when a cell is not a readable amount.
    pub value: Option<Decimal>,
    /// The cell to point at: the first written one, else where the empty cell is.
    pub span: Range<usize>,
    /// Whether a cell is written: `span` is the first that went into `value`.
    pub written: bool,
    /// The written cells after the first (a project split over rows has one a row): most
    /// projects have none, and a list of one would be an allocation a cell.
    pub more: Vec<Range<usize>>,
}

impl Money {
    /// An empty cell (zero), placed at byte `at`.
    pub fn unwritten(at: usize) -> Money {
        Money {
            value: Some(Decimal::ZERO),
            span: at..at,
            written: false,
            more: Vec::new(),
        }
    }

    /// One written cell at `span` holding `value`.
    pub fn cell(value: Option<Decimal>, span: Range<usize>) -> Money {
        Money {
            value,
            span,
            written: true,
            more: Vec::new(),
        }
    }

    pub fn is_written(&self) -> bool {
        self.written
    }

    /// Every written cell that went into `value`, in file order.
    pub fn parts(&self) -> impl Iterator<Item = &Range<usize>> {
        self.written
            .then_some(&self.span)
            .into_iter()
            .chain(&self.more)
    }
}

/// A row that only carries amounts: 合计 or a 资金使用单位.
#[derive(Debug, Clone)]
pub struct AmountRow {
    pub name: String,
    pub name_span: Range<usize>,
    pub line: usize,
    pub money: [Money; MONEY_COLUMNS.len()],
}

#[derive(Debug, Clone)]
pub struct Project {
    /// Shared, not copied, by what refers to the project after the model is gone.
    pub name: Arc<str>,
    pub name_span: Range<usize>,
    pub line: usize,
    pub money: [Money; MONEY_COLUMNS.len()],
    /// 绩效目标, fragments joined, markup removed.
    pub target: Mapped,
    /// 绩效指标, fragments joined and normalised (width folded, whitespace removed), with its
    /// way back to the file: the text every [`Field`] of the project's indicators lies in. A
    /// grid layout, which has a cell per field, writes its fields' texts here one after
    /// another, each standing for its cell.
    pub indicator_text: Mapped,
    /// Span of the first 绩效目标 / 绩效指标 fragment (an empty span where the cell is empty).
    pub target_span: Range<usize>,
    pub indicator_span: Range<usize>,
    pub indicators: Vec<Indicator>,
    /// The indicator list starts with text that could not be read (reported by
    /// `table-structure`): items before it were lost, so rules that judge the whole list (a
    /// required indicator, numbering, how many) hold back.
    pub indicators_cut: bool,
    /// The project's row holds another project's text (a page break wrote it there): its own
    /// target and indicators are not in the table, as `table-structure` reports. Rules that
    /// judge the text hold back.
    pub text_missing: bool,
    /// Index into [`Document::units`].
    pub unit: Option<usize>,
}

impl Project {
    /// Whether the project gives no indicator at all: an empty 绩效指标 cell, or no indicator
    /// row in a grid layout.
    pub fn has_no_indicators(&self) -> bool {
        self.indicator_text.is_empty() && self.indicators.is_empty()
    }

    /// The text of one of the project's indicator fields.
    pub fn text(&self, field: &Field) -> &str {
        &self.indicator_text.text[field.text_range()]
    }

    /// The span in the file of one of the project's indicator fields.
    pub fn span(&self, field: &Field) -> Range<usize> {
        self.indicator_text.source_span(field.text_range())
    }

    /// The text of a field, or "" where the indicator lacks it.
    pub fn text_of(&self, field: &Option<Field>) -> &str {
        field.as_ref().map_or("", |f| self.text(f))
    }

    /// An indicator's name (三级), or "" where it lacks one.
    pub fn name_of(&self, indicator: &Indicator) -> &str {
        self.text_of(&indicator.name)
    }
}

#[derive(Debug, Clone)]
pub enum Problem {
    Indicator(indicator::Problem),
    /// A money cell that is not an amount.
    Amount {
        span: Range<usize>,
        text: String,
        column: usize,
    },
    /// Text in a row that fits no column.
    Unplaced {
        span: Range<usize>,
        text: String,
    },
    /// A project row with text but neither name nor amounts.
    Nameless {
        span: Range<usize>,
    },
    /// A project whose row holds the continued text of the project above, not its own.
    /// A column whose header names nothing the layout knows: its cells are not checked.
    UnknownColumn {
        span: Range<usize>,
        label: String,
    },
    /// The table ends mid-row, as a page cut off in publishing leaves it: the subtotal of the
    /// unit it ends in sums projects that are not in the table.
    Truncated {
        span: Range<usize>,
        unit: String,
        stated: Decimal,
        listed: Decimal,
    },
    TextElsewhere {
        span: Range<usize>,
        project: String,
        above: String,
    },
}

/// Lines above the header: the title, 部门名称 and 单位 where present.
#[derive(Debug, Clone, Default)]
pub struct Preamble {
    pub title: Option<String>,
    pub department: Option<String>,
    /// 万元 or 元: the unit of every amount.
    pub unit: Option<String>,
    /// Other non-blank lines above the header, kept as they are.
    pub other: Vec<String>,
    /// The unit the lines state the amounts in; `None` where they state none.
    pub money_unit: Option<amount::MoneyUnit>,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub preamble: Preamble,
    pub total: Option<AmountRow>,
    pub units: Vec<AmountRow>,
    pub projects: Vec<Project>,
    pub notes: Vec<String>,
    pub problems: Vec<Problem>,
    /// Every span of the text the model took in: the rows above and of the header, each cell
    /// of each row read, notes, rows of mere markup, and text that fits no column (also a
    /// problem). What lies outside is blank: nothing of a table is dropped unseen.
    pub read: Vec<Range<usize>>,
    /// Markup (`<p>`, `<br/>`) found in the cells of project rows, removed before reading: the
    /// first tag of each cell that has any, and its text.
    pub markup: Vec<(Range<usize>, String)>,
    /// Text that repeats, after a page break, what the table already had (read, and set aside).
    pub repeats: Vec<Range<usize>>,
    /// Money columns of [`MONEY_COLUMNS`] the table does not have (the long format has only a
    /// total): nothing is summed into or out of them.
    pub absent_money: [bool; MONEY_COLUMNS.len()],
    /// The table was cut short after its last row: its last unit's projects are not all in it.
    pub truncated: bool,
}
