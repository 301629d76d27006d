//! A simulated HiBob ("Bob") tenant: the test bed and demo back end of HiBob Setup.
//!
//! It serves a faithful-enough subset of HiBob's `/v1` API (people search and
//! read, field metadata, named lists, employee tables, documents, time off, tasks,
//! reports) over plain HTTP on loopback, with service-user permission groups, rate
//! limiting and injectable faults. A loopback-only `/_admin` API (and the Rust methods on
//! [`SimServer`]) change permissions, faults and employees at run time.
//!
//! Where HiBob's behaviour is not documented the sim follows the best guess of
//! the project's API reference (`docs/hibob-api.md`); such spots are marked
//! "uncertain" in the code.

/// Runs the simulator in a child process, for benchmarks in other crates; not part of
/// the simulator's API proper.
#[doc(hidden)]
pub mod child;
mod company;
mod config;
mod dates;
mod error;
mod fields;
mod json;
mod names;
mod permissions;
mod pipeline;
mod prng;
mod reply;
mod routes;
mod server;
mod state;

pub use config::{DataQuality, Faults, Preset, SimConfig, MAX_EMPLOYEES};
pub use error::SimError;
pub use permissions::{
    Access, FieldGrant, LifecycleStatus, PermissionGroup, PermissionModel, RestrictedFields,
};
pub use server::SimServer;
pub use state::RequestRecord;
