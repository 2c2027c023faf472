//! A run over many files: checked in parallel, in chunks, and handed to the output in path
//! order whatever the thread timing, while the next chunk is checked. Only fingerprints outlive
//! a chunk (for copies across files), so memory stays bounded as the batch grows.

use std::path::PathBuf;

use codespan_reporting::term::termcolor::WriteColor;
use rayon::prelude::*;

use crate::baseline::{Baseline, Waiver, waiver_of};
use crate::config::PathIgnores;
use crate::crossfile::CrossFile;
use crate::lint::{self, Options, Outcome, Unreadable};
use crate::render::{Counts, Sink};
use crate::ruleset::RuleSet;

/// Files checked at once: enough to keep every thread busy, few enough to hold in memory.
const CHUNK: usize = 64;

pub struct Batch<'a> {
    pub rules: &'a RuleSet,
    pub options: Options,
    pub cross_file: bool,
    pub path_ignores: PathIgnores,
    pub baseline: Option<Baseline>,
    /// Set to collect every finding for `--write-baseline`.
    pub collect_waivers: bool,
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
        let mut counts = Counts::default();
        let mut waivers = Vec::new();
        let (rules, options) = (self.rules, self.options);
        // One thread checks chunk after chunk in parallel while this one delivers the last
        // chunk in order; the channel holds two chunks at most, which bounds memory.
        let delivered = std::thread::scope(|scope| -> std::io::Result<()> {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Vec<Outcome>>>(1);
            scope.spawn(move || {
                for chunk in files.chunks(CHUNK) {
                    let checked = chunk
                        .par_iter()
                        .map(|f| match f {
                            Ok(path) => lint::check_file(path, rules, options),
                            Err(e) => vec![Err(e.clone())],
                        })
                        .collect();
                    if send.send(checked).is_err() {
                        return;
                    }
                }
            });
            for checked in receive {
                for outcomes in checked {
                    for outcome in outcomes {
                        self.deliver(outcome, &mut cross, &mut counts, &mut waivers, sink, w)?;
                    }
                    progress.inc(1);
                }
            }
            Ok(())
        });
        delivered?;
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
        if let Ok(c) = &mut outcome {
            if self.cross_file {
                cross.process(c, self.rules, self.options.lang);
            }
            let path = c.source.display_path();
            c.diagnostics
                .retain(|d| !self.path_ignores.ignores(&path, &d.rule));
            if let Some(b) = &mut self.baseline {
                counts.waived += b.apply(&c.source, &mut c.diagnostics);
            }
            if self.collect_waivers {
                waivers.extend(c.diagnostics.iter().map(|d| waiver_of(&c.source, d)));
            }
        }
        counts.add(&outcome);
        sink.file(&outcome, w)
    }
}
