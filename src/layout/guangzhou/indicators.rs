//! The coded 绩效指标 cell of the Guangzhou layout: a numbered list of
//! `N、一级；二级；指标名称；实施周期指标值:X；年度指标值:Y。` parsed from the normalised
//! (width-folded, whitespace-free) text, every field with its span.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;

use crate::model::indicator::{Field, Indicator, Part, Problem};
use crate::model::recycle;
use crate::model::text::{Mapped, Spans};

#[derive(Debug, Clone, Default)]
pub struct IndicatorList {
    pub items: Vec<Indicator>,
    pub problems: Vec<Problem>,
}

const CYCLE_KEYS: [&str; 3] = ["实施周期指标值", "实施周期值", "周期指标值"];
const ANNUAL_KEYS: [&str; 2] = ["年度指标值", "年度值"];

/// Separator punctuation that carries no content between or around items.
fn is_trivia(c: char) -> bool {
    matches!(c, '。' | '.' | ';' | ',' | '、')
}

fn strip_trivia(s: &str) -> &str {
    s.trim_matches(is_trivia)
}

/// The item marker `N、` whose `、` is at byte `at`, if the digits before it make one: one to
/// three digits at the start or after a `。`, `.` or `;`. Returns (start, number end, body
/// start).
fn marker_at(t: &str, at: usize) -> Option<(usize, usize, usize)> {
    let bytes = t.as_bytes();
    let digits = bytes[..at]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let start = at - digits;
    let at_boundary = t[..start]
        .chars()
        .next_back()
        .is_none_or(|p| matches!(p, '。' | '.' | ';'));
    ((1..=3).contains(&digits) && at_boundary).then_some((start, at, at + '、'.len_utf8()))
}

/// Searchers for `、`, made once: `memmem::find_iter` makes its searcher anew on each call, and
/// every indicator cell and row fragment is searched (made once, reading alone took about 7 %
/// less CPU on the benchmark corpus).
static COMMA: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("、"));
static COMMA_REV: LazyLock<memmem::FinderRev<'static>> =
    LazyLock::new(|| memmem::FinderRev::new("、"));

/// Item markers in order, found from each `、`.
fn markers(t: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    COMMA
        .find_iter(t.as_bytes())
        .filter_map(|at| marker_at(t, at))
}

/// The last item marker, found from the end.
fn last_marker(t: &str) -> Option<(usize, usize, usize)> {
    COMMA_REV
        .rfind_iter(t.as_bytes())
        .find_map(|at| marker_at(t, at))
}

pub fn parse_list(m: &Mapped) -> IndicatorList {
    thread_local! {
        // The markers of the list being parsed: kept from list to list, not allocated each time.
        static MARKS: RefCell<Vec<(usize, usize, usize)>> = const { RefCell::new(Vec::new()) };
    }
    MARKS.with_borrow_mut(|marks| {
        marks.clear();
        marks.extend(markers(&m.text));
        parse_marked(m, marks)
    })
}

/// The list of `m`, its item markers found.
fn parse_marked(m: &Mapped, marks: &[(usize, usize, usize)]) -> IndicatorList {
    let t = &m.text;
    let spans = m.spans();
    let mut list = IndicatorList {
        items: recycle::indicators(marks.len().max(1)),
        problems: Vec::new(),
    };
    let first = marks.first().map_or(t.len(), |k| k.0);
    let prefix = &t[..first];
    let unnumbered = marks.is_empty() && starts_with_code(strip_trivia(prefix));
    if unnumbered {
        let lead = prefix.len() - prefix.trim_start_matches(is_trivia).len();
        let span = spans.of(lead..lead + t[lead..].trim_end_matches(is_trivia).len());
        let item = parse_item(t, &spans, None, lead..t.len(), span, &mut list.problems);
        list.items.push(item);
        return list;
    }
    if !strip_trivia(prefix).is_empty() {
        let lead = prefix.len() - prefix.trim_start_matches(is_trivia).len();
        let end = prefix.trim_end_matches(is_trivia).len();
        list.problems.push(Problem::Unreadable {
            span: spans.of(lead..end),
            text: t[lead..end].to_owned(),
        });
    }
    for (k, &(start, num_end, body)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(t.len(), |n| n.0);
        let number = Field::new(start..num_end);
        let span = spans.of(start..item_end(t, start, end));
        let item = parse_item(t, &spans, Some(number), body..end, span, &mut list.problems);
        list.items.push(item);
    }
    list
}

fn item_end(t: &str, start: usize, end: usize) -> usize {
    start + t[start..end].trim_end_matches([';', ',']).len()
}

fn starts_with_code(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && s[digits..].starts_with('-')
}

/// `code-name` up to the next `;`: (code range, name range, end of the field and its `;`).
fn coded_field(t: &str, at: usize, end: usize) -> Option<(Range<usize>, Range<usize>, usize)> {
    let s = &t[at..end];
    if !starts_with_code(s) {
        return None;
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let field_end = memchr::memchr(b';', s.as_bytes()).unwrap_or(s.len());
    let next = if field_end < s.len() {
        field_end + 1
    } else {
        field_end
    };
    Some((at..at + digits, at + digits + 1..at + field_end, at + next))
}

/// The value key (`实施周期指标值`, `年度值`, …) that `rest` starts with, and its length.
fn value_key(rest: &str) -> Option<(usize, Part)> {
    // Every key starts with 实, 年 or 周, whose UTF-8 lead byte is 0xE5: most `;` are followed
    // by something else, and are passed over at one comparison.
    if rest.as_bytes().first() != Some(&0xE5) {
        return None;
    }
    CYCLE_KEYS
        .iter()
        .map(|k| (k, Part::Cycle))
        .chain(ANNUAL_KEYS.iter().map(|k| (k, Part::Annual)))
        .find(|(k, _)| rest.starts_with(**k))
        .map(|(k, part)| (k.len(), part))
}

/// Most items have both value keys; a few repeat one.
const KEYS_INLINE: usize = 4;

/// One item of the list spanning `span`, `body` its text after the number. Its fields' spans
/// are left to be found when a finding asks for one; those of problems are found here.
fn parse_item(
    t: &str,
    spans: &Spans,
    number: Option<Field>,
    body: Range<usize>,
    span: Range<usize>,
    problems: &mut Vec<Problem>,
) -> Indicator {
    let field = Field::new;
    let end = body.start + t[body.clone()].trim_end_matches(is_trivia).len();
    let label = number.map_or("", |n| &t[n.text_range()]);
    let mut ind = Indicator::new(span, Field::new(body.start..end));
    ind.number = number;
    let mut lacking: Vec<Part> = Vec::new();
    let mut cursor = body.start;
    for level in [Part::Level1, Part::Level2] {
        match coded_field(t, cursor, end) {
            Some((code, name, next)) => {
                let (c, n) = (Some(field(code)), Some(field(name)));
                if level == Part::Level1 {
                    (ind.level1_code, ind.level1_name) = (c, n);
                } else {
                    (ind.level2_code, ind.level2_name) = (c, n);
                }
                cursor = next;
            }
            None => lacking.push(level),
        }
    }
    // Value keys start the text or follow a `;`: an indicator name may hold `。` or `;` itself.
    let region = &t[cursor..end];
    let mut keys = [(0, 0, Part::Cycle); KEYS_INLINE];
    let mut more: Vec<(usize, usize, Part)> = Vec::new();
    let mut n_keys = 0;
    let starts =
        std::iter::once(0).chain(memchr::memchr_iter(b';', region.as_bytes()).map(|i| i + 1));
    for at in starts {
        if let Some((len, part)) = value_key(&region[at..]) {
            let key = (cursor + at, cursor + at + len, part);
            if n_keys < KEYS_INLINE {
                keys[n_keys] = key;
            } else {
                more.push(key);
            }
            n_keys += 1;
        }
    }
    let keys: &[(usize, usize, Part)] = if more.is_empty() {
        &keys[..n_keys]
    } else {
        more.splice(0..0, keys);
        &more
    };
    let name_end = keys.first().map_or(end, |k| k.0);
    let name = cursor..cursor + t[cursor..name_end].trim_end_matches(';').len();
    if name.is_empty() {
        if cursor < end || keys.is_empty() {
            lacking.push(Part::Name);
        }
    } else {
        ind.name = Some(field(name));
    }
    for (k, &(_, key_end, part)) in keys.iter().enumerate() {
        let last = k + 1 == keys.len();
        let region_end = keys.get(k + 1).map_or(end, |n| n.0);
        let mut v = key_end + t[key_end..region_end].len()
            - t[key_end..region_end].trim_start_matches(':').len();
        let mut v_end = v + t[v..region_end].trim_end_matches(is_trivia).len();
        if last && let Some(stop) = t[v..v_end].find('。') {
            // What follows the value's closing `。` is not part of this indicator.
            let junk = v + stop..v_end;
            let lead = junk.start + t[junk.clone()].len()
                - t[junk.clone()].trim_start_matches(is_trivia).len();
            if lead < junk.end {
                problems.push(Problem::Unreadable {
                    span: spans.of(lead..junk.end),
                    text: t[lead..junk.end].to_owned(),
                });
            }
            v_end = v + stop;
        }
        v = v.min(v_end);
        let slot = if part == Part::Cycle {
            &mut ind.cycle
        } else {
            &mut ind.annual
        };
        if slot.is_some() {
            problems.push(Problem::Repeated {
                span: spans.of(v..v_end),
                item: label.to_owned(),
                part,
            });
        } else if v == v_end {
            lacking.push(part);
            // Record the empty value so that a later duplicate key is reported as such.
            *slot = Some(field(v..v));
        } else {
            *slot = Some(field(v..v_end));
        }
    }
    for part in [Part::Cycle, Part::Annual] {
        let present = if part == Part::Cycle {
            &ind.cycle
        } else {
            &ind.annual
        };
        if present.is_none() {
            lacking.push(part);
        }
    }
    for slot in [&mut ind.cycle, &mut ind.annual] {
        if slot.as_ref().is_some_and(Field::is_empty) {
            *slot = None;
        }
    }
    if !lacking.is_empty() {
        problems.push(Problem::Missing {
            span: spans.of(body.start..end),
            item: label.to_owned(),
            parts: lacking,
        });
    }
    if let (Some(c), Some(a)) = (&ind.cycle, &ind.annual) {
        // Text offsets follow the file's within a project.
        ind.annual_first = a.text_range().start < c.text_range().start;
    }
    ind
}

/// Whether indicator text begins a list (`1、`), as opposed to continuing one cut by a page break.
pub fn starts_new_list(m: &Mapped) -> bool {
    let t = &m.text;
    let lead = t.len() - t.trim_start_matches(is_trivia).len();
    markers(t)
        .next()
        .is_some_and(|(start, num_end, _)| start == lead && &t[start..num_end] == "1")
}

/// How a list ends: the number of its last item, and whether that item is whole (all its
/// fields and the closing `。`), so that a page break after it cut nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    pub number: Option<u32>,
    pub complete: bool,
}

/// The end of a list, reading its last item only.
pub fn tail(m: &Mapped) -> Tail {
    let t = &m.text;
    if t.trim().is_empty() {
        return Tail {
            number: None,
            complete: true,
        };
    }
    let (number, body) = match last_marker(t) {
        Some((start, num_end, body)) => (t[start..num_end].parse().ok(), body),
        None if starts_with_code(strip_trivia(t)) => {
            (None, t.len() - t.trim_start_matches(is_trivia).len())
        }
        None => {
            return Tail {
                number: None,
                complete: false,
            };
        }
    };
    let last = parse_item(t, &m.spans(), None, body..t.len(), 0..0, &mut Vec::new());
    let open = !t.trim_end_matches([';', ',']).ends_with(['。', '.']);
    Tail {
        number,
        complete: !(open
            || last.level2_code.is_none()
            || last.cycle.is_none()
            || last.annual.is_none()),
    }
}

/// The first item marker `N、` whose number satisfies `pred`: its offset and number.
pub fn list_start(t: &str, pred: impl Fn(u32) -> bool) -> Option<(usize, u32)> {
    markers(t).find_map(|(start, num_end, _)| {
        let n: u32 = t[start..num_end].parse().ok()?;
        pred(n).then_some((start, n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(s: &str) -> (IndicatorList, Mapped) {
        let m = Mapped::clean(s, 0..s.len()).normalized();
        (parse_list(&m), m)
    }

    #[test]
    fn parses_fields_with_spans() {
        let src = "1、1-产出指标；11-数量指标；完成工作量；实施周期指标值:100%；年度指标值:90%。2、3-满意度指标; 31-服务对象满意度; 服务对象满意度(%); 实 施周期指标值:≥90%; 年度指 标值:≥90%。";
        let (l, m) = list(src);
        let text = |f: &Option<Field>| &m.text[f.unwrap().text_range()];
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(l.items.len(), 2);
        let a = &l.items[0];
        assert_eq!(text(&a.level2_code), "11");
        assert_eq!(text(&a.name), "完成工作量");
        assert_eq!(&src[m.source_span(a.annual.unwrap().text_range())], "90%");
        let b = &l.items[1];
        assert_eq!(text(&b.level2_name), "服务对象满意度");
        assert_eq!(text(&b.cycle), "≥90%");
    }

    #[test]
    fn name_may_hold_full_stop_and_values_may_come_in_either_order() {
        let (l, m) = list(
            "1、1-产出指标；11-数量指标；慰问困难群众。；年度指标值:200次；实施周期指标值:200次。",
        );
        let text = |f: &Option<Field>| &m.text[f.unwrap().text_range()];
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let a = &l.items[0];
        assert_eq!(text(&a.name), "慰问困难群众。");
        assert!(a.annual_first);
        assert_eq!(text(&a.cycle), "200次");
    }

    #[test]
    fn reports_unreadable_and_missing() {
        let (l, _) = list("度指标值:100%。3、2-效益指标;22-社会效益;率;实施周期指标值:1");
        assert_eq!(l.items.len(), 1);
        assert!(
            matches!(&l.problems[0], Problem::Unreadable { text, .. } if text == "度指标值:100%")
        );
        assert!(
            matches!(&l.problems[1], Problem::Missing { parts, .. } if parts == &[Part::Annual])
        );
        let (l, _) = list(
            "4、2-效益指标;22-社会效益;能力;年度指标值:提升;实施周期指标值:提升。年度指标值:及时。",
        );
        assert!(
            matches!(&l.problems[..], [Problem::Unreadable { text, .. }] if text == "年度指标值:及时")
        );
    }

    #[test]
    fn list_boundaries() {
        let m = |s: &str| Mapped::clean(s, 0..s.len()).normalized();
        assert!(starts_new_list(&m("<p>1、1-产出指标")));
        assert!(!starts_new_list(&m("会效益；促进")));
        assert!(!starts_new_list(&m("。4、2-效益指标")));
        assert!(!tail(&m("1、1-产出指标；11-数量指标；x；实施周期指标值:10")).complete);
        assert!(!tail(&m("3、2-效益指标；22-社")).complete);
        assert_eq!(
            tail(&m(
                "1、1-产出指标；11-数量指标；x；实施周期指标值:1；年度指标值:1。2、3-满意度指标；31-服务对象满意度；y；实施周期指标值:1；年度指标值:1。"
            )),
            Tail {
                number: Some(2),
                complete: true
            }
        );
        assert_eq!(
            list_start("度指标值:1。4、x。5、y", |n| n > 4),
            Some((25, 5))
        );
    }
}
