//! The HTTP client: Basic auth, bounded concurrency, per-request timeout, capped bodies, typed
//! outcomes and bounded, jittered retries of 429/5xx/timeouts/cut-off bodies (never of 401/403).

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;
use url::Url;

use crate::credentials::Credentials;
use crate::endpoint::{Endpoint, Table};
use crate::environment::Environment;
use crate::error::HibobError;
use crate::metadata::{named_lists_from, FieldMeta, NamedList};
use crate::people::{EmployeeSink, PeopleSearch, PeopleSearchResult, SearchReader};
use crate::retry::{server_requested_wait, RetryPolicy};
use crate::tables::{BulkPage, RestrictedColumns, TableRows};

const USER_AGENT: &str = concat!("HiBobSetup/", env!("CARGO_PKG_VERSION"));

/// Tunables. The defaults suit a desktop app talking to HiBob over the internet.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// One attempt, from connecting until the whole body has arrived.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
    /// Requests in flight at once (parallel permission probes share this).
    pub max_concurrency: usize,
    /// Largest body accepted from any endpoint but people search.
    pub max_body_bytes: u64,
    /// People search returns the whole company in one body, so it gets its own, larger cap.
    pub max_search_body_bytes: u64,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_concurrency: 8,
            max_body_bytes: 16 * 1024 * 1024,
            // Roughly 100,000 employees with a few dozen fields each.
            max_search_body_bytes: 768 * 1024 * 1024,
        }
    }
}

/// A JSON answer kept raw, for endpoints and fields the typed API does not model.
#[derive(Clone, Debug, PartialEq)]
pub struct RawResponse {
    pub value: Value,
    pub body_bytes: usize,
    /// Table columns HiBob withheld under field-level permissions (empty for other answers).
    pub restricted_columns: RestrictedColumns,
}

/// HiBob asked the client to wait before trying again (a rate limit, or a busy server): reported
/// when the wait starts, so the person waiting can be told why and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    /// The request that will be tried again ("POST /people/search").
    pub endpoint: String,
    pub until: SystemTime,
    pub delay: Duration,
    /// HiBob answered 429 (rather than a server error or a timeout).
    pub rate_limited: bool,
}

/// Called with each wait; see [`Client::on_wait`].
type WaitObserver = Arc<dyn Fn(&Wait) + Send + Sync>;

/// Waits shorter than this are not worth telling anyone about.
const NOTABLE_WAIT: Duration = Duration::from_secs(1);

/// A 2xx answer's body (as the sink made it), with the one header that matters besides it.
struct Answer<B = Vec<u8>> {
    body: B,
    /// `X-Has-Restricted-Columns: true` (docs/hibob-api.md §9.4).
    restricted_columns_flagged: bool,
}

/// A HiBob API client bound to one environment and one service user. Cheap to clone; clones share
/// the connection pool and the concurrency limit.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    credentials: Arc<Credentials>,
    config: Arc<ClientConfig>,
    permits: Arc<Semaphore>,
    wait_observer: Option<WaitObserver>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

struct Failure {
    error: HibobError,
    rate_limited: bool,
    /// How long the server asked us to wait (Retry-After / X-RateLimit-Reset), if it said.
    server_wait: Option<Duration>,
}

impl From<HibobError> for Failure {
    fn from(error: HibobError) -> Self {
        Self {
            error,
            rate_limited: false,
            server_wait: None,
        }
    }
}

impl Client {
    pub fn new(environment: &Environment, credentials: Credentials) -> Result<Self, HibobError> {
        Self::with_config(environment, credentials, ClientConfig::default())
    }

    pub fn with_config(
        environment: &Environment,
        credentials: Credentials,
        config: ClientConfig,
    ) -> Result<Self, HibobError> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            // A redirect would be unexpected from HiBob's API, and following one could carry the
            // Authorization header somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| HibobError::ClientSetup {
                detail: e.to_string(),
            })?;
        Ok(Self {
            http,
            base: environment.base_url(),
            credentials: Arc::new(credentials),
            permits: Arc::new(Semaphore::new(config.max_concurrency.max(1))),
            config: Arc::new(config),
            wait_observer: None,
        })
    }

    /// The same client (sharing its connections), telling `observer` each time HiBob makes it
    /// wait a second or more before trying again.
    #[must_use]
    pub fn on_wait(mut self, observer: impl Fn(&Wait) + Send + Sync + 'static) -> Self {
        self.wait_observer = Some(Arc::new(observer));
        self
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    pub fn service_user_id(&self) -> &str {
        self.credentials.service_user_id.as_str()
    }

    /// `GET /company/people/fields`. Needs no permission, so it is the credential check.
    pub async fn fields_metadata(&self) -> Result<Vec<FieldMeta>, HibobError> {
        self.call_typed(&Endpoint::FieldsMetadata, None).await
    }

    /// `GET /company/named-lists`.
    pub async fn named_lists(&self) -> Result<Vec<NamedList>, HibobError> {
        let endpoint = Endpoint::NamedLists;
        let raw = self.call_raw(&endpoint, None).await?;
        named_lists_from(raw.value).map_err(|e| malformed(&endpoint, &e))
    }

    /// `GET /company/named-lists/{name}` (list names are case-sensitive).
    pub async fn named_list(&self, name: &str) -> Result<NamedList, HibobError> {
        self.call_typed(&Endpoint::NamedList(name.to_string()), None)
            .await
    }

    /// `POST /people/search`: every matching employee the service user may see, in one body,
    /// read as it arrives (see [`SearchReader`]).
    pub async fn search_people(
        &self,
        search: &PeopleSearch,
    ) -> Result<PeopleSearchResult, HibobError> {
        self.search_people_into(search, Vec::new).await
    }

    /// As [`search_people`](Self::search_people), handing each employee to a sink as soon as it
    /// is read, on the thread reading the answer. Each attempt (HiBob may be asked again) gets
    /// a fresh sink from `new_sink`.
    pub async fn search_people_into<S: EmployeeSink>(
        &self,
        search: &PeopleSearch,
        new_sink: impl Fn() -> S,
    ) -> Result<PeopleSearchResult<S::Output>, HibobError> {
        let endpoint = Endpoint::PeopleSearch;
        let body = serde_json::to_vec(search).map_err(|e| HibobError::ClientSetup {
            detail: e.to_string(),
        })?;
        let started = Instant::now();
        let answer = self
            .send_into(&endpoint, Some(body), || {
                SearchSink::new(search, new_sink())
            })
            .await?;
        let (employees, body_bytes, parse_time) = answer.body;
        Ok(PeopleSearchResult {
            employees,
            body_bytes,
            transfer_time: started.elapsed(),
            parse_time,
        })
    }

    /// One employee's table (`GET /people/{id}/work` …).
    pub async fn employee_table(
        &self,
        table: Table,
        employee_id: &str,
    ) -> Result<TableRows, HibobError> {
        let endpoint = Endpoint::EmployeeTable {
            table,
            employee_id: employee_id.to_string(),
        };
        let raw = self.call_raw(&endpoint, None).await?;
        let mut rows = TableRows::deserialize(raw.value).map_err(|e| malformed(&endpoint, &e))?;
        rows.restricted_columns = raw.restricted_columns;
        Ok(rows)
    }

    /// One page of a bulk table; pass the previous page's `next_cursor` to continue.
    pub async fn bulk_table_page(
        &self,
        table: Table,
        limit: u16,
        cursor: Option<String>,
    ) -> Result<BulkPage, HibobError> {
        let endpoint = Endpoint::BulkTable {
            table,
            limit: limit.clamp(1, crate::endpoint::MAX_BULK_LIMIT),
            cursor,
        };
        let answer = self.send(&endpoint, None).await?;
        let value = serde_json::from_slice(&answer.body).map_err(|e| malformed(&endpoint, &e))?;
        BulkPage::from_raw(value, answer.restricted_columns_flagged)
            .map_err(|e| malformed(&endpoint, &e))
    }

    /// Any endpoint, answer kept as raw JSON (permission probes, bank accounts, docs, time off).
    /// `body` is sent as JSON for POST endpoints.
    pub async fn call_raw(
        &self,
        endpoint: &Endpoint,
        body: Option<&Value>,
    ) -> Result<RawResponse, HibobError> {
        let body = match body {
            Some(value) => Some(serde_json::to_vec(value).map_err(|e| malformed(endpoint, &e))?),
            None if endpoint.method() == reqwest::Method::POST => Some(b"{}".to_vec()),
            None => None,
        };
        let answer = self.send(endpoint, body).await?;
        let value: Value =
            serde_json::from_slice(&answer.body).map_err(|e| malformed(endpoint, &e))?;
        Ok(RawResponse {
            restricted_columns: RestrictedColumns::from_raw(
                &value,
                answer.restricted_columns_flagged,
            ),
            value,
            body_bytes: answer.body.len(),
        })
    }

    async fn call_typed<T: DeserializeOwned>(
        &self,
        endpoint: &Endpoint,
        body: Option<Vec<u8>>,
    ) -> Result<T, HibobError> {
        let answer = self.send(endpoint, body).await?;
        serde_json::from_slice(&answer.body).map_err(|e| malformed(endpoint, &e))
    }

    /// Sends with retries; returns the body of a 2xx answer.
    async fn send(&self, endpoint: &Endpoint, body: Option<Vec<u8>>) -> Result<Answer, HibobError> {
        self.send_into(endpoint, body, Vec::new).await
    }

    /// Sends with retries, each attempt pouring a 2xx body into a fresh sink as it arrives.
    async fn send_into<S: BodySink>(
        &self,
        endpoint: &Endpoint,
        body: Option<Vec<u8>>,
        new_sink: impl Fn() -> S,
    ) -> Result<Answer<S::Output>, HibobError> {
        let started = Instant::now();
        let mut retry = 0;
        loop {
            let outcome = {
                // Holding the permit only while the request is in flight, not while backing off.
                let _permit =
                    self.permits
                        .acquire()
                        .await
                        .map_err(|_| HibobError::ClientSetup {
                            detail: "the request queue was closed".into(),
                        })?;
                self.attempt(endpoint, body.clone(), &new_sink).await
            };
            let failure = match outcome {
                Ok(answer) => return Ok(answer),
                Err(failure) => failure,
            };
            if !failure.error.is_retried() {
                return Err(failure.error);
            }
            match self.config.retry.next_delay(
                retry,
                failure.server_wait,
                started.elapsed(),
                fastrand::f64(),
            ) {
                Some(delay) => {
                    self.tell_about_wait(endpoint, delay, &failure);
                    tokio::time::sleep(delay).await;
                    retry += 1;
                }
                None => return Err(failure.error),
            }
        }
    }

    fn tell_about_wait(&self, endpoint: &Endpoint, delay: Duration, failure: &Failure) {
        let Some(observer) = &self.wait_observer else {
            return;
        };
        if delay >= NOTABLE_WAIT || failure.server_wait.is_some_and(|w| w >= NOTABLE_WAIT) {
            observer(&Wait {
                endpoint: endpoint.label(),
                until: SystemTime::now() + delay,
                delay,
                rate_limited: failure.rate_limited,
            });
        }
    }

    async fn attempt<S: BodySink>(
        &self,
        endpoint: &Endpoint,
        body: Option<Vec<u8>>,
        new_sink: &impl Fn() -> S,
    ) -> Result<Answer<S::Output>, Failure> {
        let url = self.url_for(endpoint)?;
        let mut request = self
            .http
            .request(endpoint.method(), url)
            .basic_auth(
                self.credentials.service_user_id.as_str(),
                Some(self.credentials.token.expose_secret()),
            )
            .header(ACCEPT, "application/json");
        if let Some(body) = body {
            // Only requests with a body get a content type: HiBob answered a JSON content type on
            // GET bank-accounts with 400 (docs/hibob-api.md §5, observed).
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_error(endpoint, &e))?;
        let status = response.status();
        if status.is_success() {
            let restricted_columns_flagged =
                header_str(response.headers(), "x-has-restricted-columns")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
            return Ok(Answer {
                body: self.read_body(endpoint, response, new_sink()).await?,
                restricted_columns_flagged,
            });
        }
        let headers = response.headers().clone();
        let label = endpoint.label();
        let failure = match status {
            StatusCode::UNAUTHORIZED => HibobError::InvalidCredentials.into(),
            StatusCode::FORBIDDEN => HibobError::Forbidden { endpoint: label }.into(),
            StatusCode::NOT_FOUND => HibobError::NotFound { endpoint: label }.into(),
            StatusCode::BAD_REQUEST => {
                let detail = self
                    .read_body(endpoint, response, Vec::new())
                    .await
                    .ok()
                    .and_then(|bytes| hibob_error_text(&bytes))
                    .unwrap_or_else(|| "no details given".into());
                HibobError::BadRequest {
                    endpoint: label,
                    detail,
                }
                .into()
            }
            StatusCode::TOO_MANY_REQUESTS => {
                let wait = server_requested_wait(
                    header_str(&headers, RETRY_AFTER.as_str()),
                    header_str(&headers, "x-ratelimit-reset"),
                );
                Failure {
                    error: HibobError::RateLimited { retry_after: wait },
                    rate_limited: true,
                    server_wait: wait,
                }
            }
            status if status.is_server_error() => Failure {
                error: HibobError::Server {
                    status: status.as_u16(),
                },
                rate_limited: false,
                server_wait: server_requested_wait(
                    header_str(&headers, RETRY_AFTER.as_str()),
                    None,
                ),
            },
            status => HibobError::UnexpectedStatus {
                endpoint: label,
                status: status.as_u16(),
            }
            .into(),
        };
        Err(failure)
    }

    fn url_for(&self, endpoint: &Endpoint) -> Result<Url, HibobError> {
        let joined = format!(
            "{}/{}",
            self.base.as_str().trim_end_matches('/'),
            endpoint.path_and_query()
        );
        Url::parse(&joined).map_err(|_| HibobError::InvalidBaseUrl {
            reason: "it cannot be combined with HiBob's endpoint paths".into(),
        })
    }

    fn body_limit(&self, endpoint: &Endpoint) -> u64 {
        if endpoint.is_bulk_body() {
            self.config.max_search_body_bytes
        } else {
            self.config.max_body_bytes
        }
    }

    async fn read_body<S: BodySink>(
        &self,
        endpoint: &Endpoint,
        mut response: reqwest::Response,
        mut sink: S,
    ) -> Result<S::Output, HibobError> {
        let limit = self.body_limit(endpoint);
        let too_large = || HibobError::BodyTooLarge {
            endpoint: endpoint.label(),
            limit_bytes: limit,
        };
        // A wrong path can answer 200 with a web page (docs/hibob-api.md §5): that is not HiBob's API.
        if let Some(content_type) = header_str(response.headers(), CONTENT_TYPE.as_str()) {
            if content_type.to_ascii_lowercase().starts_with("text/html") {
                return Err(HibobError::MalformedBody {
                    endpoint: endpoint.label(),
                    detail: "the server answered with a web page instead of data".into(),
                });
            }
        }
        let declared = response.content_length();
        if declared.is_some_and(|len| len > limit) {
            return Err(too_large());
        }
        sink.expect(declared.unwrap_or(0).min(limit));
        let mut received: u64 = 0;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    received += chunk.len() as u64;
                    if received > limit {
                        return Err(too_large());
                    }
                    sink.push(chunk)
                        .await
                        .map_err(|e| malformed(endpoint, &e))?;
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => {
                    return Err(HibobError::Timeout {
                        after: self.config.timeout,
                    })
                }
                Err(_) => {
                    return Err(HibobError::TruncatedBody {
                        endpoint: endpoint.label(),
                    })
                }
            }
        }
        if declared.is_some_and(|len| received < len) {
            return Err(HibobError::TruncatedBody {
                endpoint: endpoint.label(),
            });
        }
        sink.finish().await.map_err(|e| malformed(endpoint, &e))
    }

    /// Classifies a failure before any HTTP status arrived.
    fn transport_error(&self, endpoint: &Endpoint, error: &reqwest::Error) -> HibobError {
        let host = self.base.host_str().unwrap_or("HiBob").to_string();
        if error.is_timeout() {
            return HibobError::Timeout {
                after: self.config.timeout,
            };
        }
        let mut source: Option<&(dyn StdError + 'static)> = error.source();
        let mut chain = Vec::new();
        while let Some(cause) = source {
            if let Some(tls) = find_tls_error(cause) {
                let detail = tls.to_string();
                return match tls {
                    rustls::Error::InvalidCertificate(_) => {
                        HibobError::UntrustedCertificate { host, detail }
                    }
                    _ => HibobError::Tls { host, detail },
                };
            }
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::TimedOut {
                    return HibobError::Timeout {
                        after: self.config.connect_timeout,
                    };
                }
            }
            chain.push(cause.to_string());
            source = cause.source();
        }
        let text = chain.join(": ");
        // hyper-util reports resolver failures as "dns error"; the system resolver says
        // "failed to lookup address information".
        if text.contains("dns error") || text.contains("failed to lookup address") {
            return HibobError::Dns { host };
        }
        if error.is_connect() || error.is_request() {
            return HibobError::Connection {
                host,
                detail: chain.last().cloned().unwrap_or_else(|| "no details".into()),
            };
        }
        HibobError::Connection {
            host,
            detail: format!("{} failed: {}", endpoint.label(), text),
        }
    }
}

/// Where a body goes as it arrives: kept whole, or read as it comes.
trait BodySink {
    type Output;
    /// The body's declared size (0 if unknown), already checked against the limit.
    fn expect(&mut self, _bytes: u64) {}
    async fn push(&mut self, chunk: Bytes) -> Result<(), serde_json::Error>;
    async fn finish(self) -> Result<Self::Output, serde_json::Error>;
}

impl BodySink for Vec<u8> {
    type Output = Vec<u8>;

    fn expect(&mut self, bytes: u64) {
        self.reserve(usize::try_from(bytes).unwrap_or(0));
    }

    async fn push(&mut self, chunk: Bytes) -> Result<(), serde_json::Error> {
        self.extend_from_slice(&chunk);
        Ok(())
    }

    async fn finish(self) -> Result<Vec<u8>, serde_json::Error> {
        Ok(self)
    }
}

/// Chunks waiting for the reader: enough to keep it busy, few enough to stay small.
const CHUNKS_IN_FLIGHT: usize = 64;

/// A people-search body, read into employees on a thread of its own while the rest arrives:
/// over a real connection the reading is done by the time the last byte is in.
struct SearchSink<S: EmployeeSink> {
    chunks: Option<mpsc::Sender<Bytes>>,
    reading: JoinHandle<Result<(S::Output, Duration), serde_json::Error>>,
    bytes: usize,
}

impl<S: EmployeeSink> SearchSink<S> {
    fn new(search: &PeopleSearch, employees: S) -> Self {
        let (chunks, mut arriving) = mpsc::channel::<Bytes>(CHUNKS_IN_FLIGHT);
        let mut reader = SearchReader::with_sink(search, employees);
        let reading = tokio::task::spawn_blocking(move || {
            while let Some(chunk) = arriving.blocking_recv() {
                reader.push(&chunk)?;
            }
            let started = Instant::now();
            let busy = reader.busy();
            let employees = reader.finish()?;
            Ok((employees, busy + started.elapsed()))
        });
        Self {
            chunks: Some(chunks),
            reading,
            bytes: 0,
        }
    }
}

impl<S: EmployeeSink> BodySink for SearchSink<S> {
    /// What the sink made of the employees, the body's size and the time spent reading it.
    type Output = (S::Output, usize, Duration);

    async fn push(&mut self, chunk: Bytes) -> Result<(), serde_json::Error> {
        self.bytes += chunk.len();
        let Some(chunks) = &self.chunks else {
            return Ok(());
        };
        if chunks.send(chunk).await.is_err() {
            // The reader stopped early: the answer cannot be read, and the reader says why.
            self.chunks = None;
            return match (&mut self.reading).await {
                Ok(Err(error)) => Err(error),
                _ => Err(reading_stopped()),
            };
        }
        Ok(())
    }

    async fn finish(mut self) -> Result<Self::Output, serde_json::Error> {
        // The end of the chunks tells the reader the answer is complete.
        self.chunks = None;
        let (employees, busy) = self.reading.await.map_err(|_| reading_stopped())??;
        Ok((employees, self.bytes, busy))
    }
}

fn reading_stopped() -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::custom("reading the answer stopped")
}

/// rustls errors arrive wrapped in one or more `io::Error`s, whose `source()` skips the wrapped
/// error itself; look inside with `get_ref`.
fn find_tls_error<'a>(cause: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let inner = cause.downcast_ref::<std::io::Error>()?.get_ref()?;
    find_tls_error(inner)
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

pub(crate) fn malformed(endpoint: &Endpoint, error: &serde_json::Error) -> HibobError {
    HibobError::MalformedBody {
        endpoint: endpoint.label(),
        detail: error.to_string(),
    }
}

/// HiBob's generic error body is `{"key": "...", "error": "..."}` (docs/hibob-api.md §1.3).
fn hibob_error_text(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct ErrorBody {
        error: Option<String>,
        #[serde(rename = "errorMessage")]
        error_message: Option<String>,
    }
    let parsed: ErrorBody = serde_json::from_slice(body).ok()?;
    let text = parsed.error.or(parsed.error_message)?;
    Some(text.chars().take(300).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hibob_error_bodies_are_read_and_bounded() {
        assert_eq!(
            hibob_error_text(br#"{"key":"bad","error":"Only one filter"}"#).as_deref(),
            Some("Only one filter")
        );
        assert_eq!(hibob_error_text(b"<html>"), None);
        let long = format!(r#"{{"error":"{}"}}"#, "x".repeat(1000));
        assert_eq!(hibob_error_text(long.as_bytes()).unwrap().len(), 300);
    }
}
