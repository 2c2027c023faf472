//! How fast `jxlint server` answers a change: opens the real sample (35 KB) in the release
//! binary's server, then sends 50 full-text changes (a fault planted and removed in turn) and
//! times each until its diagnostics arrive. Prints the median and the slowest.
//!
//!   cargo run --release --example server_latency [-- PATH-TO-JXLINT]

use std::time::Instant;

use serde_json::{Value, json};

#[path = "../tests/common/lsp.rs"]
#[allow(dead_code)]
mod lsp;

fn main() {
    let binary = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/release/jxlint".to_owned());
    let text = std::fs::read_to_string("fixtures/xicun.txt").expect("run from the repository");
    let mut client = lsp::Client::start(&binary, std::path::Path::new("."));
    let uri = "file:///tmp/xicun.txt";
    client.request("initialize", json!({"processId": null, "capabilities": {}}));
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    client.diagnostics(uri);
    let planted = text.replacen("\t2,344.51\t", "\t2,344.15\t", 1);
    let mut times = Vec::new();
    for version in 2..52 {
        let body = if version % 2 == 0 { &planted } else { &text };
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": body}]}),
        );
        while client.diagnostics(uri).0 != json!(version) {}
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let _ = client.child.wait();
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "server: a change to the {} KB sample answered in {:.1} ms (median of {}), {:.1} ms at the slowest",
        text.len() / 1024,
        times[times.len() / 2],
        times.len(),
        times[times.len() - 1]
    );
}
