//! The `hibob-sim` binary: one JSON line on stdout, serves until SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

#[tokio::test]
async fn prints_one_json_line_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hibob-sim"))
        .args([
            "--port",
            "0",
            "--employees",
            "25",
            "--seed",
            "3",
            "--preset",
            "demo",
            "--rate-limit",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let info: Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(info["preset"], "demo");
    assert_eq!(info["employees"], 25);
    let base = info["base_url"].as_str().unwrap();
    assert!(base.starts_with("http://127.0.0.1:") && base.ends_with("/v1"));
    assert!(info["admin_url"].as_str().unwrap().ends_with("/_admin"));

    let resp = reqwest::Client::new()
        .get(format!("{base}/company/people/fields"))
        .basic_auth(
            info["service_user_id"].as_str().unwrap(),
            info["token"].as_str(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    #[cfg(unix)]
    {
        // SIGTERM must end the process cleanly.
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = child.wait().unwrap();
        assert_eq!(exit.code(), Some(0));
    }
    #[cfg(not(unix))]
    {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    for args in [
        &["--preset", "nope"][..],
        &["--employees", "0"],
        &["--employees", "100001"],
        &["--bogus"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_hibob-sim"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.trim().is_empty());
        if args.contains(&"nope") {
            assert!(
                err.contains("no-terminated") && err.contains("legacy-token"),
                "{err}"
            );
        }
    }
    let help = Command::new(env!("CARGO_BIN_EXE_hibob-sim"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--port",
        "--employees",
        "--seed",
        "--preset",
        "--latency-ms",
        "--rate-limit",
        "--messy",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
}
