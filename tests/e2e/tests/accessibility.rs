//! The accessibility audit, inside the real app (WebKit): axe-core checks every step and the
//! states an admin meets — missing permissions, a Sync now result, the profile builder, an error —
//! against WCAG 2.1 A and AA. A serious or critical violation fails the test.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use e2e::{app_binary, Driver, Session, STEPS_TO_TEST};
use test_support::Scratch;

async fn audit(s: &Session, what: &str, found: &mut Vec<String>, rules_checked: &mut usize) {
    let violations = s.accessibility_violations().await;
    *rules_checked += 1;
    found.extend(violations.into_iter().map(|v| format!("{what}: {v}")));
}

#[tokio::test]
async fn every_step_and_key_state_has_no_serious_accessibility_violation() {
    let data = Scratch::new("e2e-accessibility");
    let driver = Driver::start(data.path());
    let s = Session::connect(&driver, &app_binary()).await;
    let mut found = Vec::new();
    let mut audits = 0;

    s.wait_for_title("Welcome").await;
    audit(&s, "Welcome", &mut found, &mut audits).await;
    s.click("build-profile").await;
    s.by_test_id("builder-group-work").await;
    s.by_test_id("builder-name")
        .await
        .send_keys("Audit")
        .await
        .unwrap();
    s.click("read-work.title").await;
    s.wait_for_text("builder-summary", "permission").await;
    audit(&s, "Profile builder", &mut found, &mut audits).await;
    s.click("builder-cancel").await;

    for title in STEPS_TO_TEST {
        s.click("next").await;
        s.wait_for_title(title).await;
        audit(&s, title, &mut found, &mut audits).await;
    }
    s.click("test-connection").await;
    s.wait_for_status("people.lifecycle.view", "missing", Duration::from_secs(30))
        .await;
    audit(
        &s,
        "Test connection with missing permissions",
        &mut found,
        &mut audits,
    )
    .await;

    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    audit(&s, "Preview the sync", &mut found, &mut audits).await;
    s.click("sync-now").await;
    s.by_test_id("sync-table").await;
    audit(&s, "Sync now result", &mut found, &mut audits).await;

    s.click("next").await;
    s.wait_for_title("Finish").await;
    audit(&s, "Finish", &mut found, &mut audits).await;

    eprintln!(
        "axe-core: {audits} screens audited, {} serious or critical violations",
        found.len()
    );
    assert!(
        found.is_empty(),
        "accessibility violations:\n{}",
        found.join("\n")
    );
    s.client.close().await.unwrap();
}

/// Contrast holds in dark mode too: the same audit on the screens with the most colour.
#[tokio::test]
async fn dark_mode_keeps_contrast_on_the_colourful_screens() {
    let data = Scratch::new("e2e-accessibility-dark");
    let driver = Driver::start_dark(data.path());
    let s = Session::connect(&driver, &app_binary()).await;
    let mut found = Vec::new();
    let mut audits = 0;

    s.wait_for_title("Welcome").await;
    let dark = s
        .client
        .execute(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(dark, serde_json::json!(true), "the app is in dark mode");
    audit(&s, "Welcome (dark)", &mut found, &mut audits).await;
    s.screenshot("14-dark-welcome").await;

    s.click("step-test").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.wait_for_status("people.lifecycle.view", "missing", Duration::from_secs(30))
        .await;
    audit(&s, "Test connection (dark)", &mut found, &mut audits).await;
    s.screenshot("14-dark-test").await;

    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    s.click("sync-now").await;
    s.by_test_id("sync-table").await;
    audit(&s, "Sync now result (dark)", &mut found, &mut audits).await;
    s.scroll_to("sync-problems").await;
    s.screenshot("14-dark-sync").await;

    eprintln!(
        "axe-core in dark mode: {audits} screens audited, {} serious or critical violations",
        found.len()
    );
    assert!(
        found.is_empty(),
        "accessibility violations:\n{}",
        found.join("\n")
    );
    s.client.close().await.unwrap();
}
