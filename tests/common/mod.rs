//! Shared helpers for the integration tests that need a model: a tiny
//! WordPiece tokenizer built in code and a tiny, randomly initialised BERT
//! with whosaid's heads, saved as a model directory in a temp dir. Nothing
//! here needs the shipped weights.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rust_bert::bert::BertConfig;
use rust_bert::Activation;
use tempfile::TempDir;
use tokenizers::models::wordpiece::WordPiece;
use tokenizers::normalizers::BertNormalizer;
use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
use tokenizers::Tokenizer;
use whosaid::model::{Model, ModelConfig};
use whosaid::{Attribution, Attributor};

/// The keys of a quotation in the documented JSON format (README "JSON format").
pub const QUOTE_JSON_KEYS: [&str; 9] = [
    "start",
    "end",
    "text",
    "kind",
    "confidence",
    "speaker",
    "cue",
    "group",
    "addressees",
];
use whosaid::text::TextEncoder;

/// Window length of the tiny model (word pieces, special tokens excluded).
pub const TINY_MAX_TOKENS: usize = 62;

const SPECIALS: [&str; 5] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

const PUNCTUATION: [&str; 27] = [
    ".", ",", "!", "?", ";", ":", "'", "\"", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "-", "–",
    "—", "(", ")", "…", "/", "&", "%", "$",
];

const WORDS: [&str; 108] = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "as",
    "that",
    "this",
    "it",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "not",
    "no",
    "we",
    "you",
    "he",
    "she",
    "they",
    "i",
    "his",
    "her",
    "their",
    "our",
    "my",
    "said",
    "says",
    "told",
    "added",
    "asked",
    "according",
    "reporters",
    "minister",
    "president",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prices",
    "price",
    "fall",
    "rise",
    "people",
    "government",
    "year",
    "today",
    "yesterday",
    "new",
    "city",
    "market",
    "cafe",
    "news",
    "police",
    "spokesman",
    "spokeswoman",
    "statement",
    "interview",
    "never",
    "always",
    "again",
    "give",
    "up",
    "go",
    "come",
    "very",
    "good",
    "bad",
    "great",
    "who",
    "what",
    "when",
    "there",
    "here",
    "all",
    "more",
    "most",
    "last",
    "first",
    "one",
    "two",
    "three",
    "ten",
    "paris",
    "london",
    "smith",
    "jones",
    "maria",
    "lopez",
    "zoe",
    "muller",
];

const PIECES: [&str; 10] = [
    "##s", "##ed", "##ing", "##ly", "##er", "##est", "##ion", "##al", "##ment", "##ers",
];

/// The vocabulary, one token a line, in id order.
pub fn vocab() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    let mut push = |t: &str| {
        if !v.iter().any(|x| x == t) {
            v.push(t.to_string());
        }
    };
    SPECIALS.iter().for_each(|t| push(t));
    PUNCTUATION.iter().for_each(|t| push(t));
    WORDS.iter().for_each(|t| push(t));
    PIECES.iter().for_each(|t| push(t));
    // Letters and digits, so that most words split into pieces rather than [UNK].
    for c in ('a'..='z').chain('0'..='9') {
        push(&c.to_string());
        push(&format!("##{c}"));
    }
    v
}

/// A tiny uncased WordPiece tokenizer (BERT normaliser and pre-tokenizer, no
/// post-processor: whosaid adds `[CLS]`/`[SEP]` itself).
pub fn tiny_tokenizer() -> Tokenizer {
    let dir = TempDir::new().expect("temp dir");
    let path = dir.path().join("vocab.txt");
    std::fs::write(&path, vocab().join("\n") + "\n").expect("write vocab");
    let wordpiece = WordPiece::from_file(path.to_str().expect("utf-8 temp path"))
        .unk_token("[UNK]".into())
        .continuing_subword_prefix("##".into())
        .build()
        .expect("wordpiece");
    let mut tokenizer = Tokenizer::new(wordpiece);
    tokenizer.with_normalizer(Some(BertNormalizer::default()));
    tokenizer.with_pre_tokenizer(Some(BertPreTokenizer));
    tokenizer
}

/// The tiny tokenizer wrapped as whosaid's encoder.
pub fn tiny_encoder() -> TextEncoder {
    TextEncoder::new(tiny_tokenizer()).expect("encoder from tiny tokenizer")
}

/// A tiny BERT: hidden 32, 2 layers, 2 heads.
pub fn tiny_bert(vocab_size: usize) -> BertConfig {
    BertConfig {
        hidden_act: Activation::gelu,
        attention_probs_dropout_prob: 0.1,
        hidden_dropout_prob: 0.1,
        hidden_size: 32,
        initializer_range: 0.02,
        intermediate_size: 64,
        max_position_embeddings: 128,
        num_attention_heads: 2,
        num_hidden_layers: 2,
        type_vocab_size: 2,
        vocab_size: vocab_size as i64,
        output_attentions: None,
        output_hidden_states: None,
        is_decoder: None,
        id2label: None,
        label2id: None,
    }
}

/// The tiny model's configuration, with small heads.
pub fn tiny_config(vocab_size: usize) -> ModelConfig {
    let mut config = ModelConfig::new("tiny", tiny_bert(vocab_size));
    config.tag_hidden = 32;
    config.link_dim = 16;
    config.link_hidden = 16;
    config.link_max_distance = 40;
    config.max_tokens = TINY_MAX_TOKENS;
    config
}

/// A randomly initialised tiny model (same weights for the same seed).
pub fn tiny_model(seed: i64) -> Model {
    let encoder = tiny_encoder();
    random_model(tiny_config(encoder.vocab_size()), encoder, seed)
}

/// A randomly initialised model with any configuration (same weights for the same seed).
pub fn random_model(config: ModelConfig, encoder: TextEncoder, seed: i64) -> Model {
    Model::random_seeded(config, encoder, seed).expect("random model")
}

/// A model directory holding the tiny model; removed when dropped.
pub struct TinyModelDir {
    dir: TempDir,
}

impl TinyModelDir {
    /// Builds and saves the tiny model with seed 7.
    pub fn new() -> Self {
        Self::with_seed(7)
    }

    /// Builds and saves the tiny model with `seed`.
    pub fn with_seed(seed: i64) -> Self {
        let dir = TempDir::new().expect("temp dir");
        tiny_model(seed).save(dir.path()).expect("save tiny model");
        TinyModelDir { dir }
    }

    /// The model directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A file inside the model directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A builder for the tiny model in `dir`: short windows (30 word pieces,
/// overlap 8) so that texts span several, and every quotation kept.
pub fn tiny_builder(dir: &TinyModelDir) -> whosaid::AttributorBuilder {
    Attributor::builder()
        .model_dir(dir.path())
        .window(30, 8)
        .min_confidence(0.0)
}

/// The shipped model (`models/whosaid-minilm-v1`), which these tests must load.
pub fn shipped_attributor() -> Attributor {
    let dir = whosaid::default_model_dir();
    Attributor::from_dir(&dir)
        .unwrap_or_else(|e| panic!("the shipped model in {} must load: {e}", dir.display()))
}

/// The speaker name of the first quotation containing `words`.
pub fn speaker_of<'a>(att: &'a Attribution, text: &str, words: &str) -> Option<&'a str> {
    let q = att
        .quotes
        .iter()
        .find(|q| q.span.text(text).contains(words))
        .unwrap_or_else(|| panic!("no quotation containing {words:?} in {:#?}", att.quotes));
    att.speaker_of(q).map(|s| s.name.as_str())
}
