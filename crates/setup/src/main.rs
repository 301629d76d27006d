//! `hibob-setup`: HiBob Setup without the window. `check` runs Test connection.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hibob::{Client, Environment, HibobError};
use setup::sync::{preview, SyncControl};
use setup::{diagnose, export, render, review, Catalog, Diagnosis, Profile, SetupError};

const EXIT_CODES: &str = "\
Exit codes:
  0  ready: every permission that can be checked is granted (sync: the preview was made)
  2  usage error (bad arguments, unknown profile, missing credentials)
  3  credentials work, but permissions are missing (sync: a mapped field or table is withheld)
  4  HiBob rejected the credentials
  5  HiBob could not be reached, or failed

Credentials:
  The service user ID comes from --id or HIBOB_SERVICE_USER_ID.
  The token comes from HIBOB_TOKEN, or from standard input with --token-stdin.
  It is never accepted as a command-line argument, where other users of this computer could see it.";

#[derive(Parser)]
#[command(
    name = "hibob-setup",
    version,
    about = "Checks and previews a HiBob integration's service user.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where to connect and as whom; shared by every command.
#[derive(Args)]
struct Connection {
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

#[derive(Subcommand)]
enum Command {
    /// Test connection: validate the credentials and show which permissions are granted or missing.
    #[command(after_help = EXIT_CODES)]
    Check {
        #[command(flatten)]
        connection: Connection,
        /// Print one JSON document instead of the checklist.
        #[arg(long)]
        json: bool,
    },
    /// Sync now, as a preview: fetch and map the employees the integration would receive and report
    /// what is wrong with them. Nothing is written to HiBob.
    #[command(after_help = EXIT_CODES)]
    Sync {
        #[command(flatten)]
        connection: Connection,
        /// Preview only (the only mode there is: HiBob Setup never writes to the integration).
        #[arg(long, required = true)]
        preview: bool,
        /// Print (or write with --out) the whole preview as JSON, or the mapped records as CSV,
        /// instead of the summary.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Write the JSON or CSV to this file instead of standard output.
        #[arg(long, requires = "format")]
        out: Option<PathBuf>,
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
    runtime.block_on(async {
        match cli.command {
            Command::Check { connection, json } => check(connection, json).await,
            Command::Sync {
                connection,
                format,
                out,
                ..
            } => sync(connection, format, out).await,
        }
    })
}

/// Credentials reviewed, client built, demo started if asked for.
struct Connected {
    prepared: Prepared,
    review: setup::CredentialReview,
    client: Client,
}

async fn connect(connection: Connection) -> Result<Connected, SetupError> {
    let prepared = prepare(
        &connection.env,
        &connection.profile,
        connection.id,
        connection.token_stdin,
    )
    .await?;
    let review = review(&prepared.raw_id, &prepared.raw_token)?;
    let client = Client::new(&prepared.environment, review.credentials.clone())?;
    Ok(Connected {
        prepared,
        review,
        client,
    })
}

async fn check(connection: Connection, json: bool) -> ExitCode {
    let connected = match connect(connection).await {
        Ok(connected) => connected,
        Err(error) => return usage_error(&error, json),
    };
    let Connected {
        prepared,
        review,
        client,
    } = connected;
    let diagnosis = diagnose(
        &client,
        &prepared.environment,
        &review,
        &prepared.profile,
        &prepared.catalog,
    )
    .await;
    print_diagnosis(&diagnosis, json);
    ExitCode::from(diagnosis.verdict.exit_code() as u8)
}

async fn sync(connection: Connection, format: Option<Format>, out: Option<PathBuf>) -> ExitCode {
    let json = matches!(format, Some(Format::Json));
    let connected = match connect(connection).await {
        Ok(connected) => connected,
        Err(error) => return usage_error(&error, json),
    };
    let preview = match preview(
        &connected.client,
        &connected.prepared.profile,
        &SyncControl::default(),
    )
    .await
    {
        Ok(preview) => preview,
        Err(error) => return sync_error(&error, json),
    };
    let text = match format {
        None => render::preview_summary(&preview),
        Some(Format::Json) => match serde_json::to_string_pretty(&preview) {
            Ok(text) => text + "\n",
            Err(e) => {
                eprintln!("The preview could not be written as JSON: {e}");
                return ExitCode::from(5);
            }
        },
        Some(Format::Csv) => export::csv(&preview),
    };
    match out {
        Some(path) => {
            if let Err(error) = export::write_atomically(&path, text.as_bytes()) {
                return usage_error(&error, json);
            }
            eprintln!(
                "Wrote {} records to {}.",
                preview.records.len(),
                path.display()
            );
        }
        None => print!("{text}"),
    }
    let withheld = preview.problems.iter().any(|p| {
        matches!(
            p.kind,
            setup::sync::ProblemKind::FieldWithheld | setup::sync::ProblemKind::TableWithheld
        )
    });
    ExitCode::from(if withheld { 3 } else { 0 })
}

/// Failures after the credentials were accepted or refused by HiBob map to the same exit codes
/// as `check`.
fn sync_error(error: &SetupError, json: bool) -> ExitCode {
    let code = match error {
        SetupError::Hibob(HibobError::InvalidCredentials) | SetupError::CredentialsWithdrawn => 4,
        SetupError::Hibob(HibobError::Forbidden { .. }) => 3,
        SetupError::Hibob(_) => 5,
        _ => USAGE,
    };
    report_error(error, json);
    ExitCode::from(code)
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

fn report_error(error: &SetupError, json: bool) {
    if json {
        let document = serde_json::json!({ "error": error.report() });
        println!("{document}");
    } else {
        eprintln!("{}\n{}", error.message(), error.hint());
    }
}

fn usage_error(error: &SetupError, json: bool) -> ExitCode {
    report_error(error, json);
    let code = match error {
        SetupError::Hibob(hibob::HibobError::InvalidBaseUrl { .. }) => USAGE,
        SetupError::Hibob(_) => 5,
        _ => USAGE,
    };
    ExitCode::from(code)
}
