//! `POST /v1/batch`: JSON lines in (`{"id": ..., "text": "..."}`), JSON lines
//! streamed out in the same order, one per non-blank input line:
//! `{"id": ..., "quotes": [...]}` (the format of [`crate::attribute_jsonl`])
//! or, for a line that could not be attributed, `{"line": n, "id": ...,
//! "error": "..."}` (`id` when the line had one). Texts are attributed
//! `GROUP` at a time; the time limit applies to each group.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::mpsc;

use super::error::ApiError;
use super::state::{Admitted, AppState};
use crate::api::jsonl::write_prediction_line;

/// Lines attributed by one call (their windows share forward passes).
pub(crate) const GROUP: usize = 16;

/// One non-blank input line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// 1-based line number in the body.
    pub number: usize,
    /// The id, when the line had one.
    pub id: Option<Value>,
    /// The text, or why the line cannot be attributed.
    pub text: Result<String, String>,
}

#[derive(Deserialize)]
struct InLine {
    id: Value,
    text: String,
}

/// Splits a body into its non-blank lines and reads each one.
pub(crate) fn parse_lines(body: &[u8]) -> Vec<Line> {
    body.split(|&b| b == b'\n')
        .enumerate()
        .filter_map(|(i, raw)| {
            let number = i + 1;
            let line = match std::str::from_utf8(raw) {
                Ok(l) => l.trim(),
                Err(e) => {
                    return Some(Line {
                        number,
                        id: None,
                        text: Err(format!("not valid UTF-8 ({e})")),
                    })
                }
            };
            if line.is_empty() {
                return None;
            }
            Some(match serde_json::from_str::<InLine>(line) {
                Ok(item) => Line {
                    number,
                    id: Some(item.id),
                    text: Ok(item.text),
                },
                Err(e) => Line {
                    number,
                    id: serde_json::from_str::<Value>(line)
                        .ok()
                        .and_then(|v| v.get("id").cloned()),
                    text: Err(format!("expected {{\"id\": ..., \"text\": \"...\"}}: {e}")),
                },
            })
        })
        .collect()
}

/// The error line for `line`.
pub(crate) fn error_line(line: &Line, error: &str) -> Vec<u8> {
    let mut v = serde_json::Map::new();
    v.insert("line".into(), line.number.into());
    if let Some(id) = &line.id {
        v.insert("id".into(), id.clone());
    }
    v.insert("error".into(), error.into());
    let mut out = Value::Object(v).to_string().into_bytes();
    out.push(b'\n');
    out
}

/// Attributes one group of lines with `attributor` and writes its output lines.
fn attribute_group(
    attributor: &crate::Attributor,
    group: &[Line],
    deadline: Instant,
    timeout: Duration,
) -> Vec<u8> {
    let texts: Vec<&str> = group
        .iter()
        .filter_map(|l| l.text.as_deref().ok())
        .collect();
    let found = match attributor.attribute_batch_until(&texts, deadline) {
        Ok(f) => f,
        Err(e) => {
            let msg = match e {
                crate::Error::DeadlinePassed => ApiError::Timeout(timeout).to_string(),
                e => format!("attribution failed: {e}"),
            };
            return group.iter().flat_map(|l| error_line(l, &msg)).collect();
        }
    };
    let mut found = found.iter();
    let mut out = Vec::new();
    for line in group {
        match (
            &line.text,
            line.text.is_ok().then(|| found.next()).flatten(),
        ) {
            (Ok(text), Some(att)) => {
                let id = line.id.as_ref().unwrap_or(&Value::Null);
                // Writing to a Vec cannot fail.
                if write_prediction_line(&mut out, id, text, att).is_err() {
                    out.extend(error_line(line, "could not serialize the result"));
                }
            }
            (Err(e), _) => out.extend(error_line(line, e)),
            (Ok(_), None) => out.extend(error_line(line, "no result for this line")),
        }
    }
    out
}

/// Streams the output for `lines`: each group is attributed on a worker and
/// sent as soon as it is done. Stops early (after the group in progress) when
/// the client goes away.
pub(crate) fn stream(state: AppState, admitted: Admitted, lines: Vec<Line>) -> Body {
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    let admitted = Arc::new(admitted);
    let timeout = state.limits().timeout;
    tokio::spawn(async move {
        let mut rest = lines;
        while !rest.is_empty() {
            let tail = rest.split_off(rest.len().min(GROUP));
            let group = std::mem::replace(&mut rest, tail);
            let texts = group.iter().filter(|l| l.text.is_ok()).count();
            let out = if texts == 0 {
                group
                    .iter()
                    .flat_map(|l| error_line(l, l.text.as_ref().err().map_or("", |e| e)))
                    .collect()
            } else {
                let shared = Arc::new(group);
                let job = shared.clone();
                match state
                    .run(&admitted, timeout, move |a, deadline| {
                        Ok(attribute_group(a, &job, deadline, timeout))
                    })
                    .await
                {
                    Ok(out) => out,
                    Err(e) => {
                        let msg = e.to_string();
                        shared.iter().flat_map(|l| error_line(l, &msg)).collect()
                    }
                }
            };
            if tx.send(Ok(Bytes::from(out))).await.is_err() {
                break; // the client went away
            }
        }
    });
    Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_bad_ones_explained() {
        let body = b"{\"id\": 1, \"text\": \"a\"}\n\n  \nnot json\n{\"id\": \"x\"}\n\xff\n{\"id\": [2], \"text\": \"b\"}";
        let lines = parse_lines(body);
        let numbers: Vec<usize> = lines.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 4, 5, 6, 7]);
        assert_eq!(lines[0].text, Ok("a".into()));
        assert!(lines[1].text.as_ref().unwrap_err().contains("expected"));
        assert_eq!(lines[2].id, Some(Value::from("x")));
        assert!(lines[2]
            .text
            .as_ref()
            .unwrap_err()
            .contains("missing field `text`"));
        assert!(lines[3].text.as_ref().unwrap_err().contains("UTF-8"));
        assert_eq!(lines[4].id, Some(serde_json::json!([2])));
        let err: Value = serde_json::from_slice(&error_line(&lines[2], "bad")).unwrap();
        assert_eq!(
            err,
            serde_json::json!({"line": 5, "id": "x", "error": "bad"})
        );
    }
}
