//! # whosaid
//!
//! Finds the quotations in a text (direct, mixed and indirect) and tells who
//! said each one, resolved to a name, with the speech verb.
//!
//! The pipeline, one folder each:
//! [`text`] (paragraphs, quotation marks, word pieces with byte offsets,
//! windows) → [`model`] (a MiniLM encoder on libtorch with a BIO tagger and a
//! speaker linker) → [`decode`] (constrained Viterbi, spans snapped to
//! quotation marks, links) → [`resolve`] (mentions to named speakers) →
//! [`api`] (the [`Attributor`] and the result types). Beside it: [`corpus`]
//! readers, [`metrics`], (with the `serve` feature, on by default) the HTTP
//! service `serve`, and (with the `train` feature) `train`.
//!
//! An [`Attributor`] is `Send` but not `Sync` (libtorch tensors); to share
//! model instances between threads use an [`AttributorPool`].
//!
//! ```no_run
//! let attributor = whosaid::Attributor::from_pretrained()?;
//! let text = "\"Prices will fall,\" the minister said.";
//! let found = attributor.attribute(text)?;
//! for q in &found.quotes {
//!     println!("{:?} {:?} {:?}", q.kind, q.span.text(text), found.speaker_of(q).map(|s| &s.name));
//! }
//! # Ok::<(), whosaid::Error>(())
//! ```
//!
//! All offsets are UTF-8 byte offsets into the caller's text, end exclusive.

#![warn(missing_docs)]

pub mod api;
pub mod corpus;
pub mod decode;
pub mod error;
pub mod metrics;
pub mod model;
pub mod resolve;
#[cfg(feature = "serve")]
pub mod serve;
pub mod text;
pub mod timing;
#[cfg(feature = "train")]
pub mod train;

pub use api::attributor::{default_model_dir, Attributor, DEFAULT_MODEL, MODEL_ENV};
pub use api::jsonl::{attribute_jsonl, attribute_jsonl_with_progress, JsonlProgress, JsonlSummary};
pub use api::options::{AttributorBuilder, Options};
pub use api::pool::{AttributorPool, PooledAttributor};
pub use api::types::{
    Addressee, Attribution, AttributionJson, Quote, QuoteJson, QuoteKind, Span, SpanJson, Speaker,
    SpeakerId,
};
pub use error::{Error, Result};
pub use model::Precision;
pub use timing::{Stage, StageTimes};
