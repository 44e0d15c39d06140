//! The service's options: the command-line arguments ([`ServeArgs`], a clap
//! `Args` struct, so that any binary can flatten it into its own command) and
//! the request limits ([`Limits`]) the routes enforce.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::{Attributor, AttributorPool, Result};

/// Default largest request body: 5 MB.
pub(crate) const DEFAULT_MAX_BODY: usize = 5 * 1024 * 1024;

/// Options of `whosaid-serve` (and of the service started by [`super::run`]).
#[derive(Debug, Clone, PartialEq, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (a port of 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Model instances: how many requests are attributed at once.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub workers: u32,
    /// libtorch intra-op threads (process-wide, shared by all workers).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub threads: u32,
    /// Largest request body, in bytes or with a K/M suffix (e.g. 5M); larger gets 413.
    #[arg(long, default_value = "5M", value_parser = parse_size)]
    pub max_body: usize,
    /// Requests that may wait for a free worker; when that many wait, more get 503.
    #[arg(long, default_value_t = 16)]
    pub queue: usize,
    /// Time limit for a request (waiting for a worker and attribution), e.g.
    /// 30s, 500ms, 2m; over it gets 504. For /v1/batch it applies to each
    /// group of 16 lines.
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Model directory (default: $WHOSAID_MODEL, else the shipped model).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Number format of the encoder: auto (bf16 on CPUs with AVX-512 BF16, else f32), f32 or bf16.
    #[arg(long, value_name = "P", default_value = "auto")]
    pub precision: crate::Precision,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: 2,
            threads: 1,
            max_body: DEFAULT_MAX_BODY,
            queue: 16,
            timeout: Duration::from_secs(60),
            model: None,
            precision: crate::Precision::Auto,
        }
    }
}

impl ServeArgs {
    /// The request limits these options set.
    pub fn limits(&self) -> Limits {
        Limits {
            max_body: self.max_body,
            queue: self.queue,
            timeout: self.timeout,
        }
    }

    /// Loads `workers` model instances with `threads` libtorch threads.
    pub fn load_pool(&self) -> Result<AttributorPool> {
        let mut builder = Attributor::builder()
            .threads(self.threads as usize)
            .precision(self.precision);
        if let Some(dir) = &self.model {
            builder = builder.model_dir(dir);
        }
        AttributorPool::load(builder, self.workers as usize)
    }
}

/// What one request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body in bytes (413 over it).
    pub max_body: usize,
    /// Requests that may wait for a worker beyond those running (503 over it).
    pub queue: usize,
    /// Time for waiting for a worker plus attribution (504 over it).
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        ServeArgs::default().limits()
    }
}

/// Parses a byte count: `1048576`, `512K`, `5M` (powers of 1024; `KB`/`MB`
/// and lower case accepted).
pub fn parse_size(s: &str) -> std::result::Result<usize, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let (digits, unit) = match lower.trim_end_matches('b') {
        d if d.ends_with('k') => (&d[..d.len() - 1], 1024),
        d if d.ends_with('m') => (&d[..d.len() - 1], 1024 * 1024),
        d if d.ends_with('g') => (&d[..d.len() - 1], 1024 * 1024 * 1024),
        d => (d, 1),
    };
    digits
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("`{s}` is not a size (examples: 1048576, 512K, 5M)"))
}

/// Parses a duration: `30s`, `500ms`, `2m`, or a plain number of seconds
/// (`1.5`). Zero is refused.
pub(crate) fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let t = s.trim();
    let bad = || format!("`{s}` is not a duration (examples: 30s, 500ms, 2m, 1.5)");
    let (num, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    let secs = num.trim().parse::<f64>().map_err(|_| bad())? * scale;
    if !secs.is_finite() || secs <= 0.0 || secs > 1e9 {
        return Err(bad());
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("5M"), Ok(5 << 20));
        assert_eq!(parse_size("5mb"), Ok(5 << 20));
        assert_eq!(parse_size("0"), Ok(0));
        for bad in ["", "M", "-1", "5X", "1.5M", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        for bad in ["", "0", "0s", "-1s", "abc", "NaNs", "infs"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn args_parse_with_defaults_and_limits() {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let cli = Cli::try_parse_from(["x"]).expect("defaults parse");
        assert_eq!(cli.serve, ServeArgs::default());
        let cli = Cli::try_parse_from([
            "x",
            "--addr",
            "127.0.0.1:0",
            "--workers",
            "3",
            "--max-body",
            "1K",
            "--queue",
            "0",
            "--timeout",
            "250ms",
        ])
        .expect("options parse");
        assert_eq!(cli.serve.workers, 3);
        assert_eq!(
            cli.serve.limits(),
            Limits {
                max_body: 1024,
                queue: 0,
                timeout: Duration::from_millis(250)
            }
        );
        assert!(Cli::try_parse_from(["x", "--workers", "0"]).is_err());
        assert!(Cli::try_parse_from(["x", "--timeout", "soon"]).is_err());
    }
}
