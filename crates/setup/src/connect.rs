//! One way to reach a HiBob company as a service user, shared by the command line and the desktop
//! app: the credentials reviewed (cleaned of quotes and spaces, suspicions noted), a client for the
//! environment, and the integration profile the checks are held against.

use hibob::{Client, ClientConfig, Environment};

use crate::catalog::Catalog;
use crate::credentials::{review, CredentialReview};
use crate::diagnosis::{diagnose, Diagnosis};
use crate::error::Result;
use crate::profile::Profile;
use crate::sync::{Preview, SyncControl};

pub struct Connection {
    pub environment: Environment,
    pub review: CredentialReview,
    pub client: Client,
    pub profile: Profile,
}

impl Connection {
    /// Reviews the credentials as typed and builds a client; nothing is sent to HiBob yet.
    pub fn open(
        environment: Environment,
        service_user_id: &str,
        token: &str,
        profile: Profile,
        config: ClientConfig,
    ) -> Result<Self> {
        let review = review(service_user_id, token)?;
        let client = Client::with_config(&environment, review.credentials.clone(), config)?;
        Ok(Connection {
            environment,
            review,
            client,
            profile,
        })
    }

    /// Test connection.
    pub async fn diagnose(&self, catalog: &Catalog) -> Diagnosis {
        diagnose(
            &self.client,
            &self.environment,
            &self.review,
            &self.profile,
            catalog,
        )
        .await
    }

    /// Sync now, as a preview.
    pub async fn preview(&self, control: &SyncControl) -> Result<Preview> {
        crate::sync::preview(&self.client, &self.profile, control).await
    }
}
