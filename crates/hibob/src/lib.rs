//! A typed client for HiBob's public API, as far as HiBob Setup needs it.
//!
//! This crate knows HiBob's wire format (hosts, Basic auth with a service user, people search,
//! employee tables, metadata, time off, documents, tasks, reports) and turns every HTTP outcome into a typed
//! [`HibobError`] with a user-facing sentence and a hint. It decides nothing about what a missing
//! field *means*: that is the setup crate's job.
//!
//! Facts about HiBob come from the project's `docs/hibob-api.md` (cited as `§N`); where it marks
//! behaviour as uncertain, the code says so next to the place it matters.

mod client;
mod credentials;
mod endpoint;
mod environment;
mod error;
mod metadata;
mod people;
mod reports;
mod retry;
mod tables;
mod tasks;

pub use client::{Client, ClientConfig, RawResponse, Wait};
pub use credentials::{Credentials, ServiceUserId, Token};
pub use endpoint::{Endpoint, Table, MAX_BULK_LIMIT};
pub use environment::{BaseUrl, Environment};
pub use error::HibobError;
pub use metadata::{FieldMeta, ListItem, NamedList, TypeData};
pub use people::{
    parse_search_body, read_search_answer, Employee, EmployeeSink, FieldKey, FieldValue,
    HumanReadable, PeopleSearch, PeopleSearchResult, SearchFilter, SearchReader, MAX_SEARCH_FIELDS,
};
pub use reports::{CompanyReports, Report};
pub use retry::RetryPolicy;
pub use tables::{
    BulkEmployeeRows, BulkPage, ResponseMetadata, RestrictedColumns, TableRows, TableRowsByEmployee,
};
pub use tasks::{OpenTasks, Task, TaskEmployee};
