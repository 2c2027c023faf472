//! Near-duplicate search without comparing every pair: each text is a set of hashed character
//! shingles, sketched by one-permutation MinHash; texts whose sketches agree on a whole band
//! are candidates, and only candidates are compared exactly. Two texts with Jaccard similarity
//! 0.85 become candidates with probability above 0.999; unrelated texts almost never do.

use std::collections::HashMap;

/// Sketch bins, and bins per band: 16 bands of 6.
const BINS: usize = 96;
const BAND: usize = 6;
/// A bucket holding this many texts is a template everybody uses; later texts are not added,
/// so that a batch of look-alikes cannot make the search quadratic. Exact copies are found by
/// their own map, whatever the buckets hold.
const BUCKET_CAP: usize = 64;

/// Mixes a 64-bit value (splitmix64's finaliser): cheap, and the same on every machine.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The sorted, distinct hashes of a text's `n`-character shingles (the whole text when it is
/// shorter than `n`).
pub fn shingles(chars: &[char], n: usize) -> Vec<u64> {
    let n = n.max(1).min(chars.len().max(1));
    let mut out: Vec<u64> = chars
        .windows(n)
        .map(|w| {
            w.iter()
                .fold(0x9e37_79b9_7f4a_7c15, |h, &c| mix(h ^ c as u64))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A text's 64-bit hash, the same on every machine and run: what copies across files are
/// matched by.
pub fn text_hash(text: &str) -> u64 {
    text.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| mix(h ^ u64::from(b)))
}

/// Jaccard similarity of two sorted, distinct hash sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// One band key per band of the text's sketch.
pub fn band_keys(shingles: &[u64]) -> Vec<u64> {
    let mut bins = [u64::MAX; BINS];
    for &h in shingles {
        let h = mix(h);
        let bin = (h % BINS as u64) as usize;
        bins[bin] = bins[bin].min(h / BINS as u64);
    }
    // Densify: an empty bin borrows the next filled bin's value, marked by the distance, so
    // that short texts still have full bands.
    // One backward pass over the bins twice round finds each empty bin's next filled one.
    if bins.iter().any(|&b| b != u64::MAX) {
        let filled = bins;
        let mut next: Option<(usize, u64)> = None;
        for k in (0..2 * BINS).rev() {
            let i = k % BINS;
            if filled[i] != u64::MAX {
                next = Some((k, filled[i]));
            } else if let Some((at, v)) = next {
                bins[i] = mix(v ^ (at - k) as u64);
            }
        }
    }
    bins.chunks(BAND)
        .enumerate()
        .map(|(band, chunk)| chunk.iter().fold(mix(band as u64 + 1), |h, &v| mix(h ^ v)))
        .collect()
}

/// Texts by band key. Ids are whatever the caller numbers its texts by.
#[derive(Debug, Default)]
pub struct Index {
    buckets: HashMap<u64, Vec<u32>>,
}

impl Index {
    pub fn insert(&mut self, id: u32, keys: &[u64]) {
        for &k in keys {
            let bucket = self.buckets.entry(k).or_default();
            if bucket.len() < BUCKET_CAP {
                bucket.push(id);
            }
        }
    }

    /// Ids sharing a band with `keys`, ascending, each once.
    pub fn candidates(&self, keys: &[u64]) -> Vec<u32> {
        let mut out: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.buckets.get(k))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(s: &str) -> Vec<u64> {
        shingles(&s.chars().collect::<Vec<_>>(), 3)
    }

    #[test]
    fn near_copies_are_candidates_and_strangers_are_not() {
        let a = set(
            "通过政府购买社会服务的方式，整合既有的社区服务项目和资源，为有需要的家庭和个人提供专业化、个性化的服务。",
        );
        let b = set(
            "通过政府购买社会服务的方式，整合既有的社区服务项目和资源，为有需要的家庭和个人提供专业化的服务。",
        );
        let c = set("开展辖区环境卫生整治，清理卫生死角，保持街巷干净整洁，提升居民生活环境质量。");
        assert!(jaccard(&a, &b) > 0.85);
        let mut index = Index::default();
        index.insert(0, &band_keys(&a));
        index.insert(1, &band_keys(&c));
        assert_eq!(index.candidates(&band_keys(&b)), [0]);
        assert_eq!(index.candidates(&band_keys(&a)), [0]);
        assert!(
            index
                .candidates(&band_keys(&set("完全不同的一段文字内容")))
                .is_empty()
        );
    }
}
