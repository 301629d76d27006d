//! The front door of every request: the admin API's loopback guard, and for `/v1`
//! latency → injected 401/403/429/503/500 → Basic auth → search rate limit →
//! handler → body faults, with the request logged under its final status.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

use crate::config::Faults;
use crate::dates;
use crate::permissions::Effective;
use crate::reply::{admin_error, api_error, forbidden};
use crate::state::{AppState, Caller, Injected, RateDecision, RateInfo};

/// Largest `/v1` request body read (a people search naming all 400 fields is about 20 KiB).
const MAX_REQUEST_BODY: usize = 1024 * 1024;

fn is_v1(path: &str) -> bool {
    path == "/v1" || path.starts_with("/v1/")
}

/// Front door for every request. `/_admin` is loopback-only; `/v1` goes through
/// latency → injected 401/403/429/503/500 → Basic auth → search rate limit → handler →
/// body faults, and is logged with its final status.
pub(crate) async fn pipeline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/_admin") {
        return loopback_only(req, next).await;
    }
    if !is_v1(&path) {
        return next.run(req).await;
    }

    let method = req.method().clone();
    let query = req.uri().query().unwrap_or_default().to_owned();
    // Read the body here to log its digest, then hand it on to the handler.
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_REQUEST_BODY).await else {
        return api_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payloadTooLarge",
            "The request body is too large",
        );
    };
    let seq = state.log.arrival(method.as_str(), &path, &query, &body);
    let parts_headers = parts.headers.clone();
    let req = Request::from_parts(parts, Body::from(body));
    let faults = state.faults.current();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }

    let (mut resp, rate, authenticated) = match state.faults.take_injected() {
        Some(injected) => {
            let (resp, rate) = injected_response(injected, &state);
            (resp, rate, false)
        }
        None => match authenticate(&state, req.headers()) {
            // Bad, unknown or legacy credentials: 401 with an empty body, as observed live.
            None => (
                StatusCode::UNAUTHORIZED.into_response(),
                state.rate.nominal(),
                false,
            ),
            // A GET carrying a JSON content type: HiBob answered 400 with a web page, as
            // observed live (docs/hibob-api.md §5).
            Some(_) if method == Method::GET && json_content_type(&parts_headers) => (
                html(StatusCode::BAD_REQUEST, "Bad Request"),
                state.rate.nominal(),
                true,
            ),
            Some((user, perms)) => {
                let search = method == Method::POST && path == "/v1/people/search";
                let decision = if search {
                    state.rate.check(&user)
                } else {
                    RateDecision::Allowed(state.rate.nominal())
                };
                let (resp, rate) = handle(decision, perms, req, next, &faults).await;
                (resp, rate, true)
            }
        },
    };

    let headers = resp.headers_mut();
    set_header(headers, "x-ratelimit-limit", rate.limit.to_string());
    set_header(headers, "x-ratelimit-remaining", rate.remaining.to_string());
    // Whether HiBob sends epoch seconds or seconds-until-reset is uncertain; the
    // reference's best guess (and what other clients assume) is epoch seconds.
    set_header(
        headers,
        "x-ratelimit-reset",
        (dates::now_epoch_secs() + rate.reset_in_secs).to_string(),
    );
    let response_bytes = axum::body::HttpBody::size_hint(resp.body()).exact();
    state
        .log
        .answer(seq, resp.status().as_u16(), authenticated, response_bytes);
    resp
}

fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
}

/// A web page where the API was expected, as HiBob's front door answers some mistakes.
pub(crate) fn html(status: StatusCode, title: &str) -> Response {
    (
        status,
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"),
    )
        .into_response()
}

/// The admin API answers loopback clients only.
async fn loopback_only(req: Request, next: Next) -> Response {
    let loopback = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ci| ci.0.ip().is_loopback());
    if !loopback {
        return admin_error(
            StatusCode::FORBIDDEN,
            "the admin API only answers loopback clients",
        );
    }
    next.run(req).await
}

/// The service user named by `Authorization: Basic`, and its permissions, if the token is theirs.
fn authenticate(state: &AppState, headers: &HeaderMap) -> Option<(String, Effective)> {
    let (id, token) = credentials(headers)?;
    let perms = state.users.authenticate(&id, &token)?;
    Some((id, perms))
}

/// An authenticated request past the rate limit goes to its handler, and a successful
/// answer through the body faults; one over the limit is answered 429.
async fn handle(
    decision: RateDecision,
    perms: Effective,
    mut req: Request,
    next: Next,
    faults: &Faults,
) -> (Response, RateInfo) {
    match decision {
        RateDecision::Limited { info, retry_after } => {
            let mut resp = api_error(
                StatusCode::TOO_MANY_REQUESTS,
                "tooManyRequests",
                "Rate limit exceeded for people search",
            );
            // HiBob does not document Retry-After (uncertain per the reference);
            // the sim sends it as well as X-RateLimit-Reset so clients can use either.
            set_header(resp.headers_mut(), "retry-after", retry_after.to_string());
            (resp, info)
        }
        RateDecision::Allowed(info) => {
            req.extensions_mut().insert(Caller {
                perms: Arc::new(perms),
            });
            let resp = next.run(req).await;
            let resp = if resp.status().is_success() {
                apply_body_faults(resp, faults).await
            } else {
                resp
            };
            (resp, info)
        }
    }
}

/// The answer to a fault decided before authentication, with its rate-limit headers' values.
fn injected_response(injected: Injected, state: &AppState) -> (Response, RateInfo) {
    match injected {
        Injected::RateLimited(retry_after) => {
            let mut resp = api_error(
                StatusCode::TOO_MANY_REQUESTS,
                "tooManyRequests",
                "Too many requests (injected fault)",
            );
            if let Some(secs) = retry_after {
                set_header(resp.headers_mut(), "retry-after", secs.to_string());
            }
            let info = RateInfo {
                limit: state.rate.nominal().limit,
                remaining: 0,
                reset_in_secs: retry_after.unwrap_or(60),
            };
            (resp, info)
        }
        Injected::Unavailable => (
            api_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "serviceUnavailable",
                "Service temporarily unavailable (injected fault)",
            ),
            state.rate.nominal(),
        ),
        // As observed live: 401 with an empty body.
        Injected::Unauthorized => (
            StatusCode::UNAUTHORIZED.into_response(),
            state.rate.nominal(),
        ),
        Injected::Forbidden => (
            forbidden("Permission denied (injected fault)"),
            state.rate.nominal(),
        ),
        Injected::Internal => (
            api_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internalError",
                "Internal server error (injected fault)",
            ),
            state.rate.nominal(),
        ),
    }
}

fn set_header(headers: &mut HeaderMap, name: &'static str, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        headers.insert(name, v);
    }
}

/// Parses `Authorization: Basic base64(id:token)`.
fn credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let raw = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = raw.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, token) = text.split_once(':')?;
    Some((id.to_owned(), token.to_owned()))
}

/// Largest body the oversize fault builds, so a typo cannot exhaust memory.
const OVERSIZE_CAP: u64 = 512 * 1024 * 1024;
const MALFORMED: &[u8] = b"{\"employees\": [ {\"id\": ";

async fn apply_body_faults(resp: Response, faults: &Faults) -> Response {
    let active = faults.truncate_body
        || faults.malformed_body
        || faults.slow_body_ms > 0
        || faults.oversize_body_bytes.is_some();
    if !active {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let original = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let full: Bytes = if let Some(size) = faults.oversize_body_bytes {
        oversize(size.min(OVERSIZE_CAP) as usize)
    } else if faults.malformed_body {
        Bytes::from_static(MALFORMED)
    } else {
        original
    };
    let declared = full.len();
    let sent = if faults.truncate_body {
        full.slice(..declared / 2)
    } else {
        full
    };
    let delay = Duration::from_millis(faults.slow_body_ms);
    let chunks = if faults.slow_body_ms > 0 { 8 } else { 1 };
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(declared as u64));
    // A streamed body has no exact size hint, so hyper trusts our Content-Length
    // and, when the stream ends early, aborts the connection like a real cut-off.
    Response::from_parts(
        parts,
        chunked_body(sent, chunks, delay, faults.truncate_body),
    )
}

fn oversize(size: usize) -> Bytes {
    let head = b"{\"employees\":[],\"padding\":\"";
    let tail = b"\"}";
    let pad = size.saturating_sub(head.len() + tail.len());
    let mut v = Vec::with_capacity(head.len() + pad + tail.len());
    v.extend_from_slice(head);
    v.resize(head.len() + pad, b'x');
    v.extend_from_slice(tail);
    Bytes::from(v)
}

/// Streams `data` in `chunks` pieces with `delay` between them. With
/// `linger`, the stream pauses before ending so hyper flushes the headers and
/// the partial body first; the client then sees a body cut short rather than
/// a connection that died before any response.
fn chunked_body(data: Bytes, chunks: usize, delay: Duration, linger: bool) -> Body {
    let size = data.len().div_ceil(chunks.max(1)).max(1);
    let pieces: std::collections::VecDeque<Bytes> = (0..data.len())
        .step_by(size)
        .map(|s| data.slice(s..(s + size).min(data.len())))
        .collect();
    let stream =
        futures_util::stream::unfold((pieces, true), move |(mut pieces, first)| async move {
            match pieces.pop_front() {
                Some(piece) => {
                    if !first && !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    Some((Ok::<Bytes, Infallible>(piece), (pieces, false)))
                }
                None => {
                    if linger {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    None
                }
            }
        });
    Body::from_stream(stream)
}
