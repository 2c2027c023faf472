//! What the grid layouts (the long format, the per-project form) share: header labels found by
//! name, cells read into fields, amounts written with or without their unit, indicators built
//! from a row's cells.

use std::ops::Range;

use rust_decimal::Decimal;

use crate::input::rows::Row;
use crate::model::amount::{self, MoneyUnit, NotAnAmount};
use crate::model::indicator::{Detail, Field, Indicator};
use crate::model::text::{Mapped, fold};
use crate::model::{Money, Problem, category};

/// A label as compared: markup removed, width folded, whitespace, brackets' width and a
/// trailing colon evened out (`评（扣）分标准` = `评(扣)分标准`, `项目名称：` = `项目名称`).
pub fn label(text: &str, span: Range<usize>) -> String {
    // `fold` makes full-width brackets and colons ASCII.
    let cleaned = Mapped::clean(text, span).text;
    fold(&cleaned).trim_end_matches(':').to_owned()
}

/// Whether `label` is one of `names`.
pub fn is_one_of(label: &str, names: &[&str]) -> bool {
    names.contains(&label)
}

/// A cell's text with markup removed and surrounding whitespace trimmed, and its source span;
/// `None` for a blank cell.
pub fn cleaned(text: &str, span: Range<usize>) -> Option<(Mapped, Range<usize>)> {
    let m = Mapped::clean(text, span).into_trimmed();
    let span = m.full_span()?;
    (!m.text.is_empty()).then_some((m, span))
}

/// A cell read as an indicator field, before the indicator is written into its project's
/// indicator text ([`IndicatorCells::indicator`]).
#[derive(Debug, Clone)]
pub struct CellField {
    pub text: String,
    pub span: Range<usize>,
}

/// A cell as an indicator field: normalised (width folded, whitespace removed) as the coded
/// cell's fields are, with its source span.
pub fn field(text: &str, span: Range<usize>) -> Option<CellField> {
    let m = Mapped::clean_normalized(text, span);
    let span = m.full_span()?;
    (!m.text.is_empty()).then_some(CellField { text: m.text, span })
}

/// The cell of a row at `column`, if the row has it.
pub fn cell(row: &Row, column: Option<usize>) -> Option<Range<usize>> {
    row.cells.get(column?).cloned()
}

/// An amount cell read in the table's unit: `3,309,840.00`, and amounts written with their own
/// unit (`250万`, `10000万元`, `500元`) converted to it. `Ok(None)` for an empty cell.
pub fn amount_in(cell: &str, unit: MoneyUnit) -> Result<Option<Decimal>, NotAnAmount> {
    let folded = fold(cell);
    let (number, own) = if let Some(n) = folded.strip_suffix("万元") {
        (n, Some(MoneyUnit::Wan))
    } else if let Some(n) = folded.strip_suffix('万') {
        (n, Some(MoneyUnit::Wan))
    } else if let Some(n) = folded.strip_suffix('元') {
        (n, Some(MoneyUnit::Yuan))
    } else {
        (folded.as_str(), None)
    };
    let Some(value) = amount::parse(number)? else {
        return if own.is_some() {
            Err(NotAnAmount)
        } else {
            Ok(None)
        };
    };
    let ten_thousand = Decimal::from(10_000);
    Ok(Some(match (own.unwrap_or(unit), unit) {
        (MoneyUnit::Wan, MoneyUnit::Yuan) => value * ten_thousand,
        (MoneyUnit::Yuan, MoneyUnit::Wan) => value / ten_thousand,
        _ => value,
    }))
}

/// A money cell of money column `column`: its amount; a cell that holds no amount is
/// reported in `problems` and read as unknown (no value).
pub fn money(
    text: &str,
    span: Option<Range<usize>>,
    unit: MoneyUnit,
    at_end: usize,
    column: usize,
    problems: &mut Vec<Problem>,
) -> Money {
    let Some((m, span)) = span.and_then(|s| cleaned(text, s)) else {
        return Money::unwritten(at_end);
    };
    match amount_in(&m.text, unit) {
        Ok(Some(value)) => Money::cell(Some(value), span),
        Ok(None) => Money::unwritten(span.start),
        Err(NotAnAmount) => {
            problems.push(Problem::Amount {
                span: span.clone(),
                text: m.text,
                column,
            });
            Money::cell(None, span)
        }
    }
}

/// A whole row that fits nowhere in the table, as `table-structure` reports it.
pub fn unplaced_row(text: &str, row: &Row) -> Problem {
    Problem::Unplaced {
        span: row.span.clone(),
        text: Mapped::clean(text, row.span.clone()).text.trim().to_owned(),
    }
}

/// The money of a layout that has only a total: the other columns unwritten, at `at`.
pub fn total_only(total: Money, at: usize) -> [Money; 4] {
    [
        total,
        Money::unwritten(at),
        Money::unwritten(at),
        Money::unwritten(at),
    ]
}

/// The comparison a 指标性质 cell states, as the values of the coded cell write it (`≧` and
/// `>=` are `≥`); `None` for `=`, `定性`, `定量` and a blank cell, which add nothing to a value.
fn comparison(nature: &str) -> Option<&'static str> {
    match nature {
        "≥" | "≧" | ">=" | "大于等于" | "不低于" => Some("≥"),
        "≤" | "≦" | "<=" | "小于等于" | "不高于" => Some("≤"),
        ">" | "大于" => Some(">"),
        "<" | "小于" => Some("<"),
        _ => None,
    }
}

/// The cells of one indicator row of a grid.
#[derive(Default)]
pub struct IndicatorCells {
    pub level1: Option<CellField>,
    pub level2: Option<CellField>,
    pub name: Option<CellField>,
    pub nature: Option<CellField>,
    pub cycle: Option<CellField>,
    pub annual: Option<CellField>,
    pub unit: Option<CellField>,
    pub weight: Option<CellField>,
    pub direction: Option<CellField>,
}

impl IndicatorCells {
    /// Whether the row names an indicator or gives a value: a row with only its level cells
    /// lists a category the project does not use, and is no indicator.
    pub fn is_indicator(&self) -> bool {
        self.name.is_some() || self.cycle.is_some() || self.annual.is_some()
    }

    /// The indicator these cells make, on row `line` spanning `span`, its fields' texts
    /// written at the end of `store` (its project's indicator text). A value is written as the
    /// coded cell writes it: comparison, number, unit (`≥` `95` `%` is `≥95%`), each value
    /// spanning its own cell.
    pub fn indicator(self, line: usize, span: Range<usize>, store: &mut Mapped) -> Indicator {
        let IndicatorCells {
            level1,
            mut level2,
            name,
            nature,
            cycle,
            annual,
            unit,
            weight,
            direction,
        } = self;
        // `社会公众或服务对象满意度指标` merged across the level-1 and level-2 columns names both.
        if level2.is_none()
            && let Some(l1) = &level1
            && category::level1_code(&l1.text).is_none()
            && category::level2_code(&l1.text).is_some()
        {
            level2 = Some(l1.clone());
        }
        let level1_code = level1.as_ref().and_then(|f| {
            let code = match category::level1_code(&f.text) {
                Some(code) => Some(code),
                // The level-1 cell holds a category's name: the category's level-1 code.
                None => category::level2_code(&f.text).map(category::owner),
            };
            code.map(|c| CellField {
                text: c.to_owned(),
                span: f.span.clone(),
            })
        });
        let level2_code = level2.as_ref().and_then(|f| {
            category::level2_code(&f.text).map(|c| CellField {
                text: c.to_owned(),
                span: f.span.clone(),
            })
        });
        let written = |value: &Option<CellField>| {
            value.as_ref().map(|v| {
                let op = nature.as_ref().and_then(|n| comparison(&n.text));
                let already = v.text.starts_with(['≥', '≤', '>', '<', '=']);
                let suffix = unit.as_ref().filter(|u| !v.text.ends_with(u.text.as_str()));
                let mut text = String::new();
                if let (Some(op), false) = (op, already) {
                    text.push_str(op);
                }
                text.push_str(&v.text);
                if let Some(u) = suffix {
                    text.push_str(&u.text);
                }
                CellField {
                    text,
                    span: v.span.clone(),
                }
            })
        };
        let composed_cycle = written(&cycle);
        let composed_annual = written(&annual);
        let parts = [&level1, &level2, &name, &composed_cycle, &composed_annual];
        let joined: Vec<&str> = parts
            .iter()
            .filter_map(|f| f.as_ref())
            .map(|f| f.text.as_str())
            .collect();
        let mut put = |text: &str, span: Range<usize>| {
            let at = store.text.len();
            store.push_standing_for(text, span);
            Field::new(at..store.text.len())
        };
        let text = put(&joined.join(";"), span.clone());
        let mut put = |f: Option<CellField>| f.map(|f| put(&f.text, f.span));
        Indicator {
            number: None,
            level1_code: put(level1_code),
            level1_name: put(level1),
            level2_code: put(level2_code),
            level2_name: put(level2),
            name: put(name),
            cycle: put(composed_cycle),
            annual: put(composed_annual),
            annual_first: false,
            span,
            text,
            detail: Some(Box::new(Detail {
                nature: put(nature),
                value: put(annual.or(cycle)),
                unit: put(unit),
                weight: put(weight),
                direction: put(direction),
                line,
            })),
            codes_from_names: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_the_unit_of_the_table() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(amount_in("250万", MoneyUnit::Wan), Ok(Some(d("250"))));
        assert_eq!(amount_in("250万", MoneyUnit::Yuan), Ok(Some(d("2500000"))));
        assert_eq!(amount_in("10000万元", MoneyUnit::Wan), Ok(Some(d("10000"))));
        assert_eq!(
            amount_in("3,309,840.00", MoneyUnit::Yuan),
            Ok(Some(d("3309840.00")))
        );
        assert_eq!(amount_in("", MoneyUnit::Yuan), Ok(None));
        assert_eq!(amount_in("万元", MoneyUnit::Yuan), Err(NotAnAmount));
        assert_eq!(amount_in("约250万", MoneyUnit::Wan), Err(NotAnAmount));
    }

    #[test]
    fn labels_compare_evenly() {
        let l = |s: &str| label(s, 0..s.len());
        assert_eq!(l("评（扣）分标准"), "评(扣)分标准");
        assert_eq!(l(" 项目名称： "), "项目名称");
        assert_eq!(l("<p>一级指标</p>"), "一级指标");
    }
}
