//! Cell text with its way back to the file: every byte of a cleaned or normalised string
//! remembers the byte range of the source character it came from, so whatever is parsed out
//! of it can be reported at its true place.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Markup left by PDF-to-text conversion (`<p>…</p>`, `<br/>`): not part of any cell's text.
static MARKUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)</?(?:p|br|span|div|b|strong)\b[^<>]{0,40}>").unwrap());

/// A source byte range, compactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Origin {
    start: u32,
    end: u32,
}

impl Origin {
    fn new(range: Range<usize>) -> Origin {
        Origin {
            start: range.start as u32,
            end: range.end as u32,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    /// For each byte of `text`, the source byte range of the character it came from (files
    /// are at most 32 MB: offsets fit in u32, which halves what cleaning allocates).
    origin: Vec<Origin>,
    /// Offsets in `text` where a fragment from another cell begins (a page-break join).
    breaks: Vec<usize>,
}

impl Mapped {
    /// The text of `source[range]` with markup removed; whitespace and punctuation untouched.
    pub fn clean(source: &str, range: Range<usize>) -> Mapped {
        let cell = &source[range.clone()];
        let mut out = Mapped::default();
        if !cell.contains('<') {
            out.push_str_from(cell, range.start);
            return out;
        }
        let mut pos = 0;
        for tag in MARKUP.find_iter(cell) {
            out.push_str_from(&cell[pos..tag.start()], range.start + pos);
            pos = tag.end();
        }
        out.push_str_from(&cell[pos..], range.start + pos);
        out
    }

    fn push_str_from(&mut self, s: &str, base: usize) {
        self.text.push_str(s);
        self.origin.reserve(s.len());
        for (i, c) in s.char_indices() {
            let len = c.len_utf8();
            let origin = Origin::new(base + i..base + i + len);
            self.origin.extend(std::iter::repeat_n(origin, len));
        }
    }

    fn push(&mut self, c: char, origin: Origin) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.origin.push(origin);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Width-folded (full-width ASCII forms to ASCII, `：；（）` to `:;()`) with all whitespace
    /// removed: the form that indicator text is parsed in and that texts are compared in.
    pub fn normalized(&self) -> Mapped {
        let mut out = Mapped::default();
        out.text.reserve(self.text.len());
        out.origin.reserve(self.text.len());
        let mut breaks = self.breaks.iter().peekable();
        for (i, c) in self.text.char_indices() {
            while breaks.next_if(|&&b| b <= i).is_some() {
                if !out.text.is_empty() && out.breaks.last() != Some(&out.text.len()) {
                    out.breaks.push(out.text.len());
                }
            }
            let c = fold_width(c);
            if !c.is_whitespace() {
                out.push(c, self.origin[i]);
            }
        }
        out
    }

    /// The text with surrounding whitespace removed, keeping the mapping.
    /// [`Mapped::trimmed`], without copying when there is nothing to trim (the usual case).
    pub fn into_trimmed(self) -> Mapped {
        if self.text.trim().len() == self.text.len() {
            self
        } else {
            self.trimmed()
        }
    }

    pub fn trimmed(&self) -> Mapped {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len().max(start);
        self.slice(start..end)
    }

    pub fn slice(&self, range: Range<usize>) -> Mapped {
        Mapped {
            text: self.text[range.clone()].to_owned(),
            origin: self.origin[range.clone()].to_vec(),
            breaks: self
                .breaks
                .iter()
                .filter(|&&b| b > range.start && b < range.end)
                .map(|b| b - range.start)
                .collect(),
        }
    }

    pub fn append(&mut self, other: &Mapped) {
        let base = self.text.len();
        if base > 0 && !other.text.is_empty() {
            self.breaks.push(base);
        }
        self.breaks.extend(other.breaks.iter().map(|b| b + base));
        self.text.push_str(&other.text);
        self.origin.extend_from_slice(&other.origin);
    }

    /// Source byte range of `text[range]`. An empty range maps to an empty span at its place.
    /// Text joined across a page break lies in two cells: the span is that of its first part.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let range = match self
            .breaks
            .iter()
            .find(|&&b| b > range.start && b < range.end)
        {
            Some(&b) => range.start..b,
            None => range,
        };
        if self.origin.is_empty() {
            return 0..0;
        }
        if range.start >= range.end {
            let at = self
                .origin
                .get(range.start)
                .map_or_else(|| self.origin[self.origin.len() - 1].end, |o| o.start)
                as usize;
            return at..at;
        }
        let start = self.origin[range.start].start as usize;
        let end = (self.origin[range.end - 1].end as usize).max(start);
        start..end
    }

    /// Source span of the whole text, or `None` if it is empty.
    pub fn full_span(&self) -> Option<Range<usize>> {
        (!self.text.is_empty()).then(|| self.source_span(0..self.text.len()))
    }
}

/// Spans of markup (`<p>`, `</p>`, `<br/>`, …) inside `source[range]`.
pub fn markup_spans(source: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let cell = &source[range.clone()];
    if !cell.contains('<') {
        return Vec::new();
    }
    MARKUP
        .find_iter(cell)
        .map(|m| range.start + m.start()..range.start + m.end())
        .collect()
}

/// Whether `source[range]` holds anything but markup and whitespace; cheaper than cleaning it.
pub fn has_content(source: &str, range: Range<usize>) -> bool {
    let cell = &source[range.clone()];
    if cell.contains('<') {
        !Mapped::clean(source, range).is_empty()
    } else {
        !cell.trim().is_empty()
    }
}

/// Full-width ASCII variants and the ideographic space fold to their ASCII forms.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    }
}

/// A string compared as text: width folded, whitespace removed.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A name for display: whitespace that a line wrap put inside Chinese text is dropped,
/// spaces between Latin words are kept.
pub fn display_name(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let latin = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(prev.as_ref()) && latin(next) && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_removed_and_spans_stay_true() {
        let src = "x\t<p>年度指 标值：90%</p>\ty";
        let cell = 2..src.len() - 2;
        let m = Mapped::clean(src, cell).normalized();
        assert_eq!(m.text, "年度指标值:90%");
        let at = m.text.find("90%").unwrap();
        let span = m.source_span(at..at + 3);
        assert_eq!(&src[span], "90%");
        let whole = m.full_span().unwrap();
        assert_eq!(&src[whole], "年度指 标值：90%");
    }

    #[test]
    fn a_span_across_a_join_is_its_first_part() {
        let src = "a 9\tb\t7%";
        let mut m = Mapped::clean(src, 0..3);
        m.append(&Mapped::clean(src, 6..8));
        let n = m.normalized();
        assert_eq!(n.text, "a97%");
        let at = n.text.find('9').unwrap();
        assert_eq!(&src[n.source_span(at..n.text.len())], "9");
        assert_eq!(&src[n.source_span(at + 1..n.text.len())], "7%");
    }

    #[test]
    fn display_names_drop_wrap_spaces() {
        assert_eq!(
            display_name("两新组织党务工作者 补贴"),
            "两新组织党务工作者补贴"
        );
        assert_eq!(display_name("LED 屏"), "LED屏");
        assert_eq!(display_name("Wi Fi"), "Wi Fi");
    }
}
