//! Where the time goes: wall time per stage of the pipeline.

use std::fmt;
use std::time::{Duration, Instant};

/// Wall time spent in each stage, summed over the texts of a call
/// (see [`Attributor::attribute_batch_timed`](crate::Attributor::attribute_batch_timed)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    /// Paragraphs, sentences, quotation marks, word pieces, shape features, windows.
    pub front_end: Duration,
    /// The transformer encoder's forward passes.
    pub encoder: Duration,
    /// Tagger and linker heads, and copying their outputs out of libtorch.
    pub heads: Duration,
    /// Constrained Viterbi, span snapping, cue choice.
    pub decoding: Duration,
    /// Speaker resolution.
    pub resolution: Duration,
}

/// One stage of [`StageTimes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// See [`StageTimes::front_end`].
    FrontEnd,
    /// See [`StageTimes::encoder`].
    Encoder,
    /// See [`StageTimes::heads`].
    Heads,
    /// See [`StageTimes::decoding`].
    Decoding,
    /// See [`StageTimes::resolution`].
    Resolution,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 5] = [
        Stage::FrontEnd,
        Stage::Encoder,
        Stage::Heads,
        Stage::Decoding,
        Stage::Resolution,
    ];

    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Stage::FrontEnd => "front-end",
            Stage::Encoder => "encoder",
            Stage::Heads => "heads and linker",
            Stage::Decoding => "decoding",
            Stage::Resolution => "resolution",
        }
    }
}

impl StageTimes {
    /// The time of one stage.
    pub fn get(&self, stage: Stage) -> Duration {
        match stage {
            Stage::FrontEnd => self.front_end,
            Stage::Encoder => self.encoder,
            Stage::Heads => self.heads,
            Stage::Decoding => self.decoding,
            Stage::Resolution => self.resolution,
        }
    }

    fn slot(&mut self, stage: Stage) -> &mut Duration {
        match stage {
            Stage::FrontEnd => &mut self.front_end,
            Stage::Encoder => &mut self.encoder,
            Stage::Heads => &mut self.heads,
            Stage::Decoding => &mut self.decoding,
            Stage::Resolution => &mut self.resolution,
        }
    }

    /// Adds `d` to `stage`.
    pub fn add(&mut self, stage: Stage, d: Duration) {
        *self.slot(stage) += d;
    }

    /// Runs `f`, adding its wall time to `stage`.
    pub(crate) fn time<T>(&mut self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let t0 = Instant::now();
        let out = f();
        self.add(stage, t0.elapsed());
        out
    }

    /// All stages together.
    pub fn total(&self) -> Duration {
        Stage::ALL.iter().map(|&s| self.get(s)).sum()
    }

    /// The share of the total spent in `stage` (0 when nothing was timed).
    pub fn share(&self, stage: Stage) -> f64 {
        let total = self.total().as_secs_f64();
        if total == 0.0 {
            0.0
        } else {
            self.get(stage).as_secs_f64() / total
        }
    }
}

impl std::ops::AddAssign for StageTimes {
    fn add_assign(&mut self, other: StageTimes) {
        for s in Stage::ALL {
            self.add(s, other.get(s));
        }
    }
}

/// One line per stage: seconds and share of the total.
impl fmt::Display for StageTimes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in Stage::ALL {
            writeln!(
                f,
                "{:<17} {:>9.3} s {:>5.1} %",
                s.name(),
                self.get(s).as_secs_f64(),
                100.0 * self.share(s)
            )?;
        }
        write!(f, "{:<17} {:>9.3} s", "total", self.total().as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_add_up_and_sums_accumulate() {
        let mut t = StageTimes::default();
        assert_eq!(t.share(Stage::Encoder), 0.0);
        t.add(Stage::Encoder, Duration::from_millis(300));
        t.add(Stage::FrontEnd, Duration::from_millis(100));
        let mut u = t;
        u += t;
        assert_eq!(u.encoder, Duration::from_millis(600));
        assert_eq!(u.total(), Duration::from_millis(800));
        assert!((u.share(Stage::Encoder) - 0.75).abs() < 1e-9);
        let sum: f64 = Stage::ALL.iter().map(|&s| u.share(s)).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        assert_eq!(u.to_string().lines().count(), 6);
    }
}
