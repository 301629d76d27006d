//! The secrets audit on the real app: an admin pastes a known token into the credentials form,
//! runs Test connection and Sync now, exports CSV and JSON, saves the setup report and the
//! checklist for the HiBob admin. Then the token, and its Base64 Basic-auth form, are searched for
//! everywhere the app could have put them: what it printed (stdout and stderr, where a panic
//! message would go too), every file in its data folder (progress, sync history, exports, report,
//! hand-off), the page the UI shows, and the command line of every process on the machine. It must
//! be in none of them; it lives in the OS credential store, which the test empties again with
//! "Forget credentials".

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use e2e::{app_binary, progress_at_credentials, Driver, Session};
use hibob_sim::{Preset, SimConfig, SimServer};
use test_support::{files_under, Scratch};

/// The processes whose command line holds `secret`, as "pid: command".
fn processes_with(secret: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        // A process may end while we look; that is not a finding.
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains(secret) {
            found.push(format!("{name}: {cmdline}"));
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_is_in_no_output_file_page_or_process_argument() {
    let sim = SimServer::start(SimConfig {
        employees: 60,
        preset: Preset::Full,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let (id, token) = (sim.service_user_id(), sim.token());
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{token}"));

    let data = Scratch::new("e2e-secrets");
    // The admin has walked to the credentials step with the simulator as a custom HiBob address.
    progress_at_credentials(data.path(), "hr-core", &sim.base_url());
    let log = data.path().with_extension("log");
    let driver = Driver::start_logged(data.path(), &log);
    let s = Session::connect(&driver, &app_binary()).await;

    s.wait_for_title("Enter the credentials").await;
    s.save_credentials(&id, &token).await;

    s.click("next").await;
    s.wait_for_title("Test the connection").await;
    s.click("test-connection").await;
    let verdict = s
        .by_test_id("diagnosis-summary")
        .await
        .attr("data-verdict")
        .await
        .unwrap();
    assert_eq!(verdict.as_deref(), Some("ready"));
    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;
    s.click("sync-now").await;
    s.by_test_id("sync-summary").await;
    s.click("export-csv").await;
    s.wait_for_text("export-result", "hibob-sync-preview.csv")
        .await;
    s.click("export-json").await;
    s.wait_for_text("export-result", "hibob-sync-preview.json")
        .await;
    s.click("next").await;
    s.wait_for_title("Finish").await;
    s.click("report-include-ids").await;
    s.click("save-report").await;
    s.wait_for_text("report-result", "hibob-setup-report.md")
        .await;
    // The checklist for the HiBob admin, saved once the token is stored.
    s.click("step-permissions").await;
    s.wait_for_title("Grant the permissions").await;
    s.click("export-handoff").await;
    s.wait_for_text("handoff-result", "hibob-setup-checklist-hr-core.md")
        .await;
    assert!(
        sim.requests().iter().any(|r| r.authenticated),
        "the pasted token was used"
    );

    // While the app runs: the page and every process's arguments.
    let page = s.client.source().await.unwrap();
    assert!(
        !page.contains(&token) && !page.contains(&basic),
        "the page shows the token"
    );
    assert_eq!(processes_with(&token), Vec::<String>::new());
    assert_eq!(processes_with(&basic), Vec::<String>::new());

    s.forget_credentials().await;
    s.client.close().await.unwrap();
    drop(driver);

    let printed = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    assert!(
        !printed.contains(&token),
        "the token was printed:\n{printed}"
    );
    assert!(!printed.contains(&basic), "the Basic header was printed");
    let files = files_under(data.path());
    for expected in [
        "progress.json",
        "history.sqlite",
        "hibob-sync-preview.csv",
        "hibob-sync-preview.json",
        "hibob-setup-report.md",
        "hibob-setup-checklist-hr-core.md",
    ] {
        assert!(files.iter().any(|f| f.ends_with(expected)), "{files:?}");
    }
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&token), "the token is in {}", file.display());
        assert!(
            !text.contains(&basic),
            "the Basic header is in {}",
            file.display()
        );
    }
}
