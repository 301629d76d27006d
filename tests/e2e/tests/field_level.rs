//! A company with field-level permissions, through the real app: Test connection says the
//! company uses them and names each withheld field with where to grant it, and Sync now marks the
//! withheld column withheld. Screenshots: artifacts/e2e/12-*.png.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use e2e::open_at_credentials;
use hibob_sim::{Preset, SimConfig};
use test_support::Scratch;

#[tokio::test(flavor = "multi_thread")]
async fn withheld_fields_are_named_with_where_to_grant_them() {
    let sim = SimConfig::preset(Preset::FieldLevel)
        .employees(80)
        .start()
        .await
        .unwrap();
    let data = Scratch::new("e2e-field-level");
    let app = open_at_credentials(data.path(), "hr-core", &sim.base_url()).await;
    let s = &app.session;

    s.save_credentials(&sim.service_user_id(), &sim.token())
        .await;
    s.click("next").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.wait_for_status("people.work.history", "missing", Duration::from_secs(20))
        .await;
    let note = s.by_test_id("field-level-note").await.text().await.unwrap();
    assert!(note.contains("field-level permissions"), "{note}");
    let department = s.by_test_id("field-fix-work.department").await;
    s.scroll_to("field-fix-work.department").await;
    let text = department.text().await.unwrap();
    assert!(text.contains("Department"), "{text}");
    assert!(text.contains("View history"), "{text}");
    assert!(text.contains("Withheld by HiBob"), "{text}");
    s.screenshot("12-field-level-test").await;

    // The permissions step now knows what this company cannot show.
    s.click("step-permissions").await;
    s.wait_for_title("Grant the permissions").await;
    s.by_test_id("perm-docs.shared.view").await;
    s.scroll_to("perm-docs.shared.view").await;
    s.screenshot("12a-field-level-permissions").await;
    // A label HiBob has printed two ways shows the other one.
    let other = s
        .wait_for_text(
            "other-wordings-features.timeoff.settings",
            "See company’s time off settings",
        )
        .await;
    assert!(other.starts_with("Also printed as"), "{other}");
    s.scroll_to("perm-features.timeoff.settings").await;
    s.screenshot("12b-other-wordings").await;

    s.forget_credentials().await;
    app.session.client.close().await.unwrap();
}
