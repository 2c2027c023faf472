//! Physical rows to logical rows. PDF page breaks split one table row over several lines:
//! continuation lines with empty name and amount cells, a head fragment whose name only comes
//! on the next line, an indicator cut mid-word, the tail of a row repeated after the break, a
//! row's continuation written into the next project's row. Here those fragments are put back
//! together. Each cell is cleaned once, when its row is read; fragments move, they are not
//! copied.

use std::borrow::Cow;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::input::rows::Row;
use crate::layout::guangzhou::header::{Header, Role};
use crate::layout::guangzhou::indicators::{list_start, starts_new_list, tail};
use crate::model::text::{
    Mapped, first_markup, folds_to, folds_to_prefix, has_content, has_markup,
};
use crate::model::{MONEY_COLUMNS, amount};

/// A cell of a row: where it is, and its text cleaned once (markup removed, trimmed; the
/// indicator cell also normalised). The text moves on into the project that takes it; the
/// cell keeps the text's span.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub range: Range<usize>,
    text: Mapped,
    /// The cleaned text's span, or an empty span at the cell: empty exactly when the text is.
    pub span: Range<usize>,
}

impl Cell {
    fn new(range: Range<usize>, text: Mapped) -> Cell {
        let span = text.full_span().unwrap_or(range.start..range.start);
        Cell { range, text, span }
    }

    fn filled(cell: &Option<Cell>) -> bool {
        cell.as_ref().is_some_and(|c| !c.text.text.is_empty())
    }

    pub fn text(&self) -> &Mapped {
        &self.text
    }

    /// The text, taken out of the cell (which keeps its span): for the project it goes into.
    pub fn take_text(&mut self) -> Mapped {
        std::mem::take(&mut self.text)
    }

    /// Whether the cell held text (taken or not).
    pub fn is_written(&self) -> bool {
        !self.span.is_empty()
    }
}

/// The name cell: its text without markup and surrounding whitespace (the file's own bytes
/// where it has no markup, as most have none) and that text's span, or an empty span at the
/// cell where it is empty.
#[derive(Debug, Clone)]
pub struct NameCell<'a> {
    pub text: Cow<'a, str>,
    pub span: Range<usize>,
}

impl<'a> NameCell<'a> {
    fn read(text: &'a str, range: &Range<usize>) -> NameCell<'a> {
        let at_cell = range.start..range.start;
        let cell = &text[range.clone()];
        if has_markup(cell) {
            let m = clean(text, range);
            let span = m.full_span().unwrap_or(at_cell);
            return NameCell {
                text: Cow::Owned(m.text),
                span,
            };
        }
        let trimmed = cell.trim();
        let start = range.start + (cell.len() - cell.trim_start().len());
        let span = if trimmed.is_empty() {
            at_cell
        } else {
            start..start + trimmed.len()
        };
        NameCell {
            text: Cow::Borrowed(trimmed),
            span,
        }
    }

    pub fn is_written(&self) -> bool {
        !self.span.is_empty()
    }
}

/// Appends `m` to `to`, moving it where `to` is empty (most projects are one row).
pub fn join(to: &mut Mapped, m: Mapped) {
    if to.text.is_empty() {
        *to = m;
    } else {
        to.append(&m);
    }
}

/// A money cell, read once: its span (the trimmed text, or an empty span at the cell) and its
/// amount: `Ok(None)` when empty, `Err` with the text when it is not an amount.
#[derive(Debug, Clone)]
pub struct MoneyCell {
    pub span: Range<usize>,
    pub amount: Result<Option<Decimal>, String>,
}

impl MoneyCell {
    fn read(text: &str, range: &Range<usize>) -> MoneyCell {
        let at_cell = range.start..range.start;
        let cell = &text[range.clone()];
        if has_markup(cell) {
            let m = clean(text, range);
            let span = m.full_span().unwrap_or(at_cell);
            let amount = amount::parse(&m.text).map_err(|_| m.text.clone());
            return MoneyCell { span, amount };
        }
        // Without markup the cell is its trimmed text, read in place.
        let trimmed = cell.trim();
        let start = range.start + (cell.len() - cell.trim_start().len());
        let span = if trimmed.is_empty() {
            at_cell
        } else {
            start..start + trimmed.len()
        };
        let amount = amount::parse(trimmed).map_err(|_| trimmed.to_owned());
        MoneyCell { span, amount }
    }

    fn filled(cell: &Option<MoneyCell>) -> bool {
        cell.as_ref().is_some_and(|c| !matches!(c.amount, Ok(None)))
    }
}

/// A cell's text without markup and surrounding whitespace; borrowed when it has no markup.
fn cleaned_str<'a>(text: &'a str, range: &Range<usize>) -> Cow<'a, str> {
    let cell = &text[range.clone()];
    if has_markup(cell) {
        Cow::Owned(clean(text, range).text)
    } else {
        Cow::Borrowed(cell.trim())
    }
}

/// One physical row's cells, by what they hold. A cell the row lacks is `None`.
#[derive(Debug, Clone, Default)]
pub struct Fragment<'a> {
    pub line: usize,
    pub row_span: Range<usize>,
    pub name: Option<NameCell<'a>>,
    pub money: [Option<MoneyCell>; MONEY_COLUMNS.len()],
    pub target: Option<Cell>,
    /// The indicator cell, normalised (width folded, whitespace removed).
    pub indicators: Option<Cell>,
    /// Every cell of the row that went into the fragment (the row's own list, not a copy),
    /// and the first markup tag of each cell that has one.
    pub cells: &'a [Range<usize>],
    pub markup: Vec<Range<usize>>,
}

impl<'a> Fragment<'a> {
    fn has_money(&self) -> bool {
        self.money.iter().any(MoneyCell::filled)
    }

    fn has_id(&self) -> bool {
        self.name.as_ref().is_some_and(NameCell::is_written) || self.has_money()
    }

    fn has_text(&self) -> bool {
        Cell::filled(&self.target) || Cell::filled(&self.indicators)
    }

    fn indicator_text(&self) -> &str {
        self.indicators.as_ref().map_or("", |c| &c.text.text)
    }

    fn is_total(&self) -> bool {
        let name = self.name.as_ref().map_or("", |c| &c.text);
        (folds_to(name, "合计") || folds_to(name, "总计")) && !self.has_text()
    }

    /// The row's text cells without its name and amounts: what a continuation adds.
    fn text_only(&mut self) -> Fragment<'a> {
        Fragment {
            line: self.line,
            row_span: self.row_span.clone(),
            target: self.target.take(),
            indicators: self.indicators.take(),
            ..Fragment::default()
        }
    }
}

/// A project put together from its fragments: the fragments in file order, and its indicator
/// text joined across them with what repeats an earlier page taken out.
#[derive(Debug, Clone, Default)]
pub struct Pieces<'a> {
    pub fragments: Vec<Fragment<'a>>,
    pub indicators: Mapped,
    /// Indicator text that repeats, after a page break, items the list already has.
    pub repeats: Vec<Range<usize>>,
    /// The row's target and indicator cells hold another project's continued text: its own
    /// are not in the table.
    pub text_elsewhere: Option<String>,
}

impl<'a> Pieces<'a> {
    /// A project starting at `f`, its fragments kept in `room` (emptied, from a project
    /// already read).
    fn new(f: Fragment<'a>, room: Vec<Fragment<'a>>) -> Pieces<'a> {
        let mut p = Pieces {
            fragments: room,
            ..Pieces::default()
        };
        p.add(f);
        p
    }

    fn add(&mut self, mut f: Fragment<'a>) {
        if let Some(c) = &mut f.indicators {
            join(&mut self.indicators, c.take_text());
        }
        self.fragments.push(f);
    }

    /// Whether every amount cell so far is empty or zero.
    fn has_no_amounts(&self) -> bool {
        self.fragments
            .iter()
            .flat_map(|f| f.money.iter().flatten())
            .all(|c| {
                c.amount
                    .as_ref()
                    .is_ok_and(|v| v.is_none_or(|d| d.is_zero()))
            })
    }

    /// Adds a fragment that continues this project's text. Items numbered at or below the last
    /// item of a complete list repeat what came before the break (the tail of a page printed
    /// again): they are set aside, not read a second time.
    fn continue_with(&mut self, mut f: Fragment<'a>) {
        let state = tail(&self.indicators);
        if let (Some(cell), Some(last), true) = (&mut f.indicators, state.number, state.complete)
            && !starts_new_list(&cell.text)
        {
            let text = &cell.text;
            if list_start(&text.text, |_| true).is_some_and(|(_, n)| n <= last) {
                let keep =
                    list_start(&text.text, |n| n > last).map_or(text.text.len(), |(at, _)| at);
                self.repeats.extend(text.slice(0..keep).full_span());
                *cell = Cell::new(cell.range.clone(), text.slice(keep..text.text.len()));
            }
        }
        self.add(f);
    }
}

#[derive(Debug, Clone)]
pub enum Logical<'a> {
    /// The 合计 row.
    Total(Fragment<'a>),
    /// A 资金使用单位 row: a subtotal with no target or indicator text.
    Unit(Fragment<'a>),
    /// A project, from one or more fragments in file order.
    Project(Pieces<'a>),
    /// A note under or inside the table (`注：…`), kept as it is.
    Note(&'a Row),
}

/// Text in a row that fits no column.
#[derive(Debug, Clone)]
pub struct Unplaced {
    pub span: Range<usize>,
    pub text: String,
}

/// What the rows held beside the logical rows handed on.
#[derive(Debug, Clone, Default)]
pub struct Stitched {
    pub unplaced: Vec<Unplaced>,
    /// Rows whose cells hold nothing but markup and blanks.
    pub empty: Vec<Range<usize>>,
}

/// A cell cleaned and trimmed.
fn clean(text: &str, range: &Range<usize>) -> Mapped {
    Mapped::clean(text, range.clone()).into_trimmed()
}

/// Assigns a row's cells to the header's columns, reading each cell once for what its column
/// needs. A row with fewer cells than the header whose text would land in money columns (PDF
/// conversion drops empty cells around markup) keeps its trailing text cells under the
/// trailing text columns; the cells it lacks are empty money cells.
fn fragment<'a>(
    text: &'a str,
    header: &Header,
    row: &'a Row,
    unplaced: &mut Vec<Unplaced>,
) -> Fragment<'a> {
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
            matches!(r, Role::Money(_)) && {
                let t = cleaned_str(text, c);
                !t.is_empty() && amount::parse(&t).is_err()
            }
        })
    };
    let shifted = n < roles.len() && trailing_text > 0 && n > trailing_text && text_in_money();
    let role_of = |i: usize| {
        if shifted && i >= n - trailing_text {
            roles.get(roles.len() - (n - i))
        } else {
            roles.get(i)
        }
    };
    let mut f = Fragment {
        line: row.line,
        row_span: row.span.clone(),
        ..Fragment::default()
    };
    // The cells a role takes are the row's first ones: text beyond the header's columns is
    // unplaced (a shifted row has fewer cells than columns).
    let mut taken = 0;
    for (i, range) in row.cells.iter().enumerate() {
        if has_markup(&text[range.clone()])
            && let Some(tag) = first_markup(text, range.clone())
        {
            f.markup.push(tag);
        }
        let cell = |t: Mapped| Some(Cell::new(range.clone(), t));
        match role_of(i) {
            Some(Role::Name) => f.name = Some(NameCell::read(text, range)),
            Some(Role::Money(k)) => f.money[*k] = Some(MoneyCell::read(text, range)),
            Some(Role::Target) => f.target = cell(clean(text, range)),
            Some(Role::Indicators) => {
                f.indicators = cell(Mapped::clean_normalized(text, range.clone()))
            }
            Some(Role::Other) => {}
            None => {
                if has_content(text, range.clone()) {
                    let t = clean(text, range);
                    unplaced.push(Unplaced {
                        span: t.full_span().unwrap_or(range.clone()),
                        text: t.text,
                    });
                }
                continue;
            }
        }
        debug_assert_eq!(taken, i, "the cells taken are the row's first");
        taken = i + 1;
    }
    f.cells = &row.cells[..taken];
    f
}

const NOTE_PREFIXES: [&str; 6] = ["注", "说明", "备注", "数据来源", "填表", "单位负责人"];

/// A row below the header read as a fragment; notes and text that fits no column are kept
/// aside as they come.
fn fragment_of<'a>(
    text: &'a str,
    header: &Header,
    row: &'a Row,
    notes: &mut Vec<&'a Row>,
    unplaced: &mut Vec<Unplaced>,
) -> Option<Fragment<'a>> {
    if row.is_blank(text) {
        return None;
    }
    let single = row.cells.len() == 1;
    // A note is its row's one written cell, the first, starting with a note's word. The cells
    // are counted only for a row whose first cell starts so.
    let note = {
        let first = cleaned_str(text, &row.cells[0]);
        NOTE_PREFIXES.iter().any(|p| folds_to_prefix(&first, p))
    } && (single
        || row
            .cells
            .iter()
            .filter(|c| has_content(text, (*c).clone()))
            .count()
            == 1);
    if single || note {
        if note {
            notes.push(row);
        } else {
            let t = Mapped::clean(text, row.span.clone()).trimmed();
            unplaced.push(Unplaced {
                span: t.full_span().unwrap_or(row.span.clone()),
                text: t.text,
            });
        }
        return None;
    }
    Some(fragment(text, header, row, unplaced))
}

/// Logical rows handed on as they are complete, in file order: the project being read stays
/// open (a later row may continue it) until another item comes; every other item is complete
/// when it comes.
struct Out<'a, E> {
    emit: E,
    open: Option<Pieces<'a>>,
    /// Emptied fragment lists of projects handed on, to hold the next ones' fragments.
    room: Vec<Vec<Fragment<'a>>>,
}

impl<'a, E: FnMut(Logical<'a>) -> Option<Vec<Fragment<'a>>>> Out<'a, E> {
    /// Hands on the open project: nothing more can join it.
    fn close(&mut self) {
        if let Some(p) = self.open.take()
            && let Some(room) = (self.emit)(Logical::Project(p))
        {
            self.room.push(room);
        }
    }

    fn push(&mut self, item: Logical<'a>) {
        self.close();
        if let Some(room) = (self.emit)(item) {
            self.room.push(room);
        }
    }

    /// A project of its own, complete.
    fn push_project(&mut self, f: Fragment<'a>) {
        let p = self.pieces(f);
        self.push(Logical::Project(p));
    }

    /// A project that the rows below may continue.
    fn open(&mut self, p: Pieces<'a>) {
        self.close();
        self.open = Some(p);
    }

    fn pieces(&mut self, f: Fragment<'a>) -> Pieces<'a> {
        // Most projects are one row: room for one fragment at first (an empty Vec's first
        // push makes room for four).
        let room = self.room.pop().unwrap_or_else(|| Vec::with_capacity(1));
        Pieces::new(f, room)
    }
}

/// Reads the rows below the header into logical rows, handing each to `emit` as soon as it is
/// complete, in file order; `emit` may give back a project's emptied fragment list for the
/// next project to use.
pub fn stitch<'a>(
    text: &'a str,
    header: &Header,
    rows: &'a [Row],
    emit: impl FnMut(Logical<'a>) -> Option<Vec<Fragment<'a>>>,
) -> Stitched {
    let mut out = Out {
        emit,
        open: None,
        room: Vec::new(),
    };
    let mut stitched = Stitched::default();
    let body = &rows[header.row + 1..];
    let (mut notes, mut unplaced) = (Vec::new(), Vec::new());
    // Rows are read one at a time, one ahead of the stitching.
    let mut frags = body
        .iter()
        .filter_map(|row| fragment_of(text, header, row, &mut notes, &mut unplaced))
        .peekable();
    let mut pending: Option<Fragment> = None;
    while let Some(mut f) = frags.next() {
        let (has_id, has_text, total) = (f.has_id(), f.has_text(), f.is_total());
        if total || (has_id && !has_text) {
            if let Some(p) = pending.take() {
                out.push_project(p);
            }
            out.push(if total {
                Logical::Total(f)
            } else {
                Logical::Unit(f)
            });
            continue;
        }
        if !has_id && !has_text {
            stitched.empty.push(f.row_span.clone());
            continue;
        }
        let new_list = f
            .indicators
            .as_ref()
            .is_some_and(|c| starts_new_list(&c.text));
        let no_list = f.indicator_text().is_empty();
        // A row without amounts is a fragment: a continuation, or the head of the next project
        // when its name and amounts only come on the next line. A name alone does not start a
        // project: page breaks cut names too (荔湾区慢病综合防控 / 示范区建设经费).
        if !f.has_money() {
            if let Some(project) = &mut out.open
                && (no_list || !new_list || project.indicators.text.is_empty())
            {
                project.continue_with(f);
                continue;
            }
            let next_continues = frags.peek().is_some_and(|n| {
                let ni = n.indicators.as_ref().map(|c| &c.text);
                n.has_money() && ni.is_some_and(|t| !t.text.is_empty() && !starts_new_list(t))
            });
            if let Some(p) = pending.take() {
                out.push_project(p);
            }
            if new_list && next_continues {
                out.close();
                pending = Some(f);
            } else {
                let p = out.pieces(f);
                out.open(p);
            }
            continue;
        }
        let continuation = !no_list && !new_list;
        if let Some(p) = pending.take() {
            if continuation {
                let mut pieces = out.pieces(p);
                pieces.add(f);
                out.open(pieces);
                continue;
            }
            out.push_project(p);
        }
        // A row with its own name and amounts whose indicator text continues the list above,
        // cut mid-item: the continuation is the project above's. Where the project above has
        // amounts of its own, the row's name and amounts are another project; where it has
        // none (0.00 or empty), its name and amounts were cut apart by the break as well
        // (荔湾区慢病综合防控 0.00 / 示范区建设经费 2.00): one project.
        let above = out
            .open
            .as_mut()
            .filter(|p| continuation && !tail(&p.indicators).complete);
        match above {
            Some(above) if above.has_no_amounts() => above.add(f),
            Some(above) => {
                let (own, lent) = split_continuation(&mut f);
                above.add(lent);
                let above = name_so_far(above);
                let mut pieces = out.pieces(f);
                if !own {
                    pieces.text_elsewhere = Some(above);
                }
                out.open(pieces);
            }
            None => {
                let p = out.pieces(f);
                out.open(p);
            }
        }
    }
    if let Some(p) = pending.take() {
        out.push_project(p);
    }
    drop(frags);
    for row in notes {
        out.push(Logical::Note(row));
    }
    out.close();
    stitched.unplaced = unplaced;
    stitched
}

/// The name of a project so far, for a message.
fn name_so_far(p: &Pieces) -> String {
    p.fragments
        .iter()
        .filter_map(|f| f.name.as_ref())
        .map(|c| c.text.as_ref())
        .collect()
}

/// Splits a row whose indicator cell begins with another project's continued text into that
/// text (returned) and the row's own (left in `f`). The row keeps its own list where one
/// starts (`1、`) after the continuation, and then its target too; otherwise all its text is
/// lent. Returns whether the row kept text of its own.
fn split_continuation<'a>(f: &mut Fragment<'a>) -> (bool, Fragment<'a>) {
    let own_list = f
        .indicators
        .as_ref()
        .and_then(|c| list_start(&c.text.text, |n| n == 1).map(|(at, _)| at));
    match (own_list, f.indicators.as_mut()) {
        (Some(at), Some(cell)) => {
            let lent = Fragment {
                line: f.line,
                row_span: f.row_span.clone(),
                indicators: Some(Cell::new(cell.range.clone(), cell.text.slice(0..at))),
                ..Fragment::default()
            };
            *cell = Cell::new(
                cell.range.clone(),
                cell.text.slice(at..cell.text.text.len()),
            );
            (true, lent)
        }
        _ => (false, f.text_only()),
    }
}
