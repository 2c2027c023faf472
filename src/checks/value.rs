//! Numbers in indicator values and target text: `≥90%`, `不低于120万平方米`, `40,000人`.

use std::ops::Range;

use rust_decimal::Decimal;

/// A number found in text, with its byte range and whether a `%` follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub value: Decimal,
    pub range: Range<usize>,
    pub percent: bool,
}

/// The numbers of a text: a digit, then digits and thousands commas, then optional decimals
/// (`40,000`, `1,200.50`, `95`). Scanned without allocating.
pub fn numbers(text: &str) -> impl Iterator<Item = Number> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if !bytes[at].is_ascii_digit() {
                at += 1;
                continue;
            }
            let start = at;
            let mut mantissa: i128 = 0;
            let mut scale = 0u32;
            let mut overflow = false;
            let mut digit = |m: &mut i128, b: u8| match m
                .checked_mul(10)
                .and_then(|v| v.checked_add(i128::from(b - b'0')))
            {
                Some(v) => *m = v,
                None => overflow = true,
            };
            let mut end = at;
            while at < bytes.len() && (bytes[at].is_ascii_digit() || bytes[at] == b',') {
                if bytes[at] != b',' {
                    digit(&mut mantissa, bytes[at]);
                    end = at + 1;
                }
                at += 1;
            }
            // Trailing commas are punctuation, not part of the number.
            at = end;
            if at + 1 < bytes.len() && bytes[at] == b'.' && bytes[at + 1].is_ascii_digit() {
                at += 1;
                while at < bytes.len() && bytes[at].is_ascii_digit() {
                    digit(&mut mantissa, bytes[at]);
                    scale += 1;
                    at += 1;
                }
            }
            let Some(value) = (!overflow)
                .then(|| Decimal::try_from_i128_with_scale(mantissa, scale).ok())
                .flatten()
            else {
                continue;
            };
            let rest = text[at..].trim_start();
            return Some(Number {
                value: value.normalize(),
                range: start..at,
                percent: rest.starts_with('%') || rest.starts_with('％'),
            });
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn finds_numbers_and_percentages() {
        let n: Vec<Number> = numbers("≥90%；不低于1,200.50平方米").collect();
        assert_eq!(n.len(), 2);
        let m: Vec<Number> = numbers("3,。40,000人 2.x 7.5").collect();
        assert_eq!(
            m.iter()
                .map(|n| (n.value, n.range.clone()))
                .collect::<Vec<_>>(),
            [
                (Decimal::from(3), 0..1),
                (Decimal::from(40000), 5..11),
                (Decimal::from(2), 15..16),
                (Decimal::from_str("7.5").unwrap(), 19..22)
            ]
        );
        assert!(n[0].percent);
        assert_eq!(n[0].value, Decimal::from(90));
        assert_eq!(n[1].value, Decimal::from_str("1200.5").unwrap());
        assert!(!n[1].percent);
    }
}
