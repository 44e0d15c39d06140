//! Scores whosaid (or another system's predictions) on the gold sets.
//!
//! ```text
//! cargo run --release --example evaluate -- [options]
//! ```
//!
//! Without `--gold`/`--pdnc` the sets are the news gold `dev.jsonl` and the
//! PDNC dev novels (`DaisyMiller`, `NorthangerAbbey`, `TheSunAlsoRises`) of
//! the data folder (`$WHOSAID_DATA`, else `../shared/data`).
//!
//! Options:
//!
//! - `--model DIR`: model directory (default: `$WHOSAID_MODEL`, else the
//!   shipped `models/whosaid-minilm-v1`).
//! - `--gold FILE.jsonl` (repeatable): a gold file in the news format.
//! - `--pdnc NOVEL,NOVEL | dev | all` (repeatable): PDNC novels, scored as
//!   one set with rows per quote type (explicit / anaphoric / implicit).
//! - `--data DIR`: the data folder (overrides `$WHOSAID_DATA`).
//! - `--pred FILE.jsonl`: score this predictions file (the `attribute --jsonl`
//!   format) instead of running a model.
//! - `--errors`: list misses, false positives and wrong speakers with context.
//! - `--reliability`: a reliability table: predicted quotations binned by
//!   confidence, with the share matched and the share correctly attributed.
//! - `--json`: print the report as `score.py --json` does (one object for one
//!   set, else an object per set); timing then goes to stderr.
//! - `--write-pred OUT.jsonl`: write the model's predictions (all sets, one
//!   document a line) for `score.py`.
//! - `--write-gold OUT.jsonl`: write the gold documents (all sets) in the
//!   news gold format, with `speaker_aliases` for PDNC.
//! - `--batch N`: windows per forward pass (default 8).
//! - `--threads N`: libtorch intra-op threads.
//!
//! Check against the reference scorer:
//!
//! ```text
//! evaluate --pdnc dev --write-gold /tmp/g.jsonl --write-pred /tmp/p.jsonl
//! python3 ../shared/tools/score.py /tmp/g.jsonl /tmp/p.jsonl
//! ```

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Map, Value};
use whosaid::api::jsonl::write_prediction_line;
use whosaid::corpus::predictions::read_predictions;
use whosaid::corpus::{data_dir, news, pdnc, GoldDoc};
use whosaid::metrics::{self, Report};
use whosaid::Attributor;

const USAGE: &str = "usage: evaluate [--model DIR] [--gold FILE.jsonl]... [--pdnc NOVEL,NOVEL|dev|all]... \
[--data DIR] [--pred FILE.jsonl] [--errors] [--reliability] [--json] [--write-pred OUT.jsonl] [--write-gold OUT.jsonl] \
[--batch N] [--threads N]";

type BoxError = Box<dyn std::error::Error>;

#[derive(Default)]
struct Args {
    model: Option<PathBuf>,
    gold: Vec<PathBuf>,
    pdnc: Vec<String>,
    data: Option<PathBuf>,
    pred: Option<PathBuf>,
    errors: bool,
    reliability: bool,
    json: bool,
    write_pred: Option<PathBuf>,
    write_gold: Option<PathBuf>,
    batch: Option<usize>,
    threads: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        let count = |v: String| match v.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!("{flag}: expected a positive integer, got {v:?}")),
        };
        match flag.as_str() {
            "--model" => a.model = Some(PathBuf::from(val()?)),
            "--gold" => a.gold.push(PathBuf::from(val()?)),
            "--pdnc" => a.pdnc.push(val()?),
            "--data" => a.data = Some(PathBuf::from(val()?)),
            "--pred" => a.pred = Some(PathBuf::from(val()?)),
            "--errors" => a.errors = true,
            "--reliability" => a.reliability = true,
            "--json" => a.json = true,
            "--write-pred" => a.write_pred = Some(PathBuf::from(val()?)),
            "--write-gold" => a.write_gold = Some(PathBuf::from(val()?)),
            "--batch" => a.batch = Some(count(val()?)?),
            "--threads" => a.threads = Some(count(val()?)?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if a.pred.is_some() && a.write_pred.is_some() {
        return Err("--write-pred needs a model run; it cannot be used with --pred".into());
    }
    if a.pred.is_some() && (a.model.is_some() || a.batch.is_some() || a.threads.is_some()) {
        return Err(
            "--model, --batch and --threads do not apply to --pred (no model is run)".into(),
        );
    }
    Ok(a)
}

/// A named gold set.
struct GoldSet {
    name: String,
    docs: Vec<GoldDoc>,
}

/// The data folder, checked to exist.
fn checked_data_dir(args: &Args) -> Result<PathBuf, String> {
    let dir = args.data.clone().unwrap_or_else(data_dir);
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "data folder {} not found: set WHOSAID_DATA or pass --data DIR (or give --gold FILE)",
            dir.display()
        ))
    }
}

fn load_sets(args: &Args) -> Result<Vec<GoldSet>, BoxError> {
    let (gold, pdnc_specs) = if args.gold.is_empty() && args.pdnc.is_empty() {
        let dev = checked_data_dir(args)?.join("news/gold/dev.jsonl");
        (vec![dev], vec!["dev".to_string()])
    } else {
        (args.gold.clone(), args.pdnc.clone())
    };
    let mut sets = Vec::new();
    for path in &gold {
        if !path.is_file() {
            return Err(format!("gold file {} not found", path.display()).into());
        }
        let docs = news::read_gold(path)?;
        sets.push(GoldSet {
            name: format!("news {}", path.display()),
            docs,
        });
    }
    for spec in &pdnc_specs {
        let root = checked_data_dir(args)?.join("pdnc");
        let available = pdnc::list_novels(&root);
        let names: Vec<String> = match spec.as_str() {
            "dev" => pdnc::PDNC_DEV_NOVELS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            "all" => available.clone(),
            list => list
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        };
        if names.is_empty() {
            return Err(format!("--pdnc {spec:?}: no novels under {}", root.display()).into());
        }
        for n in &names {
            if !available.contains(n) {
                return Err(format!(
                    "PDNC novel {n:?} not found under {} (available: {})",
                    root.join("data").display(),
                    available.join(", ")
                )
                .into());
            }
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let docs = pdnc::read_novels(&root, &refs)?;
        let label = if spec == "dev" {
            "dev".to_string()
        } else {
            names.join(",")
        };
        sets.push(GoldSet {
            name: format!("pdnc {label}"),
            docs,
        });
    }
    Ok(sets)
}

fn create(path: &Path) -> Result<BufWriter<File>, BoxError> {
    let f = File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(BufWriter::new(f))
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), BoxError> {
    let args = parse_args()?;
    let sets = load_sets(&args)?;
    let preds = match &args.pred {
        Some(p) if !p.is_file() => {
            return Err(format!("predictions file {} not found", p.display()).into())
        }
        Some(p) => Some(read_predictions(p)?),
        None => None,
    };
    let attributor = if preds.is_none() {
        let mut b = Attributor::builder();
        if let Some(d) = &args.model {
            b = b.model_dir(d);
        }
        if let Some(n) = args.batch {
            b = b.batch_size(n);
        }
        if let Some(n) = args.threads {
            b = b.threads(n);
        }
        let dir = args
            .model
            .clone()
            .unwrap_or_else(whosaid::default_model_dir);
        let t = Instant::now();
        let a = b.build().map_err(|e| {
            format!(
                "cannot load the model from {}: {e} (pass --model DIR or set WHOSAID_MODEL)",
                dir.display()
            )
        })?;
        eprintln!(
            "model {} loaded in {:.2}s",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
        Some(a)
    } else {
        None
    };

    let mut write_pred = args.write_pred.as_deref().map(create).transpose()?;
    let mut write_gold = args.write_gold.as_deref().map(create).transpose()?;
    let mut json_out = Map::new();
    for set in &sets {
        if let Some(w) = write_gold.as_mut() {
            for d in &set.docs {
                writeln!(w, "{}", news::gold_json(d))?;
            }
        }
        let t = Instant::now();
        let mut reliability = None;
        let report: Report = match (&preds, &attributor) {
            (Some(p), _) => metrics::score(&set.docs, p),
            (None, Some(a)) => {
                let atts = metrics::attribute_docs(a.model(), a.options(), &set.docs)?;
                let report = metrics::score(&set.docs, &metrics::predictions(&set.docs, &atts));
                reliability = Some(metrics::Reliability::compute(&set.docs, &atts, 10));
                if let Some(w) = write_pred.as_mut() {
                    for (d, att) in set.docs.iter().zip(&atts) {
                        write_prediction_line(w, &d.id, &d.text, att)?;
                    }
                }
                report
            }
            (None, None) => unreachable!("a model is loaded when there are no predictions"),
        };
        let secs = t.elapsed().as_secs_f64();
        // Counted outside the timed run: the word pieces the model read.
        let tokens = match &attributor {
            Some(a) => Some(
                set.docs
                    .iter()
                    .map(|d| metrics::count_tokens(a.model(), &d.text))
                    .sum::<whosaid::Result<usize>>()?,
            ),
            None => None,
        };
        let ndocs = set.docs.len();
        let mut timing = format!(
            "{}: {ndocs} docs in {secs:.2}s wall ({:.2} docs/s",
            set.name,
            ndocs as f64 / secs.max(1e-9)
        );
        if let Some(n) = tokens {
            timing += &format!(", {n} tokens, {:.0} tokens/s", n as f64 / secs.max(1e-9));
        }
        timing += &format!("); peak RSS {}", metrics::peak_rss_text());
        if args.json {
            json_out.insert(set.name.clone(), report.to_json());
            eprintln!("{timing}");
            if args.errors {
                for e in &report.errors {
                    eprintln!("{e}");
                }
            }
        } else {
            let nquotes: usize = set.docs.iter().map(|d| d.quotes.len()).sum();
            println!("== {} ({ndocs} docs, {nquotes} gold quotes) ==", set.name);
            print!("{report}");
            if let Some(r) = reliability.as_ref().filter(|_| args.reliability) {
                println!("-- reliability (predicted quotations by confidence) --");
                print!("{r}");
            }
            if args.errors {
                println!("-- errors ({}) --", report.errors.len());
                for e in &report.errors {
                    println!("{e}");
                }
            }
            println!("{timing}\n");
        }
    }
    if let Some(mut w) = write_pred {
        w.flush()?;
    }
    if let Some(mut w) = write_gold {
        w.flush()?;
    }
    if args.json {
        let out = if json_out.len() == 1 {
            json_out
                .into_iter()
                .next()
                .map(|(_, v)| v)
                .unwrap_or(Value::Null)
        } else {
            Value::Object(json_out)
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}
