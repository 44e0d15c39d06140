//! The endpoints: `POST /v1/attribute`, `POST /v1/batch`, `GET /healthz`.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::batch;
use super::body::{attribute_text, read_limited};
use super::error::ApiError;
use super::state::AppState;

/// The service's routes on `state`.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/attribute", post(attribute))
        .route("/v1/batch", post(batch_lines))
        .route("/healthz", get(healthz))
        .fallback(not_found)
        .with_state(state)
}

/// A request's body, read within the service's size and time limits.
async fn read_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Bytes, ApiError> {
    let limits = state.limits();
    read_limited(headers, body, limits.max_body, limits.timeout).await
}

/// `POST /v1/attribute`: one text in, `{"quotes": [...], "speakers": [...]}` out.
async fn attribute(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_body(&state, &headers, body).await?;
    let text = attribute_text(&headers, &bytes)?;
    drop(bytes);
    let admitted = Arc::new(state.admit()?);
    let json = state
        .run(&admitted, state.limits().timeout, move |a, deadline| {
            let found = a.attribute_until(&text, deadline)?;
            serde_json::to_vec(&found.to_json(&text))
                .map_err(|e| ApiError::Internal(format!("could not serialize the result: {e}")))
        })
        .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

/// `POST /v1/batch`: JSON lines in, JSON lines streamed out.
async fn batch_lines(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_body(&state, &headers, body).await?;
    let lines = batch::parse_lines(&bytes);
    drop(bytes);
    let admitted = state.admit()?;
    let body = batch::stream(state, admitted, lines);
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        body,
    )
        .into_response())
}

/// `GET /healthz`: `{"status": "ok", "workers", "busy", "queued", "queue", "answered", "rejected"}`.
async fn healthz(State(state): State<AppState>) -> Response {
    let h = state.health();
    let mut v = serde_json::to_value(h).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert("status".into(), "ok".into());
    }
    ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response()
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(uri.path().to_string())
}
