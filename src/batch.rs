//! A run over many files: every core checks files, taking the next unchecked one as it
//! finishes the last, this thread too, which between its files hands the results to the output
//! in path order, whatever the timing. Workers stay at most a window ahead of the output, and only fingerprints outlive
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

    /// Files checked by `workers` threads, this one among them, delivered in path order. This
    /// thread delivers what is ready between files of its own, so no thread sleeps waiting
    /// for a result and none is woken for one; it waits only for the next file in order, at
    /// the window's edge and at the end.
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
        let check = |i: usize| match &files[i] {
            Ok(path) => lint::check_file(path, rules, options),
            Err(e) => vec![Err(e.clone())],
        };
        let next = AtomicUsize::new(0);
        let window = Window::default();
        std::thread::scope(|scope| -> std::io::Result<()> {
            let (send, receive) = std::sync::mpsc::channel::<(usize, Vec<Outcome>)>();
            for _ in 1..workers {
                let send = send.clone();
                let (next, window, check) = (&next, &window, &check);
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= files.len() {
                            return;
                        }
                        window.wait_for(i);
                        if send.send((i, check(i))).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(send);
            let mut waiting: BTreeMap<usize, Vec<Outcome>> = BTreeMap::new();
            let mut at = 0;
            let mut failed = Ok(());
            let mut deliver_ready = |waiting: &mut BTreeMap<usize, Vec<Outcome>>| {
                let before = at;
                while let Some(outcomes) = waiting.remove(&at) {
                    for outcome in outcomes {
                        if failed.is_ok() {
                            failed = self.deliver(outcome, cross, counts, waivers, sink, w);
                        }
                    }
                    progress.inc(1);
                    at += 1;
                }
                if at != before {
                    window.moved_to(at);
                }
                if failed.is_err() {
                    // The output is gone (a closed pipe): let the workers stop.
                    next.store(files.len(), Ordering::Relaxed);
                }
                at
            };
            let mut delivered;
            loop {
                waiting.extend(receive.try_iter());
                delivered = deliver_ready(&mut waiting);
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() {
                    break;
                }
                // At the window's edge, the output catches up first.
                while i >= delivered + WINDOW {
                    let Ok(result) = receive.recv() else { break };
                    waiting.insert(result.0, result.1);
                    delivered = deliver_ready(&mut waiting);
                }
                waiting.insert(i, check(i));
            }
            for (i, outcomes) in receive {
                waiting.insert(i, outcomes);
                deliver_ready(&mut waiting);
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

/// How many files the output has taken: a worker checks no further ahead than [`WINDOW`].
#[derive(Default)]
struct Window {
    state: Mutex<WindowState>,
    moved: Condvar,
}

#[derive(Default)]
struct WindowState {
    delivered: usize,
    /// Workers asleep until the output moves: woken only when there are any.
    sleeping: usize,
}

impl Window {
    /// Returns once file `i` lies inside the window.
    fn wait_for(&self, i: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while i >= s.delivered + WINDOW {
            s.sleeping += 1;
            s = self.moved.wait(s).unwrap_or_else(|e| e.into_inner());
            s.sleeping -= 1;
        }
    }

    fn moved_to(&self, delivered: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.delivered = delivered;
        if s.sleeping > 0 {
            self.moved.notify_all();
        }
    }
}
