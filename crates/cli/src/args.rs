//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::HELP;

#[derive(Parser)]
#[command(
    name = "hibob-setup",
    version,
    about = "Checks and previews a HiBob integration's service user.",
    after_help = HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where to connect and as whom; shared by every command.
#[derive(Args)]
pub struct Target {
    /// production, sandbox, demo (a simulated company on this computer), or an API URL.
    #[arg(long, default_value = "production")]
    pub env: String,
    /// A built-in profile's ID (`hibob-setup profiles` lists them) or the path of a profile file.
    #[arg(long, default_value = "directory")]
    pub profile: String,
    /// The service user ID (else HIBOB_SERVICE_USER_ID).
    #[arg(long)]
    pub id: Option<String>,
    /// Read the token from the first line of standard input (else HIBOB_TOKEN).
    #[arg(long)]
    pub token_stdin: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Subcommand)]
pub enum Command {
    /// Test connection: validate the credentials and show which permissions are granted or missing.
    #[command(after_help = HELP)]
    Check {
        #[command(flatten)]
        target: Target,
        /// Print one JSON document instead of the checklist.
        #[arg(long)]
        json: bool,
    },
    /// Sync now, as a preview: fetch and map the employees the integration would receive and report
    /// what is wrong with them. Nothing is written to HiBob.
    #[command(after_help = HELP)]
    Sync {
        #[command(flatten)]
        target: Target,
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
    /// List the built-in profiles: the products HiBob Setup knows and the generic profiles, with
    /// the ID --profile takes and where each list comes from.
    Profiles {
        /// Print one JSON array instead of the table.
        #[arg(long)]
        json: bool,
    },
}
