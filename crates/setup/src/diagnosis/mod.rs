//! Test connection's result: does the service user work, which of the profile's permissions are
//! granted, which are missing and how to fix each, and may it see the employees the integration
//! needs. This file holds the result's types; the work is split by concern:
//!
//! - `run`: the requests to HiBob, in at most three rounds, and the result they lead to;
//! - `auth`: what a refused or failed first request means for the credentials;
//! - `plan`: what to ask HiBob, from the profile, the catalog and the tenant's fields;
//! - `company`: the employees as the service user sees them;
//! - `judge`: the judgement of each permission from what HiBob answered (pure, no I/O).
//!
//! A check is `granted` only on evidence from HiBob; what cannot be seen without changing data
//! is `unverifiable` ("confirm in HiBob").

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{FixStep, LifecycleStatus, Tab};
use crate::error::ErrorReport;

mod auth;
mod company;
mod judge;
mod plan;
mod run;

pub use run::diagnose;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckStatus {
    Granted,
    Missing,
    Unverifiable,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Check {
    pub permission: String,
    pub label: String,
    pub tab: Tab,
    pub area: String,
    pub section: String,
    pub status: CheckStatus,
    /// What HiBob showed, in a sentence ("0 of 412 employees returned any Work field.").
    pub evidence: String,
    /// Where in HiBob to grant it.
    pub fix: String,
    pub fix_step: FixStep,
    /// Why the integration needs it.
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuthStatus {
    Accepted,
    Rejected,
    Unreachable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AuthOutcome {
    pub status: AuthStatus,
    pub message: String,
    /// When HiBob could not be asked or refused: the error with its hint.
    pub error: Option<ErrorReport>,
    /// When rejected: what probably went wrong, most likely first.
    pub likely_causes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LifecycleCoverage {
    /// Employees the service user can see, inactive ones included.
    pub visible: usize,
    /// Of those, active (what HiBob returns without `showInactive`).
    pub active: Option<usize>,
    /// Whether lifecycle statuses could be read (needs the Lifecycle permission).
    pub statuses_readable: bool,
    /// Visible employees per lifecycle status (only when readable).
    #[ts(as = "HashMap<LifecycleStatus, usize>")]
    pub counts: BTreeMap<LifecycleStatus, usize>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    Ready,
    PermissionsMissing,
    CredentialsRejected,
    Unreachable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DiagnosisStats {
    pub requests: usize,
    pub round_trips: usize,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

/// The result of Test connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Diagnosis {
    pub verdict: Verdict,
    pub profile: String,
    pub environment: String,
    pub auth: AuthOutcome,
    pub checks: Vec<Check>,
    pub lifecycle: LifecycleCoverage,
    pub warnings: Vec<String>,
    pub stats: DiagnosisStats,
}

impl Diagnosis {
    pub fn missing(&self) -> impl Iterator<Item = &Check> {
        self.checks
            .iter()
            .filter(|c| c.status == CheckStatus::Missing)
    }
}

impl LifecycleCoverage {
    /// Nothing seen: for a diagnosis that stopped before any employee was listed.
    fn empty() -> Self {
        LifecycleCoverage {
            visible: 0,
            active: None,
            statuses_readable: false,
            counts: BTreeMap::new(),
            warnings: Vec::new(),
        }
    }
}
