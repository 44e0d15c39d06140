//! Speaker-resolver workbench: caches the model's decoded output (quotes and
//! mentions before speaker resolution) for the gold sets, then scores
//! resolvers on that cache in seconds, and trains the learned speaker ranker.
//!
//! ```text
//! resolver cache  [--out runs/drafts] [--model DIR] [--sets A,B]   # run the model, store drafts
//! resolver eval   [--drafts DIR] [--ranker FILE.json] [--sets A,B] [--min-confidence X]
//! resolver oracle [--drafts DIR] [--sets A,B]   # how often a right speaker is a candidate
//! resolver cv     [--drafts DIR] [--corpus pdnc,news] [--without-pass P] [--without-group G]
//!                 # cross-validation on the fixed folds of folds.json; the options ablate
//! resolver train  [--drafts DIR] [--ranker OUT.json] [--rounds N] [--epochs N] [--lr X] [--l2 X] [--hidden N]
//!                 [--ensemble K] [--seed S] [--no-links] [--no-addressee-model] [--read-twice]
//!                 # (cv takes these too) --read-twice: the ranker reads each document
//!                 # twice (as shipped, see `make ranker`); --ensemble: K rankers averaged
//!                 # into one; --no-links: the rule, not learned links, groups interrupted quotations;
//!                 # --no-addressee-model: the rules, not a learned model, name addressees
//! resolver train  --addressees-of FROM.json [--ranker OUT.json]
//!                 # refit only FROM's addressee model (its speakers and links kept)
//! # = cargo run --release --features train --example resolver -- <command> ...
//! ```
//! The cache holds one JSON-lines file per set (`news-train`, `news-dev`,
//! `pdnc-train`, `pdnc-dev`), one `{"id", "draft"}` object per document.
//! `make ranker` runs `cache` and `train` with the shipped settings.
//!
//! Views for error analysis, by environment variable: `WHOSAID_PER_DOC=1`
//! (`eval`: speaker accuracy per novel; `=<novel>` adds its gold/predicted
//! speaker confusions), `WHOSAID_ERRORS=1` (`eval`: every error case),
//! `WHOSAID_WRITE=<dir>` (`eval`: writes `<set>.gold.jsonl` and
//! `<set>.pred.jsonl` there, for `../shared/tools/score.py`; `cv`: the
//! held-out predictions of each fold, `<corpus>-fold<k>.*.jsonl`), `WHOSAID_DEBUG_DOC=<id>` (`eval`: each quotation's top candidates with
//! scores and active features), `WHOSAID_ORACLE_MISSES=1` (`oracle`: the gold
//! speakers most often missing from the candidates), `WHOSAID_DUMP_ITEMS=<dir>`
//! (`cv`: each fold's held-out ranking problems as CSV, see [`dump_items`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use whosaid::api::attributor::draft_with;
use whosaid::corpus::{data_dir, news, pdnc, GoldDoc, PredDoc};
use whosaid::metrics::{score, Report, SpeakerTurn, Tally};
use whosaid::resolve::addressee_model::AddresseeModel;
use whosaid::resolve::links::LinkModel;
use whosaid::resolve::logistic::{Inputs, LogisticModel};
use whosaid::resolve::ranker::FeatureGroup;
use whosaid::resolve::ranker::{
    Feature, FeatureVector, Reading, SpeakerRanker, CONTEXTS, FEATURES,
};
use whosaid::resolve::{resolve_with, DocumentDraft, Pass, Passes, Resolver};
use whosaid::train::addressees::labelled_addressees;
use whosaid::train::links::labelled_links;
use whosaid::train::logistic::{self, fit_model, Labelled, LogisticConfig};
use whosaid::train::ranker::{
    accuracy, average, fit, label_items, labelled_items, FitConfig, LabelledItem,
};
use whosaid::Attributor;

type BoxError = Box<dyn std::error::Error>;

const SETS: [&str; 4] = ["news-train", "news-dev", "pdnc-train", "pdnc-dev"];

fn gold_set(data: &Path, set: &str) -> Result<Vec<GoldDoc>, BoxError> {
    let dev: Vec<&str> = pdnc::PDNC_DEV_NOVELS.to_vec();
    Ok(match set {
        "news-train" => news::read_gold(&data.join("news/gold/train.jsonl"))?,
        "news-dev" => news::read_gold(&data.join("news/gold/dev.jsonl"))?,
        "pdnc-train" => {
            let names: Vec<String> = pdnc::list_novels(&data.join("pdnc"))
                .into_iter()
                .filter(|n| !dev.contains(&n.as_str()))
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            pdnc::read_novels(&data.join("pdnc"), &names)?
        }
        "pdnc-dev" => pdnc::read_novels(&data.join("pdnc"), &dev)?,
        _ => return Err(format!("unknown set {set}").into()),
    })
}

fn cache(out: &Path, model: Option<PathBuf>, sets: &[String]) -> Result<(), BoxError> {
    std::fs::create_dir_all(out)?;
    let attributor = match model {
        Some(dir) => Attributor::from_dir(dir)?,
        None => Attributor::from_pretrained()?,
    };
    let data = data_dir();
    for set in sets {
        let docs = gold_set(&data, set)?;
        let mut w = BufWriter::new(File::create(out.join(format!("{set}.jsonl")))?);
        // A bar on a terminal only; the bytes of text are the work.
        let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
        if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} {wide_bar} {bytes}/{total_bytes} {msg} ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_prefix(set.clone());
        for d in &docs {
            let draft = draft_with(attributor.model(), attributor.options(), &[d.text.as_str()])?
                .pop()
                .unwrap_or_default();
            serde_json::to_writer(&mut w, &serde_json::json!({"id": d.id, "draft": draft}))?;
            writeln!(w)?;
            w.flush()?;
            bar.set_message(d.id.clone());
            bar.inc(d.text.len() as u64);
        }
        bar.finish_and_clear();
        eprintln!("{set}: {} documents cached", docs.len());
    }
    Ok(())
}

/// A cached set: its gold documents and their drafts, in the same order.
type Cached = (Vec<GoldDoc>, Vec<DocumentDraft>);

/// Each document of `cached` with its draft.
fn pairs(cached: &Cached) -> impl Iterator<Item = (&GoldDoc, &DocumentDraft)> {
    cached.0.iter().zip(&cached.1)
}

/// Reads what a cached set holds (a cache still being written holds part of
/// it): the gold documents that have drafts with their drafts, and the ids of
/// those that have none.
fn read_cache_partial(dir: &Path, set: &str) -> Result<(Cached, Vec<String>), BoxError> {
    let docs = gold_set(&data_dir(), set)?;
    let mut by_id = HashMap::new();
    let path = dir.join(format!("{set}.jsonl"));
    if path.exists() {
        for line in BufReader::new(File::open(&path)?).lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let id = v["id"].as_str().unwrap_or_default().to_string();
            let draft: DocumentDraft = serde_json::from_value(v["draft"].clone())?;
            by_id.insert(id, draft);
        }
    }
    let (mut kept, mut drafts, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    for d in docs {
        match by_id.remove(&d.id) {
            Some(dr) => {
                kept.push(d);
                drafts.push(dr);
            }
            None => missing.push(d.id),
        }
    }
    Ok(((kept, drafts), missing))
}

/// What a cached set holds, with a warning naming the documents it lacks.
fn read_cache_warn(dir: &Path, set: &str) -> Result<Cached, BoxError> {
    let (cached, missing) = read_cache_partial(dir, set)?;
    if !missing.is_empty() {
        eprintln!(
            "warning: {set}: {} documents not cached, left out: {}",
            missing.len(),
            missing.join(", ")
        );
    }
    Ok(cached)
}

/// With `WHOSAID_WRITE=<dir>`, writes `<name>.gold.jsonl` and
/// `<name>.pred.jsonl` there, for the reference scorer (`score.py G P`).
fn write_for_scorer(
    name: &str,
    docs: &[(&GoldDoc, &whosaid::Attribution)],
) -> Result<(), BoxError> {
    let Some(out) = std::env::var_os("WHOSAID_WRITE") else {
        return Ok(());
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out)?;
    let mut g = BufWriter::new(File::create(out.join(format!("{name}.gold.jsonl")))?);
    let mut p = BufWriter::new(File::create(out.join(format!("{name}.pred.jsonl")))?);
    for (d, a) in docs {
        serde_json::to_writer(&mut g, &news::gold_json(d))?;
        writeln!(g)?;
        whosaid::api::jsonl::write_prediction_line(&mut p, &d.id, &d.text, a)?;
    }
    Ok(())
}

fn eval(
    dir: &Path,
    sets: &[String],
    ranker: Option<&SpeakerRanker>,
    min_confidence: f32,
) -> Result<(), BoxError> {
    for set in sets {
        let (docs, mut drafts) = read_cache_warn(dir, set)?;
        for d in &mut drafts {
            d.quotes.retain(|q| q.confidence >= min_confidence);
        }
        if let Ok(id) = std::env::var("WHOSAID_DEBUG_DOC") {
            for (d, dr) in docs.iter().zip(&drafts).filter(|(d, _)| d.id == id) {
                print_candidates(d, dr, ranker);
            }
        }
        let t0 = Instant::now();
        let attributions: Vec<whosaid::Attribution> = docs
            .iter()
            .zip(drafts)
            .map(|(d, dr)| resolve_with(&d.text, &dr.paragraphs, dr.quotes, &dr.mentions, ranker))
            .collect();
        let elapsed = t0.elapsed().as_secs_f64();
        let preds: Vec<PredDoc> = docs
            .iter()
            .zip(&attributions)
            .map(|(d, a)| PredDoc::from_attribution(&d.id, a))
            .collect();
        let pairs: Vec<(&GoldDoc, &whosaid::Attribution)> =
            docs.iter().zip(&attributions).collect();
        write_for_scorer(set, &pairs)?;
        if let Ok(which) = std::env::var("WHOSAID_PER_DOC") {
            if set.starts_with("pdnc") {
                for (d, p) in docs.iter().zip(&preds) {
                    print_novel(d, p, which == d.id);
                }
            }
        }
        let report: Report = score(&docs, &preds);
        println!("== {set} (resolved in {elapsed:.2} s)");
        print!("{report}");
        if std::env::var_os("WHOSAID_ERRORS").is_some() {
            for e in &report.errors {
                println!("{e}");
            }
        }
    }
    Ok(())
}

/// One novel's speaker accuracy and, with `confusions`, its most frequent
/// (gold speaker, predicted speaker) pairs.
fn print_novel(d: &GoldDoc, p: &PredDoc, confusions: bool) {
    let t = score(std::slice::from_ref(d), std::slice::from_ref(p)).overall;
    println!(
        "  {:<32} {:>5} quotes  spkAcc {:.3}",
        d.id,
        d.quotes.len(),
        t.speaker_accuracy()
    );
    if !confusions {
        return;
    }
    let g: Vec<_> = d.quotes.iter().map(|q| q.span).collect();
    let ps: Vec<_> = p.quotes.iter().map(|q| q.span).collect();
    let mut counts: HashMap<(String, String), usize> = Default::default();
    for (gi, pi) in whosaid::metrics::match_spans(&g, &ps) {
        let pair = (
            d.quotes[gi].speaker.clone().unwrap_or_default(),
            p.quotes[pi].speaker.clone().unwrap_or_default(),
        );
        *counts.entry(pair).or_default() += 1;
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    for ((g, p), n) in v.into_iter().take(25) {
        println!("    {n:>4}  gold {g:<25} pred {p}");
    }
}

/// Each quotation of a document with its top candidates, their scores and
/// the features that are on.
fn print_candidates(d: &GoldDoc, dr: &DocumentDraft, ranker: Option<&SpeakerRanker>) {
    for it in whosaid::resolve::rank_items(&d.text, dr, ranker) {
        let q = &dr.quotes[it.quote];
        let m = q.mention.map(|m| m.text(&d.text).to_string());
        let head = d.text.get(q.span.start..q.span.end.min(q.span.start + 50));
        println!(
            "Q{} {head:?} mention {m:?} ctx {}",
            it.quote, CONTEXTS[it.context]
        );
        let rules = SpeakerRanker::default();
        let mut rows: Vec<(f32, &String, &FeatureVector)> = it
            .names
            .iter()
            .zip(&it.features)
            .map(|(n, f)| (ranker.unwrap_or(&rules).score(it.context, f), n, f))
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (sc, n, f) in rows.iter().take(4) {
            let on: Vec<&str> = Feature::ALL
                .iter()
                .filter(|&&x| f.get(x) != 0.0)
                .map(|x| x.name())
                .collect();
            println!("   {sc:>6.2} {n:<24} {on:?}");
        }
    }
}

/// The labelled ranking items of `docs` (with their drafts), `ranker`'s
/// earlier choices (the rules' when `None`) as turn-taking history.
fn items_of(docs: &[(&GoldDoc, &DocumentDraft)], resolver: &Resolver) -> Vec<LabelledItem> {
    docs.iter()
        .flat_map(|(d, dr)| labelled_items(d, dr, resolver))
        .collect()
}

/// How the resolver's learned parts are fitted (the command line's
/// `--rounds`, `--epochs`, …, `--ensemble`, `--no-links`,
/// `--no-addressee-model`).
#[derive(Debug, Clone, Copy)]
struct Fitting {
    /// Rounds of [`fit_rounds`].
    rounds: usize,
    /// The speaker ranker's settings.
    cfg: FitConfig,
    /// Rankers of consecutive seeds averaged into one.
    ensemble: usize,
    /// Fit utterance links (else the rule groups segments).
    links: bool,
    /// Fit an addressee model (else the rules name addressees).
    addressees: bool,
    /// How the ranker reads a document.
    reading: Reading,
}

/// Fits the utterance links (when `links`), then `ensemble` rankers (seeds
/// `cfg.seed`, `cfg.seed + 1`, …) by [`fit_rounds`] over the utterances
/// they make, averaged into one ranker that carries the links, then (when
/// `addressees`) the addressee model over that ranker's speakers.
fn fit_ensemble(
    docs: &[(&GoldDoc, &DocumentDraft)],
    fitting: &Fitting,
    passes: Passes,
    mut report: impl FnMut(usize, &SpeakerRanker, &[LabelledItem]),
) -> Option<SpeakerRanker> {
    let Fitting {
        rounds,
        cfg,
        ensemble,
        links,
        addressees,
        reading,
    } = *fitting;
    let base = SpeakerRanker {
        utterance_links: links.then(|| fit_utterance_links(docs, passes)),
        reading,
        ..SpeakerRanker::default()
    };
    let members: Vec<SpeakerRanker> = (0..ensemble.max(1) as u64)
        .filter_map(|k| {
            let cfg = FitConfig {
                seed: cfg.seed + k,
                ..cfg
            };
            fit_rounds(docs, rounds, cfg, passes, &base, &mut report)
        })
        .collect();
    let mut ranker = average(&members)?;
    if addressees {
        ranker.addressee_model = Some(fit_addressee_model(docs, passes, &ranker));
    }
    Some(ranker)
}

/// The addressee model fitted on `docs` (those whose gold lists
/// addressees), `ranker` deciding their speakers and utterances.
fn fit_addressee_model(
    docs: &[(&GoldDoc, &DocumentDraft)],
    passes: Passes,
    ranker: &SpeakerRanker,
) -> AddresseeModel {
    let resolver = Resolver {
        ranker: Some(ranker),
        passes,
    };
    fit_reporting(
        "addressees: candidates",
        docs,
        &resolver,
        labelled_addressees,
    )
}

/// The utterance-link model fitted on `docs` (those with `quote_id`s).
fn fit_utterance_links(docs: &[(&GoldDoc, &DocumentDraft)], passes: Passes) -> LinkModel {
    let resolver = Resolver {
        ranker: None,
        passes,
    };
    fit_reporting(
        "utterance links: candidate pairs",
        docs,
        &resolver,
        labelled_links,
    )
}

/// Fits a logistic model to the examples `label` draws from `docs` (with
/// `resolver` deciding) and reports how many it answers rightly.
fn fit_reporting<F: Inputs>(
    what: &str,
    docs: &[(&GoldDoc, &DocumentDraft)],
    resolver: &Resolver,
    label: fn(&GoldDoc, &DocumentDraft, &Resolver) -> Vec<Labelled<F>>,
) -> LogisticModel<F> {
    let examples: Vec<Labelled<F>> = docs
        .iter()
        .flat_map(|(d, dr)| label(d, dr, resolver))
        .collect();
    let model = fit_model(&examples, LogisticConfig::default());
    eprintln!(
        "{what} {}, {:.3} answered rightly",
        examples.len(),
        logistic::accuracy(&model, &examples)
    );
    model
}

/// Fits the ranker in `rounds` rounds from `base` (the rules' ranker, maybe
/// with utterance links): round 0 sees the rules' earlier choices as
/// history, each later round the previous ranker's, and every round fits on
/// the items of all rounds so far. `report` is shown each round's ranker
/// and items.
fn fit_rounds(
    docs: &[(&GoldDoc, &DocumentDraft)],
    rounds: usize,
    cfg: FitConfig,
    passes: Passes,
    base: &SpeakerRanker,
    mut report: impl FnMut(usize, &SpeakerRanker, &[LabelledItem]),
) -> Option<SpeakerRanker> {
    let mut ranker = base.clone();
    let mut all: Vec<LabelledItem> = Vec::new();
    for round in 0..rounds {
        let resolver = Resolver {
            ranker: Some(&ranker),
            passes,
        };
        all.extend(items_of(docs, &resolver));
        let r = fit(&all, Some(&ranker), cfg);
        report(round, &r, &all);
        ranker = r;
    }
    (rounds > 0).then_some(ranker)
}

/// Per set: how many of the matched quotations the ranker decides (an
/// utterance's later segments and quotations outside paragraphs take
/// another decision) have a right option among its candidates (the
/// ceiling), and how often the rules pick it.
fn oracle(dir: &Path, sets: &[String]) -> Result<(), BoxError> {
    let show_misses = std::env::var_os("WHOSAID_ORACLE_MISSES").is_some();
    for set in sets {
        let cached = read_cache_warn(dir, set)?;
        let (mut matched, mut decided) = (0usize, 0usize);
        let mut items = Vec::new();
        let mut missed: BTreeMap<(String, String), (usize, BTreeSet<String>)> = Default::default();
        for (d, dr) in pairs(&cached) {
            let gold_of = whosaid::train::gold_of(d, dr);
            matched += gold_of.iter().flatten().count();
            let ranked = whosaid::resolve::rank_items(&d.text, dr, None);
            let labelled = label_items(d, &gold_of, ranked.clone());
            let ok: HashSet<usize> = labelled.iter().map(|it| it.item.quote).collect();
            for it in &ranked {
                let Some(gi) = gold_of[it.quote] else {
                    continue;
                };
                decided += 1;
                if show_misses && !ok.contains(&it.quote) {
                    let speaker = d.quotes[gi].speaker.clone().unwrap_or_default();
                    let e = missed.entry((d.id.clone(), speaker)).or_default();
                    e.0 += 1;
                    e.1.extend(it.names.iter().take(6).cloned());
                }
            }
            items.extend(labelled);
        }
        let mut v: Vec<_> = missed.into_iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1 .0));
        for ((doc, spk), (n, names)) in v.iter().take(25) {
            let names: Vec<&String> = names.iter().take(12).collect();
            println!("  miss {n:>4} {doc} / {spk}: {names:?}");
        }
        let rules = SpeakerRanker::default();
        let mut by_ctx = vec![(0usize, 0usize); CONTEXTS.len()];
        for it in &items {
            by_ctx[it.item.context].0 += 1;
            if accuracy(std::slice::from_ref(it), &rules) > 0.5 {
                by_ctx[it.item.context].1 += 1;
            }
        }
        println!(
            "{set}: {matched} matched, {decided} decided by the ranker, {} with a right option ({:.3}); rules right on {:.3} of those",
            items.len(),
            items.len() as f64 / decided.max(1) as f64,
            accuracy(&items, &rules)
        );
        for (c, (n, k)) in CONTEXTS.iter().zip(by_ctx) {
            if n > 0 {
                println!("  {c:<22} {n:>5}  rules {:.3}", k as f64 / n as f64);
            }
        }
    }
    Ok(())
}

/// The fixed cross-validation folds of `folds.json` (document ids per fold).
struct Folds {
    pdnc: Vec<Vec<String>>,
    news: Vec<Vec<String>>,
}

fn read_folds(data: &Path) -> Result<Folds, BoxError> {
    let path = data.join("folds.json");
    let v: serde_json::Value = serde_json::from_reader(BufReader::new(File::open(&path)?))?;
    let folds = |key: &str| -> Result<Vec<Vec<String>>, BoxError> {
        let parsed: Option<Vec<Vec<String>>> = v[key].as_array().and_then(|folds| {
            folds
                .iter()
                .map(|f| {
                    f.as_array()
                        .and_then(|ids| ids.iter().map(|x| x.as_str().map(String::from)).collect())
                })
                .collect()
        });
        parsed
            .ok_or_else(|| format!("{}: `{key}` is not a list of id lists", path.display()).into())
    };
    Ok(Folds {
        pdnc: folds("pdnc")?,
        news: folds("news")?,
    })
}

/// One held-out fold's scores: rules alone and the ranker fitted without it.
struct FoldScore {
    rules: Report,
    ranker: Report,
}

/// Resolves and scores `held` with `resolver`; with `WHOSAID_WRITE`, writes
/// them as `<name>` for the reference scorer.
fn score_with(
    held: &[(&GoldDoc, &DocumentDraft)],
    resolver: &Resolver,
    name: Option<&str>,
) -> Result<Report, BoxError> {
    let attributions: Vec<whosaid::Attribution> = held
        .iter()
        .map(|(d, dr)| resolver.resolve(&d.text, (*dr).clone()))
        .collect();
    if let Some(name) = name {
        let pairs: Vec<(&GoldDoc, &whosaid::Attribution)> =
            held.iter().map(|(d, _)| *d).zip(&attributions).collect();
        write_for_scorer(name, &pairs)?;
    }
    let preds: Vec<PredDoc> = held
        .iter()
        .zip(&attributions)
        .map(|((d, _), a)| PredDoc::from_attribution(&d.id, a))
        .collect();
    let gold: Vec<GoldDoc> = held.iter().map(|(d, _)| (*d).clone()).collect();
    Ok(score(&gold, &preds))
}

/// Cross-validation with the fixed folds of `folds.json`, the tagger fixed
/// (its cached output): leave-novels-out over the PDNC novels (the ranker
/// fitted on the other folds' novels and all news articles) and 5 folds over
/// the news gold articles, train and dev (fitted on the other news folds and
/// all novels). Prints every fold and the mean, overall and per quote type.
fn cross_validate(
    dir: &Path,
    fitting: &Fitting,
    passes: Passes,
    only: &[String],
) -> Result<(), BoxError> {
    let folds = read_folds(&data_dir())?;
    let mut sets: Vec<(&str, Cached)> = Vec::new();
    for set in SETS {
        sets.push((set, read_cache_warn(dir, set)?));
    }
    let all: Vec<(&GoldDoc, &DocumentDraft)> = sets.iter().flat_map(|(_, c)| pairs(c)).collect();
    for (corpus, corpus_folds) in [("pdnc", &folds.pdnc), ("news", &folds.news)] {
        if !only.is_empty() && !only.iter().any(|o| o == corpus) {
            continue;
        }
        let t0 = Instant::now();
        let fold_score = |fold: usize| -> Result<FoldScore, String> {
            let held_ids = &corpus_folds[fold];
            let held: Vec<(&GoldDoc, &DocumentDraft)> = all
                .iter()
                .copied()
                .filter(|(d, _)| held_ids.contains(&d.id))
                .collect();
            let fit_on: Vec<(&GoldDoc, &DocumentDraft)> = all
                .iter()
                .copied()
                .filter(|(d, _)| !held_ids.contains(&d.id))
                .collect();
            let ranker = fit_ensemble(&fit_on, fitting, passes, |_, _, _| {});
            if let (Some(dir), Some(r)) = (std::env::var_os("WHOSAID_DUMP_ITEMS"), &ranker) {
                dump_items(Path::new(&dir), corpus, fold, &held, r, passes)
                    .map_err(|e| e.to_string())?;
            }
            let rules = Resolver {
                ranker: None,
                passes,
            };
            let learned = Resolver {
                ranker: ranker.as_ref(),
                passes,
            };
            let name = format!("{corpus}-fold{fold}");
            Ok(FoldScore {
                rules: score_with(&held, &rules, None).map_err(|e| e.to_string())?,
                ranker: score_with(&held, &learned, Some(&name)).map_err(|e| e.to_string())?,
            })
        };
        // The folds are independent: one worker per core takes the next one.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut done: Vec<(usize, Result<FoldScore, String>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers.min(corpus_folds.len()))
                .map(|_| {
                    scope.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let fold = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if fold >= corpus_folds.len() {
                                return out;
                            }
                            out.push((fold, fold_score(fold)));
                        }
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a cross-validation worker panicked"))
                .collect()
        });
        done.sort_by_key(|(fold, _)| *fold);
        let scores: Vec<FoldScore> = done
            .into_iter()
            .map(|(_, score)| score)
            .collect::<Result<_, String>>()?;
        println!(
            "== {corpus}: {} folds (cross-validated in {:.0} s)",
            scores.len(),
            t0.elapsed().as_secs_f64()
        );
        print_cv(&scores);
        if std::env::var_os("WHOSAID_ERRORS").is_some() {
            for e in scores.iter().flat_map(|s| &s.ranker.errors) {
                println!("{e}");
            }
        }
    }
    Ok(())
}

/// The cross-validation table: per fold and mean, speaker accuracy and
/// end-to-end F1 overall and speaker accuracy per quote type.
fn print_cv(scores: &[FoldScore]) {
    let labels: BTreeSet<&String> = scores
        .iter()
        .flat_map(|s| s.ranker.by_label.keys())
        .collect();
    let mut head = format!(
        "{:<8} {:<7} {:>6} {:>7} {:>6}",
        "fold", "by", "quotes", "spkAcc", "e2eF1"
    );
    for l in &labels {
        head.push_str(&format!(" {:>10}", l));
    }
    println!("{head}");
    let row = |name: &str, by: &str, reports: &[&Report]| {
        let mean = |f: &dyn Fn(&Report) -> f64| {
            reports.iter().map(|r| f(r)).sum::<f64>() / reports.len().max(1) as f64
        };
        let mut line = format!(
            "{name:<8} {by:<7} {:>6} {:>7.3} {:>6.3}",
            reports.iter().map(|r| r.overall.gold).sum::<usize>(),
            mean(&|r| r.overall.speaker_accuracy()),
            mean(&|r| r.overall.e2e_f1())
        );
        for l in &labels {
            line.push_str(&format!(
                " {:>10.3}",
                mean(&|r| r.by_label.get(*l).map_or(0.0, |t| t.speaker_accuracy()))
            ));
        }
        println!("{line}");
    };
    for (i, s) in scores.iter().enumerate() {
        row(&format!("{i}"), "rules", &[&s.rules]);
        row(&format!("{i}"), "ranker", &[&s.ranker]);
    }
    // The mean is over the folds that hold quotations.
    let rules: Vec<&Report> = scores
        .iter()
        .map(|s| &s.rules)
        .filter(|r| r.overall.gold > 0)
        .collect();
    let ranker: Vec<&Report> = scores
        .iter()
        .map(|s| &s.ranker)
        .filter(|r| r.overall.gold > 0)
        .collect();
    row("mean", "rules", &rules);
    row("mean", "ranker", &ranker);
    print_turns(&ranker);
    print_conversation(&ranker);
}

/// Per fold and mean, the ranker's speaker accuracy by where the gold
/// speaker stands in the conversation ([`SpeakerTurn`]; fiction only).
fn print_turns(reports: &[&Report]) {
    if reports.iter().all(|r| r.by_turn.is_empty()) {
        return;
    }
    let mut head = format!("{:<12} {:>6}", "turn", "quotes");
    for i in 0..reports.len() {
        head.push_str(&format!(" {:>6}", format!("fold{i}")));
    }
    println!("{head} {:>6}", "mean");
    for turn in SpeakerTurn::ALL {
        let tallies: Vec<Tally> = reports
            .iter()
            .map(|r| r.by_turn.get(&turn).copied().unwrap_or_default())
            .collect();
        let mut line = format!(
            "{:<12} {:>6}",
            turn.name(),
            tallies.iter().map(|t| t.gold).sum::<usize>()
        );
        for t in &tallies {
            line.push_str(&format!(" {:>6.3}", t.speaker_accuracy()));
        }
        let mean = tallies.iter().map(Tally::speaker_accuracy).sum::<f64>() / tallies.len() as f64;
        println!("{line} {mean:>6.3}");
    }
}

/// Per fold and mean, with the ranker's speakers: grouping links of
/// interrupted quotations and addressees (where the gold has them, PDNC).
fn print_conversation(reports: &[&Report]) {
    if !reports
        .iter()
        .any(|r| r.addressees.is_some_and(|a| a.quotes > 0))
    {
        return;
    }
    println!(
        "{:<8} {:>9} {:>9} {:>11} {:>8} {:>8}",
        "fold", "groupP", "groupR", "groupF1", "addrExact", "addrF1"
    );
    let cells = |r: &Report| {
        let (gp, gr, gf) = r.grouping.map_or((0.0, 0.0, 0.0), |g| g.prf());
        let a = r.addressees.unwrap_or_default();
        [gp, gr, gf, a.exact_accuracy(), a.prf().2]
    };
    let line = |name: &str, c: [f64; 5]| {
        println!(
            "{name:<8} {:>9.3} {:>9.3} {:>11.3} {:>8.3} {:>8.3}",
            c[0], c[1], c[2], c[3], c[4]
        )
    };
    let mut sum = [0.0; 5];
    for (i, r) in reports.iter().enumerate() {
        let c = cells(r);
        for (s, v) in sum.iter_mut().zip(c) {
            *s += v;
        }
        line(&i.to_string(), c);
    }
    line("mean", sum.map(|s| s / reports.len().max(1) as f64));
}

/// The sets the shipped resolver is fitted on: the PDNC training novels and
/// news train.
fn training_sets(dir: &Path) -> Result<[Cached; 2], BoxError> {
    Ok([
        read_cache_warn(dir, "pdnc-train")?,
        read_cache_warn(dir, "news-train")?,
    ])
}

/// Refits the addressee model of the ranker at `from` on the training
/// sets, its speakers and utterance links unchanged, and writes it to `out`.
fn refit_addressees(dir: &Path, from: &Path, out: &Path) -> Result<(), BoxError> {
    let train_sets = training_sets(dir)?;
    let fit_on: Vec<(&GoldDoc, &DocumentDraft)> = train_sets.iter().flat_map(pairs).collect();
    let mut ranker = SpeakerRanker::load(from)?;
    ranker.addressee_model = Some(fit_addressee_model(&fit_on, Passes::default(), &ranker));
    ranker.save(out)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Trains the ranker on news train and the PDNC training novels (see
/// [`fit_rounds`]), reporting ranking accuracy on the dev sets each round.
fn train(dir: &Path, out: &Path, fitting: &Fitting) -> Result<(), BoxError> {
    let train_sets = training_sets(dir)?;
    let dev_sets = [
        ("pdnc-dev", read_cache_warn(dir, "pdnc-dev")?),
        ("news-dev", read_cache_warn(dir, "news-dev")?),
    ];
    let fit_on: Vec<(&GoldDoc, &DocumentDraft)> = train_sets.iter().flat_map(pairs).collect();
    let mut t0 = Instant::now();
    let ranker = fit_ensemble(&fit_on, fitting, Passes::default(), |round, r, all| {
        eprintln!(
            "round {round}: {} train items, train accuracy {:.3} ({:.0} s)",
            all.len(),
            accuracy(all, r),
            t0.elapsed().as_secs_f64()
        );
        for (set, cached) in &dev_sets {
            let resolver = Resolver {
                ranker: Some(r),
                passes: Passes::default(),
            };
            let dev = items_of(&pairs(cached).collect::<Vec<_>>(), &resolver);
            eprintln!(
                "  {set}: ranking accuracy {:.3} on {} items",
                accuracy(&dev, r),
                dev.len()
            );
        }
        t0 = Instant::now();
    });
    let r = ranker.ok_or("no rounds")?;
    for (c, w) in CONTEXTS.iter().zip(&r.weights) {
        let top: Vec<String> = FEATURES
            .iter()
            .zip(w)
            .filter(|(_, x)| x.abs() > 0.5)
            .map(|(f, x)| format!("{f} {x:+.1}"))
            .collect();
        eprintln!("{c}: {}", top.join(", "));
    }
    eprintln!("null: {:?}", r.null);
    r.save(out)?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Speaker-resolver workbench (see the module docs).
#[derive(Parser)]
#[command(
    name = "resolver",
    about = "Cache the tagger's output, then score, cross-validate and train speaker resolution on it"
)]
struct Cli {
    /// What to do.
    #[arg(value_enum)]
    command: Command,
    /// The cache folder (written by `cache`, read by the others).
    #[arg(long, alias = "out", default_value = "runs/drafts")]
    drafts: PathBuf,
    /// `cache`: the model folder (default: the shipped model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Sets to cache or score, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = SETS.map(String::from))]
    sets: Vec<String>,
    /// `eval`: the ranker to score with; `train`: where to write it (default runs/ranker.json).
    #[arg(long)]
    ranker: Option<PathBuf>,
    /// Fitting rounds (each learns from the previous round's choices).
    #[arg(long, default_value_t = 2)]
    rounds: usize,
    /// Passes over the items per round.
    #[arg(long)]
    epochs: Option<usize>,
    /// AdaGrad step size.
    #[arg(long)]
    lr: Option<f32>,
    /// L2 penalty.
    #[arg(long)]
    l2: Option<f32>,
    /// Units of a hidden layer (0: linear).
    #[arg(long, default_value_t = 0)]
    hidden: usize,
    /// Rankers fitted with seeds `--seed`, `--seed` + 1, …, averaged into one.
    #[arg(long, default_value_t = 1)]
    ensemble: usize,
    /// `cv`/`train`: no learned utterance links (the rule groups segments).
    #[arg(long)]
    no_links: bool,
    /// `cv`/`train`: no learned addressee model (the rules name addressees).
    #[arg(long)]
    no_addressee_model: bool,
    /// `train`: keep this ranker's speaker decisions and utterance links;
    /// refit only its addressee model (on the same training sets).
    #[arg(long)]
    addressees_of: Option<PathBuf>,
    /// `cv`/`train`: read each document twice, the second reading seeing
    /// the first one's choices ahead and its voices.
    #[arg(long)]
    read_twice: bool,
    /// Seed of the first ranker's initial weights and shuffling.
    #[arg(long, default_value_t = FitConfig::default().seed)]
    seed: u64,
    /// `eval`: drop quotations below this confidence first.
    #[arg(long, default_value_t = 0.0)]
    min_confidence: f32,
    /// `cv`: only these corpora (pdnc, news), comma-separated.
    #[arg(long, value_delimiter = ',')]
    corpus: Vec<String>,
    /// `cv`/`train`: switch a pass off (narrator-naming, naming-by-usage, headline-lead,
    /// family-titles, narration-names-only, headings-hold-no-names, utterances,
    /// vocative-not-speaker, sentence-pronouns, described-candidates, named-sources,
    /// own-paragraph-mentions).
    #[arg(long)]
    without_pass: Vec<String>,
    /// `cv`/`train`: leave a feature group out (rules, mention, turns, addressing,
    /// proximity, salience, kind, headline, lookahead, first-reading, voice).
    #[arg(long)]
    without_group: Option<String>,
}

/// The workbench's commands.
#[derive(Clone, Copy, ValueEnum)]
enum Command {
    /// Run the model over the gold sets and store its drafts.
    Cache,
    /// Score resolution on the cached drafts.
    Eval,
    /// How often a right speaker is among the candidates.
    Oracle,
    /// Cross-validation on the fixed folds of folds.json.
    Cv,
    /// Fit the ranker on news train and the PDNC training novels.
    Train,
}

fn main() -> Result<(), BoxError> {
    let cli = Cli::parse();
    let defaults = FitConfig::default();
    let mut cfg = FitConfig {
        epochs: cli.epochs.unwrap_or(defaults.epochs),
        lr: cli.lr.unwrap_or(defaults.lr),
        l2: cli.l2.unwrap_or(defaults.l2),
        hidden_units: cli.hidden,
        seed: cli.seed,
        ..defaults
    };
    if let Some(g) = &cli.without_group {
        cfg.without = Some(FeatureGroup::parse(g).ok_or(format!("unknown feature group {g}"))?);
    }
    let mut passes = Passes::default();
    for p in &cli.without_pass {
        passes = passes.without(Pass::parse(p).ok_or(format!("unknown pass {p}"))?);
    }
    let fitting = Fitting {
        rounds: cli.rounds,
        cfg,
        ensemble: cli.ensemble,
        links: !cli.no_links,
        addressees: !cli.no_addressee_model,
        reading: if cli.read_twice {
            Reading::Twice
        } else {
            Reading::Once
        },
    };
    let dir = &cli.drafts;
    match cli.command {
        Command::Cache => cache(dir, cli.model, &cli.sets),
        Command::Eval => {
            let r = cli.ranker.map(SpeakerRanker::load).transpose()?;
            eval(dir, &cli.sets, r.as_ref(), cli.min_confidence)
        }
        Command::Oracle => oracle(dir, &cli.sets),
        Command::Cv => cross_validate(dir, &fitting, passes, &cli.corpus),
        Command::Train => {
            let out = cli
                .ranker
                .unwrap_or_else(|| PathBuf::from("runs/ranker.json"));
            match cli.addressees_of {
                Some(from) => refit_addressees(dir, &from, &out),
                None => train(dir, &out, &fitting),
            }
        }
    }
}

/// With `WHOSAID_DUMP_ITEMS=<dir>` (`cv`): writes each fold's held-out
/// ranking problems, as the fold's ranker saw them, to
/// `<dir>/<corpus>-fold<k>.csv` for trying other model shapes outside
/// whosaid. One row per option: fold, document, quotation, reading (1 or 2),
/// context, candidate (-1: nobody), right (0/1), the ranker's score (for
/// nobody: its null score), then the candidate's features in
/// [`Feature::ALL`] order (none for nobody).
fn dump_items(
    dir: &Path,
    corpus: &str,
    fold: usize,
    held: &[(&GoldDoc, &DocumentDraft)],
    ranker: &SpeakerRanker,
    passes: Passes,
) -> Result<(), BoxError> {
    std::fs::create_dir_all(dir)?;
    // Rows for nobody are shorter: no features.
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(dir.join(format!("{corpus}-fold{fold}.csv")))?;
    let resolver = Resolver {
        ranker: Some(ranker),
        passes,
    };
    for (d, dr) in held {
        let items = labelled_items(d, dr, &resolver);
        // A quotation's problem comes once per reading, in reading order.
        let mut reading: HashMap<usize, usize> = HashMap::new();
        for li in &items {
            let n = reading.entry(li.item.quote).or_insert(0);
            *n += 1;
            let ctx = li.item.context;
            let head = [
                fold.to_string(),
                d.id.clone(),
                li.item.quote.to_string(),
                n.to_string(),
                ctx.to_string(),
            ];
            let null = [
                "-1".to_string(),
                u8::from(li.null_positive).to_string(),
                ranker.null[ctx].to_string(),
            ];
            w.write_record(head.iter().chain(&null))?;
            for (c, f) in li.item.features.iter().enumerate() {
                let option = [
                    c.to_string(),
                    u8::from(li.positive[c]).to_string(),
                    ranker.score(ctx, f).to_string(),
                ];
                let values = f.values().iter().map(f32::to_string);
                w.write_record(head.iter().cloned().chain(option).chain(values))?;
            }
        }
    }
    w.flush()?;
    Ok(())
}
