//! Wall time of Test connection against a simulated HiBob that answers every request after an
//! injected delay: how many round trips of that delay the diagnosis costs, and how many requests
//! it makes. Goal: at most 3 round trips on the critical path.
//!
//! Run with `cargo bench -p hibob-setup --bench diagnosis`.

use std::time::{Duration, Instant};

use hibob::{Client, Environment};
use hibob_sim::{Faults, Preset, SimConfig, SimServer};
use setup::{diagnose, review, Catalog, Profile};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const LATENCY_MS: u64 = 100;
const EMPLOYEES: usize = 1_000;
const ROUNDS: usize = 3;

fn main() -> BenchResult<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(run())
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
