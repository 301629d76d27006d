//! The HTTP side: router, the `/v1` fault/auth/rate-limit pipeline and the
//! simulator handle.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use base64::Engine as _;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::admin;
use crate::company::Company;
use crate::config::{Faults, SimConfig, MAX_EMPLOYEES};
use crate::dates;
use crate::error::SimError;
use crate::permissions::{Access, Effective, PermissionGroup};
use crate::state::{read, write, Injected, RateDecision, RateInfo, RequestRecord, Shared};
use crate::v1;

/// Who is calling a `/v1` route; inserted by the pipeline after authentication.
#[derive(Clone)]
pub(crate) struct Caller {
    pub(crate) perms: Arc<Effective>,
}

pub(crate) type AppState = Arc<Shared>;

/// JSON response with HiBob's generic error shape `{"key", "error"}`.
pub(crate) fn api_error(status: StatusCode, key: &str, msg: impl Into<String>) -> Response {
    let body = serde_json::json!({ "key": key, "error": msg.into() });
    (status, axum::Json(body)).into_response()
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

fn router(state: AppState) -> Router {
    Router::new()
        // metadata
        .route("/v1/company/people/fields", get(v1::fields))
        .route("/v1/company/named-lists", get(v1::named_lists))
        .route("/v1/company/named-lists/{name}", get(v1::named_list))
        // people
        .route("/v1/people/search", post(v1::search))
        .route("/v1/people/{id}", post(v1::read_one))
        .route("/v1/people/{id}/{table}", get(v1::table))
        .route("/v1/bulk/people/{table}", get(v1::bulk_table))
        .route("/v1/docs/people/{id}", get(v1::docs))
        // time off
        .route("/v1/timeoff/whosout", get(v1::whos_out))
        .route("/v1/timeoff/outtoday", get(v1::out_today))
        .route("/v1/timeoff/policy-types", get(v1::policy_types))
        .route("/v1/timeoff/employees/{id}/balance", get(v1::balance))
        // admin
        .route("/_admin/state", get(admin::state))
        .route(
            "/_admin/service-users/{id}/permissions",
            put(admin::set_permissions),
        )
        .route("/_admin/service-users/{id}/grant", post(admin::grant))
        .route("/_admin/service-users/{id}/revoke", post(admin::revoke))
        .route("/_admin/service-users/{id}/access", put(admin::set_access))
        .route(
            "/_admin/faults",
            get(admin::get_faults).put(admin::put_faults),
        )
        .route(
            "/_admin/requests",
            get(admin::requests).delete(admin::clear_requests),
        )
        .route("/_admin/employees", post(admin::hire))
        .route("/_admin/employees/{id}/title", put(admin::change_title))
        .route("/_admin/employees/{id}/terminate", post(admin::terminate))
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(state.clone(), pipeline))
        .with_state(state)
}

async fn fallback(req: Request) -> Response {
    let path = req.uri().path();
    if path.starts_with("/_admin") {
        admin::admin_error(StatusCode::NOT_FOUND, format!("no admin route {path}"))
    } else {
        not_found(format!("no such endpoint: {} {path}", req.method()))
    }
}

/// Largest `/v1` request body read (a people search naming all 400 fields is about 20 KiB).
const MAX_REQUEST_BODY: usize = 1024 * 1024;

fn is_v1(path: &str) -> bool {
    path == "/v1" || path.starts_with("/v1/")
}

/// Front door for every request. `/_admin` is loopback-only; `/v1` goes through
/// latency → injected 401/403/429/503/500 → Basic auth → search rate limit → handler →
/// body faults, and is logged with its final status.
async fn pipeline(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if path.starts_with("/_admin") {
        let loopback = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .is_some_and(|ci| ci.0.ip().is_loopback());
        if !loopback {
            return admin::admin_error(
                StatusCode::FORBIDDEN,
                "the admin API only answers loopback clients",
            );
        }
        return next.run(req).await;
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
    let seq = st.record_arrival(method.as_str(), &path, &query, &body);
    let mut req = Request::from_parts(parts, Body::from(body));
    let faults = st.faults();
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }

    let mut authenticated = false;
    let (mut resp, rate) = match st.take_injected() {
        Some(Injected::RateLimited(retry_after)) => {
            let mut resp = api_error(
                StatusCode::TOO_MANY_REQUESTS,
                "tooManyRequests",
                "Too many requests (injected fault)",
            );
            if let Some(secs) = retry_after {
                set_header(resp.headers_mut(), "retry-after", secs.to_string());
            }
            let info = RateInfo {
                limit: st.nominal_rate().limit,
                remaining: 0,
                reset_in_secs: retry_after.unwrap_or(60),
            };
            (resp, info)
        }
        Some(Injected::Unavailable) => (
            api_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "serviceUnavailable",
                "Service temporarily unavailable (injected fault)",
            ),
            st.nominal_rate(),
        ),
        // As observed live: 401 with an empty body.
        Some(Injected::Unauthorized) => {
            (StatusCode::UNAUTHORIZED.into_response(), st.nominal_rate())
        }
        Some(Injected::Forbidden) => (
            forbidden("Permission denied (injected fault)"),
            st.nominal_rate(),
        ),
        Some(Injected::Internal) => (
            api_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internalError",
                "Internal server error (injected fault)",
            ),
            st.nominal_rate(),
        ),
        None => match credentials(req.headers())
            .and_then(|(id, token)| st.authenticate(&id, &token).map(|perms| (id, perms)))
        {
            // Bad, unknown or legacy credentials: 401 with an empty body, as observed live.
            None => (StatusCode::UNAUTHORIZED.into_response(), st.nominal_rate()),
            Some((user, perms)) => {
                authenticated = true;
                let decision = if method == Method::POST && path == "/v1/people/search" {
                    st.check_search_rate(&user)
                } else {
                    RateDecision::Allowed(st.nominal_rate())
                };
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
                            apply_body_faults(resp, &faults).await
                        } else {
                            resp
                        };
                        (resp, info)
                    }
                }
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
    st.record_answer(seq, resp.status().as_u16(), authenticated);
    resp
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

// ---- the handle ------------------------------------------------------------

/// A running simulated HiBob tenant. Dropping it stops the server.
pub struct SimServer {
    shared: AppState,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SimServer {
    /// Generates the company, binds 127.0.0.1:`config.port` (0 = any free port)
    /// and serves in a spawned tokio task.
    pub async fn start(config: SimConfig) -> Result<SimServer, SimError> {
        if !(1..=MAX_EMPLOYEES).contains(&config.employees) {
            return Err(SimError::InvalidArgument(format!(
                "employees must be between 1 and {MAX_EMPLOYEES}, got {}",
                config.employees
            )));
        }
        let company = Company::generate(
            config.employees,
            config.seed,
            config.effective_data_quality(),
        );
        let shared = Arc::new(Shared::new(&config, company));
        let bind = format!("127.0.0.1:{}", config.port);
        let listener = tokio::net::TcpListener::bind(&bind)
            .await
            .map_err(|source| SimError::Bind {
                addr: bind.clone(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SimError::Bind {
            addr: bind.clone(),
            source,
        })?;
        let app = router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(listener, service)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(SimServer {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// API root including `/v1`, e.g. `http://127.0.0.1:43123/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn admin_url(&self) -> String {
        format!("http://{}/_admin", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The preset's primary service user.
    pub fn service_user_id(&self) -> String {
        self.shared.primary_id.clone()
    }

    /// The primary user's token; for `legacy-token` the rejected legacy token.
    pub fn token(&self) -> String {
        self.shared.reported_token.clone()
    }

    /// ID and token of the tenant's second service user (base-only permissions),
    /// for tests that swap credentials between users.
    pub fn secondary_credentials(&self) -> (String, String) {
        let id = self.shared.secondary_id.clone();
        let token = self.shared.token_of(&id).unwrap_or_default();
        (id, token)
    }

    /// Replaces the user's group; `None` removes it from every group.
    pub fn set_permissions(
        &self,
        service_user_id: &str,
        group: Option<PermissionGroup>,
    ) -> Result<(), SimError> {
        self.shared.set_permissions(service_user_id, group)
    }

    pub fn grant(&self, service_user_id: &str, permission_key: &str) -> Result<(), SimError> {
        self.shared.grant(service_user_id, permission_key)
    }

    pub fn revoke(&self, service_user_id: &str, permission_key: &str) -> Result<(), SimError> {
        self.shared.revoke(service_user_id, permission_key)
    }

    pub fn set_access(&self, service_user_id: &str, access: Access) -> Result<(), SimError> {
        self.shared.set_access(service_user_id, access)
    }

    /// The current group of a service user (`None` = in no group).
    pub fn permissions(&self, service_user_id: &str) -> Result<Option<PermissionGroup>, SimError> {
        self.shared
            .users()
            .into_iter()
            .find(|u| u.id == service_user_id)
            .map(|u| u.group)
            .ok_or_else(|| SimError::UnknownServiceUser(service_user_id.to_owned()))
    }

    pub fn set_faults(&self, faults: Faults) {
        self.shared.set_faults(faults);
    }

    /// Current faults, with `fail_next`/`rate_limit_next` as counted down so far.
    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    /// The last (up to 10 000) `/v1` requests, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.requests()
    }

    pub fn request_count(&self, method: &str, path_prefix: &str) -> usize {
        self.shared.request_count(method, path_prefix)
    }

    pub fn clear_requests(&self) {
        self.shared.clear_requests();
    }

    pub fn employee_count(&self) -> usize {
        read(&self.shared.company).employees.len()
    }

    /// Adds an employee (Hired if the start date is in the future); returns the new id.
    pub fn hire(
        &self,
        first_name: &str,
        surname: &str,
        start_date: &str,
    ) -> Result<String, SimError> {
        write(&self.shared.company).hire(first_name, surname, start_date)
    }

    /// Sets the job title (adding it to the title list if new) and appends a work-history row.
    pub fn change_title(&self, employee_id: &str, title: &str) -> Result<(), SimError> {
        write(&self.shared.company).change_title(employee_id, title)
    }

    /// Past or today: Terminated/Inactive. Future: garden leave, still Active.
    pub fn terminate(&self, employee_id: &str, termination_date: &str) -> Result<(), SimError> {
        write(&self.shared.company).terminate(employee_id, termination_date)
    }

    /// Stops accepting connections and waits (up to 5 s) for in-flight requests.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl std::fmt::Debug for SimServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("SimServer")
            .field("addr", &self.addr)
            .field("service_user_id", &self.shared.primary_id)
            .field("preset", &self.shared.preset)
            .finish()
    }
}
