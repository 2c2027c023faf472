//! A run over many files: every core checks files, taking the next unchecked one as it
//! finishes the last, and this thread hands the results to the output in path order, whatever
//! the timing. Workers stay at most a window ahead of the output, and only fingerprints outlive
//! a file (for copies across files), so memory stays bounded as the batch grows.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use codespan_reporting::term::termcolor::WriteColor;

use crate::baseline::{Baseline, Waiver, waiver_of};
use crate::config::PathIgnores;
use crate::crossfile::CrossFile;
use crate::diag::Severity;
use crate::lint::{self, Options, Outcome, Unreadable};
use crate::render::{Counts, Sink};
use crate::ruleset::RuleSet;

/// How far ahead of the output the workers may check: enough to keep every core busy past a
/// slow file, few enough to hold in memory.
const WINDOW: usize = 256;

/// Threads that check files: `RAYON_NUM_THREADS` (the name the batch has always read) or
/// `JXLINT_THREADS` when set, else one per core.
fn threads() -> usize {
    ["JXLINT_THREADS", "RAYON_NUM_THREADS"]
        .iter()
        .find_map(|v| std::env::var(v).ok()?.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

pub struct Batch<'a> {
    pub rules: &'a RuleSet,
    pub options: Options,
    pub cross_file: bool,
    pub path_ignores: PathIgnores,
    pub baseline: Option<Baseline>,
    /// Set to collect every finding for `--write-baseline`.
    pub collect_waivers: bool,
    /// The least severe diagnostic shown and counted (`--min-severity`, `--quiet`).
    pub min_severity: Severity,
    /// Files found in a folder or by a glob, not named: one that is no table is skipped.
    pub found: std::collections::HashSet<String>,
    /// Files of folders and globs passed over unread (lock files, hidden, excluded).
    pub passed_over: usize,
    /// The project root waivers and per-path ignores name files relative to.
    pub root: PathBuf,
}

pub struct Finished {
    pub counts: Counts,
    pub waivers: Vec<Waiver>,
    pub baseline: Option<Baseline>,
}

impl Batch<'_> {
    pub fn run(
        mut self,
        files: Vec<Result<PathBuf, Unreadable>>,
        sink: &mut dyn Sink,
        w: &mut dyn WriteColor,
        progress: &indicatif::ProgressBar,
    ) -> std::io::Result<Finished> {
        let mut cross = CrossFile::default();
        let mut counts = Counts {
            skipped: self.passed_over,
            ..Counts::default()
        };
        let mut waivers = Vec::new();
        let (rules, options) = (self.rules, self.options);
        let workers = threads().min(files.len()).max(1);
        // One thread (or one file): this thread checks each file and delivers it, with no
        // worker to hand it over from.
        let result = if workers == 1 {
            files.iter().try_for_each(|file| {
                let outcomes = match file {
                    Ok(path) => lint::check_file(path, rules, options),
                    Err(e) => vec![Err(e.clone())],
                };
                for outcome in outcomes {
                    self.deliver(outcome, &mut cross, &mut counts, &mut waivers, sink, w)?;
                }
                progress.inc(1);
                Ok(())
            })
        } else {
            self.parallel(
                &files,
                workers,
                (&mut cross, &mut counts, &mut waivers),
                sink,
                w,
                progress,
            )
        };
        result?;
        if let Some(b) = &self.baseline {
            counts.stale = b.stale().into_iter().cloned().collect();
        }
        progress.finish_and_clear();
        sink.finish(&counts, w)?;
        Ok(Finished {
            counts,
            waivers,
            baseline: self.baseline,
        })
    }

    /// Files checked by `workers` threads, delivered here in path order.
    fn parallel(
        &mut self,
        files: &[Result<PathBuf, Unreadable>],
        workers: usize,
        (cross, counts, waivers): (&mut CrossFile, &mut Counts, &mut Vec<Waiver>),
        sink: &mut dyn Sink,
        w: &mut dyn WriteColor,
        progress: &indicatif::ProgressBar,
    ) -> std::io::Result<()> {
        let (rules, options) = (self.rules, self.options);
        let next = AtomicUsize::new(0);
        // How many files the output has taken, for the window.
        let delivered = Mutex::new(0usize);
        let moved = Condvar::new();
        std::thread::scope(|scope| -> std::io::Result<()> {
            let (send, receive) = std::sync::mpsc::channel::<(usize, Vec<Outcome>)>();
            for _ in 0..workers {
                let send = send.clone();
                let (next, delivered, moved, files) = (&next, &delivered, &moved, &files);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= files.len() {
                            return;
                        }
                        let mut done = delivered.lock().unwrap_or_else(|e| e.into_inner());
                        while i >= *done + WINDOW {
                            done = moved.wait(done).unwrap_or_else(|e| e.into_inner());
                        }
                        drop(done);
                        let outcomes = match &files[i] {
                            Ok(path) => lint::check_file(path, rules, options),
                            Err(e) => vec![Err(e.clone())],
                        };
                        if send.send((i, outcomes)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(send);
            let mut waiting: BTreeMap<usize, Vec<Outcome>> = BTreeMap::new();
            let mut at = 0;
            let mut failed = Ok(());
            for (i, outcomes) in receive {
                waiting.insert(i, outcomes);
                while let Some(outcomes) = waiting.remove(&at) {
                    for outcome in outcomes {
                        if failed.is_ok() {
                            failed = self.deliver(outcome, cross, counts, waivers, sink, w);
                        }
                    }
                    progress.inc(1);
                    at += 1;
                }
                *delivered.lock().unwrap_or_else(|e| e.into_inner()) = at;
                moved.notify_all();
                if failed.is_err() {
                    // The output is gone (a closed pipe): let the workers stop.
                    next.store(files.len(), Ordering::Relaxed);
                }
            }
            failed
        })
    }

    /// One outcome, in path order: copies across files, ignores, waivers, then the output.
    fn deliver(
        &mut self,
        mut outcome: Outcome,
        cross: &mut CrossFile,
        counts: &mut Counts,
        waivers: &mut Vec<Waiver>,
        sink: &mut dyn Sink,
        w: &mut dyn WriteColor,
    ) -> std::io::Result<()> {
        if let Err(e) = &outcome
            && e.not_a_table
            && self.found.contains(&e.path)
        {
            counts.skipped += 1;
            let _ = match self.options.lang {
                crate::diag::Lang::Zh => {
                    writeln!(
                        std::io::stderr(),
                        "提示：跳过 {}：{}",
                        e.path,
                        crate::render::words::input(&e.message, self.options.lang)
                    )
                }
                crate::diag::Lang::En => {
                    writeln!(std::io::stderr(), "note: skipped {}: {}", e.path, e.message)
                }
            };
            return Ok(());
        }
        if let Ok(c) = &mut outcome {
            if self.cross_file {
                cross.process(c, self.rules, self.options.lang);
            }
            let path = c.source.display_path();
            let path = crate::baseline::project_path(&self.root, &path);
            c.diagnostics
                .retain(|d| !self.path_ignores.ignores(&path, &d.rule));
            if let Some(b) = &mut self.baseline {
                counts.waived += b.apply(&self.root, &c.source, &mut c.diagnostics);
            }
            if self.collect_waivers {
                waivers.extend(
                    c.diagnostics
                        .iter()
                        .map(|d| waiver_of(&self.root, &c.source, d)),
                );
            }
            // Severity orders from error down: a less severe one is greater.
            c.diagnostics.retain(|d| d.severity <= self.min_severity);
        }
        counts.add(&outcome);
        sink.file(&outcome, w)
    }
}
