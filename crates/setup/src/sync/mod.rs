//! Sync now, as a preview: fetch the employees the integration would receive, map them with the
//! profile's mapping, and report what would sync and what is wrong with it. Nothing is written
//! anywhere but the local snapshot used for the next diff. This file holds the preview's types
//! and assembles it; the work is split by concern:
//!
//! - `control`: progress for the caller, and cancellation;
//! - `fetch`: the requests to HiBob;
//! - `map`: HiBob's values into the integration's columns;
//! - `validate`: what would stop a record from syncing, or is worth fixing;
//! - `restrictions`: what HiBob said it withheld under field-level permissions;
//! - `problems`: every problem's sentence and hint;
//! - `summary`: coverage per column and teams;
//! - `records`: the records a page at a time, searched and narrowed, for the screen.

use std::sync::Arc;

use foldhash::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::LifecycleStatus;
use crate::profile::{HistoryTable, MappingKind};

mod control;
mod fetch;
#[cfg(test)]
mod fixtures;
mod map;
mod problems;
mod records;
mod restrictions;
mod summary;
mod validate;

pub use control::{SyncControl, SyncPhase, SyncProgress};
pub use fetch::{people_search, preview};
pub use map::{build, preview_of_answer};
pub use records::{ProblemRef, RecordsPage, RecordsQuery, PAGE_SIZE};
pub use restrictions::Restrictions;

/// One mapped value. `Empty`: HiBob sent the field without a value; `Withheld`: HiBob left the
/// field out, or sent it blank while saying it withheld it (field-level permissions): a
/// permission is missing. Missing never becomes a blank or a default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum FieldState {
    /// Shared by the records that have the same value (a department, a site, a date).
    Value(#[ts(type = "string")] Arc<str>),
    Empty,
    Withheld,
}

impl FieldState {
    pub fn value(&self) -> Option<&str> {
        match self {
            FieldState::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// A column of the preview: one target field of the integration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Column {
    pub target: String,
    pub source: String,
    pub kind: MappingKind,
    pub required: bool,
    pub sensitive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MappedRecord {
    pub employee_id: String,
    pub display_name: String,
    pub lifecycle: Option<LifecycleStatus>,
    /// One per column, in column order.
    pub fields: Vec<FieldState>,
    /// Whether any blocking problem affects this record (it would not sync as is).
    pub blocked: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProblemKind {
    /// A field withheld from every employee: a permission is missing (see Test connection).
    FieldWithheld,
    /// A history table HiBob refused (403): a "section histories" permission is missing.
    TableWithheld,
    /// HiBob said it withheld this field's column under field-level permissions: its blanks are
    /// withheld values, not empty ones.
    FieldRestricted,
    /// HiBob showed the field's current value but withheld its history (field-level permissions).
    FieldHistoryRestricted,
    /// Blank for every employee in a company that uses field-level permissions: withheld or
    /// empty, HiBob's answer cannot tell (docs/hibob-api.md §9.4, §9.6).
    EmptyOrWithheld,
    MissingRequired,
    InvalidEmail,
    DuplicateEmail,
    InvalidDate,
    ManagerNotVisible,
    ManagerCycle,
    TerminatedWithoutDate,
}

impl ProblemKind {
    /// Blocking problems stop a record from syncing as is; the others are worth fixing.
    pub fn is_blocking(self) -> bool {
        matches!(
            self,
            ProblemKind::MissingRequired | ProblemKind::DuplicateEmail | ProblemKind::InvalidEmail
        )
    }
}

/// One problem with the records it affects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Problem {
    pub kind: ProblemKind,
    pub blocking: bool,
    /// The target field concerned, if one.
    pub column: Option<String>,
    pub message: String,
    pub hint: String,
    pub employee_ids: Vec<String>,
    /// The permission that would end the problem, where one would (a withheld field or table).
    pub grant: Option<Grant>,
}

/// A permission a Sync now problem names, with where to grant it and the wizard step for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Grant {
    pub permission: String,
    pub label: String,
    pub fix: String,
    pub fix_step: crate::catalog::FixStep,
}

impl Grant {
    pub(crate) fn of(permission: &crate::catalog::Permission) -> Self {
        Grant {
            permission: permission.id.clone(),
            label: permission.label.clone(),
            fix: permission.fix(),
            fix_step: permission.fix_step(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Coverage {
    pub target: String,
    pub filled: usize,
    pub empty: usize,
    pub withheld: usize,
    /// Share of records with a value, 0–100.
    pub percent: f64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Team {
    pub name: String,
    pub members: usize,
}

/// A table column HiBob withheld under field-level permissions (`restricted_columns`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RestrictedColumn {
    /// The column as the table names it (`fte`).
    pub column: String,
    /// The field it corresponds to (`payroll.employment.fte`); uncertain for custom columns.
    pub field_id: String,
    /// Only its history is withheld (`no_view_history_permission`): the current value shows.
    pub history_only: bool,
}

/// What came back from one history table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TableSummary {
    pub table: HistoryTable,
    /// The table's name as the screens show it ("Work history").
    pub name: String,
    /// HiBob refused the table (403).
    pub withheld: bool,
    /// Employees with at least one row.
    pub employees: usize,
    pub rows: usize,
    /// Columns HiBob withheld from this table under field-level permissions.
    pub restricted_columns: Vec<RestrictedColumn>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewCounts {
    pub employees: usize,
    pub ready: usize,
    pub blocked: usize,
}

// All zero for a preview built from employees already at hand (`build`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewStats {
    #[ts(type = "number")]
    pub body_bytes: u64,
    /// From asking HiBob until its answer had arrived and been read (it is read as it arrives).
    #[ts(type = "number")]
    pub transfer_ms: u64,
    /// Of which reading the answer and mapping each employee: mostly while it was still arriving.
    #[ts(type = "number")]
    pub parse_ms: u64,
    /// The checks across records and assembling the preview, once the answers were in.
    #[ts(type = "number")]
    pub process_ms: u64,
}

/// The result of Sync now.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Preview {
    pub profile: String,
    pub columns: Vec<Column>,
    pub records: Vec<MappedRecord>,
    pub problems: Vec<Problem>,
    pub coverage: Vec<Coverage>,
    /// Departments as a flat list of teams (parent departments are not followed).
    pub teams: Vec<Team>,
    /// The history tables the profile reads.
    pub tables: Vec<TableSummary>,
    pub counts: PreviewCounts,
    pub stats: PreviewStats,
    /// A table answer showed that the company uses field-level permissions. `false` proves
    /// nothing: HiBob only says so when it withheld something it was asked for (§9.5).
    pub field_level_permissions: bool,
}

impl Preview {
    /// Assembles the preview once everything is known, so no part of it is patched afterwards:
    /// the mapped records with their problems, the history tables (a refused one is a problem
    /// too) and the timings.
    fn new(mapped: map::Mapped, tables: Vec<TableSummary>, stats: PreviewStats) -> Self {
        let map::Mapped {
            profile,
            columns,
            mut records,
            mut problems,
            field_level_permissions,
        } = mapped;
        problems.extend(
            tables
                .iter()
                .filter(|summary| summary.withheld)
                .map(|summary| problems::table_withheld(summary.table, crate::Catalog::shared())),
        );
        let blocked_ids: HashSet<&str> = problems
            .iter()
            .filter(|p| p.blocking)
            .flat_map(|p| p.employee_ids.iter().map(String::as_str))
            .collect();
        for record in &mut records {
            record.blocked = blocked_ids.contains(record.employee_id.as_str());
        }
        let blocked = records.iter().filter(|r| r.blocked).count();
        Preview {
            profile,
            counts: PreviewCounts {
                employees: records.len(),
                ready: records.len() - blocked,
                blocked,
            },
            coverage: summary::coverage(&columns, &records),
            teams: summary::teams(&columns, &records),
            columns,
            records,
            problems,
            tables,
            stats,
            field_level_permissions,
        }
    }
}
