//! The real app, walked through every step in demo mode: Test connection shows the demo's missing
//! permissions, a simulated grant in HiBob turns one green on the automatic re-check, and a missing
//! item's "Go to step" jumps to the step that fixes it; Sync now previews the company and its CSV
//! export is written. A screenshot of every step is kept in `artifacts/e2e/`.
//!
//! Needs a display (Xvfb), `tauri-driver` and `WebKitWebDriver` on PATH, and the app built
//! (`cargo build -p hibob-setup-app`); `scripts/test.sh` arranges all of that.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A port nobody listens on right now, so parallel runs (or a stray driver) cannot collide.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free local port")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn app_binary() -> PathBuf {
    if let Some(app) = std::env::var_os("E2E_APP") {
        return PathBuf::from(app);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let app = target.join("debug/hibob-setup-app");
    assert!(
        app.exists(),
        "{} is missing: build the app first (cargo build -p hibob-setup-app) or set E2E_APP",
        app.display()
    );
    app.canonicalize().unwrap()
}

/// tauri-driver in its own process group: killing the group also stops WebKitWebDriver, which
/// tauri-driver leaves running otherwise.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(data_dir: &Path) -> Driver {
        let (port, native_port) = (free_port(), free_port());
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // The app inherits these: a clean, private data folder for each run, and exports
            // written there without the native save dialog (which WebDriver cannot drive).
            .env("HIBOB_SETUP_DATA_DIR", data_dir)
            .env("HIBOB_SETUP_EXPORT_DIR", data_dir)
            // Slow enough that Sync now's progress can be seen, like a real HiBob far away.
            .env("HIBOB_SETUP_DEMO_LATENCY_MS", "1200")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .process_group(0)
            .spawn()
            .expect("tauri-driver is installed (cargo install tauri-driver --locked)");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "tauri-driver did not listen"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
    }
}

struct Session {
    client: Client,
    shots: PathBuf,
}

impl Session {
    async fn by_test_id(&self, id: &str) -> fantoccini::elements::Element {
        let selector = format!("[data-testid=\"{id}\"]");
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&selector))
            .await
            .unwrap_or_else(|e| panic!("no element {selector}: {e}"))
    }

    async fn click(&self, id: &str) {
        self.by_test_id(id).await.click().await.unwrap();
    }

    async fn title(&self) -> String {
        self.by_test_id("step-title").await.text().await.unwrap()
    }

    async fn wait_for_title(&self, expected: &str) {
        let started = Instant::now();
        loop {
            let title = self.title().await;
            if title == expected {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "expected step “{expected}”, still on “{title}”"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn status_of(&self, permission: &str) -> String {
        self.by_test_id(&format!("check-{permission}"))
            .await
            .attr("data-status")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    async fn wait_for_status(&self, permission: &str, expected: &str, within: Duration) {
        let started = Instant::now();
        loop {
            let status = self.status_of(permission).await;
            if status == expected {
                return;
            }
            assert!(
                started.elapsed() < within,
                "{permission} stayed “{status}”, expected “{expected}”"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    async fn screenshot(&self, name: &str) {
        // Let colour transitions (a check turning green) finish before the picture.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }
}

#[tokio::test]
async fn demo_walkthrough_turns_a_missing_permission_green() {
    let data_dir = std::env::temp_dir().join(format!("hibob-setup-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let shots = workspace().join("artifacts/e2e");
    std::fs::create_dir_all(&shots).unwrap();
    let driver = Driver::start(&data_dir);

    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "tauri:options".into(),
        json!({ "application": app_binary(), "args": [] }),
    );
    capabilities.insert("browserName".into(), json!("wry"));
    let client = ClientBuilder::native()
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with the app");
    let s = Session { client, shots };

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
    s.click("sync-now").await;
    let progress = s.by_test_id("sync-progress").await.text().await.unwrap();
    assert!(
        !progress.trim().is_empty(),
        "progress says what is happening"
    );
    s.client
        .execute(
            "document.querySelector('[data-testid=\"sync-progress\"]')?.scrollIntoView({block: 'center'})",
            vec![],
        )
        .await
        .unwrap();
    s.screenshot("10a-sync-progress").await;
    let summary = s.by_test_id("sync-summary").await.text().await.unwrap();
    s.by_test_id("sync-problems").await;
    s.by_test_id("sync-table").await;
    s.screenshot("10-sync-preview").await;
    s.click("export-csv").await;
    let saved = s.by_test_id("export-result").await.text().await.unwrap();
    assert!(saved.contains("hibob-sync-preview.csv"), "{saved}");
    let csv = std::fs::read_to_string(data_dir.join("hibob-sync-preview.csv")).unwrap();
    assert!(csv.starts_with("employee_id,status,problems,id,full_name"));
    let rows = csv.lines().count() - 1;
    assert!(rows > 200, "the demo company has {rows} visible employees");
    assert!(
        summary.contains(&rows.to_string()),
        "the summary counts the exported rows: {summary}"
    );
    s.screenshot("11-sync-exported").await;

    // The setup report for the vendor's support: the checks and the sync summary, no token.
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
    let _ = std::fs::remove_dir_all(&data_dir);
}
