//! Test connection: does the service user work, which of the profile's permissions are granted,
//! which are missing and how to fix each, and may it see the employees the integration needs.
//!
//! Round trips on the critical path, at most three:
//! 1. `GET /company/people/fields` — needs no permission, so it checks the credentials alone and
//!    tells which permission category each field belongs to in this tenant.
//! 2. In parallel: one people search with every field the checks need (inactive people included),
//!    one with active people only (to count inactive people even without the Lifecycle
//!    permission), and every probe that needs no employee ID (bulk tables, time off).
//! 3. In parallel: the probes that need an employee ID (bank accounts, documents, balances).
//!
//! A check is `granted` only on evidence from HiBob; what cannot be seen without changing data
//! is `unverifiable` ("confirm in HiBob").

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hibob::{
    BulkPage, Client, Employee, Endpoint, Environment, FieldMeta, FieldValue, HibobError,
    HumanReadable, PeopleSearch, RawResponse, Table, MAX_SEARCH_FIELDS,
};
use serde::Serialize;
use serde_json::Value;
use tokio::task::JoinSet;
use ts_rs::TS;

use crate::catalog::{Catalog, FixStep, LifecycleStatus, Permission, Probe, Tab, Verify};
use crate::credentials::CredentialReview;
use crate::error::{ErrorReport, SetupError};
use crate::profile::Profile;

/// Fields requested per category to tell "withheld" from "empty": one empty field proves nothing,
/// several empty fields for every employee are unlikely.
const FIELDS_PER_CATEGORY: usize = 8;
/// Rows requested from bulk tables: enough to see histories without pulling the whole company.
const BULK_SAMPLE: u16 = 50;
/// Employees whose documents are read to find each folder.
const DOCUMENT_SAMPLE: usize = 3;

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

impl Verdict {
    /// The CLI's exit code for this verdict (documented in `--help` and the README).
    pub fn exit_code(self) -> i32 {
        match self {
            Verdict::Ready => 0,
            Verdict::PermissionsMissing => 3,
            Verdict::CredentialsRejected => 4,
            Verdict::Unreachable => 5,
        }
    }
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

/// Runs the whole diagnosis. Never fails: every problem becomes part of the result.
pub async fn diagnose(
    client: &Client,
    environment: &Environment,
    review: &CredentialReview,
    profile: &Profile,
    catalog: &Catalog,
) -> Diagnosis {
    let started = Instant::now();
    let counter = Arc::new(AtomicUsize::new(0));
    let mut warnings = review.cleaned.clone();
    let mut round_trips = 1;

    // Round 1: credentials, and the tenant's field metadata.
    counter.fetch_add(1, Ordering::Relaxed);
    let fields = match client.fields_metadata().await {
        Ok(fields) => fields,
        Err(error) => {
            let auth = auth_failure(&error, review, environment);
            let verdict = if auth.status == AuthStatus::Rejected {
                Verdict::CredentialsRejected
            } else {
                Verdict::Unreachable
            };
            return without_checks(
                verdict,
                auth,
                profile,
                environment,
                warnings,
                stats(&counter, round_trips, started),
            );
        }
    };
    let auth = AuthOutcome {
        status: AuthStatus::Accepted,
        message: "HiBob accepted the service user ID and token.".into(),
        error: None,
        likely_causes: Vec::new(),
    };
    let plan = Plan::new(profile, catalog, &fields);

    // Round 2: the searches and the probes that need no employee.
    round_trips += 1;
    let everyone = {
        let client = client.clone();
        let search = PeopleSearch::fields(plan.search_fields.iter().cloned())
            .show_inactive(true)
            .human_readable(HumanReadable::Append);
        let counter = counter.clone();
        tokio::spawn(async move {
            counter.fetch_add(1, Ordering::Relaxed);
            client.search_people(&search).await
        })
    };
    let active_only = {
        let client = client.clone();
        let counter = counter.clone();
        tokio::spawn(async move {
            counter.fetch_add(1, Ordering::Relaxed);
            client
                .search_people(&PeopleSearch::fields(["root.id"]))
                .await
        })
    };
    let mut probes = JoinSet::new();
    for probe in &plan.probes {
        if let Some(endpoint) = employee_free_endpoint(*probe) {
            let client = client.clone();
            let counter = counter.clone();
            let probe = *probe;
            probes.spawn(async move {
                counter.fetch_add(1, Ordering::Relaxed);
                (probe, client.call_raw(&endpoint, None).await)
            });
        }
    }
    let everyone = joined(everyone.await);
    let active_only = joined(active_only.await);
    let mut probe_results: HashMap<Probe, Result<RawResponse, HibobError>> = HashMap::new();
    while let Some(done) = probes.join_next().await {
        if let Ok((probe, result)) = done {
            probe_results.insert(probe, result);
        }
    }

    let employees = match everyone {
        Ok(found) => found.employees,
        Err(HibobError::Forbidden { .. }) => {
            // Whether HiBob answers 403 or an empty list to a service user without People's data
            // access is uncertain (reference §10 Q3); both mean nobody is visible.
            warnings.push(
                "HiBob refused to list employees: the service user's group has no People's data access.".into(),
            );
            Vec::new()
        }
        Err(error) => {
            let (verdict, auth) = if error == HibobError::InvalidCredentials {
                (Verdict::CredentialsRejected, credentials_withdrawn())
            } else {
                // Credentials worked but HiBob stopped answering (rate limit, outage, network).
                let mut auth = auth;
                auth.error = Some((&error).into());
                (Verdict::Unreachable, auth)
            };
            return without_checks(
                verdict,
                auth,
                profile,
                environment,
                warnings,
                stats(&counter, round_trips, started),
            );
        }
    };
    let active = active_only.ok().map(|found| found.employees.len());
    let view = CompanyView::new(&employees, active);

    // Round 3: probes that need an employee to ask about.
    let sample = view.sample_ids(DOCUMENT_SAMPLE);
    let mut per_employee = JoinSet::new();
    let mut ask = |asked: Asked, endpoint: Endpoint| {
        let client = client.clone();
        let counter = counter.clone();
        per_employee.spawn(async move {
            counter.fetch_add(1, Ordering::Relaxed);
            (asked, client.call_raw(&endpoint, None).await)
        });
    };
    if let Some(first) = sample.first() {
        for probe in &plan.probes {
            if let Some(endpoint) = employee_endpoint(*probe, first, &probe_results) {
                ask(Asked::Probe(*probe), endpoint);
            }
        }
        if !plan.document_folders.is_empty() {
            for id in &sample {
                ask(Asked::Documents, Endpoint::Documents(id.clone()));
            }
        }
    }
    if !per_employee.is_empty() {
        round_trips += 1;
    }
    let mut documents = Vec::new();
    while let Some(Ok((asked, result))) = per_employee.join_next().await {
        match asked {
            Asked::Probe(probe) => {
                probe_results.insert(probe, result);
            }
            Asked::Documents => documents.push(result),
        }
    }

    // A 401 after the first answer means the credentials were withdrawn while the check ran; the
    // checks that got one could not be judged, so none are shown as if they were.
    let withdrawn = probe_results
        .values()
        .chain(&documents)
        .any(|result| matches!(result, Err(HibobError::InvalidCredentials)));
    if withdrawn {
        return without_checks(
            Verdict::CredentialsRejected,
            credentials_withdrawn(),
            profile,
            environment,
            warnings,
            stats(&counter, round_trips, started),
        );
    }

    let evidence = Evidence {
        view: &view,
        fields: &fields,
        plan: &plan,
        probes: &probe_results,
        documents: &documents,
    };
    let checks: Vec<Check> = profile
        .permissions
        .iter()
        .filter_map(|p| {
            catalog
                .get(&p.id)
                .map(|permission| (permission, p.why.as_str()))
        })
        .map(|(permission, why)| evidence.check(permission, why))
        .collect();
    for (probe, result) in &probe_results {
        if let Err(error) = result {
            if !matches!(error, HibobError::Forbidden { .. }) {
                warnings.push(format!(
                    "One check could not be completed ({probe:?}): {} {}",
                    error.message(),
                    error.hint()
                ));
            }
        }
    }
    warnings.extend(evidence.data_quality(profile));
    let lifecycle = view.coverage(&profile.required_statuses(catalog));
    let verdict = if checks.iter().any(|c| c.status == CheckStatus::Missing) {
        Verdict::PermissionsMissing
    } else {
        Verdict::Ready
    };
    Diagnosis {
        verdict,
        profile: profile.id.clone(),
        environment: environment.label(),
        auth,
        checks,
        lifecycle,
        warnings,
        stats: stats(&counter, round_trips, started),
    }
}

fn joined<T>(
    result: Result<Result<T, HibobError>, tokio::task::JoinError>,
) -> Result<T, HibobError> {
    result.unwrap_or_else(|_| {
        Err(HibobError::ClientSetup {
            detail: "a background request stopped unexpectedly".into(),
        })
    })
}

fn stats(counter: &AtomicUsize, round_trips: usize, started: Instant) -> DiagnosisStats {
    DiagnosisStats {
        requests: counter.load(Ordering::Relaxed),
        round_trips,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    }
}

fn auth_failure(
    error: &HibobError,
    review: &CredentialReview,
    environment: &Environment,
) -> AuthOutcome {
    match error {
        HibobError::InvalidCredentials => AuthOutcome {
            status: AuthStatus::Rejected,
            message: error.message(),
            error: Some(error.into()),
            likely_causes: review.likely_causes(environment),
        },
        // The fields endpoint needs no permission; a 403 here has been linked to IP allow-lists
        // (reference §1.3, uncertain). The credentials may be fine, HiBob still won't answer.
        HibobError::Forbidden { .. } => AuthOutcome {
            status: AuthStatus::Rejected,
            message: "HiBob refused a request that needs no permission at all.".into(),
            error: Some(error.into()),
            likely_causes: vec![
                "Your company may restrict HiBob's API to trusted IP addresses: ask your HiBob admin to allow this network."
                    .into(),
                "HiBob may be blocking requests after repeated failed logins; wait five minutes before trying again."
                    .into(),
            ],
        },
        _ => AuthOutcome {
            status: AuthStatus::Unreachable,
            message: error.message(),
            error: Some(error.into()),
            likely_causes: Vec::new(),
        },
    }
}

/// HiBob accepted the credentials for the first request and refused them later.
fn credentials_withdrawn() -> AuthOutcome {
    let withdrawn = SetupError::CredentialsWithdrawn;
    AuthOutcome {
        status: AuthStatus::Rejected,
        message: withdrawn.message(),
        error: Some(withdrawn.report()),
        likely_causes: vec![
            "The token was refreshed in HiBob while the check ran: copy the new token and save it here.".into(),
            "The service user was deactivated or deleted in HiBob.".into(),
        ],
    }
}

/// A diagnosis that stopped before any permission could be checked.
fn without_checks(
    verdict: Verdict,
    auth: AuthOutcome,
    profile: &Profile,
    environment: &Environment,
    warnings: Vec<String>,
    stats: DiagnosisStats,
) -> Diagnosis {
    Diagnosis {
        verdict,
        profile: profile.id.clone(),
        environment: environment.label(),
        auth,
        checks: Vec::new(),
        lifecycle: LifecycleCoverage::empty(),
        warnings,
        stats,
    }
}

/// What a per-employee request was for.
enum Asked {
    Probe(Probe),
    Documents,
}

/// What to ask HiBob, derived from the profile, the catalog and the tenant's field metadata.
struct Plan {
    search_fields: Vec<String>,
    /// Fields requested per category, to judge category visibility.
    fields_by_category: HashMap<String, Vec<String>>,
    probes: BTreeSet<Probe>,
    document_folders: BTreeSet<String>,
}

impl Plan {
    fn new(profile: &Profile, catalog: &Catalog, fields: &[FieldMeta]) -> Self {
        let known: HashMap<&str, &FieldMeta> = fields.iter().map(|f| (f.id.as_str(), f)).collect();
        let mut search_fields: Vec<String> = Vec::new();
        let add = |id: &str, list: &mut Vec<String>| {
            if known.contains_key(id) && !list.iter().any(|f| f == id) {
                list.push(id.to_string());
            }
        };
        for id in [
            "root.id",
            "work.startDate",
            "internal.status",
            "internal.lifecycleStatus",
        ] {
            add(id, &mut search_fields);
        }
        for mapping in &profile.mapping {
            add(&mapping.source, &mut search_fields);
        }
        let mut probes = BTreeSet::new();
        let mut document_folders = BTreeSet::new();
        let mut fields_by_category: HashMap<String, Vec<String>> = HashMap::new();
        for permission in profile
            .permissions
            .iter()
            .filter_map(|p| catalog.get(&p.id))
        {
            match &permission.verify {
                Verify::Fields(category) => {
                    // Profile fields of the category first, then the tenant's own, built-ins
                    // before custom fields.
                    let mut chosen: Vec<String> = search_fields
                        .iter()
                        .filter(|id| {
                            known
                                .get(id.as_str())
                                .is_some_and(|f| &f.category_id == category)
                        })
                        .cloned()
                        .collect();
                    let mut others: Vec<&FieldMeta> = fields
                        .iter()
                        .filter(|f| &f.category_id == category && !chosen.contains(&f.id))
                        .collect();
                    others.sort_by_key(|f| f.id.contains(".custom."));
                    for field in others {
                        if chosen.len() >= FIELDS_PER_CATEGORY {
                            break;
                        }
                        chosen.push(field.id.clone());
                    }
                    for id in &chosen {
                        add(id, &mut search_fields);
                    }
                    fields_by_category.insert(category.clone(), chosen);
                }
                Verify::Field(id) => add(id, &mut search_fields),
                Verify::Endpoint(probe) => {
                    probes.insert(*probe);
                }
                Verify::Documents(folder) => {
                    document_folders.insert(folder.clone());
                }
                Verify::Lifecycle(_) | Verify::Unverifiable(_) => {}
            }
        }
        search_fields.truncate(MAX_SEARCH_FIELDS);
        Plan {
            search_fields,
            fields_by_category,
            probes,
            document_folders,
        }
    }
}

fn employee_free_endpoint(probe: Probe) -> Option<Endpoint> {
    let bulk = |table| {
        Some(Endpoint::BulkTable {
            table,
            limit: BULK_SAMPLE,
            cursor: None,
        })
    };
    match probe {
        Probe::WorkHistory => bulk(Table::Work),
        Probe::EmploymentHistory => bulk(Table::Employment),
        Probe::LifecycleHistory => bulk(Table::Lifecycle),
        Probe::SalaryHistory => bulk(Table::Salaries),
        Probe::WhosOut => Some(Endpoint::OutToday),
        Probe::TimeOffSettings => Some(Endpoint::TimeOffPolicyTypes),
        Probe::BankAccounts | Probe::TimeOffBalance => None,
    }
}

fn employee_endpoint(
    probe: Probe,
    employee_id: &str,
    earlier: &HashMap<Probe, Result<RawResponse, HibobError>>,
) -> Option<Endpoint> {
    match probe {
        Probe::BankAccounts => Some(Endpoint::BankAccounts(employee_id.to_string())),
        Probe::TimeOffBalance => {
            // HiBob wants a policy type name; take the tenant's first if the settings probe could
            // read them, else the most common default.
            let policy_type = earlier
                .get(&Probe::TimeOffSettings)
                .and_then(|r| r.as_ref().ok())
                .and_then(|r| {
                    r.value
                        .get("policyTypes")?
                        .as_array()?
                        .first()?
                        .as_str()
                        .map(String::from)
                })
                .unwrap_or_else(|| "Holiday".to_string());
            Some(Endpoint::TimeOffBalance {
                employee_id: employee_id.to_string(),
                policy_type,
                date: today_iso(),
            })
        }
        _ => None,
    }
}

fn today_iso() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
        / 86_400;
    crate::dates::iso_from_days(days as i64)
}

/// The employees as the service user sees them.
struct CompanyView<'a> {
    employees: &'a [Employee],
    active: Option<usize>,
    statuses: Vec<Option<LifecycleStatus>>,
}

impl<'a> CompanyView<'a> {
    fn new(employees: &'a [Employee], active: Option<usize>) -> Self {
        let statuses = employees
            .iter()
            .map(|e| {
                e.field("internal.lifecycleStatus")
                    .as_str()
                    .and_then(LifecycleStatus::parse_hibob)
                    .or_else(|| {
                        e.human_readable("internal.lifecycleStatus")
                            .and_then(Value::as_str)
                            .and_then(LifecycleStatus::parse_hibob)
                    })
            })
            .collect();
        Self {
            employees,
            active,
            statuses,
        }
    }

    fn visible(&self) -> usize {
        self.employees.len()
    }

    fn statuses_readable(&self) -> bool {
        self.employees
            .iter()
            .any(|e| !matches!(e.field("internal.lifecycleStatus"), FieldValue::Absent))
    }

    fn count(&self, status: LifecycleStatus) -> usize {
        self.statuses.iter().filter(|s| **s == Some(status)).count()
    }

    fn inactive(&self) -> Option<usize> {
        self.active
            .map(|active| self.visible().saturating_sub(active))
    }

    /// Employees to run per-employee probes against: employed people first.
    fn sample_ids(&self, n: usize) -> Vec<String> {
        let mut order: Vec<usize> = (0..self.employees.len()).collect();
        order.sort_by_key(|&i| self.statuses[i] != Some(LifecycleStatus::Employed));
        order
            .into_iter()
            .filter_map(|i| self.employees[i].id().map(String::from))
            .take(n)
            .collect()
    }

    fn start_dates(&self) -> HashMap<&str, &str> {
        self.employees
            .iter()
            .filter_map(|e| Some((e.id()?, e.field("work.startDate").as_str()?)))
            .collect()
    }

    fn coverage(&self, required: &BTreeSet<LifecycleStatus>) -> LifecycleCoverage {
        let readable = self.statuses_readable();
        let mut counts = BTreeMap::new();
        if readable {
            for status in self.statuses.iter().flatten() {
                *counts.entry(*status).or_insert(0) += 1;
            }
        }
        let mut warnings = Vec::new();
        if self.visible() == 0 {
            warnings.push(
                "No employee is visible to the service user. Add it to a permission group and choose whose data the group \
                 may see (People's data › Access data for)."
                    .to_string(),
            );
        } else if readable {
            for status in required {
                if counts.get(status).copied().unwrap_or(0) == 0 {
                    warnings.push(format!(
                        "No visible employee is {}: the Lifecycle status condition may leave them out.",
                        status.display_name()
                    ));
                }
            }
        } else {
            warnings.push(
                "Lifecycle statuses cannot be read without “View selected employees’ Lifecycle sections”, so leavers and \
                 future starters cannot be told apart."
                    .to_string(),
            );
            if self.inactive() == Some(0)
                && (required.contains(&LifecycleStatus::Terminated)
                    || required.contains(&LifecycleStatus::Hired))
            {
                warnings.push(
                    "No inactive employee (leaver or future starter) is visible, even with inactive people included."
                        .to_string(),
                );
            }
        }
        LifecycleCoverage {
            visible: self.visible(),
            active: self.active,
            statuses_readable: readable,
            counts,
            warnings,
        }
    }
}

impl LifecycleCoverage {
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

/// Everything HiBob answered, and the judgement of each permission from it.
struct Evidence<'a> {
    view: &'a CompanyView<'a>,
    fields: &'a [FieldMeta],
    plan: &'a Plan,
    probes: &'a HashMap<Probe, Result<RawResponse, HibobError>>,
    documents: &'a [Result<RawResponse, HibobError>],
}

impl Evidence<'_> {
    fn check(&self, permission: &Permission, why: &str) -> Check {
        let (status, evidence) = self.judge(permission);
        Check {
            permission: permission.id.clone(),
            label: permission.label.clone(),
            tab: permission.tab,
            area: permission.area.clone(),
            section: permission.section.clone(),
            status,
            evidence,
            fix: match status {
                CheckStatus::Unverifiable => format!(
                    "Confirm in HiBob that “{}” is ticked. {}",
                    permission.label,
                    permission.fix()
                ),
                _ => permission.fix(),
            },
            fix_step: permission.fix_step(),
            why: why.to_string(),
        }
    }

    fn judge(&self, permission: &Permission) -> (CheckStatus, String) {
        use CheckStatus::*;
        let n = self.view.visible();
        match &permission.verify {
            Verify::Unverifiable(why) => (Unverifiable, why.clone()),
            Verify::Fields(category) => {
                let requested = self
                    .plan
                    .fields_by_category
                    .get(category)
                    .cloned()
                    .unwrap_or_default();
                let section = &permission.section;
                let asked = requested
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                self.judge_presence(
                    &requested,
                    format!(
                        "This company's HiBob has no fields in the {section} section, so HiBob cannot show whether it \
                         is granted."
                    ),
                    |returning| format!("{returning} of {n} employees returned {section} fields."),
                    format!("0 of {n} employees returned any {section} field (asked for {asked})."),
                )
            }
            Verify::Field(field) => {
                let known = self.fields.iter().any(|f| &f.id == field);
                let requested = if known {
                    vec![field.clone()]
                } else {
                    Vec::new()
                };
                self.judge_presence(
                    &requested,
                    format!("This company's HiBob has no field {field}, so it cannot be checked."),
                    |returning| format!("{field} came back for {returning} of {n} employees."),
                    format!("HiBob left {field} out for all {n} employees."),
                )
            }
            Verify::Endpoint(probe) => self.judge_probe(*probe),
            Verify::Documents(folder) => self.judge_documents(folder, &permission.section),
            Verify::Lifecycle(status) => self.judge_lifecycle(*status),
        }
    }

    /// Granted when any employee comes back with any of `requested` (a value or an explicit
    /// null: both mean HiBob let the field through); missing when none does.
    fn judge_presence(
        &self,
        requested: &[String],
        nothing_to_ask: String,
        granted: impl Fn(usize) -> String,
        missing: String,
    ) -> (CheckStatus, String) {
        if requested.is_empty() {
            return (CheckStatus::Unverifiable, nothing_to_ask);
        }
        if self.view.visible() == 0 {
            return (CheckStatus::Unverifiable, nobody_visible());
        }
        let returning = self
            .view
            .employees
            .iter()
            .filter(|e| {
                requested
                    .iter()
                    .any(|f| !matches!(e.field(f), FieldValue::Absent))
            })
            .count();
        if returning > 0 {
            (CheckStatus::Granted, granted(returning))
        } else {
            (CheckStatus::Missing, missing)
        }
    }

    fn judge_probe(&self, probe: Probe) -> (CheckStatus, String) {
        use CheckStatus::*;
        let Some(result) = self.probes.get(&probe) else {
            return (
                Unverifiable,
                if self.view.visible() == 0 {
                    nobody_visible()
                } else {
                    "This check could not be run.".to_string()
                },
            );
        };
        let response = match result {
            Err(HibobError::Forbidden { endpoint }) => {
                return (
                    Missing,
                    format!("HiBob answered 403 Forbidden to {endpoint}."),
                )
            }
            Err(error) => {
                return (
                    Unverifiable,
                    format!("Could not check: {}", error.message()),
                )
            }
            Ok(response) => response,
        };
        match probe {
            Probe::WorkHistory | Probe::EmploymentHistory => self.judge_history(probe, response),
            _ => (
                Granted,
                format!("HiBob answered {} with data.", probe_label(probe)),
            ),
        }
    }

    /// With only the "sections" permission HiBob returns the current row of the work and
    /// employment tables; with "section histories" every row. A single row that starts after the
    /// employee's start date proves earlier rows were withheld.
    fn judge_history(&self, probe: Probe, response: &RawResponse) -> (CheckStatus, String) {
        use CheckStatus::*;
        let page: BulkPage = match serde_json::from_value(response.value.clone()) {
            Ok(page) => page,
            Err(_) => {
                return (
                    Unverifiable,
                    "HiBob's answer did not have the expected shape.".into(),
                )
            }
        };
        let with_history = page.results.iter().filter(|r| r.values.len() > 1).count();
        let sampled = page.results.len();
        if with_history > 0 {
            return (
                Granted,
                format!("{with_history} of {sampled} sampled employees came back with past rows."),
            );
        }
        let start_dates = self.view.start_dates();
        let cut = page
            .results
            .iter()
            .filter(|r| {
                let first = r
                    .values
                    .first()
                    .and_then(|row| row.get("effectiveDate"))
                    .and_then(Value::as_str);
                match (first, start_dates.get(r.employee_id.as_str())) {
                    (Some(effective), Some(start)) => effective > *start,
                    _ => false,
                }
            })
            .count();
        let table = if probe == Probe::WorkHistory {
            "work"
        } else {
            "employment"
        };
        if cut > 0 {
            (
                Missing,
                format!(
                    "Only the current {table} row came back, and for {cut} of {sampled} sampled employees it starts after \
                     their start date: the earlier rows are withheld."
                ),
            )
        } else {
            (
                Unverifiable,
                format!(
                    "Each of the {sampled} sampled employees has a single {table} row starting on their start date, so \
                     there is no history to show either way."
                ),
            )
        }
    }

    fn judge_documents(&self, folder: &str, section: &str) -> (CheckStatus, String) {
        use CheckStatus::*;
        if self.documents.is_empty() {
            return (Unverifiable, nobody_visible());
        }
        if let Some(Err(HibobError::Forbidden { endpoint })) = self
            .documents
            .iter()
            .find(|r| matches!(r, Err(HibobError::Forbidden { .. })))
        {
            return (
                Missing,
                format!("HiBob answered 403 Forbidden to {endpoint}."),
            );
        }
        let docs: Vec<&Value> = self
            .documents
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .filter_map(|r| r.value.get("documents")?.as_array())
            .flatten()
            .collect();
        // HiBob's documented shape has no folder attribute (reference §5, uncertain); when the
        // answer does carry one it settles the question per folder.
        let folder_of = |doc: &&Value| {
            doc.get("folder")
                .and_then(Value::as_str)
                .map(|f| f.to_lowercase())
        };
        let wanted = folder.to_lowercase();
        let matching = docs
            .iter()
            .filter(|d| folder_of(d).is_some_and(|f| f == wanted || f.starts_with(&wanted)))
            .count();
        let sampled = self.documents.len();
        if matching > 0 {
            (
                Granted,
                format!("{matching} documents from {section} came back for {sampled} sampled employees."),
            )
        } else if docs.iter().all(|d| folder_of(d).is_none()) && !docs.is_empty() {
            (
                Unverifiable,
                "HiBob returned documents without saying which folder they are in.".into(),
            )
        } else {
            (
                Unverifiable,
                format!(
                    "No document from {section} came back for {sampled} sampled employees; they may have none there."
                ),
            )
        }
    }

    fn judge_lifecycle(&self, status: LifecycleStatus) -> (CheckStatus, String) {
        use CheckStatus::*;
        let n = self.view.visible();
        let name = status.display_name();
        if n == 0 {
            return (
                Missing,
                "No employee is visible at all, so nobody with this status is either.".into(),
            );
        }
        // Leavers accumulate and everyone else starts as employed, so their absence is telling;
        // the other statuses can legitimately be empty on any given day.
        let absence_is_telling = matches!(
            status,
            LifecycleStatus::Employed | LifecycleStatus::Terminated
        );
        if self.view.statuses_readable() {
            let count = self.view.count(status);
            return if count > 0 {
                (
                    Granted,
                    format!("{count} of {n} visible employees are {name}."),
                )
            } else if absence_is_telling {
                (
                    Missing,
                    format!(
                        "None of the {n} visible employees is {name}. Unless nobody is {}, the condition leaves them out.",
                        name.to_lowercase()
                    ),
                )
            } else {
                (
                    Unverifiable,
                    format!(
                        "None of the {n} visible employees is {name}: either the condition leaves them out or nobody is \
                         {} right now.",
                        name.to_lowercase()
                    ),
                )
            };
        }
        // Without the Lifecycle permission, only active vs inactive can be counted: that speaks to
        // employed (active), and to leavers and future starters (inactive).
        let unreadable = || {
            (
                Unverifiable,
                "Lifecycle statuses cannot be read without the Lifecycle permission.".to_string(),
            )
        };
        match status {
            LifecycleStatus::Employed => match self.view.active {
                Some(active) if active > 0 => (Granted, format!("{active} active employees are visible.")),
                _ => unreadable(),
            },
            LifecycleStatus::Terminated | LifecycleStatus::Hired => match self.view.inactive() {
                Some(0) if status == LifecycleStatus::Terminated => (
                    Missing,
                    format!(
                        "None of the {n} visible employees is inactive, even with inactive people included, so no \
                         leaver is visible."
                    ),
                ),
                Some(inactive) if inactive > 0 => (
                    Unverifiable,
                    format!(
                        "{inactive} inactive employees are visible, but whether they are leavers or future starters \
                         cannot be read without the Lifecycle permission."
                    ),
                ),
                _ => unreadable(),
            },
            _ => unreadable(),
        }
    }

    /// Fields the profile maps that are empty for some employees (data, not permissions), or
    /// unknown to the tenant.
    fn data_quality(&self, profile: &Profile) -> Vec<String> {
        let n = self.view.visible();
        let mut notes = Vec::new();
        for mapping in &profile.mapping {
            let Some(meta) = self.fields.iter().find(|f| f.id == mapping.source) else {
                notes.push(format!(
                    "The field {} (for {}) does not exist in this company's HiBob; check the profile.",
                    mapping.source, mapping.target
                ));
                continue;
            };
            if n == 0 {
                continue;
            }
            let states: Vec<FieldValue> = self
                .view
                .employees
                .iter()
                .map(|e| e.field(&mapping.source))
                .collect();
            let absent = states
                .iter()
                .filter(|s| matches!(s, FieldValue::Absent))
                .count();
            let empty = states
                .iter()
                .filter(|s| matches!(s, FieldValue::Empty))
                .count();
            if absent == n {
                notes.push(format!(
                    "{} ({}) came back for no employee: the {} section is withheld from the service user.",
                    mapping.source, mapping.target, meta.category_display_name
                ));
            } else if empty > 0 && mapping.required {
                notes.push(format!(
                    "{} ({}) is empty for {empty} of {n} employees. That is missing data in HiBob, not a missing \
                     permission.",
                    mapping.source, mapping.target
                ));
            }
        }
        notes
    }
}

fn nobody_visible() -> String {
    "No employee is visible to the service user, so this cannot be checked until it may see someone.".into()
}

fn probe_label(probe: Probe) -> String {
    employee_free_endpoint(probe)
        .map(|e| e.label())
        .unwrap_or_else(|| match probe {
            Probe::BankAccounts => "GET /people/{id}/bank-accounts".into(),
            _ => "GET /timeoff/employees/{id}/balance".into(),
        })
}
