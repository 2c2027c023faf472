//! Category codes a rule names (`1`, `31`), compared with an indicator's code field: every rule
//! that filters by category asks this of every indicator of every table, so the comparison is
//! made inline, a byte at a time, rather than through a call to `memcmp` for a byte or two.

use serde::Deserialize;

/// A list of codes (or short names) from a rule file, in the file's order.
#[derive(Debug, Default, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct Codes(Vec<String>);

impl From<Vec<String>> for Codes {
    fn from(codes: Vec<String>) -> Codes {
        Codes(codes)
    }
}

impl Codes {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `text` is one of the codes.
    pub fn contains(&self, text: &str) -> bool {
        self.0.iter().any(|c| same(c, text))
    }
}

/// Whether two short texts are equal, compared inline: codes and level names are a few bytes,
/// where the call to `memcmp` that `==` makes costs more than the comparison.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_compared_whole() {
        let codes = Codes::from(vec!["1".to_owned(), "31".to_owned()]);
        assert!(codes.contains("1") && codes.contains("31"));
        assert!(!codes.contains("3") && !codes.contains("11") && !codes.contains(""));
        assert!(Codes::default().is_empty() && !Codes::default().contains("1"));
        assert!(same("满意度指标", "满意度指标") && !same("满意度指标", "满意度"));
    }
}
