//! Loading a model directory that is missing or damaged gives the right
//! error, naming the file, and never panics or aborts.

mod common;

use std::path::Path;

use common::TinyModelDir;
use tch::Tensor;
use whosaid::{Attributor, Error};

const CONFIG: &str = "config.json";
const TOKENIZER: &str = "tokenizer.json";
const WEIGHTS: &str = "model.safetensors";

fn load(dir: &Path) -> Error {
    match Attributor::from_dir(dir) {
        Ok(_) => panic!("{} loaded but should not", dir.display()),
        Err(e) => e,
    }
}

fn assert_names(e: &Error, file: &str) {
    let msg = e.to_string();
    assert!(msg.contains(file), "message does not name {file}: {msg}");
}

fn read_weights(dir: &TinyModelDir) -> Vec<(String, Tensor)> {
    Tensor::read_safetensors(dir.file(WEIGHTS)).expect("tiny weights read")
}

fn write_weights(dir: &TinyModelDir, tensors: &[(String, Tensor)]) {
    Tensor::write_safetensors(tensors, dir.file(WEIGHTS)).expect("weights written");
}

#[test]
fn intact_tiny_model_loads() {
    let dir = TinyModelDir::new();
    Attributor::from_dir(dir.path()).expect("intact model loads");
}

#[test]
fn missing_directory() {
    let base = tempfile::TempDir::new().unwrap();
    let missing = base.path().join("no-such-model");
    let e = load(&missing);
    match &e {
        Error::MissingModelFile { path } => assert_eq!(path, &missing),
        other => panic!("expected MissingModelFile, got {other:?}"),
    }
    assert_names(&e, "no-such-model");
    // A plain file where the directory should be.
    let file = base.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    assert!(matches!(load(&file), Error::MissingModelFile { .. }));
}

#[test]
fn missing_config() {
    let dir = TinyModelDir::new();
    std::fs::remove_file(dir.file(CONFIG)).unwrap();
    let e = load(dir.path());
    match &e {
        Error::MissingModelFile { path } => assert_eq!(path, &dir.file(CONFIG)),
        other => panic!("expected MissingModelFile, got {other:?}"),
    }
    assert_names(&e, CONFIG);
}

#[test]
fn missing_tokenizer() {
    let dir = TinyModelDir::new();
    std::fs::remove_file(dir.file(TOKENIZER)).unwrap();
    let e = load(dir.path());
    assert!(
        matches!(&e, Error::MissingModelFile { path } if path == &dir.file(TOKENIZER)),
        "{e:?}"
    );
    assert_names(&e, TOKENIZER);
}

#[test]
fn corrupt_config() {
    let dir = TinyModelDir::new();
    let bad: [&[u8]; 5] = [
        b"",
        b"\x00\xff garbage \x89PNG",
        b"{\"name\": \"tiny\"",
        b"{}",
        b"[1, 2, 3]",
    ];
    for raw in bad {
        std::fs::write(dir.file(CONFIG), raw).unwrap();
        let e = load(dir.path());
        match &e {
            Error::CorruptModelFile { path, reason } => {
                assert_eq!(path, &dir.file(CONFIG));
                assert!(!reason.is_empty());
            }
            other => panic!("{raw:?}: expected CorruptModelFile, got {other:?}"),
        }
        assert_names(&e, CONFIG);
    }
}

#[test]
fn corrupt_tokenizer() {
    let dir = TinyModelDir::new();
    let bad: [&[u8]; 4] = [
        b"",
        b"garbage \xff\xfe",
        b"{\"version\": \"1.0\"}",
        b"{\"model\": {\"type\": \"WordPiece\"}}",
    ];
    for raw in bad {
        std::fs::write(dir.file(TOKENIZER), raw).unwrap();
        let e = load(dir.path());
        assert!(
            matches!(&e, Error::CorruptModelFile { path, .. } if path == &dir.file(TOKENIZER)),
            "{raw:?}: expected CorruptModelFile, got {e:?}"
        );
        assert_names(&e, TOKENIZER);
    }
}

#[test]
fn tokenizer_without_special_tokens() {
    // A valid tokenizer.json whose vocabulary lacks [CLS]: unusable, so corrupt.
    let dir = TinyModelDir::new();
    let json = std::fs::read_to_string(dir.file(TOKENIZER)).unwrap();
    std::fs::write(
        dir.file(TOKENIZER),
        json.replace("\"[CLS]\"", "\"[NOT-CLS]\""),
    )
    .unwrap();
    let e = load(dir.path());
    assert!(matches!(&e, Error::CorruptModelFile { .. }), "{e:?}");
    assert_names(&e, TOKENIZER);
    assert!(e.to_string().contains("[CLS]"), "{e}");
}

#[test]
fn missing_weights() {
    let dir = TinyModelDir::new();
    std::fs::remove_file(dir.file(WEIGHTS)).unwrap();
    let e = load(dir.path());
    assert!(
        matches!(&e, Error::MissingModelFile { path } if path == &dir.file(WEIGHTS)),
        "{e:?}"
    );
    assert_names(&e, WEIGHTS);
}

#[test]
fn truncated_weights() {
    let dir = TinyModelDir::new();
    let full = std::fs::read(dir.file(WEIGHTS)).unwrap();
    let n = full.len();
    for len in [0, 1, 7, 8, 9, 100, n / 2, n - 1] {
        std::fs::write(dir.file(WEIGHTS), &full[..len]).unwrap();
        let e = load(dir.path());
        assert!(
            matches!(&e, Error::CorruptModelFile { path, .. } if path == &dir.file(WEIGHTS)),
            "truncated to {len} of {n} bytes: expected CorruptModelFile, got {e:?}"
        );
        assert_names(&e, WEIGHTS);
    }
}

#[test]
fn garbage_weights() {
    let dir = TinyModelDir::new();
    let full = std::fs::read(dir.file(WEIGHTS)).unwrap();
    let header_len = u64::from_le_bytes(full[..8].try_into().unwrap()) as usize;
    let mut cases: Vec<Vec<u8>> = vec![
        b"not a safetensors file at all, just text".to_vec(),
        vec![0xff; 4096],
        // A header length of zero, and one pointing past the end.
        [0u64.to_le_bytes().as_slice(), &full[8..]].concat(),
        [(full.len() as u64).to_le_bytes().as_slice(), &full[8..]].concat(),
    ];
    // Header bytes that are not JSON.
    let mut bad_header = full.clone();
    bad_header[8..8 + header_len].fill(b'#');
    cases.push(bad_header);
    // JSON that is not an object.
    let mut not_object = full.clone();
    let arr = format!("[{}]", " ".repeat(header_len - 2));
    not_object[8..8 + header_len].copy_from_slice(arr.as_bytes());
    cases.push(not_object);
    for (k, raw) in cases.iter().enumerate() {
        std::fs::write(dir.file(WEIGHTS), raw).unwrap();
        let e = load(dir.path());
        assert!(
            matches!(&e, Error::CorruptModelFile { .. }),
            "case {k}: expected CorruptModelFile, got {e:?}"
        );
        assert_names(&e, WEIGHTS);
    }
}

#[test]
fn weights_missing_a_tensor() {
    let dir = TinyModelDir::new();
    let tensors = read_weights(&dir);
    for victim in [
        "whosaid.tag_out.weight",
        "embeddings.word_embeddings.weight",
        "encoder.layer.1.output.dense.bias",
    ] {
        assert!(
            tensors.iter().any(|(n, _)| n == victim),
            "{victim} is a variable: {:?}",
            names(&tensors)
        );
        let kept: Vec<(String, Tensor)> = tensors
            .iter()
            .filter(|(n, _)| n != victim)
            .map(|(n, t)| (n.clone(), t.shallow_clone()))
            .collect();
        write_weights(&dir, &kept);
        let e = load(dir.path());
        match &e {
            Error::MissingTensor { path, name } => {
                assert_eq!(path, &dir.file(WEIGHTS));
                assert_eq!(name, victim);
            }
            other => panic!("without {victim}: expected MissingTensor, got {other:?}"),
        }
        assert_names(&e, WEIGHTS);
        assert!(e.to_string().contains(victim), "{e}");
    }
}

#[test]
fn weights_with_extra_tensors_load() {
    let dir = TinyModelDir::new();
    let mut tensors = read_weights(&dir);
    tensors.push((
        "pooler.dense.weight".into(),
        Tensor::zeros([4, 4], (tch::Kind::Half, tch::Device::Cpu)),
    ));
    write_weights(&dir, &tensors);
    Attributor::from_dir(dir.path()).expect("tensors the network lacks are ignored");
}

#[test]
fn tensor_with_the_wrong_shape() {
    let dir = TinyModelDir::new();
    let tensors = read_weights(&dir);
    let victim = "whosaid.tag_out.bias";
    let expected = tensors
        .iter()
        .find(|(n, _)| n == victim)
        .expect("tag_out bias")
        .1
        .size();
    let changed: Vec<(String, Tensor)> = tensors
        .iter()
        .map(|(n, t)| {
            let t = if n == victim {
                Tensor::zeros([5], (t.kind(), t.device()))
            } else {
                t.shallow_clone()
            };
            (n.clone(), t)
        })
        .collect();
    write_weights(&dir, &changed);
    let e = load(dir.path());
    match &e {
        Error::TensorShape {
            path,
            name,
            expected: exp,
            found,
        } => {
            assert_eq!(path, &dir.file(WEIGHTS));
            assert_eq!(name, victim);
            assert_eq!(exp, &expected);
            assert_eq!(found, &vec![5]);
        }
        other => panic!("expected TensorShape, got {other:?}"),
    }
    assert_names(&e, WEIGHTS);
    assert!(e.to_string().contains(victim));
}

#[test]
fn weights_for_another_encoder_size() {
    // The config says hidden 32; weights from a wider encoder do not fit.
    let dir = TinyModelDir::new();
    let other = TinyModelDir::new();
    let encoder = common::tiny_encoder();
    let mut config = common::tiny_config(encoder.vocab_size());
    config.encoder.hidden_size = 48;
    config.encoder.num_attention_heads = 3;
    let wide = common::random_model(config, encoder, 3);
    wide.save(other.path()).unwrap();
    std::fs::copy(other.file(WEIGHTS), dir.file(WEIGHTS)).unwrap();
    let e = load(dir.path());
    assert!(matches!(&e, Error::TensorShape { .. }), "{e:?}");
    assert_names(&e, WEIGHTS);
}

fn names(tensors: &[(String, Tensor)]) -> Vec<&str> {
    tensors.iter().map(|(n, _)| n.as_str()).collect()
}

/// Rewrites one field of config.json.
fn edit_config(dir: &TinyModelDir, edit: impl FnOnce(&mut serde_json::Value)) {
    let raw = std::fs::read(dir.file(CONFIG)).unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    edit(&mut v);
    std::fs::write(dir.file(CONFIG), serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

#[test]
fn config_with_other_tags() {
    let dir = TinyModelDir::new();
    edit_config(&dir, |v| {
        let tags = v["tags"].as_array_mut().unwrap();
        tags.pop();
    });
    let e = load(dir.path());
    assert!(matches!(&e, Error::Config(_)), "{e:?}");
    assert!(e.to_string().contains("tags"), "{e}");
    assert_names(&e, CONFIG);

    edit_config(&dir, |v| {
        let tags = v["tags"].as_array_mut().unwrap();
        tags.push("B-MIXED".into());
        tags.swap(1, 3);
    });
    let e = load(dir.path());
    assert!(matches!(&e, Error::Config(_)), "{e:?}");
    assert_names(&e, CONFIG);
}

#[test]
fn config_with_other_features_or_limits() {
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 5] = [
        ("features", |v| v["features"][0] = "shouting".into()),
        ("pair features", |v| v["pair_features"] = 3.into()),
        ("max_tokens", |v| v["max_tokens"] = 127.into()),
        ("heads", |v| v["encoder"]["num_attention_heads"] = 3.into()),
        ("vocabulary", |v| v["encoder"]["vocab_size"] = 10.into()),
    ];
    for (what, edit) in edits {
        let dir = TinyModelDir::new();
        edit_config(&dir, edit);
        let e = load(dir.path());
        assert!(
            matches!(&e, Error::Config(_)),
            "{what}: expected Config, got {e:?}"
        );
        assert_names(&e, CONFIG);
    }
}

#[test]
fn corrupt_or_mismatched_ranker() {
    use whosaid::resolve::ranker::SpeakerRanker;
    let dir = TinyModelDir::new();
    // Absent: the rules resolve speakers; present and intact: loaded.
    let a = Attributor::from_dir(dir.path()).expect("loads without a ranker");
    assert!(a.ranker().is_none());
    SpeakerRanker::default()
        .save(dir.file("ranker.json"))
        .expect("ranker written");
    let a = Attributor::from_dir(dir.path()).expect("loads with a ranker");
    assert_eq!(a.ranker(), Some(&SpeakerRanker::default()));
    // Not JSON.
    std::fs::write(dir.file("ranker.json"), "{ not json").unwrap();
    let e = load(dir.path());
    assert!(matches!(e, Error::Config(_)), "{e:?}");
    assert_names(&e, "ranker.json");
    // Features of another version.
    let mut r = SpeakerRanker::default();
    r.features[3] = "something_else".into();
    r.save(dir.file("ranker.json")).unwrap();
    let e = load(dir.path());
    assert!(e.to_string().contains("features"), "{e}");
    // Wrong number of weights.
    let mut r = SpeakerRanker::default();
    r.weights[0].pop();
    r.save(dir.file("ranker.json")).unwrap();
    assert!(matches!(load(dir.path()), Error::Config(_)));
    // A ranker trained before a feature existed: the feature weighs nothing.
    let mut r = SpeakerRanker::default();
    let last = r.features.pop().unwrap();
    for w in &mut r.weights {
        w.pop();
    }
    r.save(dir.file("ranker.json")).unwrap();
    let loaded = Attributor::from_dir(dir.path()).expect("an older ranker loads");
    let lr = loaded.ranker().cloned().unwrap();
    let col = lr.features.iter().position(|f| *f == last).unwrap();
    assert!(lr
        .weights
        .iter()
        .all(|w| w.len() == lr.features.len() && w[col] == 0.0));
    assert_eq!(lr.weights, SpeakerRanker::default().weights);
    // ... also with a hidden layer: its inputs are matched by name too.
    use whosaid::resolve::ranker::{HiddenLayer, CONTEXTS};
    let mut r = SpeakerRanker::default();
    r.features.pop();
    for w in &mut r.weights {
        w.pop();
    }
    let n = r.features.len();
    let row: Vec<f32> = (0..n + CONTEXTS.len()).map(|i| i as f32).collect();
    r.hidden = Some(HiddenLayer {
        w: vec![row],
        b: vec![0.0],
        out: vec![1.0],
    });
    r.save(dir.file("ranker.json")).unwrap();
    let loaded = Attributor::from_dir(dir.path()).expect("an older ranker with hidden units loads");
    let h = loaded.ranker().and_then(|r| r.hidden.clone()).unwrap();
    let full = &h.w[0];
    assert_eq!(full.len(), n + 1 + CONTEXTS.len());
    assert_eq!(full[col], 0.0, "the missing feature weighs nothing");
    assert_eq!(
        &full[..n],
        &(0..n).map(|i| i as f32).collect::<Vec<_>>()[..]
    );
    assert_eq!(full[n + 1], n as f32, "contexts follow the features");
    let mut bad = loaded.ranker().cloned().unwrap();
    bad.features.pop();
    for w in &mut bad.weights {
        w.pop();
    }
    bad.save(dir.file("ranker.json")).unwrap();
    assert!(
        matches!(load(dir.path()), Error::Config(_)),
        "hidden rows of the wrong length are refused"
    );
    // Utterance links of another version, or not finite.
    use whosaid::resolve::links::{LinkModel, NUM_LINK_INPUTS};
    let links = LinkModel::new(vec![0.5; NUM_LINK_INPUTS], -1.0);
    let with = |l: LinkModel| SpeakerRanker {
        utterance_links: Some(l),
        ..SpeakerRanker::default()
    };
    with(links.clone()).save(dir.file("ranker.json")).unwrap();
    let a = Attributor::from_dir(dir.path()).expect("links load");
    assert_eq!(
        a.ranker().and_then(|r| r.utterance_links.clone()),
        Some(links.clone())
    );
    let mut renamed = links.clone();
    renamed.inputs[0] = "something_else".into();
    with(renamed).save(dir.file("ranker.json")).unwrap();
    let e = load(dir.path());
    assert!(e.to_string().contains("utterance links"), "{e}");
    let mut short = links;
    short.weights.pop();
    with(short).save(dir.file("ranker.json")).unwrap();
    assert!(matches!(load(dir.path()), Error::Config(_)));
    // An addressee model of another version (one input short).
    use whosaid::resolve::addressee_model::{AddresseeModel, NUM_ADDRESSEE_INPUTS};
    let model = AddresseeModel::new(vec![0.5; NUM_ADDRESSEE_INPUTS - 1], 0.0);
    SpeakerRanker {
        addressee_model: Some(model),
        ..SpeakerRanker::default()
    }
    .save(dir.file("ranker.json"))
    .unwrap();
    let e = load(dir.path());
    assert!(e.to_string().contains("addressee model"), "{e}");
    // One written before its last input existed: it loads, that input at 0.
    let mut older = AddresseeModel::new(vec![0.5; NUM_ADDRESSEE_INPUTS], 0.0);
    older.inputs.pop();
    older.weights.pop();
    SpeakerRanker {
        addressee_model: Some(older),
        ..SpeakerRanker::default()
    }
    .save(dir.file("ranker.json"))
    .unwrap();
    let a = Attributor::from_dir(dir.path()).expect("an older addressee model loads");
    let loaded = a.ranker().and_then(|r| r.addressee_model.clone()).unwrap();
    assert!(loaded.valid());
    assert_eq!(loaded.weights.last(), Some(&0.0));
    assert_eq!(loaded.weights[0], 0.5);
}
