//! The report's charts as inline SVG (no script, no style attribute: the page's CSP allows
//! neither inline), bars coloured by severity through the page's classes.

use std::collections::BTreeMap;

use maud::{Markup, html};

const CLASSES: [&str; 3] = ["error", "warning", "note"];
const WIDTH: usize = 640;
const LABEL: usize = 190;
const ROW: usize = 24;

/// Length in SVG units of `n` of `max` over a bar area.
fn length_in(area: usize, n: usize, max: usize) -> usize {
    if max == 0 {
        0
    } else {
        (n * area).div_ceil(max)
    }
}

fn length(n: usize, max: usize) -> usize {
    length_in(WIDTH - LABEL - 60, n, max)
}

/// One bar per severity.
pub fn severities(counts: [usize; 3], names: &[&str; 3]) -> Markup {
    const WIDE: usize = 320;
    const NAME: usize = 70;
    let max = counts.iter().copied().max().unwrap_or(0);
    let bar = |n: usize| length_in(WIDE - NAME - 50, n, max);
    let height = ROW * 3 + 4;
    html! {
        svg .chart #chart-severity viewBox=(format!("0 0 {WIDE} {height}")) role="img" {
            @for (i, n) in counts.iter().enumerate() {
                @let y = i * ROW + 2;
                text .label x=(NAME - 8) y=(y + 16) text-anchor="end" { (names[i]) }
                rect class=(CLASSES[i]) x=(NAME) y=(y + 3) width=(bar(*n)) height=(ROW - 6) {}
                text .value x=(NAME + bar(*n) + 6) y=(y + 16) { (n) }
            }
        }
    }
}

/// One bar per rule that fired, most findings first, its parts by severity.
pub fn rules(by_rule: &BTreeMap<String, [usize; 3]>) -> Markup {
    let mut rows: Vec<(&str, usize)> = by_rule
        .iter()
        .map(|(id, c)| (id.as_str(), c.iter().sum()))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let max = rows.first().map_or(0, |r| r.1);
    // Each rule's bar as its severities' segments: class, start and length.
    let segments = |id: &str| {
        let mut x = LABEL;
        let mut out = Vec::new();
        for (s, &n) in by_rule[id].iter().enumerate() {
            if n > 0 {
                let w = length(n, max);
                out.push((CLASSES[s], x, w));
                x += w;
            }
        }
        out
    };
    let height = ROW * rows.len().max(1) + 4;
    html! {
        svg .chart #chart-rules viewBox=(format!("0 0 {WIDTH} {height}")) role="img" {
            @for (i, (id, total)) in rows.iter().enumerate() {
                @let y = i * ROW + 2;
                g .rule data-rule=(id) {
                    text .label x=(LABEL - 8) y=(y + 16) text-anchor="end" { (id) }
                    @for (class, x, w) in segments(id) {
                        rect class=(class) x=(x) y=(y + 3) width=(w) height=(ROW - 6) {}
                    }
                    text .value x=(LABEL + length(*total, max) + 6) y=(y + 16) { (total) }
                }
            }
        }
    }
}
