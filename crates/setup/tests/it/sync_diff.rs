//! Sync now twice against the simulated tenant, with a hire, a title change and a termination in
//! between: the second preview's diff says exactly that. Also: the history keeps sensitive values
//! only as keyed hashes, and a damaged or interrupted history does not lose the previous snapshot.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hibob::{Client, Credentials, Environment};
use hibob_sim::{Preset, SimConfig, SimServer};
use setup::history::{ChangedRecord, SyncHistory};
use setup::sync::{preview, Preview, SyncControl};
use setup::{Catalog, Profile};
use test_support::{started, Scratch};

const KEY: [u8; 32] = [7; 32];

async fn sync(sim: &SimServer, profile: &str) -> Preview {
    let environment: Environment = sim.base_url().parse().unwrap();
    let client = Client::new(
        &environment,
        Credentials::new(sim.service_user_id(), sim.token()),
    )
    .unwrap();
    let profile = Profile::builtin(profile, &Catalog::builtin().unwrap()).unwrap();
    preview(&client, &profile, &SyncControl::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn second_sync_shows_exactly_the_hire_the_title_change_and_the_termination() {
    let dir = Scratch::new("diff");
    let sim = started(SimConfig::preset(Preset::Full).employees(120)).await;
    let mut store = SyncHistory::open(&dir.join("history.sqlite"), KEY).unwrap();

    let first = sync(&sim, "directory").await;
    let diff = store.diff(store.latest("sim", "directory").unwrap().as_ref(), &first);
    assert_eq!(diff.previous_at, None);
    assert_eq!(diff.new.len(), first.records.len());
    store.save("sim", "directory", &first, 1_000).unwrap();

    // Pick an employed person to promote and another to let go.
    let employed: Vec<&str> = first
        .records
        .iter()
        .filter(|r| r.lifecycle == Some(setup::LifecycleStatus::Employed))
        .map(|r| r.employee_id.as_str())
        .collect();
    let (promoted, leaving) = (employed[3].to_string(), employed[4].to_string());
    let hired = sim.hire("Zoë", "Nguyễn", "2024-05-01").unwrap();
    sim.change_title(&promoted, "Chief Curiosity Officer")
        .unwrap();
    sim.terminate(&leaving, "2025-06-30").unwrap();

    let second = sync(&sim, "directory").await;
    let diff = store.diff(store.latest("sim", "directory").unwrap().as_ref(), &second);
    assert_eq!(diff.previous_at, Some(1_000));
    assert_eq!(diff.new, [hired]);
    assert!(diff.left.is_empty());
    let mut changed = diff.changed.clone();
    changed.sort_by(|a, b| a.employee_id.cmp(&b.employee_id));
    let mut expected = vec![
        ChangedRecord {
            employee_id: promoted,
            fields: vec!["job_title".into()],
        },
        ChangedRecord {
            employee_id: leaving,
            fields: vec!["leave_date".into()],
        },
    ];
    expected.sort_by(|a, b| a.employee_id.cmp(&b.employee_id));
    assert_eq!(changed, expected);
    assert_eq!(diff.unchanged, first.records.len() - 2);
    // One hire and one leaver is ordinary: no warning.
    assert_eq!(diff.departure_warning, None);
}

#[tokio::test]
async fn people_who_drop_out_of_view_are_reported_as_left() {
    let dir = Scratch::new("left");
    let sim = started(SimConfig::preset(Preset::Full).employees(80)).await;
    let mut store = SyncHistory::open(&dir.join("history.sqlite"), KEY).unwrap();
    let first = sync(&sim, "directory").await;
    store.save("sim", "directory", &first, 1).unwrap();
    // The admin narrows the condition: leavers disappear from the service user's view.
    sim.set_access(
        &sim.service_user_id(),
        hibob_sim::Access::LifecycleStatuses(
            [
                hibob_sim::LifecycleStatus::Employed,
                hibob_sim::LifecycleStatus::Hired,
            ]
            .into(),
        ),
    )
    .unwrap();
    let second = sync(&sim, "directory").await;
    let diff = store.diff(store.latest("sim", "directory").unwrap().as_ref(), &second);
    let terminated = first
        .records
        .iter()
        .filter(|r| r.lifecycle == Some(setup::LifecycleStatus::Terminated))
        .count();
    assert!(terminated > 0);
    assert!(
        diff.left.len() >= terminated,
        "{} left, {terminated} terminated",
        diff.left.len()
    );
    // Leavers alone are under a tenth of this company: a plausible change, no warning.
    assert!(diff.left.len() * 10 <= first.records.len());
    assert_eq!(diff.departure_warning, None);

    // Narrowed to Employed only, people on leave vanish too: so many gone at once reads as a
    // changed condition, and the result leads with it.
    sim.set_access(
        &sim.service_user_id(),
        hibob_sim::Access::LifecycleStatuses([hibob_sim::LifecycleStatus::Employed].into()),
    )
    .unwrap();
    let third = sync(&sim, "directory").await;
    let diff = store.diff(store.latest("sim", "directory").unwrap().as_ref(), &third);
    let warning = diff.departure_warning.unwrap();
    assert!(
        warning.starts_with(&format!(
            "{} of the {} employees",
            diff.left.len(),
            first.records.len()
        )),
        "{warning}"
    );
    assert!(warning.contains("Lifecycle status condition"), "{warning}");
}

#[tokio::test]
async fn future_starters_and_people_on_leave_who_drop_out_of_view_are_named_as_such() {
    let dir = Scratch::new("out-of-view");
    let sim = started(SimConfig::preset(Preset::Full).employees(200)).await;
    let mut store = SyncHistory::open(&dir.join("history.sqlite"), KEY).unwrap();
    let first = sync(&sim, "directory").await;
    store.save("sim", "directory", &first, 1).unwrap();
    let with_status = |status: setup::LifecycleStatus| -> Vec<String> {
        let mut ids: Vec<String> = first
            .records
            .iter()
            .filter(|r| r.lifecycle == Some(status))
            .map(|r| r.employee_id.clone())
            .collect();
        ids.sort();
        ids
    };
    let (hired, on_leave) = (
        with_status(setup::LifecycleStatus::Hired),
        with_status(setup::LifecycleStatus::Leave),
    );
    assert!(!hired.is_empty() && !on_leave.is_empty());

    // The condition loses Hired and Leave; everyone else stays in view.
    use hibob_sim::LifecycleStatus as Sim;
    sim.set_access(
        &sim.service_user_id(),
        hibob_sim::Access::LifecycleStatuses(
            [
                Sim::Employed,
                Sim::Terminated,
                Sim::GardenLeave,
                Sim::ParentalLeave,
            ]
            .into(),
        ),
    )
    .unwrap();
    let second = sync(&sim, "directory").await;
    let diff = store.diff(store.latest("sim", "directory").unwrap().as_ref(), &second);

    let mut left = diff.left.clone();
    left.sort();
    let mut expected_left = [hired.clone(), on_leave.clone()].concat();
    expected_left.sort();
    assert_eq!(left, expected_left);
    let groups: Vec<(setup::LifecycleStatus, Vec<String>)> = diff
        .out_of_view
        .iter()
        .map(|g| (g.status, g.employee_ids.clone()))
        .collect();
    assert_eq!(
        groups,
        [
            (setup::LifecycleStatus::Hired, hired.clone()),
            (setup::LifecycleStatus::Leave, on_leave.clone()),
        ]
    );
    let warning = diff.out_of_view_warning.unwrap();
    assert!(
        warning.starts_with(&format!("{} future starter", hired.len())),
        "{warning}"
    );
    assert!(warning.contains("lists Hired and Leave"), "{warning}");

    // Leavers going out of view are leavers: no such warning when only terminated people go.
    let mut store = SyncHistory::open(&dir.join("other.sqlite"), KEY).unwrap();
    store.save("sim", "directory", &second, 2).unwrap();
    sim.set_access(
        &sim.service_user_id(),
        hibob_sim::Access::LifecycleStatuses(
            [Sim::Employed, Sim::GardenLeave, Sim::ParentalLeave].into(),
        ),
    )
    .unwrap();
    let third = sync(&sim, "directory").await;
    let diff = store.diff(store.latest("sim", "directory").unwrap().as_ref(), &third);
    assert!(!diff.left.is_empty());
    assert!(diff.out_of_view.is_empty(), "{:?}", diff.out_of_view);
    assert_eq!(diff.out_of_view_warning, None);
}

/// Unchanged records are recognised by their stored text; text that differs is compared field
/// by field, so a history whose rows are spelled otherwise (spacing, say) still
/// reads as unchanged, and a record that changed names only its changed field.
#[tokio::test]
async fn stored_rows_spelled_otherwise_still_compare_field_by_field() {
    let dir = Scratch::new("spelling");
    let path = dir.join("history.sqlite");
    let sim = started(SimConfig::preset(Preset::Full).employees(40)).await;
    let preview = sync(&sim, "directory").await;
    SyncHistory::open(&path, KEY)
        .unwrap()
        .save("sim", "directory", &preview, 1)
        .unwrap();
    let edited = preview.records[5].employee_id.clone();
    {
        let history = rusqlite::Connection::open(&path).unwrap();
        let rows: Vec<(String, String)> = history
            .prepare("SELECT employee_id, fields FROM record")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (id, fields) in rows {
            let fields: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&fields).unwrap();
            // Pretty-printed: the same values, other text.
            let mut respelled = fields;
            if id == edited {
                respelled.insert("job_title".into(), "value:Earlier title".into());
            }
            history
                .execute(
                    "UPDATE record SET fields = ?1 WHERE employee_id = ?2",
                    rusqlite::params![serde_json::to_string_pretty(&respelled).unwrap(), id],
                )
                .unwrap();
        }
    }
    let store = SyncHistory::open(&path, KEY).unwrap();
    let diff = store.diff(store.latest("sim", "directory").unwrap().as_ref(), &preview);
    assert_eq!(
        diff.changed,
        [ChangedRecord {
            employee_id: edited,
            fields: vec!["job_title".into()],
        }]
    );
    assert_eq!(diff.unchanged, preview.records.len() - 1);
    assert!(diff.new.is_empty() && diff.left.is_empty());
}

#[test]
fn a_history_written_before_statuses_were_kept_still_opens_and_compares() {
    let dir = Scratch::new("old-history");
    let path = dir.join("history.sqlite");
    {
        let old = rusqlite::Connection::open(&path).unwrap();
        old.execute_batch(
            "CREATE TABLE snapshot (id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, profile TEXT NOT NULL,
                 taken_at INTEGER NOT NULL);
             CREATE TABLE record (snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                 employee_id TEXT NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (snapshot_id, employee_id));
             INSERT INTO snapshot VALUES (1, 'sim', 'directory', 10);
             INSERT INTO record VALUES (1, 'e1', '{\"email\":\"value:a@example.com\"}');",
        )
        .unwrap();
    }
    let store = SyncHistory::open(&path, KEY).unwrap();
    let previous = store.latest("sim", "directory").unwrap().unwrap();
    assert_eq!(previous.taken_at, 10);
    assert_eq!(previous.records.len(), 1);
    assert!(previous.statuses.is_empty());
}

#[tokio::test]
async fn sensitive_values_are_stored_only_as_keyed_hashes() {
    let dir = Scratch::new("sensitive");
    let sim = started(SimConfig::preset(Preset::Full).employees(30)).await;
    let path = dir.join("history.sqlite");
    let preview = sync(&sim, "hr-core").await;
    let salary = preview
        .columns
        .iter()
        .position(|c| c.target == "salary")
        .unwrap();
    let salaries: Vec<String> = preview
        .records
        .iter()
        .filter_map(|r| r.fields[salary].value().map(String::from))
        .collect();
    assert!(!salaries.is_empty());
    {
        let mut store = SyncHistory::open(&path, KEY).unwrap();
        store.save("sim", "hr-core", &preview, 5).unwrap();
        // The same data under the same key: nothing changed.
        let again = store.diff(store.latest("sim", "hr-core").unwrap().as_ref(), &preview);
        assert_eq!(again.unchanged, preview.records.len());
    }
    let mut bytes = std::fs::read(&path).unwrap();
    for suffix in ["-wal", "-shm"] {
        if let Ok(more) = std::fs::read(dir.join(format!("history.sqlite{suffix}"))) {
            bytes.extend(more);
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    for salary in &salaries {
        assert!(
            !text.contains(salary.as_str()),
            "a salary is stored in clear"
        );
    }
    assert!(text.contains("hmac:"));
}

#[test]
fn a_damaged_history_file_is_an_error_not_a_crash_and_a_fresh_one_works() {
    let dir = Scratch::new("damaged");
    let path = dir.join("history.sqlite");
    std::fs::write(&path, b"this is not a database, just bytes").unwrap();
    let opened = SyncHistory::open(&path, KEY);
    assert!(opened.is_err(), "garbage must not be taken for a history");
    let fresh = SyncHistory::open(&dir.join("other.sqlite"), KEY).unwrap();
    assert_eq!(fresh.latest("t", "p").unwrap(), None);
}
