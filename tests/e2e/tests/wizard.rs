//! The real app, walked through every step in demo mode: Test connection shows the demo's missing
//! permissions, a simulated grant in HiBob turns one green on the automatic re-check, and a missing
//! item's "Go to step" jumps to the step that fixes it; Sync now (its own step) previews the company
//! and its CSV export is written; the Finish step sums up and saves the setup report. A screenshot
//! of every step is kept in `artifacts/e2e/`.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use e2e::{app_binary, Driver, Session};
use test_support::Scratch;

#[tokio::test]
async fn demo_walkthrough_turns_a_missing_permission_green() {
    let data = Scratch::new("e2e-walkthrough");
    let data_dir = data.path();
    let driver = Driver::start(data_dir);
    let s = Session::connect(&driver, &app_binary()).await;

    // 1. Welcome: the demo company is the default environment.
    s.wait_for_title("Welcome").await;
    assert!(s.by_test_id("env-demo").await.is_selected().await.unwrap());
    s.click("profile-directory").await;
    s.screenshot("01-welcome").await;

    // 2–6. The guide's steps, in HiBob's order.
    for (n, title) in [
        (2, "Create the service user"),
        (3, "Create its permission group"),
        (4, "Choose whose data it sees"),
        (5, "Grant the permissions"),
        (6, "Enter the credentials"),
    ] {
        s.click("next").await;
        s.wait_for_title(title).await;
        s.screenshot(&format!("0{n}-{}", title.to_lowercase().replace(' ', "-")))
            .await;
    }

    // 7. Test connection: the demo starts without the Lifecycle permission.
    s.click("next").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.by_test_id("diagnosis-summary").await;
    assert_eq!(s.status_of("people.lifecycle.view").await, "missing");
    assert_eq!(s.status_of("people.root.view").await, "granted");
    s.screenshot("07-test-missing").await;

    // Grant it "in HiBob"; the automatic re-check turns it green.
    s.click("simulate-grant-people.lifecycle.view").await;
    s.wait_for_status("people.lifecycle.view", "granted", Duration::from_secs(30))
        .await;
    s.screenshot("08-test-granted").await;

    // With lifecycle statuses readable, the demo's condition visibly leaves leavers out; its fix
    // lives on the "whose data" step.
    s.wait_for_status(
        "access.lifecycle.terminated",
        "missing",
        Duration::from_secs(10),
    )
    .await;
    s.click("goto-access.lifecycle.terminated").await;
    s.wait_for_title("Choose whose data it sees").await;
    s.screenshot("09-jump-to-fix").await;

    // Progress is saved: the data folder holds the step, never a token.
    let progress = std::fs::read_to_string(data_dir.join("progress.json")).unwrap();
    assert!(progress.contains("whose_data"), "{progress}");

    // Sync now: the preview of what the integration would receive, then an export.
    s.click("step-test").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.by_test_id("diagnosis-summary").await;
    // Some permissions are still missing in the demo: the admin goes on with what is granted.
    s.scroll_to("continue-to-sync").await;
    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    s.click("sync-now").await;
    let progress = s.by_test_id("sync-progress").await.text().await.unwrap();
    assert!(
        !progress.trim().is_empty(),
        "progress says what is happening"
    );
    s.scroll_to("sync-progress").await;
    s.screenshot("10a-sync-progress").await;
    let summary = s.by_test_id("sync-summary").await.text().await.unwrap();
    s.by_test_id("sync-problems").await;
    s.by_test_id("sync-table").await;
    s.screenshot("10-sync-preview").await;
    s.click("export-csv").await;
    let saved = s.by_test_id("export-result").await.text().await.unwrap();
    assert!(saved.contains("hibob-sync-preview.csv"), "{saved}");
    let csv = std::fs::read_to_string(data_dir.join("hibob-sync-preview.csv")).unwrap();
    // A byte-order mark first, so Excel reads the file as UTF-8.
    assert!(csv.starts_with("\u{feff}employee_id,status,problems,withheld,id,full_name"));
    let rows = csv.lines().count() - 1;
    assert!(rows > 200, "the demo company has {rows} visible employees");
    assert!(
        summary.contains(&rows.to_string()),
        "the summary counts the exported rows: {summary}"
    );
    // Where it went can be shown in the file manager.
    s.by_test_id("open-export-folder").await;
    s.scroll_to("open-export-folder").await;
    s.screenshot("11-sync-exported").await;

    // Finish: what was set up, and the setup report for the vendor's support (no token).
    s.click("next").await;
    s.wait_for_title("Finish").await;
    let summary = s.by_test_id("finish-sync").await.text().await.unwrap();
    assert!(summary.contains(&rows.to_string()), "{summary}");
    s.screenshot("11b-finish").await;
    s.click("save-report").await;
    let saved = s.by_test_id("report-result").await.text().await.unwrap();
    assert!(saved.contains("hibob-setup-report.md"), "{saved}");
    let report = std::fs::read_to_string(data_dir.join("hibob-setup-report.md")).unwrap();
    assert!(report.contains("## Test connection") && report.contains("## Sync now (preview)"));
    assert!(
        !report.contains("3001000000000"),
        "no employee IDs unless asked for"
    );

    s.client.close().await.unwrap();
}
