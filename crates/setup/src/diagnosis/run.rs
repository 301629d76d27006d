//! One diagnosis run: the requests to HiBob, and the result they lead to however far they get.
//!
//! Round trips on the critical path, at most three:
//! 1. `GET /company/people/fields` — needs no permission, so it checks the credentials alone and
//!    tells which permission category each field belongs to in this tenant.
//! 2. In parallel: one people search with every field the checks need (inactive people included),
//!    one with active people only (to count inactive people even without the Lifecycle
//!    permission), and every probe that needs no employee ID (bulk tables, time off).
//! 3. In parallel: the probes that need an employee ID (bank accounts, documents, balances).

use std::collections::HashMap;
use std::future::Future;
use std::time::Instant;

use hibob::{
    Client, Endpoint, Environment, FieldMeta, HibobError, HumanReadable, PeopleSearch,
    PeopleSearchResult, RawResponse, RestrictedColumns, Table,
};
use tokio::task::{JoinHandle, JoinSet};

use super::auth::{accepted, auth_failure, credentials_withdrawn};
use super::company::{CompanyView, People};
use super::judge::{refused_by_not_found, Evidence, RestrictedField};
use super::plan::{employee_endpoint, employee_free_endpoint, table_sample, Asked, Plan};
use super::{AuthOutcome, AuthStatus, Check, CheckStatus, Diagnosis, DiagnosisStats, FieldAccess};
use super::{LifecycleCoverage, Verdict};
use crate::catalog::{Catalog, Probe, Verify, LIFECYCLE_FIELD};
use crate::credentials::CredentialReview;
use crate::dates::millis;
use crate::profile::Profile;

/// Employees whose documents are read to find each folder.
const DOCUMENT_SAMPLE: usize = 3;

/// What HiBob answered to each probe.
type Answers = HashMap<Probe, Result<RawResponse, HibobError>>;

/// What HiBob answered to the sample reads of tables no probe reads.
type TableAnswers = HashMap<Table, Result<RawResponse, HibobError>>;

/// Fields every HiBob company has (docs/hibob-api.md §2.7): a field list without one of them is
/// not the whole list, and a check against it proves little.
const FIELDS_EVERY_COMPANY_HAS: [&str; 5] = [
    "root.id",
    "root.email",
    "root.displayName",
    "work.startDate",
    LIFECYCLE_FIELD,
];

/// Runs the whole diagnosis. Never fails: every problem becomes part of the result.
pub async fn diagnose(
    client: &Client,
    environment: &Environment,
    review: &CredentialReview,
    profile: &Profile,
    catalog: &Catalog,
) -> Diagnosis {
    let catalog = &*profile.catalog(catalog);
    let mut run = Run::start(profile, environment, review.cleaned.clone());

    // Round 1: credentials, and the tenant's field metadata.
    run.round_trips += 1;
    let fields = match run.send(client.fields_metadata()).await {
        Ok(fields) => fields,
        Err(error) => {
            let auth = auth_failure(&error, review, environment);
            let verdict = if auth.status == AuthStatus::Rejected {
                Verdict::CredentialsRejected
            } else {
                Verdict::Unreachable
            };
            return run.stop(verdict, auth);
        }
    };
    let plan = Plan::new(profile, catalog, &fields);

    // Round 2: the searches and the probes that need no employee.
    run.round_trips += 1;
    let (everyone, active_only, mut answers, table_answers) =
        run.ask_without_employees(client, &plan).await;
    let people = match everyone {
        Ok(found) => found.employees,
        Err(HibobError::Forbidden { .. }) => {
            // Whether HiBob answers 403 or an empty list to a service user without People's data
            // access is uncertain (docs/hibob-api.md §14 Q3); both mean nobody is visible.
            run.warnings.push(
                "HiBob refused to list employees: the service user's group has no People's data access.".into(),
            );
            People::new(&plan.search_fields)
        }
        Err(error) => {
            let (verdict, auth) = if error == HibobError::InvalidCredentials {
                (Verdict::CredentialsRejected, credentials_withdrawn())
            } else {
                // Credentials worked but HiBob stopped answering (rate limit, outage, network).
                let mut auth = accepted();
                auth.error = Some((&error).into());
                (Verdict::Unreachable, auth)
            };
            return run.stop(verdict, auth);
        }
    };
    let active = active_only.ok().map(|found| found.employees.0);
    let view = CompanyView::new(people, active);

    // Round 3: probes that need an employee to ask about.
    let documents = run
        .ask_about_employees(client, &plan, &view, &mut answers)
        .await;

    // A 401 after the first answer means the credentials were withdrawn while the check ran; the
    // checks that got one could not be judged, so none are shown as if they were.
    let withdrawn = answers
        .values()
        .chain(&documents)
        .chain(table_answers.values())
        .any(|result| matches!(result, Err(HibobError::InvalidCredentials)));
    if withdrawn {
        return run.stop(Verdict::CredentialsRejected, credentials_withdrawn());
    }

    let withheld = withheld_columns(&answers, &table_answers);
    let restricted = restricted_fields(&withheld);
    let evidence = Evidence {
        view: &view,
        fields: &fields,
        plan: &plan,
        probes: &answers,
        documents: &documents,
        restricted: &restricted,
        field_level: withheld
            .values()
            .any(RestrictedColumns::shows_field_level_permissions),
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
    for (probe, result) in &answers {
        if let Err(error) = result {
            // A refusal is the check's answer, not a check left incomplete.
            let refused = matches!(error, HibobError::Forbidden { .. })
                || (matches!(error, HibobError::NotFound { .. }) && refused_by_not_found(*probe));
            if !refused {
                run.warnings.push(format!(
                    "One check could not be completed ({probe:?}): {} {}",
                    error.message(),
                    error.hint()
                ));
            }
        }
    }
    run.warnings.extend(evidence.data_quality(profile));
    let lifecycle = view.coverage(&profile.required_statuses(catalog));
    let incomplete_fields = fields_every_company_has_missing(&fields);
    if !incomplete_fields.is_empty() {
        run.warnings.push(format!(
            "HiBob's field list lacks {}, which every HiBob company has: the list looks incomplete, so this test \
             cannot vouch for the fields it does not show.",
            crate::wording::list_of(incomplete_fields.iter().map(|f| f.to_string()))
        ));
    }
    let verdict = verdict_of(&checks, catalog, !incomplete_fields.is_empty());
    let mut diagnosis = run.finish(verdict, accepted(), checks, lifecycle);
    diagnosis.field_level_permissions = evidence.field_level;
    diagnosis.company_fields = fields;
    diagnosis
}

/// "Ready" only when the profile's data was seen: nothing missing, at least one data check
/// granted on evidence, and a field list that looks whole.
fn verdict_of(checks: &[Check], catalog: &Catalog, incomplete_fields: bool) -> Verdict {
    if checks.iter().any(|c| c.status == CheckStatus::Missing) {
        return Verdict::PermissionsMissing;
    }
    let data_checks: Vec<&Check> = checks
        .iter()
        .filter(|c| {
            catalog.get(&c.permission).is_some_and(|p| {
                !matches!(p.verify, Verify::Unverifiable(_) | Verify::Lifecycle(_))
            })
        })
        .collect();
    let nothing_seen =
        !data_checks.is_empty() && data_checks.iter().all(|c| c.status != CheckStatus::Granted);
    if incomplete_fields || nothing_seen {
        Verdict::Unverified
    } else {
        Verdict::Ready
    }
}

fn fields_every_company_has_missing(fields: &[FieldMeta]) -> Vec<&'static str> {
    FIELDS_EVERY_COMPANY_HAS
        .into_iter()
        .filter(|id| !fields.iter().any(|f| f.id == *id))
        .collect()
}

/// What each table answer withheld, per table: from the history probes and the sample reads.
fn withheld_columns(answers: &Answers, tables: &TableAnswers) -> HashMap<Table, RestrictedColumns> {
    let mut withheld: HashMap<Table, RestrictedColumns> = HashMap::new();
    let probed = answers.iter().filter_map(|(probe, result)| {
        let table = match probe {
            Probe::WorkHistory => Table::Work,
            Probe::EmploymentHistory => Table::Employment,
            Probe::LifecycleHistory => Table::Lifecycle,
            Probe::SalaryHistory => Table::Salaries,
            _ => return None,
        };
        Some((table, result))
    });
    let sampled = tables.iter().map(|(table, result)| (*table, result));
    for (table, result) in probed.chain(sampled) {
        if let Ok(response) = result {
            withheld
                .entry(table)
                .or_default()
                .merge(&response.restricted_columns);
        }
    }
    withheld
}

/// The withheld columns as the fields they stand for, in a stable order.
fn restricted_fields(withheld: &HashMap<Table, RestrictedColumns>) -> Vec<RestrictedField> {
    let mut restricted = Vec::new();
    for (table, columns) in withheld {
        for (column, history_only) in columns.columns() {
            restricted.push(RestrictedField {
                field_id: table.field_id_for_column(column),
                table: *table,
                access: if history_only {
                    FieldAccess::ViewHistory
                } else {
                    FieldAccess::View
                },
            });
        }
    }
    restricted.sort_by(|a, b| a.field_id.cmp(&b.field_id));
    restricted
}

/// A diagnosis under way: what its result needs however far it gets, so that stopping early is
/// one call and every request is counted where it is sent.
struct Run<'a> {
    profile: &'a Profile,
    environment: &'a Environment,
    warnings: Vec<String>,
    started: Instant,
    requests: usize,
    round_trips: usize,
}

impl<'a> Run<'a> {
    fn start(profile: &'a Profile, environment: &'a Environment, warnings: Vec<String>) -> Self {
        Run {
            profile,
            environment,
            warnings,
            started: Instant::now(),
            requests: 0,
            round_trips: 0,
        }
    }

    /// Counts one request to HiBob and hands it back, to be awaited or spawned. Every request
    /// goes through here, so the stats match what HiBob saw.
    fn send<F: Future>(&mut self, request: F) -> F {
        self.requests += 1;
        request
    }

    /// The people searches and the probes that need no employee ID, all at once.
    async fn ask_without_employees(
        &mut self,
        client: &Client,
        plan: &Plan,
    ) -> (Searched<People>, Searched<Counted>, Answers, TableAnswers) {
        // Each employee is read into what the checks need as the answer arrives.
        let everyone = {
            let client = client.clone();
            let fields = plan.search_fields.clone();
            // Display values only to read a lifecycle status whose machine value is not one
            // we know (docs/hibob-api.md §4); the others are skipped as they arrive.
            let search = PeopleSearch::fields(plan.search_fields.iter().cloned())
                .show_inactive(true)
                .human_readable(HumanReadable::Append)
                .display_values_only_for([LIFECYCLE_FIELD]);
            self.spawn(async move {
                client
                    .search_people_into(&search, || People::new(&fields))
                    .await
            })
        };
        // Only counted: how many of them are active.
        let active_only = {
            let client = client.clone();
            self.spawn(async move {
                client
                    .search_people_into(&PeopleSearch::fields(["root.id"]), || Counted(0))
                    .await
            })
        };
        let mut probes = JoinSet::new();
        for probe in &plan.probes {
            if let Some(endpoint) = employee_free_endpoint(*probe) {
                let client = client.clone();
                let probe = *probe;
                probes.spawn(
                    self.send(async move { (probe, client.call_raw(&endpoint, None).await) }),
                );
            }
        }
        // Sample pages of the tables whose columns the searched fields are, unless a history
        // probe reads that table already.
        let probed: Vec<Endpoint> = plan
            .probes
            .iter()
            .filter_map(|p| employee_free_endpoint(*p))
            .collect();
        let mut samples = JoinSet::new();
        for table in &plan.field_tables {
            let endpoint = table_sample(*table);
            if probed.contains(&endpoint) {
                continue;
            }
            let client = client.clone();
            let table = *table;
            samples
                .spawn(self.send(async move { (table, client.call_raw(&endpoint, None).await) }));
        }
        let everyone = joined(everyone.await);
        let active_only = joined(active_only.await);
        let mut answers = Answers::new();
        while let Some(done) = probes.join_next().await {
            if let Ok((probe, result)) = done {
                answers.insert(probe, result);
            }
        }
        let mut tables = TableAnswers::new();
        while let Some(Ok((table, result))) = samples.join_next().await {
            tables.insert(table, result);
        }
        (everyone, active_only, answers, tables)
    }

    /// The probes that need an employee ID, asked about the first sampled employee, and the
    /// documents of every sampled one. Adds the probes' answers; returns the documents'.
    async fn ask_about_employees(
        &mut self,
        client: &Client,
        plan: &Plan,
        view: &CompanyView,
        answers: &mut Answers,
    ) -> Vec<Result<RawResponse, HibobError>> {
        let sample = view.sample_ids(DOCUMENT_SAMPLE);
        let mut per_employee = JoinSet::new();
        let mut ask = |asked: Asked, endpoint: Endpoint| {
            let client = client.clone();
            per_employee
                .spawn(self.send(async move { (asked, client.call_raw(&endpoint, None).await) }));
        };
        if let Some(first) = sample.first() {
            for probe in &plan.probes {
                if let Some(endpoint) = employee_endpoint(*probe, first, answers) {
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
            self.round_trips += 1;
        }
        let mut documents = Vec::new();
        while let Some(Ok((asked, result))) = per_employee.join_next().await {
            match asked {
                Asked::Probe(probe) => {
                    answers.insert(probe, result);
                }
                Asked::Documents => documents.push(result),
            }
        }
        documents
    }

    /// Sends one request on its own task.
    fn spawn<T: Send + 'static>(
        &mut self,
        request: impl Future<Output = T> + Send + 'static,
    ) -> JoinHandle<T> {
        tokio::spawn(self.send(request))
    }

    /// A diagnosis that stopped before any permission could be checked.
    fn stop(self, verdict: Verdict, auth: AuthOutcome) -> Diagnosis {
        self.finish(verdict, auth, Vec::new(), LifecycleCoverage::empty())
    }

    fn finish(
        self,
        verdict: Verdict,
        auth: AuthOutcome,
        checks: Vec<Check>,
        lifecycle: LifecycleCoverage,
    ) -> Diagnosis {
        Diagnosis {
            verdict,
            profile: self.profile.id.clone(),
            environment: self.environment.label(),
            auth,
            checks,
            field_level_permissions: false,
            lifecycle,
            warnings: self.warnings,
            company_fields: Vec::new(),
            stats: DiagnosisStats {
                requests: self.requests,
                round_trips: self.round_trips,
                elapsed_ms: millis(self.started.elapsed()),
            },
        }
    }
}

/// What a people search came back with.
type Searched<T> = Result<PeopleSearchResult<T>, HibobError>;

/// Counts the employees of a search, keeping none of them.
struct Counted(usize);

impl hibob::EmployeeSink for Counted {
    type Output = Counted;
    const KEEPS_EMPLOYEES: bool = false;

    fn take(&mut self, _: hibob::Employee) {
        self.0 += 1;
    }

    fn finish(self) -> Counted {
        self
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
