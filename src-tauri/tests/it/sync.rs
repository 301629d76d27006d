//! Sync now through the app's state, on the demo company: progress, the diff against the previous
//! run, the history file, and export.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use hibob_setup_app::secrets::MemoryStore;
use hibob_setup_app::AppState;
use setup::ipc::ExportFormat;
use setup::sync::{RecordsQuery, SyncPhase, PAGE_SIZE};
use test_support::Scratch;

#[tokio::test(flavor = "multi_thread")]
async fn demo_sync_reports_progress_diffs_the_second_run_and_exports() {
    let dir = Scratch::new("app-sync");
    let state = AppState::new(dir.path(), Arc::new(MemoryStore::default())).unwrap();

    let phases = Arc::new(Mutex::new(Vec::new()));
    let seen = phases.clone();
    let first = state
        .sync_now(move |p| seen.lock().unwrap().push(p.phase))
        .await
        .unwrap();
    assert!(first.preview.counts.employees > 200);
    assert_eq!(first.diff.previous_at, None);
    assert_eq!(first.diff.new.len(), first.preview.counts.employees);
    assert_eq!(phases.lock().unwrap().last(), Some(&SyncPhase::Done));
    assert!(dir.join("history.sqlite").exists());

    let second = state.sync_now(|_| {}).await.unwrap();
    assert!(second.diff.previous_at.is_some());
    assert_eq!(second.diff.unchanged, second.preview.counts.employees);
    assert!(second.diff.new.is_empty() && second.diff.changed.is_empty());

    let csv = dir.join("out.csv");
    let records = state.export_preview(ExportFormat::Csv, &csv).unwrap();
    assert_eq!(records, second.preview.counts.employees);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), records + 1);
}

/// The window gets the first page and names, never every record; other pages come on request.
#[tokio::test(flavor = "multi_thread")]
async fn sync_now_hands_the_window_one_page_and_serves_the_others() {
    let dir = Scratch::new("app-sync-pages");
    let state = AppState::new(dir.path(), Arc::new(MemoryStore::default())).unwrap();
    let result = state.sync_now(|_| {}).await.unwrap();
    let total = result.preview.counts.employees;
    assert_eq!(result.records.rows.len(), PAGE_SIZE);
    assert_eq!(
        (result.records.total, result.records.pages),
        (total, total.div_ceil(PAGE_SIZE))
    );
    let sent = serde_json::to_string(&result).unwrap();
    let last = state.last_preview().unwrap();
    let beyond_first_page = &last.records[PAGE_SIZE].employee_id;
    assert!(!sent.contains(&format!("\"employee_id\":\"{beyond_first_page}\"")));

    let second = state
        .preview_records(&RecordsQuery {
            page: 1,
            ..RecordsQuery::default()
        })
        .unwrap();
    assert_eq!(second.rows[0], last.records[PAGE_SIZE]);
    let someone = &last.records[total - 1];
    let found = state
        .preview_records(&RecordsQuery {
            search: someone.employee_id.clone(),
            ..RecordsQuery::default()
        })
        .unwrap();
    assert_eq!(found.rows.first(), Some(someone));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_history_is_set_aside_and_sync_now_still_shows_the_preview() {
    let dir = Scratch::new("app-damaged");
    let garbage = b"SQLite format 3\0 but then nothing a database would hold".repeat(100);
    std::fs::write(dir.join("history.sqlite"), &garbage).unwrap();
    let state = AppState::new(dir.path(), Arc::new(MemoryStore::default())).unwrap();

    let first = state.sync_now(|_| {}).await.unwrap();
    assert!(first.preview.counts.employees > 200);
    assert_eq!(first.notices.len(), 1, "{:?}", first.notices);
    assert!(
        first.notices[0].contains("set aside"),
        "{}",
        first.notices[0]
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("history.sqlite.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept, not deleted");
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), garbage);

    // The new history works: the next run is compared with the first.
    let second = state.sync_now(|_| {}).await.unwrap();
    assert!(second.notices.is_empty(), "{:?}", second.notices);
    assert_eq!(second.diff.unchanged, second.preview.counts.employees);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_history_that_cannot_be_written_does_not_cost_the_preview() {
    let dir = Scratch::new("app-nohistory");
    // A folder where the history file should be: SQLite cannot open it.
    std::fs::create_dir_all(dir.join("history.sqlite")).unwrap();
    let state = AppState::new(dir.path(), Arc::new(MemoryStore::default())).unwrap();
    let result = state.sync_now(|_| {}).await.unwrap();
    assert!(result.preview.counts.employees > 200);
    assert_eq!(result.diff.previous_at, None);
    assert!(
        result.notices[0].starts_with("This Sync now is not in the sync history"),
        "{:?}",
        result.notices
    );
}
