//! The formats CI systems read, validated as those systems define them: GitHub workflow
//! commands parsed and unescaped as GitHub documents them, GitLab Code Quality issues against
//! the fields GitLab requires (fingerprints equal across runs), JUnit XML parsed.

use std::path::Path;

mod common;
use common::{jxlint_in, text};

fn run(dir: &Path, format: &str, files: &[&str]) -> String {
    let mut args = vec!["check", "--format", format];
    args.extend_from_slice(files);
    text(&jxlint_in(dir, &args, &[]).stdout)
}

/// GitHub's unescaping of workflow command data and properties.
fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn github_annotations_parse_as_github_documents_them() {
    let dir = tempfile::tempdir().unwrap();
    // A file name with the characters a property must escape.
    let name = "a,b:100%.txt";
    std::fs::copy("fixtures/xicun.txt", dir.path().join(name)).unwrap();
    let out = run(dir.path(), "github", &[name]);
    let json: serde_json::Value = serde_json::from_str(&run(dir.path(), "json", &[name])).unwrap();
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diagnostics.len());
    for (line, d) in lines.iter().zip(diagnostics) {
        // ::{command} {properties}::{message}
        let rest = line.strip_prefix("::").expect(line);
        let (command, rest) = rest.split_once(' ').unwrap();
        let (properties, message) = rest.split_once("::").unwrap();
        let level = match d["severity"].as_str().unwrap() {
            "note" => "notice",
            other => other,
        };
        assert_eq!(command, level, "{line}");
        let props: std::collections::HashMap<&str, String> = properties
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k, unescape(v))
            })
            .collect();
        assert_eq!(props["file"], name);
        assert_eq!(props["line"], d["line"].to_string());
        assert_eq!(props["col"], d["column"].to_string());
        assert_eq!(props["endLine"], d["end_line"].to_string());
        assert_eq!(props["endColumn"], d["end_column"].to_string());
        assert_eq!(
            props["title"],
            format!("jxlint {}", d["rule"].as_str().unwrap())
        );
        assert_eq!(unescape(message), d["message"].as_str().unwrap());
    }
}

#[test]
fn gitlab_code_quality_has_the_required_fields_and_stable_fingerprints() {
    let here = Path::new(".");
    let files = ["fixtures/xicun.txt", "fixtures/long/jingyan.xlsx"];
    let first: serde_json::Value = serde_json::from_str(&run(here, "gitlab", &files)).unwrap();
    let again: serde_json::Value = serde_json::from_str(&run(here, "gitlab", &files)).unwrap();
    assert_eq!(first, again, "the same findings, the same fingerprints");
    let issues = first.as_array().unwrap();
    assert!(issues.len() > 50);
    let mut fingerprints = std::collections::HashSet::new();
    for i in issues {
        assert!(
            i["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{i}"
        );
        assert!(i["check_name"].as_str().is_some(), "{i}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        let f = i["fingerprint"].as_str().unwrap();
        assert_eq!(f.len(), 32);
        assert!(fingerprints.insert(f.to_owned()), "fingerprint twice: {i}");
        assert!(
            files.contains(&i["location"]["path"].as_str().unwrap()),
            "{i}"
        );
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn junit_xml_parses_with_a_case_per_file_and_a_failure_per_error() {
    let here = Path::new(".");
    let files = [
        "fixtures/xicun.txt",
        "fixtures/clean/clean.txt",
        "fixtures/rules/amount-sum/project-total.txt",
    ];
    let xml = run(here, "junit", &files);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("3"));
    let json: serde_json::Value = serde_json::from_str(&run(here, "json", &files)).unwrap();
    let errors = json["summary"]["errors"].as_u64().unwrap();
    assert_eq!(
        suite.attribute("failures"),
        Some(errors.to_string().as_str())
    );
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0].attribute("name"), Some("fixtures/xicun.txt"));
    let failures = cases[0]
        .children()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 26);
    assert_eq!(
        cases[1]
            .children()
            .filter(|n| n.has_tag_name("failure"))
            .count(),
        0
    );
}
