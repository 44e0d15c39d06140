//! Sharing model instances between threads: an `AttributorPool` is
//! `Send + Sync`, used from several threads at once it gives exactly the
//! single-threaded results, and its instances are lent to one thread at a time.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::TinyModelDir;
use whosaid::{Attribution, Attributor, AttributorPool, Error};

fn assert_send_sync<T: Send + Sync>() {}
fn assert_send<T: Send>() {}

#[test]
fn the_pool_is_send_and_sync_and_an_attributor_is_send() {
    assert_send_sync::<AttributorPool>();
    assert_send_sync::<std::sync::Arc<AttributorPool>>();
    assert_send::<Attributor>();
    assert_send_sync::<Attribution>();
}

fn builder(dir: &TinyModelDir) -> whosaid::AttributorBuilder {
    common::tiny_builder(dir).threads(1)
}

fn texts() -> Vec<String> {
    (0..24)
        .map(|i| {
            format!(
                "“We will never give up in year {i},” Mr Smith told reporters.\n\n\
                 The minister said prices would fall by {i}% — according to Zoë Müller. \
                 „Très bien“, she said. «{}» asked Dr Jones.",
                "who said what? ".repeat(i % 5 + 1)
            )
        })
        .collect()
}

/// The shipped model, one intra-op thread per instance.
fn shipped_builder() -> whosaid::AttributorBuilder {
    Attributor::builder()
        .model_dir(whosaid::default_model_dir())
        .threads(1)
}

// The shipped model rather than the tiny random one: a random network's tag
// scores are nearly tied, so whether it finds any quotation at all depends on
// the CPU's kernels, and the comparison below would pass on empty results.
#[test]
fn threads_sharing_a_pool_get_the_single_thread_results() {
    let texts = texts();
    let reference: Vec<Attribution> = {
        let single = shipped_builder().build().unwrap();
        texts.iter().map(|t| single.attribute(t).unwrap()).collect()
    };
    for (k, a) in reference.iter().enumerate() {
        assert!(a.quotes.len() >= 2, "text {k}: {:#?}", a.quotes);
        assert!(
            a.quotes.iter().any(|q| a.speaker_of(q).is_some()),
            "text {k}"
        );
    }
    let pool = AttributorPool::load(shipped_builder(), 2).unwrap();
    assert_eq!(pool.size(), 2);
    let results: Vec<Vec<(usize, Attribution)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (pool, texts) = (&pool, &texts);
                s.spawn(move || {
                    // Each thread runs every text, from a different start.
                    (0..texts.len())
                        .map(|k| (k + t * 5) % texts.len())
                        .map(|k| (k, pool.attribute(&texts[k]).unwrap()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for per_thread in results {
        assert_eq!(per_thread.len(), texts.len());
        for (k, got) in per_thread {
            assert_eq!(got, reference[k], "text {k}");
        }
    }
    assert_eq!(pool.idle(), 2, "every instance came back");
}

#[test]
fn an_instance_is_lent_to_one_thread_at_a_time() {
    let dir = TinyModelDir::new();
    let pool = AttributorPool::load(builder(&dir), 2).unwrap();
    let inside = AtomicUsize::new(0);
    let most = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..6 {
            s.spawn(|| {
                for _ in 0..5 {
                    let a = pool.get();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    a.attribute("“Yes,” she said.").unwrap();
                    std::thread::sleep(Duration::from_millis(2));
                    inside.fetch_sub(1, Ordering::SeqCst);
                }
            });
        }
    });
    let most = most.load(Ordering::SeqCst);
    assert!(most <= 2, "{most} threads held an instance at once");
    assert_eq!(pool.idle(), 2);
    let first = pool.try_get().expect("one free");
    let second = pool.try_get().expect("two free");
    assert!(pool.try_get().is_none(), "none left");
    drop(first);
    assert!(pool.try_get().is_some(), "returned on drop");
    drop(second);
}

#[test]
fn an_empty_pool_is_refused() {
    assert!(matches!(
        AttributorPool::new(Vec::new()),
        Err(Error::InvalidInput(_))
    ));
    let dir = TinyModelDir::new();
    assert!(matches!(
        AttributorPool::load(builder(&dir), 0),
        Err(Error::InvalidInput(_))
    ));
}
