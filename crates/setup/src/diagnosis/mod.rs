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
    /// Single fields to grant where the company uses field-level permissions: the ones HiBob
    /// reported withheld, or a field it sent no value for.
    pub field_fixes: Vec<FieldFix>,
}

/// What a permission group grants on one field under field-level permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldAccess {
    View,
    /// The field's earlier values in a history table.
    ViewHistory,
}

impl FieldAccess {
    /// The word HiBob's editor shows for it (docs/hibob-api.md §9.1).
    pub fn label(self) -> &'static str {
        match self {
            FieldAccess::View => "View",
            FieldAccess::ViewHistory => "View history",
        }
    }
}

/// One field to grant on its own, under field-level permissions (People's data › People's
/// fields), next to the section-wide permission of the classic model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldFix {
    /// HiBob's field ID (`payroll.employment.fte`).
    pub field: String,
    /// Its name in HiBob ("FTE %").
    pub name: String,
    /// Its category's name in HiBob ("Employment").
    pub category: String,
    pub access: FieldAccess,
    /// HiBob reported it withheld (rather than: it came back empty, which proves nothing).
    pub restricted: bool,
    /// Where to grant it.
    pub fix: String,
}

impl FieldFix {
    pub(crate) fn new(
        field: &str,
        name: &str,
        category: &str,
        access: FieldAccess,
        restricted: bool,
    ) -> Self {
        FieldFix {
            field: field.to_string(),
            name: name.to_string(),
            category: category.to_string(),
            access,
            restricted,
            fix: format!(
                "If your company uses field-level permissions: the service user's permission group › People's data \
                 › People's fields › {category} › {name}, tick {}, then Save.",
                access.label()
            ),
        }
    }

    /// How HiBob showed it: reported withheld, or merely never with a value.
    pub fn seen_as(&self) -> &'static str {
        if self.restricted {
            "withheld by HiBob"
        } else {
            "no value seen"
        }
    }

    /// "FTE % (Employment)", or "the history of Department (Work)".
    pub(crate) fn describe(&self) -> String {
        match self.access {
            FieldAccess::View => format!("{} ({})", self.name, self.category),
            FieldAccess::ViewHistory => format!("the history of {} ({})", self.name, self.category),
        }
    }
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
    /// Every permission the profile needs was seen at work.
    Ready,
    /// Nothing is missing, but HiBob's answers could not show that the profile's data arrives:
    /// every data check ended "confirm in HiBob", or the field list looks incomplete.
    Unverified,
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
    /// HiBob showed that this company uses field-level permissions (restricted table columns);
    /// `false` proves nothing (docs/hibob-api.md §9.5).
    pub field_level_permissions: bool,
    pub lifecycle: LifecycleCoverage,
    pub warnings: Vec<String>,
    pub stats: DiagnosisStats,
    /// The company's field list as HiBob sent it (empty when the test stopped before), kept so
    /// the checklist can say what this company makes impossible to check; not sent to screens.
    #[serde(skip)]
    #[ts(skip)]
    pub company_fields: Vec<hibob::FieldMeta>,
}

impl Verdict {
    /// The verdict in words, for reports and terminals.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "Ready",
            Verdict::Unverified => "Not verified",
            Verdict::PermissionsMissing => "Permissions missing",
            Verdict::CredentialsRejected => "Credentials rejected",
            Verdict::Unreachable => "HiBob unreachable",
        }
    }
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
