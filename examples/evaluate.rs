//! Scoring with the library: run the shipped model over a gold file in the
//! news format and print precision, recall and speaker accuracy.
//!
//! ```text
//! cargo run --release --example evaluate -- [GOLD.jsonl]   # default: ../shared/data/news/gold/dev.jsonl
//! ```
//!
//! `whosaid eval` does this for every gold set, with PDNC novels, error
//! lists, reliability tables and predictions files.

use std::path::PathBuf;

use whosaid::corpus::{data_dir, news};
use whosaid::{metrics, Attributor};

fn main() -> whosaid::Result<()> {
    let gold = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| data_dir().join("news/gold/dev.jsonl"));
    let docs = news::read_gold(&gold)?;
    let attributor = Attributor::from_pretrained()?;
    let report = metrics::evaluate(
        attributor.model(),
        attributor.ranker(),
        attributor.options(),
        &docs,
    )?;
    println!("{} ({} documents)", gold.display(), docs.len());
    print!("{report}");
    Ok(())
}
