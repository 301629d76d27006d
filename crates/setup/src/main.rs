//! `hibob-setup`: HiBob Setup without the window. `check` runs Test connection.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use hibob::{Client, Environment};
use setup::{diagnose, render, review, Catalog, Diagnosis, Profile, SetupError};

const EXIT_CODES: &str = "\
Exit codes:
  0  ready: every permission that can be checked is granted
  2  usage error (bad arguments, unknown profile, missing credentials)
  3  credentials work, but permissions are missing
  4  HiBob rejected the credentials
  5  HiBob could not be reached, or failed

Credentials:
  The service user ID comes from --id or HIBOB_SERVICE_USER_ID.
  The token comes from HIBOB_TOKEN, or from standard input with --token-stdin.
  It is never accepted as a command-line argument, where other users of this computer could see it.";

#[derive(Parser)]
#[command(name = "hibob-setup", version, about = "Checks and previews a HiBob integration's service user.", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Test connection: validate the credentials and show which permissions are granted or missing.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// production, sandbox, demo (a simulated company on this computer), or an API URL.
        #[arg(long, default_value = "production")]
        env: String,
        /// A built-in integration profile (directory, hr-core, unified) or the path of a profile file.
        #[arg(long, default_value = "directory")]
        profile: String,
        /// The service user ID (else HIBOB_SERVICE_USER_ID).
        #[arg(long)]
        id: Option<String>,
        /// Read the token from the first line of standard input (else HIBOB_TOKEN).
        #[arg(long)]
        token_stdin: bool,
        /// Print one JSON document instead of the checklist.
        #[arg(long)]
        json: bool,
    },
}

const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("HiBob Setup could not start its network runtime: {e}");
            return ExitCode::from(5);
        }
    };
    match cli.command {
        Command::Check {
            env,
            profile,
            id,
            token_stdin,
            json,
        } => runtime.block_on(check(&env, &profile, id, token_stdin, json)),
    }
}

async fn check(
    env: &str,
    profile: &str,
    id: Option<String>,
    token_stdin: bool,
    json: bool,
) -> ExitCode {
    let prepared = match prepare(env, profile, id, token_stdin).await {
        Ok(prepared) => prepared,
        Err(error) => return usage_error(&error, json),
    };
    let Prepared {
        environment,
        raw_id,
        raw_token,
        profile,
        catalog,
        _demo,
    } = prepared;
    let credentials = match review(&raw_id, &raw_token) {
        Ok(review) => review,
        Err(error) => return usage_error(&error, json),
    };
    drop(raw_token);
    let client = match Client::new(&environment, credentials.credentials.clone()) {
        Ok(client) => client,
        Err(error) => return usage_error(&error.into(), json),
    };
    let diagnosis = diagnose(&client, &environment, &credentials, &profile, &catalog).await;
    print_diagnosis(&diagnosis, json);
    ExitCode::from(diagnosis.verdict.exit_code() as u8)
}

struct Prepared {
    environment: Environment,
    raw_id: String,
    raw_token: String,
    profile: Profile,
    catalog: Catalog,
    /// Keeps the demo tenant running for the duration of the check.
    _demo: Option<hibob_sim::SimServer>,
}

async fn prepare(
    env: &str,
    profile: &str,
    id: Option<String>,
    token_stdin: bool,
) -> Result<Prepared, SetupError> {
    let catalog = Catalog::builtin()?;
    let profile = Profile::load(profile, &catalog)?;
    if env.trim().eq_ignore_ascii_case("demo") {
        let demo = hibob_sim::SimServer::start(hibob_sim::SimConfig {
            preset: hibob_sim::Preset::Demo,
            employees: 250,
            ..hibob_sim::SimConfig::default()
        })
        .await
        .map_err(|e| SetupError::DemoUnavailable {
            detail: e.to_string(),
        })?;
        let environment: Environment = demo.base_url().parse()?;
        return Ok(Prepared {
            environment,
            raw_id: demo.service_user_id(),
            raw_token: demo.token(),
            profile,
            catalog,
            _demo: Some(demo),
        });
    }
    let environment: Environment = env.parse()?;
    let raw_id = id
        .or_else(|| std::env::var("HIBOB_SERVICE_USER_ID").ok())
        .ok_or(SetupError::MissingServiceUserId)?;
    let raw_token = if token_stdin {
        read_token_from_stdin()?
    } else {
        std::env::var("HIBOB_TOKEN").map_err(|_| SetupError::MissingToken)?
    };
    Ok(Prepared {
        environment,
        raw_id,
        raw_token,
        profile,
        catalog,
        _demo: None,
    })
}

fn read_token_from_stdin() -> Result<String, SetupError> {
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

fn print_diagnosis(diagnosis: &Diagnosis, json: bool) {
    if json {
        match serde_json::to_string_pretty(diagnosis) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("The result could not be written as JSON: {e}"),
        }
    } else {
        print!("{}", render::checklist(diagnosis));
    }
}

fn usage_error(error: &SetupError, json: bool) -> ExitCode {
    if json {
        let document = serde_json::json!({ "error": error.report() });
        println!("{document}");
    } else {
        eprintln!("{}\n{}", error.message(), error.hint());
    }
    let code = match error {
        SetupError::Hibob(hibob::HibobError::InvalidBaseUrl { .. }) => USAGE,
        SetupError::Hibob(_) => 5,
        _ => USAGE,
    };
    ExitCode::from(code)
}
