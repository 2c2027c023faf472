//! A thread's model buffers, kept from table to table. A batch reads thousands of tables of
//! much the same shape on each thread; a document's lists, its projects' texts and indicator
//! lists, allocated afresh for each table, were most of what reading a table allocated. A
//! checked document gives them back ([`Document::recycle`]); the next table read on the same
//! thread is read into them ([`Document::recycled`], [`text`], [`indicators`]), emptied, with
//! their room kept. A document that is dropped instead only gives nothing back.

use std::cell::RefCell;

use crate::model::indicator::Indicator;
use crate::model::text::Mapped;
use crate::model::{Document, Preamble};

/// Buffers larger than this are not kept: one huge table should not hold its room for the
/// rest of the batch.
const KEEP_BYTES: usize = 1 << 16;
/// At most this many spare texts and indicator lists: a table's worth, many times over.
const KEEP_COUNT: usize = 1 << 12;

#[derive(Default)]
struct Spare {
    document: Option<Document>,
    /// Texts as cleaned (targets), and as normalised (indicator cells, several times longer):
    /// apart, so that a text is filled again with one of about its size.
    plain: Vec<Mapped>,
    normalized: Vec<Mapped>,
    indicators: Vec<Vec<Indicator>>,
}

thread_local! {
    static SPARE: RefCell<Spare> = RefCell::default();
}

/// An empty text, with room kept from an earlier table's text of the same kind (normalised
/// or not) where this thread has one.
pub fn text(normalized: bool) -> Mapped {
    SPARE
        .with_borrow_mut(|s| {
            if normalized {
                s.normalized.pop()
            } else {
                s.plain.pop()
            }
        })
        .unwrap_or_default()
}

/// An empty indicator list with room for `n`, kept from an earlier table where it can be.
pub fn indicators(n: usize) -> Vec<Indicator> {
    let mut list = SPARE
        .with_borrow_mut(|s| s.indicators.pop())
        .unwrap_or_default();
    list.reserve_exact(n);
    list
}

impl Document {
    /// An empty document to read a table into: this thread's last one, emptied, where it gave
    /// its buffers back.
    pub fn recycled() -> Document {
        SPARE
            .with_borrow_mut(|s| s.document.take())
            .unwrap_or_default()
    }

    /// Gives the document's buffers back to this thread, for the next table it reads.
    pub fn recycle(mut self) {
        SPARE.with_borrow_mut(|spare| {
            for p in self.projects.drain(..) {
                for (text, pool) in [
                    (p.target, &mut spare.plain),
                    (p.indicator_text, &mut spare.normalized),
                ] {
                    if pool.len() < KEEP_COUNT && text.room() <= KEEP_BYTES {
                        pool.push(text.emptied());
                    }
                }
                let mut list = p.indicators;
                if spare.indicators.len() < KEEP_COUNT
                    && list.capacity() * size_of::<Indicator>() <= KEEP_BYTES
                {
                    list.clear();
                    spare.indicators.push(list);
                }
            }
            // Every field named, so that a field added to the document is emptied here too.
            let Document {
                preamble,
                total,
                units,
                projects,
                notes,
                problems,
                read,
                markup,
                repeats,
                absent_money,
                truncated,
            } = &mut self;
            if projects.capacity() * size_of::<crate::model::Project>() > 16 * KEEP_BYTES
                || read.capacity() > KEEP_BYTES
            {
                return;
            }
            *preamble = Preamble::default();
            *total = None;
            units.clear();
            notes.clear();
            problems.clear();
            read.clear();
            markup.clear();
            repeats.clear();
            *absent_money = Default::default();
            *truncated = false;
            spare.document = Some(self);
        });
    }
}
