//! Every failure a user of HiBob Setup can meet, each with a sentence and a hint, and the
//! serializable form that crosses IPC and goes into `--json` output.

use hibob::HibobError;
use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SetupError {
    #[error(transparent)]
    Hibob(#[from] HibobError),

    /// A data file (a profile) with a syntax or content problem, located by line.
    #[error("{what} has a problem on line {line}, column {column}: {problem}.")]
    InvalidFile {
        what: String,
        line: usize,
        column: usize,
        problem: String,
    },

    #[error("The permission catalog is inconsistent: {problem}.")]
    InvalidCatalog { problem: String },

    #[error("There is no built-in integration profile called “{name}”.")]
    UnknownProfile { name: String, known: Vec<String> },

    #[error("The file {path} could not be read.")]
    Unreadable { path: String, detail: String },

    #[error("The file {path} could not be written.")]
    Unwritable { path: String, detail: String },

    #[error("The demo tenant could not be started.")]
    DemoUnavailable { detail: String },

    #[error("Sync now was cancelled.")]
    Cancelled,

    #[error("The service user ID is missing.")]
    MissingServiceUserId,

    #[error("The service user token is missing.")]
    MissingToken,

    /// The sync history file is not a readable SQLite database (or a page of it is corrupt).
    #[error("The sync history could not be read: the file is damaged.")]
    HistoryDamaged { detail: String },

    /// A 401 after HiBob had already accepted the same credentials in this run.
    #[error("HiBob stopped accepting the service user's token partway through.")]
    CredentialsWithdrawn,
}

impl SetupError {
    pub fn kind(&self) -> &'static str {
        match self {
            SetupError::Hibob(e) => e.kind(),
            SetupError::InvalidFile { .. } => "invalid_file",
            SetupError::InvalidCatalog { .. } => "invalid_catalog",
            SetupError::UnknownProfile { .. } => "unknown_profile",
            SetupError::Unreadable { .. } => "unreadable_file",
            SetupError::Unwritable { .. } => "unwritable_file",
            SetupError::DemoUnavailable { .. } => "demo_unavailable",
            SetupError::Cancelled => "cancelled",
            SetupError::MissingServiceUserId => "missing_service_user_id",
            SetupError::MissingToken => "missing_token",
            SetupError::CredentialsWithdrawn => "credentials_withdrawn",
            SetupError::HistoryDamaged { .. } => "history_damaged",
        }
    }

    pub fn message(&self) -> String {
        self.to_string()
    }

    pub fn hint(&self) -> String {
        match self {
            SetupError::Hibob(e) => e.hint(),
            SetupError::InvalidFile { .. } => "Fix the line named above and load the file again.".into(),
            SetupError::InvalidCatalog { .. } => {
                "This is a bug in HiBob Setup's built-in data; please report it.".into()
            }
            SetupError::UnknownProfile { known, .. } => {
                format!("Choose one of: {}, or give the path of a profile file.", known.join(", "))
            }
            SetupError::Unreadable { detail, .. } => {
                format!("Check that the file exists and can be read ({detail}).")
            }
            SetupError::Unwritable { detail, .. } => {
                format!("Check that the disk is not full and the folder may be written to ({detail}).")
            }
            SetupError::DemoUnavailable { detail } => {
                format!("The simulated company runs on this computer; check that it may open a local port ({detail}).")
            }
            SetupError::Cancelled => "Nothing was changed; run it again when you are ready.".into(),
            SetupError::MissingServiceUserId => {
                "Paste the service user ID shown when the service user was created (it looks like SERVICE-1234)."
                    .into()
            }
            SetupError::MissingToken => {
                "Paste the token shown when the service user was created. If it was lost, refresh the token in \
                 HiBob's Service users list and paste the new one."
                    .into()
            }
            SetupError::HistoryDamaged { detail } => format!(
                "The preview itself is complete; only the comparison with earlier runs is affected ({detail})."
            ),
            SetupError::CredentialsWithdrawn => {
                "The token was probably refreshed, or the service user deactivated, in HiBob meanwhile. Paste the \
                 current token on the credentials step and try again."
                    .into()
            }
        }
    }

    pub fn report(&self) -> ErrorReport {
        ErrorReport {
            kind: self.kind(),
            message: self.message(),
            hint: self.hint(),
        }
    }

    /// A TOML parse error located by line and column.
    pub(crate) fn from_toml(what: &str, text: &str, error: &toml::de::Error) -> Self {
        let offset = error.span().map(|span| span.start).unwrap_or(0);
        let (line, column) = line_and_column(text, offset);
        SetupError::InvalidFile {
            what: what.to_string(),
            line,
            column,
            problem: error.message().trim().trim_end_matches('.').to_string(),
        }
    }
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// What the UI and `--json` receive: never a bare string, never a stack trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorReport {
    #[ts(type = "string")]
    pub kind: &'static str,
    pub message: String,
    pub hint: String,
}

impl From<&HibobError> for ErrorReport {
    fn from(error: &HibobError) -> Self {
        ErrorReport {
            kind: error.kind(),
            message: error.message(),
            hint: error.hint(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_is_the_json_the_ui_receives() {
        let report = SetupError::MissingToken.report();
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["kind"], "missing_token");
        assert_eq!(json["message"], "The service user token is missing.");
        assert!(json["hint"].as_str().unwrap().contains("refresh the token"));
    }

    #[test]
    fn lines_and_columns_are_one_based() {
        assert_eq!(line_and_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_and_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_and_column("ab", 99), (1, 3));
    }
}
