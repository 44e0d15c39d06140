//! Speed of the shipped model (`Attributor::from_pretrained`, honouring
//! `$WHOSAID_MODEL`).
//!
//! ```text
//! cargo bench --bench speed
//! ```
//!
//! Groups:
//! - `load`: loading the model directory;
//! - `front_end`: `Document::new` (segmentation, marks, tokens, features) on one article;
//! - `attribute`: the whole pipeline over 32 articles, at 1 and 2 libtorch
//!   threads and 8, 1 and 32 windows per forward pass (articles/s);
//! - `attribute_tokens`: the same at the default batch (word pieces/s);
//! - `long_document`: one long text, the first 25%, 50% and 100% of a prefix
//!   of *The Sun Also Rises* (PDNC), to show that time grows linearly;
//! - `hostile` (only with `WHOSAID_BENCH_HOSTILE=1`, about 15 minutes; see
//!   `benches/hostile/mod.rs`): 1, 2 and 5 MB of news, 100,000 quotation
//!   marks, a 200 KB word and 50,000 empty paragraphs, each attributed once
//!   at 2 threads with its time and peak memory.
//!
//! The articles are BBC articles from `../shared/data/news/raw` (or
//! `$WHOSAID_DATA/news/raw`), else the crate's `examples/data/sample_article.txt`
//! repeated. Each is cut to its first `WHOSAID_BENCH_ARTICLE_BYTES` bytes
//! (default 1200, at a paragraph end; 0 keeps whole articles) and the long
//! document's prefix is `WHOSAID_BENCH_LONG_BYTES` (default 40000; 0 takes
//! the whole novel) so that the bench runs in minutes on two cores: criterion
//! takes at least 10 samples of every benchmark. Skipped (with a message) when
//! the model is missing; outside `cargo bench` (e.g. `cargo test
//! --all-targets`) it does nothing.

mod hostile;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use whosaid::corpus::data_dir;
use whosaid::metrics::{count_tokens, peak_rss_text};
use whosaid::text::Document;
use whosaid::{Attributor, Options};

/// Articles attributed per iteration.
const ARTICLES: usize = 32;
/// Windows per forward pass, the default first.
const BATCHES: [usize; 3] = [8, 1, 32];
/// libtorch intra-op threads.
const THREADS: [usize; 2] = [1, 2];
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
    let max = env_usize("WHOSAID_BENCH_ARTICLE_BYTES", 1200);
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

/// The long document, if the novel is there.
fn long_document() -> Option<String> {
    let path = data_dir().join("pdnc/data/TheSunAlsoRises/novel_text.txt");
    let text = std::fs::read_to_string(&path).ok()?;
    Some(prefix(&text, env_usize("WHOSAID_BENCH_LONG_BYTES", 40_000)).to_string())
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
    let attributor = match Attributor::from_pretrained() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("speed bench: cannot load {}: {e}", model_dir.display());
            std::process::exit(1);
        }
    };
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
    let run = |threads: usize, batch: usize| {
        tch::set_num_threads(threads as i32);
        let options = Options {
            batch_size: batch,
            ..attributor.options().clone()
        };
        move || whosaid::api::attributor::attribute_with(model, &options, refs).expect("attributes")
    };
    {
        let mut g = c.benchmark_group("attribute");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(ARTICLES as u64));
        for threads in THREADS {
            for batch in BATCHES {
                let id = BenchmarkId::new(format!("{threads}thr"), format!("batch{batch}"));
                g.bench_function(id, |b| {
                    let f = run(threads, batch);
                    b.iter(&f)
                });
            }
        }
        g.finish();
    }
    {
        let mut g = c.benchmark_group("attribute_tokens");
        g.sampling_mode(SamplingMode::Flat);
        g.throughput(Throughput::Elements(tokens as u64));
        let batch = Options::default().batch_size;
        for threads in THREADS {
            let id = BenchmarkId::new(format!("{threads}thr"), format!("batch{batch}"));
            g.bench_function(id, |b| {
                let f = run(threads, batch);
                b.iter(&f)
            });
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
        hostile::run(&attributor);
    } else {
        println!(
            "skipping hostile inputs: set WHOSAID_BENCH_HOSTILE=1 to run them (about 15 minutes)"
        );
    }
    c.final_summary();
    println!("peak RSS {}", peak_rss_text());
}
