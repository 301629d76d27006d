//! Reaching the chosen HiBob (or the demo company) with the stored credentials: Test connection
//! and the demo's simulated grants.

use hibob::{Environment, Token};
use setup::connect::Connection;
use setup::diagnosis::Diagnosis;
use setup::waiting::{self, Waiting};
use setup::{EnvironmentChoice, Result, SetupError};

use super::{check_length, lock, AppState};

/// A connection, and the name the sync history files its runs under.
pub(super) struct Connected {
    pub connection: Connection,
    /// Names the company in the sync history (the environment, as credentials are kept).
    pub tenant: String,
}

impl AppState {
    /// A client for the chosen environment with the stored (or demo) credentials.
    pub(super) async fn connect(&self) -> Result<Connected> {
        let progress = self.progress();
        let profile = self.profile(&progress.profile)?;
        let (environment, id, token) = match progress.environment.api()? {
            None => {
                let demo = self.demo.ensure_running().await?;
                let environment: Environment = demo.base_url.parse()?;
                (environment, demo.service_user_id, Token::new(demo.token))
            }
            Some(environment) => {
                let (id, token) = self.credentials.stored(&progress)?;
                (environment, id, token)
            }
        };
        let connection = Connection::open(
            environment,
            &id,
            token.expose_secret(),
            profile,
            self.client_config.clone(),
        )?;
        Ok(Connected {
            connection,
            tenant: progress.environment.credential_key(),
        })
    }

    /// Test connection; `on_wait` hears of each wait HiBob imposes (`Some`) and its end (`None`),
    /// for a countdown.
    pub async fn test_connection(
        &self,
        on_wait: impl Fn(Option<Waiting>) + Send + Sync + 'static,
    ) -> Result<Diagnosis> {
        let Connected { connection, .. } = self.connect().await?;
        let connection = connection.on_wait(waiting::observer(on_wait));
        let diagnosis = connection.diagnose(&self.catalog).await;
        if !diagnosis.company_fields.is_empty() {
            *lock(&self.company_fields) = Some((
                self.progress().environment,
                diagnosis.company_fields.clone(),
            ));
        }
        lock(&self.last).diagnosis = Some(diagnosis.clone());
        Ok(diagnosis)
    }

    pub async fn demo_grant(&self, permission: &str) -> Result<()> {
        check_length(permission, "permission")?;
        if self.progress().environment != EnvironmentChoice::Demo {
            return Err(SetupError::NotDemo);
        }
        self.demo.grant(permission).await
    }
}
