//! Every failure a user of HiBob Setup can meet, each with a sentence and a hint. `SetupError` is
//! also the error of every desktop command: it serializes itself as an [`ErrorReport`]
//! (`{kind, message, hint}`), the Tauri plugin pattern, so callers just use `?`.

use hibob::HibobError;
use serde::{Deserialize, Serialize, Serializer};
use thiserror::Error;
use ts_rs::TS;

/// `Result` with HiBob Setup's error, as every fallible function of the core and the app returns.
pub type Result<T, E = SetupError> = std::result::Result<T, E>;

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

    #[error("There is no integration profile called “{name}”.")]
    UnknownProfile { name: String, known: Vec<String> },

    /// The profile builder was given something it cannot make a profile of.
    #[error("The profile cannot be built: {problem}")]
    InvalidDraft { problem: String },

    #[error("The file {path} could not be read.")]
    Unreadable { path: String, detail: String },

    #[error("The file {path} could not be written.")]
    Unwritable { path: String, detail: String },

    #[error("The demo company could not be started.")]
    DemoUnavailable { detail: String },

    /// A grant the simulated company has no way to make (a permission it does not model).
    #[error("The demo company cannot simulate this permission.")]
    DemoUnknownPermission { detail: String },

    /// "Simulate: grant in HiBob" asked for while connected to a real HiBob.
    #[error("Simulated grants only exist in the demo company.")]
    NotDemo,

    #[error("Sync now was cancelled.")]
    Cancelled,

    #[error("Sync now is already running.")]
    SyncRunning,

    #[error("The service user ID is missing.")]
    MissingServiceUserId,

    #[error("The service user token is missing.")]
    MissingToken,

    /// A value from the window far longer than any real one: something else was pasted with it.
    #[error("The {what} is far longer than any HiBob value.")]
    InputTooLong { what: String },

    /// The sync history file is not a readable SQLite database (or a page of it is corrupt).
    #[error("The sync history could not be read: the file is damaged.")]
    HistoryDamaged { detail: String },

    /// A 401 after HiBob had already accepted the same credentials in this run.
    #[error("HiBob stopped accepting the service user's token partway through.")]
    CredentialsWithdrawn,

    /// The OS credential store (Keychain, Credential Manager, Secret Service) is absent, locked or
    /// did not answer in time. `detail` never carries the secret.
    #[error("This computer's credential store could not be used.")]
    KeychainUnavailable { detail: String },

    #[error("There is nothing to report yet.")]
    NothingToReport,

    #[error("There is no Sync now result to export yet.")]
    NothingToExport,

    /// The screen asked for records of a Sync now that this run of the app has not made.
    #[error("There is no Sync now result to show yet.")]
    NoSyncResult,

    #[error("Nothing has been exported yet.")]
    NothingExported,

    #[error("The export folder is no longer there.")]
    ExportFolderMissing { folder: String },

    #[error("The web browser could not be opened.")]
    BrowserUnavailable { address: String, detail: String },

    #[error("The folder could not be shown.")]
    FileManagerUnavailable { folder: String, detail: String },

    /// A bug or a crashed worker thread: nothing the user did, nothing HiBob did.
    #[error("Something went wrong inside HiBob Setup.")]
    Unexpected,
}

/// The kinds of failure the UI tells apart, one per variant (a `SetupError::Hibob` has the kind of
/// the HiBob error inside). Exported to TypeScript as a string union, so the UI's comparisons
/// are type-checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    // HiBob's answers (the client crate's `HibobError`); the names are `HibobError::kind()`'s.
    InvalidCredentials,
    Forbidden,
    NotFound,
    BadRequest,
    RateLimited,
    ServerError,
    UnexpectedStatus,
    Timeout,
    ConnectionFailed,
    DnsFailed,
    TlsFailed,
    CertificateUntrusted,
    MalformedBody,
    TruncatedBody,
    BodyTooLarge,
    InvalidBaseUrl,
    ClientSetup,
    // The core's own.
    InvalidFile,
    InvalidCatalog,
    UnknownProfile,
    InvalidDraft,
    UnreadableFile,
    UnwritableFile,
    DemoUnavailable,
    DemoUnknownPermission,
    NotDemo,
    Cancelled,
    SyncRunning,
    MissingServiceUserId,
    MissingToken,
    InputTooLong,
    HistoryDamaged,
    CredentialsWithdrawn,
    // The desktop's: the credential store, exports, the browser and file manager.
    KeychainUnavailable,
    NothingToReport,
    NothingToExport,
    NoSyncResult,
    NothingExported,
    ExportFolderMissing,
    BrowserUnavailable,
    FileManagerUnavailable,
    Unexpected,
}

impl SetupError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            SetupError::Hibob(e) => hibob_kind(e),
            SetupError::InvalidFile { .. } => ErrorKind::InvalidFile,
            SetupError::InvalidCatalog { .. } => ErrorKind::InvalidCatalog,
            SetupError::UnknownProfile { .. } => ErrorKind::UnknownProfile,
            SetupError::InvalidDraft { .. } => ErrorKind::InvalidDraft,
            SetupError::Unreadable { .. } => ErrorKind::UnreadableFile,
            SetupError::Unwritable { .. } => ErrorKind::UnwritableFile,
            SetupError::DemoUnavailable { .. } => ErrorKind::DemoUnavailable,
            SetupError::DemoUnknownPermission { .. } => ErrorKind::DemoUnknownPermission,
            SetupError::NotDemo => ErrorKind::NotDemo,
            SetupError::Cancelled => ErrorKind::Cancelled,
            SetupError::SyncRunning => ErrorKind::SyncRunning,
            SetupError::MissingServiceUserId => ErrorKind::MissingServiceUserId,
            SetupError::MissingToken => ErrorKind::MissingToken,
            SetupError::InputTooLong { .. } => ErrorKind::InputTooLong,
            SetupError::HistoryDamaged { .. } => ErrorKind::HistoryDamaged,
            SetupError::CredentialsWithdrawn => ErrorKind::CredentialsWithdrawn,
            SetupError::KeychainUnavailable { .. } => ErrorKind::KeychainUnavailable,
            SetupError::NothingToReport => ErrorKind::NothingToReport,
            SetupError::NothingToExport => ErrorKind::NothingToExport,
            SetupError::NoSyncResult => ErrorKind::NoSyncResult,
            SetupError::NothingExported => ErrorKind::NothingExported,
            SetupError::ExportFolderMissing { .. } => ErrorKind::ExportFolderMissing,
            SetupError::BrowserUnavailable { .. } => ErrorKind::BrowserUnavailable,
            SetupError::FileManagerUnavailable { .. } => ErrorKind::FileManagerUnavailable,
            SetupError::Unexpected => ErrorKind::Unexpected,
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
                let some: Vec<&str> = known.iter().take(4).map(String::as_str).collect();
                format!(
                    "Choose a profile ID such as {} (`hibob-setup profiles` lists them all), or give the path \
                     of a profile file.",
                    some.join(", ")
                )
            }
            SetupError::InvalidDraft { .. } => {
                "Change the choices named above and build the profile again.".into()
            }
            SetupError::Unreadable { detail, .. } => {
                format!("Check that the file exists and can be read ({detail}).")
            }
            SetupError::Unwritable { detail, .. } => {
                format!("Check that the disk is not full and the folder may be written to ({detail}).")
            }
            SetupError::DemoUnavailable { detail } => format!(
                "The simulated company runs on this computer only; check that HiBob Setup may open a local port \
                 ({detail})."
            ),
            SetupError::DemoUnknownPermission { detail } => {
                format!("Grant it in a real HiBob instead ({detail}).")
            }
            SetupError::NotDemo => {
                "In a real HiBob, grant the permission in the service user's permission group.".into()
            }
            SetupError::Cancelled => "Nothing was changed; run it again when you are ready.".into(),
            SetupError::SyncRunning => "Wait for it to finish, or cancel it first.".into(),
            SetupError::MissingServiceUserId => {
                "Paste the service user ID shown when the service user was created (it looks like SERVICE-1234)."
                    .into()
            }
            SetupError::MissingToken => {
                "Paste the token shown when the service user was created. If it was lost, refresh the token in \
                 HiBob's Service users list and paste the new one."
                    .into()
            }
            SetupError::InputTooLong { .. } => {
                "Copy it again from HiBob; something else may have been pasted with it.".into()
            }
            SetupError::HistoryDamaged { detail } => format!(
                "The preview itself is complete; only the comparison with earlier runs is affected ({detail})."
            ),
            SetupError::CredentialsWithdrawn => {
                "The token was probably refreshed, or the service user deactivated, in HiBob meanwhile. Paste the \
                 current token on the credentials step and try again."
                    .into()
            }
            SetupError::KeychainUnavailable { detail } => format!(
                "Unlock or set up the system keychain and try again, or keep the token for this session only: it is \
                 then forgotten when HiBob Setup closes. ({detail})"
            ),
            SetupError::NothingToReport => "Run Test connection (and Sync now, if you like) first.".into(),
            SetupError::NothingToExport | SetupError::NoSyncResult => "Run Sync now first.".into(),
            SetupError::NothingExported => "Export the preview or save the setup report first.".into(),
            SetupError::ExportFolderMissing { folder } => {
                format!("It was {folder}; export again to choose another.")
            }
            SetupError::BrowserUnavailable { address, detail } => {
                format!("Open HiBob yourself at {address} ({detail}).")
            }
            SetupError::FileManagerUnavailable { folder, detail } => {
                format!("Open {folder} yourself ({detail}).")
            }
            SetupError::Unexpected => "Try again. If it keeps happening, restart the app.".into(),
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

/// Exhaustive, so a new client error cannot reach the UI without a kind of its own.
fn hibob_kind(error: &HibobError) -> ErrorKind {
    match error {
        HibobError::InvalidCredentials => ErrorKind::InvalidCredentials,
        HibobError::Forbidden { .. } => ErrorKind::Forbidden,
        HibobError::NotFound { .. } => ErrorKind::NotFound,
        HibobError::BadRequest { .. } => ErrorKind::BadRequest,
        HibobError::RateLimited { .. } => ErrorKind::RateLimited,
        HibobError::Server { .. } => ErrorKind::ServerError,
        HibobError::UnexpectedStatus { .. } => ErrorKind::UnexpectedStatus,
        HibobError::Timeout { .. } => ErrorKind::Timeout,
        HibobError::Connection { .. } => ErrorKind::ConnectionFailed,
        HibobError::Dns { .. } => ErrorKind::DnsFailed,
        HibobError::Tls { .. } => ErrorKind::TlsFailed,
        HibobError::UntrustedCertificate { .. } => ErrorKind::CertificateUntrusted,
        HibobError::MalformedBody { .. } => ErrorKind::MalformedBody,
        HibobError::TruncatedBody { .. } => ErrorKind::TruncatedBody,
        HibobError::BodyTooLarge { .. } => ErrorKind::BodyTooLarge,
        HibobError::InvalidBaseUrl { .. } => ErrorKind::InvalidBaseUrl,
        HibobError::ClientSetup { .. } => ErrorKind::ClientSetup,
    }
}

/// What crosses IPC and goes into `--json`: the flat report, never a bare string or a trace.
impl Serialize for SetupError {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.report().serialize(serializer)
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

/// What the UI and `--json` receive for a failure; also kept inside results (a Test connection
/// that stopped early, a credential store that could not be asked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorReport {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: String,
}

impl From<&HibobError> for ErrorReport {
    fn from(error: &HibobError) -> Self {
        SetupError::Hibob(error.clone()).report()
    }
}

#[cfg(test)]
mod tests;
