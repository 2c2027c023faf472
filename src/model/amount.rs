//! Money cells: `3,574.54`, `15.73`, empty (zero). Exact decimals, never floats.

use rust_decimal::Decimal;

/// Text in a money cell that is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnAmount;

/// `Ok(None)` for an empty cell. An amount is `-?` digits, grouped by thousands commas or not,
/// then optional decimals: `3,574.54`, `15.73`, `-2`. Full-width digits and spaces fold.
pub fn parse(cell: &str) -> Result<Option<Decimal>, NotAnAmount> {
    let mut chars = cell
        .chars()
        .map(crate::model::text::fold_width)
        .filter(|c| !c.is_whitespace())
        .peekable();
    if chars.peek().is_none() {
        return Ok(None);
    }
    let negative = chars.next_if_eq(&'-').is_some();
    // Mantissa without commas, its scale, and the shape of the integer part's groups.
    let (mut mantissa, mut scale) = (0i128, 0u32);
    let (mut int_digits, mut group, mut grouped) = (0usize, 0usize, false);
    let mut fraction = None;
    for c in chars {
        match (c, fraction) {
            ('0'..='9', _) => {
                mantissa = mantissa
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(i128::from(c as u8 - b'0')))
                    .ok_or(NotAnAmount)?;
                match fraction.as_mut() {
                    Some(n) => *n += 1,
                    None => {
                        int_digits += 1;
                        group += 1;
                    }
                }
            }
            (',', None) if int_digits > 0 && (if grouped { group == 3 } else { group <= 3 }) => {
                grouped = true;
                group = 0;
            }
            ('.', None) if int_digits > 0 => fraction = Some(0u32),
            _ => return Err(NotAnAmount),
        }
    }
    if int_digits == 0 || (grouped && group != 3) || fraction == Some(0) {
        return Err(NotAnAmount);
    }
    scale += fraction.unwrap_or(0);
    let mut d = Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NotAnAmount)?;
    d.set_sign_negative(negative);
    Ok(Some(d))
}

/// An amount as the tables write it: thousands separators, at least two decimal places.
pub fn format(d: Decimal) -> String {
    let mut d = d;
    if d.scale() < 2 {
        d.rescale(2);
    }
    let s = d.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// The unit a table's amounts are in, as its preamble states it (`单位：万元`, `金额单位:元`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyUnit {
    Yuan,
    Wan,
}

impl MoneyUnit {
    /// The unit the lines above a table state: 万元 where any says so, else 元 where any says
    /// that; `None` where none states a unit.
    pub fn stated<'a>(lines: impl IntoIterator<Item = &'a str>) -> Option<MoneyUnit> {
        let mut unit = None;
        for line in lines {
            let folded = crate::model::text::fold(line);
            if !(folded.contains("单位") || folded == "万元" || folded == "元") {
                continue;
            }
            if folded.contains("万元") {
                return Some(MoneyUnit::Wan);
            }
            if folded.contains('元') {
                unit = Some(MoneyUnit::Yuan);
            }
        }
        unit
    }

    /// The unit as messages write it after an amount: ` 万元`, ` 元`.
    pub fn after_amount(unit: Option<MoneyUnit>) -> &'static str {
        match unit {
            Some(MoneyUnit::Wan) => " 万元",
            Some(MoneyUnit::Yuan) => " 元",
            None => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        assert_eq!(parse("3,574.54").unwrap(), Some(Decimal::new(357454, 2)));
        assert_eq!(parse(" ").unwrap(), None);
        assert_eq!(parse("１５.７３").unwrap(), Some(Decimal::new(1573, 2)));
        assert!(parse("12,34.5").is_err());
        assert!(parse("abc").is_err());
        for bad in [
            "1,2345",
            ",123",
            "1.",
            ".5",
            "1..2",
            "1.2.3",
            "--1",
            "1,234,56",
            "1 万",
            "1,234.5,6",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse("-1,234,567.5").unwrap(),
            Some(Decimal::new(-12345675, 1))
        );
        assert_eq!(parse(" 0.00 ").unwrap(), Some(Decimal::new(0, 2)));
        assert_eq!(parse("12,345").unwrap(), Some(Decimal::new(12345, 0)));
        assert_eq!(format(Decimal::new(236244, 2)), "2,362.44");
        assert_eq!(format(Decimal::new(-1793, 2)), "-17.93");
        assert_eq!(format(Decimal::new(5, 0)), "5.00");
        assert_eq!(format(Decimal::new(1234567, 3)), "1,234.567");
    }
}
