//! The one error type of the crate.

use std::path::PathBuf;

/// Everything that can go wrong in whosaid, with enough context to fix it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file the model directory must hold is not there.
    #[error("model file missing: {path} (a whosaid model directory holds config.json, tokenizer.json and model.safetensors)")]
    MissingModelFile {
        /// The path that was looked for.
        path: PathBuf,
    },
    /// A model file exists but cannot be read as what it should be.
    #[error("model file {path} is corrupt: {reason}")]
    CorruptModelFile {
        /// The file that failed to parse.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
    },
    /// The weights lack a tensor the network needs.
    #[error("tensor `{name}` is missing from {path}")]
    MissingTensor {
        /// The weights file.
        path: PathBuf,
        /// The tensor's name.
        name: String,
    },
    /// A tensor in the weights has the wrong shape.
    #[error("tensor `{name}` in {path} has shape {found:?}, the config needs {expected:?}")]
    TensorShape {
        /// The weights file.
        path: PathBuf,
        /// The tensor's name.
        name: String,
        /// Shape the configuration implies.
        expected: Vec<i64>,
        /// Shape found in the file.
        found: Vec<i64>,
    },
    /// The configuration does not fit the rest of the model or the options.
    #[error("configuration mismatch: {0}")]
    Config(String),
    /// The tokenizer failed.
    #[error("tokenizer error: {0}")]
    Tokenizer(String),
    /// The caller's input or options are not usable.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A data file (corpus, gold or predictions) could not be read.
    #[error("{path}: {reason}")]
    Data {
        /// The file.
        path: PathBuf,
        /// What went wrong, with a line number where there is one.
        reason: String,
    },
    /// A deadline given to [`Attributor::attribute_until`](crate::Attributor::attribute_until)
    /// passed before the attribution was done.
    #[error("the deadline passed before the attribution was done")]
    DeadlinePassed,
    /// libtorch reported an error.
    #[error("libtorch: {0}")]
    Torch(#[from] tch::TchError),
    /// An I/O error.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The path being read or written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// `Result` with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
