//! Windows of at most N tokens with overlap, cut at paragraph or sentence
//! boundaries where possible. Every token is *owned* by exactly one window, so
//! results from overlapping windows are merged once.

/// One window over a token sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First token in the window.
    pub start: usize,
    /// One past the last token in the window.
    pub end: usize,
    /// First token whose result this window provides.
    pub own_start: usize,
    /// One past the last token whose result this window provides.
    pub own_end: usize,
}

impl Window {
    /// Number of tokens in the window.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the window holds no tokens.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// How strongly a cut before a token is preferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Boundary {
    /// Inside a sentence.
    None = 0,
    /// The token starts a sentence.
    Sentence = 1,
    /// The token starts a paragraph.
    Paragraph = 2,
}

/// Plans windows of at most `max_len` tokens over `boundaries.len()` tokens,
/// consecutive windows sharing about `overlap` tokens of context.
///
/// `max_len` must be at least 1; `overlap` is clamped below `max_len / 2`.
pub fn plan_windows(boundaries: &[Boundary], max_len: usize, overlap: usize) -> Vec<Window> {
    let n = boundaries.len();
    let max_len = max_len.max(1);
    let overlap = overlap.min(max_len.saturating_sub(1) / 2);
    let mut windows: Vec<Window> = Vec::new();
    let mut start = 0;
    while start < n {
        let hard_end = (start + max_len).min(n);
        let end = if hard_end == n {
            n
        } else {
            // Best cut in the last half of the window: a paragraph start, then a sentence start.
            let lo = start + max_len / 2 + 1;
            best_cut(boundaries, lo, hard_end).unwrap_or(hard_end)
        };
        windows.push(Window {
            start,
            end,
            own_start: start,
            own_end: end,
        });
        if end == n {
            break;
        }
        // Next window starts `overlap` tokens back, at a sentence start when one is near.
        let back = end.saturating_sub(overlap).max(start + 1);
        let next = if overlap == 0 {
            end
        } else {
            best_cut(boundaries, back, end).map_or(back, |c| {
                if boundaries[back..end]
                    .iter()
                    .any(|&b| b >= Boundary::Sentence)
                {
                    // earliest sentence start keeps the most context
                    (back..end)
                        .find(|&i| boundaries[i] >= Boundary::Sentence)
                        .unwrap_or(c)
                } else {
                    c
                }
            })
        };
        start = next.max(start + 1);
    }
    // Ownership: split each overlap at its middle.
    for k in 1..windows.len() {
        let prev_end = windows[k - 1].end;
        let cur_start = windows[k].start;
        let mid = if cur_start < prev_end {
            (cur_start + prev_end) / 2
        } else {
            cur_start
        };
        windows[k - 1].own_end = mid;
        windows[k].own_start = mid;
    }
    windows
}

/// The last position in `[lo, hi)` with the strongest boundary above `None`.
fn best_cut(boundaries: &[Boundary], lo: usize, hi: usize) -> Option<usize> {
    let mut best: Option<(Boundary, usize)> = None;
    for (i, &b) in boundaries.iter().enumerate().take(hi).skip(lo) {
        if b > Boundary::None && best.is_none_or(|(bb, _)| b >= bb) {
            best = Some((b, i));
        }
    }
    best.map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_cover(windows: &[Window], n: usize, max_len: usize) {
        let mut owned = vec![0u8; n];
        for w in windows {
            assert!(w.len() <= max_len && !w.is_empty());
            assert!(w.start <= w.own_start && w.own_end <= w.end);
            for o in &mut owned[w.own_start..w.own_end] {
                *o += 1;
            }
        }
        assert!(owned.iter().all(|&c| c == 1), "every token owned once");
    }

    #[test]
    fn covers_every_token_once() {
        for n in [0, 1, 5, 99, 100, 101, 1000, 4321] {
            for (max_len, overlap) in [(1, 0), (2, 1), (10, 3), (100, 20), (254, 64)] {
                let b: Vec<Boundary> = (0..n)
                    .map(|i| match i % 37 {
                        0 => Boundary::Paragraph,
                        11 | 23 => Boundary::Sentence,
                        _ => Boundary::None,
                    })
                    .collect();
                let w = plan_windows(&b, max_len, overlap);
                check_cover(&w, n, max_len);
                if n == 0 {
                    assert!(w.is_empty());
                }
            }
        }
    }

    #[test]
    fn cuts_at_paragraphs() {
        let mut b = vec![Boundary::None; 300];
        b[0] = Boundary::Paragraph;
        b[180] = Boundary::Paragraph;
        b[200] = Boundary::Sentence;
        let w = plan_windows(&b, 254, 32);
        assert_eq!(w[0].end, 180);
    }
}
