//! `hibob-sim`: runs a simulated HiBob tenant until interrupted.
//!
//! On start it prints exactly one JSON line on stdout describing how to reach
//! it, so scripts and the desktop app can spawn it and read its address.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser;
use hibob_sim::{DataQuality, Faults, Preset, SimConfig, SimServer, MAX_EMPLOYEES};

/// A simulated HiBob tenant for testing and demoing HiBob Setup.
///
/// Prints one JSON line on stdout:
/// {"base_url","admin_url","service_user_id","token","preset","employees"}
/// and then serves on 127.0.0.1 until SIGINT or SIGTERM (exit code 0).
/// The admin API (loopback only) lives under admin_url; see the crate README.
#[derive(Parser, Debug)]
#[command(name = "hibob-sim", version)]
struct Args {
    /// TCP port on 127.0.0.1; 0 picks a free port.
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// Number of employees to generate (1..=100000).
    #[arg(long, default_value_t = 200, value_parser = parse_employees)]
    employees: usize,

    /// Seed of the deterministic company generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,

    /// Permission set-up of the primary service user: full, no-group, base-only,
    /// no-history, no-financial, no-terminated, legacy-token, demo.
    #[arg(long, default_value = "full", value_parser = parse_preset)]
    preset: Preset,

    /// Delay every /v1 response by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,

    /// People-search calls allowed per service user per minute; 0 turns the limit off.
    #[arg(long, default_value_t = 50)]
    rate_limit: u32,

    /// Generate messy data (missing and duplicated emails, people without a
    /// department or site). The demo preset is messy by default.
    #[arg(long)]
    messy: bool,
}

fn parse_preset(s: &str) -> Result<Preset, String> {
    s.parse::<Preset>().map_err(|e| e.to_string())
}

fn parse_employees(s: &str) -> Result<usize, String> {
    let n: usize = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a whole number"))?;
    if (1..=MAX_EMPLOYEES).contains(&n) {
        Ok(n)
    } else {
        Err(format!("must be between 1 and {MAX_EMPLOYEES}"))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // clap exits with status 2 and a message on stderr for bad arguments.
    let args = Args::parse();
    let config = SimConfig {
        port: args.port,
        employees: args.employees,
        seed: args.seed,
        preset: args.preset,
        faults: Faults {
            latency_ms: args.latency_ms,
            ..Faults::default()
        },
        data_quality: args.messy.then_some(DataQuality::Messy),
        rate_limit_per_minute: (args.rate_limit > 0).then_some(args.rate_limit),
    };
    // Install the handlers before announcing ourselves, so a signal sent right
    // after the JSON line is read still means "shut down cleanly".
    let signals = match Signals::install() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hibob-sim: cannot listen for signals: {e}");
            return ExitCode::from(1);
        }
    };
    let server = match SimServer::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("hibob-sim: {e}");
            return ExitCode::from(1);
        }
    };
    let line = serde_json::json!({
        "base_url": server.base_url(),
        "admin_url": server.admin_url(),
        "service_user_id": server.service_user_id(),
        "token": server.token(),
        "preset": args.preset.name(),
        "employees": server.employee_count(),
    });
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
        eprintln!("hibob-sim: could not write to stdout");
        return ExitCode::from(1);
    }
    drop(out);

    signals.wait().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn install() -> std::io::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn wait(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn install() -> std::io::Result<Signals> {
        Ok(Signals)
    }

    async fn wait(self) {
        // Without Ctrl-C support there is nothing better to do than run until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
