//! The national per-project form: labels beside their values (项目名称, 主管部门, 实施单位,
//! 年度资金总额 and its parts, 年度目标), then a grid `一级指标 | 二级指标 | 三级指标 | 指标值 …`
//! whose level cells are merged down over their rows; or 中期 and 年度 grids side by side (the
//! cycle and annual values of one indicator). A sheet is one project; forms one under another in
//! one text are one project each.

use std::ops::Range;

use crate::input::rows::Row;
use crate::layout::cells::CellField;
use crate::layout::cells::{self, IndicatorCells, field, is_one_of, label};
use crate::layout::{Grid, Layout, read_preamble};
use crate::model::amount::MoneyUnit;
use crate::model::text::{Mapped, display_name};
use crate::model::{Document, MONEY_COLUMNS, Money, Problem, Project};

pub struct Form;

impl Layout for Form {
    fn name(&self) -> &'static str {
        "form"
    }

    fn labels(&self) -> &'static str {
        "a 项目名称 label over a grid of 一级指标 and 三级指标 (the per-project form)"
    }

    fn read(&self, grid: &Grid<'_>) -> Option<Document> {
        read(grid.text, &grid.rows)
    }
}

/// What a label's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Name,
    Department,
    Unit,
    /// One of [`MONEY_COLUMNS`].
    Money(usize),
    Target,
    /// Read, not modelled: the 实施期 and its target, the form's period.
    Other,
    /// The end of a form's grid (the reviewers' boxes below it).
    End,
}

const LABELS: &[(Label, &[&str])] = &[
    (Label::Name, &["项目名称", "项目支出名称"]),
    (
        Label::Department,
        &["主管部门", "预算部门", "主管部门及代码", "部门名称"],
    ),
    (Label::Unit, &["实施单位", "项目实施单位"]),
    (
        Label::Money(0),
        &["年度资金总额", "资金总额", "项目资金总额", "年度预算总额"],
    ),
    (
        Label::Money(1),
        &[
            "财政拨款",
            "其中:财政拨款",
            "其中财政拨款",
            "年度本级预算金额",
            "本级预算金额",
        ],
    ),
    (Label::Money(2), &["财政专户拨款", "其中:财政专户拨款"]),
    (
        Label::Money(3),
        &[
            "其他资金",
            "其中:其他资金",
            "该项目支出上级资金",
            "上级资金",
        ],
    ),
    (
        Label::Target,
        &["年度目标", "本年度绩效目标", "年度绩效目标", "年度总体目标"],
    ),
    (
        Label::Other,
        &[
            "实施期目标",
            "中长期目标",
            "实施期绩效目标",
            "实施期总体目标",
            "项目支出实施期",
            "实施期",
            "项目资金",
            "项目期",
            "填报单位",
            "绩效指标",
            "本年度绩效指标",
            "中期目标",
            "中期绩效指标",
        ],
    ),
    (
        Label::End,
        &["财政部门审核意见", "审核意见", "主管部门审核意见"],
    ),
];

fn label_of(text: &str) -> Option<Label> {
    LABELS
        .iter()
        .find(|(_, names)| is_one_of(text, names))
        .map(|(l, _)| *l)
}

/// Columns of an indicator grid.
#[derive(Debug, Clone, Default)]
struct GridColumns {
    level1: Option<usize>,
    level2: Option<usize>,
    name: Option<usize>,
    value: Option<usize>,
    weight: Option<usize>,
    unit: Option<usize>,
    nature: Option<usize>,
}

/// The grid header's columns: one grid, or a 中期 grid and a 年度 grid side by side.
#[derive(Debug, Clone)]
struct GridHeader {
    cycle: Option<GridColumns>,
    annual: GridColumns,
    /// Columns with a header cell (read, whether the model holds them or not).
    named: Vec<usize>,
}

/// Grid columns that are read but not modelled.
const OTHER_COLUMNS: &[&str] = &[
    "绩效标准",
    "评(扣)分标准",
    "评分标准",
    "备注",
    "指标解释",
    "指标方向性",
    "指标性质",
];

/// A grid header row: it names 一级指标 (or 二级指标), 三级指标 and a value column.
fn grid_header(labels: &[String]) -> Option<GridHeader> {
    let mut groups: Vec<GridColumns> = Vec::new();
    for (k, l) in labels.iter().enumerate() {
        let l = l.as_str();
        if l == "一级指标" || (l == "二级指标" && groups.last().is_none_or(|g| g.level2.is_some()))
        {
            groups.push(GridColumns::default());
        }
        let Some(g) = groups.last_mut() else { continue };
        match l {
            "一级指标" => g.level1 = Some(k),
            "二级指标" => g.level2 = Some(k),
            "三级指标" | "指标名称" => g.name = Some(k),
            "指标值"
            | "指标值及单位"
            | "年度指标值"
            | "中期指标值"
            | "目标值"
            | "指标值(含单位)" => g.value = Some(k),
            "权重" | "指标权重" | "分值" => g.weight = Some(k),
            "度量单位" | "计量单位" => g.unit = Some(k),
            "指标性质" => g.nature = Some(k),
            _ => {}
        }
    }
    groups.retain(|g| g.name.is_some() && g.value.is_some());
    let named = (0..labels.len())
        .filter(|&k| !labels[k].is_empty())
        .collect();
    match groups.len() {
        1 => Some(GridHeader {
            cycle: None,
            annual: groups.remove(0),
            named,
        }),
        n if n >= 2 => {
            let annual = groups.remove(1);
            Some(GridHeader {
                cycle: Some(groups.remove(0)),
                annual,
                named,
            })
        }
        _ => None,
    }
}

/// The grid header's cells that name nothing the form knows.
fn unknown_columns(text: &str, row: &Row, labels: &[String]) -> Vec<Problem> {
    let known = |l: &str| {
        matches!(
            l,
            "一级指标"
                | "二级指标"
                | "三级指标"
                | "指标名称"
                | "指标值"
                | "指标值及单位"
                | "年度指标值"
                | "中期指标值"
                | "目标值"
                | "指标值(含单位)"
                | "权重"
                | "指标权重"
                | "分值"
                | "度量单位"
                | "计量单位"
        ) || OTHER_COLUMNS.contains(&l)
            || label_of(l).is_some()
    };
    labels
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty() && !known(l))
        .filter_map(|(k, l)| {
            let span = cells::cleaned(text, row.cells[k].clone())?.1;
            Some(Problem::UnknownColumn {
                span,
                label: l.clone(),
            })
        })
        .collect()
}

/// A project as its form is read.
struct FormProject {
    name: Option<(String, Range<usize>)>,
    line: usize,
    money: [Option<Money>; MONEY_COLUMNS.len()],
    target: Option<(Mapped, Range<usize>)>,
    indicators: Vec<crate::model::Indicator>,
    /// The text the indicators' fields lie in.
    indicator_text: Mapped,
    indicator_span: Option<Range<usize>>,
    grid: Option<GridHeader>,
    grid_closed: bool,
    /// The form's first row.
    start: usize,
}

impl FormProject {
    fn new(line: usize, start: usize) -> FormProject {
        FormProject {
            name: None,
            line,
            money: Default::default(),
            target: None,
            indicators: Vec::new(),
            indicator_text: Mapped::default(),
            indicator_span: None,
            grid: None,
            grid_closed: false,
            start,
        }
    }
}

fn read(text: &str, rows: &[Row]) -> Option<Document> {
    let labels_of =
        |row: &Row| -> Vec<String> { row.cells.iter().map(|c| label(text, c.clone())).collect() };
    // The form: a name label, then a grid header.
    let first_name = rows.iter().take(60).position(|r| {
        labels_of(r)
            .iter()
            .any(|l| label_of(l) == Some(Label::Name))
    })?;
    rows[first_name..]
        .iter()
        .find(|r| grid_header(&labels_of(r)).is_some())?;
    let mut doc = Document::default();
    let preamble_rows = &rows[..first_name];
    doc.preamble = read_preamble(text, preamble_rows);
    // The name row may state the unit too (`单位：万元` at its end).
    let name_row = Mapped::clean(text, rows[first_name].span.clone()).text;
    // As `MoneyUnit::stated` over the preamble and that row: 万元 wins.
    doc.preamble.money_unit = match (
        doc.preamble.money_unit,
        MoneyUnit::stated([name_row.as_str()]),
    ) {
        (_, Some(MoneyUnit::Wan)) => Some(MoneyUnit::Wan),
        (None, on_name_row) => on_name_row,
        (stated, _) => stated,
    };
    let unit = doc.preamble.money_unit.unwrap_or(MoneyUnit::Yuan);
    doc.read
        .extend(preamble_rows.iter().map(|r| r.span.clone()));
    let mut forms: Vec<FormProject> = Vec::new();
    let mut seen_money = [false; MONEY_COLUMNS.len()];
    let (mut level1, mut level2) = (None, None);
    let (mut cycle_level1, mut cycle_level2) = (None, None);
    for row in &rows[first_name..] {
        doc.read.push(row.span.clone());
        if row.is_blank(text) {
            continue;
        }
        let labels = labels_of(row);
        if let Some(header) = grid_header(&labels) {
            doc.problems.extend(unknown_columns(text, row, &labels));
            let form = forms.last_mut()?;
            form.grid = Some(header);
            (level1, level2, cycle_level1, cycle_level2) = (None, None, None, None);
            continue;
        }
        let found: Vec<(usize, Label)> = labels
            .iter()
            .enumerate()
            .filter_map(|(k, l)| label_of(l).map(|l| (k, l)))
            .collect();
        if found.iter().any(|(_, l)| *l == Label::End) {
            if let Some(f) = forms.last_mut() {
                f.grid_closed = true;
            }
            continue;
        }
        let in_grid = forms
            .last()
            .is_some_and(|f| f.grid.is_some() && !f.grid_closed);
        // A label row (a row of the grid has no label cells, its first cell being blank or
        // the grid's own row label).
        let grid_row_label = in_grid && found.iter().all(|(_, l)| *l == Label::Other);
        if !found.is_empty() && !grid_row_label {
            // A name label after a form's name or grid starts the next form.
            let names_project = found.iter().any(|(_, l)| *l == Label::Name);
            let next_form = forms
                .last()
                .is_none_or(|f| names_project && (f.name.is_some() || f.grid.is_some()));
            if next_form {
                forms.push(FormProject::new(row.line, row.span.start));
            }
            let form = forms.last_mut()?;
            for (n, &(k, l)) in found.iter().enumerate() {
                let until = found.get(n + 1).map_or(row.cells.len(), |(next, _)| *next);
                let value = row.cells[k + 1..until]
                    .iter()
                    .find_map(|c| cells::cleaned(text, c.clone()));
                let at = row.cells.get(k + 1).map_or(row.span.end, |c| c.start);
                match l {
                    Label::Name => {
                        form.name = value.map(|(m, s)| (display_name(&m.text).into_owned(), s));
                        form.line = row.line;
                    }
                    Label::Department => {
                        if let Some((m, _)) = value {
                            doc.preamble.department.get_or_insert(m.text);
                        }
                    }
                    Label::Unit => {
                        if let Some((m, _)) = value {
                            doc.preamble.unit.get_or_insert(m.text);
                        }
                    }
                    Label::Money(column) => {
                        seen_money[column] = true;
                        let span = value.as_ref().map(|(_, s)| s.clone());
                        form.money[column] = Some(cells::money(
                            text,
                            span,
                            unit,
                            at,
                            column,
                            &mut doc.problems,
                        ));
                    }
                    // A label again without a value (a grid's group header `年度目标`) does
                    // not undo the value given.
                    Label::Target if value.is_some() || form.target.is_none() => {
                        form.target = Some(value.unwrap_or((Mapped::default(), at..at)));
                    }
                    Label::Target => {}
                    Label::Other | Label::End => {}
                }
            }
            continue;
        }
        let Some(form) = forms.last_mut() else {
            continue;
        };
        if form.grid_closed {
            // The reviewers' boxes under a form, and the title of the next one.
            doc.notes
                .push(Mapped::clean(text, row.span.clone()).text.trim().to_owned());
            continue;
        }
        let Some(header) = form.grid.clone() else {
            doc.problems.push(cells::unplaced_row(text, row));
            continue;
        };
        // Text under no header cell fits no column.
        for (k, cell) in row.cells.iter().enumerate() {
            if !header.named.contains(&k)
                && let Some((m, span)) = cells::cleaned(text, cell.clone())
            {
                doc.problems.push(Problem::Unplaced { span, text: m.text });
            }
        }
        let at = |k: Option<usize>| k.and_then(|k| row.cells.get(k).cloned());
        let get = |k: Option<usize>| at(k).and_then(|s| field(text, s));
        let read_group =
            |g: &GridColumns, l1: &mut Option<CellField>, l2: &mut Option<CellField>| {
                let mut cells = IndicatorCells {
                    level1: get(g.level1),
                    level2: get(g.level2),
                    name: get(g.name),
                    nature: get(g.nature),
                    annual: get(g.value),
                    unit: get(g.unit),
                    weight: get(g.weight),
                    ..IndicatorCells::default()
                };
                // Level cells merged down over their rows: blank below the first.
                if cells.level1.is_some() {
                    *l1 = cells.level1.clone();
                    *l2 = None;
                } else {
                    cells.level1 = l1.clone();
                }
                if cells.level2.is_some() {
                    *l2 = cells.level2.clone();
                } else {
                    cells.level2 = l2.clone();
                }
                cells
            };
        let mut annual = read_group(&header.annual, &mut level1, &mut level2);
        if let Some(cycle_columns) = &header.cycle {
            let cycle = read_group(cycle_columns, &mut cycle_level1, &mut cycle_level2);
            annual.cycle = cycle.annual;
            if annual.name.is_none() {
                annual.name = cycle.name;
            }
            annual.level1 = annual.level1.or(cycle.level1);
            annual.level2 = annual.level2.or(cycle.level2);
        }
        if !annual.is_indicator() {
            continue;
        }
        let columns: Vec<usize> = [&Some(header.annual.clone()), &header.cycle]
            .into_iter()
            .flatten()
            .flat_map(|g| {
                [
                    g.level1, g.level2, g.name, g.value, g.weight, g.unit, g.nature,
                ]
            })
            .flatten()
            .collect();
        let spans: Vec<Range<usize>> = columns.iter().filter_map(|&k| at(Some(k))).collect();
        let span = spans
            .iter()
            .map(|s| s.start)
            .min()
            .unwrap_or(row.span.start)
            ..spans.iter().map(|s| s.end).max().unwrap_or(row.span.end);
        match &mut form.indicator_span {
            Some(s) => s.end = span.end,
            None => form.indicator_span = Some(span.clone()),
        }
        let indicator = annual.indicator(row.line, span, &mut form.indicator_text);
        form.indicators.push(indicator);
    }
    doc.absent_money = seen_money.map(|seen| !seen);
    for form in forms {
        let (name, name_span) = form.name.unwrap_or((String::new(), form.start..form.start));
        if name.is_empty() {
            doc.problems.push(Problem::Nameless {
                span: name_span.clone(),
            });
        }
        let (target, target_span) = form
            .target
            .unwrap_or((Mapped::default(), name_span.end..name_span.end));
        let indicator_span = form.indicator_span.unwrap_or(name_span.end..name_span.end);
        let end = name_span.end;
        doc.projects.push(Project {
            name: name.into(),
            name_span,
            line: form.line,
            money: form
                .money
                .map(|m| m.unwrap_or_else(|| Money::unwritten(end))),
            target,
            indicator_text: form.indicator_text,
            target_span,
            indicator_span,
            indicators: form.indicators,
            indicators_cut: false,
            text_missing: false,
            unit: None,
        });
    }
    Some(doc)
}
