//! `amount-sum`: 总计 = 财政拨款 + 财政专户拨款 + 其他资金 on every row; each unit's amounts are
//! the sums of its projects'; 合计 is the sum of the units. One wrong cell breaks a row and a
//! column at once: where both breaks point at the same cell by the same difference, that cell is
//! reported once, and the column break it explains is not reported again.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::checks::Check;
use crate::diag::{Finding, Text};
use crate::model::amount::{MoneyUnit, format};
use crate::model::{Document, Money};
use crate::model::{MONEY_COLUMNS, MONEY_COLUMNS_EN};

pub const CASES: &[(&str, &[&str])] = &[
    (
        "row",
        &[
            "name", "column", "actual", "expected", "diff", "total", "parts", "sum", "gap", "unit",
        ],
    ),
    (
        "unit",
        &[
            "name", "column", "actual", "expected", "diff", "gap", "unit", "subtotal",
        ],
    ),
    (
        "total",
        &[
            "name", "column", "actual", "expected", "diff", "gap", "unit", "subtotal",
        ],
    ),
];

/// What a unit row's or the 合计 row's cell of column `k` is called: 小计, 财政拨款小计; 合计.
fn subtotal_text(case: &str, k: usize) -> Text {
    let col = column_text(k);
    match (case, k) {
        ("unit", 0) => Text::new("小计", "subtotal"),
        ("unit", _) => Text::new(format!("{}小计", col.zh), format!("{} subtotal", col.en)),
        (_, 0) => Text::new("合计", "grand total"),
        _ => Text::new(
            format!("合计的{}", col.zh),
            format!("grand total's {}", col.en),
        ),
    }
}

/// How a message words a table's row sum: its unit, and the parts it has.
struct Wording {
    unit: &'static str,
    parts: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountSum {
    /// Largest difference still accepted, as a decimal string (money is never a float).
    #[serde(default, deserialize_with = "decimal")]
    pub tolerance: Decimal,
}

fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let s = String::deserialize(d)?;
    s.parse::<Decimal>().map_err(|_| {
        serde::de::Error::custom(format!("`{s}` is not a decimal number such as \"0.01\""))
    })
}

const COLUMNS: usize = MONEY_COLUMNS.len();

struct Node<'a> {
    name: &'a str,
    money: &'a [Money; COLUMNS],
}

fn column_text(k: usize) -> Text {
    Text::new(MONEY_COLUMNS[k], MONEY_COLUMNS_EN[k])
}

fn values(money: &[Money; COLUMNS]) -> Option<[Decimal; COLUMNS]> {
    let mut out = [Decimal::ZERO; COLUMNS];
    for (o, m) in out.iter_mut().zip(money) {
        *o = m.value?;
    }
    Some(out)
}

impl AmountSum {
    fn off(&self, d: Decimal) -> bool {
        d.abs() > self.tolerance
    }

    fn same(&self, a: Decimal, b: Decimal) -> bool {
        !self.off(a - b)
    }

    /// Column residuals `parent − Σ children`, `None` where a cell is unreadable.
    fn column_residuals(parent: &Node, children: &[Node]) -> [Option<Decimal>; COLUMNS] {
        std::array::from_fn(|k| {
            let mut sum = Decimal::ZERO;
            for c in children {
                sum += c.money[k].value?;
            }
            Some(parent.money[k].value? - sum)
        })
    }

    /// Checks a row's own sum. `columns` are the residuals of the column its cells are summed
    /// into; a cell that explains both breaks is fixed in them, so they are not reported twice.
    /// `outward` is +1 for a child row (its cells enter the parent's sums) and −1 for a parent
    /// row (its cells are the parent's sums).
    fn row(
        &self,
        node: &Node,
        columns: &mut [Option<Decimal>; COLUMNS],
        outward: i64,
        wording: &Wording,
        out: &mut Vec<Finding>,
    ) -> Option<(usize, Decimal)> {
        let v = values(node.money)?;
        let parts: Decimal = v[1..].iter().sum();
        let r = v[0] - parts;
        if !self.off(r) {
            return None;
        }
        let sign = Decimal::from(outward);
        // A wrong 总计 by r moves the column residual by −r·outward; a wrong component k
        // (short by r) by +r·outward.
        let culprit = if columns[0].is_some_and(|c| self.same(c, -r * sign)) {
            0
        } else {
            (1..COLUMNS)
                .find(|&k| columns[k].is_some_and(|c| self.same(c, r * sign)))
                .unwrap_or(0)
        };
        let explained = columns[culprit].is_some_and(|c| {
            let expect = if culprit == 0 { -r * sign } else { r * sign };
            self.same(c, expect)
        });
        if explained {
            columns[culprit] = Some(Decimal::ZERO);
        }
        let (actual, expected) = if culprit == 0 {
            (v[0], parts)
        } else {
            (v[culprit], v[culprit] + r)
        };
        let mut f = Finding::new("row", node.money[culprit].span.clone())
            .arg("name", node.name)
            .arg_text("column", column_text(culprit))
            .arg("actual", format(actual))
            .arg("expected", format(expected))
            .arg("diff", format(actual - expected))
            .arg("total", format(v[0]))
            .arg_text("parts", wording.parts.clone())
            .arg("sum", format(parts))
            .arg("gap", format(r.abs()))
            .arg("unit", wording.unit);
        // The amount the culprit cell would have for the row to add up: a suggestion, since
        // another cell may be the wrong one.
        f = f.fix(format(expected), false);
        if culprit != 0 {
            let col = column_text(culprit);
            f = f.note(Text::new(
                format!(
                    "差额可由{}解释：它应为 {}{}",
                    col.zh,
                    format(expected),
                    wording.unit
                ),
                format!(
                    "the {} explains the difference: it would be {}{}",
                    col.en,
                    format(expected),
                    wording.unit
                ),
            ));
        }
        for k in (0..COLUMNS).filter(|&k| k != culprit) {
            for span in node.money[k].parts() {
                let col = column_text(k);
                f = f.label(
                    span.clone(),
                    Text::new(
                        format!("{} {}", col.zh, format(v[k])),
                        format!("{} {}", col.en, format(v[k])),
                    ),
                );
            }
        }
        out.push(f.project(node.name));
        Some((culprit, r))
    }

    /// Reports the columns in which `parent` is not the sum of `children`.
    fn columns(
        &self,
        case: &'static str,
        parent: &Node,
        children: &[Node],
        residuals: &[Option<Decimal>; COLUMNS],
        unit: &'static str,
        out: &mut Vec<Finding>,
    ) -> Vec<usize> {
        let broken: Vec<usize> = (0..COLUMNS)
            .filter(|&k| residuals[k].is_some_and(|r| self.off(r)))
            .collect();
        let Some(&k) = broken.first() else {
            return broken;
        };
        let actual = parent.money[k].value.unwrap_or_default();
        let diff = residuals[k].unwrap_or_default();
        let mut f = Finding::new(case, parent.money[k].span.clone())
            .arg("name", parent.name)
            .arg_text("column", column_text(k))
            .arg("actual", format(actual))
            .arg("expected", format(actual - diff))
            .arg("diff", format(diff))
            .arg("gap", format(diff.abs()))
            .arg("unit", unit)
            .arg_text("subtotal", subtotal_text(case, k));
        for &other in &broken[1..] {
            let a = parent.money[other].value.unwrap_or_default();
            let d = residuals[other].unwrap_or_default();
            let col = column_text(other);
            f = f.note(Text::new(
                format!(
                    "{}同样不符：{}{unit}，所列各项合计 {}{unit}，相差 {}{unit}",
                    col.zh,
                    format(a),
                    format(a - d),
                    format(d.abs())
                ),
                format!(
                    "the {} does not add up either: {}{unit} against {}{unit}, {}{unit} apart",
                    col.en,
                    format(a),
                    format(a - d),
                    format(d.abs())
                ),
            ));
        }
        let spans: Vec<Range<usize>> = children
            .iter()
            .flat_map(|c| c.money[k].parts().cloned())
            .collect();
        for span in spans {
            f = f.label(span, Text::new("计入求和", "summed"));
        }
        out.push(f.project(parent.name));
        broken
    }
}

/// Residuals with the columns the table does not have left out.
fn present(
    mut residuals: [Option<Decimal>; COLUMNS],
    absent: &[bool; COLUMNS],
) -> [Option<Decimal>; COLUMNS] {
    for (r, &a) in residuals.iter_mut().zip(absent) {
        if a {
            *r = None;
        }
    }
    residuals
}

impl Check for AmountSum {
    fn run(&self, doc: &Document, out: &mut Vec<Finding>) {
        let absent = &doc.absent_money;
        // A row sums its parts only where the table has a total and at least one part.
        let rows_add_up = !absent[0] && absent[1..].iter().any(|a| !a);
        let parts: Vec<usize> = (1..COLUMNS).filter(|&k| !absent[k]).collect();
        let wording = Wording {
            unit: MoneyUnit::after_amount(doc.preamble.money_unit),
            parts: Text::new(
                parts
                    .iter()
                    .map(|&k| MONEY_COLUMNS[k])
                    .collect::<Vec<_>>()
                    .join(" + "),
                parts
                    .iter()
                    .map(|&k| MONEY_COLUMNS_EN[k])
                    .collect::<Vec<_>>()
                    .join(" + "),
            ),
        };
        let unit = wording.unit;
        let row = |node: &Node, res: &mut [Option<Decimal>; COLUMNS], outward, out: &mut _| {
            if rows_add_up {
                self.row(node, res, outward, &wording, out)
            } else {
                None
            }
        };
        let project_nodes = |unit: Option<usize>| -> Vec<Node> {
            doc.projects
                .iter()
                .filter(|p| p.unit == unit)
                .map(|p| Node {
                    name: &p.name,
                    money: &p.money,
                })
                .collect()
        };
        let unit_nodes: Vec<Node> = doc
            .units
            .iter()
            .map(|u| Node {
                name: &u.name,
                money: &u.money,
            })
            .collect();
        // Children of 合计: the units, and any project listed before the first unit.
        let top: Vec<Node> = unit_nodes
            .iter()
            .map(|u| Node {
                name: u.name,
                money: u.money,
            })
            .chain(project_nodes(None))
            .collect();
        let total = doc.total.as_ref().map(|t| Node {
            name: &t.name,
            money: &t.money,
        });
        let mut top_res = total.as_ref().map_or([None; COLUMNS], |t| {
            present(Self::column_residuals(t, &top), absent)
        });

        // Projects directly under 合计.
        for p in project_nodes(None) {
            row(&p, &mut top_res, 1, out);
        }
        for (i, unit_node) in unit_nodes.iter().enumerate() {
            let children = project_nodes(Some(i));
            let mut res = present(Self::column_residuals(unit_node, &children), absent);
            // The unit a cut-short table ends in lacks projects: `table-structure` says so.
            if doc.truncated && i + 1 == unit_nodes.len() {
                res = [None; COLUMNS];
            }
            for p in &children {
                row(p, &mut res, 1, out);
            }
            // The unit row itself: its cells are sums of its projects (outward −1) and enter
            // 合计's sums (outward +1); a cell that breaks all three is one finding.
            let before = res;
            if let Some((culprit, r)) = row(unit_node, &mut res, -1, out)
                && res[culprit] != before[culprit]
            {
                let expect = if culprit == 0 { -r } else { r };
                if top_res[culprit].is_some_and(|c| self.same(c, expect)) {
                    top_res[culprit] = Some(Decimal::ZERO);
                }
            }
            let broken = self.columns("unit", unit_node, &children, &res, unit, out);
            for k in broken {
                // The unit's cell is off from its projects by d; if 合计 is off from the units by
                // −d, the unit's cell is the one that is wrong, and 合计 is right.
                if let (Some(d), Some(t)) = (res[k], top_res[k])
                    && self.same(t, -d)
                {
                    top_res[k] = Some(Decimal::ZERO);
                }
            }
        }
        if doc.truncated {
            top_res = [None; COLUMNS];
        }
        if let Some(t) = &total {
            row(t, &mut top_res, -1, out);
            self.columns("total", t, &top, &top_res, unit, out);
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.tolerance.is_sign_negative() {
            return Err("`tolerance` must not be negative".to_owned());
        }
        Ok(())
    }
}
