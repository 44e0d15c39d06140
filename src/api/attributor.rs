//! The entry point: load a model, attribute quotations in texts.

use std::path::{Path, PathBuf};

use super::options::{AttributorBuilder, Options};
use crate::decode::decode_document;
use crate::model::inference::score_documents;
use crate::model::Model;
use crate::resolve::resolve;
use crate::text::Document;
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
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(DEFAULT_MODEL),
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
    options: Options,
}

impl Attributor {
    /// Loads the model in `dir` (`config.json`, `tokenizer.json`, `model.safetensors`).
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
        Self::from_model(Model::load(dir)?, options)
    }

    /// Wraps an already loaded model.
    pub fn from_model(model: Model, options: Options) -> Result<Self> {
        options.check(model.config.max_tokens)?;
        if let Some(t) = options.threads {
            tch::set_num_threads(t as i32);
        }
        Ok(Attributor { model, options })
    }

    /// The loaded model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The options in use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Finds the quotations in `text` and who said each one.
    pub fn attribute(&self, text: &str) -> Result<Attribution> {
        Ok(self.attribute_batch(&[text])?.pop().unwrap_or_default())
    }

    /// [`attribute`](Self::attribute) for many texts, their windows batched together.
    pub fn attribute_batch(&self, texts: &[&str]) -> Result<Vec<Attribution>> {
        attribute_with(&self.model, &self.options, texts)
    }
}

/// The whole pipeline on a borrowed model: front-end, network over windows,
/// decoding, speaker resolution. [`Attributor`] calls this; training uses it
/// for evaluation.
pub fn attribute_with(model: &Model, options: &Options, texts: &[&str]) -> Result<Vec<Attribution>> {
    let docs = texts
        .iter()
        .map(|t| Document::new(t, &model.encoder))
        .collect::<Result<Vec<_>>>()?;
    let max = options.max_tokens.unwrap_or(model.config.max_tokens);
    let scores = score_documents(model, &docs, max, options.overlap, options.batch_size)?;
    docs.iter()
        .zip(&scores)
        .map(|(doc, sc)| {
            let (drafts, mentions) = decode_document(model, doc, sc, options.min_confidence)?;
            Ok(resolve(doc.text, &doc.paragraphs, drafts, &mentions))
        })
        .collect()
}
