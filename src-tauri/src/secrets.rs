//! The token's only home at rest: the OS credential store (Keychain on macOS, Credential Manager on
//! Windows, Secret Service on Linux), behind a trait so tests can use memory instead.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use setup::SetupError;
use zeroize::Zeroizing;

const SERVICE: &str = "HiBob Setup";

/// Why the credential store could not be used. Never carries the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("This computer's credential store could not be used.")]
pub struct StoreUnavailable {
    pub detail: String,
}

impl From<StoreUnavailable> for SetupError {
    fn from(error: StoreUnavailable) -> Self {
        SetupError::KeychainUnavailable {
            detail: error.detail,
        }
    }
}

pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<String>, StoreUnavailable>;
    fn set(&self, key: &str, secret: &str) -> Result<(), StoreUnavailable>;
    fn delete(&self, key: &str) -> Result<(), StoreUnavailable>;
}

/// The OS credential store through the `keyring` crate.
///
/// A locked store answers only once its owner has typed the password into the system's unlock
/// prompt, and where no prompt can be shown (no desktop session) it may never answer. So each
/// call runs on its own thread and is waited for at most `wait`; after that the app says the
/// store did not answer and offers to keep the token for the session.
pub struct Keychain {
    wait: Duration,
}

impl Default for Keychain {
    fn default() -> Self {
        // Long enough to find and type a keyring password in the unlock prompt.
        Self::waiting_at_most(Duration::from_secs(45))
    }
}

impl Keychain {
    pub fn waiting_at_most(wait: Duration) -> Self {
        Self { wait }
    }

    fn entry(key: &str) -> Result<keyring::Entry, StoreUnavailable> {
        keyring::Entry::new(SERVICE, key).map_err(unavailable)
    }

    fn bounded<T: Send + 'static>(
        &self,
        call: impl FnOnce() -> Result<T, StoreUnavailable> + Send + 'static,
    ) -> Result<T, StoreUnavailable> {
        let (answer, answered) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("credential-store".into())
            .spawn(move || {
                // Nobody may be listening any more (timed out); the answer is then dropped.
                let _ = answer.send(call());
            })
            .map_err(|e| StoreUnavailable {
                detail: e.to_string(),
            })?;
        answered
            .recv_timeout(self.wait)
            .map_err(|_| StoreUnavailable {
                detail: format!(
                    "it did not answer within {} seconds; it may be locked and waiting for its password",
                    self.wait.as_secs()
                ),
            })?
    }
}

fn unavailable(error: keyring::Error) -> StoreUnavailable {
    // keyring's messages describe the platform failure (no D-Bus, locked keyring); they never
    // include the password.
    StoreUnavailable {
        detail: error.to_string(),
    }
}

impl SecretStore for Keychain {
    fn get(&self, key: &str) -> Result<Option<String>, StoreUnavailable> {
        let entry = Self::entry(key)?;
        self.bounded(move || match entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        })
    }

    fn set(&self, key: &str, secret: &str) -> Result<(), StoreUnavailable> {
        let entry = Self::entry(key)?;
        // The thread's copy of the secret is wiped when it is done with it.
        let secret = Zeroizing::new(secret.to_string());
        self.bounded(move || entry.set_password(&secret).map_err(unavailable))
    }

    fn delete(&self, key: &str) -> Result<(), StoreUnavailable> {
        let entry = Self::entry(key)?;
        self.bounded(move || match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        })
    }
}

/// In-memory store for tests; `broken` simulates a machine without a credential store.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, String>>,
    pub broken: bool,
}

impl MemoryStore {
    pub fn broken() -> Self {
        Self {
            broken: true,
            ..Self::default()
        }
    }

    fn check(&self) -> Result<(), StoreUnavailable> {
        if self.broken {
            Err(StoreUnavailable {
                detail: "no credential store on this test machine".into(),
            })
        } else {
            Ok(())
        }
    }

    fn secrets(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        crate::state::lock(&self.secrets)
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreUnavailable> {
        self.check()?;
        Ok(self.secrets().get(key).cloned())
    }

    fn set(&self, key: &str, secret: &str) -> Result<(), StoreUnavailable> {
        self.check()?;
        self.secrets().insert(key.to_string(), secret.to_string());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), StoreUnavailable> {
        self.check()?;
        self.secrets().remove(key);
        Ok(())
    }
}
