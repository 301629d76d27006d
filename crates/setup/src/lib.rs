//! HiBob Setup's core: the decisions, with no UI. The admin guide, the permission catalog and the
//! integration profiles (data, reviewed like code), the live diagnosis behind Test connection, the
//! preview behind Sync now with its history, and the setup report. Its two front ends, the desktop
//! app and the `hibob-setup` command line, are thin over it; HiBob's wire format stays in `hibob`.

pub mod builder;
pub mod catalog;
pub mod connect;
pub mod credentials;
mod dates;
pub mod diagnosis;
pub mod environment;
pub mod error;
pub mod export;
pub mod fs;
pub mod guide;
pub mod handoff;
pub mod history;
pub mod ipc;
pub mod profile;
pub mod profile_store;
pub mod progress;
pub mod setup_report;
pub mod sync;
pub mod waiting;
pub mod wording;

pub use catalog::{Catalog, LifecycleStatus, Permission, Tab, Verify};
pub use credentials::{review, CredentialReview};
pub use diagnosis::{diagnose, Check, CheckStatus, Diagnosis, FieldAccess, FieldFix, Verdict};
pub use environment::EnvironmentChoice;
pub use error::{ErrorKind, ErrorReport, Result, SetupError};
pub use guide::{Guide, StepId};
pub use profile::{ChecklistItem, Profile, ProfileChecklist};
