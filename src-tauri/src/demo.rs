//! The demo company: the simulated HiBob tenant running inside the app, started on first use.
//! It begins with some permissions missing; "Simulate: grant in HiBob" changes its permission group
//! the way an admin would in HiBob.

use std::sync::Mutex;

use hibob_sim::{Access, LifecycleStatus, SimServer};

use crate::state::lock;
use setup::{Result, SetupError};

/// `HIBOB_SETUP_DEMO_LATENCY_MS` makes the demo company answer as slowly as a real HiBob far
/// away, so progress can be watched (the end-to-end test uses it). Unset: no delay.
fn demo_latency_ms() -> u64 {
    std::env::var("HIBOB_SETUP_DEMO_LATENCY_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .unwrap_or(0)
}

pub struct DemoCredentials {
    pub base_url: String,
    pub service_user_id: String,
    pub token: String,
}

#[derive(Default)]
pub struct Demo {
    server: tokio::sync::Mutex<Option<SimServer>>,
    service_user_id: Mutex<Option<String>>,
}

fn demo_error(detail: impl std::fmt::Display) -> SetupError {
    SetupError::DemoUnavailable {
        detail: detail.to_string(),
    }
}

impl Demo {
    pub async fn ensure_running(&self) -> Result<DemoCredentials> {
        let mut server = self.server.lock().await;
        if server.is_none() {
            let started = SimServer::demo(demo_latency_ms())
                .await
                .map_err(demo_error)?;
            *lock(&self.service_user_id) = Some(started.service_user_id());
            *server = Some(started);
        }
        let sim = server.as_ref().ok_or_else(|| demo_error("it stopped"))?;
        Ok(DemoCredentials {
            base_url: sim.base_url(),
            service_user_id: sim.service_user_id(),
            token: sim.token(),
        })
    }

    /// The demo service user's ID, once the demo has started.
    pub fn service_user_id(&self) -> Option<String> {
        lock(&self.service_user_id).clone()
    }

    /// Grants a catalog permission in the simulated HiBob. `access.lifecycle.<status>` widens the
    /// group's Lifecycle status condition; anything else ticks that permission.
    pub async fn grant(&self, permission: &str) -> Result<()> {
        let credentials = self.ensure_running().await?;
        let server = self.server.lock().await;
        let sim = server.as_ref().ok_or_else(|| demo_error("it stopped"))?;
        let id = credentials.service_user_id;
        let unknown = |detail: String| SetupError::DemoUnknownPermission { detail };
        if let Some(status) = permission.strip_prefix("access.lifecycle.") {
            let status: LifecycleStatus =
                serde_json::from_value(serde_json::Value::String(status.into()))
                    .map_err(|e| unknown(e.to_string()))?;
            let group = sim.permissions(&id).map_err(|e| unknown(e.to_string()))?;
            let access = match group.map(|g| g.access) {
                Some(Access::LifecycleStatuses(mut statuses)) => {
                    statuses.insert(status);
                    Access::LifecycleStatuses(statuses)
                }
                Some(Access::Everyone) => Access::Everyone,
                None => Access::LifecycleStatuses([status].into()),
            };
            sim.set_access(&id, access)
                .map_err(|e| unknown(e.to_string()))
        } else {
            sim.grant(&id, permission)
                .map_err(|e| unknown(e.to_string()))
        }
    }
}
