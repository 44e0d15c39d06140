//! The transformer: configuration, network and weights.

pub mod config;
pub mod inference;
pub mod link_features;
pub mod network;
pub mod precision;
pub mod tags;
pub mod weights;

use std::path::Path;
use std::sync::Mutex;

use tch::nn::VarStore;
use tch::Device;

pub use config::ModelConfig;
pub use network::QuoteNet;
pub use precision::Precision;

use crate::text::TextEncoder;
use crate::Result;

/// File names inside a model directory.
pub const CONFIG_FILE: &str = "config.json";
/// Tokenizer file name.
pub(crate) const TOKENIZER_FILE: &str = "tokenizer.json";
/// Weights file name.
pub const WEIGHTS_FILE: &str = "model.safetensors";

/// Building a network draws its initial weights from libtorch's one global
/// generator. Every build in this crate holds this lock, so that a seeded
/// build ([`Model::random_seeded`]) draws the same numbers while other
/// threads load models.
static GLOBAL_GENERATOR: Mutex<()> = Mutex::new(());

/// A new variable store and the network on it, initialised from the global
/// generator (first seeded with `seed` when there is one).
fn new_network(config: &ModelConfig, seed: Option<i64>) -> Result<(VarStore, QuoteNet)> {
    let _guard = GLOBAL_GENERATOR
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(seed) = seed {
        tch::manual_seed(seed);
    }
    let vs = VarStore::new(Device::Cpu);
    let net = QuoteNet::new(&vs.root(), config)?;
    Ok((vs, net))
}

/// A loaded model: configuration, tokenizer and network on its variable store.
#[derive(Debug)]
pub struct Model {
    /// The configuration read from `config.json`.
    pub config: ModelConfig,
    /// The tokenizer read from `tokenizer.json`.
    pub encoder: TextEncoder,
    /// The network.
    pub net: QuoteNet,
    /// The variables (kept alive for the network's tensors).
    pub vs: VarStore,
}

impl Model {
    /// Loads a model directory's network (`config.json`, `tokenizer.json`,
    /// `model.safetensors`); its speaker ranker, when it has one, is the
    /// API's to load beside it.
    pub fn load(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            return Err(crate::Error::MissingModelFile {
                path: dir.to_path_buf(),
            });
        }
        let config_path = dir.join(CONFIG_FILE);
        let tokenizer_path = dir.join(TOKENIZER_FILE);
        let config = ModelConfig::from_file(&config_path)?;
        let encoder = TextEncoder::from_file(&tokenizer_path)?;
        if encoder.vocab_size() as i64 > config.encoder.vocab_size {
            return Err(crate::Error::Config(format!(
                "{} has {} tokens but the encoder's vocabulary in {} has {}",
                tokenizer_path.display(),
                encoder.vocab_size(),
                config_path.display(),
                config.encoder.vocab_size
            )));
        }
        let (mut vs, net) = new_network(&config, None)?;
        weights::load(&mut vs, &dir.join(WEIGHTS_FILE), &[])?;
        vs.freeze();
        Ok(Model {
            config,
            encoder,
            net,
            vs,
        })
    }

    /// A randomly initialised model with this configuration and tokenizer
    /// (for tests and as the start of training).
    pub fn random(config: ModelConfig, encoder: TextEncoder) -> Result<Self> {
        Self::initialised(config, encoder, None)
    }

    /// A randomly initialised model whose weights depend only on `seed`,
    /// even while other threads build or load models.
    pub fn random_seeded(config: ModelConfig, encoder: TextEncoder, seed: i64) -> Result<Self> {
        Self::initialised(config, encoder, Some(seed))
    }

    fn initialised(config: ModelConfig, encoder: TextEncoder, seed: Option<i64>) -> Result<Self> {
        config.check()?;
        let (vs, net) = new_network(&config, seed)?;
        Ok(Model {
            config,
            encoder,
            net,
            vs,
        })
    }

    /// Converts the encoder's weights to `precision` (resolved for this CPU)
    /// and returns the format now in use. The heads stay in f32.
    pub(crate) fn set_precision(&mut self, precision: Precision) -> Precision {
        let concrete = precision.resolve();
        let root = self.vs.root();
        for encoder_part in network::ENCODER_PATHS {
            (&root / encoder_part).set_kind(concrete.kind());
        }
        concrete
    }

    /// The format the encoder computes in.
    pub fn precision(&self) -> Precision {
        self.net.precision()
    }

    /// Writes the model directory's network: config, tokenizer and fp16 weights.
    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
        self.config.save(&dir.join(CONFIG_FILE))?;
        self.encoder.save(&dir.join(TOKENIZER_FILE))?;
        weights::save_fp16(&self.vs, &dir.join(WEIGHTS_FILE))?;
        Ok(())
    }
}
