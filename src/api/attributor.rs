//! The entry point: load a model, attribute quotations in texts.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::options::{AttributorBuilder, Options};
use super::pipeline;
use crate::model::Model;
use crate::resolve::ranker::SpeakerRanker;
use crate::resolve::DocumentDraft;
use crate::timing::StageTimes;
use crate::{Attribution, Result};

/// Name of the model shipped in the crate's `models/` folder.
pub const DEFAULT_MODEL: &str = "whosaid-minilm-v1";

/// Environment variable naming a model directory for [`Attributor::from_pretrained`].
pub const MODEL_ENV: &str = "WHOSAID_MODEL";

/// The model directory [`Attributor::from_pretrained`] loads: `$WHOSAID_MODEL`,
/// else the crate's own `models/whosaid-minilm-v1`.
pub fn default_model_dir() -> PathBuf {
    match std::env::var_os(MODEL_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join(DEFAULT_MODEL),
    }
}

/// Finds quotations and their speakers.
///
/// ```no_run
/// use whosaid::Attributor;
///
/// let attributor = Attributor::from_pretrained()?;
/// let text = "\"We will not give in,\" said Sergey Lavrov.";
/// let found = attributor.attribute(text)?;
/// for quote in &found.quotes {
///     let who = found.speaker_of(quote).map_or("?", |s| s.name.as_str());
///     println!("{} — {}", quote.span.text(text), who);
/// }
/// # Ok::<(), whosaid::Error>(())
/// ```
#[derive(Debug)]
pub struct Attributor {
    model: Model,
    ranker: Option<SpeakerRanker>,
    options: Options,
}

impl Attributor {
    /// Loads the model in `dir` (`config.json`, `tokenizer.json`,
    /// `model.safetensors`, and the speaker ranker `ranker.json` when present).
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self> {
        Self::with_options(dir.as_ref(), Options::default())
    }

    /// Loads the default model (see [`default_model_dir`]).
    pub fn from_pretrained() -> Result<Self> {
        Self::from_dir(default_model_dir())
    }

    /// A builder for options.
    pub fn builder() -> AttributorBuilder {
        AttributorBuilder::default()
    }

    /// Loads the model in `dir` with `options`.
    pub fn with_options(dir: &Path, options: Options) -> Result<Self> {
        let model = Model::load(dir)?;
        let ranker = SpeakerRanker::from_dir(dir)?;
        Ok(Self::from_model(model, options)?.with_ranker(ranker))
    }

    /// This attributor with `ranker` deciding the speakers (`None`: the rules do).
    pub(crate) fn with_ranker(mut self, ranker: Option<SpeakerRanker>) -> Self {
        self.ranker = ranker;
        self
    }

    /// Wraps an already loaded model.
    ///
    /// When the window length is left to the model (`max_tokens: None`) and
    /// the overlap is the default, a model whose window is too short for that
    /// overlap gets a quarter of its window instead.
    /// The encoder's weights are converted to `options.precision`.
    pub(crate) fn from_model(mut model: Model, mut options: Options) -> Result<Self> {
        let model_max = model.config.max_tokens;
        if options.max_tokens.is_none()
            && options.overlap == Options::default().overlap
            && options.overlap * 2 >= model_max
        {
            options.overlap = model_max / 4;
        }
        options.check(model_max)?;
        model.set_precision(options.precision);
        if let Some(t) = options.threads {
            tch::set_num_threads(t as i32);
        }
        Ok(Attributor {
            model,
            ranker: None,
            options,
        })
    }

    /// The loaded model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The learned speaker ranker, if the model directory has one.
    pub fn ranker(&self) -> Option<&SpeakerRanker> {
        self.ranker.as_ref()
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Finds the quotations in `text` and who said each one.
    pub fn attribute(&self, text: &str) -> Result<Attribution> {
        Ok(self.attribute_batch(&[text])?.pop().unwrap_or_default())
    }

    /// Reads a UTF-8 text file and attributes it; returns the text (the offsets
    /// point into it) with the attribution. A file that is not valid UTF-8 is
    /// an [`Error::InvalidInput`](crate::Error::InvalidInput) naming the first bad byte.
    pub fn attribute_file(&self, path: impl AsRef<Path>) -> Result<(String, Attribution)> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            crate::Error::InvalidInput(format!(
                "{} is not valid UTF-8 (first bad byte at offset {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        let found = self.attribute(&text)?;
        Ok((text, found))
    }

    /// [`attribute`](Self::attribute) for many texts, their windows batched together.
    pub fn attribute_batch(&self, texts: &[&str]) -> Result<Vec<Attribution>> {
        attribute_with(&self.model, self.ranker(), &self.options, texts)
    }

    /// [`attribute`](Self::attribute) that gives up with
    /// [`Error::DeadlinePassed`](crate::Error::DeadlinePassed) once `deadline`
    /// passes (checked between forward passes, so it stops within one batch
    /// of windows), for services with a time limit per request.
    pub fn attribute_until(&self, text: &str, deadline: Instant) -> Result<Attribution> {
        Ok(self
            .attribute_batch_until(&[text], deadline)?
            .pop()
            .unwrap_or_default())
    }

    /// [`attribute_batch`](Self::attribute_batch), also returning the wall
    /// time each stage of the pipeline took (for tuning batch size, threads
    /// and precision; see the README's speed section).
    pub fn attribute_batch_timed(&self, texts: &[&str]) -> Result<(Vec<Attribution>, StageTimes)> {
        let mut times = StageTimes::default();
        let found = pipeline::attribute(
            &self.model,
            self.ranker(),
            &self.options,
            texts,
            None,
            &mut times,
        )?;
        Ok((found, times))
    }

    /// [`attribute_batch`](Self::attribute_batch) with a deadline, as
    /// [`attribute_until`](Self::attribute_until).
    pub fn attribute_batch_until(
        &self,
        texts: &[&str],
        deadline: Instant,
    ) -> Result<Vec<Attribution>> {
        attribute_until(
            &self.model,
            self.ranker(),
            &self.options,
            texts,
            Some(deadline),
        )
    }
}

/// The whole pipeline on a borrowed model: front-end, network over windows,
/// decoding, speaker resolution. [`Attributor`] calls this; training uses it
/// for evaluation.
pub fn attribute_with(
    model: &Model,
    ranker: Option<&SpeakerRanker>,
    options: &Options,
    texts: &[&str],
) -> Result<Vec<Attribution>> {
    attribute_until(model, ranker, options, texts, None)
}

/// [`attribute_with`] that gives up when `deadline` passes (see
/// [`Attributor::attribute_until`]).
pub(crate) fn attribute_until(
    model: &Model,
    ranker: Option<&SpeakerRanker>,
    options: &Options,
    texts: &[&str],
    deadline: Option<Instant>,
) -> Result<Vec<Attribution>> {
    pipeline::attribute(
        model,
        ranker,
        options,
        texts,
        deadline,
        &mut StageTimes::default(),
    )
}

/// The pipeline up to speaker resolution: front-end, network over windows
/// and decoding, one [`DocumentDraft`] per text.
pub fn draft_with(model: &Model, options: &Options, texts: &[&str]) -> Result<Vec<DocumentDraft>> {
    pipeline::draft(model, options, texts, None, &mut StageTimes::default())
}
