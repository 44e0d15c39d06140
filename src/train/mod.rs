//! Training the tagger and linker on the corpora (feature `train`): data
//! preparation, typography augmentation and the optimisation loop.

pub mod addressees;
pub mod augment;
pub mod data;
pub mod links;
pub mod logistic;
pub mod ranker;
pub mod trainer;

pub use trainer::{train, TrainConfig};
