//! Reader for prediction files: the `attribute --jsonl` output format.

use std::path::Path;

use serde_json::Value;

use crate::corpus::{PredDoc, PredQuote};
use crate::{Error, QuoteKind, Result, Span};

/// Reads a predictions file, one document a line:
/// `{"id", "quotes": [{"start", "end", "kind"|"type", "speaker", "mention"?}]}`.
///
/// `speaker` is a name, an object `{"name" (or "text"), "mention"}` or
/// `null`; the mention is the speaker object's `mention` or else the quote's
/// own `mention`, each `{"start", "end", ...}` or `null`, as the reference
/// scorer reads them. Blank lines are skipped; errors name the line.
pub fn read_predictions(path: &Path) -> Result<Vec<PredDoc>> {
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

fn parse_doc(v: &Value) -> std::result::Result<PredDoc, String> {
    let id = v
        .get("id")
        .and_then(Value::as_str)
        .ok_or("missing string field `id`")?
        .to_string();
    let quotes = v
        .get("quotes")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{id}: missing array field `quotes`"))?
        .iter()
        .enumerate()
        .map(|(k, q)| parse_quote(q).map_err(|e| format!("{id}: quote {k}: {e}")))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(PredDoc { id, quotes })
}

/// A non-negative integer field.
fn offset(v: &Value, key: &str, what: &str) -> std::result::Result<usize, String> {
    v.get(key)
        .and_then(Value::as_u64)
        .and_then(|x| usize::try_from(x).ok())
        .ok_or_else(|| format!("{what}: missing or invalid `{key}`"))
}

/// A non-empty string value, as Python's truthiness sees it.
fn truthy_str(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

fn parse_quote(q: &Value) -> std::result::Result<PredQuote, String> {
    // Predictions with end < start are accepted (they simply never match).
    let span = Span::new(offset(q, "start", "quote")?, offset(q, "end", "quote")?);
    let kind = truthy_str(q.get("kind"))
        .or_else(|| truthy_str(q.get("type")))
        .and_then(|k| QuoteKind::parse(&k));
    let (speaker, inner_mention) = match q.get("speaker") {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(s)) => (Some(s.clone()), None),
        Some(obj @ Value::Object(_)) => (
            truthy_str(obj.get("name"))
                .or_else(|| obj.get("text").and_then(Value::as_str).map(str::to_string)),
            obj.get("mention").filter(|m| !m.is_null()),
        ),
        Some(_) => return Err("`speaker` must be a string, an object or null".to_string()),
    };
    let mention = match inner_mention.or_else(|| q.get("mention").filter(|m| !m.is_null())) {
        Some(m @ Value::Object(o)) if o.contains_key("start") => Some(Span::new(
            offset(m, "start", "mention")?,
            offset(m, "end", "mention")?,
        )),
        _ => None,
    };
    let group = match q.get("group") {
        None | Some(Value::Null) => None,
        Some(g) => Some(
            g.as_u64()
                .and_then(|g| usize::try_from(g).ok())
                .ok_or("`group` must be a non-negative integer or null")?,
        ),
    };
    let addressees = match q.get("addressees") {
        None => None,
        Some(Value::Null) => Some(Vec::new()),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(|a| match a {
                    Value::String(s) if !s.is_empty() => Some(s.clone()),
                    Value::Object(_) => truthy_str(a.get("name")),
                    _ => None,
                })
                .collect(),
        ),
        Some(_) => {
            return Err("`addressees` must be a list of names or {\"name\"} objects".to_string())
        }
    };
    Ok(PredQuote {
        span,
        kind,
        speaker,
        mention,
        group,
        addressees,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(s: &str) -> PredQuote {
        parse_quote(&serde_json::from_str(s).unwrap()).unwrap()
    }

    #[test]
    fn speaker_forms() {
        let q = quote(r#"{"start":1,"end":5,"kind":"direct","speaker":"Bob"}"#);
        assert_eq!(q.speaker.as_deref(), Some("Bob"));
        assert_eq!(q.kind, Some(QuoteKind::Direct));
        let q = quote(
            r#"{"start":1,"end":5,"type":"mixed","speaker":{"name":"Bob","mention":{"start":7,"end":10}}}"#,
        );
        assert_eq!(q.mention, Some(Span::new(7, 10)));
        assert_eq!(q.kind, Some(QuoteKind::Mixed));
        let q = quote(
            r#"{"start":1,"end":5,"speaker":{"text":"he","mention":null},"mention":{"start":2,"end":3}}"#,
        );
        assert_eq!(q.speaker.as_deref(), Some("he"));
        assert_eq!(q.mention, Some(Span::new(2, 3)));
        let q = quote(r#"{"start":1,"end":5,"speaker":null}"#);
        assert_eq!((q.speaker, q.mention, q.kind), (None, None, None));
        let q = quote(r#"{"start":1,"end":5,"speaker":{"name":""}}"#);
        assert_eq!(q.speaker, None);
    }

    #[test]
    fn bad_offsets_are_errors() {
        assert!(parse_quote(&serde_json::json!({"start": -1, "end": 2})).is_err());
        assert!(parse_quote(&serde_json::json!({"end": 2})).is_err());
    }
}
