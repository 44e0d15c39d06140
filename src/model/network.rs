//! The network: a BERT encoder (rust-bert) whose input embeddings get the
//! shape features added, a BIO tagger head and a speaker-linker head.

use rust_bert::bert::{BertEmbeddings, BertModel};
use tch::nn::{self, Module};
use tch::{Kind, Tensor};

use super::config::ModelConfig;
use crate::{Error, Result};

/// Variable-name prefix of the heads (the encoder's names follow Hugging Face).
pub const HEAD_PREFIX: &str = "whosaid.";

/// Variable-name roots of the encoder (Hugging Face's BERT names).
pub(crate) const ENCODER_PATHS: [&str; 2] = ["embeddings", "encoder"];

/// Optimiser group of the heads' variables (the encoder's are group 0).
pub(crate) const HEAD_GROUP: usize = 1;

/// Encoder plus heads, built on a `VarStore` path.
pub struct QuoteNet {
    bert: BertModel<BertEmbeddings>,
    word_embeddings: Tensor,
    feature_embed: nn::Linear,
    tag_hidden: nn::Linear,
    tag_out: nn::Linear,
    link_proj: nn::Linear,
    link_hidden: nn::Linear,
    link_out: nn::Linear,
    null_out: nn::Linear,
}

impl std::fmt::Debug for QuoteNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuoteNet").finish_non_exhaustive()
    }
}

/// What the encoder and tagger give for a batch of windows.
#[derive(Debug)]
pub struct NetOutput {
    /// `[batch, tokens, tags]` tag logits.
    pub tag_logits: Tensor,
    /// `[batch, tokens, link_dim]` token states for span representations.
    pub link_states: Tensor,
}

impl QuoteNet {
    /// Declares all variables under `root`.
    pub fn new(root: &nn::Path, cfg: &ModelConfig) -> Result<Self> {
        let h = cfg.encoder.hidden_size;
        let f = cfg.features.len() as i64;
        let bert = BertModel::<BertEmbeddings>::new_with_optional_pooler(root, &cfg.encoder, false);
        let word_embeddings = (root / "embeddings" / "word_embeddings")
            .get("weight")
            .ok_or_else(|| {
                Error::Config("encoder has no embeddings.word_embeddings.weight".into())
            })?;
        // Heads live in optimiser group 1 so that training can give them their own learning rate.
        let heads = root.set_group(HEAD_GROUP) / "whosaid";
        let small = nn::LinearConfig {
            ws_init: nn::Init::Randn {
                mean: 0.0,
                stdev: 0.02,
            },
            ..Default::default()
        };
        let d = cfg.link_dim;
        Ok(QuoteNet {
            bert,
            word_embeddings,
            feature_embed: nn::linear(&heads / "feature_embed", f, h, small),
            tag_hidden: nn::linear(
                &heads / "tag_hidden",
                h + f,
                cfg.tag_hidden,
                Default::default(),
            ),
            tag_out: nn::linear(
                &heads / "tag_out",
                cfg.tag_hidden,
                cfg.tags.len() as i64,
                Default::default(),
            ),
            link_proj: nn::linear(&heads / "link_proj", h + f, d, Default::default()),
            link_hidden: nn::linear(
                &heads / "link_hidden",
                3 * d + cfg.pair_features as i64,
                cfg.link_hidden,
                Default::default(),
            ),
            link_out: nn::linear(&heads / "link_out", cfg.link_hidden, 1, Default::default()),
            null_out: nn::linear(&heads / "null_out", d, 1, Default::default()),
        })
    }

    /// The format the encoder's weights are in.
    pub fn precision(&self) -> super::Precision {
        match self.word_embeddings.kind() {
            Kind::BFloat16 => super::Precision::Bf16,
            _ => super::Precision::F32,
        }
    }

    /// Runs encoder and tagger on `[batch, tokens]` ids with their mask and
    /// `[batch, tokens, features]` shape features.
    pub fn forward(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        features: &Tensor,
        train: bool,
    ) -> Result<NetOutput> {
        let hidden = self.encode(ids, mask, features, train)?;
        self.heads(&hidden, features, train)
    }

    /// The encoder alone: `[batch, tokens, hidden]` states, in the encoder's
    /// format (see [`precision`](Self::precision)).
    pub fn encode(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        features: &Tensor,
        train: bool,
    ) -> Result<Tensor> {
        let encoder_kind = self.word_embeddings.kind();
        let embeds = (Tensor::f_embedding(&self.word_embeddings, ids, -1, false, false)?
            + self.feature_embed.forward(features))
        .to_kind(encoder_kind);
        let out = self
            .bert
            .forward_t(
                None,
                Some(mask),
                None,
                None,
                Some(&embeds),
                None,
                None,
                train,
            )
            .map_err(|e| Error::Config(format!("encoder forward: {e}")))?;
        Ok(out.hidden_state)
    }

    /// The tagger head and the linker's token projection on the encoder's
    /// states; they compute in f32 whatever the encoder's format.
    pub fn heads(&self, hidden: &Tensor, features: &Tensor, train: bool) -> Result<NetOutput> {
        let states = Tensor::f_cat(&[&hidden.to_kind(Kind::Float), features], -1)?;
        let states = if train {
            states.dropout(0.1, true)
        } else {
            states
        };
        let tag_logits = self
            .tag_out
            .forward(&self.tag_hidden.forward(&states).gelu("none"));
        let link_states = self.link_proj.forward(&states);
        Ok(NetOutput {
            tag_logits,
            link_states,
        })
    }

    /// Scores candidate speaker mentions: `quote` `[q, d]`, `mention` `[q, c, d]`,
    /// `pair` `[q, c, pair_features]` → `[q, c]` scores.
    pub(crate) fn link_scores(&self, quote: &Tensor, mention: &Tensor, pair: &Tensor) -> Tensor {
        let c = mention.size()[1];
        let q = quote.unsqueeze(1).expand([-1, c, -1], false);
        let x = Tensor::cat(
            &[&q, mention, &(&q * mention), &pair.to_kind(Kind::Float)],
            -1,
        );
        self.link_out
            .forward(&self.link_hidden.forward(&x).gelu("none"))
            .squeeze_dim(-1)
    }

    /// Score of "no speaker mention here" for each quotation `[q, d]` → `[q]`.
    pub(crate) fn null_scores(&self, quote: &Tensor) -> Tensor {
        self.null_out.forward(quote).squeeze_dim(-1)
    }
}
