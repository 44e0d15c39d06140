//! The library in a few lines: load the shipped model, attribute the
//! quotations in a text file and print who said what.
//!
//! ```text
//! cargo run --release --example attribute -- [FILE]   # default: examples/data/sample_article.txt
//! ```
//!
//! The `whosaid` command (`whosaid attribute`) does the same with output
//! formats, stdin and progress.

use whosaid::Attributor;

fn main() -> whosaid::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/data/sample_article.txt".into());
    let attributor = Attributor::from_pretrained()?;
    let (text, found) = attributor.attribute_file(&path)?;
    for quote in &found.quotes {
        let who = found.speaker_of(quote).map_or("?", |s| s.name.as_str());
        let cue = quote.cue.map_or("", |c| c.text(&text));
        println!(
            "{:<8} {:<20} {:<10} {}",
            quote.kind.as_str(),
            who,
            cue,
            quote.span.text(&text)
        );
    }
    println!(
        "{} quotations, {} speakers",
        found.quotes.len(),
        found.speakers.len()
    );
    Ok(())
}
