//! Options for an [`Attributor`] and the builder that sets them.

use std::path::PathBuf;

use super::attributor::Attributor;
use crate::model::Precision;
use crate::text::Overlap;
use crate::{Error, Result};

/// Run-time options.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Windows per forward pass.
    pub batch_size: usize,
    /// Window length in word pieces (special tokens excluded); `None` uses the model's.
    pub max_tokens: Option<usize>,
    /// Tokens shared by consecutive windows.
    pub overlap: usize,
    /// Tokens shared where a window ends just before a paragraph that opens
    /// with a quotation mark (a dialogue turn, delimited by its marks).
    pub turn_overlap: usize,
    /// libtorch intra-op threads; `None` leaves libtorch's default.
    pub threads: Option<usize>,
    /// Number format of the encoder (default: bf16 where the CPU has it, else
    /// f32), applied to the model when an [`Attributor`] is built from it.
    pub precision: Precision,
    /// Quotations below this confidence are dropped.
    pub min_confidence: f32,
    /// Let the model's learned decisions (`ranker.json`: speakers, and the
    /// utterance links and addressees it carries) decide when it has them;
    /// `false` keeps the rules' choices.
    pub learned_speakers: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_size: 8,
            max_tokens: None,
            overlap: 64,
            turn_overlap: 0,
            threads: None,
            precision: Precision::Auto,
            min_confidence: 0.5,
            learned_speakers: true,
        }
    }
}

impl Options {
    /// The overlap of consecutive windows.
    pub(crate) fn window_overlap(&self) -> Overlap {
        Overlap {
            general: self.overlap,
            before_turn: self.turn_overlap,
        }
    }

    /// Checks the options against a model's maximum window.
    pub(crate) fn check(&self, model_max: usize) -> Result<()> {
        if self.batch_size == 0 {
            return Err(Error::InvalidInput("batch_size must be at least 1".into()));
        }
        let max = self.max_tokens.unwrap_or(model_max);
        if !(16..=model_max).contains(&max) {
            return Err(Error::InvalidInput(format!(
                "window length {max} must be between 16 and the model's {model_max} tokens"
            )));
        }
        if self.overlap * 2 >= max {
            return Err(Error::InvalidInput(format!(
                "overlap {} must be less than half the window length {max}",
                self.overlap
            )));
        }
        if self.turn_overlap * 2 >= max {
            return Err(Error::InvalidInput(format!(
                "turn overlap {} must be less than half the window length {max}",
                self.turn_overlap
            )));
        }
        if self.threads == Some(0) {
            return Err(Error::InvalidInput("threads must be at least 1".into()));
        }
        if !(0.0..=1.0).contains(&self.min_confidence) {
            return Err(Error::InvalidInput(format!(
                "min_confidence {} is not in [0, 1]",
                self.min_confidence
            )));
        }
        Ok(())
    }
}

/// Builds an [`Attributor`] with options.
///
/// ```no_run
/// let attributor = whosaid::Attributor::builder()
///     .batch_size(16)
///     .window(254, 64)
///     .threads(2)
///     .min_confidence(0.6)
///     .build()?;
/// # Ok::<(), whosaid::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct AttributorBuilder {
    dir: Option<PathBuf>,
    options: Options,
}

impl AttributorBuilder {
    /// Loads the model from `dir` instead of the default one.
    pub fn model_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// Windows per forward pass (default 8).
    pub fn batch_size(mut self, n: usize) -> Self {
        self.options.batch_size = n;
        self
    }

    /// Window length and overlap in word pieces (default: the model's length, and 64
    /// or, for a model window of at most 128, a quarter of it).
    pub fn window(mut self, max_tokens: usize, overlap: usize) -> Self {
        self.options.max_tokens = Some(max_tokens);
        self.options.overlap = overlap;
        self
    }

    /// Word pieces shared by consecutive windows of a long text (default 64),
    /// keeping the model's window length.
    pub fn overlap(mut self, overlap: usize) -> Self {
        self.options.overlap = overlap;
        self
    }

    /// Word pieces shared where a window ends just before a paragraph that
    /// opens with a quotation mark (default 0: the marks delimit that turn).
    pub fn turn_overlap(mut self, overlap: usize) -> Self {
        self.options.turn_overlap = overlap;
        self
    }

    /// libtorch intra-op threads (process-wide).
    pub fn threads(mut self, n: usize) -> Self {
        self.options.threads = Some(n);
        self
    }

    /// Number format of the encoder (default [`Precision::Auto`]: bf16 on
    /// CPUs with AVX-512 BF16, f32 elsewhere).
    pub fn precision(mut self, p: Precision) -> Self {
        self.options.precision = p;
        self
    }

    /// Drops quotations with confidence below `c` (default 0.5).
    pub fn min_confidence(mut self, c: f32) -> Self {
        self.options.min_confidence = c;
        self
    }

    /// Whether the model's learned decisions (`ranker.json`: speakers,
    /// utterance links, addressees) replace the rules' (default `true`;
    /// without `ranker.json` the rules decide anyway).
    pub fn learned_speakers(mut self, on: bool) -> Self {
        self.options.learned_speakers = on;
        self
    }

    /// Loads the model and checks the options.
    pub fn build(self) -> Result<Attributor> {
        let dir = match self.dir {
            Some(d) => d,
            None => super::attributor::default_model_dir(),
        };
        Attributor::with_options(&dir, self.options)
    }
}
