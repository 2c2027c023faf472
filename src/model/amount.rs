//! Money cells: `3,574.54`, `15.73`, empty (zero). Exact decimals, never floats.

use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

static AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$").unwrap());

/// Text in a money cell that is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAnAmount;

/// `Ok(None)` for an empty cell.
pub fn parse(cell: &str) -> Result<Option<Decimal>, NotAnAmount> {
    let folded = crate::model::text::fold(cell);
    if folded.is_empty() {
        return Ok(None);
    }
    if !AMOUNT.is_match(&folded) {
        return Err(NotAnAmount);
    }
    Decimal::from_str(&folded.replace(',', ""))
        .map(Some)
        .map_err(|_| NotAnAmount)
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
        assert_eq!(format(Decimal::new(236244, 2)), "2,362.44");
        assert_eq!(format(Decimal::new(-1793, 2)), "-17.93");
        assert_eq!(format(Decimal::new(5, 0)), "5.00");
        assert_eq!(format(Decimal::new(1234567, 3)), "1,234.567");
    }
}
