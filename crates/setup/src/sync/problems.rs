//! Every problem a preview can report, in words: what is wrong, for how many people, and what to
//! do about it. The sentences live here and nowhere else.

use std::collections::BTreeMap;

use super::{Problem, ProblemKind};
use crate::profile::HistoryTable;
use crate::wording::employees;

/// Problems collected per (kind, column), each with the employees it affects.
#[derive(Default)]
pub(super) struct Problems {
    found: BTreeMap<(ProblemKind, Option<String>), Vec<String>>,
}

impl Problems {
    pub(super) fn add(&mut self, kind: ProblemKind, column: Option<&str>, employee_id: &str) {
        self.found
            .entry((kind, column.map(String::from)))
            .or_default()
            .push(employee_id.to_string());
    }

    /// A problem about the tenant rather than particular employees.
    pub(super) fn note(&mut self, kind: ProblemKind, column: &str) {
        self.found
            .entry((kind, Some(column.to_string())))
            .or_default();
    }

    /// The problems in a stable order: by kind, then by column.
    pub(super) fn finish(self) -> Vec<Problem> {
        self.found
            .into_iter()
            .map(|((kind, column), employee_ids)| {
                let (message, hint) = describe(kind, column.as_deref(), employee_ids.len());
                Problem {
                    kind,
                    blocking: kind.is_blocking(),
                    column,
                    message,
                    hint,
                    employee_ids,
                }
            })
            .collect()
    }
}

/// A history table HiBob refused: about the tenant, not particular employees.
pub(super) fn table_withheld(table: HistoryTable) -> Problem {
    let kind = ProblemKind::TableWithheld;
    let (message, hint) = describe(kind, Some(table.name()), 0);
    Problem {
        kind,
        blocking: kind.is_blocking(),
        column: Some(table.name().to_string()),
        message,
        hint,
        employee_ids: Vec::new(),
    }
}

/// The message and the hint for `n` employees with a problem of this kind in `column`.
fn describe(kind: ProblemKind, column: Option<&str>, n: usize) -> (String, String) {
    let field = column.unwrap_or("a field");
    let people = employees(n);
    match kind {
        ProblemKind::TableWithheld => (
            format!("HiBob refused the {field}."),
            "A section histories permission is missing: run Test connection to see which one.".into(),
        ),
        ProblemKind::FieldWithheld => (
            format!("HiBob withheld {field} for every employee."),
            "A permission is missing: run Test connection to see which one and where to grant it.".into(),
        ),
        ProblemKind::MissingRequired => (
            format!("{people} have no {field}, which the integration requires."),
            "Fill it in on their HiBob profiles; these records cannot sync until then.".into(),
        ),
        ProblemKind::InvalidEmail => (
            format!("{people} have a {field} that is not an email address."),
            "Correct the address on their HiBob profiles.".into(),
        ),
        ProblemKind::DuplicateEmail => (
            format!("{people} share a {field} with someone else."),
            "Each person needs their own address; the integration would merge or reject them.".into(),
        ),
        ProblemKind::InvalidDate => (
            format!("{people} have a {field} that is not a date."),
            "Correct the date on their HiBob profiles.".into(),
        ),
        ProblemKind::ManagerNotVisible => (
            format!("{people} report to a manager the service user cannot see."),
            "The manager is often a leaver or a future starter left out by the Lifecycle status condition: \
             include every status in the group's Access data for."
                .into(),
        ),
        ProblemKind::ManagerCycle => (
            format!("{people} are in a reporting loop (someone is, in the end, their own manager)."),
            "Correct the Reports to field in HiBob so the chain ends at the top of the company.".into(),
        ),
        ProblemKind::TerminatedWithoutDate => (
            format!("{people} are terminated but have no termination date."),
            "Add the termination date in HiBob, or the integration cannot tell when they left.".into(),
        ),
    }
}
