//! Accuracy of the shipped model (`Attributor::from_pretrained`, honouring
//! `$WHOSAID_MODEL`) on the news gold dev set and the PDNC dev novels.
//!
//! ```text
//! cargo bench --bench accuracy
//! ```
//!
//! Prints the score table of each set with its wall time and the peak RSS.
//! Skips (exit 0) when the data folder (`$WHOSAID_DATA`, else
//! `../shared/data`) or the model is missing; outside `cargo bench` (e.g.
//! `cargo test --all-targets`) it does nothing.

use std::time::Instant;

use whosaid::corpus::{data_dir, news, pdnc, GoldDoc};
use whosaid::metrics;
use whosaid::Attributor;

fn main() {
    // `cargo test --all-targets` runs benches without `--bench`: stay quick there.
    if !std::env::args().any(|a| a == "--bench") {
        println!("accuracy bench: run it with `cargo bench --bench accuracy`");
        return;
    }
    let data = data_dir();
    if !data.is_dir() {
        println!(
            "skipping accuracy bench: data folder {} not found (set WHOSAID_DATA)",
            data.display()
        );
        return;
    }
    let model_dir = whosaid::default_model_dir();
    let has = |f: &str| model_dir.join(f).is_file();
    if !has(whosaid::model::CONFIG_FILE) || !has(whosaid::model::WEIGHTS_FILE) {
        println!(
            "skipping accuracy bench: model {} not found (set WHOSAID_MODEL to a model directory)",
            model_dir.display()
        );
        return;
    }
    if let Err(e) = run(&model_dir) {
        eprintln!("accuracy bench failed: {e}");
        std::process::exit(1);
    }
}

fn run(model_dir: &std::path::Path) -> whosaid::Result<()> {
    let t = Instant::now();
    let attributor = Attributor::from_pretrained()?;
    println!(
        "model {} loaded in {:.2}s",
        model_dir.display(),
        t.elapsed().as_secs_f64()
    );

    let data = data_dir();
    let mut sets: Vec<(String, Vec<GoldDoc>)> = Vec::new();
    let news_dev = data.join("news/gold/dev.jsonl");
    if news_dev.is_file() {
        sets.push(("news gold dev".to_string(), news::read_gold(&news_dev)?));
    } else {
        println!("skipping news: {} not found", news_dev.display());
    }
    let root = data.join("pdnc");
    let available = pdnc::list_novels(&root);
    let novels: Vec<&str> = pdnc::PDNC_DEV_NOVELS
        .iter()
        .copied()
        .filter(|n| available.iter().any(|a| a == n))
        .collect();
    if novels.len() < pdnc::PDNC_DEV_NOVELS.len() {
        println!(
            "PDNC dev novels missing under {}: scoring {} of {}",
            root.display(),
            novels.len(),
            pdnc::PDNC_DEV_NOVELS.len()
        );
    }
    if !novels.is_empty() {
        sets.push((
            format!("PDNC dev ({})", novels.join(", ")),
            pdnc::read_novels(&root, &novels)?,
        ));
    }

    let total = Instant::now();
    for (name, docs) in &sets {
        let t = Instant::now();
        let report = metrics::evaluate(
            attributor.model(),
            attributor.ranker(),
            attributor.options(),
            docs,
        )?;
        let secs = t.elapsed().as_secs_f64();
        println!("== {name}: {} docs ==", docs.len());
        print!("{report}");
        println!(
            "wall {secs:.1}s ({:.2} docs/s); peak RSS {}\n",
            docs.len() as f64 / secs.max(1e-9),
            metrics::peak_rss_text()
        );
    }
    println!(
        "accuracy bench done in {:.1}s; peak RSS {}",
        total.elapsed().as_secs_f64(),
        metrics::peak_rss_text()
    );
    Ok(())
}
