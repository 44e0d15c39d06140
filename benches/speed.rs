//! Speed of the shipped model (`Attributor::from_pretrained`, honouring
//! `$WHOSAID_MODEL`).
//!
//! ```text
//! cargo bench --bench speed
//! ```
//!
//! First, without criterion, a **breakdown**: the 32 articles as one batch
//! and a whole novel (*The Sun Also Rises*, 364 KB, or the PDNC novel named
//! by `WHOSAID_BENCH_NOVEL`), each attributed once after a warm-up at the
//! default options (precision `auto`, 2 threads, batch 8) and once in f32,
//! printing articles/s, word pieces/s, KB/s, peak memory, and the wall time
//! of every stage ([`whosaid::StageTimes`]).
//!
//! Then criterion's groups:
//! - `load`: loading the model directory;
//! - `front_end`: `Document::new` (segmentation, marks, tokens, features) on one article;
//! - `attribute`: the whole pipeline over the 32 articles, for each precision
//!   (bf16 where the CPU has it, f32), at 1 and 2 libtorch threads and 8, 1
//!   and 32 windows per forward pass (articles/s);
//! - `long_document`: the first 25%, 50% and 100% of a prefix of *The Sun
//!   Also Rises* (PDNC), to show that time grows linearly;
//! - `hostile` (only with `WHOSAID_BENCH_HOSTILE=1`, about 10 minutes; see
//!   `benches/hostile/mod.rs`): 1, 2 and 5 MB of news, 100,000 quotation
//!   marks, a 200 KB word and 50,000 empty paragraphs, each attributed once
//!   at 2 threads with its time and peak memory.
//!
//! The articles are 32 whole BBC articles spread over
//! `../shared/data/news/raw` (or `$WHOSAID_DATA/news/raw`), else the crate's
//! `examples/data/sample_article.txt` repeated; `WHOSAID_BENCH_ARTICLE_BYTES`
//! cuts each to its first N bytes (default 0: whole). The long document's
//! prefix is `WHOSAID_BENCH_LONG_BYTES` (default 40000; 0 takes the whole
//! novel). Skipped (with a message) when the model is missing; outside
//! `cargo bench` (e.g. `cargo test --all-targets`) it does nothing.

mod hostile;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use whosaid::corpus::data_dir;
use whosaid::metrics::{count_tokens, peak_rss_text};
use whosaid::text::Document;
use whosaid::{Attributor, Options, Precision, Stage};

/// Articles attributed per iteration.
const ARTICLES: usize = 32;
/// Windows per forward pass, the default first.
const BATCHES: [usize; 3] = [8, 1, 32];
/// libtorch intra-op threads.
const THREADS: [usize; 2] = [1, 2];
/// Encoder precisions: the default first.
const PRECISIONS: [Precision; 2] = [Precision::Auto, Precision::F32];
/// Shares of the long document.
const LONG_PARTS: [usize; 3] = [25, 50, 100];

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The longest prefix of `text` of at most `max` bytes that ends at a
/// paragraph end (else at a char boundary); `max == 0` keeps all.
fn prefix(text: &str, max: usize) -> &str {
    if max == 0 || text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind("\n\n") {
        Some(p) if p > max / 2 => &text[..p],
        _ => &text[..end],
    }
}

/// 32 article texts and where they come from.
fn articles() -> (Vec<String>, String) {
    let max = env_usize("WHOSAID_BENCH_ARTICLE_BYTES", 0);
    let raw = data_dir().join("news").join("raw");
    let paths: Vec<PathBuf> = whosaid::corpus::news::raw_article_paths(&raw);
    if paths.len() >= ARTICLES {
        // Evenly spread over the sorted list, so every category is in.
        let step = paths.len() / ARTICLES;
        let texts: Vec<String> = (0..ARTICLES)
            .filter_map(|i| std::fs::read_to_string(&paths[i * step]).ok())
            .map(|t| prefix(&t, max).to_string())
            .collect();
        if texts.len() == ARTICLES {
            return (
                texts,
                format!("{ARTICLES} BBC articles from {}", raw.display()),
            );
        }
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/sample_article.txt");
    let text =
        std::fs::read_to_string(&sample).unwrap_or_else(|e| panic!("{}: {e}", sample.display()));
    let text = prefix(&text, max).to_string();
    (
        vec![text; ARTICLES],
        format!("{} repeated {ARTICLES} times", sample.display()),
    )
}

/// A whole PDNC novel (`WHOSAID_BENCH_NOVEL`, default TheSunAlsoRises), if it is there.
fn novel(name: Option<String>) -> Option<(String, String)> {
    let name = name.unwrap_or_else(|| "TheSunAlsoRises".to_string());
    let path = data_dir()
        .join("pdnc/data")
        .join(&name)
        .join("novel_text.txt");
    Some((name, std::fs::read_to_string(&path).ok()?))
}

/// The long document: a prefix of The Sun Also Rises.
fn long_document() -> Option<String> {
    let (_, text) = novel(None)?;
    Some(prefix(&text, env_usize("WHOSAID_BENCH_LONG_BYTES", 40_000)).to_string())
}

/// Attributes `texts` once (after a warm-up on the first) with `attributor`
/// and prints the throughput and where the time went.
fn breakdown(attributor: &Attributor, what: &str, texts: &[&str]) {
    let model = attributor.model();
    let tokens: usize = texts
        .iter()
        .map(|t| count_tokens(model, t).expect("tokenizes"))
        .sum();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    if let Some(t) = texts.first() {
        attributor
            .attribute(prefix(t, 4000))
            .expect("warm-up attributes");
    }
    let started = Instant::now();
    let (found, times) = attributor.attribute_batch_timed(texts).expect("attributes");
    let secs = started.elapsed().as_secs_f64();
    let quotes: usize = found.iter().map(|a| a.quotes.len()).sum();
    println!(
        "\nbreakdown: {what}, precision {}, {} threads, batch {}: {} texts, {:.0} KB, {tokens} word pieces, {quotes} quotations in {secs:.2} s",
        model.precision(),
        tch::get_num_threads(),
        attributor.options().batch_size,
        texts.len(),
        bytes as f64 / 1000.0,
    );
    println!(
        "  {:.1} texts/s, {:.0} word pieces/s, {:.1} KB/s; peak RSS so far {}",
        texts.len() as f64 / secs,
        tokens as f64 / secs,
        bytes as f64 / 1000.0 / secs,
        peak_rss_text()
    );
    for line in times.to_string().lines() {
        println!("  {line}");
    }
    let others = Stage::ALL
        .iter()
        .filter(|&&s| s != Stage::Encoder)
        .map(|&s| times.share(s))
        .fold(0.0, f64::max);
    println!(
        "  encoder {:.0} % of the time, largest other stage {:.0} %",
        100.0 * times.share(Stage::Encoder),
        100.0 * others
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("speed bench: run it with `cargo bench --bench speed`");
        return;
    }
    let model_dir = whosaid::default_model_dir();
    let has = |f: &str| model_dir.join(f).is_file();
    if !has(whosaid::model::CONFIG_FILE) || !has(whosaid::model::WEIGHTS_FILE) {
        println!(
            "skipping speed bench: model {} not found (set WHOSAID_MODEL to a model directory)",
            model_dir.display()
        );
        return;
    }
    let load = |p: Precision| match Attributor::builder().precision(p).threads(2).build() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("speed bench: cannot load {}: {e}", model_dir.display());
            std::process::exit(1);
        }
    };
    // Leaked: criterion's closures borrow them for the rest of the process.
    let attributors: &'static [Attributor] = Box::leak(
        PRECISIONS
            .iter()
            .map(|&p| load(p))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let attributor = &attributors[0];
    let model = attributor.model();
    let (texts, source) = articles();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let tokens: usize = refs
        .iter()
        .map(|t| count_tokens(model, t).expect("tokenizes"))
        .sum();
    let bytes: usize = refs.iter().map(|t| t.len()).sum();
    println!(
        "model {}; articles: {source}, {bytes} bytes, {tokens} word pieces",
        model_dir.display()
    );

    let novel = novel(std::env::var("WHOSAID_BENCH_NOVEL").ok());
    for a in attributors {
        tch::set_num_threads(2);
        breakdown(a, &source, &refs);
        match &novel {
            Some((name, text)) => breakdown(a, &format!("the whole of {name}"), &[text]),
            None => println!("skipping the novel's breakdown: PDNC not found"),
        }
    }

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();

    {
        let mut g = c.benchmark_group("load");
        g.sampling_mode(SamplingMode::Flat);
        g.bench_function("from_pretrained", |b| {
            b.iter(|| Attributor::from_pretrained().expect("model loads"))
        });
        g.finish();
    }
    {
        let mut g = c.benchmark_group("front_end");
        let article = refs.iter().copied().max_by_key(|t| t.len()).unwrap_or("");
        g.throughput(Throughput::Bytes(article.len() as u64));
        g.bench_function("document_new", |b| {
            b.iter(|| Document::new(article, &model.encoder).expect("front end"))
        });
        g.finish();
    }
    let refs = &refs;
    let run = |attributor: &'static Attributor, threads: usize, batch: usize| {
        tch::set_num_threads(threads as i32);
        let options = Options {
            batch_size: batch,
            ..attributor.options().clone()
        };
        let (model, ranker) = (attributor.model(), attributor.ranker());
        move || {
            whosaid::api::attributor::attribute_with(model, ranker, &options, refs)
                .expect("attributes")
        }
    };
    {
        let mut g = c.benchmark_group("attribute");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(ARTICLES as u64));
        for a in attributors {
            for threads in THREADS {
                for batch in BATCHES {
                    let id = BenchmarkId::new(
                        format!("{}/{threads}thr", a.model().precision()),
                        format!("batch{batch}"),
                    );
                    g.bench_function(id, |b| {
                        let f = run(a, threads, batch);
                        b.iter(&f)
                    });
                }
            }
        }
        g.finish();
    }
    match long_document() {
        None => println!(
            "skipping long_document: TheSunAlsoRises not found under {}",
            data_dir().display()
        ),
        Some(novel) => {
            let mut g = c.benchmark_group("long_document");
            g.sampling_mode(SamplingMode::Flat);
            let threads = *THREADS.last().unwrap_or(&1);
            tch::set_num_threads(threads as i32);
            for part in LONG_PARTS {
                let text = prefix(&novel, novel.len() * part / 100);
                let n = count_tokens(model, text).expect("tokenizes");
                println!(
                    "long_document {part}%: {} bytes, {n} word pieces",
                    text.len()
                );
                g.throughput(Throughput::Elements(n as u64));
                g.bench_with_input(
                    BenchmarkId::new(format!("{threads}thr"), format!("{part}pct")),
                    text,
                    |b, t| b.iter(|| attributor.attribute(t).expect("attributes")),
                );
            }
            g.finish();
        }
    }
    if std::env::var_os("WHOSAID_BENCH_HOSTILE").is_some_and(|v| v == "1") {
        tch::set_num_threads(2);
        hostile::run(attributor);
    } else {
        println!(
            "skipping hostile inputs: set WHOSAID_BENCH_HOSTILE=1 to run them (about 15 minutes)"
        );
    }
    c.final_summary();
    println!("peak RSS {}", peak_rss_text());
}
