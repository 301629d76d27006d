//! The Welcome step's product search and the profile builder, through the real app in demo mode:
//! a search narrows the library, "Another product" lists the demo company's own fields, the
//! ticked fields become a checklist, the saved profile is chosen, exported as a file, and Test
//! connection runs with it. Screenshots: artifacts/e2e/13-*.png.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use e2e::{app_binary, Driver, Session};
use test_support::Scratch;

#[tokio::test]
async fn a_profile_built_from_the_company_fields_is_saved_and_tested() {
    let data = Scratch::new("e2e-profile-builder");
    let driver = Driver::start(data.path());
    let s = Session::connect(&driver, &app_binary()).await;

    // The library is searched by kind as well as by name.
    s.wait_for_title("Welcome").await;
    s.by_test_id("product-search")
        .await
        .send_keys("learning")
        .await
        .unwrap();
    s.by_test_id("profile-learn-amp").await;
    assert!(s
        .client
        .find_all(fantoccini::Locator::Css(
            "[data-testid='profile-directory']"
        ))
        .await
        .unwrap()
        .is_empty());
    s.click("profile-learn-amp").await;
    s.by_test_id("profile-details").await;
    s.screenshot("13-welcome-search").await;
    s.by_test_id("product-search").await.clear().await.unwrap();

    // Another product: the builder reads the demo company's fields.
    s.click("build-profile").await;
    s.by_test_id("builder-group-work").await;
    s.by_test_id("builder-name")
        .await
        .send_keys("Acme Gifts")
        .await
        .unwrap();
    // Current employees only: the demo company starts without the Lifecycle section.
    s.click("builder-inactive").await;
    s.click("read-work.title").await;
    s.click("read-work.department").await;
    s.click("read-root.email").await;
    let summary = s.wait_for_text("builder-summary", "permission").await;
    assert!(summary.contains("Employed"), "{summary}");
    assert!(!summary.contains("Terminated"), "{summary}");
    s.by_test_id("perm-people.work.view").await;
    s.scroll_to("perm-people.work.view").await;
    s.screenshot("13-profile-builder").await;

    // Saved, it is the chosen profile, listed among the admin's own, and kept as a file.
    s.click("builder-save").await;
    let saved = s.by_test_id("profile-acme-gifts").await;
    assert!(saved.is_selected().await.unwrap());
    let kept = data.path().join("profiles").join("acme-gifts.toml");
    let text = std::fs::read_to_string(&kept).unwrap();
    assert!(text.contains("people.work.view"), "{text}");
    s.click("export-profile").await;
    s.wait_for_text("profile-exported", "acme-gifts.toml").await;
    assert!(data.path().join("acme-gifts.toml").is_file());

    // Test connection holds the demo company to the built profile.
    s.click("step-test").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    s.wait_for_status("people.work.view", "granted", Duration::from_secs(30))
        .await;
    assert_eq!(s.status_of("people.root.view").await, "granted");
    s.screenshot("13-built-profile-tested").await;
    s.client.close().await.unwrap();
}
