//! The service user's credentials: the token in the OS credential store, or in memory for this
//! session when the admin chose so (or the store cannot be used). The ID is not a secret and is
//! kept with the saved progress.

use std::sync::{Arc, Mutex};

use hibob::Token;
use setup::credentials::CredentialFeedback;
use setup::ipc::{CredentialStatus, TokenStorage};
use setup::progress::Progress;
use setup::{review, EnvironmentChoice, Result, SetupError};

use super::{check_length, lock, AppState};
use crate::secrets::SecretStore;

pub(super) struct Credentials {
    store: Arc<dyn SecretStore>,
    /// A token kept for this run only, with the environment it belongs to.
    session: Mutex<Option<(String, Token)>>,
}

impl Credentials {
    pub(super) fn new(store: Arc<dyn SecretStore>) -> Self {
        Self {
            store,
            session: Mutex::new(None),
        }
    }

    /// The credential store itself, for other secrets kept beside the token (the history's key).
    pub(super) fn store(&self) -> &dyn SecretStore {
        self.store.as_ref()
    }

    fn session_token(&self, key: &str) -> Option<Token> {
        lock(&self.session)
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, token)| token.clone())
    }

    fn forget_session_token(&self, key: &str) {
        lock(&self.session).take_if(|(k, _)| k == key);
    }

    /// The ID and token stored for the environment of `progress`.
    pub(super) fn stored(&self, progress: &Progress) -> Result<(String, Token)> {
        let id = progress
            .service_user_id
            .clone()
            .ok_or(SetupError::MissingServiceUserId)?;
        let key = progress.environment.credential_key();
        if let Some(token) = self.session_token(&key) {
            return Ok((id, token));
        }
        match self.store.get(&key)? {
            Some(token) => Ok((id, Token::new(token))),
            None => Err(SetupError::MissingToken),
        }
    }
}

impl AppState {
    pub fn review_credentials(&self, id: &str, token: &str) -> Result<CredentialFeedback> {
        check_length(id, "service user ID")?;
        check_length(token, "token")?;
        Ok(review(id, token)?.feedback())
    }

    pub fn save_credentials(
        &self,
        id: &str,
        token: &str,
        session_only: bool,
    ) -> Result<CredentialStatus> {
        check_length(id, "service user ID")?;
        check_length(token, "token")?;
        let reviewed = review(id, token)?;
        let key = lock(&self.progress).environment.credential_key();
        let token = reviewed.credentials.token.clone();
        if session_only {
            *lock(&self.credentials.session) = Some((key, token));
        } else {
            self.credentials.store.set(&key, token.expose_secret())?;
            // A saved token replaces a session one for the same environment.
            self.credentials.forget_session_token(&key);
        }
        self.set_service_user_id(Some(
            reviewed.credentials.service_user_id.as_str().to_string(),
        ))?;
        Ok(self.credential_status())
    }

    pub fn forget_credentials(&self) -> Result<CredentialStatus> {
        let key = lock(&self.progress).environment.credential_key();
        self.credentials.forget_session_token(&key);
        self.credentials.store.delete(&key)?;
        self.set_service_user_id(None)?;
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
        // A session token answers without asking the credential store (which may be locked).
        let (token, keychain_problem) = if self.credentials.session_token(&key).is_some() {
            (TokenStorage::Session, None)
        } else {
            match self.credentials.store.get(&key) {
                Ok(Some(_)) => (TokenStorage::Keychain, None),
                Ok(None) => (TokenStorage::None, None),
                Err(e) => (TokenStorage::None, Some(SetupError::from(e).report())),
            }
        };
        CredentialStatus {
            service_user_id: progress.service_user_id,
            token,
            keychain_problem,
        }
    }
}
