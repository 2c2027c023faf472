//! Cell text with its way back to the file. A cleaned or normalised string keeps a short list
//! of segments, each a stretch of the text and the source bytes it came from; a new segment
//! starts only where the text departs from the bytes (markup or whitespace taken out, a
//! full-width character folded, a page-break join). Whatever is parsed out of the text can so
//! be reported at its true place, at a cost that grows with the departures, not the bytes.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::ops::Range;

use crate::model::recycle;
use crate::scan;

/// Tags of the markup left by PDF-to-text conversion (`<p>…</p>`, `<br/>`): not part of any
/// cell's text.
const TAGS: [&str; 6] = ["p", "br", "span", "div", "b", "strong"];
/// Characters a tag may hold after its name (attributes, `/`).
const TAG_REST: usize = 40;

/// The markup tags in `cell`, in order: `<` or `</`, a name of [`TAGS`] (any case) ending at a
/// non-word character, at most [`TAG_REST`] characters other than `<>`, then `>`.
fn tags(cell: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = cell[from..].find('<').map(|i| from + i) {
            from = i + 1;
            if let Some(end) = tag_at(cell, i) {
                from = end;
                return Some(i..end);
            }
        }
        None
    })
}

/// The end of the tag starting at byte `i` (a `<`), if one does.
fn tag_at(cell: &str, i: usize) -> Option<usize> {
    let rest = &cell[i + 1..];
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let name = &rest[..name_len];
    if !TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        return None;
    }
    let after = &rest[name_len..];
    if after
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let base = cell.len() - after.len();
    for (k, (j, c)) in after.char_indices().enumerate() {
        match c {
            '>' => return Some(base + j + 1),
            '<' => return None,
            _ if k >= TAG_REST => return None,
            _ => {}
        }
    }
    None
}

/// A stretch of the text starting at `text` that came from the source bytes `src..src_end`.
/// Where the two lengths agree, byte k of the stretch is source byte `src + k`; otherwise the
/// stretch is one folded character (`；` read as `;`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    text: u32,
    src: u32,
    src_end: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    /// Ascending in `text`; the first starts at 0. Files are at most 32 MB: offsets fit u32.
    segments: Vec<Segment>,
    /// Offsets in `text` where a fragment from another cell begins (a page-break join).
    breaks: Vec<u32>,
}

impl Segment {
    fn is_linear(&self, text_len: u32) -> bool {
        self.src_end - self.src == text_len
    }
}

/// The character starting at byte `i` of valid UTF-8 that [`scan::may_depart`] found, and its
/// length: decoded from at most three bytes without asking again whether they are valid.
fn candidate_at(bytes: &[u8], i: usize) -> (char, usize) {
    let b = u32::from(bytes[i]);
    let (c, len) = if b < 0x80 {
        (b, 1)
    } else if b < 0xE0 {
        ((b & 0x1F) << 6 | u32::from(bytes[i + 1] & 0x3F), 2)
    } else {
        let c =
            (b & 0x0F) << 12 | u32::from(bytes[i + 1] & 0x3F) << 6 | u32::from(bytes[i + 2] & 0x3F);
        (c, 3)
    };
    (
        char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// Whether a character is changed or dropped by [`fold_width`] and whitespace removal.
fn departs(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FF01}'..='\u{FF5E}')
}

impl Mapped {
    /// The text of `source[range]` with markup removed; whitespace and punctuation untouched.
    pub fn clean(source: &str, range: Range<usize>) -> Mapped {
        Mapped::built(false, |out| {
            for_each_unmarked(source, range, |s, at| out.push_run(s, at))
        })
    }

    /// [`Mapped::clean`] then [`Mapped::normalized`], in one pass over the cell.
    pub fn clean_normalized(source: &str, range: Range<usize>) -> Mapped {
        Mapped::built(true, |out| {
            for_each_unmarked(source, range, |s, at| out.normalize_run(s, at))
        })
    }

    /// The text `build` writes (`normalized` or only cleaned), built in this thread's buffers
    /// and copied out into a text kept from an earlier table ([`recycle::text`]), or one
    /// allocated at its exact size: grown in place, a cell's text and segments would take
    /// about twice the room.
    fn built(normalized: bool, build: impl FnOnce(&mut Mapped)) -> Mapped {
        thread_local! {
            static BUFFERS: RefCell<Mapped> = RefCell::new(Mapped::default());
        }
        let mut out = recycle::text(normalized);
        BUFFERS.with_borrow_mut(|m| {
            m.text.clear();
            m.segments.clear();
            m.breaks.clear();
            build(m);
            out.text.push_str(&m.text);
            out.segments.extend_from_slice(&m.segments);
            out.breaks.extend_from_slice(&m.breaks);
        });
        out
    }

    /// The bytes the text's buffers hold room for.
    pub fn room(&self) -> usize {
        self.text.capacity()
            + self.segments.capacity() * size_of::<Segment>()
            + self.breaks.capacity() * size_of::<u32>()
    }

    /// The text emptied, its room kept.
    pub fn emptied(mut self) -> Mapped {
        self.text.clear();
        self.segments.clear();
        self.breaks.clear();
        self
    }

    /// Byte length of the stretch of segment `i`.
    fn segment_len(&self, i: usize) -> u32 {
        let end = self
            .segments
            .get(i + 1)
            .map_or(self.text.len() as u32, |s| s.text);
        end - self.segments[i].text
    }

    /// Appends `s`, which stands at `src` in the source byte for byte.
    fn push_run(&mut self, s: &str, src: usize) {
        if s.is_empty() {
            return;
        }
        let src = src as u32;
        let len = self.text.len() as u32;
        let extends = self
            .segments
            .last()
            .is_some_and(|last| last.src_end == src && last.is_linear(len - last.text));
        if extends {
            if let Some(last) = self.segments.last_mut() {
                last.src_end += s.len() as u32;
            }
        } else {
            self.segments.push(Segment {
                text: len,
                src,
                src_end: src + s.len() as u32,
            });
        }
        self.text.push_str(s);
    }

    /// Appends `c`, which stands for the source bytes `src..src_end`.
    fn push_char(&mut self, c: char, src: u32, src_end: u32) {
        if src_end - src == c.len_utf8() as u32 {
            let mut buf = [0; 4];
            self.push_run(c.encode_utf8(&mut buf), src as usize);
            return;
        }
        self.segments.push(Segment {
            text: self.text.len() as u32,
            src,
            src_end,
        });
        self.text.push(c);
    }

    /// Appends `s` (standing at `src`) width-folded and without whitespace.
    fn normalize_run(&mut self, s: &str, src: usize) {
        let bytes = s.as_bytes();
        let mut run = 0;
        let mut i = scan::next_may_depart(bytes, 0);
        while i < bytes.len() {
            let (c, len) = candidate_at(bytes, i);
            if departs(c) {
                self.push_run(&s[run..i], src + run);
                let folded = fold_width(c);
                if !folded.is_whitespace() {
                    self.push_char(folded, (src + i) as u32, (src + i + len) as u32);
                }
                run = i + len;
            }
            i = scan::next_may_depart(bytes, i + len);
        }
        self.push_run(&s[run..], src + run);
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Appends `s`, which stands as a whole for the source bytes `src` (a field a grid layout
    /// composed from its cell): its span is the cell's.
    pub fn push_standing_for(&mut self, s: &str, src: Range<usize>) {
        if s.is_empty() {
            return;
        }
        self.segments.push(Segment {
            text: self.text.len() as u32,
            src: src.start as u32,
            src_end: src.end as u32,
        });
        self.text.push_str(s);
    }

    /// Width-folded (full-width ASCII forms to ASCII, `：；（）` to `:;()`) with all whitespace
    /// removed: the form that indicator text is parsed in and that texts are compared in.
    pub fn normalized(&self) -> Mapped {
        let mut out = Mapped::default();
        out.text.reserve(self.text.len());
        let mut breaks = self.breaks.iter().peekable();
        for (i, seg) in self.segments.iter().enumerate() {
            let len = self.segment_len(i);
            while breaks.next_if(|&&b| b <= seg.text).is_some() {
                let at = out.text.len() as u32;
                if at > 0 && out.breaks.last() != Some(&at) {
                    out.breaks.push(at);
                }
            }
            let stretch = &self.text[seg.text as usize..(seg.text + len) as usize];
            if seg.is_linear(len) {
                out.normalize_run(stretch, seg.src as usize);
            } else {
                for c in stretch.chars().filter(|c| !fold_width(*c).is_whitespace()) {
                    out.push_char(fold_width(c), seg.src, seg.src_end);
                }
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
        let (start, end) = (range.start as u32, range.end as u32);
        let mut segments = Vec::new();
        for (i, seg) in self.segments.iter().enumerate() {
            let len = self.segment_len(i);
            let (a, b) = (seg.text.max(start), (seg.text + len).min(end));
            if a >= b {
                continue;
            }
            let s = if seg.is_linear(len) {
                let src = seg.src + (a - seg.text);
                Segment {
                    text: a - start,
                    src,
                    src_end: src + (b - a),
                }
            } else {
                Segment {
                    text: a - start,
                    ..*seg
                }
            };
            segments.push(s);
        }
        Mapped {
            text: self.text[range.clone()].to_owned(),
            segments,
            breaks: self
                .breaks
                .iter()
                .filter(|&&b| b > start && b < end)
                .map(|b| b - start)
                .collect(),
        }
    }

    pub fn append(&mut self, other: &Mapped) {
        let base = self.text.len() as u32;
        if base > 0 && !other.text.is_empty() {
            self.breaks.push(base);
        }
        self.breaks.extend(other.breaks.iter().map(|b| b + base));
        self.segments.extend(other.segments.iter().map(|s| Segment {
            text: s.text + base,
            ..*s
        }));
        self.text.push_str(&other.text);
    }

    /// Index of the segment holding text byte `at` (the last one for `at` past the end).
    fn segment_at(&self, at: u32) -> usize {
        self.segments
            .partition_point(|s| s.text <= at)
            .saturating_sub(1)
    }

    /// The source offset where text byte `at` starts, `at` lying in segment `i`.
    fn source_start_in(&self, i: usize, at: u32) -> u32 {
        let seg = &self.segments[i];
        let len = self.segment_len(i);
        if at >= seg.text + len {
            return seg.src_end;
        }
        if seg.is_linear(len) {
            seg.src + (at - seg.text)
        } else {
            seg.src
        }
    }

    /// The source offset where the text byte before `end` ends, that byte lying in segment
    /// `i`.
    fn source_end_in(&self, i: usize, end: u32) -> u32 {
        let seg = &self.segments[i];
        let len = self.segment_len(i);
        if seg.is_linear(len) {
            seg.src + (end - seg.text).min(len)
        } else {
            seg.src_end
        }
    }

    /// Source byte range of `text[range]`. An empty range maps to an empty span at its place.
    /// Text joined across a page break lies in two cells: the span is that of its first part.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        self.span_near(range, None).0
    }

    /// Source spans of ranges asked in ascending order, as a parser asks for its fields.
    pub fn spans(&self) -> Spans<'_> {
        Spans {
            mapped: self,
            segment: Cell::new(0),
        }
    }

    /// [`Mapped::source_span`], and the segment its start lies in; the search for that segment
    /// starts at `near` when given (a segment at or before it).
    fn span_near(&self, range: Range<usize>, near: Option<usize>) -> (Range<usize>, usize) {
        let (start, mut end) = (range.start as u32, range.end as u32);
        if let Some(&b) = self.breaks.iter().find(|&&b| b > start && b < end) {
            end = b;
        }
        if self.segments.is_empty() {
            return (0..0, 0);
        }
        let first = match near {
            Some(i) if self.segments.get(i).is_some_and(|seg| seg.text <= start) => {
                self.segment_from(i, start)
            }
            _ => self.segment_at(start),
        };
        let s = self.source_start_in(first, start) as usize;
        if start >= end {
            return (s..s, first);
        }
        // The end lies in the same segment or a later one.
        let last = self.segment_from(first, end.saturating_sub(1).max(start));
        let e = (self.source_end_in(last, end) as usize).max(s);
        (s..e, first)
    }

    /// Index of the segment holding text byte `at`, searching forward from segment `i` (at or
    /// before it): a few steps, then a binary search.
    fn segment_from(&self, i: usize, at: u32) -> usize {
        let mut i = i;
        for _ in 0..8 {
            match self.segments.get(i + 1) {
                Some(next) if next.text <= at => i += 1,
                _ => return i,
            }
        }
        i + self.segments[i..]
            .partition_point(|s| s.text <= at)
            .saturating_sub(1)
    }

    /// Source span of the whole text, or `None` if it is empty.
    pub fn full_span(&self) -> Option<Range<usize>> {
        (!self.text.is_empty()).then(|| self.source_span(0..self.text.len()))
    }
}

/// A [`Mapped`] text's source spans, looked up from where the last lookup left off.
pub struct Spans<'a> {
    mapped: &'a Mapped,
    segment: Cell<usize>,
}

impl Spans<'_> {
    /// The source span of `text[range]`, as [`Mapped::source_span`] gives it.
    pub fn of(&self, range: Range<usize>) -> Range<usize> {
        let (span, segment) = self.mapped.span_near(range, Some(self.segment.get()));
        self.segment.set(segment);
        span
    }
}

/// Calls `f` with each stretch of `source[range]` between markup tags, and where it stands.
fn for_each_unmarked(source: &str, range: Range<usize>, mut f: impl FnMut(&str, usize)) {
    let cell = &source[range.clone()];
    if !has_markup(cell) {
        f(cell, range.start);
        return;
    }
    let mut pos = 0;
    for tag in tags(cell) {
        f(&cell[pos..tag.start], range.start + pos);
        pos = tag.end;
    }
    f(&cell[pos..], range.start + pos);
}

/// The first markup tag inside `source[range]`, if any.
pub fn first_markup(source: &str, range: Range<usize>) -> Option<Range<usize>> {
    let cell = &source[range.clone()];
    let tag = tags(cell).next()?;
    Some(range.start + tag.start..range.start + tag.end)
}

/// Whether `source[range]` holds anything but markup and whitespace; cheaper than cleaning it.
pub fn has_content(source: &str, range: Range<usize>) -> bool {
    let mut content = false;
    for_each_unmarked(source, range, |s, _| content |= !s.trim().is_empty());
    content
}

/// Whether `cell` may hold markup (a `<`): the test every cell is put to, by memchr.
pub fn has_markup(cell: &str) -> bool {
    memchr::memchr(b'<', cell.as_bytes()).is_some()
}

/// Whether `s`, width folded and without whitespace, is `word`; without building the folded
/// string.
pub fn folds_to(s: &str, word: &str) -> bool {
    let mut folded = s.chars().map(fold_width).filter(|c| !c.is_whitespace());
    word.chars().all(|w| folded.next() == Some(w)) && folded.next().is_none()
}

/// Whether `s`, width folded and without whitespace, starts with `word`.
pub fn folds_to_prefix(s: &str, word: &str) -> bool {
    let mut folded = s.chars().map(fold_width).filter(|c| !c.is_whitespace());
    word.chars().all(|w| folded.next() == Some(w))
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
pub fn display_name(s: &str) -> Cow<'_, str> {
    let s = s.trim();
    if !s.chars().any(char::is_whitespace) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
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
    Cow::Owned(out)
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
    fn normalizing_keeps_every_character_but_the_departing_ones() {
        // Every kind of byte the scan meets, in runs longer and shorter than its 16-byte step.
        let alphabet = [
            "a",
            "9",
            " ",
            "\t",
            "\r",
            "\u{1C}",
            "\u{85}",
            "\u{A0}",
            "é",
            "\u{1680}",
            "\u{2003}",
            "\u{2028}",
            "\u{205F}",
            "“",
            "…",
            "\u{3000}",
            "、",
            "。",
            "（",
            "：",
            "～",
            "\u{FF5F}",
            "预算绩效",
            "项目支出绩效目标表",
            "\u{1F600}",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut src = String::new();
            for _ in 0..(seed % 24) {
                seed = crate::similar::mix(seed);
                src.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            let m = Mapped::clean_normalized(&src, 0..src.len());
            assert_eq!(m.text, fold(&src), "{src:?}");
            assert_eq!(m, Mapped::clean(&src, 0..src.len()).normalized(), "{src:?}");
            for (i, c) in m.text.char_indices() {
                let from = &src[m.source_span(i..i + c.len_utf8())];
                assert_eq!(fold(from), c.to_string(), "{src:?} at {i}");
            }
        }
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
    fn folded_and_dropped_characters_map_exactly() {
        let src = "指标（%）；实 施:1";
        let m = Mapped::clean(src, 0..src.len()).normalized();
        assert_eq!(m.text, "指标(%);实施:1");
        let at = |needle: &str| {
            let i = m.text.find(needle).unwrap();
            &src[m.source_span(i..i + needle.len())]
        };
        assert_eq!(at("("), "（");
        assert_eq!(at("(%)"), "（%）");
        assert_eq!(at(";"), "；");
        assert_eq!(at("实"), "实");
        assert_eq!(at("实施"), "实 施");
        assert_eq!(at("施:1"), "施:1");
        assert_eq!(Mapped::clean_normalized(src, 0..src.len()), m);
        let sliced = m.slice(2 * 3..m.text.len());
        assert_eq!(&src[sliced.full_span().unwrap()], "（%）；实 施:1");
    }

    #[test]
    fn tags_are_found_as_the_pattern_says() {
        fn found(s: &str) -> Vec<&str> {
            tags(s).map(|r| &s[r]).collect()
        }
        assert_eq!(
            found("<p>a</p><BR/>b<br />"),
            ["<p>", "</p>", "<BR/>", "<br />"]
        );
        assert_eq!(
            found("<pre>a<b>c<bx>d<span class=\"x\">e"),
            ["<b>", "<span class=\"x\">"]
        );
        assert_eq!(found("a<p<p>b< p>c<p"), ["<p>"]);
        let long = format!("<p {}>", "x".repeat(40));
        assert_eq!(found(&long), [] as [&str; 0]);
        let just = format!("<p{}>", "x".repeat(0) + &" ".repeat(40));
        assert_eq!(found(&just), [just.as_str()]);
        assert_eq!(found("<p 中文>"), ["<p 中文>"]);
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
