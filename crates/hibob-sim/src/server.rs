//! The simulator handle: [`SimServer`] starts a tenant, serves it in a tokio task
//! and changes it at run time.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::company::Company;
use crate::config::{Faults, Preset, SimConfig, MAX_EMPLOYEES};
use crate::error::SimError;
use crate::permissions::{Access, FieldGrant, PermissionGroup, PermissionModel, RestrictedFields};
use crate::routes::router;
use crate::state::{read, write, AppState, RequestRecord, Shared};

/// A running simulated HiBob tenant. Dropping it stops the server.
pub struct SimServer {
    shared: AppState,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SimServer {
    /// How many people the demo company employs.
    pub const DEMO_EMPLOYEES: usize = 250;

    /// Generates the company, binds 127.0.0.1:`config.port` (0 = any free port)
    /// and serves in a spawned tokio task.
    pub async fn start(config: SimConfig) -> Result<SimServer, SimError> {
        if !(1..=MAX_EMPLOYEES).contains(&config.employees) {
            return Err(SimError::InvalidArgument(format!(
                "employees must be between 1 and {MAX_EMPLOYEES}, got {}",
                config.employees
            )));
        }
        let company = Company::generate(
            config.employees,
            config.seed,
            config.effective_data_quality(),
        );
        let shared = Arc::new(Shared::new(&config, company));
        let bind = format!("127.0.0.1:{}", config.port);
        let listener = tokio::net::TcpListener::bind(&bind)
            .await
            .map_err(|source| SimError::Bind {
                addr: bind.clone(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SimError::Bind {
            addr: bind.clone(),
            source,
        })?;
        let app = router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            let _ = axum::serve(listener, service)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(SimServer {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The demo company of the desktop app and the CLI: the `demo` preset (a
    /// realistic, incomplete set-up with messy data) with [`SimServer::DEMO_EMPLOYEES`]
    /// employees, every `/v1` answer delayed by `latency_ms`.
    pub async fn demo(latency_ms: u64) -> Result<SimServer, SimError> {
        SimConfig::preset(Preset::Demo)
            .employees(SimServer::DEMO_EMPLOYEES)
            .latency_ms(latency_ms)
            .start()
            .await
    }

    /// API root including `/v1`, e.g. `http://127.0.0.1:43123/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn admin_url(&self) -> String {
        format!("http://{}/_admin", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The preset's primary service user.
    pub fn service_user_id(&self) -> String {
        self.shared.primary_id.clone()
    }

    /// The primary user's token; for `legacy-token` the rejected legacy token.
    pub fn token(&self) -> String {
        self.shared.reported_token.clone()
    }

    /// ID and token of the tenant's second service user (base-only permissions),
    /// for tests that swap credentials between users.
    pub fn secondary_credentials(&self) -> (String, String) {
        let id = self.shared.secondary_id.clone();
        let token = self.shared.users.token_of(&id).unwrap_or_default();
        (id, token)
    }

    /// Replaces the user's group; `None` removes it from every group.
    pub fn set_permissions(
        &self,
        service_user_id: &str,
        group: Option<PermissionGroup>,
    ) -> Result<(), SimError> {
        self.shared.users.set_permissions(service_user_id, group)
    }

    pub fn grant(&self, service_user_id: &str, permission_key: &str) -> Result<(), SimError> {
        self.shared.users.grant(service_user_id, permission_key)
    }

    pub fn revoke(&self, service_user_id: &str, permission_key: &str) -> Result<(), SimError> {
        self.shared.users.revoke(service_user_id, permission_key)
    }

    pub fn set_access(&self, service_user_id: &str, access: Access) -> Result<(), SimError> {
        self.shared.users.set_access(service_user_id, access)
    }

    /// Sets one field apart from its category, or (`None`) lets it follow its category again.
    /// Only a company with field-level permissions heeds it.
    pub fn set_field_grant(
        &self,
        service_user_id: &str,
        field_id: &str,
        grant: Option<FieldGrant>,
    ) -> Result<(), SimError> {
        self.shared
            .users
            .set_field_grant(service_user_id, field_id, grant)
    }

    /// Switches the company between per-category and field-level permissions, and what people
    /// search does with a withheld field under the latter.
    pub fn set_permission_model(&self, model: PermissionModel, restricted: RestrictedFields) {
        self.shared.users.set_model(model, restricted);
    }

    /// The current group of a service user (`None` = in no group).
    pub fn permissions(&self, service_user_id: &str) -> Result<Option<PermissionGroup>, SimError> {
        self.shared
            .users
            .list()
            .into_iter()
            .find(|u| u.id == service_user_id)
            .map(|u| u.group)
            .ok_or_else(|| SimError::UnknownServiceUser(service_user_id.to_owned()))
    }

    pub fn set_faults(&self, faults: Faults) {
        self.shared.faults.set(faults);
    }

    /// Current faults, with `fail_next`/`rate_limit_next` as counted down so far.
    pub fn faults(&self) -> Faults {
        self.shared.faults.current()
    }

    /// The last (up to 10 000) `/v1` requests, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.log.records()
    }

    pub fn request_count(&self, method: &str, path_prefix: &str) -> usize {
        self.shared.log.count(method, path_prefix)
    }

    pub fn clear_requests(&self) {
        self.shared.log.clear();
    }

    pub fn employee_count(&self) -> usize {
        read(&self.shared.company).employees.len()
    }

    /// Adds an employee (Hired if the start date is in the future); returns the new id.
    pub fn hire(
        &self,
        first_name: &str,
        surname: &str,
        start_date: &str,
    ) -> Result<String, SimError> {
        write(&self.shared.company).hire(first_name, surname, start_date)
    }

    /// Sets the job title (adding it to the title list if new) and appends a work-history row.
    pub fn change_title(&self, employee_id: &str, title: &str) -> Result<(), SimError> {
        write(&self.shared.company).change_title(employee_id, title)
    }

    /// Past or today: Terminated/Inactive. Future: garden leave, still Active.
    pub fn terminate(&self, employee_id: &str, termination_date: &str) -> Result<(), SimError> {
        write(&self.shared.company).terminate(employee_id, termination_date)
    }

    /// Stops accepting connections and waits (up to 5 s) for in-flight requests.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl std::fmt::Debug for SimServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the token.
        f.debug_struct("SimServer")
            .field("addr", &self.addr)
            .field("service_user_id", &self.shared.primary_id)
            .field("preset", &self.shared.preset)
            .finish()
    }
}

impl SimConfig {
    /// Starts a simulator with this configuration: the last step of
    /// `SimConfig::preset(Preset::Full).employees(120).start()`.
    pub async fn start(self) -> Result<SimServer, SimError> {
        SimServer::start(self).await
    }
}
