//! A short smoke test for an installed app (`E2E_APP=/usr/bin/hibob-setup-app`, run after
//! `apt-get install ./hibob-setup_*.deb`), or the debug build otherwise: the first screen renders
//! and Test connection against the demo company works. Prints the time from asking for the app to
//! its first screen.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use e2e::{app_binary, Driver, Session};
use test_support::Scratch;

#[tokio::test]
async fn first_screen_renders_and_demo_test_connection_works() {
    let data = Scratch::new("e2e-smoke");
    let driver = Driver::start(data.path());
    let app = app_binary();
    let started = Instant::now();
    let s = Session::connect(&driver, &app).await;
    s.wait_for_title("Welcome").await;
    eprintln!(
        "first screen of {} after {} ms (WebDriver session start included)",
        app.display(),
        started.elapsed().as_millis()
    );
    s.screenshot("smoke-01-welcome").await;

    s.click("step-test").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.by_test_id("diagnosis-summary").await;
    assert_eq!(s.status_of("people.root.view").await, "granted");
    assert_eq!(s.status_of("people.lifecycle.view").await, "missing");
    s.screenshot("smoke-02-test-connection").await;
    s.client.close().await.unwrap();
}
