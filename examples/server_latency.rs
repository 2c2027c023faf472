//! How fast `jxlint server` answers a change: opens the real sample (35 KB) in the release
//! binary's server, then sends 50 full-text changes (a fault planted and removed in turn) and
//! times each until its diagnostics arrive. Prints the median and the slowest.
//!
//!   cargo run --release --example server_latency [-- PATH-TO-JXLINT]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

fn main() {
    let binary = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/release/jxlint".to_owned());
    let text = std::fs::read_to_string("fixtures/xicun.txt").expect("run from the repository");
    let mut child = Command::new(&binary)
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the release binary (cargo build --release)");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut send = |m: Value| {
        let body = m.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut read = move || -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    let uri = "file:///tmp/xicun.txt";
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": null, "capabilities": {}}}));
    while read()["id"] != 1 {}
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let mut wait_for = |version: i64| loop {
        let m = read();
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version {
            return m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        }
    };
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    wait_for(1);
    let planted = text.replacen("\t2,344.51\t", "\t2,344.15\t", 1);
    let mut times = Vec::new();
    for version in 2..52 {
        let body = if version % 2 == 0 { &planted } else { &text };
        let start = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": body}]}}),
        );
        wait_for(version);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
    send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = child.wait();
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "server: a change to the {} KB sample answered in {:.1} ms (median of {}), {:.1} ms at the slowest",
        text.len() / 1024,
        times[times.len() / 2],
        times.len(),
        times[times.len() - 1]
    );
}
