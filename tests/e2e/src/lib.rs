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

/// The app running on the credentials step, with a simulator as a custom HiBob address.
pub struct AppAtCredentials {
    pub session: Session,
    // Dropped after the session: stops tauri-driver and the app.
    _driver: Driver,
}

/// Opens the app in `data_dir` on the credentials step for `profile`, with `url` (a simulator) as
/// a custom HiBob address.
pub async fn open_at_credentials(data_dir: &Path, profile: &str, url: &str) -> AppAtCredentials {
    progress_at_credentials(data_dir, profile, url);
    let driver = Driver::start(data_dir);
    let session = Session::connect(&driver, &app_binary()).await;
    session.wait_for_title("Enter the credentials").await;
    AppAtCredentials {
        session,
        _driver: driver,
    }
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

    /// A check's status as the page shows it now, or "" while it is not on the page. Read in one
    /// script, so a check that re-renders (it moves between the missing and granted lists) cannot
    /// go stale between finding it and reading it.
    pub async fn status_of(&self, permission: &str) -> String {
        let status = self
            .client
            .execute(
                "return document.querySelector(`[data-testid=\"check-${arguments[0]}\"]`)?.dataset.status ?? ''",
                vec![json!(permission)],
            )
            .await
            .unwrap();
        status.as_str().unwrap_or_default().to_string()
    }

    /// An element's visible text now, or `None` while it is not on the page; read in one script
    /// for the same reason as [`Session::status_of`].
    pub async fn text_of(&self, id: &str) -> Option<String> {
        let text = self
            .client
            .execute(
                "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`)?.innerText ?? null",
                vec![json!(id)],
            )
            .await
            .unwrap();
        text.as_str().map(String::from)
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
            let text = self.text_of(id).await.unwrap_or_default();
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
    /// against WCAG 2.1 A and AA. Returns how many rules applied to the page, and each serious or
    /// critical violation as "rule: help (selector)". The engine comes from the UI's dev
    /// dependencies.
    pub async fn accessibility_audit(&self) -> (usize, Vec<String>) {
        let engine =
            std::fs::read_to_string(workspace().join("ui/node_modules/axe-core/axe.min.js"))
                .expect("axe-core is installed (cd ui && npm install)");
        self.client.execute(&engine, vec![]).await.unwrap();
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
              .then((result) => done(JSON.stringify({
                applied: result.passes.length + result.violations.length + result.incomplete.length,
                minor: result.violations.filter((v) => v.impact !== "serious" && v.impact !== "critical")
                  .map((v) => `${v.id} (${v.impact})`),
                violations: result.violations
                  .filter((v) => v.impact === "serious" || v.impact === "critical")
                  .flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} (${n.target.join(" ")})`)),
              })))
              .catch((error) => done(JSON.stringify({ applied: 0, violations: [`axe failed: ${error}`] })));
        "#;
        let answer = self.client.execute_async(script, vec![]).await.unwrap();
        let audit: serde_json::Value = serde_json::from_str(answer.as_str().unwrap()).unwrap();
        let applied = audit["applied"].as_u64().unwrap() as usize;
        let violations = serde_json::from_value(audit["violations"].clone()).unwrap();
        if let Some(minor) = audit["minor"].as_array().filter(|m| !m.is_empty()) {
            eprintln!("axe-core, moderate or minor (not failing): {minor:?}");
        }
        (applied, violations)
    }

    /// On the credentials step: types the service user ID and token, saves them, and waits until
    /// the save is done.
    pub async fn save_credentials(&self, id: &str, token: &str) {
        let (id_field, token_field) = (
            self.by_test_id("cred-id").await,
            self.by_test_id("cred-token").await,
        );
        id_field.clear().await.unwrap();
        id_field.send_keys(id).await.unwrap();
        token_field.clear().await.unwrap();
        token_field.send_keys(token).await.unwrap();
        self.click("cred-save").await;
        self.wait_for_text("cred-saved", "Saved").await;
    }

    /// Goes back to the credentials step and forgets what is stored, so the OS credential store
    /// is left as the test found it.
    pub async fn forget_credentials(&self) {
        self.click("step-credentials").await;
        self.wait_for_title("Enter the credentials").await;
        // Forget is enabled once the step knows something is stored.
        self.wait_for_text("cred-status", "Stored in this computer's credential store")
            .await;
        self.click("cred-forget").await;
        self.wait_for_text("cred-status", "No credentials stored")
            .await;
    }

    /// From now on, records what changes inside a live region (`aria-live`, `role=status`,
    /// `role=alert`) that was already on the page: what a screen reader would say. A region
    /// inserted together with its text does not count, as screen readers skip those.
    pub async fn record_announcements(&self) {
        let script = r#"
            window.__announced = [];
            const live = (node) => {
              const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
              return element?.closest?.('[aria-live], [role="status"], [role="alert"]') ?? null;
            };
            new MutationObserver((mutations) => {
              for (const mutation of mutations) {
                const region = live(mutation.target);
                const text = region?.textContent.replace(/\s+/g, " ").trim();
                if (text && window.__announced.at(-1) !== text) window.__announced.push(text);
              }
            }).observe(document.body, { subtree: true, childList: true, characterData: true });
        "#;
        self.client.execute(script, vec![]).await.unwrap();
    }

    /// What live regions said since [`Session::record_announcements`], in order.
    pub async fn announcements(&self) -> Vec<String> {
        let said = self
            .client
            .execute("return window.__announced ?? []", vec![])
            .await
            .unwrap();
        serde_json::from_value(said).unwrap()
    }

    /// Waits until a live region has said something containing `expected`; returns all said.
    pub async fn wait_for_announcement(&self, expected: &str) -> Vec<String> {
        let started = Instant::now();
        loop {
            let said = self.announcements().await;
            if said.iter().any(|text| text.contains(expected)) {
                return said;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no live region said {expected:?}; said: {said:#?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
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
