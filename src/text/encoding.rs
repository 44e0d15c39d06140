//! Word-piece encoding through the model's `tokenizer.json`, keeping the UTF-8
//! byte span of every token.

use std::path::Path;

use tokenizers::Tokenizer;

use crate::{Error, Result, Span};

/// The model's tokenizer: wraps a `tokenizers::Tokenizer` with truncation and
/// padding turned off, so that every byte of a text is seen.
#[derive(Clone)]
pub struct TextEncoder {
    tokenizer: Tokenizer,
    cls_id: u32,
    sep_id: u32,
    pad_id: u32,
}

impl std::fmt::Debug for TextEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextEncoder")
            .field("vocab_size", &self.tokenizer.get_vocab_size(true))
            .finish()
    }
}

/// Tokens of a piece of text: ids and the byte span each covers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tokens {
    /// Vocabulary ids.
    pub ids: Vec<u32>,
    /// Byte span of each token in the text that was encoded.
    pub spans: Vec<Span>,
    /// True for word-piece continuations (`##…`).
    pub continuation: Vec<bool>,
}

impl Tokens {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Index of the first token that ends after byte `pos` (the token holding
    /// `pos`, or the next one); `len()` when there is none.
    pub fn token_at_or_after(&self, pos: usize) -> usize {
        self.spans.partition_point(|s| s.end <= pos)
    }

    /// Token range `[first, last)` of the tokens lying inside `span`
    /// (a token counts when its midpoint falls in the span).
    pub fn tokens_in(&self, span: Span) -> std::ops::Range<usize> {
        let first = self
            .spans
            .partition_point(|s| (s.start + s.end) / 2 < span.start);
        let last = self
            .spans
            .partition_point(|s| (s.start + s.end) / 2 < span.end);
        first..last.max(first)
    }

    /// Byte span from the start of token `first` to the end of token `last - 1`.
    pub fn byte_span(&self, range: std::ops::Range<usize>) -> Option<Span> {
        if range.start >= range.end || range.end > self.spans.len() {
            return None;
        }
        Some(Span::new(
            self.spans[range.start].start,
            self.spans[range.end - 1].end,
        ))
    }
}

impl TextEncoder {
    /// Loads `tokenizer.json`.
    pub fn from_file(path: &Path) -> Result<Self> {
        if !path.is_file() {
            return Err(Error::MissingModelFile {
                path: path.to_path_buf(),
            });
        }
        let tokenizer = Tokenizer::from_file(path).map_err(|e| Error::CorruptModelFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Self::new(tokenizer).map_err(|e| Error::CorruptModelFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Wraps a tokenizer, turning off truncation and padding.
    pub fn new(mut tokenizer: Tokenizer) -> Result<Self> {
        tokenizer
            .with_truncation(None)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        tokenizer.with_padding(None);
        let id = |t: &str| {
            tokenizer
                .token_to_id(t)
                .ok_or_else(|| Error::Tokenizer(format!("vocabulary has no {t} token")))
        };
        Ok(TextEncoder {
            cls_id: id("[CLS]")?,
            sep_id: id("[SEP]")?,
            pad_id: id("[PAD]")?,
            tokenizer,
        })
    }

    /// Writes the tokenizer (truncation and padding off) as `tokenizer.json`.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.tokenizer
            .save(path, false)
            .map_err(|e| Error::Tokenizer(format!("cannot save {}: {e}", path.display())))
    }

    /// Id of `[CLS]`.
    pub(crate) fn cls_id(&self) -> u32 {
        self.cls_id
    }

    /// Id of `[SEP]`.
    pub(crate) fn sep_id(&self) -> u32 {
        self.sep_id
    }

    /// Id of `[PAD]`.
    pub(crate) fn pad_id(&self) -> u32 {
        self.pad_id
    }

    /// Vocabulary size, special tokens included.
    pub fn vocab_size(&self) -> usize {
        self.tokenizer.get_vocab_size(true)
    }

    /// Encodes `text[span]` without special tokens, appending to `out` with
    /// byte spans relative to the whole `text`.
    pub(crate) fn encode_into(&self, text: &str, span: Span, out: &mut Tokens) -> Result<()> {
        let piece = text.get(span.start..span.end).ok_or_else(|| {
            Error::InvalidInput(format!("span {span:?} is not on char boundaries"))
        })?;
        if piece.trim().is_empty() {
            return Ok(());
        }
        let enc = self
            .tokenizer
            .encode(piece, false)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        for ((&id, &(s, e)), tok) in enc
            .get_ids()
            .iter()
            .zip(enc.get_offsets())
            .zip(enc.get_tokens())
        {
            if e <= s {
                continue;
            }
            out.ids.push(id);
            out.spans.push(Span::new(span.start + s, span.start + e));
            out.continuation.push(tok.starts_with("##"));
        }
        Ok(())
    }

    /// Encodes a whole text (without special tokens), paragraph by paragraph.
    pub fn encode(&self, text: &str, paragraphs: &[Span]) -> Result<Tokens> {
        let mut out = Tokens::default();
        for &p in paragraphs {
            self.encode_into(text, p, &mut out)?;
        }
        Ok(out)
    }
}
