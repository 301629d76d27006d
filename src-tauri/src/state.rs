//! The app's state and what the commands do with it: saved progress, credentials (keychain or
//! session), the demo company, and Test connection.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use hibob::{Client, ClientConfig, Environment, Token};
use setup::credentials::CredentialFeedback;
use setup::credentials::CredentialReview;
use setup::diagnosis::Diagnosis;
use setup::guide::HibobPage;
use setup::profile::ProfileChecklist;
use setup::session::{AppInfo, CredentialStatus, ExportFormat, Progress, SyncResult, TokenStorage};
use setup::snapshot;
use setup::sync::{Preview, SyncControl, SyncProgress};
use setup::{export, review, Catalog, EnvironmentChoice, ErrorReport, Guide, Profile, SetupError};

use crate::demo::Demo;
use crate::secrets::SecretStore;

/// Longest ID, token or URL accepted over IPC: far above any real value, far below harm.
const MAX_INPUT: usize = 4096;

pub struct AppState {
    data_dir: PathBuf,
    progress_file: PathBuf,
    progress: Mutex<Progress>,
    secrets: Arc<dyn SecretStore>,
    /// A token kept for this run only, with the environment it belongs to.
    session: Mutex<Option<(String, Token)>>,
    demo: Demo,
    catalog: Catalog,
    /// The running Sync now, to cancel it.
    sync: Mutex<Option<SyncControl>>,
    /// The last Sync now's preview, for export.
    last_preview: Mutex<Option<Preview>>,
    /// The last Test connection, for the setup report.
    last_diagnosis: Mutex<Option<Diagnosis>>,
    /// Timeouts and retries of every HiBob client the app makes.
    client_config: ClientConfig,
    /// What the admin is told on the first screen (saved progress that could not be read).
    startup_notices: Vec<String>,
    /// The file last exported, whose folder "Open folder" shows.
    last_export: Mutex<Option<PathBuf>>,
    /// The key of the sync history's hashes, once read from (or made for) the credential store.
    history_key: OnceLock<[u8; 32]>,
}

type CommandResult<T> = Result<T, ErrorReport>;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves consistent data here (plain values), so carry on.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn too_long(what: &str) -> ErrorReport {
    ErrorReport {
        kind: "invalid_input",
        message: format!("The {what} is far longer than any HiBob value."),
        hint: "Copy it again from HiBob; something else may have been pasted with it.".into(),
    }
}

fn check_length(value: &str, what: &str) -> CommandResult<()> {
    if value.len() > MAX_INPUT {
        Err(too_long(what))
    } else {
        Ok(())
    }
}

impl AppState {
    pub fn new(data_dir: &Path, secrets: Arc<dyn SecretStore>) -> Result<Self, SetupError> {
        let progress_file = data_dir.join("progress.json");
        let (progress, notice) = Progress::load(&progress_file);
        Ok(Self {
            startup_notices: notice.into_iter().collect(),
            data_dir: data_dir.to_path_buf(),
            sync: Mutex::new(None),
            last_preview: Mutex::new(None),
            last_diagnosis: Mutex::new(None),
            progress: Mutex::new(progress),
            progress_file,
            secrets,
            session: Mutex::new(None),
            demo: Demo::default(),
            catalog: Catalog::builtin()?,
            client_config: ClientConfig::default(),
            last_export: Mutex::new(None),
            history_key: OnceLock::new(),
        })
    }

    /// Other timeouts and retry waits (tests scale them down to run the fault matrix quickly).
    pub fn with_client_config(mut self, config: ClientConfig) -> Self {
        self.client_config = config;
        self
    }

    pub fn app_info(&self) -> CommandResult<AppInfo> {
        let profiles = Profile::builtin_ids()
            .iter()
            .map(|id| Profile::builtin(id, &self.catalog).map(|p| p.summary()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.report())?;
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            guide: Guide::builtin().map_err(|e| e.report())?,
            profiles,
            notices: self.startup_notices.clone(),
        })
    }

    pub fn progress(&self) -> Progress {
        lock(&self.progress).clone()
    }

    pub fn save_progress(&self, mut progress: Progress) -> CommandResult<()> {
        check_length(&progress.profile, "profile name")?;
        if let EnvironmentChoice::Custom { url } = &progress.environment {
            check_length(url, "address")?;
        }
        progress
            .environment
            .check_as_typed()
            .map_err(|e| e.report())?;
        if !Profile::builtin_ids().contains(&progress.profile) {
            return Err(SetupError::UnknownProfile {
                name: progress.profile.clone(),
                known: Profile::builtin_ids(),
            }
            .report());
        }
        // Each step once, in the order first visited: a list no longer than the guide.
        let mut seen = std::collections::HashSet::new();
        progress.visited.retain(|step| seen.insert(*step));
        // The stored ID belongs to the credentials, which the UI does not own.
        progress.service_user_id = lock(&self.progress).service_user_id.clone();
        progress.save(&self.progress_file).map_err(|e| e.report())?;
        *lock(&self.progress) = progress;
        Ok(())
    }

    pub fn checklist(&self, profile: &str) -> CommandResult<ProfileChecklist> {
        check_length(profile, "profile name")?;
        Profile::builtin(profile, &self.catalog)
            .map(|p| p.checklist(&self.catalog))
            .map_err(|e| e.report())
    }

    pub fn review_credentials(&self, id: &str, token: &str) -> CommandResult<CredentialFeedback> {
        check_length(id, "service user ID")?;
        check_length(token, "token")?;
        review(id, token)
            .map(|r| r.feedback())
            .map_err(|e| e.report())
    }

    pub fn save_credentials(
        &self,
        id: &str,
        token: &str,
        session_only: bool,
    ) -> CommandResult<CredentialStatus> {
        check_length(id, "service user ID")?;
        check_length(token, "token")?;
        let reviewed = review(id, token).map_err(|e| e.report())?;
        let key = lock(&self.progress).environment.credential_key();
        let token = reviewed.credentials.token.clone();
        if session_only {
            *lock(&self.session) = Some((key, token));
        } else {
            self.secrets
                .set(&key, token.expose_secret())
                .map_err(|e| e.report())?;
            // A saved token replaces a session one for the same environment.
            lock(&self.session).take_if(|(k, _)| *k == key);
        }
        let mut progress = lock(&self.progress);
        progress.service_user_id = Some(reviewed.credentials.service_user_id.as_str().to_string());
        progress.save(&self.progress_file).map_err(|e| e.report())?;
        drop(progress);
        Ok(self.credential_status())
    }

    pub fn forget_credentials(&self) -> CommandResult<CredentialStatus> {
        let key = lock(&self.progress).environment.credential_key();
        lock(&self.session).take_if(|(k, _)| *k == key);
        self.secrets.delete(&key).map_err(|e| e.report())?;
        let mut progress = lock(&self.progress);
        progress.service_user_id = None;
        progress.save(&self.progress_file).map_err(|e| e.report())?;
        drop(progress);
        Ok(self.credential_status())
    }

    pub fn credential_status(&self) -> CredentialStatus {
        let progress = self.progress();
        if progress.environment == EnvironmentChoice::Demo {
            return CredentialStatus {
                service_user_id: self.demo.service_user_id(),
                token: TokenStorage::Demo,
                keychain_problem: None,
            };
        }
        let key = progress.environment.credential_key();
        let in_session = lock(&self.session).as_ref().is_some_and(|(k, _)| *k == key);
        // A session token answers without asking the credential store (which may be locked).
        let (token, keychain_problem) = if in_session {
            (TokenStorage::Session, None)
        } else {
            match self.secrets.get(&key) {
                Ok(Some(_)) => (TokenStorage::Keychain, None),
                Ok(None) => (TokenStorage::None, None),
                Err(e) => (TokenStorage::None, Some(e.report())),
            }
        };
        CredentialStatus {
            service_user_id: progress.service_user_id,
            token,
            keychain_problem,
        }
    }

    pub async fn test_connection(&self) -> CommandResult<Diagnosis> {
        let connection = self.connect().await?;
        let diagnosis = setup::diagnose(
            &connection.client,
            &connection.environment,
            &connection.review,
            &connection.profile,
            &self.catalog,
        )
        .await;
        *lock(&self.last_diagnosis) = Some(diagnosis.clone());
        Ok(diagnosis)
    }

    /// The setup report for the vendor's support: the last Test connection and Sync now, no
    /// token, employee IDs only when asked for.
    pub fn setup_report(&self, include_employee_ids: bool) -> CommandResult<String> {
        let diagnosis = lock(&self.last_diagnosis).clone();
        let preview = lock(&self.last_preview).clone();
        if diagnosis.is_none() && preview.is_none() {
            return Err(ErrorReport {
                kind: "nothing_to_report",
                message: "There is nothing to report yet.".into(),
                hint: "Run Test connection (and Sync now, if you like) first.".into(),
            });
        }
        Ok(setup::report::setup_report(&setup::report::ReportInput {
            app_version: env!("CARGO_PKG_VERSION"),
            diagnosis: diagnosis.as_ref(),
            preview: preview.as_ref(),
            include_employee_ids,
        }))
    }

    /// A client for the chosen environment with the stored (or demo) credentials.
    async fn connect(&self) -> CommandResult<Connection> {
        let progress = self.progress();
        let profile = Profile::builtin(&progress.profile, &self.catalog).map_err(|e| e.report())?;
        let (environment, id, token) = match progress.environment.api().map_err(|e| e.report())? {
            None => {
                let demo = self.demo.ensure_running().await?;
                let environment: Environment = demo.base_url.parse().map_err(e_report)?;
                (environment, demo.service_user_id, Token::new(demo.token))
            }
            Some(environment) => {
                let (id, token) = self.stored_credentials(&progress)?;
                (environment, id, token)
            }
        };
        let review = review(&id, token.expose_secret()).map_err(|e| e.report())?;
        let client = Client::with_config(
            &environment,
            review.credentials.clone(),
            self.client_config.clone(),
        )
        .map_err(e_report)?;
        Ok(Connection {
            tenant: progress.environment.credential_key(),
            environment,
            review,
            client,
            profile,
        })
    }

    /// Sync now: preview, diff against the previous one of this tenant and profile, remember it.
    pub async fn sync_now(
        &self,
        on_progress: impl Fn(SyncProgress) + Send + Sync + 'static,
    ) -> CommandResult<SyncResult> {
        let control = SyncControl::with_progress(on_progress);
        {
            let mut running = lock(&self.sync);
            if running.is_some() {
                return Err(ErrorReport {
                    kind: "sync_running",
                    message: "Sync now is already running.".into(),
                    hint: "Wait for it to finish, or cancel it first.".into(),
                });
            }
            *running = Some(control.clone());
        }
        let result = self.run_sync(&control).await;
        *lock(&self.sync) = None;
        result
    }

    async fn run_sync(&self, control: &SyncControl) -> CommandResult<SyncResult> {
        let connection = self.connect().await?;
        let preview = setup::sync::preview(&connection.client, &connection.profile, control)
            .await
            .map_err(|e| e.report())?;
        let (diff, notices) = snapshot::record(
            &self.data_dir.join("history.sqlite"),
            self.snapshot_key(),
            &connection.tenant,
            &connection.profile.id,
            &preview,
            unix_now(),
        );
        *lock(&self.last_preview) = Some(preview.clone());
        Ok(SyncResult {
            preview,
            diff,
            notices,
        })
    }

    pub fn cancel_sync(&self) {
        if let Some(control) = lock(&self.sync).as_ref() {
            control.cancel();
        }
    }

    /// The key that makes the history's hashes of sensitive values unguessable. Kept in the
    /// credential store beside the token; without one, a key for this run only (sensitive fields
    /// then read as changed once on the next run).
    fn snapshot_key(&self) -> [u8; 32] {
        // Asked for once per run: a locked credential store is then waited for only once.
        *self
            .history_key
            .get_or_init(|| self.load_or_make_snapshot_key())
    }

    fn load_or_make_snapshot_key(&self) -> [u8; 32] {
        const ENTRY: &str = "sync-history-key";
        let stored = self.secrets.get(ENTRY);
        if let Ok(Some(key)) = stored
            .as_ref()
            .map(|hex| hex.as_deref().and_then(decode_key))
        {
            return key;
        }
        let mut key = [0u8; 32];
        if getrandom::fill(&mut key).is_err() {
            // No randomness at all is not plausible on a desktop; a fixed key still hashes.
            key = [0x5a; 32];
        }
        // A store that could not be read would not keep it either (and may make us wait again).
        if stored.is_ok() {
            let _ = self.secrets.set(ENTRY, &encode_key(&key));
        }
        key
    }

    pub fn ensure_preview(&self) -> CommandResult<()> {
        self.last_preview().map(|_| ())
    }

    fn last_preview(&self) -> CommandResult<Preview> {
        lock(&self.last_preview).clone().ok_or_else(|| ErrorReport {
            kind: "nothing_to_export",
            message: "There is no Sync now result to export yet.".into(),
            hint: "Run Sync now first.".into(),
        })
    }

    /// Writes the last Sync now's preview to `path`.
    pub fn export_preview(&self, format: ExportFormat, path: &Path) -> CommandResult<usize> {
        let preview = self.last_preview()?;
        let bytes = match format {
            ExportFormat::Csv => export::csv(&preview).into_bytes(),
            ExportFormat::Json => serde_json::to_vec_pretty(&preview).map_err(|e| {
                SetupError::Unwritable {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                }
                .report()
            })?,
        };
        export::write_atomically(path, &bytes).map_err(|e| e.report())?;
        Ok(preview.records.len())
    }

    pub fn remember_export(&self, path: &Path) {
        *lock(&self.last_export) = Some(path.to_path_buf());
    }

    /// The folder of the last export this run.
    pub fn export_folder(&self) -> CommandResult<PathBuf> {
        lock(&self.last_export)
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .ok_or_else(|| ErrorReport {
                kind: "nothing_exported",
                message: "Nothing has been exported yet.".into(),
                hint: "Export the preview or save the setup report first.".into(),
            })
    }

    fn stored_credentials(&self, progress: &Progress) -> CommandResult<(String, Token)> {
        let id = progress
            .service_user_id
            .clone()
            .ok_or_else(|| SetupError::MissingServiceUserId.report())?;
        let key = progress.environment.credential_key();
        if let Some((_, token)) = lock(&self.session).as_ref().filter(|(k, _)| *k == key) {
            return Ok((id, token.clone()));
        }
        match self.secrets.get(&key).map_err(|e| e.report())? {
            Some(token) => Ok((id, Token::new(token))),
            None => Err(SetupError::MissingToken.report()),
        }
    }

    pub async fn demo_grant(&self, permission: &str) -> CommandResult<()> {
        check_length(permission, "permission")?;
        if self.progress().environment != EnvironmentChoice::Demo {
            return Err(ErrorReport {
                kind: "not_demo",
                message: "Simulated grants only exist in the demo company.".into(),
                hint:
                    "In a real HiBob, grant the permission in the service user's permission group."
                        .into(),
            });
        }
        self.demo.grant(permission).await
    }

    pub fn hibob_page(&self, page: HibobPage) -> &'static str {
        self.progress().environment.web_page(page)
    }
}

struct Connection {
    /// Names the company in the sync history (the environment, as credentials are kept).
    tenant: String,
    environment: Environment,
    review: CredentialReview,
    client: Client,
    profile: Profile,
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn encode_key(key: &[u8; 32]) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_key(hex: &str) -> Option<[u8; 32]> {
    let mut key = [0u8; 32];
    if hex.len() != 64 {
        return None;
    }
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

fn e_report(error: hibob::HibobError) -> ErrorReport {
    SetupError::from(error).report()
}
