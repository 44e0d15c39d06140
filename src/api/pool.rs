//! Sharing attributors between threads: a pool of model instances.
//!
//! An [`Attributor`] owns libtorch tensors, which may move between threads
//! (`Send`) but not be used from two at once (not `Sync`). An
//! [`AttributorPool`] holds N attributors (N model instances) and lends each
//! to one thread at a time, so one pool can be shared by any number of
//! threads (`&AttributorPool` or `Arc<AttributorPool>`): N calls run at
//! once and the others wait for a free instance.
//!
//! ```no_run
//! use whosaid::{Attributor, AttributorPool};
//!
//! let pool = AttributorPool::load(Attributor::builder().threads(1), 2)?;
//! let texts = ["\"Yes,\" she said.", "\"No,\" he said.", "It rained."];
//! std::thread::scope(|s| {
//!     for text in texts {
//!         let pool = &pool;
//!         s.spawn(move || pool.attribute(text));
//!     }
//! });
//! # Ok::<(), whosaid::Error>(())
//! ```

use std::ops::Deref;
use std::sync::{Condvar, Mutex, MutexGuard};

use super::attributor::Attributor;
use super::options::AttributorBuilder;
use crate::{Attribution, Error, Result};

/// N attributors lent out one thread at a time; `Send + Sync`.
///
/// Every instance should be loaded with the same model and options (as
/// [`load`](Self::load) does), so that the result does not depend on which
/// instance a call gets. Each instance holds its own copy of the weights
/// (about 90 MB for the shipped model). libtorch's intra-op thread count is
/// process-wide: with N instances on C cores, `threads(C / N)` in the
/// builder avoids oversubscription.
#[derive(Debug)]
pub struct AttributorPool {
    free: Mutex<Vec<Attributor>>,
    returned: Condvar,
    size: usize,
}

/// An attributor checked out of a pool; it goes back when this is dropped.
#[derive(Debug)]
pub struct PooledAttributor<'p> {
    pool: &'p AttributorPool,
    attributor: Option<Attributor>,
}

impl AttributorPool {
    /// A pool of these attributors (at least one).
    pub fn new(attributors: Vec<Attributor>) -> Result<Self> {
        if attributors.is_empty() {
            return Err(Error::InvalidInput(
                "an attributor pool needs at least one attributor".into(),
            ));
        }
        Ok(AttributorPool {
            size: attributors.len(),
            free: Mutex::new(attributors),
            returned: Condvar::new(),
        })
    }

    /// Loads `instances` attributors (at least one) from the same builder.
    pub fn load(builder: AttributorBuilder, instances: usize) -> Result<Self> {
        if instances == 0 {
            return Err(Error::InvalidInput(
                "an attributor pool needs at least one instance".into(),
            ));
        }
        let attributors = (0..instances)
            .map(|_| builder.clone().build())
            .collect::<Result<Vec<_>>>()?;
        Self::new(attributors)
    }

    /// Number of instances.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Number of instances not checked out right now.
    pub fn idle(&self) -> usize {
        self.lock().len()
    }

    /// Checks out a free instance, waiting for one if all are in use.
    pub fn get(&self) -> PooledAttributor<'_> {
        let mut free = self.lock();
        loop {
            if let Some(a) = free.pop() {
                return self.lend(a);
            }
            free = self.returned.wait(free).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Checks out a free instance, or `None` at once if all are in use.
    pub fn try_get(&self) -> Option<PooledAttributor<'_>> {
        let a = self.lock().pop()?;
        Some(self.lend(a))
    }

    /// [`Attributor::attribute`] on a free instance (waits for one).
    pub fn attribute(&self, text: &str) -> Result<Attribution> {
        self.get().attribute(text)
    }

    /// [`Attributor::attribute_batch`] on a free instance (waits for one).
    pub fn attribute_batch(&self, texts: &[&str]) -> Result<Vec<Attribution>> {
        self.get().attribute_batch(texts)
    }

    fn lend(&self, attributor: Attributor) -> PooledAttributor<'_> {
        PooledAttributor {
            pool: self,
            attributor: Some(attributor),
        }
    }

    /// The free list; a panic elsewhere while it was held cannot leave it
    /// inconsistent (pushes and pops are single operations), so a poisoned
    /// lock is taken as it is.
    fn lock(&self) -> MutexGuard<'_, Vec<Attributor>> {
        self.free.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Deref for PooledAttributor<'_> {
    type Target = Attributor;

    fn deref(&self) -> &Attributor {
        // Only `drop` takes the attributor out.
        self.attributor
            .as_ref()
            .expect("a pooled attributor is present until dropped")
    }
}

impl Drop for PooledAttributor<'_> {
    fn drop(&mut self) {
        if let Some(a) = self.attributor.take() {
            self.pool.lock().push(a);
            self.pool.returned.notify_one();
        }
    }
}
