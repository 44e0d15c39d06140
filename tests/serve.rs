//! The HTTP service on loopback (127.0.0.1, a free port), with the tiny
//! random model: results identical to the library under concurrent clients,
//! and every status code: 400, 413, 415, 404, 503 with `Retry-After` when the
//! queue is full, 504 past the time limit, a client that goes away, batch
//! streaming, health, and draining on shutdown (in process and, for the
//! binary, on SIGTERM). A test that needs a busy worker makes one
//! deterministically by checking the only model instance out of the pool the
//! server shares. Every client call has a time limit and every loop a bound.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::TinyModelDir;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use whosaid::serve::{Limits, Server};
use whosaid::AttributorPool;

const ARTICLE: &str = "PARIS — Zoë Müller, the city’s new minister, told reporters: “Prices will fall — again!” 😀\n\n\
“We will never give up,” she said. “Never.”\n\n\
Mr Smith, a spokesman for the police, said the market would rise. According to Dr Jones, «the government has no plan».";

/// Texts of every kind, hostile ones included.
fn texts() -> Vec<String> {
    vec![
        ARTICLE.to_string(),
        String::new(),
        "“Short,” he said.".to_string(),
        "He said: “".to_string() + &"“ ".repeat(2000),
        "\0\u{202e}“abc\u{200f}” said\u{301} 👩‍👩‍👧 she.\n\n\n\n\n\n'90s".to_string(),
        format!("“{},” she said.", "字".repeat(3000)),
        "\n \n".repeat(500) + "“Yes,” said Mr Smith.",
    ]
}

fn builder(dir: &TinyModelDir) -> whosaid::AttributorBuilder {
    common::tiny_builder(dir).threads(1)
}

/// A running service and the way to stop it.
struct Running {
    addr: SocketAddr,
    pool: Arc<AttributorPool>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<whosaid::Result<()>>,
}

impl Running {
    async fn start(dir: &TinyModelDir, workers: usize, limits: Limits) -> Running {
        let pool = Arc::new(AttributorPool::load(builder(dir), workers).expect("pool"));
        let server = Server::bind(([127, 0, 0, 1], 0).into(), pool.clone(), limits)
            .await
            .expect("binds a loopback port");
        let addr = server.local_addr().expect("address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        Running {
            addr,
            pool,
            stop: Some(stop),
            task,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn health(&self) -> Value {
        let r = client()
            .get(self.url("/healthz"))
            .send()
            .await
            .expect("healthz");
        assert_eq!(r.status(), 200);
        serde_json::from_slice(&r.bytes().await.expect("body")).expect("JSON")
    }

    /// Waits (at most 10 s) until `/healthz` shows `pred`.
    async fn wait_for(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let h = self.health().await;
            if pred(&h) {
                return h;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {h}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        tokio::time::timeout(Duration::from_secs(30), self.task)
            .await
            .expect("stops within 30 s")
            .expect("server task")
            .expect("server ran without error");
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .no_proxy()
        .build()
        .expect("client")
}

fn limits() -> Limits {
    Limits {
        max_body: 1 << 20,
        queue: 8,
        timeout: Duration::from_secs(60),
    }
}

async fn post(
    url: impl reqwest::IntoUrl,
    content_type: &'static str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value) {
    let r = client()
        .post(url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("response");
    let status = r.status().as_u16();
    let bytes = r.bytes().await.expect("body");
    let v = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    (status, v)
}

/// The library's JSON for `text`, as a client reads it back (f32
/// confidences printed, then parsed as f64).
fn library_json(pool: &AttributorPool, text: &str) -> Value {
    let found = pool.attribute(text).expect("library attribution");
    serde_json::from_str(&serde_json::to_string(&found.to_json(text)).unwrap()).unwrap()
}

fn json_text(text: &str) -> String {
    serde_json::json!({ "text": text }).to_string()
}

fn error_of(v: &Value) -> &str {
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error message in {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_get_the_library_results() {
    let dir = TinyModelDir::new();
    let server = Running::start(&dir, 2, limits()).await;
    let texts = texts();
    let want: Vec<Value> = texts
        .iter()
        .map(|t| library_json(&server.pool, t))
        .collect();
    assert!(want
        .iter()
        .any(|w| !w["quotes"].as_array().unwrap().is_empty()));
    let mut clients = Vec::new();
    for c in 0..4usize {
        let (url, texts, want) = (server.url("/v1/attribute"), texts.clone(), want.clone());
        clients.push(tokio::spawn(async move {
            for round in 0..2 {
                for k in 0..texts.len() {
                    let k = (k + c + round) % texts.len();
                    let (status, got) = if (c + k) % 2 == 0 {
                        post(url.clone(), "application/json", json_text(&texts[k])).await
                    } else {
                        post(url.clone(), "text/plain; charset=utf-8", texts[k].clone()).await
                    };
                    assert_eq!(status, 200, "text {k}: {got}");
                    assert_eq!(got, want[k], "text {k}");
                }
            }
        }));
    }
    for c in clients {
        tokio::time::timeout(Duration::from_secs(120), c)
            .await
            .expect("clients finish")
            .expect("client passed");
    }
    let h = server.health().await;
    assert_eq!(h["answered"], 4 * 2 * texts.len());
    assert_eq!(
        (h["busy"].as_u64(), h["queued"].as_u64()),
        (Some(0), Some(0))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_400_415_or_404_naming_the_problem() {
    let dir = TinyModelDir::new();
    let server = Running::start(&dir, 1, limits()).await;
    let url = server.url("/v1/attribute");
    let (s, v) = post(url.clone(), "application/json", "{\"text\": \"unclosed").await;
    assert_eq!(s, 400);
    assert!(error_of(&v).contains("not valid JSON"), "{v}");
    let (s, v) = post(url.clone(), "application/json", "{\"txt\": \"a\"}").await;
    assert_eq!(s, 400);
    assert!(error_of(&v).contains("missing field `text`"), "{v}");
    let (s, v) = post(url.clone(), "application/json", "{\"text\": null}").await;
    assert_eq!(s, 400);
    assert!(error_of(&v).contains("invalid type: null"), "{v}");
    let (s, v) = post(url.clone(), "application/json", "").await;
    assert_eq!(s, 400, "{v}");
    let (s, v) = post(url.clone(), "text/plain", &b"ok \xff\xfe"[..]).await;
    assert_eq!(s, 400);
    assert!(error_of(&v).contains("UTF-8"), "{v}");
    let (s, v) = post(url.clone(), "application/x-www-form-urlencoded", "text=a").await;
    assert_eq!(s, 415);
    assert!(error_of(&v).contains("text/plain"), "{v}");
    let (s, v) = post(server.url("/v2/nothing"), "application/json", "{}").await;
    assert_eq!(s, 404);
    assert!(error_of(&v).contains("/v2/nothing"), "{v}");
    // None of that reached a worker, and the service still answers.
    let (s, _) = post(url.clone(), "application/json", json_text(ARTICLE)).await;
    assert_eq!(s, 200);
    assert_eq!(server.health().await["answered"], 1);
    server.stop().await;
}

/// Limits with a body limit of 1 KB.
fn small_bodies() -> Limits {
    Limits {
        max_body: 1024,
        ..limits()
    }
}

/// A body of `n` chunks of `size` bytes, sent without a declared length.
fn chunked(n: usize, size: usize) -> reqwest::Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..n).map(|_| Ok(vec![b'x'; size])).collect();
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_max_body_get_413() {
    let dir = TinyModelDir::new();
    let server = Running::start(&dir, 1, small_bodies()).await;
    let url = server.url("/v1/attribute");
    let fits = "a".repeat(1024);
    let (s, _) = post(url.clone(), "text/plain", fits.clone()).await;
    assert_eq!(s, 200, "exactly the limit is fine");
    let (s, v) = post(url.clone(), "text/plain", fits + "b").await;
    assert_eq!(s, 413);
    assert!(error_of(&v).contains("1024 bytes"), "{v}");
    // Without a declared length (chunked), the limit holds too.
    let (s, v) = post(url.clone(), "text/plain", chunked(8, 200)).await;
    assert_eq!(s, 413, "{v}");
    let (s, v) = post(
        server.url("/v1/batch"),
        "application/x-ndjson",
        "x".repeat(2000),
    )
    .await;
    assert_eq!(s, 413, "{v}");
    server.stop().await;
}

/// A client that sends a body of many megabytes in one go (faster than the
/// server could refuse it) still reads the 413: the server reads and drops
/// the rest of the body before it answers, instead of closing the
/// connection under the client's feet; the next request is served as usual.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_still_sending_a_huge_body_reads_the_413() {
    let dir = TinyModelDir::new();
    let server = Running::start(&dir, 1, small_bodies()).await;
    let url = server.url("/v1/attribute");
    for _ in 0..3 {
        // With its length declared up front: refused before reading.
        let (s, v) = post(url.clone(), "text/plain", vec![b'a'; 24 << 20]).await;
        assert_eq!(s, 413, "{v}");
        assert!(error_of(&v).contains("1024 bytes"), "{v}");
        // Chunked, no length: refused past the limit while it streams.
        let (s, v) = post(url.clone(), "text/plain", chunked(96, 256 << 10)).await;
        assert_eq!(s, 413, "{v}");
    }
    let (s, _) = post(url, "application/json", json_text(ARTICLE)).await;
    assert_eq!(s, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_gets_503_with_retry_after() {
    let dir = TinyModelDir::new();
    let server = Running::start(
        &dir,
        1,
        Limits {
            queue: 1,
            ..limits()
        },
    )
    .await;
    let url = server.url("/v1/attribute");
    // The only model instance is checked out: the worker that takes the
    // first request waits for it, the second request waits in the queue.
    let held = server.pool.get();
    let first = tokio::spawn(post(url.clone(), "application/json", json_text(ARTICLE)));
    server.wait_for("a busy worker", |h| h["busy"] == 1).await;
    let second = tokio::spawn(post(
        url.clone(),
        "application/json",
        json_text("“Yes,” he said."),
    ));
    server
        .wait_for("a queued request", |h| h["queued"] == 1)
        .await;
    let r = client()
        .post(&url)
        .header("content-type", "application/json")
        .body(json_text("“No,” she said."))
        .send()
        .await
        .expect("response");
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    let v: Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert!(error_of(&v).contains("busy"), "{v}");
    let (s, v) = post(
        server.url("/v1/batch"),
        "application/x-ndjson",
        "{\"id\":1,\"text\":\"a\"}",
    )
    .await;
    assert_eq!(s, 503, "{v}");
    drop(held);
    for r in [first, second] {
        let (s, v) = tokio::time::timeout(Duration::from_secs(60), r)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(s, 200, "{v}");
    }
    let h = server.health().await;
    assert_eq!(
        (h["answered"].as_u64(), h["rejected"].as_u64()),
        (Some(2), Some(2))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_the_time_limit_gets_504_and_frees_its_place() {
    let dir = TinyModelDir::new();
    let server = Running::start(
        &dir,
        1,
        Limits {
            queue: 0,
            timeout: Duration::from_millis(300),
            ..limits()
        },
    )
    .await;
    let url = server.url("/v1/attribute");
    let held = server.pool.get();
    let started = Instant::now();
    let (s, v) = post(url.clone(), "application/json", json_text(ARTICLE)).await;
    assert_eq!(s, 504);
    assert!(error_of(&v).contains("300 ms"), "{v}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // Its attribution still holds the worker until the instance is free.
    assert_eq!(server.health().await["busy"], 1);
    drop(held);
    server.wait_for("an idle worker", |h| h["busy"] == 0).await;
    let (s, v) = post(url.clone(), "application/json", json_text(ARTICLE)).await;
    assert_eq!(s, 200, "{v}");
    server.stop().await;
}

/// Sends raw bytes on a new loopback connection and closes it without reading.
fn send_and_hang_up(addr: SocketAddr, bytes: &[u8]) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(bytes).expect("write");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_go_away_do_not_disturb_the_others() {
    let dir = TinyModelDir::new();
    let server = Running::start(&dir, 1, limits()).await;
    let url = server.url("/v1/attribute");
    let want = library_json(&server.pool, ARTICLE);
    let held = server.pool.get();
    let body = json_text(ARTICLE);
    let head = |len: usize| {
        format!("POST /v1/attribute HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n")
    };
    // One hangs up half-way through its body.
    send_and_hang_up(
        server.addr,
        format!("{}{}", head(body.len()), &body[..10]).as_bytes(),
    );
    // One hangs up while its request is at the worker.
    let mut waiting =
        TcpStream::connect_timeout(&server.addr, Duration::from_secs(5)).expect("connect");
    waiting
        .write_all(format!("{}{body}", head(body.len())).as_bytes())
        .expect("write");
    server
        .wait_for("the request at a worker", |h| h["busy"] == 1)
        .await;
    drop(waiting);
    // Garbage that is not HTTP at all.
    send_and_hang_up(server.addr, b"\x00\xff\r\n\r\nGET / HTTP/9.9\r\n\r\n");
    let other = tokio::spawn(post(url.clone(), "application/json", body.clone()));
    tokio::time::sleep(Duration::from_millis(100)).await;
    drop(held);
    let (s, got) = tokio::time::timeout(Duration::from_secs(60), other)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s, 200);
    assert_eq!(got, want);
    server
        .wait_for("all places free", |h| h["busy"] == 0 && h["queued"] == 0)
        .await;
    assert_eq!(server.pool.idle(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_streams_one_line_per_input_line() {
    let dir = TinyModelDir::new();
    let server = Running::start(&dir, 2, limits()).await;
    let texts = texts();
    let mut body = Vec::new();
    let mut expected_ids: Vec<Value> = Vec::new();
    for i in 0..40usize {
        match i % 10 {
            3 => body.extend_from_slice(b"not json"),
            5 => body.extend_from_slice(format!("{{\"id\": {i}}}").as_bytes()),
            7 => body.extend_from_slice(b"\xff\xfe"),
            9 => {}
            _ => body.extend_from_slice(
                serde_json::json!({"id": i, "text": texts[i % texts.len()]})
                    .to_string()
                    .as_bytes(),
            ),
        }
        body.push(b'\n');
        if i % 10 != 9 {
            expected_ids.push(i.into());
        }
    }
    // The same body through the library.
    let a = builder(&dir).build().unwrap();
    let (mut lib_out, mut lib_err) = (Vec::new(), Vec::new());
    whosaid::attribute_jsonl(&a, &body[..], &mut lib_out, &mut lib_err).unwrap();
    let lib_lines: Vec<Value> = lib_out
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();

    // Both instances are held: the response must start before any result.
    let held = (server.pool.get(), server.pool.get());
    let response = client()
        .post(server.url("/v1/batch"))
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await
        .expect("the headers arrive while no line has been attributed");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    drop(held);
    let bytes = response.bytes().await.expect("the whole stream");
    let lines: Vec<Value> = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("every line is JSON"))
        .collect();
    assert_eq!(
        lines.len(),
        expected_ids.len(),
        "one line per non-blank input line"
    );
    let mut good = lib_lines.iter();
    for (k, (line, id)) in lines.iter().zip(&expected_ids).enumerate() {
        let i = id.as_u64().unwrap() as usize;
        match i % 10 {
            3 | 7 => {
                assert_eq!(line["line"], i + 1, "{line}");
                assert!(line["error"].is_string(), "{line}");
            }
            5 => {
                assert_eq!(
                    (&line["line"], &line["id"]),
                    (&Value::from(i + 1), id),
                    "{line}"
                );
                assert!(error_of(line).contains("missing field `text`"), "{line}");
            }
            _ => assert_eq!(Some(line), good.next(), "output line {k}"),
        }
    }
    assert!(good.next().is_none(), "every library line was served");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_and_shutdown_drains_requests_in_flight() {
    let dir = TinyModelDir::new();
    let server = Running::start(&dir, 1, limits()).await;
    let h = server.health().await;
    assert_eq!(h["status"], "ok");
    assert_eq!(
        (h["workers"].as_u64(), h["queue"].as_u64()),
        (Some(1), Some(8))
    );
    let pool = server.pool.clone();
    let held = pool.get();
    let in_flight = tokio::spawn(post(
        server.url("/v1/attribute"),
        "application/json",
        json_text(ARTICLE),
    ));
    server.wait_for("a busy worker", |h| h["busy"] == 1).await;
    let Running {
        addr,
        mut stop,
        task,
        ..
    } = server;
    stop.take().unwrap().send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !task.is_finished(),
        "the server waits for the request in flight"
    );
    drop(held);
    let (s, v) = tokio::time::timeout(Duration::from_secs(60), in_flight)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s, 200, "{v}");
    tokio::time::timeout(Duration::from_secs(30), task)
        .await
        .expect("stops")
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err(),
        "no longer listening"
    );
    assert_eq!(pool.idle(), 1);
}

#[test]
fn the_binaries_serve_and_stop_on_sigterm() {
    serve_and_stop(env!("CARGO_BIN_EXE_whosaid-serve"), &[]);
    match option_env!("CARGO_BIN_EXE_whosaid") {
        Some(whosaid) => serve_and_stop(whosaid, &["serve"]),
        None => eprintln!("skipping `whosaid serve`: the whosaid binary needs the cli feature"),
    }
}

/// Starts `exe` (with `first` arguments) on a free port with the tiny model,
/// asks it once, sends SIGTERM, and checks it exits cleanly.
fn serve_and_stop(exe: &str, first: &[&str]) {
    let dir = TinyModelDir::new();
    let mut child = std::process::Command::new(exe)
        .args(first)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--workers",
            "1",
            "--timeout",
            "30s",
            "--model",
        ])
        .arg(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    for _ in 0..50 {
        line.clear();
        if stderr.read_line(&mut line).expect("stderr") == 0 || line.contains("listening") {
            break;
        }
    }
    let addr: SocketAddr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let body = json_text("“Yes,” he said.");
    write!(s, "POST /v1/attribute HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len()).unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).expect("response");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"quotes\""), "{response}");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("did not stop within 30 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status}");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest}");
}
