//! The Guangzhou layout: one row per project under a header `项目名称（资金使用单位） | 总计 |
//! 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标`, 合计 and unit subtotal rows
//! between, every indicator of a project coded in one cell. Text extracted from the published
//! PDFs splits rows at page breaks; they are put back together before the model is built.
//!
//! `header` finds the columns by name · `stitch` joins page-break fragments into logical rows ·
//! `indicators` parses the coded indicator cell · this module builds the model.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::input::rows::Row;
use crate::layout::{Grid, Layout, read_preamble};
use crate::model::text::{Mapped, display_name, markup_spans};
use crate::model::{AmountRow, Document, Money, Problem, Project, amount};

pub mod header;
pub mod indicators;
pub mod stitch;

use stitch::{Fragment, Logical, joined_indicators};

pub struct Guangzhou;

impl Layout for Guangzhou {
    fn name(&self) -> &'static str {
        "guangzhou"
    }

    fn labels(&self) -> &'static str {
        "the columns 项目名称 and 绩效指标"
    }

    fn read(&self, grid: &Grid<'_>) -> Option<Document> {
        read(grid.text, &grid.rows)
    }
}

fn read(text: &str, rows: &[Row]) -> Option<Document> {
    let header = header::find_header(text, rows)?;
    let mut doc = Document {
        preamble: read_preamble(text, &rows[..header.first]),
        ..Document::default()
    };
    let stitched = stitch::stitch(text, &header, rows);
    doc.read
        .extend(rows[..=header.row].iter().map(|r| r.span.clone()));
    doc.read.extend(stitched.empty.iter().cloned());
    doc.read
        .extend(stitched.unplaced.iter().map(|u| u.span.clone()));
    for item in &stitched.items {
        match item {
            Logical::Total(f) | Logical::Unit(f) => doc.read.extend(f.cells().cloned()),
            Logical::Project(frags) => {
                doc.read
                    .extend(frags.iter().flat_map(Fragment::cells).cloned());
                for cell in frags.iter().flat_map(Fragment::cells) {
                    if let Some(tag) = markup_spans(text, cell.clone()).into_iter().next() {
                        doc.markup.push((tag.clone(), text[tag].to_owned()));
                    }
                }
            }
            Logical::Note(row) => doc.read.push(row.span.clone()),
        }
    }
    doc.problems
        .extend(stitched.unplaced.into_iter().map(|u| Problem::Unplaced {
            span: u.span,
            text: u.text,
        }));
    for item in stitched.items {
        match item {
            Logical::Total(f) => doc.total = Some(amount_row(text, &f, &mut doc.problems)),
            Logical::Unit(f) => {
                let row = amount_row(text, &f, &mut doc.problems);
                doc.units.push(row);
            }
            Logical::Project(frags) => {
                let unit = doc.units.len().checked_sub(1);
                let p = project(text, &frags, unit, &mut doc.problems);
                doc.projects.push(p);
            }
            Logical::Note(row) => doc
                .notes
                .push(Mapped::clean(text, row.span).text.trim().to_owned()),
        }
    }
    Some(doc)
}

/// A cell's cleaned, trimmed text, or an empty text placed at the cell (or row end).
fn cell(text: &str, f: &Fragment, r: &Option<Range<usize>>) -> (Mapped, Range<usize>) {
    match r {
        Some(r) => {
            let m = Mapped::clean(text, r.clone()).into_trimmed();
            let span = m.full_span().unwrap_or(r.start..r.start);
            (m, span)
        }
        None => (Mapped::default(), f.row_span.end..f.row_span.end),
    }
}

fn money(text: &str, frags: &[Fragment], column: usize, problems: &mut Vec<Problem>) -> Money {
    let mut value = Some(Decimal::ZERO);
    let mut parts = Vec::new();
    let mut first_empty = None;
    for f in frags {
        let (m, span) = cell(text, f, &f.money[column]);
        match amount::parse(&m.text) {
            Ok(Some(d)) => {
                value = value.map(|v| v + d);
                parts.push(span);
            }
            Ok(None) => {
                first_empty.get_or_insert(span);
            }
            Err(amount::NotAnAmount) => {
                value = None;
                parts.push(span.clone());
                problems.push(Problem::Amount {
                    span,
                    text: m.text,
                    column,
                });
            }
        }
    }
    let span = parts
        .first()
        .or(first_empty.as_ref())
        .cloned()
        .unwrap_or(0..0);
    Money { value, span, parts }
}

fn money_cells(text: &str, frags: &[Fragment], problems: &mut Vec<Problem>) -> [Money; 4] {
    std::array::from_fn(|k| money(text, frags, k, problems))
}

fn amount_row(text: &str, f: &Fragment, problems: &mut Vec<Problem>) -> AmountRow {
    let (name, name_span) = cell(text, f, &f.name);
    AmountRow {
        name: display_name(&name.text),
        name_span,
        line: f.line,
        money: money_cells(text, std::slice::from_ref(f), problems),
    }
}

fn project(
    text: &str,
    frags: &[Fragment],
    unit: Option<usize>,
    problems: &mut Vec<Problem>,
) -> Project {
    let mut name = String::new();
    let mut name_span = None;
    let mut target = Mapped::default();
    let (mut target_span, mut target_blank) = (None, None);
    let (mut indicator_span, mut indicator_blank) = (None, None);
    for f in frags {
        let (n, span) = cell(text, f, &f.name);
        if !n.text.is_empty() {
            name.push_str(&n.text);
            name_span.get_or_insert(span);
        }
        let (t, span) = cell(text, f, &f.target);
        if t.text.is_empty() {
            target_blank.get_or_insert(span);
        } else {
            target_span.get_or_insert(span);
        }
        target.append(&t);
        let (i, span) = cell(text, f, &f.indicators);
        if i.text.is_empty() {
            indicator_blank.get_or_insert(span);
        } else {
            indicator_span.get_or_insert(span);
        }
    }
    let indicator_text = joined_indicators(frags);
    let list = indicators::parse_list(&indicator_text);
    let first_item = list.items.first().map_or(usize::MAX, |i| i.span.start);
    let indicators_cut = list.problems.iter().any(
        |p| matches!(p, crate::model::indicator::Problem::Unreadable { span, .. } if span.start < first_item),
    );
    problems.extend(list.problems.into_iter().map(Problem::Indicator));
    let money = money_cells(text, frags, problems);
    let name_span = name_span.unwrap_or_else(|| {
        let first = frags[0].row_span.start;
        first..first
    });
    if name.is_empty() && !money.iter().any(Money::is_written) {
        problems.push(Problem::Nameless {
            span: frags[0].row_span.clone(),
        });
    }
    Project {
        name: display_name(&name),
        name_span,
        line: frags[0].line,
        money,
        target,
        indicator_text,
        target_span: target_span.or(target_blank).unwrap_or(0..0),
        indicator_span: indicator_span.or(indicator_blank).unwrap_or(0..0),
        indicators: list.items,
        indicators_cut,
        unit,
    }
}
