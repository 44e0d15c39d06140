//! Trains the whosaid tagger and linker on the corpora in `../shared/data`.
//!
//! ```text
//! make train                          # the run that produced the shipped model
//! make train ARGS="--out runs/mine"   # later options override the Makefile's TRAIN_ARGS
//! # = cargo run --release --features train --example train -- --base <all-MiniLM-L6-v2 dir> ...
//! ```
//! Options: --base DIR (required: all-MiniLM-L6-v2 with config.json,
//! tokenizer.json, model.safetensors), --init DIR (continue from a whosaid
//! model), --data DIR, --out DIR, --steps N, --batch N, --lr X, --head-lr X,
//! --seed N, --max-tokens N, --eval-every N, --pdnc-windows N (per novel),
//! --news-copies N (re-typeset copies of each news article), --dev-novels A,B,C,
//! --hold-out A,B,C (novels also kept out, e.g. a cross-validation fold),
//! --link-weight X, --threads N.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;

use whosaid::corpus::{news, pdnc};
use whosaid::model::{weights, Model, ModelConfig};
use whosaid::text::TextEncoder;
use whosaid::train::augment::{restyle, MarkStyle};
use whosaid::train::data::{examples_from_doc, Example};
use whosaid::train::trainer::Rng;
use whosaid::train::{train, TrainConfig};

struct Args {
    base: PathBuf,
    init: Option<PathBuf>,
    data: PathBuf,
    cfg: TrainConfig,
    max_tokens: usize,
    pdnc_windows: usize,
    news_copies: usize,
    dev_novels: Vec<String>,
    threads: i32,
}

/// Fine-tune whosaid's tagger and linker from all-MiniLM-L6-v2 (or a whosaid model).
#[derive(Parser)]
#[command(name = "train", about = "Train whosaid's tagger and speaker linker")]
struct Cli {
    /// all-MiniLM-L6-v2 (config.json, tokenizer.json, model.safetensors); `make train` finds it.
    #[arg(long)]
    base: PathBuf,
    /// Continue from a whosaid model folder.
    #[arg(long)]
    init: Option<PathBuf>,
    /// The shared data folder (default: $WHOSAID_DATA or ../shared/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Checkpoints and logs.
    #[arg(long, default_value = "runs/latest")]
    out: PathBuf,
    /// Optimiser steps.
    #[arg(long, default_value_t = 1000)]
    steps: usize,
    /// Windows per step.
    #[arg(long, default_value_t = 8)]
    batch: usize,
    /// Encoder learning rate.
    #[arg(long, default_value_t = 5e-5)]
    lr: f64,
    /// Heads' learning rate.
    #[arg(long, default_value_t = 1e-3)]
    head_lr: f64,
    /// Seed for sampling and initialisation.
    #[arg(long, default_value_t = 17)]
    seed: u64,
    /// Dev evaluation every N steps.
    #[arg(long, default_value_t = 250)]
    eval_every: usize,
    /// Weight of the linker's loss.
    #[arg(long, default_value_t = 0.5)]
    link_weight: f64,
    /// Word pieces per training window.
    #[arg(long, default_value_t = 190)]
    max_tokens: usize,
    /// Windows with quotations per PDNC novel.
    #[arg(long, default_value_t = 40)]
    pdnc_windows: usize,
    /// Re-typeset copies of each news article.
    #[arg(long, default_value_t = 2)]
    news_copies: usize,
    /// PDNC novels held out for model selection, comma-separated (default: the dev novels).
    #[arg(long, value_delimiter = ',')]
    dev_novels: Vec<String>,
    /// PDNC novels also kept out of training besides the dev novels
    /// (a cross-validation fold), comma-separated.
    #[arg(long, value_delimiter = ',')]
    hold_out: Vec<String>,
    /// libtorch intra-op threads.
    #[arg(long, default_value_t = 2)]
    threads: i32,
}

fn parse() -> Args {
    let c = Cli::parse();
    Args {
        base: c.base,
        init: c.init,
        data: c.data.unwrap_or_else(whosaid::corpus::data_dir),
        cfg: TrainConfig {
            steps: c.steps,
            batch_size: c.batch,
            lr: c.lr,
            head_lr: c.head_lr,
            warmup: 0.06,
            clip: 1.0,
            seed: c.seed,
            eval_every: c.eval_every,
            out_dir: c.out,
            link_weight: c.link_weight,
        },
        max_tokens: c.max_tokens,
        pdnc_windows: c.pdnc_windows,
        news_copies: c.news_copies,
        // PDNC novels never trained on: the dev novels (model selection and
        // the accuracy benchmark) and any held out besides them.
        dev_novels: if c.dev_novels.is_empty() {
            pdnc::PDNC_DEV_NOVELS
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            c.dev_novels
        }
        .into_iter()
        .chain(c.hold_out)
        .collect(),
        threads: c.threads,
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = parse();
    tch::set_num_threads(args.threads);
    let t0 = Instant::now();
    let encoder = TextEncoder::from_file(&args.base.join("tokenizer.json"))?;
    let mut model = match &args.init {
        Some(dir) => {
            let mut m = Model::load(dir)?;
            // Model::load freezes the store; training needs gradients again.
            m.vs.unfreeze();
            m
        }
        None => {
            let raw = std::fs::read(args.base.join("config.json"))?;
            let bert: rust_bert::bert::BertConfig = serde_json::from_slice(&raw)?;
            let mut config = ModelConfig::new(whosaid::DEFAULT_MODEL, bert);
            config.max_tokens = 254;
            let mut m = Model::random(config, encoder.clone())?;
            let missing = weights::load(
                &mut m.vs,
                &args.base.join("model.safetensors"),
                &["whosaid."],
            )?;
            eprintln!(
                "initialised encoder from {}; {} head tensors start random",
                args.base.display(),
                missing.len()
            );
            m
        }
    };
    let link_max = model.config.link_max_distance;
    let overlap = args.max_tokens / 4;

    let news_dir = args.data.join("news/gold");
    let news_train = news::read_gold(&news_dir.join("train.jsonl"))?;
    let news_dev = news::read_gold(&news_dir.join("dev.jsonl"))?;
    let mut rng = Rng::new(args.cfg.seed);
    let mut examples: Vec<Example> = Vec::new();
    for doc in &news_train {
        examples.extend(examples_from_doc(
            doc,
            &encoder,
            args.max_tokens,
            overlap,
            link_max,
        )?);
        for _ in 0..args.news_copies {
            let style = MarkStyle::ALL[rng.below(MarkStyle::ALL.len() - 1)];
            examples.extend(examples_from_doc(
                &restyle(doc, style),
                &encoder,
                args.max_tokens,
                overlap,
                link_max,
            )?);
        }
    }
    let n_news = examples.len();
    let mut n_pdnc = 0;
    if args.pdnc_windows > 0 {
        let root = args.data.join("pdnc");
        for name in pdnc::list_novels(&root) {
            if args.dev_novels.contains(&name) {
                continue;
            }
            let novel = pdnc::read_novel(&root.join("data").join(&name))?;
            // Novels come curly and straight: re-typeset a third of them.
            let novel = if rng.below(3) == 0 {
                restyle(&novel, MarkStyle::ALL[rng.below(MarkStyle::ALL.len())])
            } else {
                novel
            };
            let mut ex: Vec<Example> =
                examples_from_doc(&novel, &encoder, args.max_tokens, overlap, link_max)?
                    .into_iter()
                    .filter(Example::has_quote)
                    .collect();
            rng.shuffle(&mut ex);
            ex.truncate(args.pdnc_windows);
            n_pdnc += ex.len();
            examples.extend(ex);
        }
    }
    eprintln!(
        "training windows: {n_news} news (with {} re-typeset copies each), {n_pdnc} PDNC; {} linker items; dev: {} news articles; prepared in {:.0}s",
        args.news_copies,
        examples.iter().map(|e| e.links.len()).sum::<usize>(),
        news_dev.len(),
        t0.elapsed().as_secs_f64()
    );
    std::fs::create_dir_all(&args.cfg.out_dir)?;
    // The speaker ranker of the starting model directory, if any, decides
    // speakers in the dev evaluations and travels with the checkpoints.
    let ranker = match &args.init {
        Some(dir) => whosaid::resolve::ranker::SpeakerRanker::from_dir(dir)?,
        None => None,
    };
    train(&mut model, ranker.as_ref(), &examples, &news_dev, &args.cfg)?;
    eprintln!(
        "done in {:.0}s; checkpoints in {}",
        t0.elapsed().as_secs_f64(),
        args.cfg.out_dir.display()
    );
    Ok(())
}
