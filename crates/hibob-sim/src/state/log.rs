//! The `/v1` request log: what arrived, with which body, and how it was answered.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use super::lock::lock;

/// How many `/v1` requests the log keeps.
pub(crate) const LOG_CAPACITY: usize = 10_000;

/// One `/v1` request as the simulator saw it.
#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// The query string, empty if none.
    pub query: String,
    /// A hash of the body, equal for equal bodies (0 for none): tells a retry of the same
    /// request from a different request to the same path without keeping the bodies.
    pub body_digest: u64,
    /// The body itself when it is a small text (a people search's fields), so a benchmark can
    /// send the same request again.
    pub body: Option<String>,
    /// Final status sent, including injected faults and 401s; 0 while the request is being
    /// answered, and for good if the client gave up first (a client-side timeout).
    pub status: u16,
    /// Whether the credentials were checked and accepted (false for injected faults,
    /// which are decided before authentication).
    pub authenticated: bool,
    /// The answer's body size, when known before it is sent (benchmarks weigh answers by it).
    pub response_bytes: Option<u64>,
}

/// Request bodies up to this size are kept in the log (a search naming 400 fields is ~20 KiB).
const MAX_KEPT_BODY: usize = 32 * 1024;

/// The last [`LOG_CAPACITY`] requests, oldest first.
#[derive(Default)]
pub(crate) struct RequestLog {
    /// Each record with a sequence number, so a request logged on arrival can be completed later.
    records: Mutex<VecDeque<(u64, RequestRecord)>>,
    next_seq: AtomicU64,
}

impl RequestLog {
    /// Logs a request as it arrives, so requests the client abandons are counted too.
    pub(crate) fn arrival(&self, method: &str, path: &str, query: &str, body: &[u8]) -> u64 {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        let mut log = lock(&self.records);
        if log.len() >= LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back((
            seq,
            RequestRecord {
                method: method.to_owned(),
                path: path.to_owned(),
                query: query.to_owned(),
                body_digest: digest(body),
                body: (!body.is_empty() && body.len() <= MAX_KEPT_BODY)
                    .then(|| String::from_utf8(body.to_vec()).ok())
                    .flatten(),
                status: 0,
                authenticated: false,
                response_bytes: None,
            },
        ));
        seq
    }

    /// Fills in how a logged request ended.
    pub(crate) fn answer(
        &self,
        seq: u64,
        status: u16,
        authenticated: bool,
        response_bytes: Option<u64>,
    ) {
        let mut log = lock(&self.records);
        if let Some((_, rec)) = log.iter_mut().rev().find(|(s, _)| *s == seq) {
            rec.status = status;
            rec.authenticated = authenticated;
            rec.response_bytes = response_bytes;
        }
    }

    pub(crate) fn records(&self) -> Vec<RequestRecord> {
        lock(&self.records).iter().map(|(_, r)| r.clone()).collect()
    }

    pub(crate) fn count(&self, method: &str, prefix: &str) -> usize {
        lock(&self.records)
            .iter()
            .filter(|(_, r)| r.method.eq_ignore_ascii_case(method) && r.path.starts_with(prefix))
            .count()
    }

    pub(crate) fn clear(&self) {
        lock(&self.records).clear();
    }
}

fn digest(body: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    if body.is_empty() {
        return 0;
    }
    // SipHash with fixed keys: the same body gives the same digest for the life of the process.
    let mut hasher = std::hash::DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}
