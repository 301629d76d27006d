//! HiBob Setup's core: the decisions, with no UI. The permission catalog and the integration
//! profiles (data, reviewed like code), the live diagnosis behind Test connection, and the
//! `hibob-setup` command line. HiBob's wire format stays in the `hibob` crate.

pub mod catalog;
pub mod credentials;
mod dates;
pub mod diagnosis;
pub mod environment;
pub mod error;
pub mod export;
pub mod guide;
pub mod profile;
pub mod render;
pub mod report;
pub mod session;
pub mod snapshot;
pub mod sync;
pub mod wording;

pub use catalog::{Catalog, LifecycleStatus, Permission, Tab, Verify};
pub use credentials::{review, CredentialReview};
pub use diagnosis::{diagnose, Check, CheckStatus, Diagnosis, Verdict};
pub use environment::EnvironmentChoice;
pub use error::{ErrorReport, SetupError};
pub use guide::{Guide, StepId};
pub use profile::Profile;
