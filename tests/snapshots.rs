//! Every fixture (.txt, .csv, .tsv, .xlsx) under fixtures/ is checked and its rendered output
//! compared with the files beside it: `<name>.human` (plain, no colour), `<name>.short` and
//! `<name>.json` (for a workbook `<name>.xlsx.human` and so on, beside its text twin); the real
//! sample also has English ones. Run with `JXLINT_BLESS=1` to write them, then review the diff.

use std::path::{Path, PathBuf};

use jxlint::cli::render_human_plain;
use jxlint::diag::Lang;
use jxlint::lint::check_path;
use jxlint::render::{Report, json, short};
use jxlint::ruleset::RuleSet;

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // fixtures/sheets has its own test (tests/formats.rs), from a workbook written there.
        if path.is_dir() && !path.ends_with("sheets") {
            fixtures(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| ["txt", "csv", "tsv", "xlsx"].iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
}

/// The rule a fixture under `fixtures/rules/<id>/` is about.
fn rule_of(path: &Path) -> &str {
    path.parent()
        .and_then(|d| d.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

/// The built-in rules, with the rule a `fixtures/rules/<id>/` fixture is about turned on even
/// where it is off by default (`markup`).
fn rules_for(path: &Path) -> RuleSet {
    let mut rules = RuleSet::builtin().unwrap();
    let under_rules = path.parent().and_then(|d| d.parent()) == Some(Path::new("fixtures/rules"));
    if under_rules {
        let id = rule_of(path);
        for r in rules.rules.iter_mut().filter(|r| r.id == id) {
            r.enabled = true;
        }
    }
    rules
}

#[test]
fn rendered_output_matches_snapshots() {
    let bless = std::env::var_os("JXLINT_BLESS").is_some();
    let mut paths = Vec::new();
    fixtures(Path::new("fixtures"), &mut paths);
    paths.sort();
    assert!(paths.len() >= 20, "fixtures missing: {paths:?}");
    let mut stale = Vec::new();
    for path in &paths {
        let mut langs = vec![(Lang::Zh, "")];
        if path.ends_with("xicun.txt") {
            langs.push((Lang::En, "en."));
        }
        for (lang, suffix) in langs {
            let report = Report {
                outcomes: vec![check_path(path, &rules_for(path), lang)],
                lang,
            };
            let outputs = [
                ("human", render_human_plain(&report)),
                ("short", short::render(&report)),
                ("json", json::render(&report)),
            ];
            for (ext, actual) in outputs {
                let workbook = if path.extension().is_some_and(|e| e == "xlsx") {
                    "xlsx."
                } else {
                    ""
                };
                let expected_path = path.with_extension(format!("{workbook}{suffix}{ext}"));
                let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
                if expected != actual {
                    if bless {
                        std::fs::write(&expected_path, &actual).unwrap();
                    } else {
                        stale.push(expected_path.display().to_string());
                    }
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from these snapshots (review with JXLINT_BLESS=1 and git diff):\n{}",
        stale.join("\n")
    );
}

#[test]
fn clean_fixtures_give_no_diagnostic() {
    let rules = RuleSet::builtin().unwrap();
    // Page breaks, rows repeated after a break (also two items), a list continued on the next
    // project's row before its own list: the same projects, and silence.
    for (name, projects) in [
        ("fixtures/clean/clean.txt", 6),
        ("fixtures/clean/page-breaks.txt", 6),
        ("fixtures/clean/overlap-repeat.txt", 6),
        ("fixtures/clean/continued-on-next-row.txt", 7),
        ("fixtures/clean/long.tsv", 3),
        ("fixtures/clean/form.tsv", 2),
        ("fixtures/clean/form-two-grids.tsv", 1),
        ("fixtures/clean/long-cycle.tsv", 3),
    ] {
        let checked = check_path(Path::new(name), &rules, Lang::Zh).unwrap();
        assert_eq!(checked.projects, projects, "{name}");
        assert!(
            checked.diagnostics.is_empty(),
            "{name}: {:#?}",
            checked.diagnostics
        );
    }
}

/// Fixtures that show one rule's finding together with another's, on purpose. (Rules off by
/// default, the `pedantic` group, are on only for their own fixtures.)
const ALSO: &[(&str, &[&str])] = &[
    // Two items cannot cover outputs, effects and satisfaction: one of them is missing too.
    ("min-indicators/two-items.txt", &["output-required"]),
    // The head of a list lost in extraction (what is left of it is unreadable), and no
    // satisfaction item among the items that survive, where it would be.
    (
        "satisfaction-required/head-of-list-lost.txt",
        &["table-structure"],
    ),
    // A satisfaction item filed under 22: no satisfaction indicator, and one misfiled.
    (
        "satisfaction-required/satisfaction-filed-as-effect.txt",
        &["category-meaning"],
    ),
];

#[test]
fn each_rule_fixture_gives_exactly_one_diagnostic_of_its_rule() {
    let mut paths = Vec::new();
    fixtures(Path::new("fixtures/rules"), &mut paths);
    for path in paths {
        let rule = rule_of(&path);
        let checked = check_path(&path, &rules_for(&path), Lang::Zh).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let found: Vec<&str> = checked
            .diagnostics
            .iter()
            .map(|d| d.rule.as_str())
            .collect();
        // `ok-*` fixtures are the cases a rule must not fire on: silence from every rule.
        if name.starts_with("ok-") {
            assert!(found.is_empty(), "{}: {found:?}", path.display());
            continue;
        }
        let also = ALSO
            .iter()
            .find(|(f, _)| path.ends_with(f))
            .map_or(&[][..], |a| a.1);
        let (own, other): (Vec<&str>, Vec<&str>) = found.iter().partition(|r| **r == rule);
        assert_eq!(own, [rule], "{}", path.display());
        assert_eq!(other, also, "{}", path.display());
    }
}

#[test]
fn rule_examples_behave_as_documented() {
    let rules = RuleSet::builtin().unwrap();
    let (checked, failures) = jxlint::selftest::run(&rules);
    assert!(checked >= 12);
    assert!(failures.is_empty(), "{failures:#?}");
}
