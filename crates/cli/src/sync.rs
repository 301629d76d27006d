//! `hibob-setup sync --preview`: Sync now, as a summary, JSON or CSV, printed or written to a file.

use std::path::PathBuf;

use setup::sync::{ProblemKind, SyncControl};
use setup::{export, fs};

use crate::args::{Format, Target};
use crate::exit::Exit;
use crate::target::connect;
use crate::terminal::PreviewSummary;

pub async fn run(target: Target, format: Option<Format>, out: Option<PathBuf>) -> Exit {
    let json = matches!(format, Some(Format::Json));
    let connected = match connect(target).await {
        Ok(connected) => connected,
        Err(error) => {
            crate::report_error(&error, json);
            return Exit::before_connecting(&error);
        }
    };
    let preview = match connected.connection.preview(&SyncControl::default()).await {
        Ok(preview) => preview,
        Err(error) => {
            crate::report_error(&error, json);
            return Exit::after_connecting(&error);
        }
    };
    let text = match format {
        None => PreviewSummary(&preview).to_string(),
        Some(Format::Json) => match serde_json::to_string_pretty(&preview) {
            Ok(text) => text + "\n",
            Err(e) => {
                eprintln!("The preview could not be written as JSON: {e}");
                return Exit::Unreachable;
            }
        },
        Some(Format::Csv) => match export::csv(&preview) {
            Ok(text) => text,
            Err(error) => {
                crate::report_error(&error, json);
                return Exit::Unreachable;
            }
        },
    };
    match out {
        Some(path) => {
            if let Err(error) = fs::write_atomically(&path, text.as_bytes()) {
                crate::report_error(&error, json);
                return Exit::Usage;
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
            ProblemKind::FieldWithheld
                | ProblemKind::TableWithheld
                | ProblemKind::FieldRestricted
                | ProblemKind::FieldHistoryRestricted
        )
    });
    if withheld {
        Exit::PermissionsMissing
    } else {
        Exit::Ready
    }
}
