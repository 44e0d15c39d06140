//! `whosaid eval`: score the model (or another system's predictions) on the
//! gold sets, as `FORMAT.md` defines and `score.py` computes.
//!
//! Without `--gold`/`--pdnc` the sets are the news gold `dev.jsonl` and the
//! PDNC dev novels of the data folder (`$WHOSAID_DATA`, else `../shared/data`).
//! Check against the reference scorer:
//!
//! ```text
//! whosaid eval --pdnc dev --write-gold /tmp/g.jsonl --write-pred /tmp/p.jsonl
//! python3 ../shared/tools/score.py /tmp/g.jsonl /tmp/p.jsonl
//! ```

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use serde_json::{Map, Value};
use whosaid::api::attributor::attribute_with;
use whosaid::api::jsonl::write_prediction_line;
use whosaid::corpus::predictions::read_predictions;
use whosaid::corpus::{data_dir, news, pdnc, GoldDoc};
use whosaid::metrics::{self, Report};
use whosaid::{Attribution, Attributor};

use crate::error::{CliError, CliResult};
use crate::model::ModelArgs;
use crate::progress::{self, Progress};

/// Arguments of `whosaid eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// A gold file in the news format (repeatable).
    #[arg(long, value_name = "FILE.jsonl")]
    gold: Vec<PathBuf>,
    /// PDNC novels, scored as one set with rows per quote type: NOVEL,NOVEL or `dev` or `all` (repeatable).
    #[arg(long, value_name = "NOVELS")]
    pdnc: Vec<String>,
    /// The data folder (default: $WHOSAID_DATA, else ../shared/data).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Score this predictions file (the `batch` output format) instead of running a model.
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["write_pred", "model", "batch", "threads", "precision", "overlap", "min_confidence"])]
    pred: Option<PathBuf>,
    /// List misses, false positives and wrong speakers with context.
    #[arg(long)]
    errors: bool,
    /// A reliability table: predicted quotations binned by confidence.
    #[arg(long)]
    reliability: bool,
    /// Print the report as `score.py --json` does (one object for one set, else one per set); timing goes to stderr.
    #[arg(long)]
    json: bool,
    /// Write the model's predictions (all sets, one document a line) for `score.py`.
    #[arg(long, value_name = "OUT.jsonl")]
    write_pred: Option<PathBuf>,
    /// Write the gold documents (all sets) in the news gold format, with `speaker_aliases` for PDNC.
    #[arg(long, value_name = "OUT.jsonl")]
    write_gold: Option<PathBuf>,
    #[command(flatten)]
    model: ModelArgs,
    /// Draw no progress on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// A named gold set.
struct GoldSet {
    name: String,
    docs: Vec<GoldDoc>,
}

/// The data folder, checked to exist.
fn checked_data_dir(args: &EvalArgs) -> CliResult<PathBuf> {
    let dir = args.data.clone().unwrap_or_else(data_dir);
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(CliError::Usage(format!(
            "data folder {} not found: set WHOSAID_DATA or pass --data DIR (or give --gold FILE)",
            dir.display()
        )))
    }
}

/// The PDNC novels `spec` names (`dev`, `all` or a comma-separated list), checked to exist.
fn pdnc_set(args: &EvalArgs, spec: &str) -> CliResult<GoldSet> {
    let root = checked_data_dir(args)?.join("pdnc");
    let available = pdnc::list_novels(&root);
    let names: Vec<String> = match spec {
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
        return Err(CliError::Usage(format!(
            "--pdnc {spec:?}: no novels under {}",
            root.display()
        )));
    }
    if let Some(n) = names.iter().find(|n| !available.contains(n)) {
        return Err(CliError::Usage(format!(
            "PDNC novel {n:?} not found under {} (available: {})",
            root.join("data").display(),
            available.join(", ")
        )));
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let label = if spec == "dev" {
        "dev".to_string()
    } else {
        names.join(",")
    };
    Ok(GoldSet {
        name: format!("pdnc {label}"),
        docs: pdnc::read_novels(&root, &refs)?,
    })
}

/// The gold sets the arguments name (news dev and PDNC dev by default).
fn load_sets(args: &EvalArgs) -> CliResult<Vec<GoldSet>> {
    let (gold, pdnc_specs) = if args.gold.is_empty() && args.pdnc.is_empty() {
        let dev = checked_data_dir(args)?.join("news/gold/dev.jsonl");
        (vec![dev], vec!["dev".to_string()])
    } else {
        (args.gold.clone(), args.pdnc.clone())
    };
    let mut sets = Vec::new();
    for path in &gold {
        if !path.is_file() {
            return Err(CliError::Usage(format!(
                "gold file {} not found",
                path.display()
            )));
        }
        sets.push(GoldSet {
            name: format!("news {}", path.display()),
            docs: news::read_gold(path)?,
        });
    }
    for spec in &pdnc_specs {
        sets.push(pdnc_set(args, spec)?);
    }
    Ok(sets)
}

/// An output file, with errors that name it.
struct OutFile {
    path: PathBuf,
    w: BufWriter<File>,
}

impl OutFile {
    fn create(path: &Path) -> CliResult<Self> {
        let f = File::create(path).map_err(|e| write_error(path, e))?;
        Ok(OutFile {
            path: path.to_path_buf(),
            w: BufWriter::new(f),
        })
    }

    fn line(&mut self, v: &Value) -> CliResult<()> {
        writeln!(self.w, "{v}").map_err(|e| write_error(&self.path, e))
    }

    fn finish(mut self) -> CliResult<()> {
        self.w.flush().map_err(|e| write_error(&self.path, e))
    }
}

fn write_error(path: &Path, e: std::io::Error) -> CliError {
    CliError::Usage(format!("cannot write {}: {e}", path.display()))
}

/// Runs the model over a set, in the chunks `metrics::attribute_docs` uses
/// (so the figures are the same), advancing the progress bar per chunk.
fn attribute_set(a: &Attributor, set: &GoldSet, show: bool) -> CliResult<Vec<Attribution>> {
    let bar = Progress::new(Some(set.docs.len() as u64), "docs", show);
    bar.message(set.name.clone());
    let mut out = Vec::with_capacity(set.docs.len());
    for chunk in set.docs.chunks(metrics::DOCS_PER_CALL) {
        let texts: Vec<&str> = chunk.iter().map(|d| d.text.as_str()).collect();
        out.extend(attribute_with(a.model(), a.ranker(), a.options(), &texts)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish();
    Ok(out)
}

/// Loads the model, reporting the time on stderr.
fn load_model(args: &ModelArgs) -> CliResult<Attributor> {
    let t = Instant::now();
    let a = args.load()?;
    eprintln!(
        "model {} loaded in {:.2}s",
        args.dir().display(),
        t.elapsed().as_secs_f64()
    );
    Ok(a)
}

/// Runs the subcommand.
pub fn run(args: EvalArgs) -> CliResult<ExitCode> {
    let sets = load_sets(&args)?;
    let preds = match &args.pred {
        Some(p) if !p.is_file() => {
            return Err(CliError::Usage(format!(
                "predictions file {} not found",
                p.display()
            )))
        }
        Some(p) => Some(read_predictions(p)?),
        None => None,
    };
    let attributor = match preds {
        None => Some(load_model(&args.model)?),
        Some(_) => None,
    };
    let show = progress::wanted(args.quiet);
    let mut write_pred = args
        .write_pred
        .as_deref()
        .map(OutFile::create)
        .transpose()?;
    let mut write_gold = args
        .write_gold
        .as_deref()
        .map(OutFile::create)
        .transpose()?;
    let mut json_out = Map::new();
    for set in &sets {
        if let Some(w) = write_gold.as_mut() {
            for d in &set.docs {
                w.line(&news::gold_json(d))?;
            }
        }
        let t = Instant::now();
        let mut reliability = None;
        let report: Report = match (&preds, &attributor) {
            (Some(p), _) => metrics::score(&set.docs, p),
            (None, Some(a)) => {
                let atts = attribute_set(a, set, show)?;
                let report = metrics::score(&set.docs, &metrics::predictions(&set.docs, &atts));
                reliability = Some(metrics::Reliability::compute(&set.docs, &atts, 10));
                if let Some(w) = write_pred.as_mut() {
                    for (d, att) in set.docs.iter().zip(&atts) {
                        write_prediction_line(&mut w.w, &d.id, &d.text, att).map_err(|e| {
                            CliError::Usage(format!("cannot write {}: {e}", w.path.display()))
                        })?;
                    }
                }
                report
            }
            (None, None) => unreachable!("a model is loaded when there are no predictions"),
        };
        let secs = t.elapsed().as_secs_f64();
        let timing = timing_line(set, secs, attributor.as_ref())?;
        if args.json {
            json_out.insert(set.name.clone(), report.to_json());
            eprintln!("{timing}");
            if args.errors {
                for e in &report.errors {
                    eprintln!("{e}");
                }
            }
        } else {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let ndocs = set.docs.len();
            let nquotes: usize = set.docs.iter().map(|d| d.quotes.len()).sum();
            writeln!(
                out,
                "== {} ({ndocs} docs, {nquotes} gold quotes) ==",
                set.name
            )?;
            write!(out, "{report}")?;
            if let Some(r) = reliability.as_ref().filter(|_| args.reliability) {
                writeln!(
                    out,
                    "-- reliability (predicted quotations by confidence) --"
                )?;
                write!(out, "{r}")?;
            }
            if args.errors {
                writeln!(out, "-- errors ({}) --", report.errors.len())?;
                for e in &report.errors {
                    writeln!(out, "{e}")?;
                }
            }
            writeln!(out, "{timing}\n")?;
        }
    }
    if let Some(w) = write_pred {
        w.finish()?;
    }
    if let Some(w) = write_gold {
        w.finish()?;
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
        let json = serde_json::to_string_pretty(&out).map_err(std::io::Error::from)?;
        writeln!(std::io::stdout(), "{json}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Wall time, documents/s, word pieces/s (when a model ran) and peak memory for a set.
fn timing_line(set: &GoldSet, secs: f64, attributor: Option<&Attributor>) -> CliResult<String> {
    let ndocs = set.docs.len();
    let mut timing = format!(
        "{}: {ndocs} docs in {secs:.2}s wall ({:.2} docs/s",
        set.name,
        ndocs as f64 / secs.max(1e-9)
    );
    // Counted outside the timed run: the word pieces the model read.
    if let Some(a) = attributor {
        let n = set
            .docs
            .iter()
            .map(|d| metrics::count_tokens(a.model(), &d.text))
            .sum::<whosaid::Result<usize>>()?;
        timing += &format!(", {n} tokens, {:.0} tokens/s", n as f64 / secs.max(1e-9));
    }
    timing += &format!("); peak RSS {}", metrics::peak_rss_text());
    Ok(timing)
}
