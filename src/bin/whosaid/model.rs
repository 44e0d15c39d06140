//! The model options every model-running subcommand shares, and loading.

use std::path::PathBuf;

use clap::Args;
use whosaid::Attributor;

use crate::error::{CliError, CliResult};

/// Which model to load and how to run it.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Model directory (default: $WHOSAID_MODEL, else the shipped models/whosaid-minilm-v1).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Windows per forward pass.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// libtorch intra-op threads (default: libtorch's choice).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Number format of the encoder: auto (bf16 on CPUs with AVX-512 BF16, else f32), f32 or bf16.
    #[arg(long, value_name = "P", default_value = "auto")]
    pub precision: whosaid::Precision,
    /// Word pieces shared by consecutive windows of a long text.
    #[arg(long, value_name = "N", default_value_t = whosaid::Options::default().overlap)]
    pub overlap: usize,
    /// Word pieces shared where a window ends before a paragraph that opens with a quotation mark.
    #[arg(long, value_name = "N", default_value_t = whosaid::Options::default().turn_overlap)]
    pub turn_overlap: usize,
    /// Drop quotations below this confidence (0 to 1).
    #[arg(long, value_name = "X")]
    pub min_confidence: Option<f32>,
}

impl ModelArgs {
    /// The directory [`load`](Self::load) reads.
    pub fn dir(&self) -> PathBuf {
        self.model
            .clone()
            .unwrap_or_else(whosaid::default_model_dir)
    }

    /// Loads the model with these options; the error names the directory.
    pub fn load(&self) -> CliResult<Attributor> {
        let mut builder = Attributor::builder()
            .model_dir(self.dir())
            .batch_size(self.batch as usize)
            .precision(self.precision)
            .overlap(self.overlap)
            .turn_overlap(self.turn_overlap);
        if let Some(t) = self.threads {
            builder = builder.threads(t as usize);
        }
        if let Some(c) = self.min_confidence {
            builder = builder.min_confidence(c);
        }
        builder.build().map_err(|source| CliError::Model {
            dir: self.dir(),
            source,
        })
    }
}
