//! The preview's safety rails, through the real app: after the permission group's Lifecycle
//! status condition loses Hired and Leave, the next Sync now leads with the future starters and
//! people on leave it can no longer see, named as such rather than as leavers, and marks them in
//! its Left list; Finish repeats the warning. Screenshots: artifacts/e2e/16-out-of-view.png,
//! 16b-finish-warning.png.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use e2e::open_at_credentials;
use hibob_sim::{Access, LifecycleStatus, Preset, SimConfig};
use test_support::Scratch;

#[tokio::test(flavor = "multi_thread")]
async fn future_starters_and_people_on_leave_out_of_view_are_not_reported_as_leavers() {
    let sim = SimConfig::preset(Preset::Full)
        .employees(200)
        .start()
        .await
        .unwrap();
    let data = Scratch::new("e2e-safety-rails");
    let app = open_at_credentials(data.path(), "directory", &sim.base_url()).await;
    let s = &app.session;

    s.save_credentials(&sim.service_user_id(), &sim.token())
        .await;
    s.click("next").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.wait_for_text("diagnosis-summary", "Ready").await;
    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    s.click("sync-now").await;
    s.wait_for_text("sync-diff", "First Sync now").await;

    // The admin edits the condition and leaves out Hired and Leave.
    sim.set_access(
        &sim.service_user_id(),
        Access::LifecycleStatuses(
            [
                LifecycleStatus::Employed,
                LifecycleStatus::Terminated,
                LifecycleStatus::GardenLeave,
                LifecycleStatus::ParentalLeave,
            ]
            .into(),
        ),
    )
    .unwrap();
    s.click("sync-now").await;
    let warning = s
        .wait_for_text("out-of-view-warning", "future starter")
        .await;
    assert!(warning.starts_with("Not leavers:"), "{warning}");
    assert!(warning.contains("lists Hired and Leave"), "{warning}");
    // A handful of people: not the mass departure warning.
    let departure = s
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=departure-warning]"))
        .await
        .unwrap();
    assert!(departure.is_empty());

    // The Left list says which of them were future starters or on leave.
    s.client
        .execute(
            "document.querySelectorAll('[data-testid=sync-diff] details').forEach((d) => (d.open = true))",
            vec![],
        )
        .await
        .unwrap();
    let diff = s.by_test_id("sync-diff").await.text().await.unwrap();
    assert!(
        diff.contains("Hired at the previous Sync now, so still in HiBob"),
        "{diff}"
    );
    assert!(
        diff.contains("Leave at the previous Sync now, so still in HiBob"),
        "{diff}"
    );
    s.scroll_to("out-of-view-warning").await;
    s.screenshot("16-out-of-view").await;

    // Finish, the last stop before the vendor gets the credentials, repeats it.
    s.click("next").await;
    s.wait_for_title("Finish").await;
    s.wait_for_text("finish-sync-warning", "without having left the company")
        .await;
    s.screenshot("16b-finish-warning").await;

    s.forget_credentials().await;
    app.session.client.close().await.unwrap();
}
