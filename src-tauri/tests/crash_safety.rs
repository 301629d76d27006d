//! Crash safety: the app's process is killed (SIGKILL, no chance to clean up) in the middle of
//! its work, again and again, and after every kill the data folder must be as a user needs it:
//! the saved progress reads, the sync history opens and passes SQLite's integrity check, every
//! stored Sync now is complete and none that finished is missing, and the next start of the app is
//! clean, with a Sync now that compares with the last one that finished.
//!
//! The process killed is this test binary run again as a child (it has its own `main`, no test
//! harness). Two kinds of child: one runs the app's Sync now on the demo company in a loop while
//! another thread keeps saving progress, so kills land anywhere in fetching, mapping and writing;
//! the other only writes sync history, so nearly every kill lands inside a store transaction.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hibob_setup_app::secrets::{MemoryStore, SecretStore};
use hibob_setup_app::AppState;
use setup::guide::StepId;
use setup::history::SyncHistory;
use setup::progress::Progress;
use test_support::Scratch;

const CHILD: &str = "HIBOB_SETUP_CRASH_CHILD";
/// The same history key in every process, as the OS credential store would give it.
const HISTORY_KEY: &str = "1d2c3b4a5f6e7d8c9bab0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f";
const ROUNDS_PER_KIND: usize = 10;

fn main() {
    match std::env::var(CHILD).as_deref() {
        Ok("sync") => child_syncing(&data_dir_from_env()),
        Ok("store") => child_writing_history(&data_dir_from_env()),
        Ok(other) => panic!("unknown child kind {other}"),
        Err(_) => parent(),
    }
}

fn data_dir_from_env() -> PathBuf {
    PathBuf::from(std::env::var_os("HIBOB_SETUP_DATA_DIR").unwrap())
}

fn state_in(dir: &Path) -> AppState {
    let secrets = Arc::new(MemoryStore::default());
    secrets.set("sync-history-key", HISTORY_KEY).unwrap();
    AppState::new(dir, secrets).unwrap()
}

/// Says a Sync now finished, with its employee count; the parent counts these.
fn report_done(employees: usize) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "done {employees}");
    let _ = out.flush();
}

fn child_syncing(dir: &Path) {
    let state = Arc::new(state_in(dir));
    let saver = state.clone();
    std::thread::spawn(move || {
        let steps = [StepId::Welcome, StepId::Permissions, StepId::Test];
        for round in 0.. {
            let mut progress = saver.progress();
            progress.step = steps[round % steps.len()];
            saver.save_progress(progress).unwrap();
            std::thread::sleep(Duration::from_millis(1));
        }
    });
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        loop {
            let result = state.sync_now(|_| {}).await.unwrap();
            report_done(result.preview.counts.employees);
        }
    });
}

fn child_writing_history(dir: &Path) {
    let state = state_in(dir);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(state.sync_now(|_| {})).unwrap();
    let preview = state.last_preview().unwrap();
    report_done(preview.records.len());
    let key = decode(HISTORY_KEY);
    let mut store = SyncHistory::open(&dir.join("history.sqlite"), key).unwrap();
    for taken_at in 1.. {
        store.save("demo", "directory", &preview, taken_at).unwrap();
        report_done(preview.records.len());
    }
}

fn decode(hex: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    key
}

/// Runs a child of `kind` until it has finished `at_least` runs, lets it go on for `extra`, kills
/// it, and returns how many runs it reported and with how many employees.
fn run_and_kill(dir: &Path, kind: &str, at_least: usize, extra: Duration) -> (usize, usize) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, kind)
        .env("HIBOB_SETUP_DATA_DIR", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut done = 0;
    let mut employees = 0;
    let started = Instant::now();
    while done < at_least {
        let line = lines.next().expect("the child reports its runs").unwrap();
        employees = line.trim_start_matches("done ").parse().unwrap();
        done += 1;
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the child is stuck"
        );
    }
    std::thread::sleep(extra);
    child.kill().unwrap();
    child.wait().unwrap();
    // What it printed before it died counts too.
    done += lines.map_while(Result::ok).count();
    (done, employees)
}

/// Checks the history with SQLite itself: intact, and every stored run complete.
fn check_history(dir: &Path, employees: usize) -> usize {
    let connection = rusqlite::Connection::open(dir.join("history.sqlite")).unwrap();
    let integrity: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut statement = connection
        .prepare(
            "SELECT s.id, COUNT(r.employee_id) FROM snapshot s
             LEFT JOIN record r ON r.snapshot_id = s.id GROUP BY s.id",
        )
        .unwrap();
    let runs: Vec<(i64, usize)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, records) in &runs {
        assert_eq!(*records, employees, "run {id} was stored in part");
    }
    runs.len()
}

fn check_progress(dir: &Path) {
    let bytes = std::fs::read(dir.join("progress.json")).unwrap();
    let progress: Result<Progress, _> = serde_json::from_slice(&bytes);
    assert!(progress.is_ok(), "progress.json was left damaged");
}

fn parent() {
    let scratch = Scratch::new("crash");
    let dir = scratch.path();
    let mut finished = 0;
    let mut employees = 0;
    let mut kills = 0;
    for kind in ["sync", "store"] {
        for round in 0..ROUNDS_PER_KIND {
            // Kill at a different moment each round: after 1 to 3 runs, then 0 to 45 ms more.
            let extra = Duration::from_millis((round as u64 * 17) % 46);
            let (done, count) = run_and_kill(dir, kind, 1 + round % 3, extra);
            kills += 1;
            finished += done;
            employees = count;
            let stored = check_history(dir, employees);
            // The history keeps the last 10 runs; every run that finished is there, and at most
            // one more (committed, killed before it could say so).
            assert!(
                stored >= finished.min(10) && stored <= 10,
                "{stored} runs stored after {finished} finished"
            );
            if kind == "sync" {
                check_progress(dir);
            }
        }
    }

    // The next start: no notice, the progress as last saved, and a Sync now that compares with
    // the last finished one.
    let state = state_in(dir);
    let info = state.app_info().unwrap();
    assert!(info.notices.is_empty(), "{:?}", info.notices);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let result = runtime.block_on(state.sync_now(|_| {})).unwrap();
    assert!(result.notices.is_empty(), "{:?}", result.notices);
    assert!(result.diff.previous_at.is_some());
    assert_eq!(result.diff.unchanged, employees);
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".damaged"))
        .collect();
    assert!(leftovers.is_empty(), "nothing was set aside: {leftovers:?}");
    println!("crash safety: {kills} kills, {finished} runs finished, history and progress intact");
}
