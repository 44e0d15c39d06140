//! Reading request bodies: at most `--max-body` bytes (413 past it), and the
//! text of an attribute request from JSON or plain text (400 naming what is
//! wrong).

use std::time::Duration;

use axum::body::{Body, BodyDataStream, Bytes};
use axum::http::{header, HeaderMap};
use futures_util::StreamExt;

use super::error::ApiError;

/// How much of an oversized body the service reads and throws away before
/// answering 413, and for how long at most. A client that is still sending
/// when the server closes gets a reset connection instead of the 413; reading
/// the rest (bounded) lets it read the answer. Past these bounds the
/// connection is closed after the 413.
const DRAIN_BYTES: u64 = 64 << 20;
const DRAIN_TIME: Duration = Duration::from_secs(10);

/// Reads the whole body, refusing it as soon as it passes `limit` bytes (or
/// when its declared length does), and giving up after `timeout`.
///
/// A refused body is drained first (at most [`DRAIN_BYTES`] more, within
/// [`DRAIN_TIME`] and `timeout`), unless the client asked `Expect:
/// 100-continue` and so has sent nothing yet.
pub(crate) async fn read_limited(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let waits_for_continue = headers
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    let drain_time = DRAIN_TIME.min(timeout);
    if let Some(n) = declared.filter(|&n| n > limit as u64) {
        if !waits_for_continue && n <= limit as u64 + DRAIN_BYTES {
            drain(body.into_data_stream(), drain_time).await;
        }
        return Err(ApiError::TooLarge { limit });
    }
    let mut stream = body.into_data_stream();
    let read = async {
        let mut buf: Vec<u8> = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::BadRequest(format!("could not read the request body: {e}"))
            })?;
            if buf.len() + chunk.len() > limit {
                return Err(ApiError::TooLarge { limit });
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(buf))
    };
    match tokio::time::timeout(timeout, read).await {
        Ok(Err(ApiError::TooLarge { limit })) => {
            drain(stream, drain_time).await;
            Err(ApiError::TooLarge { limit })
        }
        Ok(r) => r,
        Err(_) => Err(ApiError::Timeout(timeout)),
    }
}

/// Reads and discards what is left of `stream`: at most [`DRAIN_BYTES`],
/// for at most `time`.
async fn drain(mut stream: BodyDataStream, time: Duration) {
    let discard = async {
        let mut read: u64 = 0;
        while let Some(Ok(chunk)) = stream.next().await {
            read += chunk.len() as u64;
            if read > DRAIN_BYTES {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(time, discard).await;
}

/// The body of `POST /v1/attribute` as JSON.
#[derive(serde::Deserialize)]
struct AttributeRequest {
    text: String,
}

/// The text to attribute: `{"text": "..."}` for `application/json` (or no
/// content type), the body itself for `text/plain`.
pub(crate) fn attribute_text(headers: &HeaderMap, body: &[u8]) -> Result<String, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).to_ascii_lowercase());
    let essence = content_type
        .as_deref()
        .map(|c| c.split(';').next().unwrap_or("").trim().to_string());
    match essence.as_deref() {
        None | Some("application/json") => {
            let req: AttributeRequest = serde_json::from_slice(body).map_err(|e| {
                let what = if e.is_data() {
                    "the JSON body must be an object with a string field `text`"
                } else {
                    "the body is not valid JSON"
                };
                ApiError::BadRequest(format!("{what}: {e}"))
            })?;
            Ok(req.text)
        }
        Some("text/plain") => utf8(body).map(str::to_string),
        Some(other) => Err(ApiError::UnsupportedMediaType(other.to_string())),
    }
}

/// `body` as UTF-8, or 400 naming the first bad byte.
pub(crate) fn utf8(body: &[u8]) -> Result<&str, ApiError> {
    std::str::from_utf8(body).map_err(|e| {
        ApiError::BadRequest(format!(
            "the body is not valid UTF-8 (first bad byte at offset {})",
            e.valid_up_to()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn typed(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        h
    }

    #[test]
    fn json_and_plain_text() {
        let json = typed("application/json; charset=utf-8");
        assert_eq!(
            attribute_text(&json, br#"{"text": "Hi", "id": 3}"#),
            Ok("Hi".into())
        );
        assert_eq!(
            attribute_text(&HeaderMap::new(), br#"{"text": ""}"#),
            Ok("".into())
        );
        assert_eq!(
            attribute_text(&typed("text/plain"), "“Oui,” dit-il.".as_bytes()),
            Ok("“Oui,” dit-il.".into())
        );
    }

    #[test]
    fn errors_name_the_problem() {
        let json = typed("application/json");
        let msg = |r: Result<String, ApiError>| match r {
            Err(ApiError::BadRequest(m)) => m,
            other => panic!("expected 400, got {other:?}"),
        };
        assert!(msg(attribute_text(&json, b"{\"text\": ")).contains("not valid JSON"));
        assert!(msg(attribute_text(&json, b"{}")).contains("missing field `text`"));
        assert!(msg(attribute_text(&json, b"{\"text\": 3}")).contains("invalid type"));
        assert!(msg(attribute_text(&json, b"[1]")).contains("`text`"));
        assert!(msg(attribute_text(&typed("text/plain"), b"ok \xff")).contains("offset 3"));
        assert_eq!(
            attribute_text(&typed("image/png"), b"x"),
            Err(ApiError::UnsupportedMediaType("image/png".into()))
        );
    }
}
