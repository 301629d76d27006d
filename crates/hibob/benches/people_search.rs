//! People search through the client against the simulated tenant: 10,000 and 50,000 employees.
//!
//! Run with `cargo bench -p hibob --bench people_search`. Reports, per company size: requests made,
//! bytes received, transfer and parse time (best of three), and the client process's peak resident
//! memory. Each size is measured in a fresh child process, and the simulator runs in a grandchild
//! process (`hibob_sim::child`), so the memory figure is the client's alone.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use hibob::{Client, ClientConfig, Credentials, Environment, HumanReadable, PeopleSearch};
use hibob_sim::child::{peak_rss_kib, serve_if_asked, SimChild};
use hibob_sim::Preset;
use serde_json::{json, Value};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const SIZES: [usize; 2] = [10_000, 50_000];
const ROUNDS: usize = 3;

/// The fields a directory sync asks for (seed 004's mapping), plus lifecycle.
const FIELDS: &[&str] = &[
    "root.id",
    "root.displayName",
    "root.firstName",
    "root.surname",
    "root.email",
    "work.title",
    "work.site",
    "work.department",
    "work.startDate",
    "work.reportsTo",
    "internal.status",
    "internal.lifecycleStatus",
    "internal.terminationDate",
];

fn main() -> BenchResult<()> {
    serve_if_asked();
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--measure") => measure(parse_size(args.get(2))?),
        // `cargo bench` passes `--bench`; anything else runs the whole benchmark.
        _ => orchestrate(),
    }
}

fn parse_size(arg: Option<&String>) -> BenchResult<usize> {
    Ok(arg.ok_or("missing size")?.parse()?)
}

fn orchestrate() -> BenchResult<()> {
    println!("people search through hibob::Client against hibob-sim (best of {ROUNDS})");
    println!(
        "{:>9} {:>8} {:>12} {:>12} {:>10} {:>10} {:>14}",
        "employees", "requests", "bytes", "bytes/empl", "transfer", "parse", "peak RSS (MiB)"
    );
    let exe = std::env::current_exe()?;
    for size in SIZES {
        let output = Command::new(&exe)
            .args(["--measure", &size.to_string()])
            .stderr(Stdio::inherit())
            .output()?;
        if !output.status.success() {
            return Err(format!("measuring {size} employees failed").into());
        }
        let line = String::from_utf8(output.stdout)?;
        let r: Value = serde_json::from_str(line.trim())?;
        let bytes = r["bytes"].as_u64().unwrap_or(0);
        println!(
            "{:>9} {:>8} {:>12} {:>12} {:>9.0}ms {:>9.0}ms {:>14.1}",
            size,
            r["requests_per_search"],
            bytes,
            bytes / size as u64,
            r["transfer_ms"].as_f64().unwrap_or(f64::NAN),
            r["parse_ms"].as_f64().unwrap_or(f64::NAN),
            r["peak_rss_kib"].as_f64().unwrap_or(f64::NAN) / 1024.0,
        );
    }
    Ok(())
}

/// Child: start the simulator in a grandchild, search `ROUNDS` times, print one JSON line.
fn measure(size: usize) -> BenchResult<()> {
    let sim = SimChild::spawn(size, Preset::Full).map_err(|e| e.to_string())?;
    let credentials = Credentials::new(sim.service_user_id.as_str(), sim.token.as_str());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let environment: Environment = sim.base_url.parse()?;
        let config = ClientConfig {
            timeout: Duration::from_secs(300),
            ..ClientConfig::default()
        };
        let client = Client::with_config(&environment, credentials, config)?;
        let search = PeopleSearch::fields(FIELDS.iter().copied())
            .show_inactive(true)
            .human_readable(HumanReadable::Append);
        let mut best_transfer = Duration::MAX;
        let mut best_parse = Duration::MAX;
        let mut bytes = 0;
        for _ in 0..ROUNDS {
            let result = client.search_people(&search).await?;
            if result.employees.len() != size {
                return Err(
                    format!("expected {size} employees, got {}", result.employees.len()).into(),
                );
            }
            bytes = result.body_bytes;
            best_transfer = best_transfer.min(result.transfer_time);
            best_parse = best_parse.min(result.parse_time);
        }
        let requests = reqwest::get(format!("{}/requests", sim.admin_url))
            .await?
            .json::<Value>()
            .await?
            .as_array()
            .map(|log| log.len())
            .unwrap_or(0);
        BenchResult::Ok(json!({
            "requests_per_search": requests / ROUNDS,
            "bytes": bytes,
            "transfer_ms": best_transfer.as_secs_f64() * 1000.0,
            "parse_ms": best_parse.as_secs_f64() * 1000.0,
            "peak_rss_kib": peak_rss_kib(),
        }))
    })?;
    println!("{result}");
    std::io::stdout().flush()?;
    Ok(())
}
