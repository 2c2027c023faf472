//! Batch audits: copies across files, stable output whatever the threads, waivers, statistics,
//! configuration, SARIF and json-lines.

use std::path::Path;
use std::process::Output;

mod common;
use common::{jxlint_in, text};

const CLEAN: &str = include_str!("../fixtures/clean/clean.txt");

fn jxlint(dir: &Path, args: &[&str]) -> Output {
    jxlint_in(dir, args, &[])
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)))
}

/// Another department's table: `table` with every target and indicator block made its own
/// (targets prefixed, digits in indicators shifted), except the targets of the projects named
/// in `copied`.
fn other_department(table: &str, copied: &[&str]) -> String {
    table
        .split('\n')
        .map(|line| {
            let mut cells: Vec<String> = line.split('\t').map(str::to_owned).collect();
            if cells.len() == 7 && !cells[6].is_empty() {
                if !copied.iter().any(|c| cells[0].starts_with(c)) && !cells[5].is_empty() {
                    cells[5] = format!("乙单位：{}", cells[5]);
                }
                cells[6] = cells[6]
                    .chars()
                    .map(|c| match c.to_digit(10) {
                        Some(d) if !line.contains("指标值:≥") || c != '9' => {
                            char::from_digit((d + 1) % 10, 10).unwrap()
                        }
                        _ => c,
                    })
                    .collect();
            }
            cells.join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn two_departments(dir: &Path) {
    std::fs::write(dir.join("a.txt"), CLEAN).unwrap();
    std::fs::write(dir.join("b.txt"), other_department(CLEAN, &["环卫保洁"])).unwrap();
}

#[test]
fn a_target_copied_from_another_file_is_reported_in_the_second_with_a_label_in_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    two_departments(d);
    let args = [
        "check",
        "--select",
        "duplicate-text",
        "--format",
        "json",
        "a.txt",
        "b.txt",
    ];
    let doc = json(&jxlint(d, &args));
    assert!(
        doc["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let found = doc["files"][1]["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f["rule"], "duplicate-text");
    assert_eq!(f["project"], "环卫保洁类经费");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(13), Some(30))
    );
    let label = &f["labels"][0];
    assert_eq!(label["path"], "a.txt");
    assert_eq!(
        (label["line"].as_u64(), label["column"].as_u64()),
        (Some(13), Some(30))
    );
    assert!(f["message"].as_str().unwrap().contains("a.txt"));

    // The human format names the other file's place.
    let out = jxlint(
        d,
        &["check", "--select", "duplicate-text", "a.txt", "b.txt"],
    );
    assert!(
        text(&out.stdout).contains("首次出现于“环卫保洁类经费”: a.txt:13:30"),
        "{}",
        text(&out.stdout)
    );

    // Turned off by the flag, and by the config.
    let off = json(&jxlint(
        d,
        &[&args[..1], &["--no-cross-file"], &args[1..]].concat(),
    ));
    assert_eq!(off["summary"]["warnings"], 0);
    std::fs::write(d.join("jxlint.toml"), "cross-file = false\n").unwrap();
    assert_eq!(json(&jxlint(d, &args))["summary"]["warnings"], 0);
}

/// A corpus of many files: the clean table, department variants and planted faults.
fn corpus(dir: &Path, n: usize) {
    for i in 0..n {
        let mut t = CLEAN.to_owned();
        if i % 4 == 1 {
            t = t.replacen("\t15.73\t15.73\t", "\t15.73\t15.37\t", 1);
        }
        if i % 5 == 2 {
            t = t.replacen("年度指标值:120次", "年度指标值:100次", 1);
        }
        if i % 3 != 0 {
            t = other_department(&t, &[]);
        }
        let sub = dir.join(format!("d{}", i % 7));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("t{i:03}.txt")), t).unwrap();
    }
}

#[test]
fn output_is_the_same_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 150);
    for format in ["json", "human", "sarif"] {
        let runs: Vec<String> = ["1", "2", "4", "3", "2"]
            .iter()
            .map(|threads| {
                let out = jxlint_in(
                    dir.path(),
                    &["check", "--format", format, "**/*.txt"],
                    &[("RAYON_NUM_THREADS", threads)],
                );
                assert_eq!(out.status.code(), Some(1));
                // No progress bar when stderr is not a terminal: nothing there at all.
                assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
                text(&out.stdout)
            })
            .collect();
        assert!(runs[0].len() > 10_000, "{format}: {}", &runs[0]);
        for r in &runs[1..] {
            assert!(*r == runs[0], "{format} output differs between runs");
        }
    }
    let doc: serde_json::Value = {
        let out = jxlint(dir.path(), &["check", "--format", "json", "**/*.txt"]);
        json(&out)
    };
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 150);
}

#[test]
fn waivers_hide_findings_by_content_and_report_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let planted = CLEAN.replacen("\t15.73\t15.73\t", "\t15.73\t15.37\t", 1);
    std::fs::write(d.join("t.txt"), &planted).unwrap();
    let out = jxlint(d, &["check", "t.txt", "--write-baseline", "waivers.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let waivers: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("waivers.json")).unwrap()).unwrap();
    assert_eq!(waivers["waivers"][0]["rule"], "amount-sum");
    assert_eq!(waivers["waivers"][0]["text"], "15.37");
    assert_eq!(waivers["waivers"][0]["project"], "社区居民活动费");

    // Rows inserted above: the finding moves two lines down and stays waived.
    let moved = planted.replacen("合计\t", "注：本表金额单位为万元\n\n合计\t", 1);
    std::fs::write(d.join("t.txt"), &moved).unwrap();
    let out = jxlint(d, &["check", "t.txt", "--baseline", "waivers.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(!text(&out.stdout).contains("amount-sum"));
    assert!(
        text(&out.stdout).contains("1 个已豁免"),
        "{}",
        text(&out.stdout)
    );
    assert!(!text(&out.stderr).contains("stale"));
    // Without the baseline it is there, two lines down.
    let out = jxlint(d, &["check", "t.txt", "--format", "short"]);
    assert!(
        text(&out.stdout).starts_with("t.txt:13:"),
        "{}",
        text(&out.stdout)
    );

    // Fixed: the waiver matches nothing and is reported.
    std::fs::write(d.join("t.txt"), CLEAN).unwrap();
    let out = jxlint(d, &["check", "t.txt", "--baseline", "waivers.json"]);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(
        err.contains("豁免已不匹配任何问题") && err.contains("amount-sum") && err.contains("15.37"),
        "{err}"
    );
    // JSON carries them too, for pipelines.
    let out = jxlint(
        d,
        &[
            "check",
            "t.txt",
            "--baseline",
            "waivers.json",
            "--format",
            "json",
        ],
    );
    let stale = &json(&out)["stale_waivers"];
    assert_eq!(stale[0]["rule"], "amount-sum");
    assert_eq!(stale[0]["text"], "15.37");
    // A waiver for a file not in this run is not stale.
    std::fs::write(d.join("u.txt"), CLEAN).unwrap();
    let out = jxlint(d, &["check", "u.txt", "--baseline", "waivers.json"]);
    assert!(!text(&out.stderr).contains("stale"));
}

#[test]
fn statistics_count_per_rule_and_name_the_worst_files() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 20);
    let out = jxlint(
        dir.path(),
        &[
            "check",
            "--select",
            "amount-sum,cycle-annual",
            "--statistics",
            "--format",
            "short",
            "**/*.txt",
        ],
    );
    let stdout = text(&out.stdout);
    let tail: Vec<Vec<&str>> = stdout
        .lines()
        .filter(|l| !l.contains(": error["))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        tail[..4],
        [
            vec!["5", "amount-sum"],
            vec!["4", "cycle-annual"],
            vec!["错误最多的文件："],
            vec!["2", "d3/t017.txt"],
        ],
        "{stdout}"
    );
    assert_eq!(tail.len(), 3 + 8, "{stdout}");
}

#[test]
fn config_is_found_upward_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sub = d.join("dept/2024");
    std::fs::create_dir_all(&sub).unwrap();
    let planted = CLEAN.replacen("\t15.73\t15.73\t", "\t15.73\t15.37\t", 1);
    std::fs::write(sub.join("t.txt"), &planted).unwrap();
    std::fs::write(
        d.join("jxlint.toml"),
        "format = \"short\"\nlang = \"en\"\n[severity]\namount-sum = \"warning\"\n",
    )
    .unwrap();
    let out = jxlint(&sub, &["check", "t.txt"]);
    assert_eq!(out.status.code(), Some(0), "a warning now");
    assert!(
        text(&out.stdout).starts_with("t.txt:11:"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stdout).contains("warning[amount-sum]: “社区居民活动费”: the total 15.73"),
        "{}",
        text(&out.stdout)
    );
    // Flags win over the file.
    let out = jxlint(
        &sub,
        &["check", "t.txt", "--format", "json", "--lang", "zh"],
    );
    assert_eq!(
        json(&out)["files"][0]["diagnostics"][0]["severity"],
        "warning"
    );
    // --isolated and another --config leave it out.
    let out = jxlint(&sub, &["check", "t.txt", "--isolated"]);
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(d.join("other.toml"), "exit-zero = true\n").unwrap();
    let out = jxlint(&sub, &["check", "t.txt", "--config", "../../other.toml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("错误[amount-sum]"));
}

#[test]
fn select_ignore_per_path_ignores_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let planted = CLEAN
        .replacen("\t15.73\t15.73\t", "\t15.73\t15.37\t", 1)
        .replacen("年度指标值:120次", "年度指标值:100次", 1);
    std::fs::create_dir_all(d.join("legacy")).unwrap();
    std::fs::write(d.join("t.txt"), &planted).unwrap();
    std::fs::write(d.join("legacy/old.txt"), &planted).unwrap();
    let rules_of = |out: &Output| -> Vec<String> {
        text(&out.stdout)
            .lines()
            .filter_map(|l| l.split('[').nth(1)?.split(']').next().map(str::to_owned))
            .collect()
    };
    let short = [
        "check",
        "--isolated",
        "--no-cross-file",
        "--format",
        "short",
        "t.txt",
    ];
    assert_eq!(rules_of(&jxlint(d, &short)), ["amount-sum", "cycle-annual"]);
    let out = jxlint(d, &[&short[..], &["--select", "cycle-annual"]].concat());
    assert_eq!(rules_of(&out), ["cycle-annual"]);
    let out = jxlint(
        d,
        &[&short[..], &["--ignore", "cycle-annual,duplicate-text"]].concat(),
    );
    assert_eq!(rules_of(&out), ["amount-sum"]);
    let out = jxlint(d, &[&short[..], &["--select", "no-such-rule"]].concat());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no rule or group `no-such-rule`"));

    std::fs::write(
        d.join("jxlint.toml"),
        "ignore = [\"cycle-annual\"]\ncross-file = false\n[per-path-ignores]\n\"legacy/**\" = [\"amount-sum\"]\n",
    )
    .unwrap();
    let out = jxlint(
        d,
        &["check", "--format", "short", "t.txt", "legacy/old.txt"],
    );
    assert_eq!(rules_of(&out), ["amount-sum"], "{}", text(&out.stdout));
    assert!(text(&out.stdout).starts_with("t.txt:"));
    // A flag replaces the file's list.
    let out = jxlint(
        d,
        &[
            "check",
            "--format",
            "short",
            "--ignore",
            "amount-sum",
            "t.txt",
        ],
    );
    assert_eq!(rules_of(&out), ["cycle-annual"]);

    assert_eq!(jxlint(d, &["check", "t.txt"]).status.code(), Some(1));
    let out = jxlint(d, &["check", "--exit-zero", "t.txt"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("错误[amount-sum]"));
    // Unreadable input still fails.
    let out = jxlint(d, &["check", "--exit-zero", "t.txt", "missing.txt"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_config_is_reported_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("t.txt"), CLEAN).unwrap();
    for (config, message, place) in [
        (
            "select = [\"amount-sum\", \"amount-sums\"]\n",
            "no rule or group `amount-sums`",
            "jxlint.toml:1:25",
        ),
        (
            "format = \"pdf\"\n",
            "unknown format `pdf`",
            "jxlint.toml:1:10",
        ),
        (
            "colour = true\n",
            "unknown field `colour`",
            "jxlint.toml:1:1",
        ),
        (
            "[severity]\namount-sum = \"fatal\"\n",
            "unknown variant `fatal`",
            "jxlint.toml:2:14",
        ),
        (
            "[per-path-ignores]\n\"a/[b\" = [\"amount-sum\"]\n",
            "bad glob pattern",
            "jxlint.toml:2:1",
        ),
    ] {
        std::fs::write(d.join("jxlint.toml"), config).unwrap();
        let out = jxlint(d, &["check", "t.txt"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{config}: {err}");
        assert!(
            err.contains("broken config file") && err.contains(message),
            "{config}: {err}"
        );
        assert!(err.contains(place), "{config}: {err}");
    }
}

#[test]
fn sarif_has_the_required_structure() {
    let dir = tempfile::tempdir().unwrap();
    two_departments(dir.path());
    let out = jxlint(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "a.txt",
            "b.txt",
            "missing.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "jxlint");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() >= 6);
    for r in rules {
        assert!(r["id"].is_string() && r["shortDescription"]["text"].is_string());
        assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string());
        let region = &loc["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k}");
        }
    }
    let copy = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-text")
        .unwrap();
    assert_eq!(
        copy["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "b.txt"
    );
    assert_eq!(
        copy["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "a.txt"
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("missing.txt")
    );
}

#[test]
fn json_lines_is_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path(), 6);
    let out = jxlint(
        dir.path(),
        &["check", "--format", "json-lines", "**/*.txt", "missing.txt"],
    );
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(kinds.last(), Some(&"summary"));
    assert_eq!(kinds.iter().filter(|k| **k == "error").count(), 1);
    let diagnostics: Vec<_> = lines.iter().filter(|l| l["type"] == "diagnostic").collect();
    assert_eq!(diagnostics.len() as u64, {
        let s = &lines.last().unwrap()["summary"];
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["notes"].as_u64().unwrap()
    });
    for d in diagnostics {
        assert!(d["path"].as_str().unwrap().ends_with(".txt"));
        assert!(d["rule"].is_string() && d["line"].as_u64().is_some());
    }
}
