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
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Shingle hashes as a set for [`jaccard`]: sorted, without repeats.
pub fn to_set(mut shingles: Vec<u64>) -> Vec<u64> {
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// The hashes of a text's `n`-character shingles (the whole text when it is shorter than `n`)
/// in text order, repeats kept.
pub fn shingles_unsorted(chars: &[char], n: usize) -> Vec<u64> {
    let n = n.clamp(1, 8).min(chars.len().max(1));
    // Characters are below 2²¹: a shingle of up to three packs into one u64 exactly, so one
    // mix per shingle hashes it; longer shingles fold the rest in.
    chars.windows(n).map(shingle_hash).collect()
}

/// [`to_set`] of [`shingles_unsorted`], written into `out` (cleared first): a buffer kept from
/// text to text.
pub fn shingle_set_into(chars: &[char], n: usize, out: &mut Vec<u64>) {
    let n = n.clamp(1, 8).min(chars.len().max(1));
    out.clear();
    out.extend(chars.windows(n).map(shingle_hash));
    out.sort_unstable();
    out.dedup();
}

/// A text's 64-bit hash, given as characters; the same on every machine and run: what copies
/// across files are matched by.
pub fn text_hash(chars: impl Iterator<Item = char>) -> u64 {
    mix(chars.fold(FNV_OFFSET, fnv_step))
}

/// Which ASCII characters `keep` keeps once `map` has mapped them: made once, for
/// [`bytes_hash`] to look bytes up in.
pub fn ascii_kept(map: impl Fn(char) -> char, keep: impl Fn(char) -> bool) -> [bool; 128] {
    std::array::from_fn(|b| keep(map(char::from(b as u8))))
}

/// A text's 64-bit hash over the characters `keep` keeps, each as `map` gives it: the hash
/// of the many short texts (indicator items) that are hashed whole, the same on every machine
/// and run. `ascii` is [`ascii_kept`] of the same `map` and `keep`. One FNV step a character:
/// an ASCII character by its value, looked up in `ascii`; a CJK ideograph (lead byte
/// 0xE4–0xE9, most of an item) by its three bytes as they stand, neither mapped nor asked (no
/// mapping here changes one, and no other character steps with a value that large); any other
/// character mapped and asked.
pub fn bytes_hash(
    text: &str,
    ascii: &[bool; 128],
    map: impl Fn(char) -> char,
    keep: impl Fn(char) -> bool,
) -> u64 {
    let bytes = text.as_bytes();
    let mut h = FNV_OFFSET;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if ascii[usize::from(b)] {
                h = fnv_step_u32(h, u32::from(b));
            }
            i += 1;
        } else if (0xE4..=0xE9).contains(&b) {
            let packed =
                u32::from(b) << 16 | u32::from(bytes[i + 1]) << 8 | u32::from(bytes[i + 2]);
            h = fnv_step_u32(h, packed);
            i += 3;
        } else {
            let c = text[i..].chars().next().unwrap_or('\0');
            i += c.len_utf8();
            let c = map(c);
            if keep(c) {
                h = fnv_step_u32(h, u32::from(c));
            }
        }
    }
    mix(h)
}

fn fnv_step_u32(h: u64, v: u32) -> u64 {
    (h ^ u64::from(v)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// 64-bit FNV-1a over characters: one multiplication a character, for the exact hash of every
/// text compared; [`mix`] finishes it.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
fn fnv_step(h: u64, c: char) -> u64 {
    (h ^ u64::from(c)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// One hash of several hashes, in order.
pub fn combined_hash(hashes: &[u64]) -> u64 {
    hashes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, &x| mix(h ^ x))
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

/// Bands of a sketch.
pub const BANDS: usize = BINS / BAND;

/// A text sketched in one pass over its characters, without allocating: its exact hash, and
/// one key per band of its MinHash sketch.
#[derive(Debug, Clone, Copy)]
pub struct Sketch {
    pub hash: u64,
    pub bands: [u64; BANDS],
    /// A byte of each bin: two sketches' share of equal bytes estimates their similarity.
    pub fingerprint: Fingerprint,
}

/// A sketch's bins, a byte each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint([u8; BINS]);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint([0; BINS])
    }
}

/// The Jaccard similarity two fingerprints estimate: the share of bins that agree (a byte
/// agrees by chance once in 256, which the estimate ignores).
pub fn estimate(a: &Fingerprint, b: &Fingerprint) -> f64 {
    let same = a.0.iter().zip(&b.0).filter(|(x, y)| x == y).count();
    same as f64 / BINS as f64
}

/// Hashes a shingle given as characters, as [`shingles_unsorted`] does.
fn shingle_hash(w: &[char]) -> u64 {
    let packed = w
        .iter()
        .take(3)
        .fold(0u64, |h, &c| (h << 21) | u64::from(c));
    w.iter()
        .skip(3)
        .fold(mix(packed), |h, &c| mix(h ^ u64::from(c)))
}

impl Sketch {
    /// The sketch of the text `chars`, shingled by `n` characters (the whole text when it is
    /// shorter), in one pass: the bands of its shingle hashes ([`shingles_unsorted`]).
    pub fn of(chars: impl Iterator<Item = char>, n: usize) -> Sketch {
        let n = n.clamp(1, 8);
        let mut bins = [u64::MAX; BINS];
        let mut window = ['\0'; 8];
        let (mut len, mut hash) = (0usize, FNV_OFFSET);
        // Up to three characters (below 2²¹ each) pack into one u64: the window rolls by a
        // shift, and its hash is the one `shingle_hash` gives.
        let packed_mask = (1u64 << (21 * n.min(3))) - 1;
        let mut packed = 0u64;
        for c in chars {
            hash = fnv_step(hash, c);
            if n <= 3 {
                packed = ((packed << 21) | u64::from(c)) & packed_mask;
                len += 1;
                if len >= n {
                    add_to_bins(&mut bins, mix(packed));
                }
                if len <= n {
                    window[len - 1] = c;
                }
                continue;
            }
            if len < n {
                window[len] = c;
            } else {
                window.copy_within(1..n, 0);
                window[n - 1] = c;
            }
            len += 1;
            if len >= n {
                add_to_bins(&mut bins, shingle_hash(&window[..n]));
            }
        }
        if (1..n).contains(&len) {
            add_to_bins(&mut bins, shingle_hash(&window[..len]));
        }
        let densified = densify(bins);
        Sketch {
            hash: mix(hash),
            bands: bands_of(densified),
            // A bin's value is a mixed hash already, and its low byte is not what chose the
            // bin: the byte as it is.
            fingerprint: Fingerprint(densified.map(|b| b as u8)),
        }
    }
}

fn add_to_bins(bins: &mut [u64; BINS], h: u64) {
    // Shingle hashes are mixed already: the high bits pick the bin (a multiplication, not a
    // division), the value is the hash.
    let bin = (((h >> 32) * BINS as u64) >> 32) as usize;
    bins[bin] = bins[bin].min(h);
}

/// An empty bin borrows the next filled bin's value (going round past the last bin), marked
/// by the distance, so that short texts still have full bands.
fn densify(mut bins: [u64; BINS]) -> [u64; BINS] {
    let Some(first) = bins.iter().position(|&b| b != u64::MAX) else {
        return bins;
    };
    // One backward pass, starting from the first filled bin as met again after the last.
    let mut next = (BINS + first, bins[first]);
    // Without branches: which bins are filled follows no pattern a branch predictor could
    // learn, and a missed guess costs more than the mix computed for nothing.
    for i in (0..BINS).rev() {
        let (value, filled) = (bins[i], bins[i] != u64::MAX);
        let borrowed = mix(next.1 ^ (next.0 - i) as u64);
        bins[i] = std::hint::select_unpredictable(filled, value, borrowed);
        next = std::hint::select_unpredictable(filled, (i, value), next);
    }
    bins
}

fn bands_of(bins: [u64; BINS]) -> [u64; BANDS] {
    // The bins' values are mixed hashes: a multiply folds each in, one mix finishes the band.
    std::array::from_fn(|band| {
        let h = bins[band * BAND..(band + 1) * BAND]
            .iter()
            .fold(band as u64 + 1, |h, &v| {
                (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
            });
        mix(h)
    })
}

/// Hashes u64 keys that are hashes already: the key itself.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type KeyMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Texts by band key: each bucket a chain through `entries`, so that no bucket allocates.
/// Ids are whatever the caller numbers its texts by.
#[derive(Default)]
pub struct Index {
    /// Per band key: the chain's first entry and its length.
    heads: KeyMap<(u32, u32)>,
    /// (id, next entry or u32::MAX).
    entries: Vec<(u32, u32)>,
}

impl Index {
    /// An index with room for `keys` keys, so that it does not grow key by key.
    pub fn with_capacity(keys: usize) -> Index {
        Index {
            heads: KeyMap::with_capacity_and_hasher(keys, Default::default()),
            entries: Vec::with_capacity(keys),
        }
    }

    /// Empties the index, keeping its room, and makes room for `keys` keys.
    pub fn clear(&mut self, keys: usize) {
        self.heads.clear();
        self.entries.clear();
        self.heads.reserve(keys);
        self.entries.reserve(keys);
    }

    pub fn insert(&mut self, id: u32, keys: &[u64]) {
        for &k in keys {
            let next_entry = self.entries.len() as u32;
            let head = self.heads.entry(k).or_insert((u32::MAX, 0));
            if (head.1 as usize) < BUCKET_CAP {
                self.entries.push((id, head.0));
                *head = (next_entry, head.1 + 1);
            }
        }
    }

    /// Ids sharing at least `min_bands` bands with `keys`, ascending, each once.
    pub fn candidates(&self, keys: &[u64], min_bands: usize) -> Vec<u32> {
        let mut out = Vec::new();
        self.candidates_into(keys, min_bands, &mut out);
        out
    }

    /// [`Index::candidates`] into `out` (cleared first), which a caller reuses text after text.
    pub fn candidates_into(&self, keys: &[u64], min_bands: usize, out: &mut Vec<u32>) {
        out.clear();
        for k in keys {
            let mut at = self.heads.get(k).map_or(u32::MAX, |h| h.0);
            while at != u32::MAX {
                let (id, next) = self.entries[at as usize];
                out.push(id);
                at = next;
            }
        }
        out.sort_unstable();
        // Each id once, kept where it came `min_bands` times or more (runs of equal ids).
        let mut kept = 0;
        let mut i = 0;
        while i < out.len() {
            let id = out[i];
            let run = out[i..].iter().take_while(|&&x| x == id).count();
            if run >= min_bands {
                out[kept] = id;
                kept += 1;
            }
            i += run;
        }
        out.truncate(kept);
    }
}

/// Bands two texts must share to be compared, for a similarity threshold `t`: two texts at
/// Jaccard `t` share each of the 16 bands with probability t⁶, so the number they share is
/// binomial. The floor is the largest that still lets through all but one in a thousand pairs
/// at the threshold: 1 band at 0.85, 6 at 0.95. It skips most formulaic look-alikes, which
/// share a band or two by chance.
pub fn min_bands(threshold: f64) -> usize {
    const MISS: f64 = 1e-3;
    let bands = (BINS / BAND) as i32;
    let p = threshold.clamp(0.0, 1.0).powi(BAND as i32);
    let mut below = 0.0;
    for m in 0..=bands {
        let binom: f64 = (0..m).fold(1.0, |c, i| c * f64::from(bands - i) / f64::from(i + 1));
        below += binom * p.powi(m) * (1.0 - p).powi(bands - m);
        if below > MISS {
            return (m as usize).max(1);
        }
    }
    bands as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts with one compared form hash alike, whatever their width, spaces or punctuation,
    /// and texts with different ones do not.
    #[test]
    fn bytes_hash_is_the_hash_of_the_compared_form() {
        let fold = crate::model::text::fold_width;
        let keep = |c: char| !(c.is_whitespace() || c == ';' || c == '。');
        let kept = ascii_kept(fold, keep);
        let h = |t: &str| bytes_hash(t, &kept, fold, keep);
        assert_eq!(
            h("完成工作量；实施周期指标值:100%。"),
            h("完成工作量;实施周期指标值:100%")
        );
        assert_eq!(h("完成 工作量"), h("完成工作量"));
        assert_ne!(h("完成工作量"), h("完成工作率"));
        let all = ascii_kept(|c| c, |_| true);
        assert_eq!(
            bytes_hash("ab，完成", &all, fold, |_| true),
            bytes_hash("ab,完成", &all, |c| c, |_| true)
        );
        // However punctuation cuts a text into runs, the kept bytes hash alike.
        assert_eq!(h("年度指标值:100%;完成"), h("年度指;标值:1;00%;;完成"));
        assert_ne!(h("年度指标值:100%"), h("年度指标值:100%0"));
    }

    /// The band keys of a text's shingles, computed the plain way: what [`Sketch::of`] gives
    /// in one pass.
    fn band_keys(shingles: &[u64]) -> Vec<u64> {
        let mut bins = [u64::MAX; BINS];
        for &h in shingles {
            add_to_bins(&mut bins, h);
        }
        bands_of(densify(bins)).to_vec()
    }

    fn set(s: &str) -> Vec<u64> {
        to_set(shingles_unsorted(&s.chars().collect::<Vec<_>>(), 3))
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
        assert_eq!(index.candidates(&band_keys(&b), 1), [0]);
        assert_eq!(index.candidates(&band_keys(&a), 16), [0]);
        let stranger = band_keys(&set("完全不同的一段文字内容"));
        assert!(index.candidates(&stranger, 1).is_empty());
    }

    #[test]
    fn a_sketch_in_one_pass_equals_the_bands_of_the_shingles() {
        for text in ["", "a", "ab", "abc", "开展辖区环境卫生整治，清理卫生死角。"]
        {
            let chars: Vec<char> = text.chars().collect();
            for n in 1..5 {
                let sketch = Sketch::of(chars.iter().copied(), n);
                assert_eq!(
                    sketch.bands.to_vec(),
                    band_keys(&shingles_unsorted(&chars, n))
                );
                assert_eq!(sketch.hash, text_hash(chars.iter().copied()));
            }
        }
    }

    /// Densifying in one pass gives what two rounds over the bins give (each empty bin takes
    /// the next filled one's value, going round, marked by the distance).
    #[test]
    fn densify_in_one_pass_equals_two_rounds() {
        fn two_rounds(mut bins: [u64; BINS]) -> [u64; BINS] {
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
            bins
        }
        for seed in 0..200u64 {
            let mut bins = [u64::MAX; BINS];
            for (i, b) in bins.iter_mut().enumerate() {
                let h = mix(seed * 1000 + i as u64);
                if h % 7 < seed % 8 {
                    *b = h;
                }
            }
            assert_eq!(densify(bins), two_rounds(bins), "seed {seed}");
        }
    }

    #[test]
    fn band_floor_follows_the_threshold() {
        assert_eq!(min_bands(0.85), 1);
        assert_eq!(min_bands(0.95), 6);
        assert_eq!(min_bands(1.0), 16);
    }
}
