//! The Guangzhou layout: one row per project under a header `项目名称（资金使用单位） | 总计 |
//! 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标`, 合计 and unit subtotal rows
//! between, every indicator of a project coded in one cell. Text extracted from the published
//! PDFs splits rows at page breaks; they are put back together before the model is built.
//!
//! `header` finds the columns by name · `stitch` joins page-break fragments into logical rows ·
//! `indicators` parses the coded indicator cell · this module builds the model.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::input::rows::Row;
use crate::layout::{Grid, Layout, read_preamble};
use crate::model::text::{Mapped, display_name};
use crate::model::{AmountRow, Document, Money, Problem, Project, indicator};

pub mod header;
pub mod indicators;
pub mod stitch;

use stitch::{Cell, Fragment, Logical, Pieces};

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

fn read<'a>(text: &'a str, rows: &'a [Row]) -> Option<Document> {
    let header = header::find_header(text, rows)?;
    let mut doc = Document::recycled();
    doc.preamble = read_preamble(text, &rows[..header.first]);
    // Sized once, for at most a span per row and cell and a project per row below the header.
    let body = &rows[header.row + 1..];
    doc.read
        .reserve_exact(rows.len() + body.iter().map(|r| r.cells.len()).sum::<usize>());
    doc.read
        .extend(rows[..=header.row].iter().map(|r| r.span.clone()));
    doc.projects.reserve_exact(body.len());
    // Each logical row goes into the model as the stitching completes it.
    let stitched = stitch::stitch(text, &header, rows, |item| match item {
        Logical::Total(f) => {
            doc.read.extend(f.cells.iter().cloned());
            doc.total = Some(amount_row(&f, &mut doc.problems));
            None
        }
        Logical::Unit(f) => {
            doc.read.extend(f.cells.iter().cloned());
            let row = amount_row(&f, &mut doc.problems);
            doc.units.push(row);
            None
        }
        Logical::Project(mut pieces) => {
            for f in &pieces.fragments {
                doc.read.extend(f.cells.iter().cloned());
                doc.markup.extend(
                    f.markup
                        .iter()
                        .map(|tag| (tag.clone(), text[tag.clone()].to_owned())),
                );
            }
            doc.repeats.append(&mut pieces.repeats);
            let unit = doc.units.len().checked_sub(1);
            let (p, room) = project(pieces, unit, &mut doc.problems);
            doc.projects.push(p);
            Some(room)
        }
        Logical::Note(row) => {
            doc.read.push(row.span.clone());
            doc.notes
                .push(Mapped::clean(text, row.span.clone()).text.trim().to_owned());
            None
        }
    });
    doc.read.extend(stitched.empty);
    // Text that fits no column is reported first, as the rows were read.
    let unplaced = stitched.unplaced.into_iter().map(|u| {
        doc.read.push(u.span.clone());
        Problem::Unplaced {
            span: u.span,
            text: u.text,
        }
    });
    let unplaced: Vec<Problem> = unplaced.collect();
    doc.problems.splice(0..0, unplaced);
    Some(doc)
}

/// A money column summed over a project's fragments.
fn money(frags: &[Fragment], column: usize, problems: &mut Vec<Problem>) -> Money {
    let mut value = Some(Decimal::ZERO);
    let mut written: Option<Range<usize>> = None;
    let mut more = Vec::new();
    let mut first_empty = None;
    let mut part = |span: Range<usize>| match &written {
        None => written = Some(span),
        Some(_) => more.push(span),
    };
    for f in frags {
        let Some(cell) = &f.money[column] else {
            first_empty.get_or_insert(f.row_span.end..f.row_span.end);
            continue;
        };
        let span = cell.span.clone();
        match &cell.amount {
            Ok(Some(d)) => {
                value = value.map(|v| v + d);
                part(span);
            }
            Ok(None) => {
                first_empty.get_or_insert(span);
            }
            Err(text) => {
                value = None;
                part(span.clone());
                problems.push(Problem::Amount {
                    span,
                    text: text.clone(),
                    column,
                });
            }
        }
    }
    match written {
        Some(span) => Money {
            value,
            span,
            written: true,
            more,
        },
        None => Money {
            value,
            span: first_empty.unwrap_or(0..0),
            written: false,
            more,
        },
    }
}

fn money_cells(frags: &[Fragment], problems: &mut Vec<Problem>) -> [Money; 4] {
    std::array::from_fn(|k| money(frags, k, problems))
}

/// A cell's span, or an empty span at the row's end where the row lacks the cell.
fn span_of(f: &Fragment, cell: &Option<Cell>) -> Range<usize> {
    match cell {
        Some(c) => c.span.clone(),
        None => f.row_span.end..f.row_span.end,
    }
}

fn amount_row(f: &Fragment, problems: &mut Vec<Problem>) -> AmountRow {
    AmountRow {
        name: f
            .name
            .as_ref()
            .map_or(String::new(), |c| display_name(&c.text).into_owned()),
        name_span: f
            .name
            .as_ref()
            .map_or(f.row_span.end..f.row_span.end, |c| c.span.clone()),
        line: f.line,
        money: money_cells(std::slice::from_ref(f), problems),
    }
}

/// The project the pieces make, and their fragment list emptied, for the next project's.
fn project<'a>(
    mut pieces: Pieces<'a>,
    unit: Option<usize>,
    problems: &mut Vec<Problem>,
) -> (Project, Vec<Fragment<'a>>) {
    // The name as its cells write it: borrowed where one cell holds it, as most do.
    let mut name: Cow<str> = Cow::Borrowed("");
    let mut name_span = None;
    for n in pieces.fragments.iter().filter_map(|f| f.name.as_ref()) {
        if n.is_written() {
            name_span.get_or_insert(n.span.clone());
            match &mut name {
                Cow::Borrowed("") => name = Cow::Borrowed(&n.text),
                name => name.to_mut().push_str(&n.text),
            }
        }
    }
    let name: Arc<str> = display_name(&name).into();
    let mut target = Mapped::default();
    let (mut target_span, mut target_blank) = (None, None);
    let (mut indicator_span, mut indicator_blank) = (None, None);
    for f in &mut pieces.fragments {
        let blank_target = span_of(f, &f.target);
        match &mut f.target {
            Some(t) if t.is_written() => {
                target_span.get_or_insert(t.span.clone());
                stitch::join(&mut target, t.take_text());
            }
            _ => {
                target_blank.get_or_insert(blank_target);
            }
        }
        match &f.indicators {
            Some(i) if i.is_written() => {
                indicator_span.get_or_insert(i.span.clone());
            }
            i => {
                indicator_blank.get_or_insert(span_of(f, i));
            }
        }
    }
    let frags = &pieces.fragments;
    let list = indicators::parse_list(&pieces.indicators);
    let first_item = list.items.first().map_or(usize::MAX, |i| i.span.start);
    let indicators_cut = list.problems.iter().any(
        |p| matches!(p, indicator::Problem::Unreadable { span, .. } if span.start < first_item),
    );
    problems.extend(list.problems.into_iter().map(Problem::Indicator));
    let money = money_cells(frags, problems);
    let name_span = name_span.unwrap_or_else(|| {
        let first = frags[0].row_span.start;
        first..first
    });
    if let Some(above) = &pieces.text_elsewhere {
        problems.push(Problem::TextElsewhere {
            span: name_span.clone(),
            project: name.to_string(),
            above: display_name(above).into_owned(),
        });
    }
    if name.is_empty() && !money.iter().any(Money::is_written) {
        problems.push(Problem::Nameless {
            span: frags[0].row_span.clone(),
        });
    }
    let project = Project {
        name,
        name_span,
        line: frags[0].line,
        money,
        target,
        indicator_text: pieces.indicators,
        target_span: target_span.or(target_blank).unwrap_or(0..0),
        indicator_span: indicator_span.or(indicator_blank).unwrap_or(0..0),
        indicators: list.items,
        indicators_cut,
        text_missing: pieces.text_elsewhere.is_some(),
        unit,
    };
    pieces.fragments.clear();
    (project, pieces.fragments)
}
