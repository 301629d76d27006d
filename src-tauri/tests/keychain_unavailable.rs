//! The real OS credential store when it cannot be used: not there at all (no D-Bus session, as
//! on a bare server or in some remote sessions) and there but locked (its password not typed).
//! Either way the app must answer within its wait, say so in a sentence, offer to keep the token
//! for this session only, and then work with it: Test connection and Sync now.
//!
//! Each case runs in a child process of this test (its own `main`), because the D-Bus session
//! is process-wide: the locked case gets a private session with its own gnome-keyring, so the
//! keyring the other tests use is never locked.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[cfg(target_os = "linux")]
#[path = "it/util.rs"]
mod util;

fn main() {
    #[cfg(target_os = "linux")]
    linux::main();
    // Both cases are Linux's: a missing D-Bus session and a locked gnome-keyring. Windows'
    // Credential Manager and macOS's Keychain have no such states to play here.
    #[cfg(not(target_os = "linux"))]
    eprintln!("keychain_unavailable: not run, its cases (no D-Bus session, a locked gnome-keyring) are Linux's");
}

#[cfg(target_os = "linux")]
mod linux {
    use std::process::Command;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use super::util;
    use hibob_setup_app::secrets::{Keychain, SecretStore};
    use hibob_setup_app::AppState;
    use hibob_sim::{Preset, SimConfig};
    use setup::diagnosis::Verdict;
    use setup::ipc::TokenStorage;
    use setup::{ErrorKind, SetupError};
    use test_support::Scratch;

    const CASE: &str = "HIBOB_SETUP_KEYCHAIN_CASE";
    /// How long the app waits for the store in this test (45 s in the app).
    const WAIT: Duration = Duration::from_secs(3);

    pub fn main() {
        match std::env::var(CASE).as_deref() {
            Ok("absent") => store_refuses("absent"),
            Ok("locked") => {
                lock_the_login_keyring();
                store_refuses("locked");
            }
            Ok(other) => panic!("unknown case {other}"),
            Err(_) => {
                run_case("absent");
                run_case("locked");
                println!(
                    "credential store absent and locked: both refused in time, session-only works"
                );
            }
        }
    }

    fn run_case(case: &str) {
        let scratch = Scratch::new(&format!("keychain-{case}"));
        let runtime = scratch.path().join("runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        let me = std::env::current_exe().unwrap();
        let mut command = match case {
            // An address where no bus listens: every call to the store fails at once.
            "absent" => {
                let mut command = Command::new(&me);
                command.env(
                    "DBUS_SESSION_BUS_ADDRESS",
                    format!("unix:path={}/no-bus", runtime.display()),
                );
                command
            }
            // A private session bus and keyring: created with a password, then locked.
            _ => {
                let mut command = Command::new("dbus-run-session");
                command.args([
                    "--",
                    "sh",
                    "-c",
                    "printf hibob-setup | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec \"$0\"",
                ]);
                command.arg(&me);
                command
            }
        };
        let status = command
            .env(CASE, case)
            .env("XDG_DATA_HOME", scratch.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .status()
            .expect("dbus-run-session and gnome-keyring are installed (.ci/run installs them)");
        assert!(status.success(), "the {case} credential store case failed");
    }

    fn lock_the_login_keyring() {
        Keychain::default()
            .set("lock-probe", "unlocked until now")
            .expect("the fresh keyring is unlocked");
        let locked = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .output()
            .unwrap();
        assert!(locked.status.success(), "{locked:?}");
    }

    fn store_refuses(case: &str) {
        let keychain = Keychain::waiting_at_most(WAIT);
        let started = Instant::now();
        let refused = keychain.get("lock-probe").expect_err(case);
        assert!(
            started.elapsed() < WAIT + Duration::from_secs(2),
            "{case}: waited {:?}",
            started.elapsed()
        );
        let report = SetupError::from(refused).report();
        assert_eq!(report.kind, ErrorKind::KeychainUnavailable);
        assert_eq!(
            report.message,
            "This computer's credential store could not be used."
        );
        assert!(report.hint.contains("this session only"), "{}", report.hint);

        let runtime = tokio::runtime::Runtime::new().unwrap();
        let sim = runtime.block_on(test_support::started(
            SimConfig::preset(Preset::Full).employees(60),
        ));
        let scratch = Scratch::new(&format!("keychain-{case}-app"));
        let state = AppState::new(scratch.path(), Arc::new(keychain)).unwrap();
        util::choose(&state, &sim.base_url(), "directory");

        // The credentials step: a store that is not there is reported before anything is typed; a
        // locked one holds nothing for this address, and is asked to unlock only to save.
        let status = state.credential_status();
        assert_eq!(status.token, TokenStorage::None);
        let expected = (case == "absent").then_some(ErrorKind::KeychainUnavailable);
        assert_eq!(status.keychain_problem.map(|p| p.kind), expected);
        // ...saving to the store is refused with the way out...
        let (id, token) = (sim.service_user_id(), sim.token());
        let error = state.save_credentials(&id, &token, false).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::KeychainUnavailable);
        assert!(!error.hint().contains(&token));
        // ...and the session-only choice works end to end, without waiting on the store again.
        let status = state.save_credentials(&id, &token, true).unwrap();
        assert_eq!(status.token, TokenStorage::Session);
        let started = Instant::now();
        let diagnosis = runtime.block_on(state.test_connection(|_| {})).unwrap();
        assert_eq!(diagnosis.verdict, Verdict::Ready);
        let synced = runtime.block_on(state.sync_now(|_| {})).unwrap();
        assert!(synced.preview.counts.employees > 0);
        let again = runtime.block_on(state.sync_now(|_| {})).unwrap();
        assert_eq!(again.diff.unchanged, again.preview.counts.employees);
        assert!(
            started.elapsed() < WAIT + Duration::from_secs(5),
            "{case}: the store was waited on more than once: {:?}",
            started.elapsed()
        );
    }
}
