//! One way to reach a HiBob company as a service user, shared by the command line and the desktop
//! app: the credentials reviewed (cleaned of quotes and spaces, suspicions noted), a client for the
//! environment, and the integration profile the checks are held against.

use std::sync::Arc;

use hibob::{Client, ClientConfig, Environment, Wait};

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
    /// Told of each wait HiBob imposes (see [`Connection::on_wait`]).
    wait_observer: Option<WaitObserver>,
}

type WaitObserver = Arc<dyn Fn(&Wait) + Send + Sync>;

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
            wait_observer: None,
        })
    }

    /// The same connection, telling `observer` each time HiBob makes it wait a second or more
    /// before trying a request again (a rate limit, a busy server), so the person waiting can be
    /// told why and until when.
    #[must_use]
    pub fn on_wait(mut self, observer: impl Fn(&Wait) + Send + Sync + 'static) -> Self {
        let observer: WaitObserver = Arc::new(observer);
        self.client = self.client.clone().on_wait({
            let observer = observer.clone();
            move |wait| observer(wait)
        });
        self.wait_observer = Some(observer);
        self
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

    /// Sync now, as a preview. Waits reach the connection's observer and the control's progress.
    pub async fn preview(&self, control: &SyncControl) -> Result<Preview> {
        let observer = self.wait_observer.clone();
        let progress = control.clone();
        let client = self.client.clone().on_wait(move |wait| {
            if let Some(observer) = &observer {
                observer(wait);
            }
            progress.wait_started(wait);
        });
        crate::sync::preview(&client, &self.profile, control).await
    }
}
