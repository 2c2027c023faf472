//! Layouts: how a grid of cells becomes a [`Document`]. Departments fill the same table in
//! different shapes; each shape is a reader that recognises its own header and reads the table
//! into the one model the checks know. Adding a layout is adding a reader to [`LAYOUTS`].
//!
//! - [`guangzhou`]: one row per project, all indicators coded in one cell; rows split by page
//!   breaks are stitched back together.
//! - [`long`]: the budget systems' export, one row per indicator, a project's cells on its
//!   first row.
//! - [`form`]: the national per-project form, labels beside their values over a grid of
//!   indicators; one project per sheet.
//!
//! [`cells`] holds what the two grid layouts share.

use crate::input::rows::{self, Row};
use crate::model::amount::MoneyUnit;
use crate::model::text::Mapped;
use crate::model::{Document, Preamble};

pub mod cells;
pub mod form;
pub mod guangzhou;
pub mod long;

/// A table as cells: the text the model reads (tab-separated; for a sheet, line N is row N and
/// field K is column K) split into rows.
pub struct Grid<'a> {
    pub text: &'a str,
    pub rows: Vec<Row>,
}

thread_local! {
    /// The rows of the last grid this thread read, for the next to be split into.
    static SPARE_ROWS: std::cell::Cell<Vec<Row>> = const { std::cell::Cell::new(Vec::new()) };
}

impl<'a> Grid<'a> {
    pub fn new(text: &'a str) -> Grid<'a> {
        Grid {
            text,
            rows: rows::split_rows_into(text, SPARE_ROWS.take()),
        }
    }
}

impl Drop for Grid<'_> {
    /// Gives the rows back to the thread, unless they hold a huge table's room.
    fn drop(&mut self) {
        if self.rows.capacity() <= 1 << 12 {
            SPARE_ROWS.set(std::mem::take(&mut self.rows));
        }
    }
}

/// A table layout.
pub trait Layout: Sync {
    /// The name a user forces it by.
    fn name(&self) -> &'static str;
    /// The header labels it is recognised by, for the message when no layout matches.
    fn labels(&self) -> &'static str;
    /// The table read into the model, or `None` when the grid has no header of this layout.
    fn read(&self, grid: &Grid<'_>) -> Option<Document>;
}

/// Every layout jxlint reads, in the order they are tried.
pub const LAYOUTS: &[&dyn Layout] = &[&guangzhou::Guangzhou, &long::Long, &form::Form];

/// Why a file holds no table at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    NoHeader,
    /// `--layout` named a layout whose header the table does not have.
    NotThisLayout(&'static dyn Layout),
}

impl std::fmt::Debug for dyn Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Layout({})", self.name())
    }
}

impl PartialEq for dyn Layout {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for dyn Layout {}

/// What no layout found: the labels each looks for.
pub fn wanted() -> String {
    let wanted: Vec<&str> = LAYOUTS.iter().map(|l| l.labels()).collect();
    format!("no row names {}", wanted.join("; nor "))
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableError::NoHeader => write!(f, "no table header found: {}", wanted()),
            TableError::NotThisLayout(l) => write!(
                f,
                "not a table of the {} layout (--layout): no row names {}",
                l.name(),
                l.labels()
            ),
        }
    }
}

/// The layout of a name (`guangzhou`, `long`, `form`).
pub fn by_name(name: &str) -> Option<&'static dyn Layout> {
    LAYOUTS.iter().copied().find(|l| l.name() == name)
}

/// The names of the layouts, for messages.
pub fn names() -> Vec<&'static str> {
    LAYOUTS.iter().map(|l| l.name()).collect()
}

/// Reads a table in whichever layout recognises its header.
pub fn read(text: &str) -> Result<Document, TableError> {
    read_as(text, None)
}

/// Reads a table in the layout named (an unknown name reads as none given), or in whichever
/// recognises its header.
pub fn read_as(text: &str, layout: Option<&str>) -> Result<Document, TableError> {
    let grid = Grid::new(text);
    match layout.and_then(by_name) {
        Some(l) => l.read(&grid).ok_or(TableError::NotThisLayout(l)),
        None => LAYOUTS
            .iter()
            .find_map(|layout| layout.read(&grid))
            .ok_or(TableError::NoHeader),
    }
}

pub fn read_preamble(text: &str, rows: &[Row]) -> Preamble {
    let mut p = Preamble::default();
    let mut lines = Vec::new();
    for row in rows {
        let line = Mapped::clean(text, row.span.clone()).text.trim().to_owned();
        if line.is_empty() {
            continue;
        }
        lines.push(line.clone());
        let value = |label: &str| {
            let folded = line.replacen('：', ":", 1);
            folded
                .strip_prefix(label)
                .map(|rest| rest.trim_start_matches(':').trim().to_owned())
        };
        if let Some(d) = value("部门名称").or_else(|| value("单位名称")) {
            p.department = Some(d);
        } else if let Some(u) = value("单位") {
            p.unit = Some(u);
        } else if p.title.is_none() && line.contains("绩效目标") {
            p.title = Some(line);
        } else {
            p.other.push(line);
        }
    }
    p.money_unit = MoneyUnit::stated(lines.iter().map(String::as_str));
    p
}
