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
    today: String,
}

impl<'a> CompanyView<'a> {
    pub(super) fn new(employees: &'a [Employee], active: Option<usize>) -> Self {
        let statuses = employees.iter().map(lifecycle_of).collect();
        Self {
            employees,
            active,
            statuses,
            today: crate::dates::today_iso(),
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

    /// Whether everyone visible is active: no leaver and no future starter, by their statuses
    /// when readable, else by the active-only count.
    pub(super) fn only_active_visible(&self) -> bool {
        if self.visible() == 0 {
            return false;
        }
        if self.statuses_readable() {
            return !self
                .statuses
                .iter()
                .flatten()
                .any(|status| status.is_inactive());
        }
        self.inactive() == Some(0)
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

    /// Visible employees whose start date is after today: future starters, told by their start
    /// date alone, so without the Lifecycle permission. `None` when no start date came back.
    pub(super) fn starting_later(&self) -> Option<usize> {
        let dates: Vec<&str> = self
            .employees
            .iter()
            .filter_map(|e| e.field("work.startDate").as_str())
            .collect();
        // ISO dates compare as text.
        (!dates.is_empty()).then(|| dates.iter().filter(|d| **d > self.today.as_str()).count())
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
            // Only the statuses whose absence is telling: a company where nobody happens to be on
            // parental or garden leave today is not misconfigured.
            for status in required {
                let telling = matches!(
                    status,
                    LifecycleStatus::Employed | LifecycleStatus::Terminated
                );
                if telling && counts.get(status).copied().unwrap_or(0) == 0 {
                    warnings.push(format!(
                        "No visible employee has the status {}: the Lifecycle status condition may leave them out.",
                        status.display_name()
                    ));
                }
            }
        } else {
            warnings.push(
                "Lifecycle statuses cannot be read without “View selected employees’ Lifecycle sections”, so leavers and \
                 people on leave cannot be told apart; future starters show by their start date only."
                    .to_string(),
            );
        }
        if self.only_active_visible() && required.iter().any(|s| s.is_inactive()) {
            warnings.push(
                "Only active employees are visible, so future starters (inactive until their first day), leavers, \
                 and people on leave whose HiBob access is deactivated are all out of view. If the group's data \
                 access is set to “Everyone”, that is why: \
                 HiBob's Everyone covers active employees only. Choose “Select people by condition” instead, remove \
                 the default “Lifecycle status equals Employed” condition, and list every status the integration \
                 needs."
                    .to_string(),
            );
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
