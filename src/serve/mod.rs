//! The HTTP service (feature `serve`): axum on tokio, one [`AttributorPool`]
//! behind a bounded queue.
//!
//! Endpoints:
//! - `POST /v1/attribute` with `{"text": "..."}` (`application/json`) or the
//!   text itself (`text/plain`) → `{"quotes": [...], "speakers": [...]}`, the
//!   JSON format of [`crate::Attribution::to_json`];
//! - `POST /v1/batch` with JSON lines `{"id": ..., "text": "..."}` → JSON lines
//!   streamed back in order (see [`batch`]);
//! - `GET /healthz` → `{"status": "ok", ...}` with the workers and queue in use.
//!
//! Errors are JSON `{"error": "..."}`: 400 (malformed body, missing `text`),
//! 413 (body over `--max-body`), 415 (other content types), 503 with
//! `Retry-After` (all workers busy and the queue full), 504 (over
//! `--timeout`). Attribution runs on tokio's blocking pool, never on the
//! executor; a client that goes away only frees its own place; on the
//! shutdown signal the server stops accepting, finishes the requests in
//! flight, and returns.
//!
//! ```no_run
//! # async fn demo() -> whosaid::Result<()> {
//! use whosaid::serve::{run, shutdown_signal, ServeArgs};
//! run(ServeArgs::default(), shutdown_signal()).await
//! # }
//! ```

pub mod batch;
mod body;
pub mod config;
pub mod error;
mod routes;
mod state;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

pub use config::{Limits, ServeArgs};

use crate::{AttributorPool, Error, Result};

/// A bound, not yet running service.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    router: axum::Router,
}

impl Server {
    /// Binds `addr` for a service on `pool` with `limits`.
    pub async fn bind(addr: SocketAddr, pool: Arc<AttributorPool>, limits: Limits) -> Result<Self> {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| Error::io(format!("listen on {addr}"), e))?;
        Ok(Server {
            listener,
            router: router(pool, limits),
        })
    }

    /// The address it listens on (with the real port when bound to port 0).
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| Error::io("listening socket", e))
    }

    /// Serves until `shutdown` resolves, then stops accepting connections,
    /// lets the requests in flight finish, and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        let addr = self.local_addr()?;
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| Error::io(format!("serve on {addr}"), e))
    }
}

/// The service's routes for `pool`, to serve or to nest in another router.
pub fn router(pool: Arc<AttributorPool>, limits: Limits) -> axum::Router {
    routes::router(state::AppState::new(pool, limits))
}

/// Loads the model instances `args` asks for, binds `args.addr`, prints the
/// address on stderr and serves until `shutdown` resolves (see [`Server::run`]).
pub async fn run(
    args: ServeArgs,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let loader = args.clone();
    let pool = tokio::task::spawn_blocking(move || loader.load_pool())
        .await
        .map_err(|e| Error::Config(format!("loading the model stopped: {e}")))??;
    let server = Server::bind(args.addr, Arc::new(pool), args.limits()).await?;
    eprintln!(
        "whosaid: listening on http://{} ({} workers, queue {}, max body {} bytes, timeout {:?})",
        server.local_addr()?,
        args.workers,
        args.queue,
        args.max_body,
        args.timeout
    );
    server.run(shutdown).await
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
