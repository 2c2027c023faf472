//! Time and allocation per stage, single-threaded, over a directory of tables (the benchmark
//! corpus of `scripts/bench.sh`): reading the files, decoding, reading the layout into the
//! model, each rule, copies across files, and rendering JSON. A counting allocator wraps the
//! system one, so the bytes and allocations each stage asks for are exact.
//!
//!   cargo bench --bench stages -- DIR [FILES]

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use jxlint::crossfile::CrossFile;
use jxlint::diag::Lang;
use jxlint::input::{self, decode::EncodingChoice};
use jxlint::layout;
use jxlint::lint::{self, Checked};
use jxlint::render::{Report, json};
use jxlint::ruleset::RuleSet;

struct Counting;

static BYTES: AtomicU64 = AtomicU64::new(0);
static COUNT: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        COUNT.fetch_add(1, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A grown buffer asks for the new bytes; count what it grows by.
        BYTES.fetch_add(new_size.saturating_sub(layout.size()) as u64, Relaxed);
        COUNT.fetch_add(1, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[derive(Default, Clone, Copy)]
struct Cost {
    time: Duration,
    bytes: u64,
    count: u64,
}

impl Cost {
    fn measure<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let (b, c) = (BYTES.load(Relaxed), COUNT.load(Relaxed));
        let start = Instant::now();
        let out = f();
        self.time += start.elapsed();
        self.bytes += BYTES.load(Relaxed) - b;
        self.count += COUNT.load(Relaxed) - c;
        out
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("a readable directory")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: cargo bench --bench stages -- DIR [FILES]");
        std::process::exit(2);
    };
    let mut paths = Vec::new();
    walk(Path::new(dir), &mut paths);
    paths.sort();
    if let Some(n) = args.get(1).and_then(|n| n.parse().ok()) {
        paths.truncate(n);
    }
    let rules = RuleSet::builtin().expect("built-in rules load");
    let enabled: Vec<(usize, &jxlint::ruleset::Rule)> = rules
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.enabled)
        .collect();
    let mut files = Cost::default();
    let mut decode = Cost::default();
    let mut model = Cost::default();
    let mut per_rule = vec![Cost::default(); enabled.len()];
    let mut cross = Cost::default();
    let mut render = Cost::default();
    let mut input_bytes = 0u64;
    let mut cross_file = CrossFile::default();
    let mut out = Vec::new();
    for path in &paths {
        let bytes = files.measure(|| std::fs::read(path).expect("a readable file"));
        input_bytes += bytes.len() as u64;
        let tables = decode.measure(|| input::read_bytes(path, bytes, EncodingChoice::Auto));
        let Ok(tables) = tables else { continue };
        for table in tables {
            let Ok(doc) = model.measure(|| layout::read(table.model_text())) else {
                continue;
            };
            let mut diagnostics = Vec::new();
            let mut prints = Vec::new();
            for ((index, rule), cost) in enabled.iter().zip(&mut per_rule) {
                cost.measure(|| {
                    let mut findings = Vec::new();
                    lint::run_rule(*index, rule, &doc, &mut findings, &mut prints);
                    diagnostics.extend(
                        findings
                            .into_iter()
                            .map(|f| lint::diagnostic(rule, f, Lang::Zh)),
                    );
                });
            }
            let mut checked = Checked {
                project_names: lint::project_names(&doc, &prints),
                projects: doc.projects.len(),
                department: doc.preamble.department.clone(),
                source: table.source,
                diagnostics,
                prints,
            };
            // As `lint` does: the document's buffers hold the next table.
            model.measure(|| doc.recycle());
            cross.measure(|| {
                lint::place_prints(&mut checked);
                cross_file.process(&mut checked, &rules, Lang::Zh);
            });
            render.measure(|| {
                let report = Report {
                    outcomes: vec![Ok(checked)],
                    lang: Lang::Zh,
                };
                out.extend_from_slice(json::render(&report).as_bytes());
            });
        }
    }
    let mut rows: Vec<(String, Cost)> = vec![
        ("read files".into(), files),
        ("decode".into(), decode),
        ("layout → model".into(), model),
    ];
    let mut by_rule: Vec<(String, Cost)> = enabled
        .iter()
        .zip(&per_rule)
        .map(|((_, r), c)| (format!("  rule {}", r.id), *c))
        .collect();
    by_rule.sort_by_key(|r| std::cmp::Reverse(r.1.time));
    let rules_total = per_rule.iter().fold(Cost::default(), |a, c| Cost {
        time: a.time + c.time,
        bytes: a.bytes + c.bytes,
        count: a.count + c.count,
    });
    rows.push(("rules".into(), rules_total));
    rows.extend(by_rule);
    rows.push(("copies across files".into(), cross));
    rows.push(("render JSON".into(), render));
    let total =
        rows.iter()
            .filter(|(n, _)| !n.starts_with("  "))
            .fold(Cost::default(), |a, (_, c)| Cost {
                time: a.time + c.time,
                bytes: a.bytes + c.bytes,
                count: a.count + c.count,
            });
    println!(
        "{} files, {:.1} MB; one thread; output {:.1} MB",
        paths.len(),
        input_bytes as f64 / 1e6,
        out.len() as f64 / 1e6
    );
    println!(
        "{:34} {:>9} {:>12} {:>10} {:>12}",
        "stage", "time", "allocated", "× input", "allocations"
    );
    rows.push(("total".into(), total));
    for (name, c) in rows {
        println!(
            "{:34} {:>7.0}ms {:>10.1}MB {:>10.2} {:>12}",
            name,
            c.time.as_secs_f64() * 1e3,
            c.bytes as f64 / 1e6,
            c.bytes as f64 / input_bytes.max(1) as f64,
            c.count
        );
    }
}
