//! The `hostile` group of the speed bench (`WHOSAID_BENCH_HOSTILE=1`): big
//! and hostile inputs, each attributed once (criterion's ten samples of a
//! 5 MB text would take an hour) with its wall time and its own peak
//! resident memory:
//! - news text of 1, 2 and 5 MB (BBC articles joined, else the sample
//!   article repeated; sizes from `WHOSAID_BENCH_HOSTILE_MB`, default
//!   `1,2,5`), to show time growing linearly with size;
//! - 100,000 quotation marks of every kind in turn, a space apart, in one
//!   paragraph;
//! - a 200 KB word inside a quotation;
//! - 50,000 empty paragraphs between two quotations.

use std::time::Instant;

use std::path::{Path, PathBuf};

use whosaid::corpus::data_dir;
use whosaid::metrics::{count_tokens, peak_rss_bytes};
use whosaid::Attributor;

/// Every quotation mark the front-end knows.
const MARKS: [&str; 12] = ["\"", "“", "”", "‘", "’", "«", "»", "‹", "›", "„", "‚", "'"];

/// Resets this process's peak resident memory (`VmHWM`) to its current size,
/// so that the next peak is one input's own; false where Linux does not allow it.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Joins `articles` (blank line between) until `bytes` bytes.
fn news_text(articles: &[String], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 10_000);
    for a in articles.iter().cycle() {
        if out.len() >= bytes || a.is_empty() {
            break;
        }
        out.push_str(a.trim());
        out.push_str("\n\n");
    }
    let mut end = bytes.min(out.len());
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    out.truncate(end);
    out
}

/// Every raw BBC article under the data directory (sorted by path), else
/// the crate's sample article; and where they come from.
fn all_articles() -> (Vec<String>, String) {
    let raw = data_dir().join("news").join("raw");
    let paths: Vec<PathBuf> = whosaid::corpus::news::raw_article_paths(&raw);
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if !texts.is_empty() {
        return (texts, format!("BBC articles from {}", raw.display()));
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/sample_article.txt");
    let text = std::fs::read_to_string(&sample).unwrap_or_default();
    (vec![text], format!("{} repeated", sample.display()))
}

/// The hostile inputs other than plain news, by name.
fn hostile_inputs() -> Vec<(String, String)> {
    let marks: String = (0..100_000)
        .map(|i| format!("{} ", MARKS[i % MARKS.len()]))
        .collect();
    let word = format!("“{},” she said.", "a".repeat(200_000));
    let blank = format!("“Yes,” he said.{}“No,” she said.", "\n\n".repeat(50_000));
    vec![
        ("100,000 quotation marks".into(), marks),
        ("a 200 KB word".into(), word),
        ("50,000 empty paragraphs".into(), blank),
    ]
}

/// Attributes each input once and prints a table: bytes, word pieces, time,
/// throughput, quotations found and peak memory during that input.
pub fn run(attributor: &Attributor) {
    let (articles, source) = all_articles();
    let articles = &articles[..];
    let sizes: Vec<f64> = std::env::var("WHOSAID_BENCH_HOSTILE_MB")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1.0, 2.0, 5.0]);
    let mut inputs: Vec<(String, String)> = sizes
        .iter()
        .filter(|&&mb| mb > 0.0)
        .map(|&mb| {
            let bytes = (mb * 1_048_576.0) as usize;
            (format!("news {mb} MB"), news_text(articles, bytes))
        })
        .collect();
    inputs.extend(hostile_inputs());
    let can_reset = reset_peak_rss();
    println!(
        "hostile inputs (news: {source}; {} threads; peak RSS {}):",
        tch::get_num_threads(),
        if can_reset {
            "of each input alone"
        } else {
            "of the process so far"
        }
    );
    println!(
        "{:<26} {:>10} {:>11} {:>9} {:>11} {:>8} {:>10}",
        "input", "bytes", "word pieces", "seconds", "pieces/s", "quotes", "peak RSS"
    );
    let model = attributor.model();
    let mut per_mb: Vec<(f64, f64)> = Vec::new();
    for (name, text) in &inputs {
        let pieces = count_tokens(model, text).unwrap_or(0);
        reset_peak_rss();
        let start = Instant::now();
        let found = attributor.attribute(text);
        let secs = start.elapsed().as_secs_f64();
        let quotes = match &found {
            Ok(f) => f.quotes.len().to_string(),
            Err(e) => format!("error: {e}"),
        };
        let rss = peak_rss_bytes().map_or("n/a".into(), |b| format!("{} MiB", b >> 20));
        println!(
            "{name:<26} {:>10} {pieces:>11} {secs:>9.1} {:>11.0} {quotes:>8} {rss:>10}",
            text.len(),
            pieces as f64 / secs.max(1e-9),
        );
        if let Some(mb) = name.strip_prefix("news ").and_then(|r| r.split(' ').next()) {
            if let Ok(mb) = mb.parse() {
                per_mb.push((mb, secs));
            }
        }
    }
    if let Some(&(mb0, s0)) = per_mb.first() {
        let ratios: Vec<String> = per_mb
            .iter()
            .map(|&(mb, s)| format!("{mb} MB: {:.2}", (s / mb) / (s0 / mb0)))
            .collect();
        println!(
            "seconds per MB relative to {mb0} MB (1.00 = linear): {}",
            ratios.join(", ")
        );
    }
}
