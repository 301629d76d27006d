//! From the command line's `--env`, `--profile`, `--id` and token to a connection: the same
//! `setup::connect::Connection` the desktop app uses, and for `--env demo` the same simulated
//! company it starts.

use std::io::{BufRead, IsTerminal, Write};

use hibob::{ClientConfig, Environment, Wait};
use hibob_sim::SimServer;
use setup::connect::Connection;
use setup::{waiting, Catalog, Profile, Result, SetupError};

use crate::args::Target;

/// A connection, with the demo company it talks to kept running as long as it is needed.
pub struct Connected {
    pub connection: Connection,
    pub catalog: Catalog,
    _demo: Option<SimServer>,
}

pub async fn connect(target: Target) -> Result<Connected> {
    let catalog = Catalog::builtin()?;
    let profile = Profile::load(&target.profile, &catalog)?;
    if target.env.trim().eq_ignore_ascii_case("demo") {
        let demo = start_demo().await?;
        let connection = Connection::open(
            demo.base_url().parse()?,
            &demo.service_user_id(),
            &demo.token(),
            profile,
            ClientConfig::default(),
        )?
        .on_wait(tell_wait);
        return Ok(Connected {
            connection,
            catalog,
            _demo: Some(demo),
        });
    }
    let environment: Environment = target.env.parse()?;
    let id = target
        .id
        .or_else(|| std::env::var("HIBOB_SERVICE_USER_ID").ok())
        .ok_or(SetupError::MissingServiceUserId)?;
    let token = if target.token_stdin {
        read_token_from_stdin()?
    } else {
        std::env::var("HIBOB_TOKEN").map_err(|_| SetupError::MissingToken)?
    };
    let connection = Connection::open(environment, &id, &token, profile, ClientConfig::default())?
        .on_wait(tell_wait);
    Ok(Connected {
        connection,
        catalog,
        _demo: None,
    })
}

/// Tells the person at the terminal why nothing seems to happen, on standard error so that
/// standard output stays one clean document for `--json` and `--format`.
fn tell_wait(wait: &Wait) {
    let clock = chrono::DateTime::<chrono::Local>::from(wait.until)
        .format("%H:%M:%S")
        .to_string();
    eprintln!("{}", waiting::sentence(wait, &clock));
}

/// The desktop app's demo company, without its optional slowness.
async fn start_demo() -> Result<SimServer> {
    SimServer::demo(0)
        .await
        .map_err(|e| SetupError::DemoUnavailable {
            detail: e.to_string(),
        })
}

fn read_token_from_stdin() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Service user token: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| SetupError::Unreadable {
            path: "standard input".into(),
            detail: e.to_string(),
        })?;
    Ok(line)
}
