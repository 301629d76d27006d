//! Ready-made error responses: HiBob's `{"key", "error"}` shape for `/v1` and
//! `{"error"}` for `/_admin`. A leaf module: it imports nothing of the crate.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// JSON response with HiBob's generic error shape `{"key", "error"}`.
pub(crate) fn api_error(status: StatusCode, key: &str, msg: impl Into<String>) -> Response {
    let body = json!({ "key": key, "error": msg.into() });
    (status, Json(body)).into_response()
}

pub(crate) fn forbidden(msg: impl Into<String>) -> Response {
    api_error(StatusCode::FORBIDDEN, "forbidden", msg)
}

pub(crate) fn not_found(msg: impl Into<String>) -> Response {
    api_error(StatusCode::NOT_FOUND, "notFound", msg)
}

pub(crate) fn bad_request(key: &str, msg: impl Into<String>) -> Response {
    api_error(StatusCode::BAD_REQUEST, key, msg)
}

/// A body already serialised to JSON bytes.
pub(crate) fn json_bytes(status: StatusCode, bytes: Vec<u8>) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

/// The admin API's error shape, `{"error": "..."}`.
pub(crate) fn admin_error(status: StatusCode, msg: impl Into<String>) -> Response {
    (status, Json(json!({ "error": msg.into() }))).into_response()
}
