//! The accessibility audit, inside the real app (WebKit): axe-core checks every step and the
//! states an admin meets — missing permissions, a Sync now result, the profile builder, an error —
//! against WCAG 2.1 A and AA. A serious or critical violation fails the test. Also: what changes
//! on its own (a test's verdict, a re-check, Sync now's progress) is said in a live region.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use e2e::{app_binary, open_at_credentials, Driver, Session, STEPS_TO_TEST};
use hibob_sim::{Faults, Preset, SimConfig};
use test_support::Scratch;

/// The audits of one test: every serious or critical violation found, and how many screens.
#[derive(Default)]
struct Audits {
    found: Vec<String>,
    screens: usize,
}

impl Audits {
    async fn check(&mut self, s: &Session, what: &str) {
        let (applied, violations) = s.accessibility_audit().await;
        self.screens += 1;
        eprintln!(
            "axe-core, {what}: {applied} rules applied, {} serious or critical violations",
            violations.len()
        );
        self.found
            .extend(violations.into_iter().map(|v| format!("{what}: {v}")));
    }

    /// Fails the test on any violation found, after saying how many screens were audited.
    fn assert_clean(&self, which: &str) {
        eprintln!(
            "axe-core{which}: {} screens audited, {} serious or critical violations",
            self.screens,
            self.found.len()
        );
        assert!(
            self.found.is_empty(),
            "accessibility violations:\n{}",
            self.found.join("\n")
        );
    }
}

#[tokio::test]
async fn every_step_and_key_state_has_no_serious_accessibility_violation() {
    let data = Scratch::new("e2e-accessibility");
    let driver = Driver::start(data.path());
    let s = Session::connect(&driver, &app_binary()).await;
    let mut audits = Audits::default();

    s.wait_for_title("Welcome").await;
    audits.check(&s, "Welcome").await;
    s.click("build-profile").await;
    s.by_test_id("builder-group-work").await;
    s.by_test_id("builder-name")
        .await
        .send_keys("Audit")
        .await
        .unwrap();
    s.click("read-work.title").await;
    s.wait_for_text("builder-summary", "permission").await;
    audits.check(&s, "Profile builder").await;
    s.click("builder-cancel").await;

    for title in STEPS_TO_TEST {
        s.click("next").await;
        s.wait_for_title(title).await;
        audits.check(&s, title).await;
    }
    s.click("test-connection").await;
    s.wait_for_status("people.lifecycle.view", "missing", Duration::from_secs(30))
        .await;
    audits
        .check(&s, "Test connection with missing permissions")
        .await;

    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    audits.check(&s, "Preview the sync").await;
    s.click("sync-now").await;
    s.by_test_id("sync-table").await;
    audits.check(&s, "Sync now result").await;

    s.click("next").await;
    s.wait_for_title("Finish").await;
    audits.check(&s, "Finish").await;

    audits.assert_clean("");
    s.client.close().await.unwrap();
}

/// Contrast holds in dark mode too: the same audit on the screens with the most colour.
#[tokio::test]
async fn dark_mode_keeps_contrast_on_the_colourful_screens() {
    let data = Scratch::new("e2e-accessibility-dark");
    let driver = Driver::start_dark(data.path());
    let s = Session::connect(&driver, &app_binary()).await;
    let mut audits = Audits::default();

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
    audits.check(&s, "Welcome (dark)").await;
    s.screenshot("14-dark-welcome").await;

    s.click("step-test").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.wait_for_status("people.lifecycle.view", "missing", Duration::from_secs(30))
        .await;
    audits.check(&s, "Test connection (dark)").await;
    s.screenshot("14-dark-test").await;

    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    s.click("sync-now").await;
    s.by_test_id("sync-table").await;
    audits.check(&s, "Sync now result (dark)").await;
    s.scroll_to("sync-problems").await;
    s.screenshot("14-dark-sync").await;

    audits.assert_clean(" in dark mode");
    s.client.close().await.unwrap();
}

/// What changes without the admin looking is said aloud: the test's verdict, a re-check's news,
/// Sync now's progress and result, each in a live region that was on the page beforehand.
#[tokio::test]
async fn verdicts_rechecks_and_sync_progress_are_announced() {
    let data = Scratch::new("e2e-announcements");
    let driver = Driver::start(data.path());
    let s = Session::connect(&driver, &app_binary()).await;
    s.wait_for_title("Welcome").await;
    s.click("step-test").await;
    s.wait_for_title("Test the connection").await;
    s.record_announcements().await;

    s.click("test-connection").await;
    s.wait_for_status("people.lifecycle.view", "missing", Duration::from_secs(30))
        .await;
    let said = s.wait_for_announcement("Test finished:").await;
    eprintln!("after Test connection: {said:?}");
    assert!(
        said.iter().any(|t| t.contains(" missing, ")),
        "the verdict names what is missing: {said:?}"
    );

    // The demo company grants on request; the re-check that follows says what changed.
    s.click("simulate-grant-people.lifecycle.view").await;
    s.wait_for_status("people.lifecycle.view", "granted", Duration::from_secs(30))
        .await;
    let said = s.wait_for_announcement("Now granted:").await;
    eprintln!("after the grant: {said:?}");
    assert!(
        said.iter()
            .any(|t| t.contains("Now granted:") && t.contains("Lifecycle")),
        "{said:?}"
    );

    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    s.record_announcements().await;
    s.click("sync-now").await;
    s.by_test_id("sync-table").await;
    let said = s.wait_for_announcement("Sync now finished:").await;
    eprintln!("during Sync now: {said:?}");
    let running = said
        .iter()
        .position(|t| t.contains("Sync now is running"))
        .expect("the start of Sync now is announced");
    let finished = said
        .iter()
        .position(|t| t.contains("Sync now finished:"))
        .unwrap();
    assert!(running < finished, "{said:?}");
    s.client.close().await.unwrap();
}

/// The error states, against a simulated HiBob: credentials that look swapped, credentials HiBob
/// rejects, and a Sync now whose answer cannot be read.
#[tokio::test(flavor = "multi_thread")]
async fn error_states_have_no_serious_accessibility_violation() {
    let sim = SimConfig::preset(Preset::Full)
        .employees(40)
        .start()
        .await
        .unwrap();
    let data = Scratch::new("e2e-accessibility-errors");
    let app = open_at_credentials(data.path(), "directory", &sim.base_url()).await;
    let s = &app.session;
    let mut audits = Audits::default();

    let id = s.by_test_id("cred-id").await;
    let token = s.by_test_id("cred-token").await;
    // The token where the ID goes: the step says it looks swapped.
    id.send_keys(&sim.token()).await.unwrap();
    token.send_keys(&sim.service_user_id()).await.unwrap();
    s.by_test_id("cred-suspicions").await;
    audits.check(s, "Credentials that look swapped").await;

    s.save_credentials(&sim.service_user_id(), "not-the-token")
        .await;
    s.click("next").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.wait_for_text("diagnosis-summary", "rejected").await;
    audits
        .check(s, "Test connection, credentials rejected")
        .await;
    s.screenshot("14-error-rejected").await;

    s.click("step-credentials").await;
    s.wait_for_title("Enter the credentials").await;
    s.save_credentials(&sim.service_user_id(), &sim.token())
        .await;
    s.click("next").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.wait_for_text("diagnosis-summary", "Ready").await;
    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    sim.set_faults(Faults {
        malformed_body: true,
        ..Faults::default()
    });
    s.click("sync-now").await;
    s.client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(fantoccini::Locator::Css(".alert-message"))
        .await
        .unwrap();
    audits.check(s, "Sync now that failed").await;
    s.screenshot("14-error-sync").await;
    sim.set_faults(Faults::default());

    s.forget_credentials().await;

    audits.assert_clean(" on error states");
    app.session.client.close().await.unwrap();
}
