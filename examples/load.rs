//! Load run of the HTTP service on loopback: concurrent clients posting raw
//! BBC articles for a fixed time, with the fault cases tried under that load.
//!
//! ```text
//! cargo run --release --example load                         # in-process server, shipped model
//! cargo run --release --example load -- --clients 8 --seconds 60 --workers 2 --queue 16
//! cargo run --release --example load -- --url http://127.0.0.1:8080   # a running whosaid-serve
//! ```
//!
//! Articles come from `../shared/data/news/raw/<category>/*.txt` (or
//! `$WHOSAID_DATA/news/raw`), else the crate's sample article. Each client
//! posts the next article as `{"text": ...}` to `/v1/attribute`, checks the
//! answer is 200 with a `quotes` array, and on 503 waits `Retry-After` and
//! sends it again (a well-behaved client). Midway a fault client sends, while
//! the others keep going: malformed JSON and a body without `text` (400
//! expected), a body over the limit (413), a request whose client hangs up
//! (nothing expected), and a burst of concurrent requests larger than the
//! workers plus queue (503 for some, 200 for the rest). Prints throughput,
//! p50/p90/p99/max latency, every status seen, each fault's outcome, and
//! whether every request was answered. Only 127.0.0.1 is ever contacted;
//! every loop is bounded by the run time and a request count.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use whosaid::corpus::data_dir;
use whosaid::serve::{ServeArgs, Server};

/// Requests any one client sends at most.
const MAX_REQUESTS_PER_CLIENT: usize = 100_000;
/// Time limit of any one client call.
const CALL_TIMEOUT: Duration = Duration::from_secs(120);

/// A load run against whosaid's HTTP service, on loopback only.
#[derive(clap::Parser)]
#[command(name = "load", about = "Load-test `whosaid serve` on 127.0.0.1")]
struct Opts {
    /// A running service to load (loopback only); default: start one in-process.
    #[arg(long)]
    url: Option<String>,
    /// Concurrent clients (1-64).
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// Length of the run in seconds (1-600).
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    /// Model instances of the in-process service.
    #[arg(long, default_value_t = 2)]
    workers: u32,
    /// Queue length of the in-process service.
    #[arg(long, default_value_t = 16)]
    queue: usize,
    /// Largest request body of the in-process service (e.g. 5M).
    #[arg(long, value_parser = whosaid::serve::config::parse_size, default_value = "5M")]
    max_body: usize,
}

fn parse_args() -> Result<Opts, String> {
    let mut o = <Opts as clap::Parser>::parse();
    if let Some(u) = &o.url {
        let host = u
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or("");
        if !(host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]"))
        {
            return Err(format!("{u}: the load run only targets loopback addresses"));
        }
    }
    o.clients = o.clients.clamp(1, 64);
    o.seconds = o.seconds.clamp(1, 600);
    Ok(o)
}

fn articles() -> (Vec<String>, String) {
    let raw = data_dir().join("news").join("raw");
    let paths = whosaid::corpus::news::raw_article_paths(&raw);
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if !texts.is_empty() {
        return (
            texts,
            format!("{} raw BBC articles from {}", paths.len(), raw.display()),
        );
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/sample_article.txt");
    let text = std::fs::read_to_string(&sample).expect("the crate's sample article");
    (
        vec![text],
        format!("{} (no BBC articles found)", sample.display()),
    )
}

/// What the clients saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    statuses: BTreeMap<String, usize>,
    retries_after_503: usize,
    bad_answers: usize,
    bytes: usize,
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(CALL_TIMEOUT)
        .no_proxy()
        .build()
        .expect("HTTP client")
}

/// Posts `body` and returns the status (or the transport error) and body.
async fn post(
    c: &reqwest::Client,
    url: &str,
    ct: &str,
    body: Vec<u8>,
) -> (String, Vec<u8>, Option<u64>) {
    match c
        .post(url)
        .header("content-type", ct)
        .body(body)
        .send()
        .await
    {
        Ok(r) => {
            let status = r.status().as_u16().to_string();
            let retry = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok());
            match r.bytes().await {
                Ok(b) => (status, b.to_vec(), retry),
                Err(e) => (format!("body error: {e}"), Vec::new(), retry),
            }
        }
        Err(e) => (format!("transport error: {e}"), Vec::new(), None),
    }
}

/// One well-behaved client: posts articles until `deadline`.
async fn run_client(
    base: String,
    texts: Arc<Vec<String>>,
    next: Arc<AtomicUsize>,
    deadline: Instant,
    tally: Arc<Mutex<Tally>>,
) {
    let c = client();
    let url = format!("{base}/v1/attribute");
    for _ in 0..MAX_REQUESTS_PER_CLIENT {
        if Instant::now() >= deadline {
            break;
        }
        let text = &texts[next.fetch_add(1, Ordering::Relaxed) % texts.len()];
        let body = serde_json::json!({ "text": text }).to_string().into_bytes();
        let start = Instant::now();
        let mut tries = 0;
        let (status, answer) = loop {
            let (status, answer, retry) = post(&c, &url, "application/json", body.clone()).await;
            tries += 1;
            if status == "503" && tries < 20 {
                tokio::time::sleep(Duration::from_secs(retry.unwrap_or(1))).await;
                continue;
            }
            break (status, answer);
        };
        let latency = start.elapsed();
        let ok = status == "200"
            && serde_json::from_slice::<serde_json::Value>(&answer)
                .is_ok_and(|v| v["quotes"].is_array() && v["speakers"].is_array());
        let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
        t.latencies.push(latency);
        *t.statuses.entry(status.clone()).or_default() += 1;
        t.retries_after_503 += tries - 1;
        t.bytes += text.len();
        if status == "200" && !ok {
            t.bad_answers += 1;
        }
    }
}

/// The fault cases, sent while the clients run; returns one line per case.
async fn faults(
    base: String,
    addr: String,
    max_body: usize,
    burst: usize,
    sample: String,
) -> Vec<String> {
    let c = client();
    let url = format!("{base}/v1/attribute");
    let mut out = Vec::new();
    let (s, b, _) = post(
        &c,
        &url,
        "application/json",
        b"{\"text\": \"unclosed".to_vec(),
    )
    .await;
    out.push(format!(
        "malformed JSON: {s} {}",
        String::from_utf8_lossy(&b)
    ));
    let (s, b, _) = post(&c, &url, "application/json", b"{\"txt\": \"a\"}".to_vec()).await;
    out.push(format!("missing text: {s} {}", String::from_utf8_lossy(&b)));
    let (s, b, _) = post(&c, &url, "text/plain", vec![b'a'; max_body + 1]).await;
    out.push(format!(
        "body of max-body + 1 bytes: {s} {}",
        String::from_utf8_lossy(&b)
    ));
    let hung_up = (|| -> std::io::Result<()> {
        let mut s = TcpStream::connect_timeout(
            &addr.parse().map_err(std::io::Error::other)?,
            Duration::from_secs(5),
        )?;
        let body = serde_json::json!({ "text": sample }).to_string();
        write!(s, "POST /v1/attribute HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())?;
        Ok(())
    })();
    out.push(format!(
        "client that hangs up after sending: {}",
        match hung_up {
            Ok(()) => "sent and closed".to_string(),
            Err(e) => format!("could not send: {e}"),
        }
    ));
    let mut burst_tasks = Vec::new();
    for _ in 0..burst {
        let (c, url, sample) = (c.clone(), url.clone(), sample.clone());
        burst_tasks.push(tokio::spawn(async move {
            let body = serde_json::json!({ "text": sample })
                .to_string()
                .into_bytes();
            post(&c, &url, "application/json", body).await
        }));
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut retry_after = 0;
    for t in burst_tasks {
        match t.await {
            Ok((s, _, r)) => {
                if s == "503" && r.is_some() {
                    retry_after += 1;
                }
                *seen.entry(s).or_default() += 1;
            }
            Err(e) => *seen.entry(format!("task failed: {e}")).or_default() += 1,
        }
    }
    out.push(format!("burst of {burst} concurrent requests (queue full): {seen:?}, {retry_after} of the 503s with Retry-After"));
    out
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let opts = parse_args().unwrap_or_else(|e| {
        eprintln!("load: {e}");
        std::process::exit(2);
    });
    let (texts, source) = articles();
    let sample = texts[0].clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (base, addr, server) = match &opts.url {
        Some(u) => {
            let u = u.trim_end_matches('/').to_string();
            let addr = u.trim_start_matches("http://").to_string();
            (u, addr, None)
        }
        None => {
            let args = ServeArgs {
                addr: ([127, 0, 0, 1], 0).into(),
                workers: opts.workers,
                threads: 1,
                queue: opts.queue,
                max_body: opts.max_body,
                timeout: Duration::from_secs(120),
                ..ServeArgs::default()
            };
            let loader = args.clone();
            let pool = tokio::task::spawn_blocking(move || loader.load_pool())
                .await
                .expect("loader")
                .unwrap_or_else(|e| {
                    eprintln!("load: cannot load the model: {e}");
                    std::process::exit(1);
                });
            let server = Server::bind(args.addr, Arc::new(pool), args.limits())
                .await
                .expect("bind");
            let addr = server.local_addr().expect("address");
            let task = tokio::spawn(server.run(async {
                let _ = stopped.await;
            }));
            (format!("http://{addr}"), addr.to_string(), Some(task))
        }
    };
    println!(
        "load run: {} clients for {} s against {base} ({}); articles: {source}",
        opts.clients,
        opts.seconds,
        if server.is_some() {
            format!(
                "in-process server, shipped model, {} workers x 1 thread, queue {}",
                opts.workers, opts.queue
            )
        } else {
            "external server".into()
        }
    );
    let texts = Arc::new(texts);
    let next = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(opts.seconds);
    let clients: Vec<_> = (0..opts.clients)
        .map(|_| {
            tokio::spawn(run_client(
                base.clone(),
                texts.clone(),
                next.clone(),
                deadline,
                tally.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(opts.seconds / 3)).await;
    let burst = opts.workers as usize + opts.queue + 2 * opts.clients + 8;
    let fault_lines = faults(base.clone(), addr, opts.max_body, burst, sample).await;
    for c in clients {
        if let Err(e) = c.await {
            eprintln!("client task failed: {e}");
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let health = client().get(format!("{base}/healthz")).send().await.ok();
    let health = match health {
        Some(r) => String::from_utf8_lossy(&r.bytes().await.unwrap_or_default()).to_string(),
        None => "unreachable".into(),
    };
    let t = std::mem::take(&mut *tally.lock().unwrap_or_else(|e| e.into_inner()));
    let mut lat = t.latencies.clone();
    lat.sort();
    let n = lat.len();
    let ok = t.statuses.get("200").copied().unwrap_or(0);
    println!(
        "requests: {n} in {elapsed:.1} s: {:.2} requests/s, {:.1} KB/s of text",
        n as f64 / elapsed,
        t.bytes as f64 / 1024.0 / elapsed
    );
    println!(
        "latency ms: p50 {:.0}, p90 {:.0}, p99 {:.0}, max {:.0}",
        percentile(&lat, 0.5),
        percentile(&lat, 0.9),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0)
    );
    println!(
        "final statuses: {:?}; resent after 503: {}; 200s with a bad body: {}",
        t.statuses, t.retries_after_503, t.bad_answers
    );
    println!("faults under load:");
    for l in &fault_lines {
        let l: String = l.chars().take(220).collect();
        println!("  {l}");
    }
    println!("health after the run: {health}");
    let all = ok == n && t.bad_answers == 0;
    println!(
        "every request answered with a result: {}",
        if all { "yes" } else { "NO" }
    );
    drop(t);
    if let Some(task) = server {
        let _ = stop.send(());
        match tokio::time::timeout(Duration::from_secs(120), task).await {
            Ok(Ok(Ok(()))) => println!("server drained and stopped"),
            other => println!("server stop: {other:?}"),
        }
    }
    if !all {
        std::process::exit(1);
    }
}
