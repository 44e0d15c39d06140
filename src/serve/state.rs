//! Admission and the workers: a bounded queue in front of the model pool, and
//! blocking inference kept off the async executor.
//!
//! A request is *admitted* when fewer than `workers + queue` requests are in
//! the service, else it gets 503 at once. An admitted request waits (on the
//! executor, without a thread) for one of `workers` worker slots, then runs
//! attribution on tokio's blocking thread pool with a model instance from the
//! [`AttributorPool`]. Its admission and worker slots are released when the
//! blocking work ends, even if the client went away or the time limit
//! passed first, so the bounds hold for the work actually running.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::config::Limits;
use super::error::ApiError;
use crate::AttributorPool;

/// Everything the routes share.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    pool: Arc<AttributorPool>,
    limits: Limits,
    admission: Arc<Semaphore>,
    workers: Arc<Semaphore>,
    capacity: usize,
    answered: AtomicU64,
    rejected: AtomicU64,
}

/// A request's place in the service (released when dropped).
#[derive(Debug)]
pub(crate) struct Admitted {
    _place: OwnedSemaphorePermit,
}

/// Counts for `GET /healthz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Health {
    pub workers: usize,
    pub busy: usize,
    pub queued: usize,
    pub queue: usize,
    pub answered: u64,
    pub rejected: u64,
}

impl AppState {
    pub(crate) fn new(pool: Arc<AttributorPool>, limits: Limits) -> Self {
        let workers = pool.size();
        let capacity = workers + limits.queue;
        AppState {
            inner: Arc::new(Inner {
                pool,
                limits,
                admission: Arc::new(Semaphore::new(capacity)),
                workers: Arc::new(Semaphore::new(workers)),
                capacity,
                answered: AtomicU64::new(0),
                rejected: AtomicU64::new(0),
            }),
        }
    }

    pub(crate) fn limits(&self) -> Limits {
        self.inner.limits
    }

    /// Takes a place in the service, or 503 when it is full.
    pub(crate) fn admit(&self) -> Result<Admitted, ApiError> {
        match self.inner.admission.clone().try_acquire_owned() {
            Ok(p) => Ok(Admitted { _place: p }),
            Err(_) => {
                self.inner.rejected.fetch_add(1, Ordering::Relaxed);
                Err(ApiError::Busy {
                    queue: self.inner.limits.queue,
                })
            }
        }
    }

    /// Waits for a worker and runs `job` with a model instance on the
    /// blocking pool, all within `timeout`; `job` gets the deadline, to stop
    /// attributing when it passes. `admitted` is held until the job ends (or,
    /// if it never starts, until this returns).
    pub(crate) async fn run<T, F>(
        &self,
        admitted: &Arc<Admitted>,
        timeout: Duration,
        job: F,
    ) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&crate::Attributor, Instant) -> Result<T, ApiError> + Send + 'static,
    {
        let deadline = Instant::now() + timeout;
        let inner = self.inner.clone();
        let admitted = admitted.clone();
        let work = async move {
            let worker = inner
                .workers
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| ApiError::Internal("the worker pool is closed".into()))?;
            let pool = inner.pool.clone();
            tokio::task::spawn_blocking(move || {
                let _slots = (admitted, worker);
                let attributor = pool.get();
                job(&attributor, deadline)
            })
            .await
            .map_err(|e| ApiError::Internal(format!("attribution stopped: {e}")))?
        };
        let out = match tokio::time::timeout(timeout, work).await {
            Ok(Err(ApiError::Timeout(_))) | Err(_) => Err(ApiError::Timeout(timeout)),
            Ok(r) => r,
        };
        if out.is_ok() {
            self.inner.answered.fetch_add(1, Ordering::Relaxed);
        }
        out
    }

    pub(crate) fn health(&self) -> Health {
        let i = &self.inner;
        let workers = i.pool.size();
        let busy = workers - i.workers.available_permits().min(workers);
        let in_service = i.capacity - i.admission.available_permits().min(i.capacity);
        Health {
            workers,
            busy,
            queued: in_service.saturating_sub(busy),
            queue: i.limits.queue,
            answered: i.answered.load(Ordering::Relaxed),
            rejected: i.rejected.load(Ordering::Relaxed),
        }
    }
}
