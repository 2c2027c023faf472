//! Physical rows to logical rows. PDF page breaks split one table row over several lines:
//! continuation lines with empty name and amount cells, a head fragment whose name only comes
//! on the next line, an indicator cut mid-word. Here those fragments are put back together,
//! each keeping its own spans.

use std::ops::Range;

use crate::input::rows::Row;
use crate::layout::guangzhou::header::{Header, Role};
use crate::layout::guangzhou::indicators::{ends_mid_item, starts_new_list};
use crate::model::MONEY_COLUMNS;
use crate::model::amount;
use crate::model::text::{Mapped, fold, has_content};

/// One physical row's cells, by what they hold. A cell the row lacks is `None`.
#[derive(Debug, Clone, Default)]
pub struct Fragment {
    pub line: usize,
    pub row_span: Range<usize>,
    pub name: Option<Range<usize>>,
    pub money: [Option<Range<usize>>; MONEY_COLUMNS.len()],
    pub target: Option<Range<usize>>,
    pub indicators: Option<Range<usize>>,
    /// Cells of columns jxlint does not check (项目类型, 实施期限, …), kept as they are.
    pub other: Vec<Range<usize>>,
    /// The indicator cell cleaned and normalised, once: stitching asks for it again and again.
    pub indicator_text: Mapped,
}

impl Fragment {
    /// Every cell of the row that went into the fragment.
    pub fn cells(&self) -> impl Iterator<Item = &Range<usize>> {
        self.name
            .iter()
            .chain(self.money.iter().flatten())
            .chain(&self.target)
            .chain(&self.indicators)
            .chain(&self.other)
    }
}

#[derive(Debug, Clone)]
pub enum Logical {
    /// The 合计 row.
    Total(Fragment),
    /// A 资金使用单位 row: a subtotal with no target or indicator text.
    Unit(Fragment),
    /// A project, from one or more fragments in file order.
    Project(Vec<Fragment>),
    /// A note under or inside the table (`注：…`), kept as it is.
    Note(Row),
}

/// Text in a row that fits no column.
#[derive(Debug, Clone)]
pub struct Unplaced {
    pub span: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Stitched {
    pub items: Vec<Logical>,
    pub unplaced: Vec<Unplaced>,
    /// Rows whose cells hold nothing but markup and blanks.
    pub empty: Vec<Range<usize>>,
}

fn cell_text(text: &str, r: &Option<Range<usize>>) -> Mapped {
    r.as_ref()
        .map_or_else(Mapped::default, |r| Mapped::clean(text, r.clone()))
}

fn filled(text: &str, r: &Option<Range<usize>>) -> bool {
    r.as_ref().is_some_and(|r| has_content(text, r.clone()))
}

impl Fragment {
    fn has_id(&self, text: &str) -> bool {
        filled(text, &self.name) || self.has_money(text)
    }

    fn has_money(&self, text: &str) -> bool {
        self.money.iter().any(|m| filled(text, m))
    }

    fn has_text(&self, text: &str) -> bool {
        filled(text, &self.target) || filled(text, &self.indicators)
    }

    fn indicators(&self) -> &Mapped {
        &self.indicator_text
    }

    fn is_total(&self, text: &str) -> bool {
        let name = fold(&cell_text(text, &self.name).text);
        (name == "合计" || name == "总计") && !self.has_text(text)
    }
}

/// Concatenated normalised indicator text of a project's fragments.
pub fn joined_indicators(frags: &[Fragment]) -> Mapped {
    let mut m = Mapped::default();
    for f in frags {
        m.append(f.indicators());
    }
    m
}

/// Assigns a row's cells to the header's columns. A row with fewer cells than the header whose
/// text would land in money columns (PDF conversion drops empty cells around markup) keeps its
/// trailing text cells under the trailing text columns; the cells it lacks are empty money cells.
fn fragment(text: &str, header: &Header, row: &Row, unplaced: &mut Vec<Unplaced>) -> Fragment {
    let roles = &header.roles;
    let n = row.cells.len();
    let trailing_text = roles
        .iter()
        .rev()
        .take_while(|r| matches!(r, Role::Target | Role::Indicators))
        .count();
    // Only when the plain reading would put text into a money column: a spreadsheet row whose
    // last cells are empty is short too, and its cells are where they belong.
    let text_in_money = || {
        row.cells.iter().zip(roles).any(|(c, r)| {
            let t = Mapped::clean(text, c.clone());
            matches!(r, Role::Money(_)) && !t.is_empty() && amount::parse(t.text.trim()).is_err()
        })
    };
    let columns: Vec<Role> =
        if n < roles.len() && trailing_text > 0 && n > trailing_text && text_in_money() {
            let head = n - trailing_text;
            roles[..head]
                .iter()
                .chain(&roles[roles.len() - trailing_text..])
                .copied()
                .collect()
        } else {
            roles.clone()
        };
    let mut f = Fragment {
        line: row.line,
        row_span: row.span.clone(),
        ..Fragment::default()
    };
    for (i, cell) in row.cells.iter().enumerate() {
        let slot = match columns.get(i) {
            Some(Role::Name) => &mut f.name,
            Some(Role::Money(k)) => &mut f.money[*k],
            Some(Role::Target) => &mut f.target,
            Some(Role::Indicators) => &mut f.indicators,
            Some(Role::Other) => {
                f.other.push(cell.clone());
                continue;
            }
            None => {
                let t = Mapped::clean(text, cell.clone());
                if !t.is_empty() {
                    let t = t.trimmed();
                    unplaced.push(Unplaced {
                        span: t.full_span().unwrap_or(cell.clone()),
                        text: t.text,
                    });
                }
                continue;
            }
        };
        *slot = Some(cell.clone());
    }
    f.indicator_text = f.indicators.as_ref().map_or_else(Mapped::default, |r| {
        Mapped::clean_normalized(text, r.clone())
    });
    f
}

const NOTE_PREFIXES: [&str; 6] = ["注", "说明", "备注", "数据来源", "填表", "单位负责人"];

/// The fragments of the project at `i`; `current` only ever indexes a project.
fn project_of(items: &[Logical], i: usize) -> &[Fragment] {
    match &items[i] {
        Logical::Project(parts) => parts,
        _ => unreachable!("current always indexes a project"),
    }
}

pub fn stitch(text: &str, header: &Header, rows: &[Row]) -> Stitched {
    let mut out = Stitched::default();
    let mut frags: Vec<Fragment> = Vec::new();
    for row in &rows[header.row + 1..] {
        if row.is_blank(text) {
            continue;
        }
        let filled_cells = row
            .cells
            .iter()
            .filter(|c| has_content(text, (*c).clone()))
            .count();
        let first = fold(&Mapped::clean(text, row.cells[0].clone()).text);
        if row.cells.len() == 1
            || (filled_cells == 1 && NOTE_PREFIXES.iter().any(|p| first.starts_with(p)))
        {
            if NOTE_PREFIXES.iter().any(|p| first.starts_with(p)) {
                out.items.push(Logical::Note(row.clone()));
            } else {
                let t = Mapped::clean(text, row.span.clone()).trimmed();
                out.unplaced.push(Unplaced {
                    span: t.full_span().unwrap_or(row.span.clone()),
                    text: t.text,
                });
            }
            continue;
        }
        frags.push(fragment(text, header, row, &mut out.unplaced));
    }

    let mut current: Option<usize> = None;
    let mut pending: Option<Fragment> = None;
    let mut k = 0;
    while k < frags.len() {
        let f = frags[k].clone();
        k += 1;
        let (has_id, has_text) = (f.has_id(text), f.has_text(text));
        if f.is_total(text) || (has_id && !has_text) {
            if let Some(p) = pending.take() {
                out.items.push(Logical::Project(vec![p]));
            }
            out.items.push(if f.is_total(text) {
                Logical::Total(f)
            } else {
                Logical::Unit(f)
            });
            current = None;
            continue;
        }
        if !has_id && !has_text {
            out.empty.push(f.row_span.clone());
            continue;
        }
        let ind = f.indicators().clone();
        let new_list = starts_new_list(&ind);
        // A row without amounts is a fragment: a continuation, or the head of the next project
        // when its name and amounts only come on the next line. A name alone does not start a
        // project: page breaks cut names too (荔湾区慢病综合防控 / 示范区建设经费).
        if !f.has_money(text) {
            let continues = current.is_some_and(|c| {
                ind.is_empty()
                    || !new_list
                    || joined_indicators(project_of(&out.items, c)).is_empty()
            });
            if continues {
                if let Some(Logical::Project(parts)) = current.map(|c| &mut out.items[c]) {
                    parts.push(f);
                }
                continue;
            }
            let next_continues = frags.get(k).is_some_and(|n| {
                let ni = n.indicators();
                n.has_money(text) && !ni.is_empty() && !starts_new_list(ni)
            });
            if let Some(p) = pending.take() {
                out.items.push(Logical::Project(vec![p]));
            }
            if new_list && next_continues {
                pending = Some(f);
                current = None;
            } else {
                out.items.push(Logical::Project(vec![f]));
                current = Some(out.items.len() - 1);
            }
            continue;
        }
        let continuation = !ind.is_empty() && !new_list;
        if let Some(p) = pending.take() {
            if continuation {
                out.items.push(Logical::Project(vec![p, f]));
                current = Some(out.items.len() - 1);
                continue;
            }
            out.items.push(Logical::Project(vec![p]));
        }
        let joins = continuation
            && current
                .is_some_and(|c| ends_mid_item(&joined_indicators(project_of(&out.items, c))));
        if joins {
            if let Some(Logical::Project(parts)) = current.map(|c| &mut out.items[c]) {
                parts.push(f);
            }
        } else {
            out.items.push(Logical::Project(vec![f]));
            current = Some(out.items.len() - 1);
        }
    }
    if let Some(p) = pending.take() {
        out.items.push(Logical::Project(vec![p]));
    }
    out
}
