//! Sync now: one at a time, cancellable, compared with the previous run of the same company and
//! profile in the sync history, whose hashes are keyed by a secret kept in the credential store.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use setup::history::SyncHistory;
use setup::ipc::SyncResult;
use setup::sync::{RecordsPage, RecordsQuery, SyncControl, SyncProgress};
use setup::{Result, SetupError};

use super::connection::Connected;
use super::{lock, AppState};
use crate::secrets::SecretStore;

/// The Sync now in flight, to refuse a second one and to cancel it.
#[derive(Default)]
pub(super) struct RunningSync(Mutex<Option<SyncControl>>);

/// The sync history file and the key of its hashes of sensitive values.
pub(super) struct History {
    path: PathBuf,
    /// Read from (or made for) the credential store once per run: a locked store is then
    /// waited for only once.
    key: OnceLock<[u8; 32]>,
}

/// The credential store entry that keeps the history's key beside the token.
const KEY_ENTRY: &str = "sync-history-key";

impl History {
    pub(super) fn new(path: PathBuf) -> Self {
        Self {
            path,
            key: OnceLock::new(),
        }
    }

    /// The key that makes the history's hashes of sensitive values unguessable. Without a
    /// credential store, a key for this run only (sensitive fields then read as changed once on
    /// the next run).
    fn key(&self, store: &dyn SecretStore) -> [u8; 32] {
        *self.key.get_or_init(|| load_or_make_key(store))
    }
}

fn load_or_make_key(store: &dyn SecretStore) -> [u8; 32] {
    let stored = store.get(KEY_ENTRY);
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
        let _ = store.set(KEY_ENTRY, &encode_key(&key));
    }
    key
}

impl AppState {
    /// Sync now: preview, diff against the previous one of this tenant and profile, remember it.
    pub async fn sync_now(
        &self,
        on_progress: impl Fn(SyncProgress) + Send + Sync + 'static,
    ) -> Result<SyncResult> {
        let control = SyncControl::with_progress(on_progress);
        {
            let mut running = lock(&self.running_sync.0);
            if running.is_some() {
                return Err(SetupError::SyncRunning);
            }
            *running = Some(control.clone());
        }
        let result = self.run_sync(&control).await;
        *lock(&self.running_sync.0) = None;
        result
    }

    async fn run_sync(&self, control: &SyncControl) -> Result<SyncResult> {
        let Connected { connection, tenant } = self.connect().await?;
        let key = self.history.key(self.credentials.store());
        // The previous run is read from the history while HiBob is asked: for a large company
        // that read takes a noticeable part of a second. Nothing else writes the history while a
        // Sync now runs (there is one at a time).
        let previous = tokio::task::spawn_blocking({
            let (path, tenant) = (self.history.path.clone(), tenant.clone());
            let profile = connection.profile.id.clone();
            move || SyncHistory::read_previous(&path, key, &tenant, &profile)
        });
        let preview = connection.preview(control).await?;
        let previous = previous.await.unwrap_or_else(|_| {
            Err(SetupError::Unreadable {
                path: self.history.path.display().to_string(),
                detail: "reading the previous Sync now stopped".into(),
            })
        });
        let (diff, notices) = SyncHistory::record_run(
            previous,
            &self.history.path,
            key,
            &tenant,
            &connection.profile.id,
            &preview,
            unix_now(),
        );
        let result = SyncResult::new(&preview, diff.clone(), notices);
        let mut last = lock(&self.last);
        last.preview = Some(Arc::new(preview));
        last.diff = Some(diff);
        Ok(result)
    }

    /// A page of the last Sync now's records, as the screen asks for it.
    pub fn preview_records(&self, query: &RecordsQuery) -> Result<RecordsPage> {
        let preview = self.last_preview().map_err(|_| SetupError::NoSyncResult)?;
        Ok(preview.page(query))
    }

    pub fn cancel_sync(&self) {
        if let Some(control) = lock(&self.running_sync.0).as_ref() {
            control.cancel();
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_survives_its_hex_form_and_damaged_hex_is_refused() {
        let key: [u8; 32] = std::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(decode_key(&encode_key(&key)), Some(key));
        assert_eq!(decode_key("abc"), None);
        assert_eq!(decode_key(&"zz".repeat(32)), None);
    }
}
