//! What a finance officer meets first, on the real sample: the errors before the warnings, a
//! listing short enough to act on that still holds every finding of the five core rules,
//! errors only with `--quiet`, counts instead of the listing with `--statistics`, a summary
//! that fits a terminal.

use std::path::Path;

mod common;
use common::{jxlint_in, text};

/// The findings of the five core rules in the real sample (rule, line, column): the seed's 30
/// known faults, as the snapshot had them before the first-use work.
const CORE: [(&str, usize, usize); 30] = [
    ("amount-sum", 11, 19),
    ("satisfaction-required", 17, 66),
    ("satisfaction-required", 24, 74),
    ("cycle-annual", 25, 125),
    ("satisfaction-required", 26, 106),
    ("satisfaction-required", 29, 90),
    ("satisfaction-required", 30, 102),
    ("satisfaction-required", 31, 73),
    ("satisfaction-required", 32, 69),
    ("cycle-annual", 40, 255),
    ("satisfaction-required", 42, 168),
    ("duplicate-text", 43, 27),
    ("duplicate-text", 43, 71),
    ("satisfaction-required", 43, 71),
    ("duplicate-text", 44, 94),
    ("satisfaction-required", 44, 94),
    ("satisfaction-required", 47, 75),
    ("satisfaction-required", 49, 76),
    ("duplicate-text", 52, 27),
    ("satisfaction-required", 52, 83),
    ("duplicate-text", 53, 24),
    ("satisfaction-required", 53, 97),
    ("satisfaction-required", 54, 78),
    ("satisfaction-required", 55, 75),
    ("satisfaction-required", 59, 91),
    ("satisfaction-required", 64, 62),
    ("satisfaction-required", 67, 84),
    ("duplicate-text", 69, 61),
    ("duplicate-text", 70, 91),
    ("satisfaction-required", 75, 70),
];

fn run(args: &[&str]) -> (String, Option<i32>) {
    let out = jxlint_in(Path::new("."), args, &[]);
    (text(&out.stdout), out.status.code())
}

/// Each diagnostic's header line: `error[rule]: …`, `warning[rule]: …`, `note[rule]: …`.
fn headers(human: &str) -> Vec<&str> {
    human
        .lines()
        .filter(|l| {
            ["error[", "warning[", "note["]
                .iter()
                .any(|s| l.starts_with(s))
        })
        .collect()
}

#[test]
fn the_sample_leads_with_errors_and_keeps_every_core_finding() {
    let (human, status) = run(&["check", "fixtures/xicun.txt"]);
    assert_eq!(status, Some(1));
    let shown = headers(&human);
    assert!(shown.len() <= 70, "{} diagnostics:\n{human}", shown.len());
    let first_warning = shown.iter().position(|l| !l.starts_with("error[")).unwrap();
    assert!(
        shown[first_warning..]
            .iter()
            .all(|l| !l.starts_with("error[")),
        "an error after the first warning:\n{human}"
    );
    let (short, _) = run(&["check", "--format", "short", "fixtures/xicun.txt"]);
    for (rule, line, column) in CORE {
        let place = format!("fixtures/xicun.txt:{line}:{column}: ");
        assert!(
            short
                .lines()
                .any(|l| l.starts_with(&place) && l.contains(&format!("[{rule}]"))),
            "{rule} at {line}:{column} is gone:\n{short}"
        );
    }
    // The summary's lines fit a terminal of 80 columns.
    let summary: Vec<&str> = human
        .lines()
        .skip_while(|l| !l.starts_with("共检查"))
        .collect();
    assert!(summary.len() >= 2, "{human}");
    for line in summary {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line}"
        );
    }
}

#[test]
fn quiet_shows_errors_only_and_statistics_no_listing() {
    let (quiet, status) = run(&["check", "--quiet", "fixtures/xicun.txt"]);
    assert_eq!(status, Some(1));
    let shown = headers(&quiet);
    assert_eq!(shown.len(), 26, "{quiet}");
    assert!(shown.iter().all(|l| l.starts_with("error[")), "{quiet}");
    assert!(
        !quiet.contains("共检查"),
        "no summary with --quiet:\n{quiet}"
    );

    let (warnings, _) = run(&["check", "--min-severity", "warning", "fixtures/xicun.txt"]);
    assert!(headers(&warnings).iter().all(|l| !l.starts_with("note[")));
    let (short, _) = run(&[
        "check",
        "--format",
        "short",
        "--min-severity",
        "error",
        "fixtures/xicun.txt",
    ]);
    assert_eq!(short.lines().count(), 26, "{short}");

    for format in ["human", "short"] {
        let (stats, status) = run(&[
            "check",
            "--statistics",
            "--format",
            format,
            "fixtures/xicun.txt",
        ]);
        assert_eq!(status, Some(1));
        assert!(headers(&stats).is_empty(), "{stats}");
        assert!(!stats.contains("fixtures/xicun.txt:"), "{stats}");
        let counted =
            |l: &str| l.split_whitespace().collect::<Vec<_>>() == ["21", "satisfaction-required"];
        assert!(stats.lines().any(counted), "{stats}");
    }
}
