//! The employees as the service user sees them: how many, which lifecycle statuses, and what
//! that says about whose data the permission group may see.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use hibob::{Employee, FieldValue};

use super::LifecycleCoverage;
use crate::catalog::{lifecycle_of, LifecycleStatus};

/// The employees as the service user sees them.
pub(super) struct CompanyView<'a> {
    pub(super) employees: &'a [Employee],
    pub(super) active: Option<usize>,
    statuses: Vec<Option<LifecycleStatus>>,
}

impl<'a> CompanyView<'a> {
    pub(super) fn new(employees: &'a [Employee], active: Option<usize>) -> Self {
        let statuses = employees.iter().map(lifecycle_of).collect();
        Self {
            employees,
            active,
            statuses,
        }
    }

    /// Employees HiBob returned, inactive ones included.
    pub(super) fn visible(&self) -> usize {
        self.employees.len()
    }

    /// Whether HiBob let lifecycle statuses through at all (the Lifecycle permission).
    pub(super) fn statuses_readable(&self) -> bool {
        self.employees
            .iter()
            .any(|e| !matches!(e.field("internal.lifecycleStatus"), FieldValue::Absent))
    }

    pub(super) fn count(&self, status: LifecycleStatus) -> usize {
        self.statuses.iter().filter(|s| **s == Some(status)).count()
    }

    /// Visible employees that are not active, when the active-only search answered.
    pub(super) fn inactive(&self) -> Option<usize> {
        self.active
            .map(|active| self.visible().saturating_sub(active))
    }

    /// Employees to run per-employee probes against: employed people first.
    pub(super) fn sample_ids(&self, n: usize) -> Vec<String> {
        let mut order: Vec<usize> = (0..self.employees.len()).collect();
        order.sort_by_key(|&i| self.statuses[i] != Some(LifecycleStatus::Employed));
        order
            .into_iter()
            .filter_map(|i| self.employees[i].id().map(String::from))
            .take(n)
            .collect()
    }

    /// Start date per employee ID: a history row starting later proves earlier rows were cut.
    pub(super) fn start_dates(&self) -> HashMap<&str, &str> {
        self.employees
            .iter()
            .filter_map(|e| Some((e.id()?, e.field("work.startDate").as_str()?)))
            .collect()
    }

    /// Who is visible per lifecycle status, with a warning where the profile needs a status
    /// nobody visible has.
    pub(super) fn coverage(&self, required: &BTreeSet<LifecycleStatus>) -> LifecycleCoverage {
        let readable = self.statuses_readable();
        let mut counts = BTreeMap::new();
        if readable {
            for status in self.statuses.iter().flatten() {
                *counts.entry(*status).or_insert(0) += 1;
            }
        }
        let mut warnings = Vec::new();
        if self.visible() == 0 {
            warnings.push(
                "No employee is visible to the service user. Add it to a permission group and choose whose data the group \
                 may see (People's data › Access data for)."
                    .to_string(),
            );
        } else if readable {
            for status in required {
                if counts.get(status).copied().unwrap_or(0) == 0 {
                    warnings.push(format!(
                        "No visible employee is {}: the Lifecycle status condition may leave them out.",
                        status.display_name()
                    ));
                }
            }
        } else {
            warnings.push(
                "Lifecycle statuses cannot be read without “View selected employees’ Lifecycle sections”, so leavers and \
                 future starters cannot be told apart."
                    .to_string(),
            );
            if self.inactive() == Some(0)
                && (required.contains(&LifecycleStatus::Terminated)
                    || required.contains(&LifecycleStatus::Hired))
            {
                warnings.push(
                    "No inactive employee (leaver or future starter) is visible, even with inactive people included."
                        .to_string(),
                );
            }
        }
        LifecycleCoverage {
            visible: self.visible(),
            active: self.active,
            statuses_readable: readable,
            counts,
            warnings,
        }
    }
}
