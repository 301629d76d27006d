//! The employees as the service user sees them: how many, which lifecycle statuses, and what
//! that says about whose data the permission group may see.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use hibob::{Employee, EmployeeSink, FieldKey, FieldValue};

use super::LifecycleCoverage;
use crate::catalog::{lifecycle_by, LifecycleStatus, LIFECYCLE_FIELD};

/// What the checks need of one visible employee. The employee itself is let go as soon as it is
/// read: a company of 50,000 is a few megabytes of these, not the answer it came in.
pub(super) struct Person {
    id: Option<Box<str>>,
    status: Option<LifecycleStatus>,
    start_date: Option<Box<str>>,
    /// Bit `i`: searched field `i` came back with a value.
    filled: Box<[u64]>,
    /// Bit `i`: searched field `i` came back at all, even as `null`.
    keyed: Box<[u64]>,
}

/// The employees of the diagnosis's search, read into [`Person`]s as the answer arrives.
pub(super) struct People {
    /// The searched fields, whose positions are the bits of [`Person::filled`]; they and the
    /// fields read of every person are each looked up once per answer.
    keys: Vec<FieldKey>,
    id: FieldKey,
    lifecycle: FieldKey,
    start_date: FieldKey,
    people: Vec<Person>,
    /// HiBob let at least one lifecycle status through (the Lifecycle permission).
    statuses_sent: bool,
}

impl People {
    pub(super) fn new(fields: &[String]) -> Self {
        People {
            keys: fields.iter().map(|f| FieldKey::new(f)).collect(),
            id: FieldKey::new("root.id"),
            lifecycle: FieldKey::new(LIFECYCLE_FIELD),
            start_date: FieldKey::new("work.startDate"),
            people: Vec::new(),
            statuses_sent: false,
        }
    }

    fn add(&mut self, employee: &Employee) {
        let words = self.keys.len().div_ceil(64);
        let mut filled = vec![0u64; words];
        let mut keyed = vec![0u64; words];
        for (i, key) in self.keys.iter_mut().enumerate() {
            let state = key.of(employee);
            if state.is_filled() {
                filled[i / 64] |= 1 << (i % 64);
            }
            if !matches!(state, FieldValue::Absent) {
                keyed[i / 64] |= 1 << (i % 64);
            }
        }
        self.statuses_sent |= !matches!(self.lifecycle.of(employee), FieldValue::Absent);
        self.people.push(Person {
            id: self.id.of(employee).as_str().map(Into::into),
            status: lifecycle_by(&mut self.lifecycle, employee),
            start_date: self.start_date.of(employee).as_str().map(Into::into),
            filled: filled.into(),
            keyed: keyed.into(),
        });
    }
}

impl EmployeeSink for People {
    type Output = People;
    const KEEPS_EMPLOYEES: bool = false;

    fn take(&mut self, employee: Employee) {
        self.add(&employee);
    }

    fn finish(self) -> People {
        self
    }
}

/// What HiBob sent for some fields across the visible employees: values, not keys, are
/// evidence (docs/hibob-api.md §9.6).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Seen {
    /// Employees with a value in at least one of the fields.
    pub(super) with_value: usize,
    /// Employees for whom HiBob sent at least one of the fields, even as `null`.
    pub(super) with_key: usize,
}

/// The employees as the service user sees them.
pub(super) struct CompanyView {
    people: People,
    pub(super) active: Option<usize>,
    today: String,
}

impl CompanyView {
    pub(super) fn new(people: People, active: Option<usize>) -> Self {
        Self {
            people,
            active,
            today: crate::dates::today_iso(),
        }
    }

    /// The view of employees already read whole, as a search for `fields` would see them.
    #[cfg(test)]
    pub(super) fn of(employees: &[Employee], fields: &[String], active: Option<usize>) -> Self {
        let mut people = People::new(fields);
        for employee in employees {
            people.add(employee);
        }
        Self::new(people, active)
    }

    fn people(&self) -> &[Person] {
        &self.people.people
    }

    /// Employees HiBob returned, inactive ones included.
    pub(super) fn visible(&self) -> usize {
        self.people().len()
    }

    /// How many visible employees came back with a value, or at least the key, of any of
    /// `fields`. A field the search did not ask for never came back.
    pub(super) fn seen(&self, fields: &[String]) -> Seen {
        let words = self.people.keys.len().div_ceil(64);
        let mut wanted = vec![0u64; words];
        for (i, key) in self.people.keys.iter().enumerate() {
            if fields.iter().any(|f| f == key.id()) {
                wanted[i / 64] |= 1 << (i % 64);
            }
        }
        let any = |bits: &[u64]| bits.iter().zip(&wanted).any(|(b, w)| b & w != 0);
        let mut seen = Seen::default();
        for person in self.people() {
            seen.with_value += usize::from(any(&person.filled));
            seen.with_key += usize::from(any(&person.keyed));
        }
        seen
    }

    /// Whether HiBob let lifecycle statuses through at all (the Lifecycle permission).
    pub(super) fn statuses_readable(&self) -> bool {
        self.people.statuses_sent
    }

    fn statuses(&self) -> impl Iterator<Item = LifecycleStatus> + '_ {
        self.people().iter().filter_map(|p| p.status)
    }

    pub(super) fn count(&self, status: LifecycleStatus) -> usize {
        self.statuses().filter(|s| *s == status).count()
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
            return !self.statuses().any(|status| status.is_inactive());
        }
        self.inactive() == Some(0)
    }

    /// Employees to run per-employee probes against: employed people first.
    pub(super) fn sample_ids(&self, n: usize) -> Vec<String> {
        let mut order: Vec<&Person> = self.people().iter().collect();
        order.sort_by_key(|p| p.status != Some(LifecycleStatus::Employed));
        order
            .into_iter()
            .filter_map(|p| p.id.as_deref().map(String::from))
            .take(n)
            .collect()
    }

    /// Visible employees whose start date is after today: future starters, told by their start
    /// date alone, so without the Lifecycle permission. `None` when no start date came back.
    pub(super) fn starting_later(&self) -> Option<usize> {
        let dates: Vec<&str> = self
            .people()
            .iter()
            .filter_map(|p| p.start_date.as_deref())
            .collect();
        // ISO dates compare as text.
        (!dates.is_empty()).then(|| dates.iter().filter(|d| **d > self.today.as_str()).count())
    }

    /// Start date per employee ID: a history row starting later proves earlier rows were cut.
    pub(super) fn start_dates(&self) -> HashMap<&str, &str> {
        self.people()
            .iter()
            .filter_map(|p| Some((p.id.as_deref()?, p.start_date.as_deref()?)))
            .collect()
    }

    /// Who is visible per lifecycle status, with a warning where the profile needs a status
    /// nobody visible has.
    pub(super) fn coverage(&self, required: &BTreeSet<LifecycleStatus>) -> LifecycleCoverage {
        let readable = self.statuses_readable();
        let mut counts = BTreeMap::new();
        if readable {
            for status in self.statuses() {
                *counts.entry(status).or_insert(0) += 1;
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
