//! Finding the table: the header row is recognised by its column names, not by position, and
//! the lines above it (title, 部门名称, 单位) are read for what they say.

use crate::input::rows::Row;
use crate::model::text::{Mapped, fold};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Name,
    /// One of the money columns, by index into [`MONEY_COLUMNS`].
    Money(usize),
    Target,
    Indicators,
    /// A column jxlint does not check; its cells are kept but not read.
    Other,
}

pub fn role_of(heading: &str) -> Role {
    let h = fold(&Mapped::clean(heading, 0..heading.len()).text);
    if h.starts_with("项目名称") || h == "项目" || h.starts_with("资金使用单位") {
        Role::Name
    } else if h == "总计" || h == "合计" || h.starts_with("金额合计") || h.starts_with("总计(")
    {
        Role::Money(0)
    } else if h.starts_with("财政拨款") || h.starts_with("一般公共预算") {
        Role::Money(1)
    } else if h.starts_with("财政专户") {
        Role::Money(2)
    } else if h.starts_with("其他资金") || h == "其他" {
        Role::Money(3)
    } else if h.contains("绩效目标") && !h.contains("绩效目标表") {
        Role::Target
    } else if h.contains("绩效指标") {
        Role::Indicators
    } else {
        Role::Other
    }
}

#[derive(Debug, Clone)]
pub struct Header {
    /// Index into the rows of the (first) header row.
    pub first: usize,
    /// Index into the rows of the last header row: the table starts below it.
    pub row: usize,
    pub roles: Vec<Role>,
}

impl Header {
    pub fn column(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|&r| r == role)
    }
}

/// The first row naming both the project-name and the indicator column.
pub fn find_header(text: &str, rows: &[Row]) -> Option<Header> {
    rows.iter().enumerate().find_map(|(i, row)| {
        let mut roles: Vec<Role> = Vec::with_capacity(row.cells.len());
        for c in &row.cells {
            // A column named twice is read once, from its first place; the other is kept as
            // an unchecked column.
            let role = role_of(&text[c.clone()]);
            roles.push(if role != Role::Other && roles.contains(&role) {
                Role::Other
            } else {
                role
            });
        }
        let has = |r: Role| roles.contains(&r);
        (has(Role::Name) && has(Role::Indicators) && (has(Role::Target) || has(Role::Money(0))))
            .then(|| second_header_row(text, rows, i, roles))
    })
}

/// A spreadsheet may carry its header over two rows: a group heading (资金来源) merged over the
/// money columns, their names on the row below. Columns the first row leaves unnamed or names
/// with a group heading take their role from the second; the table then starts below it.
fn second_header_row(text: &str, rows: &[Row], first: usize, mut roles: Vec<Role>) -> Header {
    let one_row = |roles| Header {
        first,
        row: first,
        roles,
    };
    let Some(next) = rows.get(first + 1) else {
        return one_row(roles);
    };
    let below: Vec<Role> = next
        .cells
        .iter()
        .map(|c| role_of(&text[c.clone()]))
        .collect();
    let adds = below.iter().enumerate().any(|(k, r)| {
        matches!(r, Role::Money(_)) && roles.get(k).is_none_or(|top| *top == Role::Other)
    });
    // Only a row of headings: one with a project name or an amount is the table's first row.
    let only_headings =
        next.cells.iter().zip(&below).all(|(c, r)| {
            *r != Role::Other || Mapped::clean(text, c.clone()).text.trim().is_empty()
        });
    if !adds || !only_headings {
        return one_row(roles);
    }
    for (k, r) in below.into_iter().enumerate() {
        if r == Role::Other || roles.contains(&r) {
            continue;
        }
        match roles.get_mut(k) {
            Some(top) if *top == Role::Other => *top = r,
            Some(_) => {}
            None => {
                roles.resize(k, Role::Other);
                roles.push(r);
            }
        }
    }
    Header {
        first,
        row: first + 1,
        roles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_over_two_rows_takes_the_money_columns_from_the_second() {
        let text = "项目名称\t资金来源\t\t\t\t绩效目标\t绩效指标\n\t总计\t财政拨款\t财政专户拨款\t其他资金\t\t\n合计\t1.00\t1.00\t\t\t\t\n";
        let rows = crate::input::rows::split_rows(text);
        let h = find_header(text, &rows).unwrap();
        assert_eq!(h.row, 1);
        assert_eq!(
            h.roles,
            [
                Role::Name,
                Role::Money(0),
                Role::Money(1),
                Role::Money(2),
                Role::Money(3),
                Role::Target,
                Role::Indicators
            ]
        );
        // A one-row header is left as it is, and so is the first row of data.
        let text = "项目名称\t总计\t绩效目标\t绩效指标\n合计\t1.00\t\t\n";
        let rows = crate::input::rows::split_rows(text);
        assert_eq!(find_header(text, &rows).unwrap().row, 0);
    }

    #[test]
    fn roles_by_name() {
        assert_eq!(role_of("项目名称（资金使用单位）"), Role::Name);
        assert_eq!(role_of("财政专户拨款"), Role::Money(2));
        assert_eq!(role_of("财政拨款"), Role::Money(1));
        assert_eq!(role_of("<p>绩效指标</p>"), Role::Indicators);
        assert_eq!(role_of("项目类型"), Role::Other);
    }
}
