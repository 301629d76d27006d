//! The simulator in a child process, for benchmarks that measure a client's memory and time
//! without the simulator's own work mixed in. The benchmark binary re-runs itself as the child:
//! call [`serve_if_asked`] first thing in `main`, then [`SimChild::spawn`].
//! Credentials travel through a pipe, never through process arguments.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use crate::config::{Preset, SimConfig};
use crate::server::SimServer;

const FLAG: &str = "--serve-hibob-sim";

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// If this process was started by [`SimChild::spawn`], serve until standard input closes and exit.
pub fn serve_if_asked() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) != Some(FLAG) {
        return;
    }
    let code = match serve(&args[2..]) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("hibob-sim child failed: {e}");
            1
        }
    };
    std::process::exit(code);
}

fn serve(args: &[String]) -> Result<(), BoxError> {
    let employees: usize = args.first().ok_or("missing size")?.parse()?;
    let preset: Preset = args.get(1).ok_or("missing preset")?.parse()?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let sim = SimServer::start(SimConfig {
            employees,
            preset,
            rate_limit_per_minute: None,
            ..SimConfig::default()
        })
        .await?;
        let line = json!({
            "base_url": sim.base_url(),
            "admin_url": sim.admin_url(),
            "service_user_id": sim.service_user_id(),
            "token": sim.token(),
        });
        println!("{line}");
        std::io::stdout().flush()?;
        tokio::task::spawn_blocking(|| {
            let mut sink = String::new();
            while std::io::stdin()
                .read_line(&mut sink)
                .map(|n| n > 0)
                .unwrap_or(false)
            {}
        })
        .await?;
        sim.shutdown().await;
        Ok(())
    })
}

/// A simulator running in a child process; killed when dropped.
pub struct SimChild {
    child: Child,
    pub base_url: String,
    pub admin_url: String,
    pub service_user_id: String,
    pub token: String,
}

impl SimChild {
    pub fn spawn(employees: usize, preset: Preset) -> Result<SimChild, BoxError> {
        let mut child = Command::new(std::env::current_exe()?)
            .args([FLAG, &employees.to_string(), &preset.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no simulator stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let started: Value = serde_json::from_str(&line)?;
        let field = |name: &str| -> Result<String, BoxError> {
            Ok(started[name]
                .as_str()
                .ok_or("simulator line incomplete")?
                .to_string())
        };
        Ok(SimChild {
            base_url: field("base_url")?,
            admin_url: field("admin_url")?,
            service_user_id: field("service_user_id")?,
            token: field("token")?,
            child,
        })
    }
}

impl Drop for SimChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Peak resident set size of this process in KiB (Linux); `None` elsewhere.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
}
