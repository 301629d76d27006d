//! Shared, lock-protected state of a running simulator.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::company::Company;
use crate::config::{Faults, Preset, SimConfig};
use crate::error::SimError;
use crate::permissions::{validate_key, Access, Effective, LifecycleStatus, PermissionGroup};
use crate::prng::{mix, SplitMix64};

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
    /// Final status sent, including injected faults and 401s; 0 while the request is being
    /// answered, and for good if the client gave up first (a client-side timeout).
    pub status: u16,
    /// Whether the credentials were checked and accepted (false for injected faults,
    /// which are decided before authentication).
    pub authenticated: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct ServiceUser {
    pub(crate) id: String,
    pub(crate) token: String,
    pub(crate) group: Option<PermissionGroup>,
}

pub(crate) struct FaultState {
    pub(crate) faults: Faults,
    rng: SplitMix64,
}

/// A fault decided before authentication.
pub(crate) enum Injected {
    RateLimited(Option<u64>),
    Unavailable,
    Internal,
    Unauthorized,
    Forbidden,
}

/// Values for the `X-RateLimit-*` headers.
pub(crate) struct RateInfo {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    pub(crate) reset_in_secs: u64,
}

pub(crate) enum RateDecision {
    Allowed(RateInfo),
    Limited { info: RateInfo, retry_after: u64 },
}

/// The limit HiBob documents for people search; also what the sim reports on
/// endpoints it does not meter.
pub(crate) const NOMINAL_LIMIT: u32 = 50;
const WINDOW: Duration = Duration::from_secs(60);

pub(crate) struct Shared {
    pub(crate) company: RwLock<Company>,
    users: RwLock<Vec<ServiceUser>>,
    faults: Mutex<FaultState>,
    /// Each record with a sequence number, so a request logged on arrival can be completed later.
    log: Mutex<VecDeque<(u64, RequestRecord)>>,
    next_seq: std::sync::atomic::AtomicU64,
    windows: Mutex<HashMap<String, VecDeque<Instant>>>,
    pub(crate) rate_limit: Option<u32>,
    pub(crate) preset: Preset,
    pub(crate) primary_id: String,
    /// What the sim hands out as the primary token (the legacy one for `legacy-token`).
    pub(crate) reported_token: String,
    pub(crate) secondary_id: String,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not wedge the simulator: keep using the data.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(PoisonError::into_inner)
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn token(rng: &mut SplitMix64) -> String {
    (0..40)
        .map(|_| char::from(ALNUM[rng.index(ALNUM.len())]))
        .collect()
}

fn legacy_token(rng: &mut SplitMix64) -> String {
    (0..64)
        .map(|_| char::from(b"0123456789abcdef"[rng.index(16)]))
        .collect()
}

fn group_for(preset: Preset) -> Option<PermissionGroup> {
    let all = PermissionGroup::everything();
    let minus = |drop: &dyn Fn(&str) -> bool, name: &str| PermissionGroup {
        name: name.to_owned(),
        grants: all.grants.iter().filter(|k| !drop(k)).cloned().collect(),
        access: Access::all_statuses(),
    };
    let only = |keys: &[&str], name: &str, access: Access| PermissionGroup {
        name: name.to_owned(),
        grants: keys.iter().map(|k| (*k).to_owned()).collect(),
        access,
    };
    match preset {
        Preset::Full | Preset::LegacyToken => Some(PermissionGroup {
            name: "HiBob Setup (full)".to_owned(),
            ..all
        }),
        Preset::NoGroup => None,
        Preset::BaseOnly => Some(only(
            &[
                "people.root.view",
                "people.work.view",
                "people.workContact.view",
                "people.lifecycle.view",
                "people.employment.view",
            ],
            "HiBob Setup (base)",
            Access::all_statuses(),
        )),
        Preset::NoHistory => Some(minus(
            &|k| k.ends_with(".history"),
            "HiBob Setup (no history)",
        )),
        Preset::NoFinancial => Some(minus(
            &|k| {
                matches!(
                    k,
                    "people.financial.view" | "people.payroll.view" | "people.payroll.history"
                )
            },
            "HiBob Setup (no financial)",
        )),
        Preset::NoTerminated => Some(PermissionGroup {
            name: "HiBob Setup (no terminated)".to_owned(),
            access: Access::LifecycleStatuses(
                LifecycleStatus::ALL
                    .into_iter()
                    .filter(|s| *s != LifecycleStatus::Terminated)
                    .collect(),
            ),
            ..all
        }),
        // What an admin who followed half a guide ends up with.
        Preset::Demo => Some(only(
            &[
                "people.root.view",
                "people.work.view",
                "people.workContact.view",
                "people.employment.view",
            ],
            "HiBob Setup",
            Access::LifecycleStatuses(
                [
                    LifecycleStatus::Hired,
                    LifecycleStatus::Employed,
                    LifecycleStatus::Leave,
                ]
                .into_iter()
                .collect(),
            ),
        )),
    }
}

impl Shared {
    pub(crate) fn new(config: &SimConfig, company: Company) -> Shared {
        let mut rng = SplitMix64::new(mix(config.seed ^ 0x5E_2F1C_E05E_2000));
        let number = 1_000 + rng.below(9_000);
        let primary_id = format!("SERVICE-{number}");
        let secondary_id = format!("SERVICE-{}", number + 1 + rng.below(50));
        let primary_token = token(&mut rng);
        let secondary_token = token(&mut rng);
        let legacy = legacy_token(&mut rng);
        let reported_token = if config.preset == Preset::LegacyToken {
            legacy
        } else {
            primary_token.clone()
        };
        let users = vec![
            ServiceUser {
                id: primary_id.clone(),
                token: primary_token,
                group: group_for(config.preset),
            },
            ServiceUser {
                id: secondary_id.clone(),
                token: secondary_token,
                group: group_for(Preset::BaseOnly).map(|g| PermissionGroup {
                    name: "Reporting integration".to_owned(),
                    ..g
                }),
            },
        ];
        Shared {
            company: RwLock::new(company),
            users: RwLock::new(users),
            faults: Mutex::new(FaultState {
                faults: sanitize(config.faults.clone()),
                rng: SplitMix64::new(mix(config.seed ^ 0xFA17)),
            }),
            log: Mutex::new(VecDeque::new()),
            next_seq: std::sync::atomic::AtomicU64::new(0),
            windows: Mutex::new(HashMap::new()),
            rate_limit: config.rate_limit_per_minute,
            preset: config.preset,
            primary_id,
            reported_token,
            secondary_id,
        }
    }

    // ---- service users -----------------------------------------------------

    /// Checks an ID/token pair; returns the caller's permissions.
    pub(crate) fn authenticate(&self, id: &str, token: &str) -> Option<Effective> {
        let users = read(&self.users);
        let user = users.iter().find(|u| u.id == id)?;
        constant_time_eq(user.token.as_bytes(), token.as_bytes())
            .then(|| Effective::from_group(user.group.as_ref()))
    }

    pub(crate) fn users(&self) -> Vec<ServiceUser> {
        read(&self.users).clone()
    }

    pub(crate) fn token_of(&self, id: &str) -> Option<String> {
        read(&self.users)
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.token.clone())
    }

    fn with_user<R>(
        &self,
        id: &str,
        f: impl FnOnce(&mut ServiceUser) -> Result<R, SimError>,
    ) -> Result<R, SimError> {
        let mut users = write(&self.users);
        let user = users
            .iter_mut()
            .find(|u| u.id == id)
            .ok_or_else(|| SimError::UnknownServiceUser(id.to_owned()))?;
        f(user)
    }

    pub(crate) fn set_permissions(
        &self,
        id: &str,
        group: Option<PermissionGroup>,
    ) -> Result<(), SimError> {
        if let Some(g) = &group {
            for k in &g.grants {
                validate_key(k)?;
            }
        }
        self.with_user(id, |u| {
            u.group = group;
            Ok(())
        })
    }

    /// Adds a key. A user in no group first gets an empty group with all statuses,
    /// the way an admin would create one for it.
    pub(crate) fn grant(&self, id: &str, key: &str) -> Result<(), SimError> {
        validate_key(key)?;
        self.with_user(id, |u| {
            let group = u.group.get_or_insert_with(|| PermissionGroup {
                name: "HiBob Setup".to_owned(),
                grants: Default::default(),
                access: Access::all_statuses(),
            });
            group.grants.insert(key.to_owned());
            Ok(())
        })
    }

    pub(crate) fn revoke(&self, id: &str, key: &str) -> Result<(), SimError> {
        validate_key(key)?;
        self.with_user(id, |u| {
            if let Some(g) = u.group.as_mut() {
                g.grants.remove(key);
            }
            Ok(())
        })
    }

    pub(crate) fn set_access(&self, id: &str, access: Access) -> Result<(), SimError> {
        self.with_user(id, |u| {
            let group = u.group.get_or_insert_with(|| PermissionGroup {
                name: "HiBob Setup".to_owned(),
                grants: Default::default(),
                access: Access::Everyone,
            });
            group.access = access;
            Ok(())
        })
    }

    // ---- faults ------------------------------------------------------------

    pub(crate) fn faults(&self) -> Faults {
        lock(&self.faults).faults.clone()
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        lock(&self.faults).faults = sanitize(faults);
    }

    /// Decides the pre-authentication faults in the documented order:
    /// `unauthorized_after`, `forbidden_after`, `rate_limit_next`, `fail_next`, `error_rate`.
    pub(crate) fn take_injected(&self) -> Option<Injected> {
        let mut st = lock(&self.faults);
        if count_down(&mut st.faults.unauthorized_after) {
            return Some(Injected::Unauthorized);
        }
        if count_down(&mut st.faults.forbidden_after) {
            return Some(Injected::Forbidden);
        }
        if st.faults.rate_limit_next > 0 {
            st.faults.rate_limit_next -= 1;
            return Some(Injected::RateLimited(st.faults.retry_after_secs));
        }
        if st.faults.fail_next > 0 {
            st.faults.fail_next -= 1;
            return Some(Injected::Unavailable);
        }
        if st.faults.error_rate > 0.0 {
            let roll = st.rng.unit();
            if roll < st.faults.error_rate {
                return Some(Injected::Internal);
            }
        }
        None
    }

    // ---- request log -------------------------------------------------------

    /// Logs a request as it arrives, so requests the client abandons are counted too.
    pub(crate) fn record_arrival(&self, method: &str, path: &str, query: &str, body: &[u8]) -> u64 {
        let seq = self
            .next_seq
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut log = lock(&self.log);
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
                status: 0,
                authenticated: false,
            },
        ));
        seq
    }

    /// Fills in how a logged request ended.
    pub(crate) fn record_answer(&self, seq: u64, status: u16, authenticated: bool) {
        let mut log = lock(&self.log);
        if let Some((_, rec)) = log.iter_mut().rev().find(|(s, _)| *s == seq) {
            rec.status = status;
            rec.authenticated = authenticated;
        }
    }

    pub(crate) fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.log).iter().map(|(_, r)| r.clone()).collect()
    }

    pub(crate) fn request_count(&self, method: &str, prefix: &str) -> usize {
        lock(&self.log)
            .iter()
            .filter(|(_, r)| r.method.eq_ignore_ascii_case(method) && r.path.starts_with(prefix))
            .count()
    }

    pub(crate) fn clear_requests(&self) {
        lock(&self.log).clear();
    }

    // ---- rate limiting -----------------------------------------------------

    /// Sliding 60-second window per service user for people search.
    pub(crate) fn check_search_rate(&self, user: &str) -> RateDecision {
        let Some(limit) = self.rate_limit else {
            return RateDecision::Allowed(self.nominal_rate());
        };
        let now = Instant::now();
        let mut windows = lock(&self.windows);
        let window = windows.entry(user.to_owned()).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            window.pop_front();
        }
        let until_free = |w: &VecDeque<Instant>| {
            w.front().map_or(WINDOW.as_secs(), |t| {
                let left = WINDOW.saturating_sub(now.duration_since(*t));
                // Round up so a client that waits exactly this long gets a slot.
                left.as_secs() + u64::from(left.subsec_nanos() > 0)
            })
        };
        if window.len() >= limit as usize {
            let wait = until_free(window).max(1);
            return RateDecision::Limited {
                info: RateInfo {
                    limit,
                    remaining: 0,
                    reset_in_secs: wait,
                },
                retry_after: wait,
            };
        }
        window.push_back(now);
        RateDecision::Allowed(RateInfo {
            limit,
            remaining: limit.saturating_sub(window.len() as u32),
            reset_in_secs: until_free(window),
        })
    }

    pub(crate) fn nominal_rate(&self) -> RateInfo {
        let limit = self.rate_limit.unwrap_or(NOMINAL_LIMIT);
        RateInfo {
            limit,
            remaining: limit,
            reset_in_secs: WINDOW.as_secs(),
        }
    }
}

fn sanitize(mut f: Faults) -> Faults {
    f.error_rate = if f.error_rate.is_finite() {
        f.error_rate.clamp(0.0, 1.0)
    } else {
        0.0
    };
    f
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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

/// One more request seen by an "after N requests" fault: true once the N have passed (and from
/// then on, until the fault is replaced).
fn count_down(remaining: &mut Option<u32>) -> bool {
    match remaining {
        Some(0) => true,
        Some(n) => {
            *n -= 1;
            false
        }
        None => false,
    }
}
