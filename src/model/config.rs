//! The model's `config.json`: encoder hyper-parameters plus the heads' shapes.

use std::path::Path;

use rust_bert::bert::BertConfig;
use serde::{Deserialize, Serialize};

use super::link_features::NUM_PAIR_FEATURES;
use super::tags::TAGS;
use crate::text::features::{FEATURE_NAMES, NUM_FEATURES};
use crate::{Error, Result};

/// Everything needed to build the network before loading its weights.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelConfig {
    /// Model name, e.g. `whosaid-minilm-v1`.
    pub name: String,
    /// The BERT encoder's configuration (Hugging Face `config.json` fields).
    pub encoder: BertConfig,
    /// Names of the token shape features, in column order.
    pub features: Vec<String>,
    /// Names of the BIO tags, in logit order.
    pub tags: Vec<String>,
    /// Width of the tagger's hidden layer.
    pub tag_hidden: i64,
    /// Width of the token projection used for span representations in the linker.
    pub link_dim: i64,
    /// Width of the linker's hidden layer.
    pub link_hidden: i64,
    /// Number of hand-made pair features the linker sees.
    pub pair_features: usize,
    /// Furthest a candidate speaker mention may be from its quotation, in tokens.
    pub link_max_distance: usize,
    /// Window length the model was trained with (word pieces, special tokens excluded).
    pub max_tokens: usize,
}

impl ModelConfig {
    /// A fresh configuration for the given encoder, with this crate's heads.
    pub fn new(name: &str, encoder: BertConfig) -> Self {
        ModelConfig {
            name: name.to_string(),
            encoder,
            features: FEATURE_NAMES.iter().map(|s| s.to_string()).collect(),
            tags: TAGS.iter().map(|s| s.to_string()).collect(),
            tag_hidden: 256,
            link_dim: 64,
            link_hidden: 64,
            pair_features: NUM_PAIR_FEATURES,
            link_max_distance: 120,
            max_tokens: 254,
        }
    }

    /// Reads and checks `config.json`.
    pub fn from_file(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::MissingModelFile {
                path: path.to_path_buf(),
            });
        }
        let raw = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let cfg: ModelConfig =
            serde_json::from_slice(&raw).map_err(|e| Error::CorruptModelFile {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        // Name the file: a mismatch usually means a model for another version of whosaid.
        cfg.check().map_err(|e| match e {
            Error::Config(m) => Error::Config(format!("{}: {m}", path.display())),
            e => e,
        })?;
        Ok(cfg)
    }

    /// Writes `config.json`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::Config(e.to_string()))?;
        std::fs::write(path, json).map_err(|e| Error::io(path, e))
    }

    /// Checks that this configuration fits the code: same features, tags and pair features.
    pub fn check(&self) -> Result<()> {
        if self.features.len() != NUM_FEATURES
            || self.features.iter().zip(FEATURE_NAMES).any(|(a, b)| a != b)
        {
            return Err(Error::Config(format!(
                "model expects features {:?}, this version of whosaid computes {:?}",
                self.features, FEATURE_NAMES
            )));
        }
        if self.tags.len() != TAGS.len() || self.tags.iter().zip(TAGS).any(|(a, b)| a != b) {
            return Err(Error::Config(format!(
                "model predicts tags {:?}, this version of whosaid decodes {:?}",
                self.tags, TAGS
            )));
        }
        if self.pair_features != NUM_PAIR_FEATURES {
            return Err(Error::Config(format!(
                "model's linker takes {} pair features, this version computes {}",
                self.pair_features, NUM_PAIR_FEATURES
            )));
        }
        let e = &self.encoder;
        if e.hidden_size <= 0
            || e.num_attention_heads <= 0
            || e.hidden_size % e.num_attention_heads != 0
        {
            return Err(Error::Config(format!(
                "encoder hidden_size {} is not a positive multiple of num_attention_heads {}",
                e.hidden_size, e.num_attention_heads
            )));
        }
        if self.max_tokens + 2 > e.max_position_embeddings as usize || self.max_tokens < 8 {
            return Err(Error::Config(format!(
                "max_tokens {} must be at least 8 and leave room for [CLS]/[SEP] within {} positions",
                self.max_tokens, e.max_position_embeddings
            )));
        }
        Ok(())
    }
}
