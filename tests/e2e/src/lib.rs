//! Shared pieces of the end-to-end tests: the app binary, tauri-driver in its own process group,
//! and a WebDriver session with helpers that wait for the UI's test hooks.
//!
//! The tests need a display (Xvfb), `tauri-driver` and `WebKitWebDriver` on PATH, and the app
//! built (`cargo build -p hibob-setup-app`, or `E2E_APP` pointing at an installed binary);
//! `scripts/test.sh` arranges all of that.

// Test support: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A port nobody listens on right now, so parallel runs (or a stray driver) cannot collide.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free local port")
}

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn app_binary() -> PathBuf {
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

/// Saved progress of an admin who has walked to the credentials step for `profile`, with `url`
/// (a simulator) as a custom HiBob address.
pub fn progress_at_credentials(data_dir: &Path, profile: &str, url: &str) {
    let progress = json!({
        "step": "credentials",
        "profile": profile,
        "environment": { "kind": "custom", "url": url },
        "visited": ["welcome", "service_user", "permission_group", "whose_data", "permissions", "credentials"],
    });
    std::fs::write(data_dir.join("progress.json"), progress.to_string()).unwrap();
}

/// tauri-driver in its own process group: killing the group also stops WebKitWebDriver, which
/// tauri-driver leaves running otherwise.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start(data_dir: &Path) -> Driver {
        Driver::spawn(data_dir, Stdio::null(), Stdio::inherit(), &[])
    }

    /// Like `start`, with GTK's dark theme: WebKit then reports `prefers-color-scheme: dark`.
    pub fn start_dark(data_dir: &Path) -> Driver {
        Driver::spawn(
            data_dir,
            Stdio::null(),
            Stdio::inherit(),
            &[("GTK_THEME", "Adwaita:dark")],
        )
    }

    /// Like `start`, with everything the driver and the app print (stdout and stderr) written
    /// to `log`.
    pub fn start_logged(data_dir: &Path, log: &Path) -> Driver {
        let out = std::fs::File::create(log).unwrap();
        let err = out.try_clone().unwrap();
        Driver::spawn(data_dir, Stdio::from(out), Stdio::from(err), &[])
    }

    fn spawn(data_dir: &Path, stdout: Stdio, stderr: Stdio, env: &[(&str, &str)]) -> Driver {
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
            .envs(env.iter().copied())
            .stdout(stdout)
            .stderr(stderr)
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

/// The titles of the steps between Welcome and Test connection, in the wizard's order, as the
/// walks through the app press Next past them.
pub const STEPS_TO_TEST: [&str; 6] = [
    "Create the service user",
    "Create its permission group",
    "Choose whose data it sees",
    "Grant the permissions",
    "Enter the credentials",
    "Test the connection",
];

pub struct Session {
    pub client: Client,
    pub shots: PathBuf,
}

impl Session {
    pub async fn by_test_id(&self, id: &str) -> fantoccini::elements::Element {
        let selector = format!("[data-testid=\"{id}\"]");
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&selector))
            .await
            .unwrap_or_else(|e| panic!("no element {selector}: {e}"))
    }

    pub async fn click(&self, id: &str) {
        self.by_test_id(id).await.click().await.unwrap();
    }

    pub async fn title(&self) -> String {
        self.by_test_id("step-title").await.text().await.unwrap()
    }

    pub async fn wait_for_title(&self, expected: &str) {
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

    pub async fn status_of(&self, permission: &str) -> String {
        self.by_test_id(&format!("check-{permission}"))
            .await
            .attr("data-status")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    pub async fn wait_for_status(&self, permission: &str, expected: &str, within: Duration) {
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

    /// Waits until `id`'s text contains `expected`, and returns it.
    pub async fn wait_for_text(&self, id: &str, expected: &str) -> String {
        let started = std::time::Instant::now();
        loop {
            let text = self.by_test_id(id).await.text().await.unwrap();
            if text.contains(expected) {
                return text;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{id} says {text:?}, expected {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the element with this test ID to the middle of the window, for a screenshot.
    pub async fn scroll_to(&self, id: &str) {
        self.client
            .execute(
                &format!(
                    "document.querySelector('[data-testid=\"{id}\"]')?.scrollIntoView({{block: 'center'}})"
                ),
                vec![],
            )
            .await
            .unwrap();
    }

    /// Runs axe-core (the accessibility engine browsers' audits use) on the page as it is now,
    /// against WCAG 2.1 A and AA, and returns each serious or critical violation as
    /// "rule: help (selector)". The engine comes from the UI's dev dependencies.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let engine =
            std::fs::read_to_string(workspace().join("ui/node_modules/axe-core/axe.min.js"))
                .expect("axe-core is installed (cd ui && npm install)");
        self.client.execute(&engine, vec![]).await.unwrap();
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
              .then((result) => done(JSON.stringify(result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} (${n.target.join(" ")})`)))))
              .catch((error) => done(JSON.stringify([`axe failed: ${error}`])));
        "#;
        let answer = self.client.execute_async(script, vec![]).await.unwrap();
        serde_json::from_str(answer.as_str().unwrap()).unwrap()
    }

    pub async fn screenshot(&self, name: &str) {
        // Let colour transitions (a check turning green) finish before the picture.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }
}

impl Session {
    /// Starts the app through `driver` and connects to it.
    pub async fn connect(driver: &Driver, app: &Path) -> Session {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": app, "args": [] }),
        );
        capabilities.insert("browserName".into(), json!("wry"));
        // On a fresh machine the first WebKit start can outlast tauri-driver's wait for
        // WebKitWebDriver, which then drops the connection: try again for a while.
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::native()
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{}", driver.port))
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() < Duration::from_secs(60) => {
                    eprintln!("no WebDriver session yet ({error}); trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(error) => panic!("a WebDriver session with the app: {error}"),
            }
        };
        let shots = workspace().join("artifacts/e2e");
        std::fs::create_dir_all(&shots).unwrap();
        Session { client, shots }
    }
}
