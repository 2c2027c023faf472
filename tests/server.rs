//! `jxlint server` spoken to as an editor does: the real binary, JSON-RPC over its stdin and
//! stdout. Initialize (with UTF-16 positions, then with UTF-8), open the real sample, read the
//! diagnostics and check that their ranges cover exactly the cited text; fix one fault and see
//! its diagnostic go; hover; a code action that writes a waiver; shutdown and exit.

use std::io::Read;
use std::process::Command;

use serde_json::{Value, json};

mod common;
use common::lsp::Client;

/// The text a range covers, with characters counted in UTF-16 units or UTF-8 bytes.
fn covered(text: &str, range: &Value, utf8: bool) -> String {
    let line_of = |n: u64| text.split('\n').nth(n as usize).unwrap();
    let offset = |line: &str, ch: u64| -> usize {
        if utf8 {
            return ch as usize;
        }
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= ch as usize {
                return i;
            }
            units += c.len_utf16();
        }
        line.len()
    };
    let (start, end) = (&range["start"], &range["end"]);
    assert_eq!(start["line"], end["line"], "{range}");
    let line = line_of(start["line"].as_u64().unwrap());
    let a = offset(line, start["character"].as_u64().unwrap());
    let b = offset(line, end["character"].as_u64().unwrap());
    line[a..b].to_owned()
}

fn session(utf8: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("西村.txt");
    let text = std::fs::read_to_string("fixtures/xicun.txt").unwrap();
    std::fs::write(&path, &text).unwrap();
    let root = format!("file://{}", dir.path().display());
    let uri = format!("file://{}/%E8%A5%BF%E6%9D%91.txt", dir.path().display());
    let mut client = Client::start(env!("CARGO_BIN_EXE_jxlint"), dir.path());
    let encodings = if utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    // The UTF-8 session also asks for English, over the workspace's default.
    let options = if utf8 {
        json!({"lang": "en"})
    } else {
        json!({})
    };
    let init = client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "capabilities": {"general": {"positionEncodings": encodings}},
            "initializationOptions": options,
        }),
    );
    let negotiated = if utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(init["capabilities"]["positionEncoding"], negotiated);
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let (version, diagnostics) = client.diagnostics(&uri);
    assert_eq!(version, 1);
    assert_eq!(diagnostics.len(), 70);
    let find = |diagnostics: &[Value], rule: &str, line: u64| {
        diagnostics
            .iter()
            .find(|d| d["code"] == rule && d["range"]["start"]["line"] == line - 1)
            .cloned()
    };
    // The subtotal 2,344.51 (line 11) and the annual value 90% of 街道环境安全综合整治经费 (25).
    let subtotal = find(&diagnostics, "amount-sum", 11).unwrap();
    assert_eq!(covered(&text, &subtotal["range"], utf8), "2,344.51");
    assert_eq!(subtotal["severity"], 1);
    assert!(subtotal["relatedInformation"].as_array().unwrap().len() > 1);
    let annual = find(&diagnostics, "cycle-annual", 25).unwrap();
    assert_eq!(covered(&text, &annual["range"], utf8), "90%");
    let cycle = &annual["relatedInformation"][0];
    assert_eq!(covered(&text, &cycle["location"]["range"], utf8), "≥90%");

    // The annual value made to agree: that diagnostic goes, the others stay.
    let row = text.split('\n').nth(24).unwrap();
    let fixed_row = row.replacen("年度指标值:90%", "年度指标值:≥90%", 1);
    assert_ne!(row, fixed_row);
    let fixed = text.replacen(row, &fixed_row, 1);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let (version, after) = client.diagnostics(&uri);
    assert_eq!(version, 2);
    assert_eq!(after.len(), 69);
    assert!(find(&after, "cycle-annual", 25).is_none());

    // Hover on the subtotal shows its rule's documentation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": subtotal["range"]["start"]}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.starts_with("**amount-sum**"), "{shown}");
    assert!(
        shown.contains(if utf8 {
            "What it checks"
        } else {
            "检查什么"
        }),
        "{shown}"
    );

    // The code action waives the finding: its command writes the workspace's baseline.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": subtotal["range"],
            "context": {"diagnostics": [subtotal]},
        }),
    );
    let action = &actions[0];
    let waive = if utf8 { "Waive" } else { "豁免" };
    assert!(
        action["title"].as_str().unwrap().contains(waive),
        "{action}"
    );
    let command = &action["command"];
    client.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    let baseline = std::fs::read_to_string(dir.path().join("jxlint-baseline.json")).unwrap();
    let waivers: Value = serde_json::from_str(&baseline).unwrap();
    assert_eq!(waivers["waivers"][0]["rule"], "amount-sum");
    assert_eq!(waivers["waivers"][0]["path"], "西村.txt");
    assert_eq!(waivers["waivers"][0]["text"], "2,344.51");
    // The command line honours the waiver the editor wrote.
    let out = Command::new(env!("CARGO_BIN_EXE_jxlint"))
        .args([
            "check",
            "--format",
            "short",
            "--baseline",
            "jxlint-baseline.json",
            "西村.txt",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("amount-sum"));

    // The workspace's jxlint.toml changes: the rules are read again and the text linted again.
    std::fs::write(
        dir.path().join("jxlint.toml"),
        "[severity]\namount-sum = \"warning\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root}/jxlint.toml"), "type": 1}]}),
    );
    let (_, relinted) = client.diagnostics(&uri);
    let subtotal = find(&relinted, "amount-sum", 11).unwrap();
    assert_eq!(subtotal["severity"], 2, "a warning now");

    // Edited into something that is no table: its diagnostics go.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "说明\n"}]}),
    );
    let (version, none) = client.diagnostics(&uri);
    assert_eq!(version, 3);
    assert!(none.is_empty());

    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let (_, cleared) = client.diagnostics(&uri);
    assert!(cleared.is_empty());
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let mut rest = String::new();
    client.stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "no stray output after exit");
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn an_editor_speaking_utf16_gets_ranges_on_the_cited_text() {
    session(false);
}

#[test]
fn an_editor_speaking_utf8_gets_ranges_on_the_cited_text() {
    session(true);
}

#[test]
fn a_row_that_does_not_add_up_is_offered_the_sum_as_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("fixtures/rules/amount-sum/project-total.txt").unwrap();
    let uri = format!("file://{}/t.txt", dir.path().display());
    let mut client = Client::start(env!("CARGO_BIN_EXE_jxlint"), dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", dir.path().display()),
               "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let (_, diagnostics) = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(covered(&text, &d["range"], false), "15.37");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = &actions[0];
    assert_eq!(
        fix["isPreferred"], false,
        "a suggestion, not a certain fix: {fix}"
    );
    assert!(fix["title"].as_str().unwrap().contains("建议"), "{fix}");
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "15.73");
    assert_eq!(edit["range"], d["range"]);
    assert!(actions[1]["command"]["command"] == "jxlint.waive");
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn copies_across_open_documents_point_at_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("fixtures/clean/clean.txt").unwrap();
    let root = format!("file://{}", dir.path().display());
    let (a, b) = (format!("{root}/a.txt"), format!("{root}/b.txt"));
    let mut client = Client::start(env!("CARGO_BIN_EXE_jxlint"), dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    for (uri, version) in [(&a, 1), (&b, 1)] {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
    }
    let (_, first) = client.diagnostics(&a);
    assert!(first.is_empty(), "{first:?}");
    let (_, second) = client.diagnostics(&b);
    // b.txt repeats every target and indicator block of a.txt: each copy points at a.txt.
    assert!(!second.is_empty());
    for d in &second {
        assert_eq!(d["code"], "duplicate-text");
        let related = &d["relatedInformation"][0]["location"];
        assert_eq!(related["uri"], a.as_str(), "{d}");
        assert_eq!(
            related["range"]["start"]["line"],
            d["range"]["start"]["line"]
        );
    }
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn each_workspace_folder_has_its_own_settings() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("fixtures/rules/amount-sum/project-total.txt").unwrap();
    for folder in ["strict", "lenient"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
    }
    std::fs::write(
        dir.path().join("lenient/jxlint.toml"),
        "[severity]\namount-sum = \"warning\"\n",
    )
    .unwrap();
    let folder = |name: &str| format!("file://{}/{name}", dir.path().display());
    let mut client = Client::start(env!("CARGO_BIN_EXE_jxlint"), dir.path());
    client.request(
        "initialize",
        json!({"processId": null, "capabilities": {},
               "workspaceFolders": [{"uri": folder("strict"), "name": "strict"},
                                    {"uri": folder("lenient"), "name": "lenient"}]}),
    );
    client.notify("initialized", json!({}));
    for (name, severity) in [("strict", 1), ("lenient", 2)] {
        let uri = format!("{}/t.txt", folder(name));
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
        let (_, d) = client.diagnostics(&uri);
        assert_eq!(d.len(), 1, "{name}: {d:?}");
        assert_eq!(d[0]["severity"], severity, "{name}");
    }
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}
