//! How fast the simulator builds a company and answers a people search of it, for 10,000, 50,000
//! and 100,000 employees. Run with `cargo bench -p hibob-sim --bench serve`.

use std::time::Instant;

use hibob_sim::{SimConfig, SimServer};
use serde_json::{json, Value};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> BenchResult<()> {
    tokio::runtime::Runtime::new()?.block_on(run())
}

async fn run() -> BenchResult<()> {
    println!(
        "{:>9} {:>9} {:>22} {:>28}",
        "employees", "start", "search, default fields", "search, every field + APPEND"
    );
    let http = reqwest::Client::new();
    for n in [10_000, 50_000, 100_000] {
        let started = Instant::now();
        let sim = SimServer::start(SimConfig {
            employees: n,
            rate_limit_per_minute: None,
            ..SimConfig::default()
        })
        .await?;
        let start = started.elapsed();
        let search = |body: Value| {
            http.post(format!("{}/people/search", sim.base_url()))
                .basic_auth(sim.service_user_id(), Some(sim.token()))
                .json(&body)
                .send()
        };
        let started = Instant::now();
        let default_bytes = search(json!({"showInactive": true}))
            .await?
            .bytes()
            .await?
            .len();
        let default_time = started.elapsed();
        let fields: Value = http
            .get(format!("{}/company/people/fields", sim.base_url()))
            .basic_auth(sim.service_user_id(), Some(sim.token()))
            .send()
            .await?
            .json()
            .await?;
        let ids: Vec<&str> = fields
            .as_array()
            .ok_or("fields is not an array")?
            .iter()
            .filter_map(|f| f["id"].as_str())
            .collect();
        let started = Instant::now();
        let all_bytes =
            search(json!({"fields": ids, "showInactive": true, "humanReadable": "APPEND"}))
                .await?
                .bytes()
                .await?
                .len();
        let all_time = started.elapsed();
        println!(
            "{n:>9} {:>7.0}ms {:>10.0}ms ({:>4} MB) {:>16.0}ms ({:>4} MB)",
            start.as_secs_f64() * 1000.0,
            default_time.as_secs_f64() * 1000.0,
            default_bytes / 1_000_000,
            all_time.as_secs_f64() * 1000.0,
            all_bytes / 1_000_000,
        );
        sim.shutdown().await;
    }
    Ok(())
}
