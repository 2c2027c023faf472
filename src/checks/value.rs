//! Numbers in indicator values and target text: `≥90%`, `不低于120万平方米`, `40,000人`.

use std::ops::Range;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[\d,]*(?:\.\d+)?").expect("a valid pattern"));

/// A number found in text, with its byte range and whether a `%` follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub value: Decimal,
    pub range: Range<usize>,
    pub percent: bool,
}

pub fn numbers(text: &str) -> Vec<Number> {
    NUMBER
        .find_iter(text)
        .filter_map(|m| {
            let digits = m.as_str().trim_end_matches(',').replace(',', "");
            let value = Decimal::from_str(&digits).ok()?;
            let rest = text[m.end()..].trim_start();
            Some(Number {
                value: value.normalize(),
                range: m.start()..m.end(),
                percent: rest.starts_with('%') || rest.starts_with('％'),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_and_percentages() {
        let n = numbers("≥90%；不低于1,200.50平方米");
        assert_eq!(n.len(), 2);
        assert!(n[0].percent);
        assert_eq!(n[0].value, Decimal::from(90));
        assert_eq!(n[1].value, Decimal::from_str("1200.5").unwrap());
        assert!(!n[1].percent);
    }
}
