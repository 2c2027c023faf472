//! Guideline rules as a user meets them: listed and explained with their sources, a rule of
//! one's own written in TOML with the `pattern` kind, and the national-2021 rule set.

use std::path::Path;
use std::process::Output;

mod common;
use common::text;

const CLEAN: &str = include_str!("../fixtures/clean/clean.txt");

fn jxlint_in(dir: &Path, args: &[&str]) -> Output {
    common::jxlint_in(dir, args, &[])
}

#[test]
fn every_rule_is_listed_and_explained_with_its_source() {
    let here = Path::new(".");
    let list = text(&jxlint_in(here, &["rules"]).stdout);
    // Groups, each `[name] what it holds (on/all on)`, then its rules indented.
    let groups: Vec<&str> = list.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(groups.len(), 3, "{list}");
    assert!(
        groups[2].starts_with("[pedantic]") && groups[2].contains("(0/4"),
        "{list}"
    );
    let rule_lines: Vec<&str> = list.lines().filter(|l| l.starts_with("  ")).collect();
    let ids: Vec<&str> = rule_lines
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(ids.len() >= 20, "{list}");
    for line in rule_lines {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert!(["error", "warning", "note"].contains(&fields[1]), "{line}");
        assert!(fields.len() >= 4, "a summary: {line}");
    }
    for id in ids {
        for (lang, source) in [("zh", "来源"), ("en", "Source")] {
            let out = jxlint_in(here, &["explain", id, "--lang", lang]);
            assert_eq!(out.status.code(), Some(0), "{id}");
            let doc = text(&out.stdout);
            assert!(doc.contains("rules/"), "{id}: where it is defined:\n{doc}");
            let core = [
                "indicator-category",
                "cycle-annual",
                "amount-sum",
                "duplicate-text",
                "satisfaction-required",
                "table-structure",
            ];
            if !core.contains(&id) {
                assert!(
                    doc.contains(source),
                    "{id} ({lang}) cites its source:\n{doc}"
                );
            }
        }
    }
}

#[test]
fn a_pattern_rule_in_a_rules_directory_fires_at_the_right_cell() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("our-rules")).unwrap();
    std::fs::write(
        d.join("our-rules/satisfaction-format.toml"),
        r#"
[[rule]]
id = "satisfaction-format"
kind = "pattern"
severity = "error"
summary = { zh = "满意度指标值写成 ≥90% 的形式", en = "satisfaction values are written like ≥90%" }
doc = { zh = "本区要求满意度指标值写成“≥90%”的形式。", en = "Our district writes satisfaction values like ≥90%." }
messages.mismatch = { zh = "项目“{project}”的满意度指标值“{text}”不合本区写法", en = "the satisfaction value “{text}” of “{project}” is not written our way" }
params = { field = "value", level1 = ["3"], must_match = '^[≥>]?\d+(\.\d+)?%$' }

[[rule.examples]]
expect = "flag"
indicators = "1、3-满意度指标；31-服务对象满意度；满意度；实施周期指标值:不低于90%；年度指标值:不低于90%。"

[[rule.examples]]
expect = "pass"
indicators = "1、3-满意度指标；31-服务对象满意度；满意度；实施周期指标值:≥90%；年度指标值:≥90%。"
"#,
    )
    .unwrap();
    let planted = CLEAN.replacen(
        "实施周期指标值：≥90%；年度指标值：≥90%",
        "实施周期指标值：九成以上；年度指标值：九成以上",
        1,
    );
    assert_ne!(planted, CLEAN);
    std::fs::write(d.join("t.txt"), &planted).unwrap();
    let out = jxlint_in(d, &["rules", "--self-test", "--rules", "our-rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = jxlint_in(
        d,
        &[
            "check",
            "--format",
            "short",
            "--rules",
            "our-rules",
            "--select",
            "satisfaction-format",
            "t.txt",
        ],
    );
    let short = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{short}{}", text(&out.stderr));
    assert_eq!(
        short.trim(),
        "t.txt:14:384: error[satisfaction-format]: 项目“安全生产工作经费”的满意度指标值“九成以上”不合本区写法",
    );
    let line = planted.lines().nth(13).unwrap();
    let at: String = line.chars().skip(197).take(4).collect();
    assert_eq!(at, "九成以上");

    // A bad pattern is reported at its place, exit 2.
    std::fs::write(
        d.join("our-rules/satisfaction-format.toml"),
        std::fs::read_to_string(d.join("our-rules/satisfaction-format.toml"))
            .unwrap()
            .replace(r"^[≥>]?\d+(\.\d+)?%$", r"^[≥>?\d+%$"),
    )
    .unwrap();
    let out = jxlint_in(d, &["check", "--rules", "our-rules", "t.txt"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("bad regular expression") && err.contains("satisfaction-format.toml:9:58"),
        "{err}"
    );
}

#[test]
fn the_national_2021_rule_set_accepts_cost_as_a_level1_indicator() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let table = CLEAN.replacen(
        "2、1-产出指标;14-成本指标;每平方米年保洁成本",
        "2、4-成本指标;41-经济成本指标;每平方米年保洁成本",
        1,
    );
    assert_ne!(table, CLEAN);
    std::fs::write(d.join("t.txt"), &table).unwrap();
    let select = [
        "check",
        "--format",
        "short",
        "--select",
        "indicator-category",
    ];
    let out = jxlint_in(d, &[&select[..], &["t.txt"]].concat());
    assert!(
        text(&out.stdout).contains(
            "t.txt:13:234: error[indicator-category]: “4-成本指标”的编码 4 不是一级指标的编码"
        ),
        "{}",
        text(&out.stdout)
    );
    let at: String = table
        .lines()
        .nth(12)
        .unwrap()
        .chars()
        .skip(131)
        .take(6)
        .collect();
    assert_eq!(at, "4-成本指标");
    let out = jxlint_in(
        d,
        &[&select[..], &["--rule-set", "national-2021", "t.txt"]].concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(out.stdout.is_empty());
    // And the other way round: 14 under outputs is the old form.
    std::fs::write(d.join("old.txt"), CLEAN).unwrap();
    let out = jxlint_in(
        d,
        &[&select[..], &["--rule-set", "national-2021", "old.txt"]].concat(),
    );
    assert!(
        text(&out.stdout).contains("error[indicator-category]"),
        "{}",
        text(&out.stdout)
    );
    // Selected by the config too; a set that does not exist is named at its place.
    std::fs::write(d.join("jxlint.toml"), "rule-set = \"national-2021\"\n").unwrap();
    assert_eq!(
        jxlint_in(d, &[&select[..], &["t.txt"]].concat())
            .status
            .code(),
        Some(0)
    );
    std::fs::write(d.join("jxlint.toml"), "rule-set = \"national-2022\"\n").unwrap();
    let out = jxlint_in(d, &[&select[..], &["t.txt"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("no rule set `national-2022`") && err.contains("jxlint.toml:1:12"),
        "{err}"
    );
}
