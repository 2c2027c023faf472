//! The byte scan that passes over most of a table's text sixteen bytes at a time: CJK
//! ideographs (lead byte 0xE4–0xE9 and two continuation bytes), which neither width folding
//! nor whitespace removal changes. The scan finds the next byte that may start a character
//! they do change; the caller looks at that one character and scans on.

/// Whether `b` may start a character that whitespace removal or width folding changes: ASCII
/// whitespace (and, to keep the test short, every control byte), and the lead bytes of
/// U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000 and U+FF01–U+FF5E. None is a continuation
/// byte, so every byte found starts a character.
pub fn may_depart(b: u8) -> bool {
    b <= b' ' || matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// The first byte from `i` on that [`may_depart`], or `bytes.len()`.
pub fn next_may_depart(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes
        .get(i..i + 16)
        .and_then(|c| <&[u8; 16]>::try_from(c).ok())
    {
        let mask = may_depart_mask(chunk);
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    let rest = &bytes[i.min(bytes.len())..];
    i + rest
        .iter()
        .position(|&b| may_depart(b))
        .unwrap_or(rest.len())
}

/// Bit k set where byte k of `chunk` [`may_depart`]. Written out in SSE2: of the scalar
/// form, the compiler makes a bit test a byte.
#[cfg(target_arch = "x86_64")]
fn may_depart_mask(chunk: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of every x86_64 processor; the load reads the chunk's 16 bytes.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let is = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(b' ' as i8)), v);
        let leads = _mm_or_si128(
            _mm_or_si128(is(0xC2), is(0xE1)),
            _mm_or_si128(_mm_or_si128(is(0xE2), is(0xE3)), is(0xEF)),
        );
        _mm_movemask_epi8(_mm_or_si128(control, leads)) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn may_depart_mask(chunk: &[u8; 16]) -> u32 {
    (chunk.iter().enumerate()).fold(0, |m, (k, &b)| m | u32::from(may_depart(b)) << k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vector test of every byte at every place of a chunk gives the scalar test's bits,
    /// and a scan finds what a plain search finds.
    #[test]
    fn vector_and_scalar_tests_agree() {
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut chunk = [0x80u8; 16];
                chunk[at] = b;
                let want = if may_depart(b) { 1 << at } else { 0 };
                assert_eq!(may_depart_mask(&chunk), want, "byte {b:#x} at {at}");
            }
        }
        let text = "项目支出绩效目标表，年度指标值：≥95%。预算绩效管理 工作经费\u{3000}".repeat(3);
        let bytes = text.as_bytes();
        for from in 0..=bytes.len() {
            let plain = (from..bytes.len())
                .find(|&k| may_depart(bytes[k]))
                .unwrap_or(bytes.len());
            assert_eq!(next_may_depart(bytes, from), plain, "from {from}");
        }
    }
}
