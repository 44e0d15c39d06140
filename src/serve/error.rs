//! Errors the service answers with: a status code and a JSON body
//! `{"error": "..."}` that names the problem.

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Seconds a client is told to wait after a 503.
pub(crate) const RETRY_AFTER_SECS: u64 = 1;

/// A request the service could not answer with a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ApiError {
    /// 400: the body is not what the endpoint reads.
    #[error("{0}")]
    BadRequest(String),
    /// 413: the body is larger than `--max-body`.
    #[error("request body is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: a content type the endpoint does not read.
    #[error("unsupported content type `{0}`: send application/json ({{\"text\": \"...\"}}) or text/plain")]
    UnsupportedMediaType(String),
    /// 503: every worker is busy and the queue is full.
    #[error(
        "the service is busy (all workers busy and the queue of {queue} is full); retry later"
    )]
    Busy {
        /// The queue length.
        queue: usize,
    },
    /// 504: the request took longer than `--timeout`.
    #[error("the request took longer than the time limit of {} ms", .0.as_millis())]
    Timeout(Duration),
    /// 500: attribution failed (never expected for any text).
    #[error("internal error: {0}")]
    Internal(String),
    /// 404: no such endpoint.
    #[error("no such endpoint: {0} (try POST /v1/attribute, POST /v1/batch or GET /healthz)")]
    NotFound(String),
}

impl ApiError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        }
    }

    /// The JSON body, `{"error": "..."}`.
    pub fn body(&self) -> String {
        serde_json::json!({ "error": self.to_string() }).to_string()
    }
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::InvalidInput(msg) => ApiError::BadRequest(msg),
            // The caller knows the time limit: see `AppState::run`.
            crate::Error::DeadlinePassed => ApiError::Timeout(Duration::ZERO),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status(),
            [(header::CONTENT_TYPE, "application/json")],
            self.body(),
        )
            .into_response();
        if matches!(self, ApiError::Busy { .. }) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        response
    }
}
