//! The long format of the budget systems: one row per indicator under a header such as
//! `单位名称 | 项目名称 | 预算数 | 年度目标 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 |
//! 度量单位 | 权重 | 指标方向性`. A project's own cells are on its first row (blank or merged
//! below); the rows under it until the next project name are its indicators. A row with a unit
//! and an amount but no project is a subtotal of the projects after it. Columns are found by
//! name; a header may take two rows (`绩效指标` over the level columns).

use std::ops::Range;

use rust_decimal::Decimal;

use crate::input::rows::Row;
use crate::layout::cells::{self, IndicatorCells, cell, field, is_one_of, label};
use crate::layout::{Grid, Layout, read_preamble};
use crate::model::amount::MoneyUnit;
use crate::model::text::{Mapped, display_name};
use crate::model::{AmountRow, Document, Money, Problem, Project};

pub struct Long;

impl Layout for Long {
    fn name(&self) -> &'static str {
        "long"
    }

    fn labels(&self) -> &'static str {
        "the columns 项目名称, 三级指标 and 指标值 (the long format)"
    }

    fn read(&self, grid: &Grid<'_>) -> Option<Document> {
        let header = find_header(grid.text, &grid.rows)?;
        Some(read(grid.text, &grid.rows, &header))
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Unit,
    Project,
    Amount,
    Target,
    Level1,
    Level2,
    Name,
    Nature,
    Cycle,
    Annual,
    MeasureUnit,
    Weight,
    Direction,
    /// Read, not modelled: 评（扣）分标准, 备注.
    Other,
}

const NAMES: &[(Role, &[&str])] = &[
    (
        Role::Unit,
        &["单位名称", "预算单位", "单位", "部门名称", "资金使用单位"],
    ),
    (Role::Project, &["项目名称", "项目支出名称"]),
    (
        Role::Amount,
        &[
            "预算数",
            "资金总额",
            "年度资金总额",
            "预算金额",
            "项目金额",
            "金额",
        ],
    ),
    (
        Role::Target,
        &["年度目标", "绩效目标", "年度绩效目标", "项目目标"],
    ),
    (Role::Level1, &["一级指标"]),
    (Role::Level2, &["二级指标"]),
    (Role::Name, &["三级指标", "指标名称", "绩效指标名称"]),
    (Role::Nature, &["指标性质", "指标类型"]),
    (
        Role::Cycle,
        &["中期指标值", "实施期指标值", "实施周期指标值"],
    ),
    (Role::Annual, &["指标值", "年度指标值", "目标值"]),
    (Role::MeasureUnit, &["度量单位", "计量单位", "单位(度量)"]),
    (Role::Weight, &["权重", "指标权重", "分值", "权重(%)"]),
    (Role::Direction, &["指标方向性", "指标方向"]),
    (
        Role::Other,
        &["评(扣)分标准", "评分标准", "备注", "绩效标准"],
    ),
];

fn role_of(label: &str) -> Option<Role> {
    NAMES
        .iter()
        .find(|(_, names)| is_one_of(label, names))
        .map(|(r, _)| *r)
}

struct Header {
    /// The header's first and last row (index into the rows).
    first: usize,
    last: usize,
    columns: Vec<Option<Role>>,
    /// Header cells that name no known column, and where they are.
    unknown: Vec<(usize, Range<usize>, String)>,
}

impl Header {
    fn column(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|r| *r == Some(role))
    }
}

/// The header: a row naming 项目名称, a level column and a value column; or such a row's level
/// columns under a row naming 项目名称 (a two-row header).
fn find_header(text: &str, rows: &[Row]) -> Option<Header> {
    let roles = |row: &Row| -> Vec<Option<Role>> {
        row.cells
            .iter()
            .map(|c| role_of(&label(text, c.clone())))
            .collect()
    };
    for (i, row) in rows.iter().enumerate().take(40) {
        let mut columns = roles(row);
        let has = |cols: &[Option<Role>], r: Role| cols.contains(&Some(r));
        if !(has(&columns, Role::Name)
            && (has(&columns, Role::Annual) || has(&columns, Role::Cycle)))
        {
            continue;
        }
        let mut first = i;
        if !has(&columns, Role::Project) && i > 0 {
            // The project's columns named on the row above, merged down over this one.
            let above = roles(&rows[i - 1]);
            if !has(&above, Role::Project) {
                continue;
            }
            columns.resize(columns.len().max(above.len()), None);
            for (c, a) in columns.iter_mut().zip(above) {
                if c.is_none() {
                    *c = a;
                }
            }
            first = i - 1;
        }
        if !has(&columns, Role::Project) {
            continue;
        }
        let mut unknown = Vec::new();
        for (k, role) in columns.iter().enumerate() {
            if role.is_some() {
                continue;
            }
            let named = rows[first..=i]
                .iter()
                .filter_map(|r| r.cells.get(k))
                .find_map(|c| cells::cleaned(text, c.clone()));
            if let Some((m, span)) = named {
                unknown.push((k, span, m.text));
            }
        }
        return Some(Header {
            first,
            last: i,
            columns,
            unknown,
        });
    }
    None
}

/// The cells of a data row, by role.
struct Cells<'a> {
    text: &'a str,
    row: &'a Row,
    header: &'a Header,
}

impl Cells<'_> {
    fn span(&self, role: Role) -> Option<Range<usize>> {
        cell(self.row, self.header.column(role))
    }

    fn field(&self, role: Role) -> Option<cells::CellField> {
        self.span(role).and_then(|s| field(self.text, s))
    }

    fn is_blank(&self, role: Role) -> bool {
        self.span(role)
            .is_none_or(|s| cells::cleaned(self.text, s).is_none())
    }

    fn indicator(&self) -> IndicatorCells {
        IndicatorCells {
            level1: self.field(Role::Level1),
            level2: self.field(Role::Level2),
            name: self.field(Role::Name),
            nature: self.field(Role::Nature),
            cycle: self.field(Role::Cycle),
            annual: self.field(Role::Annual),
            unit: self.field(Role::MeasureUnit),
            weight: self.field(Role::Weight),
            direction: self.field(Role::Direction),
        }
    }
}

const INDICATOR_ROLES: [Role; 9] = [
    Role::Level1,
    Role::Level2,
    Role::Name,
    Role::Nature,
    Role::Cycle,
    Role::Annual,
    Role::MeasureUnit,
    Role::Weight,
    Role::Direction,
];

fn read(text: &str, rows: &[Row], header: &Header) -> Document {
    let mut doc = Document {
        preamble: read_preamble(text, &rows[..header.first]),
        ..Document::default()
    };
    let unit = doc.preamble.money_unit.unwrap_or(MoneyUnit::Yuan);
    // Only a total: nothing sums into the other money columns.
    doc.absent_money = std::array::from_fn(|k| k > 0);
    doc.read
        .extend(rows[..=header.last].iter().map(|r| r.span.clone()));
    doc.problems.extend(
        header
            .unknown
            .iter()
            .map(|(_, span, label)| Problem::UnknownColumn {
                span: span.clone(),
                label: label.clone(),
            }),
    );
    let columns = header.columns.len();
    // Level cells merged down over the rows of a level.
    let (mut level1, mut level2) = (None, None);
    let mut last_indicator_row: Option<&Row> = None;
    let mut filled = vec![true; columns];
    let mut indicator_rows = 0usize;
    for row in &rows[header.last + 1..] {
        doc.read.push(row.span.clone());
        if row.is_blank(text) {
            continue;
        }
        let c = Cells { text, row, header };
        // Text under no header cell fits no column.
        for (k, cell) in row.cells.iter().enumerate() {
            let named = header.columns.get(k).is_some_and(Option::is_some)
                || header.unknown.iter().any(|(u, _, _)| *u == k);
            if !named && let Some((m, span)) = cells::cleaned(text, cell.clone()) {
                doc.problems.push(Problem::Unplaced { span, text: m.text });
            }
        }
        let money = |doc: &mut Document| -> Money {
            let span = c.span(Role::Amount);
            cells::money(text, span, unit, row.span.end, 0, &mut doc.problems)
        };
        let mut ind = c.indicator();
        let has_indicator = INDICATOR_ROLES.iter().any(|&r| !c.is_blank(r));
        if !c.is_blank(Role::Project) {
            let (name, name_span) = c
                .span(Role::Project)
                .and_then(|s| cells::cleaned(text, s))
                .map(|(m, s)| (display_name(&m.text).into_owned(), s))
                .unwrap_or_default();
            let target_cell = c.span(Role::Target);
            let (target, target_span) =
                match target_cell.clone().and_then(|s| cells::cleaned(text, s)) {
                    Some((m, s)) => (m, s),
                    None => {
                        let at = target_cell.map_or(row.span.end, |s| s.start);
                        (Mapped::default(), at..at)
                    }
                };
            let total = money(&mut doc);
            let indicator_at = header
                .column(Role::Level1)
                .or(header.column(Role::Name))
                .and_then(|k| row.cells.get(k))
                .map_or(row.span.end, |s| s.start);
            doc.projects.push(Project {
                name: name.into(),
                name_span,
                line: row.line,
                money: cells::total_only(total, row.span.end),
                target,
                indicator_text: Mapped::default(),
                target_span,
                indicator_span: indicator_at..indicator_at,
                indicators: Vec::new(),
                indicators_cut: false,
                text_missing: false,
                unit: doc.units.len().checked_sub(1),
            });
            level1 = None;
            level2 = None;
        } else if !has_indicator && !c.is_blank(Role::Amount) {
            // A subtotal: a unit or department and its amount.
            let name_cell = c.span(Role::Unit).and_then(|s| cells::cleaned(text, s));
            let (name, name_span) = match name_cell {
                Some((m, s)) => (display_name(&m.text).into_owned(), s),
                None => (String::new(), row.span.start..row.span.start),
            };
            let total = money(&mut doc);
            doc.units.push(AmountRow {
                name,
                name_span,
                line: row.line,
                money: cells::total_only(total, row.span.end),
            });
            continue;
        }
        if !has_indicator {
            if doc.projects.is_empty() || !c.is_blank(Role::Project) {
                continue;
            }
            doc.problems.push(cells::unplaced_row(text, row));
            continue;
        }
        // Level cells left blank under a merged level cell take the level above.
        if ind.level1.is_some() {
            level1 = ind.level1.clone();
            if ind.level2.is_none() {
                level2 = None;
            }
        } else {
            ind.level1 = level1.clone();
        }
        if ind.level2.is_some() {
            level2 = ind.level2.clone();
        } else {
            ind.level2 = level2.clone();
        }
        if !ind.is_indicator() {
            continue;
        }
        let Some(project) = doc.projects.last_mut() else {
            doc.problems.push(cells::unplaced_row(text, row));
            continue;
        };
        let first = INDICATOR_ROLES
            .iter()
            .filter_map(|&r| c.span(r))
            .map(|s| s.start)
            .min()
            .unwrap_or(row.span.start);
        let last = INDICATOR_ROLES
            .iter()
            .filter_map(|&r| c.span(r))
            .map(|s| s.end)
            .max()
            .unwrap_or(row.span.end);
        let span = first..last;
        if project.indicators.is_empty() {
            project.indicator_span = span.clone();
        } else {
            project.indicator_span.end = span.end;
        }
        let indicator = ind.indicator(row.line, span, &mut project.indicator_text);
        project.indicators.push(indicator);
        // Which indicator columns every indicator row but the last fills.
        if let Some(prev) = last_indicator_row {
            let prev_cells = Cells {
                text,
                row: prev,
                header,
            };
            for (k, f) in filled.iter_mut().enumerate() {
                if let Some(role) = header.columns[k].filter(|r| INDICATOR_ROLES.contains(r)) {
                    *f &= !prev_cells.is_blank(role);
                } else {
                    *f = false;
                }
            }
        }
        last_indicator_row = Some(row);
        indicator_rows += 1;
    }
    if indicator_rows > 2 {
        truncation(text, header, &mut doc, last_indicator_row, &filled);
    }
    doc
}

/// A last row that leaves blank a column every other indicator row fills is where a published
/// page was cut off: the last subtotal then sums projects that are not in the table. Said once,
/// when the projects listed fall short of it.
fn truncation(
    text: &str,
    header: &Header,
    doc: &mut Document,
    last: Option<&Row>,
    filled: &[bool],
) {
    let Some(last) = last else { return };
    let c = Cells {
        text,
        row: last,
        header,
    };
    let cut = filled
        .iter()
        .enumerate()
        .any(|(k, &f)| f && header.columns[k].is_some_and(|r| c.is_blank(r)));
    let Some(unit) = doc.units.last() else { return };
    if !cut {
        return;
    }
    let i = doc.units.len() - 1;
    let listed: Option<Decimal> = doc
        .projects
        .iter()
        .filter(|p| p.unit == Some(i))
        .map(|p| p.money[0].value)
        .sum();
    let (Some(stated), Some(listed)) = (unit.money[0].value, listed) else {
        return;
    };
    if listed >= stated {
        return;
    }
    doc.truncated = true;
    doc.problems.push(Problem::Truncated {
        span: last.span.clone(),
        unit: unit.name.clone(),
        stated,
        listed,
    });
}
