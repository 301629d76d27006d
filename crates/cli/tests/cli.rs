//! `hibob-setup check` as a user runs it: exit codes, JSON shape, where credentials come from,
//! and that the token never shows up in anything the command prints.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use base64::Engine;
use hibob_sim::{Preset, SimConfig, SimServer};
use serde_json::Value;
use test_support::{started, Scratch};

const BIN: &str = env!("CARGO_BIN_EXE_hibob-setup");

/// Runs the CLI with the token in HIBOB_TOKEN, on a blocking thread so the in-process simulator
/// keeps serving.
async fn run(args: Vec<String>, id: Option<String>, token: Option<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(BIN);
        command
            .args(&args)
            .env_remove("HIBOB_TOKEN")
            .env_remove("HIBOB_SERVICE_USER_ID");
        if let Some(id) = id {
            command.env("HIBOB_SERVICE_USER_ID", id);
        }
        if let Some(token) = token {
            command.env("HIBOB_TOKEN", token);
        }
        command.output().expect("hibob-setup runs")
    })
    .await
    .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn assert_no_secret(output: &Output, id: &str, token: &str) {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{token}"));
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(token), "the token leaked into {stream}");
        assert!(
            !text.contains(&basic),
            "the Basic auth header leaked into {stream}"
        );
    }
}

#[tokio::test]
async fn ready_tenant_exits_0_with_a_json_document() {
    let sim = started(SimConfig::preset(Preset::Full).employees(80)).await;
    let output = run(
        args(&[
            "check",
            "--env",
            &sim.base_url(),
            "--profile",
            "directory",
            "--json",
        ]),
        Some(sim.service_user_id()),
        Some(sim.token()),
    )
    .await;
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["auth"]["status"], "accepted");
    let checks = document["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    for check in checks {
        for key in ["permission", "label", "status", "evidence", "fix"] {
            assert!(check[key].is_string(), "check without {key}: {check}");
        }
    }
    assert!(
        document["lifecycle"]["counts"]["terminated"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert!(document["warnings"].is_array());
    assert_no_secret(&output, &sim.service_user_id(), &sim.token());
}

#[tokio::test]
async fn missing_permissions_exit_3_with_a_readable_checklist() {
    let sim = started(SimConfig::preset(Preset::NoTerminated).employees(80)).await;
    let output = run(
        args(&["check", "--env", &sim.base_url(), "--profile", "directory"]),
        Some(sim.service_user_id()),
        Some(sim.token()),
    )
    .await;
    assert_eq!(output.status.code(), Some(3));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("[MISSING ] Terminated"), "{text}");
    assert!(text.contains("Fix: In HiBob"), "{text}");
    assert_no_secret(&output, &sim.service_user_id(), &sim.token());
}

#[tokio::test]
async fn rejected_credentials_exit_4_and_never_echo_the_token() {
    let sim = started(SimConfig::preset(Preset::Full).employees(80)).await;
    let wrong = "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7M";
    let output = run(
        args(&["check", "--env", &sim.base_url(), "--json"]),
        Some(sim.service_user_id()),
        Some(wrong.to_string()),
    )
    .await;
    assert_eq!(output.status.code(), Some(4));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["auth"]["status"], "rejected");
    assert!(!document["auth"]["likely_causes"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_no_secret(&output, &sim.service_user_id(), wrong);
}

#[tokio::test]
async fn unreachable_hibob_exits_5() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let output = run(
        args(&["check", "--env", &format!("http://127.0.0.1:{port}")]),
        Some("SERVICE-1".into()),
        Some("token".into()),
    )
    .await;
    assert_eq!(output.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&output.stdout).contains("could not be reached"));
}

#[tokio::test]
async fn usage_errors_exit_2_with_a_hint() {
    // No token anywhere.
    let output = run(
        args(&["check", "--env", "http://127.0.0.1:9"]),
        Some("SERVICE-1".into()),
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("token is missing"));

    // Plain http to a remote host is refused before anything is sent.
    let output = run(
        args(&["check", "--env", "http://api.example.com"]),
        Some("SERVICE-1".into()),
        Some("t".into()),
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("https"));

    // An unknown profile names some built-in ones and where to find them all.
    let output = run(args(&["check", "--profile", "nope"]), None, None).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Choose a profile ID such as "), "{stderr}");
    assert!(
        stderr.contains("`hibob-setup profiles` lists them all"),
        "{stderr}"
    );

    // The token is not a command-line option at all.
    let output = run(args(&["check", "--token", "abc"]), None, None).await;
    assert_eq!(output.status.code(), Some(2));
}

#[tokio::test]
async fn token_can_come_from_standard_input() {
    let sim = started(SimConfig::preset(Preset::Full).employees(80)).await;
    let (url, id, token) = (sim.base_url(), sim.service_user_id(), sim.token());
    let output = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(BIN)
            .args(["check", "--env", &url, "--id", &id, "--token-stdin"])
            .env_remove("HIBOB_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{token}").unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_no_secret(&output, &sim.service_user_id(), &sim.token());
}

#[tokio::test]
async fn a_custom_profile_file_with_a_typo_names_the_line() {
    let dir = Scratch::new("cli-profile");
    let path = dir.join("custom.toml");
    std::fs::write(
        &path,
        "id = \"custom\"\nname = \"Custom\"\ndescription = \"x\"\npermissions = [\n  { id = \"people.wrk.view\", why = \"typo\" },\n]\n",
    )
    .unwrap();
    let output = run(
        args(&["check", "--profile", path.to_str().unwrap()]),
        None,
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 5"), "{stderr}");
    assert!(stderr.contains("people.wrk.view"), "{stderr}");
}

#[tokio::test]
async fn profiles_lists_every_built_in_id_that_profile_takes() {
    let output = run(args(&["profiles", "--json"]), None, None).await;
    assert_eq!(output.status.code(), Some(0));
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    let generic = ["directory", "hr-core", "unified"];
    for id in generic {
        assert!(listed.iter().any(|p| p["id"] == id), "{id} is not listed");
    }
    let products: Vec<&Value> = listed.iter().filter(|p| !p["product"].is_null()).collect();
    assert!(!products.is_empty());
    for product in &products {
        let source = &product["product"]["sources"][0];
        assert!(
            source["url"].as_str().unwrap().starts_with("https://"),
            "{product}"
        );
    }

    // The table a person reads names each product's ID, kind and source.
    let table = run(args(&["profiles"]), None, None).await;
    let text = String::from_utf8_lossy(&table.stdout);
    let first = products[0];
    let row = text
        .lines()
        .find(|line| line.starts_with(first["id"].as_str().unwrap()))
        .unwrap();
    assert!(
        row.contains(first["product"]["sources"][0]["url"].as_str().unwrap()),
        "{row}"
    );
    assert!(
        row.contains(first["category_name"].as_str().unwrap()),
        "{row}"
    );

    // And `--profile` takes any of those IDs (an unknown one is a usage error that points here).
    let unknown = run(args(&["check", "--profile", "no-such-product"]), None, None).await;
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("hibob-setup profiles"));
}

#[tokio::test]
async fn help_documents_the_exit_codes() {
    let output = run(args(&["check", "--help"]), None, None).await;
    let text = String::from_utf8_lossy(&output.stdout);
    for line in [
        "0  ready",
        "3  credentials work",
        "4  HiBob rejected",
        "5  HiBob could not",
        "2  usage",
    ] {
        assert!(text.contains(line), "--help lacks “{line}”");
    }
}

#[tokio::test]
async fn no_command_prints_or_writes_the_token() {
    let sim = started(SimConfig::preset(Preset::Full).employees(80)).await;
    let (url, id, token) = (sim.base_url(), sim.service_user_id(), sim.token());
    let dir = Scratch::new("cli-audit");
    let csv = dir.join("preview.csv").display().to_string();
    let json = dir.join("preview.json").display().to_string();
    let sync_to = |format: &str, out: &str| {
        let list = [
            "sync",
            "--preview",
            "--env",
            &url,
            "--format",
            format,
            "--out",
            out,
        ];
        args(&list)
    };
    let commands = [
        args(&["check", "--env", &url, "--profile", "unified"]),
        args(&["check", "--env", &url, "--profile", "unified", "--json"]),
        args(&["sync", "--preview", "--env", &url, "--profile", "hr-core"]),
        args(&["sync", "--preview", "--env", &url, "--format", "json"]),
        sync_to("csv", &csv),
        sync_to("json", &json),
    ];
    for command in commands {
        assert!(!command.iter().any(|arg| arg.contains(&token)));
        let output = run(command.clone(), Some(id.clone()), Some(token.clone())).await;
        assert!(
            matches!(output.status.code(), Some(0 | 3)),
            "{command:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_no_secret(&output, &id, &token);
    }
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{token}"));
    for file in [&csv, &json] {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.len() > 1000, "{file} holds the preview");
        assert!(!text.contains(&token) && !text.contains(&basic), "{file}");
    }
}

fn run_cli(sim: &SimServer, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hibob-setup"))
        .args([
            "sync",
            "--preview",
            "--env",
            &sim.base_url(),
            "--id",
            &sim.service_user_id(),
        ])
        .args(args)
        .env("HIBOB_TOKEN", sim.token())
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_exports_csv_and_json_and_never_the_token() {
    let sim = started(SimConfig::preset(Preset::Full).employees(80)).await;
    let dir = Scratch::new("cli-sync");
    let csv_path = dir.join("preview.csv");
    let (sim_ref, path) = (&sim, csv_path.to_str().unwrap().to_string());
    let output = tokio::task::block_in_place(|| {
        run_cli(
            sim_ref,
            &["--profile", "directory", "--format", "csv", "--out", &path],
        )
    });
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    // The byte-order mark that makes Excel read UTF-8, then the header.
    let mut lines = csv
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark")
        .lines();
    assert_eq!(
        lines.next().unwrap(),
        "employee_id,status,problems,withheld,id,full_name,first_name,last_name,email,job_title,location,primary_team,hire_date,leave_date,override_manager"
    );
    assert_eq!(lines.count(), sim.employee_count());
    assert!(!csv.contains(&sim.token()));

    let output = tokio::task::block_in_place(|| run_cli(sim_ref, &["--format", "json"]));
    assert_eq!(output.status.code(), Some(0));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["counts"]["employees"], sim.employee_count());
    for stream in [&output.stdout, &output.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(&sim.token()));
    }
}

/// A rate limit is told on standard error, with the local time the wait ends, while standard
/// output stays one JSON document.
#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limit_is_told_on_stderr_and_json_stays_clean() {
    let sim = started(SimConfig::preset(Preset::Full).employees(40)).await;
    sim.set_faults(hibob_sim::Faults {
        rate_limit_next: 1,
        retry_after_secs: Some(1),
        ..hibob_sim::Faults::default()
    });
    let sim_ref = &sim;
    let output = tokio::task::block_in_place(|| run_cli(sim_ref, &["--format", "json"]));
    assert_eq!(output.status.code(), Some(0));
    let document: Value = serde_json::from_slice(&output.stdout).expect("stdout is only JSON");
    assert_eq!(document["counts"]["employees"], sim.employee_count());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("HiBob asked us to slow down; waiting until "))
        .unwrap_or_else(|| panic!("no wait line in {stderr}"));
    // "… until 21:04:12 (about 1 s) before trying GET /company/people/fields again."
    let clock = &line["HiBob asked us to slow down; waiting until ".len()..][..8];
    assert!(
        clock.chars().enumerate().all(|(i, c)| if i == 2 || i == 5 {
            c == ':'
        } else {
            c.is_ascii_digit()
        }),
        "{line}"
    );
    assert!(line.contains("(about 1 s) before trying "), "{line}");
    assert!(line.ends_with(" again."), "{line}");
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_exit_code_3_when_a_mapped_field_is_withheld() {
    let sim = started(SimConfig::preset(Preset::Demo).employees(80)).await;
    let output = tokio::task::spawn_blocking({
        let (url, id, token) = (sim.base_url(), sim.service_user_id(), sim.token());
        move || {
            Command::new(env!("CARGO_BIN_EXE_hibob-setup"))
                .args(["sync", "--preview", "--env", &url, "--id", &id])
                .env("HIBOB_TOKEN", token)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(3));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains(
            "HiBob withheld leave_date (Termination date, in Lifecycle) for every employee"
        ),
        "{text}"
    );
}

/// What a person reads is pinned as a whole: the demo company is seeded, so only its port (in the
/// environment's address) and timings vary from run to run.
mod output {
    use super::*;

    fn stable(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("127.0.0.1:") {
            let (before, after) = rest.split_at(at + "127.0.0.1:".len());
            out.push_str(before);
            out.push_str("PORT");
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out.push_str(rest);
        out
    }

    async fn demo(list: &[&str]) -> (String, Option<i32>) {
        let output = run(args(list), None, None).await;
        (
            stable(&String::from_utf8_lossy(&output.stdout)),
            output.status.code(),
        )
    }

    #[tokio::test]
    async fn the_checklist() {
        let (text, code) = demo(&["check", "--env", "demo"]).await;
        assert_eq!(code, Some(3), "the demo starts with permissions missing");
        insta::assert_snapshot!(text);
    }

    #[tokio::test]
    async fn the_checklist_as_json() {
        let (text, _) = demo(&["check", "--env", "demo", "--profile", "hr-core", "--json"]).await;
        let mut document: Value = serde_json::from_str(&text).unwrap();
        document["stats"]["elapsed_ms"] = Value::from(0);
        insta::assert_snapshot!(serde_json::to_string_pretty(&document).unwrap());
    }

    #[tokio::test]
    async fn the_preview_summary() {
        let (text, code) = demo(&["sync", "--preview", "--env", "demo"]).await;
        assert_eq!(code, Some(3), "the demo withholds a mapped field");
        insta::assert_snapshot!(text);
    }

    #[tokio::test]
    async fn the_csv_header() {
        let (text, _) = demo(&["sync", "--preview", "--env", "demo", "--format", "csv"]).await;
        insta::assert_snapshot!(text.lines().next().unwrap_or_default());
    }

    #[tokio::test]
    async fn an_error_as_json() {
        let output = run(
            args(&["check", "--env", "sandbox", "--json"]),
            None,
            Some("token".into()),
        )
        .await;
        assert_eq!(output.status.code(), Some(2));
        insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
    }
}
