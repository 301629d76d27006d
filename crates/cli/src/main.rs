//! `hibob-setup`: HiBob Setup without the window. `check` runs Test connection, `sync --preview`
//! runs Sync now; both print for a person, or JSON for a script, and exit with an [`Exit`] code.

mod args;
mod check;
mod exit;
mod profiles;
mod sync;
mod target;
mod terminal;

use std::process::ExitCode;

use clap::Parser;
use setup::SetupError;

use args::{Cli, Command};
use exit::Exit;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("HiBob Setup could not start its network runtime: {e}");
            return Exit::Unreachable.into();
        }
    };
    let exit = runtime.block_on(async {
        match cli.command {
            Command::Check { target, json } => check::run(target, json).await,
            Command::Sync {
                target,
                format,
                out,
                ..
            } => sync::run(target, format, out).await,
            Command::Profiles { json } => profiles::run(json),
        }
    });
    exit.into()
}

/// A failure, for a person on standard error or as `{"error": {kind, message, hint}}` for a script.
fn report_error(error: &SetupError, json: bool) {
    if json {
        println!("{}", serde_json::json!({ "error": error }));
    } else {
        eprintln!("{}\n{}", error.message(), error.hint());
    }
}
