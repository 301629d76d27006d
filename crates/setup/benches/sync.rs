//! Sync now's preview of 10,000 and 50,000 employees from the simulated tenant: time beyond the
//! transfer and peak memory. Each size runs in a fresh child process with the simulator in a
//! grandchild, so memory is the preview's alone.
//!
//! The preview reads the people search as it arrives, so its reading overlaps the transfer.
//! "Beyond transfer" is therefore measured, not summed: each round first sends the same search
//! and only drains the answer (the transfer alone), then runs the preview; beyond = the preview's
//! search and mapping − the transfer alone.
//!
//! "Work" is the time spent reading and mapping the answer (whether or not it overlapped the
//! transfer) plus the checks after it: the cost itself, which overlap cannot hide. Both are wall
//! time, and on a machine with few cores the simulator writing the answer competes with the
//! reading for them. So two more figures: "CPU beyond", the CPU time of this process's threads
//! during the preview minus during the bare transfer; and "alone", the same answer read (in the
//! chunks it arrived in), mapped and checked from memory with no simulator running. The sizes'
//! work alone is measured in one process, a round of one size after a round of the other, so a
//! spell when the machine runs slower falls on both: the sizes' other figures are taken minutes
//! apart. The last line compares the two sizes by each.
//!
//! Beside it, in the same run and against the same simulated answer, a peer: a small Python script
//! with the standard library (`benches/peer/people_search.py`) sending the same people search and
//! mapping the profile's fields flat, without validation. The bench reports; it fails nothing.
//!
//! Run with `cargo bench -p setup --bench sync`.
//!
//! `scripts/cost.sh` runs this binary with `--count SIZE` under valgrind instead: the same work
//! alone, once, counted in instructions and simulated cache misses, which do not vary with
//! whatever else the machine is doing.

use std::process::{Command, Stdio};

use hibob::{Client, ClientConfig, Credentials, Environment};
use hibob_sim::child::{peak_rss_kib, serve_if_asked, SimChild};
use hibob_sim::Preset;
use serde_json::{json, Value};
use setup::sync::{people_search, preview, preview_of_answer, Preview, SyncControl};
use setup::{Catalog, Profile};

type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

const SIZES: [usize; 2] = [10_000, 50_000];
/// Rounds of the largest size; a smaller one gets as many more as it is smaller, so each size
/// is measured over about the same time (a small one's best of few varies most).
const ROUNDS: usize = 5;

fn rounds(size: usize) -> usize {
    ROUNDS * SIZES[SIZES.len() - 1] / size.max(1)
}

fn main() -> BenchResult<()> {
    serve_if_asked();
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--measure") {
        let size = args.get(2).ok_or("missing size")?.parse()?;
        return measure(size);
    }
    if args.get(1).map(String::as_str) == Some("--count") {
        let size = args.get(2).ok_or("missing size")?.parse()?;
        return count(size);
    }
    if args.get(1).map(String::as_str) == Some("--alone") {
        return alone();
    }
    println!(
        "Sync now preview, directory profile, against hibob-sim (best of {})",
        SIZES.map(|size| rounds(size).to_string()).join(" / ")
    );
    println!(
        "{:>9} {:>12} {:>10} {:>11} {:>12} {:>10} {:>16} {:>11} {:>9} {:>15} {:>13} {:>15} {:>14}",
        "employees",
        "bytes",
        "transfer",
        "search read",
        "map+validate",
        "work",
        "beyond transfer",
        "CPU beyond",
        "alone",
        "peak RSS (MiB)",
        "peer beyond",
        "peer RSS (MiB)",
        "peer / ours"
    );
    let exe = std::env::current_exe()?;
    let output = Command::new(&exe)
        .arg("--alone")
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        return Err("measuring the work alone failed".into());
    }
    let alone_ms: Value = serde_json::from_slice(&output.stdout)?;
    let mut measured: Vec<[f64; 4]> = Vec::new();
    for size in SIZES {
        let output = Command::new(&exe)
            .args(["--measure", &size.to_string()])
            .stderr(Stdio::inherit())
            .output()?;
        if !output.status.success() {
            return Err(format!("measuring {size} employees failed").into());
        }
        let r: Value = serde_json::from_slice(&output.stdout)?;
        let ms = |key: &str| r[key].as_f64().unwrap_or(f64::NAN);
        let ours = ms("beyond_ms");
        let peer = ms("peer_beyond_ms");
        let work = ms("parse_ms") + ms("process_ms");
        let cpu = ms("cpu_beyond_ms");
        let alone = alone_ms[size.to_string()].as_f64().unwrap_or(f64::NAN);
        measured.push([ours, work, cpu, alone]);
        println!(
            "{:>9} {:>12} {:>8.0}ms {:>9.0}ms {:>10.0}ms {:>8.0}ms {:>14.0}ms {:>9.0}ms {:>7.0}ms {:>15.1} {:>11.0}ms {:>15.1} {:>13.1}x",
            size,
            r["bytes"],
            ms("transfer_ms"),
            ms("read_ms"),
            ms("process_ms"),
            work,
            ours,
            cpu,
            alone,
            ms("peak_rss_kib") / 1024.0,
            peer,
            ms("peer_peak_rss_kib") / 1024.0,
            peer / ours
        );
    }
    if let [small, large] = measured[..] {
        println!(
            "{}x the employees: {:.1}x the time beyond the transfer, {:.1}x the work, {:.1}x the CPU time beyond the transfer, {:.1}x the work alone",
            SIZES[1] / SIZES[0],
            large[0] / small[0],
            large[1] / small[1],
            large[2] / small[2],
            large[3] / small[3]
        );
    }
    Ok(())
}

/// A simulated company of `size`, the directory profile, and a runtime to ask the one for the
/// other.
fn setting(size: usize) -> BenchResult<(SimChild, Profile, tokio::runtime::Runtime)> {
    let sim = SimChild::spawn(size, Preset::Full).map_err(|e| e.to_string())?;
    let catalog = Catalog::builtin()?;
    let profile = Profile::builtin("directory", &catalog)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok((sim, profile, runtime))
}

fn measure(size: usize) -> BenchResult<()> {
    let (sim, profile, runtime) = setting(size)?;
    let best = runtime.block_on(async {
        let environment: Environment = sim.base_url.parse()?;
        let config = ClientConfig {
            timeout: std::time::Duration::from_secs(300),
            ..ClientConfig::default()
        };
        let client = Client::with_config(
            &environment,
            Credentials::new(sim.service_user_id.as_str(), sim.token.as_str()),
            config,
        )?;
        let mut best: Option<Round> = None;
        let mut cpu_beyond_ms = f64::MAX;
        for _ in 0..rounds(size) {
            let cpu = CpuTime::now();
            let (transfer_ms, bytes) = transfer_alone(&sim, &profile).await?;
            let transfer_cpu_ms = cpu.elapsed_ms();
            let cpu = CpuTime::now();
            let preview = preview(&client, &profile, &SyncControl::default()).await?;
            cpu_beyond_ms = cpu_beyond_ms.min(cpu.elapsed_ms() - transfer_cpu_ms);
            if preview.records.len() != size {
                return Err(
                    format!("expected {size} records, got {}", preview.records.len()).into(),
                );
            }
            if bytes != preview.stats.body_bytes {
                return Err("the bare transfer and the preview read different answers".into());
            }
            let round = Round {
                transfer_ms,
                stats: preview.stats,
            };
            if best
                .as_ref()
                .is_none_or(|b| round.beyond_ms() < b.beyond_ms())
            {
                best = Some(round);
            }
        }
        BenchResult::Ok((best.ok_or("no rounds")?, cpu_beyond_ms))
    })?;
    let (best, cpu_beyond_ms) = best;
    // Ours first: the peer runs in its own process, so it cannot move our peak.
    let peak = peak_rss_kib();
    let peer = measure_peer(&sim, &profile, size);
    println!(
        "{}",
        json!({
            "bytes": best.stats.body_bytes,
            "transfer_ms": best.transfer_ms,
            "read_ms": best.stats.transfer_ms,
            "parse_ms": best.stats.parse_ms,
            "process_ms": best.stats.process_ms,
            "beyond_ms": best.beyond_ms(),
            "cpu_beyond_ms": cpu_beyond_ms,
            "peak_rss_kib": peak,
            "peer_beyond_ms": peer.as_ref().map(|p| p["beyond_ms"].clone()),
            "peer_peak_rss_kib": peer.as_ref().map(|p| p["peak_rss_kib"].clone()),
        })
    );
    Ok(())
}

/// The CPU time this process's threads have used so far, per thread (Linux's
/// `/proc/self/task/*/schedstat`, in nanoseconds); empty where that cannot be read.
struct CpuTime(std::collections::HashMap<String, u64>);

impl CpuTime {
    fn now() -> Self {
        let mut threads = std::collections::HashMap::new();
        if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
            for task in tasks.flatten() {
                let used = std::fs::read_to_string(task.path().join("schedstat"))
                    .ok()
                    .and_then(|s| s.split_whitespace().next()?.parse().ok());
                if let Some(used) = used {
                    threads.insert(task.file_name().to_string_lossy().into_owned(), used);
                }
            }
        }
        CpuTime(threads)
    }

    /// Milliseconds of CPU used since `self` by the threads alive now (a thread started since
    /// counts from zero; tokio keeps its blocking threads, the reader's, alive meanwhile).
    fn elapsed_ms(&self) -> f64 {
        let now = CpuTime::now();
        let used: u64 = now
            .0
            .iter()
            .map(|(thread, &ns)| ns.saturating_sub(self.0.get(thread).copied().unwrap_or(0)))
            .sum();
        used as f64 / 1e6
    }
}

/// One round: the transfer alone, and the preview's own figures.
struct Round {
    transfer_ms: f64,
    stats: setup::sync::PreviewStats,
}

impl Round {
    /// What the preview's search and mapping took beyond the transfer alone.
    fn beyond_ms(&self) -> f64 {
        (self.stats.transfer_ms + self.stats.process_ms) as f64 - self.transfer_ms
    }
}

/// The preview's people search, sent and drained without reading: the transfer alone, in
/// milliseconds, and the answer's size.
async fn transfer_alone(sim: &SimChild, profile: &Profile) -> BenchResult<(f64, u64)> {
    let started = std::time::Instant::now();
    let mut bytes = 0;
    let mut answer = search_answer(sim, profile).await?;
    while let Some(chunk) = answer.chunk().await? {
        bytes += chunk.len() as u64;
    }
    Ok((started.elapsed().as_secs_f64() * 1000.0, bytes))
}

async fn search_answer(sim: &SimChild, profile: &Profile) -> BenchResult<reqwest::Response> {
    Ok(reqwest::Client::new()
        .post(format!("{}/people/search", sim.base_url))
        .basic_auth(&sim.service_user_id, Some(&sim.token))
        .json(&people_search(profile))
        .send()
        .await?
        .error_for_status()?)
}

/// The preview's people-search answer, in the chunks it arrived in.
async fn answer_chunks(sim: &SimChild, profile: &Profile) -> BenchResult<Vec<impl AsRef<[u8]>>> {
    let mut answer = search_answer(sim, profile).await?;
    let mut chunks = Vec::new();
    while let Some(chunk) = answer.chunk().await? {
        chunks.push(chunk);
    }
    Ok(chunks)
}

/// The work alone at every size: the best of [`rounds`] readings, mappings and checks of each
/// size's answer from memory, in the chunks it arrived in, the sizes taking turns. Prints each
/// size's best, in milliseconds, as JSON.
fn alone() -> BenchResult<()> {
    let mut answers = Vec::new();
    for size in SIZES {
        let (sim, profile, runtime) = setting(size)?;
        let chunks = runtime.block_on(answer_chunks(&sim, &profile))?;
        answers.push((size, profile, chunks));
    }
    let mut best = [f64::MAX; SIZES.len()];
    for _ in 0..ROUNDS {
        for ((size, profile, chunks), best) in answers.iter().zip(&mut best) {
            for _ in 0..rounds(*size) / ROUNDS {
                let started = std::time::Instant::now();
                let preview = preview_of_answer(profile, chunks, &SyncControl::default())?;
                *best = best.min(started.elapsed().as_secs_f64() * 1000.0);
                if preview.records.len() != *size {
                    return Err(format!("read {} records alone", preview.records.len()).into());
                }
            }
        }
    }
    let by_size: serde_json::Map<String, Value> = SIZES
        .iter()
        .zip(best)
        .map(|(size, ms)| (size.to_string(), json!(ms)))
        .collect();
    println!("{}", Value::Object(by_size));
    Ok(())
}

/// The work alone, once, for `scripts/cost.sh` to count under valgrind: the answer is fetched
/// first, and only [`counted_work`] is counted.
fn count(size: usize) -> BenchResult<()> {
    let (sim, profile, runtime) = setting(size)?;
    let chunks = runtime.block_on(answer_chunks(&sim, &profile))?;
    let preview = counted_work(&profile, &chunks)?;
    let records = preview.records.len();
    if records != size {
        return Err(format!("read {records} records").into());
    }
    println!("{records}");
    Ok(())
}

/// Named for valgrind's `--toggle-collect`, so it must not be inlined. The preview is returned
/// so that letting it go is not counted, as the timed work alone does not time it.
#[inline(never)]
fn counted_work<C: AsRef<[u8]>>(profile: &Profile, chunks: &[C]) -> BenchResult<Preview> {
    Ok(preview_of_answer(profile, chunks, &SyncControl::default())?)
}

/// The Python peer's best of [`rounds`] (by time beyond the transfer), or `None` with the reason
/// on stderr when it cannot run: the bench reports what it has.
fn measure_peer(sim: &SimChild, profile: &Profile, size: usize) -> Option<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/peer/people_search.py");
    let job = json!({
        "url": format!("{}/people/search", sim.base_url),
        "body": people_search(profile),
        "mapping": profile
            .mapping
            .iter()
            .map(|m| json!({"target": m.target, "source": m.source}))
            .collect::<Vec<_>>(),
    });
    let mut best: Option<Value> = None;
    for _ in 0..rounds(size) {
        let run = || -> BenchResult<Value> {
            use std::io::Write;
            let mut child = Command::new("python3")
                .arg(script)
                // Credentials by environment, as the CLI takes them: never in arguments.
                .env("HIBOB_SERVICE_USER_ID", &sim.service_user_id)
                .env("HIBOB_TOKEN", &sim.token)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()?;
            child
                .stdin
                .take()
                .ok_or("no stdin")?
                .write_all(job.to_string().as_bytes())?;
            let output = child.wait_with_output()?;
            if !output.status.success() {
                return Err("the peer script failed".into());
            }
            let answer: Value = serde_json::from_slice(&output.stdout)?;
            if answer["records"].as_u64() != Some(size as u64) {
                return Err(format!("the peer mapped {} records", answer["records"]).into());
            }
            Ok(answer)
        };
        match run() {
            Ok(answer) => {
                let beyond = |v: &Value| v["beyond_ms"].as_f64().unwrap_or(f64::MAX);
                if best.as_ref().is_none_or(|b| beyond(&answer) < beyond(b)) {
                    best = Some(answer);
                }
            }
            Err(error) => {
                eprintln!("peer not measured: {error}");
                return None;
            }
        }
    }
    best
}
