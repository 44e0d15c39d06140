//! Candidate speaker mentions for a quotation and the hand-made pair features
//! the linker head scores them with. Training and decoding share this code.

use std::ops::Range;

/// Number of pair features.
pub const NUM_PAIR_FEATURES: usize = 22;

/// Where each pair feature sits in the vector (a group of one-hot buckets
/// starts at its name).
pub mod column {
    /// One-hot distance bucket of a mention before the quotation (7 buckets).
    pub(crate) const DISTANCE_BEFORE: usize = 0;
    /// One-hot distance bucket of a mention after the quotation (7 buckets).
    pub(crate) const DISTANCE_AFTER: usize = 7;
    /// Mention and quotation in one paragraph.
    pub(crate) const SAME_PARAGRAPH: usize = 14;
    /// The mention lies between quotation marks.
    pub(crate) const MENTION_INSIDE_MARKS: usize = 15;
    /// One-hot count of quotations between them: 0, 1, 2 or more (3 columns).
    pub(crate) const QUOTES_BETWEEN: usize = 16;
    /// A cue between them or next to the mention.
    pub(crate) const CUE_NEAR: usize = 19;
    /// The nearest candidate before or after the quotation.
    pub(crate) const NEAREST: usize = 20;
    /// The mention is in the paragraph before the quotation's.
    pub(crate) const PREVIOUS_PARAGRAPH: usize = 21;
}

const BUCKETS: [usize; 6] = [2, 4, 8, 16, 32, 64];

/// Token-level facts about a document that the pair features need.
#[derive(Debug, Clone, Copy)]
pub struct LinkContext<'a> {
    /// Paragraph index of every token.
    pub token_paragraph: &'a [u32],
    /// Whether each token lies between quotation marks.
    pub inside_marks: &'a [bool],
    /// Quotation token ranges, sorted by start.
    pub quotes: &'a [Range<usize>],
    /// Cue token ranges, sorted by start.
    pub cues: &'a [Range<usize>],
}

fn bucket(d: usize) -> usize {
    BUCKETS.iter().position(|&b| d < b).unwrap_or(BUCKETS.len())
}

fn count_within(ranges: &[Range<usize>], lo: usize, hi: usize) -> usize {
    let first = ranges.partition_point(|r| r.start < lo);
    ranges[first..].iter().take_while(|r| r.end <= hi).count()
}

fn any_overlapping(ranges: &[Range<usize>], lo: usize, hi: usize) -> bool {
    let first = ranges.partition_point(|r| r.end <= lo);
    ranges.get(first).is_some_and(|r| r.start < hi)
}

/// Indices of the `mentions` (sorted by start) that may speak `quote`: not
/// overlapping it and at most `max_distance` tokens away.
pub fn candidates(
    mentions: &[Range<usize>],
    quote: &Range<usize>,
    max_distance: usize,
) -> Vec<usize> {
    let lo = quote.start.saturating_sub(max_distance);
    let hi = quote.end + max_distance;
    let first = mentions.partition_point(|m| m.end <= lo);
    mentions[first..]
        .iter()
        .enumerate()
        .take_while(|(_, m)| m.start < hi)
        .filter(|(_, m)| m.end <= quote.start || m.start >= quote.end)
        .map(|(i, _)| first + i)
        .collect()
}

/// Pair features for each candidate of `quote` (candidates as returned by [`candidates`]).
pub fn pair_features(
    ctx: &LinkContext,
    quote: &Range<usize>,
    mentions: &[Range<usize>],
    cands: &[usize],
) -> Vec<[f32; NUM_PAIR_FEATURES]> {
    let nearest_before = cands
        .iter()
        .rev()
        .find(|&&c| mentions[c].end <= quote.start)
        .copied();
    let nearest_after = cands
        .iter()
        .find(|&&c| mentions[c].start >= quote.end)
        .copied();
    let qpar = ctx.token_paragraph.get(quote.start).copied().unwrap_or(0);
    cands
        .iter()
        .map(|&c| {
            let m = &mentions[c];
            let mut f = [0f32; NUM_PAIR_FEATURES];
            let before = m.end <= quote.start;
            let (lo, hi) = if before {
                (m.end, quote.start)
            } else {
                (quote.end, m.start)
            };
            let b = bucket(hi - lo);
            f[if before {
                column::DISTANCE_BEFORE
            } else {
                column::DISTANCE_AFTER
            } + b] = 1.0;
            let mpar = ctx.token_paragraph.get(m.start).copied().unwrap_or(0);
            f[column::SAME_PARAGRAPH] = (mpar == qpar) as u8 as f32;
            f[column::MENTION_INSIDE_MARKS] =
                ctx.inside_marks.get(m.start).copied().unwrap_or(false) as u8 as f32;
            let between = count_within(ctx.quotes, lo, hi);
            f[column::QUOTES_BETWEEN + between.min(2)] = 1.0;
            let near_lo = m.start.saturating_sub(3);
            let near_hi = m.end + 3;
            f[column::CUE_NEAR] = (any_overlapping(ctx.cues, lo, hi)
                || any_overlapping(ctx.cues, near_lo, near_hi))
                as u8 as f32;
            f[column::NEAREST] =
                (Some(c) == nearest_before || Some(c) == nearest_after) as u8 as f32;
            f[column::PREVIOUS_PARAGRAPH] = (mpar + 1 == qpar) as u8 as f32;
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_exclude_overlap_and_far() {
        let mentions = vec![0..1, 5..6, 12..13, 40..41];
        let quote = 6..12;
        assert_eq!(candidates(&mentions, &quote, 3), vec![1, 2]);
        assert_eq!(candidates(&mentions, &(5..12), 100), vec![0, 2, 3]);
    }

    #[test]
    fn features_mark_nearest_and_cue() {
        let par = vec![0u32; 50];
        let inside = vec![false; 50];
        let quotes: Vec<Range<usize>> = std::iter::once(10..20).collect();
        let cues: Vec<Range<usize>> = std::iter::once(21..22).collect();
        let ctx = LinkContext {
            token_paragraph: &par,
            inside_marks: &inside,
            quotes: &quotes,
            cues: &cues,
        };
        let mentions = vec![2..3, 22..23, 30..31];
        let c = candidates(&mentions, &quotes[0], 50);
        let f = pair_features(&ctx, &quotes[0], &mentions, &c);
        assert_eq!(f[1][column::NEAREST], 1.0); // nearest after
        assert_eq!(f[2][column::NEAREST], 0.0);
        assert_eq!(f[1][column::CUE_NEAR], 1.0); // cue between quote and mention
        assert_eq!(f[1][column::DISTANCE_AFTER + 1], 1.0); // distance 2 after
    }
}
