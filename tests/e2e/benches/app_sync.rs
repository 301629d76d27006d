//! Sync now of a large company in the desktop app itself: the real app and its WebKit web view,
//! driven through WebDriver, against a simulated HiBob of 50,000 employees (`APP_SYNC_EMPLOYEES`
//! sets another size) running in a process
//! of its own. Measures how long Test connection and Sync now take from the click until their
//! result is on screen (Sync now twice: first, then compared with the first), how long the next
//! page of records takes, and the peak memory of the app and of WebKit's processes. It reports; it fails nothing. Screenshot:
//! artifacts/e2e/17-sync-large-company.png.
//!
//! Run under the headless display, with the app built (a release build measures what admins get):
//!   cargo build --release -p hibob-setup-app
//!   E2E_APP=$PWD/target/release/hibob-setup-app scripts/headless.sh cargo bench -p e2e --bench app_sync
//! Times are read by polling the screen every 100 ms, so they are accurate to about that.

use std::time::Instant;

use e2e::{app_binary, open_at_credentials, Session};
use hibob_sim::child::{serve_if_asked, SimChild};
use hibob_sim::Preset;
use test_support::Scratch;

/// The company's size; `APP_SYNC_EMPLOYEES` sets another, to compare with.
fn employees() -> usize {
    std::env::var("APP_SYNC_EMPLOYEES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000)
}

fn main() {
    serve_if_asked();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("no async runtime: {error}");
            std::process::exit(1);
        }
    };
    runtime.block_on(run());
}

async fn run() {
    let size = employees();
    let sim = match SimChild::spawn(size, Preset::Full) {
        Ok(sim) => sim,
        Err(error) => {
            eprintln!("the simulator did not start: {error}");
            std::process::exit(1);
        }
    };
    let data = Scratch::new("e2e-bench-app-sync");
    println!(
        "The desktop app ({}) against hibob-sim with {size} employees",
        app_binary().display()
    );
    let app = open_at_credentials(data.path(), "directory", &sim.base_url).await;
    let s = &app.session;
    s.save_credentials(&sim.service_user_id, &sim.token).await;
    s.click("next").await;
    s.wait_for_title("Test the connection").await;

    let test_ms = click_until(s, "test-connection", "diagnosis-summary", "Ready").await;
    s.click("continue-to-sync").await;
    s.wait_for_title("Preview the sync").await;

    let sync_ms = click_until(s, "sync-now", "sync-diff", "First Sync now").await;
    let first_page = s.text_of("sync-page").await.unwrap_or_default();
    s.screenshot("17-sync-large-company").await;

    let page_ms = click_until(s, "sync-page-next", "sync-page", "Page 2 of").await;

    let started = Instant::now();
    s.by_test_id("sync-search")
        .await
        .send_keys("Williams")
        .await
        .unwrap_or_else(|e| panic!("typing a search failed: {e}"));
    s.wait_for_text("sync-page", "Page 1 of").await;
    let search_ms = started.elapsed().as_millis();

    // Again, as an admin does after a fix: now compared with the first run.
    let again_ms = click_until(s, "sync-now", "sync-diff", " unchanged").await;

    for (what, ms) in [
        ("Test connection, click to verdict", test_ms),
        ("Sync now, click to result on screen", sync_ms),
        ("Sync now again, compared with the first", again_ms),
        ("next page of records", page_ms),
        ("a search (after the 200 ms typing pause)", search_ms),
    ] {
        println!("{:<44} {:>8}", what, format!("{ms} ms"));
    }
    println!("records table: {first_page}");
    println!("{:<44} {:>10} {:>10}", "process", "peak MiB", "now MiB");
    for process in processes() {
        println!(
            "{:<44} {:>10.1} {:>10.1}",
            process.name,
            process.peak_kib as f64 / 1024.0,
            process.now_kib as f64 / 1024.0
        );
    }
}

/// Milliseconds from clicking `button` until the element `shown` says `text`.
async fn click_until(s: &Session, button: &str, shown: &str, text: &str) -> u128 {
    let started = Instant::now();
    s.click(button).await;
    s.wait_for_text(shown, text).await;
    started.elapsed().as_millis()
}

struct Process {
    name: String,
    peak_kib: u64,
    now_kib: u64,
}

/// The app and WebKit's processes, with their peak and current resident memory.
fn processes() -> Vec<Process> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(cmdline) = std::fs::read(path.join("cmdline")) else {
            continue;
        };
        let program = cmdline.split(|b| *b == 0).next().unwrap_or_default();
        let program = String::from_utf8_lossy(program);
        let name = match program.rsplit('/').next() {
            Some(name @ ("hibob-setup-app" | "WebKitWebProcess" | "WebKitNetworkProcess")) => {
                name.to_string()
            }
            _ => continue,
        };
        let Ok(status) = std::fs::read_to_string(path.join("status")) else {
            continue;
        };
        let kib = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0)
        };
        found.push(Process {
            name,
            peak_kib: kib("VmHWM:"),
            now_kib: kib("VmRSS:"),
        });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}
