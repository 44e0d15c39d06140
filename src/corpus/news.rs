//! Reader for the hand-annotated news gold JSONL (see `news/FORMAT.md`).

use std::path::Path;

use serde_json::{json, Value};

use crate::corpus::{GoldAddressee, GoldDoc, GoldQuote};
use crate::{Error, QuoteKind, Result, Span};

/// The raw articles under `raw` (`raw/<category>/<stem>.txt`), sorted by
/// path; empty when the folder is missing.
pub fn raw_article_paths(raw: &Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(raw)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .flat_map(|cat| {
            std::fs::read_dir(cat.path())
                .into_iter()
                .flatten()
                .filter_map(|e| e.ok())
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
}

/// Reads a news gold file: one article a line with its quotations.
///
/// Offsets are checked to lie inside the text on char boundaries; any
/// problem is an [`Error::Data`] naming the line. Blank lines are skipped.
pub fn read_gold(path: &Path) -> Result<Vec<GoldDoc>> {
    let content = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut docs = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fail = |reason: String| Error::Data {
            path: path.to_path_buf(),
            reason: format!("line {}: {reason}", n + 1),
        };
        let value: Value = serde_json::from_str(line).map_err(|e| fail(e.to_string()))?;
        docs.push(parse_doc(&value).map_err(fail)?);
    }
    Ok(docs)
}

/// A gold document as one line of the gold JSONL format (`news/FORMAT.md`):
/// `type` is the quote's label (`direct`, ..., or `explicit`, ... for PDNC)
/// and `speaker_aliases` is written when the quote has aliases, so that the
/// reference scorer reads PDNC gold as the project scores it.
pub fn gold_json(doc: &GoldDoc) -> Value {
    let span = |s: Span| json!({"start": s.start, "end": s.end, "text": s.text(&doc.text)});
    let quotes: Vec<Value> = doc
        .quotes
        .iter()
        .map(|q| {
            let mut v = json!({
                "start": q.span.start,
                "end": q.span.end,
                "text": q.span.text(&doc.text),
                "type": q.label,
                "kind": q.kind.as_str(),
                "speaker": q.speaker,
                "mention": q.mention.map(span),
                "cue": q.cue.map(span),
            });
            if !q.speaker_aliases.is_empty() {
                v["speaker_aliases"] = json!(q.speaker_aliases);
            }
            if !q.addressees.is_empty() {
                v["addressees"] = q
                    .addressees
                    .iter()
                    .map(|a| json!({"name": a.name, "aliases": a.aliases}))
                    .collect();
            }
            if let Some(id) = &q.quote_id {
                v["quote_id"] = json!(id);
            }
            v
        })
        .collect();
    json!({"id": doc.id, "text": doc.text, "quotes": quotes})
}

/// One gold article from its JSON object.
pub(crate) fn parse_doc(v: &Value) -> std::result::Result<GoldDoc, String> {
    let id = v
        .get("id")
        .and_then(Value::as_str)
        .ok_or("missing string field `id`")?
        .to_string();
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{id}: missing string field `text`"))?
        .to_string();
    let quotes = v
        .get("quotes")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{id}: missing array field `quotes`"))?;
    let quotes = quotes
        .iter()
        .enumerate()
        .map(|(k, q)| parse_quote(q, &text).map_err(|e| format!("{id}: quote {k}: {e}")))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(GoldDoc { id, text, quotes })
}

/// A `{start, end}` object as a span checked against `text`.
fn span_in(v: &Value, text: &str, what: &str) -> std::result::Result<Span, String> {
    let get = |k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .and_then(|x| usize::try_from(x).ok())
            .ok_or_else(|| format!("{what}: missing or invalid `{k}`"))
    };
    let (start, end) = (get("start")?, get("end")?);
    if start > end || end > text.len() {
        return Err(format!(
            "{what}: span {start}..{end} out of range (text has {} bytes)",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!(
            "{what}: span {start}..{end} not on char boundaries"
        ));
    }
    if let Some(t) = v.get("text").and_then(Value::as_str) {
        if &text[start..end] != t {
            return Err(format!(
                "{what}: text at {start}..{end} is {:?}, the file says {t:?}",
                &text[start..end]
            ));
        }
    }
    Ok(Span::new(start, end))
}

/// An optional span field: absent or `null` is `None`.
fn opt_span(q: &Value, key: &str, text: &str) -> std::result::Result<Option<Span>, String> {
    match q.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => span_in(v, text, key).map(Some),
    }
}

/// An optional string field: absent or `null` is `None`.
fn opt_str(q: &Value, key: &str) -> std::result::Result<Option<String>, String> {
    match q.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` must be a string or null")),
    }
}

fn parse_quote(q: &Value, text: &str) -> std::result::Result<GoldQuote, String> {
    let span = span_in(q, text, "quote")?;
    let label = opt_str(q, "type")?
        .filter(|s| !s.is_empty())
        .or(opt_str(q, "kind")?)
        .ok_or("missing `type`")?;
    // `type` is the label scores are broken down by; for corpora whose labels
    // are not kinds (PDNC: explicit/anaphoric/implicit) `kind` gives the kind.
    let kind = QuoteKind::parse(&label)
        .or(opt_str(q, "kind")?.as_deref().and_then(QuoteKind::parse))
        .ok_or_else(|| format!("unknown quote type {label:?} and no `kind` field"))?;
    let speaker = opt_str(q, "speaker")?;
    let speaker_aliases = match q.get("speaker_aliases") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or("`speaker_aliases` must be a list of strings")?,
        Some(_) => return Err("`speaker_aliases` must be a list of strings".to_string()),
    };
    Ok(GoldQuote {
        span,
        kind,
        label,
        speaker,
        speaker_aliases,
        mention: opt_span(q, "mention", text)?,
        cue: opt_span(q, "cue", text)?,
        addressees: addressees(q)?,
        quote_id: opt_str(q, "quote_id")?,
    })
}

/// The optional `addressees` list: objects `{"name", "aliases"}` or bare names.
fn addressees(q: &Value) -> std::result::Result<Vec<GoldAddressee>, String> {
    let bad =
        || "`addressees` must be a list of names or {\"name\", \"aliases\"} objects".to_string();
    let items = match q.get("addressees") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(bad()),
    };
    items
        .iter()
        .map(|a| {
            let name = a
                .as_str()
                .or_else(|| a.get("name").and_then(Value::as_str))
                .ok_or_else(bad)?
                .to_string();
            let aliases = match a.get("aliases") {
                Some(Value::Array(v)) => v
                    .iter()
                    .map(|x| x.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(bad)?,
                _ => vec![name.clone()],
            };
            Ok(GoldAddressee { name, aliases })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> std::result::Result<GoldDoc, String> {
        parse_doc(&serde_json::from_str(line).unwrap())
    }

    #[test]
    fn reads_a_quote() {
        let d = parse(
            r#"{"id":"a","text":"\"Hi,\" said Bob.","quotes":[{"start":1,"end":4,"text":"Hi,","type":"direct","speaker":"Bob","mention":{"start":11,"end":14,"text":"Bob"},"cue":{"start":6,"end":10,"text":"said"}}]}"#,
        )
        .unwrap();
        let q = &d.quotes[0];
        assert_eq!(q.span, Span::new(1, 4));
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(q.label, "direct");
        assert_eq!(q.mention, Some(Span::new(11, 14)));
        assert_eq!(q.cue, Some(Span::new(6, 10)));
    }

    #[test]
    fn rejects_bad_offsets() {
        let e = parse(
            r#"{"id":"a","text":"é","quotes":[{"start":1,"end":2,"type":"direct","speaker":null}]}"#,
        );
        assert!(e.unwrap_err().contains("char boundaries"));
        let e = parse(
            r#"{"id":"a","text":"ab","quotes":[{"start":1,"end":3,"type":"direct","speaker":null}]}"#,
        );
        assert!(e.unwrap_err().contains("out of range"));
    }

    #[test]
    fn line_number_in_error() {
        let dir = std::env::temp_dir().join(format!("whosaid-news-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("g.jsonl");
        std::fs::write(&p, "{\"id\":\"a\",\"text\":\"\",\"quotes\":[]}\n\n{oops\n").unwrap();
        let e = read_gold(&p).unwrap_err().to_string();
        assert!(e.contains("line 3"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
