//! Wall time of Test connection against a simulated HiBob that answers every request after an
//! injected delay: how many round trips of that delay the diagnosis costs, and how many requests
//! it makes. Goal: at most 3 round trips on the critical path.
//!
//! Then a large company: Test connection of 50,000 employees with no injected latency, in a
//! child process of its own with the simulator in a grandchild, so its peak memory is the
//! diagnosis's alone. Beside it, the largest answer it read and that answer's transfer alone (the
//! same request sent again and only drained). Goals: peak memory within the largest answer +
//! 40 MB, and wall time within that transfer + 300 ms.
//!
//! Run with `cargo bench -p hibob-setup --bench diagnosis`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hibob::{Client, Environment};
use hibob_sim::child::{peak_rss_kib, serve_if_asked, SimChild};
use hibob_sim::{Faults, Preset, SimConfig, SimServer};
use serde_json::{json, Value};
use setup::{diagnose, review, Catalog, Profile};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const LATENCY_MS: u64 = 100;
const EMPLOYEES: usize = 1_000;
const LARGE: usize = 50_000;
const ROUNDS: usize = 3;

fn main() -> BenchResult<()> {
    serve_if_asked();
    let runtime = tokio::runtime::Runtime::new()?;
    if std::env::args().nth(1).as_deref() == Some("--measure-large") {
        return runtime.block_on(measure_large());
    }
    runtime.block_on(run())?;
    report_large()
}

/// Runs [`measure_large`] in a fresh process and prints its row.
fn report_large() -> BenchResult<()> {
    let output = Command::new(std::env::current_exe()?)
        .arg("--measure-large")
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        return Err("measuring the large company failed".into());
    }
    let r: Value = serde_json::from_slice(&output.stdout)?;
    let n = |key: &str| r[key].as_f64().unwrap_or(f64::NAN);
    let mib = |bytes: f64| bytes / (1024.0 * 1024.0);
    println!();
    println!("Test connection, directory profile, {LARGE} employees, no injected latency (best of {ROUNDS})");
    println!(
        "{:>9} {:>9} {:>15} {:>17} {:>16} {:>15} {:>20}",
        "wall",
        "requests",
        "largest answer",
        "its transfer alone",
        "beyond transfer",
        "peak RSS (MiB)",
        "answer + 40 MB (MiB)"
    );
    println!(
        "{:>7.0}ms {:>9} {:>13.1}MB {:>15.0}ms {:>14.0}ms {:>15.1} {:>20.1}",
        n("wall_ms"),
        r["requests"],
        n("largest_bytes") / 1e6,
        n("transfer_ms"),
        n("wall_ms") - n("transfer_ms"),
        n("peak_rss_kib") / 1024.0,
        mib(n("largest_bytes") + 40e6),
    );
    Ok(())
}

/// Test connection against a simulated company of [`LARGE`] employees; prints one JSON line.
async fn measure_large() -> BenchResult<()> {
    let sim = SimChild::spawn(LARGE, Preset::Full).map_err(|e| e.to_string())?;
    let catalog = Catalog::builtin()?;
    let profile = Profile::builtin("directory", &catalog)?;
    let environment: Environment = sim.base_url.parse()?;
    let credentials = review(&sim.service_user_id, &sim.token)?;
    let http = reqwest::Client::new();
    let mut best: Option<Value> = None;
    for _ in 0..ROUNDS {
        http.delete(format!("{}/requests", sim.admin_url))
            .send()
            .await?;
        let client = Client::new(&environment, credentials.credentials.clone())?;
        let started = Instant::now();
        let diagnosis = diagnose(&client, &environment, &credentials, &profile, &catalog).await;
        let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
        let log: Vec<Value> = http
            .get(format!("{}/requests", sim.admin_url))
            .send()
            .await?
            .json()
            .await?;
        let largest = log
            .iter()
            .max_by_key(|r| r["response_bytes"].as_u64().unwrap_or(0))
            .ok_or("no requests were made")?;
        let transfer_ms = transfer_alone(&http, &sim, largest).await?;
        let round = json!({
            "wall_ms": wall_ms,
            "requests": diagnosis.stats.requests,
            "largest_bytes": largest["response_bytes"],
            "transfer_ms": transfer_ms,
        });
        let beyond = |r: &Value| {
            r["wall_ms"].as_f64().unwrap_or(f64::MAX) - r["transfer_ms"].as_f64().unwrap_or(0.0)
        };
        if best.as_ref().is_none_or(|b| beyond(&round) < beyond(b)) {
            best = Some(round);
        }
    }
    let mut best = best.ok_or("no rounds")?;
    best["peak_rss_kib"] = json!(peak_rss_kib());
    println!("{best}");
    Ok(())
}

/// The logged request sent again, its answer drained without reading: milliseconds.
async fn transfer_alone(
    http: &reqwest::Client,
    sim: &SimChild,
    logged: &Value,
) -> BenchResult<f64> {
    let path = logged["path"].as_str().ok_or("no path")?;
    let url = format!("{}{}", sim.base_url.trim_end_matches("/v1"), path);
    let mut request = match logged["method"].as_str() {
        Some("POST") => http.post(url),
        _ => http.get(url),
    }
    .basic_auth(&sim.service_user_id, Some(&sim.token));
    if let Some(body) = logged["body"].as_str() {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let started = Instant::now();
    let mut answer = request.send().await?.error_for_status()?;
    while answer.chunk().await?.is_some() {}
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

async fn run() -> BenchResult<()> {
    let catalog = Catalog::builtin()?;
    println!(
        "diagnosis against hibob-sim, {EMPLOYEES} employees, {LATENCY_MS} ms injected latency per request (best of {ROUNDS})"
    );
    println!(
        "{:<10} {:<14} {:>9} {:>13} {:>9} {:>12} {:>15}",
        "profile", "preset", "wall", "wall/latency", "requests", "round trips", "beyond latency"
    );
    for (profile_id, preset) in [
        ("directory", Preset::Full),
        ("hr-core", Preset::Full),
        ("hr-core", Preset::BaseOnly),
        ("unified", Preset::Full),
    ] {
        let sim = SimServer::start(SimConfig {
            employees: EMPLOYEES,
            preset,
            rate_limit_per_minute: None,
            faults: Faults {
                latency_ms: LATENCY_MS,
                ..Faults::default()
            },
            ..SimConfig::default()
        })
        .await?;
        let profile = Profile::builtin(profile_id, &catalog)?;
        let environment: Environment = sim.base_url().parse()?;
        let credentials = review(&sim.service_user_id(), &sim.token())?;
        let mut best = Duration::MAX;
        let mut requests = 0;
        let mut round_trips = 0;
        for _ in 0..ROUNDS {
            sim.clear_requests();
            let client = Client::new(&environment, credentials.credentials.clone())?;
            let started = Instant::now();
            let diagnosis = diagnose(&client, &environment, &credentials, &profile, &catalog).await;
            best = best.min(started.elapsed());
            requests = sim.requests().len();
            round_trips = diagnosis.stats.round_trips;
        }
        let wall_ms = best.as_secs_f64() * 1000.0;
        // Time spent on anything but waiting: serializing, parsing, judging.
        let beyond_ms = wall_ms - (round_trips as u64 * LATENCY_MS) as f64;
        println!(
            "{:<10} {:<14} {:>7.0}ms {:>13.2} {:>9} {:>12} {:>13.0}ms",
            profile_id,
            preset.to_string(),
            wall_ms,
            wall_ms / LATENCY_MS as f64,
            requests,
            round_trips,
            beyond_ms
        );
        sim.shutdown().await;
    }
    Ok(())
}
