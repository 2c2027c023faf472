//! The HTML report as a reviewer opens it: in Debian's headless Chromium (driven by
//! tests/browser/report.mjs with playwright-core from tests/browser/package-lock.json), after
//! its script has run. `.ci/run` installs chromium-headless-shell and a CJK font when missing.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

fn jxlint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args(args)
        .output()
        .expect("jxlint runs")
}

/// The report of `table` and the JSON of the same run, with `extra` flags.
fn report(table: &str, extra: &[&str], dir: &Path) -> (std::path::PathBuf, Value) {
    let html = dir.join("report.html");
    let mut args = vec!["check", table, "--format", "html", "-o"];
    let html_arg = html.to_str().unwrap().to_owned();
    args.push(&html_arg);
    args.extend_from_slice(extra);
    let out = jxlint(&args);
    assert!(out.stdout.is_empty(), "the report goes to the file only");
    assert!(html.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut args = vec!["check", table, "--format", "json"];
    args.extend_from_slice(extra);
    let json = serde_json::from_slice(&jxlint(&args).stdout).expect("JSON output");
    (html, json)
}

/// What the browser saw of the report (see tests/browser/report.mjs), filtered by `rule` and
/// then by the free text `query`.
fn browse(html: &Path, rule: &str, query: &str) -> Value {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let out = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir("tests/browser")
            .output()
            .expect("npm runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    let out = Command::new("node")
        .arg("tests/browser/report.mjs")
        .arg(html)
        .arg(rule)
        .arg(query)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "the browser run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the driver prints JSON")
}

fn diagnostics(json: &Value) -> Vec<&Value> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .collect()
}

/// Nothing was fetched, nothing broke, nothing was blocked.
fn assert_quiet(seen: &Value) {
    assert_eq!(
        seen["requests"],
        serde_json::json!([]),
        "requests left the page"
    );
    assert_eq!(seen["errors"], serde_json::json!([]), "script errors");
    assert_eq!(seen["page"]["violations"], serde_json::json!([]), "CSP");
}

#[test]
fn the_sample_report_shows_every_finding_and_filters_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (html, json) = report("fixtures/xicun.txt", &[], dir.path());
    let all = diagnostics(&json);
    assert_eq!(all.len(), 70);
    let seen = browse(&html, "cycle-annual", "区禁毒专项经费");
    assert_quiet(&seen);

    assert_eq!(seen["initial"]["findings"], all.len());
    assert_eq!(seen["initial"]["count"], "显示 70 / 70 条");
    let summary = &json["summary"];
    for (shown, key) in [
        ("files", "files"),
        ("projects", "projects"),
        ("error", "errors"),
        ("warning", "warnings"),
        ("note", "notes"),
    ] {
        assert_eq!(
            seen["summary"][shown].as_str().unwrap(),
            summary[key].to_string(),
            "{key}"
        );
    }

    let cycle = all.iter().filter(|d| d["rule"] == "cycle-annual").count();
    assert_eq!(cycle, 2);
    for state in ["filtered", "linked"] {
        assert_eq!(seen[state]["findings"], cycle, "{state}");
        assert_eq!(seen[state]["rules"], serde_json::json!(["cycle-annual"]));
        assert_eq!(seen[state]["count"], "显示 2 / 70 条");
    }
    assert_eq!(seen["filtered"]["hash"], "#rule=cycle-annual");

    // Free text finds the project's findings: those naming it.
    let project = "区禁毒专项经费";
    let named = all
        .iter()
        .filter(|d| d["project"] == project || d["message"].as_str().unwrap().contains(project))
        .count();
    assert!(named >= 2, "{named}");
    assert_eq!(seen["searched"]["findings"], named);
    assert_eq!(
        seen["searched"]["hash"],
        "#q=%E5%8C%BA%E7%A6%81%E6%AF%92%E4%B8%93%E9%A1%B9%E7%BB%8F%E8%B4%B9"
    );
}

#[test]
fn hostile_cell_text_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let table = "fixtures/html/hostile.txt";
    // pedantic on: `markup` shows the cell holding the tag.
    let flags = ["--select", "core,guideline,pedantic"];
    let (html, json) = report(table, &flags, dir.path());
    let all = diagnostics(&json);
    assert!(all.len() >= 2, "{all:?}");
    let seen = browse(&html, "markup", "");
    assert_quiet(&seen);
    let page = &seen["page"];
    assert_eq!(seen["initial"]["findings"], all.len());
    // Only the report's own data block and script; no element from the table.
    assert_eq!(page["scripts"], 2);
    assert_eq!(page["images"], 0);
    assert_eq!(page["bold"], 0);
    assert_eq!(page["pwned"], Value::Null);
    let name = r#"社区居民活动费</td><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"#;
    let messages = page["messages"].as_array().unwrap();
    assert!(
        messages.iter().any(|m| m.as_str().unwrap().contains(name)),
        "{messages:?}"
    );
    let cells = page["cells"].as_array().unwrap();
    assert!(
        cells.iter().any(|c| c
            .as_str()
            .unwrap()
            .contains(r#"<b onmouseover="window.__pwned=3">项目覆盖居民40000人"#)),
        "{cells:?}"
    );
    assert_eq!(seen["filtered"]["rules"], serde_json::json!(["markup"]));
}

#[test]
fn the_report_speaks_english_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = report("fixtures/xicun.txt", &["--lang", "en"], dir.path());
    let text = std::fs::read_to_string(html).unwrap();
    assert!(text.contains(r#"<html lang="en">"#));
    assert!(text.contains("<title>Performance target table report</title>"));
    assert!(text.contains(r#""shown":"showing {n} of {total}""#));
    assert!(!text.contains("绩效目标表检查报告"));
}

#[test]
fn the_report_is_never_written_over_a_checked_file() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.txt");
    std::fs::copy("fixtures/xicun.txt", &table).unwrap();
    let before = std::fs::read(&table).unwrap();
    let t = table.to_str().unwrap();
    // The same file under another spelling of its path, too.
    let other = format!("{}/./t.txt", dir.path().display());
    for output in [t, other.as_str()] {
        let out = jxlint(&["check", t, "--format", "html", "-o", output]);
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("jxlint 不会写入它"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(&table).unwrap(), before);
}
