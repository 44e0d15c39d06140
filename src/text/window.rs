//! Windows of at most N tokens with overlap, cut at paragraph or sentence
//! boundaries where possible. Every token is *owned* by exactly one window, so
//! results from overlapping windows are merged once.
//!
//! Where a cut falls before a dialogue turn (a paragraph that opens with a
//! quotation mark), the next window may start right at the cut: the marks
//! delimit that turn, so the shared context is mostly spent for nothing
//! ([`Overlap::before_turn`]).

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
    /// The token starts a paragraph that opens with a quotation mark (a
    /// dialogue turn).
    Turn = 3,
}

/// Tokens of context shared by consecutive windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// Shared where a window ends anywhere but before a dialogue turn.
    pub general: usize,
    /// Shared where a window ends just before a dialogue turn.
    pub before_turn: usize,
}

impl Overlap {
    /// The same overlap at every cut.
    pub fn uniform(n: usize) -> Self {
        Overlap {
            general: n,
            before_turn: n,
        }
    }

    /// The overlap after a cut before a token with boundary `b`.
    fn at(self, b: Boundary) -> usize {
        if b == Boundary::Turn {
            self.before_turn
        } else {
            self.general
        }
    }
}

/// Plans windows of at most `max_len` tokens over `boundaries.len()` tokens,
/// consecutive windows sharing about `overlap` tokens of context.
///
/// `max_len` must be at least 1; each overlap is clamped below `max_len / 2`.
pub(crate) fn plan_windows(
    boundaries: &[Boundary],
    max_len: usize,
    overlap: Overlap,
) -> Vec<Window> {
    let n = boundaries.len();
    let max_len = max_len.max(1);
    let most = max_len.saturating_sub(1) / 2;
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
        let overlap = overlap.at(boundaries[end]).min(most);
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
                        5 => Boundary::Turn,
                        11 | 23 => Boundary::Sentence,
                        _ => Boundary::None,
                    })
                    .collect();
                for before_turn in [0, overlap / 2, overlap] {
                    let overlap = Overlap {
                        general: overlap,
                        before_turn,
                    };
                    let w = plan_windows(&b, max_len, overlap);
                    check_cover(&w, n, max_len);
                    if n == 0 {
                        assert!(w.is_empty());
                    }
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
        let w = plan_windows(&b, 254, Overlap::uniform(32));
        assert_eq!(w[0].end, 180);
    }

    #[test]
    fn prefers_a_cut_before_a_turn_and_shares_less_there() {
        let mut b = vec![Boundary::None; 400];
        b[0] = Boundary::Paragraph;
        b[150] = Boundary::Turn;
        b[180] = Boundary::Paragraph;
        for i in (100..400).step_by(10) {
            if b[i] == Boundary::None {
                b[i] = Boundary::Sentence;
            }
        }
        let overlap = Overlap {
            general: 32,
            before_turn: 0,
        };
        let w = plan_windows(&b, 254, overlap);
        assert_eq!(w[0].end, 150, "the turn outranks the later paragraph");
        assert_eq!(w[1].start, 150, "no context shared before a turn");
        assert_eq!((w[0].own_end, w[1].own_start), (150, 150));
        // A cut before a plain paragraph still shares context.
        let mut b2 = b.clone();
        b2[150] = Boundary::Sentence;
        let w = plan_windows(&b2, 254, overlap);
        assert_eq!(w[0].end, 180);
        assert!(w[1].start < 180 && w[1].start >= 180 - 32, "{:?}", w[1]);
    }
}
