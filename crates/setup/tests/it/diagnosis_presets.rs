//! Test connection against the simulated tenant, one test per situation admins actually hit:
//! the exact set of missing permissions and the advice given.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use hibob::{Client, ClientConfig, Environment, RetryPolicy};
use hibob_sim::{Preset, SimConfig, SimServer};
use setup::catalog::FixStep;
use setup::diagnosis::AuthStatus;
use setup::{diagnose, review, Catalog, CheckStatus, Diagnosis, Profile, Verdict};
use test_support::started;

async fn check_with(sim: &SimServer, profile: &str, id: &str, token: &str) -> Diagnosis {
    let catalog = Catalog::builtin().unwrap();
    let profile = Profile::builtin(profile, &catalog).unwrap();
    test_connection_as(sim, &profile, &catalog, id, token).await
}

/// Test connection with `profile` as the service user `id`, quick retries.
pub(crate) async fn test_connection_as(
    sim: &SimServer,
    profile: &Profile,
    catalog: &Catalog,
    id: &str,
    token: &str,
) -> Diagnosis {
    let environment: Environment = sim.base_url().parse().unwrap();
    let credentials = review(id, token).unwrap();
    let config = ClientConfig {
        retry: RetryPolicy {
            base_delay: Duration::from_millis(10),
            ..RetryPolicy::default()
        },
        ..ClientConfig::default()
    };
    let client =
        Client::with_config(&environment, credentials.credentials.clone(), config).unwrap();
    diagnose(&client, &environment, &credentials, profile, catalog).await
}

async fn check(sim: &SimServer, profile: &str) -> Diagnosis {
    check_with(sim, profile, &sim.service_user_id(), &sim.token()).await
}

fn with_status(diagnosis: &Diagnosis, status: CheckStatus) -> BTreeSet<&str> {
    diagnosis
        .checks
        .iter()
        .filter(|c| c.status == status)
        .map(|c| c.permission.as_str())
        .collect()
}

fn missing(diagnosis: &Diagnosis) -> BTreeSet<&str> {
    with_status(diagnosis, CheckStatus::Missing)
}

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

#[tokio::test]
async fn everything_granted_is_ready() {
    let sim = started(SimConfig::preset(Preset::Full).employees(120)).await;
    for profile in ["directory", "hr-core", "unified"] {
        let diagnosis = check(&sim, profile).await;
        assert_eq!(diagnosis.auth.status, AuthStatus::Accepted);
        assert_eq!(missing(&diagnosis), set(&[]), "{profile}");
        assert_eq!(diagnosis.verdict, Verdict::Ready, "{profile}");
    }
    let diagnosis = check(&sim, "hr-core").await;
    let granted = with_status(&diagnosis, CheckStatus::Granted);
    for verified in [
        "people.work.history",
        "people.payroll.history",
        "people.financial.view",
        "people.personal.edit",
        "timeoff.balance.view",
        "access.lifecycle.terminated",
    ] {
        assert!(
            granted.contains(verified),
            "{verified} should be granted with evidence"
        );
    }
    // Edit and upload permissions are never claimed, only left to confirm.
    let unverifiable = with_status(&diagnosis, CheckStatus::Unverifiable);
    assert!(unverifiable.contains("docs.shared.upload"));
    assert!(unverifiable.contains("people.identification.edit"));
    // HiBob's answer names no folder, so a folder's documents are never claimed either.
    let shared = diagnosis
        .checks
        .iter()
        .find(|c| c.permission == "docs.shared.view")
        .unwrap();
    assert_eq!(shared.status, CheckStatus::Unverifiable);
    assert_eq!(
        shared.evidence,
        "HiBob returned documents without saying which folder they are in."
    );
}

#[tokio::test]
async fn service_user_in_no_group_sees_nobody() {
    let sim = started(SimConfig::preset(Preset::NoGroup).employees(120)).await;
    let diagnosis = check(&sim, "directory").await;
    assert_eq!(diagnosis.auth.status, AuthStatus::Accepted);
    assert_eq!(diagnosis.lifecycle.visible, 0);
    assert!(diagnosis.lifecycle.warnings[0].contains("No employee is visible"));
    assert_eq!(
        missing(&diagnosis),
        set(&[
            "access.lifecycle.employed",
            "access.lifecycle.garden_leave",
            "access.lifecycle.hired",
            "access.lifecycle.leave",
            "access.lifecycle.parental_leave",
            "access.lifecycle.terminated",
        ])
    );
    // Field permissions cannot be judged while nobody is visible: not claimed either way.
    assert_eq!(
        with_status(&diagnosis, CheckStatus::Unverifiable),
        set(&[
            "people.lifecycle.view",
            "people.root.view",
            "people.work.view"
        ])
    );
    assert!(diagnosis
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Missing)
        .all(|c| c.fix_step == FixStep::WhoseData && c.fix.contains("Access data for")));
    assert_eq!(diagnosis.verdict, Verdict::PermissionsMissing);
}

#[tokio::test]
async fn base_sections_only() {
    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(120)).await;
    let diagnosis = check(&sim, "hr-core").await;
    assert_eq!(
        missing(&diagnosis),
        set(&[
            "docs.shared.view",
            "features.timeoff.settings",
            "people.about.view",
            "people.address.view",
            "people.employment.history",
            "people.financial.view",
            "people.home.view",
            "people.identification.view",
            "people.payroll.history",
            "people.payroll.view",
            "people.personal.edit",
            "people.personal.view",
            "people.personalContact.view",
            "people.userData.view",
            "people.work.history",
            "timeoff.balance.view",
            "timeoff.whos_out.view",
        ])
    );
    let payroll = diagnosis
        .checks
        .iter()
        .find(|c| c.permission == "people.payroll.view")
        .unwrap();
    assert!(
        payroll
            .evidence
            .starts_with("HiBob left out every Payroll field for all 120 employees"),
        "{}",
        payroll.evidence
    );
    assert!(payroll
        .fix
        .contains("“View selected employees’ Payroll sections”"));
    let history = diagnosis
        .checks
        .iter()
        .find(|c| c.permission == "people.work.history")
        .unwrap();
    assert!(
        history.evidence.contains("earlier rows are withheld"),
        "{}",
        history.evidence
    );
}

#[tokio::test]
async fn work_and_payroll_histories_missing() {
    let sim = started(SimConfig::preset(Preset::NoHistory).employees(120)).await;
    let diagnosis = check(&sim, "hr-core").await;
    assert_eq!(
        missing(&diagnosis),
        set(&[
            "people.employment.history",
            "people.payroll.history",
            "people.work.history",
        ])
    );
    let salaries = diagnosis
        .checks
        .iter()
        .find(|c| c.permission == "people.payroll.history")
        .unwrap();
    assert_eq!(
        salaries.evidence,
        "HiBob answered 403 Forbidden to GET /bulk/people/salaries."
    );
    assert!(salaries
        .fix
        .contains("“View selected employees’ Payroll section histories”"));
}

#[tokio::test]
async fn financial_sections_missing() {
    let sim = started(SimConfig::preset(Preset::NoFinancial).employees(120)).await;
    let diagnosis = check(&sim, "hr-core").await;
    assert_eq!(
        missing(&diagnosis),
        set(&[
            "people.financial.view",
            "people.payroll.history",
            "people.payroll.view",
        ])
    );
}

#[tokio::test]
async fn lifecycle_condition_without_terminated() {
    let sim = started(SimConfig::preset(Preset::NoTerminated).employees(120)).await;
    let diagnosis = check(&sim, "directory").await;
    assert_eq!(missing(&diagnosis), set(&["access.lifecycle.terminated"]));
    let terminated = diagnosis
        .checks
        .iter()
        .find(|c| c.permission == "access.lifecycle.terminated")
        .unwrap();
    assert_eq!(terminated.fix_step, FixStep::WhoseData);
    assert!(
        terminated.fix.contains("include “Terminated”"),
        "{}",
        terminated.fix
    );
    assert!(!diagnosis.lifecycle.counts.is_empty());
    assert!(diagnosis
        .lifecycle
        .warnings
        .iter()
        .any(|w| w.contains("Terminated")));
}

#[tokio::test]
async fn legacy_token_is_rejected_with_the_likely_cause() {
    let sim = started(SimConfig::preset(Preset::LegacyToken).employees(120)).await;
    let diagnosis = check(&sim, "directory").await;
    assert_eq!(diagnosis.verdict, Verdict::CredentialsRejected);
    assert_eq!(diagnosis.auth.status, AuthStatus::Rejected);
    assert!(diagnosis.checks.is_empty());
    assert!(
        diagnosis.auth.likely_causes[0].contains("old API token"),
        "{:?}",
        diagnosis.auth.likely_causes
    );
    assert_eq!(
        sim.request_count("GET", "/v1/"),
        1,
        "a rejected login is never retried"
    );
}

#[tokio::test]
async fn swapped_id_and_token_are_named_as_the_cause() {
    let sim = started(SimConfig::preset(Preset::Full).employees(120)).await;
    let diagnosis = check_with(&sim, "directory", &sim.token(), &sim.service_user_id()).await;
    assert_eq!(diagnosis.verdict, Verdict::CredentialsRejected);
    assert!(diagnosis.auth.likely_causes[0].contains("swapped"));
}

#[tokio::test]
async fn quoted_credentials_are_cleaned_and_work() {
    let sim = started(SimConfig::preset(Preset::Full).employees(120)).await;
    let diagnosis = check_with(
        &sim,
        "directory",
        &format!(" {}\n", sim.service_user_id()),
        &format!("\"{}\"", sim.token()),
    )
    .await;
    assert_eq!(diagnosis.verdict, Verdict::Ready);
    assert!(diagnosis
        .warnings
        .iter()
        .any(|w| w.contains("quotes around the token were removed")));
}

#[tokio::test]
async fn demo_tenant_starts_with_permissions_missing() {
    let sim = started(SimConfig::preset(Preset::Demo).employees(120)).await;
    let diagnosis = check(&sim, "directory").await;
    assert_eq!(missing(&diagnosis), set(&["people.lifecycle.view"]));
    // Empty emails are data to fix in HiBob, not a permission.
    assert!(diagnosis
        .warnings
        .iter()
        .any(|w| w.contains("root.email") && w.contains("not a missing permission")));
}

#[tokio::test]
async fn a_permission_granted_at_run_time_turns_granted_on_the_next_check() {
    let sim = started(SimConfig::preset(Preset::NoHistory).employees(120)).await;
    let before = check(&sim, "hr-core").await;
    assert!(missing(&before).contains("people.payroll.history"));

    sim.grant(&sim.service_user_id(), "people.payroll.history")
        .unwrap();
    let after = check(&sim, "hr-core").await;
    assert!(!missing(&after).contains("people.payroll.history"));
    assert!(with_status(&after, CheckStatus::Granted).contains("people.payroll.history"));
    assert_eq!(
        missing(&after),
        set(&["people.employment.history", "people.work.history"])
    );
}

#[tokio::test]
async fn unreachable_hibob_is_its_own_verdict() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let catalog = Catalog::builtin().unwrap();
    let profile = Profile::builtin("directory", &catalog).unwrap();
    let environment: Environment = format!("http://127.0.0.1:{port}").parse().unwrap();
    let credentials = review("SERVICE-1", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5kL7x").unwrap();
    let client = Client::new(&environment, credentials.credentials.clone()).unwrap();
    let diagnosis = diagnose(&client, &environment, &credentials, &profile, &catalog).await;
    assert_eq!(diagnosis.verdict, Verdict::Unreachable);
    assert_eq!(diagnosis.auth.status, AuthStatus::Unreachable);
    assert_eq!(
        diagnosis.auth.error.as_ref().unwrap().kind,
        setup::ErrorKind::ConnectionFailed
    );
}

#[tokio::test]
async fn the_critical_path_is_three_round_trips() {
    let sim = started(SimConfig::preset(Preset::Full).employees(120)).await;
    let diagnosis = check(&sim, "hr-core").await;
    assert!(diagnosis.stats.round_trips <= 3, "{:?}", diagnosis.stats);
    assert_eq!(
        diagnosis.stats.requests,
        sim.requests().len(),
        "the diagnosis counts every request it makes"
    );
}

#[tokio::test]
async fn a_token_withdrawn_during_the_check_is_rejected_not_unreachable() {
    let sim = started(SimConfig::preset(Preset::Full).employees(120)).await;
    let requests_of_a_full_check = check(&sim, "hr-core").await.stats.requests as u32;
    // Withdrawn after the credential check (round 2 fails), then on the very last request (a
    // probe of round 3).
    for accepted in [1, requests_of_a_full_check - 1] {
        sim.set_faults(hibob_sim::Faults {
            unauthorized_after: Some(accepted),
            ..hibob_sim::Faults::default()
        });
        let diagnosis = check(&sim, "hr-core").await;
        assert_eq!(
            diagnosis.verdict,
            Verdict::CredentialsRejected,
            "{accepted}"
        );
        assert_eq!(diagnosis.auth.status, AuthStatus::Rejected);
        assert!(
            diagnosis.auth.message.contains("partway"),
            "{}",
            diagnosis.auth.message
        );
        assert!(diagnosis.auth.likely_causes[0].contains("refreshed"));
        assert!(
            diagnosis.checks.is_empty(),
            "no check is judged on a refused answer"
        );
    }
}

#[tokio::test]
async fn a_field_level_company_gets_each_withheld_field_named_with_where_to_grant_it() {
    let sim = started(SimConfig::preset(Preset::FieldLevel).employees(120)).await;
    let diagnosis = check(&sim, "hr-core").await;
    assert!(diagnosis.field_level_permissions);
    let by_id = |id: &str| {
        diagnosis
            .checks
            .iter()
            .find(|c| c.permission == id)
            .unwrap_or_else(|| panic!("no check {id}"))
    };
    // The work table's department history is withheld, and hr-core reads that table whole.
    let history = by_id("people.work.history");
    assert_eq!(history.status, CheckStatus::Missing, "{}", history.evidence);
    assert!(history
        .evidence
        .contains("the history of Department (Work)"));
    let department = &history.field_fixes[0];
    assert_eq!(department.field, "work.department");
    assert!(department.restricted);
    assert!(department
        .fix
        .contains("People's fields › Work › Department, tick View history"));

    // FTE, weekly hours and pay type are withheld, but hr-core maps none of them: named, not
    // failing the section.
    let employment = by_id("people.employment.view");
    assert_eq!(
        employment.status,
        CheckStatus::Granted,
        "{}",
        employment.evidence
    );
    let named: BTreeSet<&str> = employment
        .field_fixes
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        named,
        set(&[
            "payroll.employment.fte",
            "payroll.employment.salaryPayType",
            "payroll.employment.weeklyHours"
        ])
    );

    // The birth date comes back null for everyone while nationality arrives: never granted.
    let birth_date = by_id("people.personal.edit");
    assert_eq!(birth_date.status, CheckStatus::Unverifiable);
    assert!(
        birth_date.evidence.starts_with(
            "Cannot tell: personal.birthDate came back empty for all 120 employees while other Personal fields \
             have values."
        ),
        "{}",
        birth_date.evidence
    );
    assert_eq!(birth_date.field_fixes[0].field, "personal.birthDate");

    // One personal contact field granted on its own: the section shows values, but the field
    // hr-core maps (the private email) never arrives.
    let contact = by_id("people.personalContact.view");
    assert_eq!(contact.status, CheckStatus::Missing, "{}", contact.evidence);
    assert_eq!(contact.field_fixes[0].field, "home.privateEmail");
    assert_eq!(diagnosis.verdict, Verdict::PermissionsMissing);
}

#[tokio::test]
async fn a_company_without_the_signs_is_not_called_field_level() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let diagnosis = check(&sim, "unified").await;
    assert!(!diagnosis.field_level_permissions);
    assert!(diagnosis.checks.iter().all(|c| c.field_fixes.is_empty()));
}

#[tokio::test]
async fn nothing_seen_is_not_verified_rather_than_ready() {
    // A profile whose only data check can show nothing in this company (no documents folder
    // is ever named): nothing is missing, and nothing was seen.
    let sim = started(SimConfig::preset(Preset::Full).employees(40)).await;
    let catalog = Catalog::builtin().unwrap();
    let profile = Profile::from_toml(
        r#"
id = "docs-only"
name = "Docs only"
description = "Reads the shared folder."
permissions = [ { id = "docs.shared.view", why = "Contracts." } ]
"#,
        "test",
        &catalog,
    )
    .unwrap();
    let environment: Environment = sim.base_url().parse().unwrap();
    let credentials = review(&sim.service_user_id(), &sim.token()).unwrap();
    let client = Client::new(&environment, credentials.credentials.clone()).unwrap();
    let diagnosis = diagnose(&client, &environment, &credentials, &profile, &catalog).await;
    assert_eq!(missing(&diagnosis), set(&[]));
    assert_eq!(diagnosis.verdict, Verdict::Unverified);
}

/// Test connection for a profile written here rather than a built-in one.
async fn check_profile(sim: &SimServer, toml: &str) -> Diagnosis {
    let catalog = Catalog::builtin().unwrap();
    let profile = Profile::from_toml(toml, "test", &catalog).unwrap();
    let environment: Environment = sim.base_url().parse().unwrap();
    let credentials = review(&sim.service_user_id(), &sim.token()).unwrap();
    let client = Client::new(&environment, credentials.credentials.clone()).unwrap();
    diagnose(&client, &environment, &credentials, &profile, &catalog).await
}

const TASKS_AND_REPORTS: &str = r#"
id = "tasks-and-reports"
name = "Tasks and reports"
description = "Reads open tasks and the company's reports."
permissions = [
  { id = "people.root.view", why = "Names." },
  { id = "people.tasks.view", why = "Onboarding tasks." },
  { id = "features.reports.view", why = "Headcount reports." },
]
"#;

#[tokio::test]
async fn tasks_and_reports_are_checked_live() {
    let sim = started(SimConfig::preset(Preset::Full).employees(120)).await;
    let diagnosis = check_profile(&sim, TASKS_AND_REPORTS).await;
    let find = |diagnosis: &Diagnosis, id: &str| {
        diagnosis
            .checks
            .iter()
            .find(|c| c.permission == id)
            .cloned()
            .unwrap()
    };
    let tasks = find(&diagnosis, "people.tasks.view");
    assert_eq!(tasks.status, CheckStatus::Granted, "{}", tasks.evidence);
    assert!(
        tasks
            .evidence
            .starts_with("HiBob answered GET /tasks with ")
            && tasks.evidence.ends_with(" open tasks."),
        "{}",
        tasks.evidence
    );
    let reports = find(&diagnosis, "features.reports.view");
    assert_eq!(reports.status, CheckStatus::Granted);
    assert_eq!(
        reports.evidence,
        "HiBob answered GET /company/reports with 4 reports."
    );
    assert_eq!(diagnosis.verdict, Verdict::Ready);

    let user = sim.service_user_id();
    sim.revoke(&user, "people.tasks.view").unwrap();
    sim.revoke(&user, "features.reports.view").unwrap();
    let diagnosis = check_profile(&sim, TASKS_AND_REPORTS).await;
    assert_eq!(
        missing(&diagnosis),
        set(&["features.reports.view", "people.tasks.view"])
    );
    let tasks = find(&diagnosis, "people.tasks.view");
    assert_eq!(
        tasks.evidence,
        "HiBob answered 403 Forbidden to GET /tasks."
    );
    assert!(tasks.fix.contains(
        "search for “View and mark selected people’s tasks as complete or incomplete.” (Tasks and flow › \
         People's tasks)"
    ));
    let reports = find(&diagnosis, "features.reports.view");
    assert_eq!(
        reports.evidence,
        "HiBob answered 403 Forbidden to GET /company/reports."
    );
    assert!(reports.fix.contains(
        "Features, search for “View reports according to people’s data access rights” (Reports › Reports)"
    ));
    assert_eq!(diagnosis.verdict, Verdict::PermissionsMissing);
    // A refusal is the check's answer, not an incomplete check.
    assert!(diagnosis
        .warnings
        .iter()
        .all(|w| !w.contains("could not be completed")));
}
