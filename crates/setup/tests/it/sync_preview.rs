//! Sync now's preview against the simulated tenant, through the library and the CLI.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hibob::{Client, Credentials, Environment};
use hibob_sim::{Faults, Preset, SimConfig, SimServer};
use setup::profile::HistoryTable;
use setup::sync::{preview, FieldState, ProblemKind, SyncControl, SyncPhase};
use setup::{Catalog, Profile, SetupError};
use test_support::started;

fn client(sim: &SimServer) -> Client {
    let environment: Environment = sim.base_url().parse().unwrap();
    Client::new(
        &environment,
        Credentials::new(sim.service_user_id(), sim.token()),
    )
    .unwrap()
}

/// Rows of a table over every employee, read one employee at a time (no pages to split).
async fn sim_rows(sim: &SimServer, table: &str) -> usize {
    let client = client(sim);
    let table = match table {
        "work" => hibob::Table::Work,
        _ => hibob::Table::Employment,
    };
    let everyone = client
        .search_people(&hibob::PeopleSearch::fields(["root.id"]).show_inactive(true))
        .await
        .unwrap();
    let mut rows = 0;
    for employee in &everyone.employees {
        rows += client
            .employee_table(table, employee.id().unwrap())
            .await
            .unwrap()
            .values
            .len();
    }
    rows
}

fn profile(id: &str) -> Profile {
    Profile::builtin(id, &Catalog::builtin().unwrap()).unwrap()
}

#[tokio::test]
async fn every_builtin_profile_maps_a_fully_granted_company() {
    let sim = started(SimConfig::preset(Preset::Full).employees(150)).await;
    for id in ["directory", "hr-core", "unified"] {
        let profile = profile(id);
        let preview = preview(&client(&sim), &profile, &SyncControl::default())
            .await
            .unwrap();
        assert_eq!(preview.records.len(), sim.employee_count(), "{id}");
        assert_eq!(preview.columns.len(), profile.mapping.len());
        assert!(
            !preview
                .problems
                .iter()
                .any(|p| p.kind == ProblemKind::FieldWithheld),
            "{id}: {:?}",
            preview.problems
        );
        for (column, coverage) in preview.columns.iter().zip(&preview.coverage) {
            if column.required {
                assert!(
                    coverage.percent > 95.0,
                    "{id}: {} only {}%",
                    column.target,
                    coverage.percent
                );
            }
        }
        assert!(preview.stats.body_bytes > 0);
    }
}

#[tokio::test]
async fn withheld_sections_point_back_to_the_diagnosis() {
    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(150)).await;
    let preview = preview(&client(&sim), &profile("hr-core"), &SyncControl::default())
        .await
        .unwrap();
    let withheld: Vec<&str> = preview
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::FieldWithheld)
        .filter_map(|p| p.column.as_deref())
        .collect();
    assert_eq!(
        withheld,
        ["birth_date", "nationality", "private_email", "salary"]
    );
    let salary = preview
        .columns
        .iter()
        .position(|c| c.target == "salary")
        .unwrap();
    assert!(preview
        .records
        .iter()
        .all(|r| r.fields[salary] == FieldState::Withheld));
}

#[tokio::test]
async fn history_tables_are_read_in_full_or_reported_as_withheld() {
    // 450 employees and their histories: several pages of 200 rows, some splitting an
    // employee's rows, so reading follows the cursor to the end and counts each employee once.
    let sim = started(SimConfig::preset(Preset::Full).employees(450)).await;
    let full = preview(&client(&sim), &profile("hr-core"), &SyncControl::default())
        .await
        .unwrap();
    let tables: Vec<(HistoryTable, bool)> =
        full.tables.iter().map(|t| (t.table, t.withheld)).collect();
    assert_eq!(
        tables,
        [(HistoryTable::Work, false), (HistoryTable::Salaries, false)]
    );
    let work = &full.tables[0];
    assert_eq!(work.employees, sim.employee_count());
    assert!(
        work.rows > work.employees,
        "most people have past work rows"
    );
    assert_eq!(work.rows, sim_rows(&sim, "work").await);
    assert!(sim.request_count("GET", "/v1/bulk/people/work") >= work.rows.div_ceil(200));

    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(150)).await;
    let limited = preview(&client(&sim), &profile("hr-core"), &SyncControl::default())
        .await
        .unwrap();
    let salaries = limited
        .tables
        .iter()
        .find(|t| t.table == HistoryTable::Salaries)
        .unwrap();
    assert!(salaries.withheld);
    let problem = limited
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::TableWithheld)
        .unwrap();
    assert_eq!(problem.message, "HiBob refused the salary history.");
}

#[tokio::test]
async fn the_demo_company_shows_its_data_problems() {
    let sim = started(SimConfig::preset(Preset::Demo).employees(150)).await;
    let preview = preview(
        &client(&sim),
        &profile("directory"),
        &SyncControl::default(),
    )
    .await
    .unwrap();
    let kinds: Vec<ProblemKind> = preview.problems.iter().map(|p| p.kind).collect();
    // Missing emails (messy data), leave dates withheld (no Lifecycle permission), managers
    // hidden by the condition that leaves leavers out.
    for expected in [
        ProblemKind::MissingRequired,
        ProblemKind::FieldWithheld,
        ProblemKind::ManagerNotVisible,
    ] {
        assert!(kinds.contains(&expected), "{expected:?} not in {kinds:?}");
    }
    assert!(preview.counts.blocked > 0 && preview.counts.ready > preview.counts.blocked);
}

#[tokio::test]
async fn progress_is_reported_and_cancel_stops_a_slow_fetch() {
    let sim = started(SimConfig::preset(Preset::Full).employees(150)).await;
    let phases = Arc::new(Mutex::new(Vec::new()));
    let seen = phases.clone();
    let control = SyncControl::with_progress(move |p| seen.lock().unwrap().push(p.phase));
    preview(&client(&sim), &profile("directory"), &control)
        .await
        .unwrap();
    let phases = phases.lock().unwrap().clone();
    assert_eq!(phases.first(), Some(&SyncPhase::Fetching));
    assert!(phases.contains(&SyncPhase::Validating));
    assert_eq!(phases.last(), Some(&SyncPhase::Done));

    sim.set_faults(Faults {
        latency_ms: 30_000,
        ..Faults::default()
    });
    let control = SyncControl::default();
    let canceller = control.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        canceller.cancel();
    });
    let result = preview(&client(&sim), &profile("directory"), &control).await;
    assert_eq!(result.unwrap_err(), SetupError::Cancelled);
}

/// A 429 makes Sync now wait: the connection's observer hears of it (the command line prints it)
/// and the progress carries it (the app shows a countdown), cleared by the time the preview ends.
#[tokio::test]
async fn a_rate_limit_during_sync_now_is_told_to_the_observer_and_in_the_progress() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        rate_limit_next: 1,
        retry_after_secs: Some(1),
        ..Faults::default()
    });
    let heard = Arc::new(Mutex::new(Vec::new()));
    let connection = setup::connect::Connection::open(
        sim.base_url().parse().unwrap(),
        &sim.service_user_id(),
        &sim.token(),
        profile("directory"),
        hibob::ClientConfig::default(),
    )
    .unwrap()
    .on_wait({
        let heard = heard.clone();
        move |wait| heard.lock().unwrap().push(wait.clone())
    });
    let progress = Arc::new(Mutex::new(Vec::new()));
    let control = SyncControl::with_progress({
        let progress = progress.clone();
        move |p| progress.lock().unwrap().push(p)
    });
    let preview = connection.preview(&control).await.unwrap();
    assert_eq!(preview.records.len(), sim.employee_count());

    let heard = heard.lock().unwrap();
    assert_eq!(heard.len(), 1, "{heard:?}");
    assert!(heard[0].rate_limited);
    let progress = progress.lock().unwrap();
    let waiting = progress
        .iter()
        .find_map(|p| p.waiting.clone())
        .expect("the wait reaches the progress");
    assert_eq!(waiting.reason, "HiBob asked us to slow down");
    assert_eq!(waiting.endpoint, heard[0].endpoint);
    let last = progress.last().unwrap();
    assert_eq!((last.phase, &last.waiting), (SyncPhase::Done, &None));
}

#[tokio::test]
async fn a_field_level_company_marks_withheld_columns_withheld_not_empty() {
    let sim = started(SimConfig::preset(Preset::FieldLevel).employees(80)).await;
    let catalog = Catalog::builtin().unwrap();
    let profile = Profile::from_toml(
        r#"
id = "fte"
name = "FTE"
description = "Reads working time."
include_inactive = true
permissions = [ { id = "people.employment.view", why = "Working time." } ]
tables = ["work"]
[[mapping]]
target = "email"
source = "root.email"
kind = "email"
[[mapping]]
target = "fte"
source = "payroll.employment.fte"
kind = "text"
[[mapping]]
target = "contract"
source = "payroll.employment.contract"
kind = "text"
"#,
        "test",
        &catalog,
    )
    .unwrap();
    let preview = preview(&client(&sim), &profile, &SyncControl::default())
        .await
        .unwrap();
    assert!(preview.field_level_permissions);
    let fte = preview
        .columns
        .iter()
        .position(|c| c.target == "fte")
        .unwrap();
    let contract = preview
        .columns
        .iter()
        .position(|c| c.target == "contract")
        .unwrap();
    assert!(preview
        .records
        .iter()
        .all(|r| r.fields[fte] == FieldState::Withheld));
    assert!(preview
        .records
        .iter()
        .all(|r| matches!(r.fields[contract], FieldState::Value(_))));
    let coverage = preview.coverage.iter().find(|c| c.target == "fte").unwrap();
    assert_eq!(coverage.withheld, preview.records.len());
    let problem = preview
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::FieldRestricted)
        .expect("the withheld field is a problem");
    assert!(problem.hint.contains("People's fields"), "{}", problem.hint);
    // The work history is read whole: its department history is withheld.
    let work = &preview.tables[0];
    assert!(work
        .restricted_columns
        .iter()
        .any(|c| c.column == "department" && c.history_only));
    // The spreadsheet keeps the reason for the blank.
    let csv = setup::export::csv(&preview).unwrap();
    let csv = csv.trim_start_matches('\u{feff}');
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let withheld = header.iter().position(|h| *h == "withheld").unwrap();
    let first_row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(first_row[withheld], "fte");
}

#[tokio::test]
async fn a_multi_value_list_arrives_as_readable_names() {
    // HiBob sends nationality as a list of items; the integration gets the names.
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let preview = preview(&client(&sim), &profile("hr-core"), &SyncControl::default())
        .await
        .unwrap();
    let source = preview
        .columns
        .iter()
        .position(|c| c.source == "personal.nationality")
        .unwrap();
    let values: Vec<&str> = preview
        .records
        .iter()
        .filter_map(|r| r.fields[source].value())
        .collect();
    assert_eq!(values.len(), preview.records.len());
    assert!(
        values
            .iter()
            .all(|v| !v.is_empty() && !v.contains('[') && !v.contains('"')),
        "{values:?}"
    );
}

#[tokio::test]
async fn a_profile_built_from_the_company_fields_previews_like_a_built_in_one() {
    use setup::builder::ProfileDraft;

    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let client = client(&sim);
    let fields = client.fields_metadata().await.unwrap();
    let draft = ProfileDraft {
        name: "Acme Gifts".into(),
        reads: [
            "root.email",
            "work.title",
            "work.reportsTo",
            "work.startDate",
        ]
        .map(String::from)
        .to_vec(),
        tables: vec![HistoryTable::Work],
        include_inactive: true,
        ..ProfileDraft::default()
    };
    let (profile, _) = draft
        .build(&fields, &Catalog::builtin().unwrap(), false)
        .unwrap();
    let preview = preview(&client, &profile, &SyncControl::default())
        .await
        .unwrap();
    assert_eq!(preview.records.len(), sim.employee_count());
    let targets: Vec<&str> = preview.columns.iter().map(|c| c.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "root_id",
            "root_email",
            "work_title",
            "work_reports_to",
            "work_start_date"
        ]
    );
    assert!(preview
        .problems
        .iter()
        .all(|p| p.kind != ProblemKind::FieldWithheld));
    // The employee ID keys every record, so it is never missing.
    assert_eq!(preview.coverage[0].percent, 100.0);
}
