//! The public API: the attributor, its options and the result types.

pub mod attributor;
pub mod jsonl;
pub mod options;
mod pipeline;
pub mod pool;
pub mod types;

pub use pipeline::speech_verbs;
