//! The judgement: from what HiBob answered, is each permission granted, missing, or impossible to
//! tell, and in which sentence. Pure: no I/O, so every path is tested here without a simulator.

use std::collections::HashMap;

use hibob::{BulkPage, CompanyReports, FieldMeta, HibobError, OpenTasks, RawResponse, Table};
use serde_json::Value;

use super::company::{CompanyView, Seen};
use super::plan::{probe_label, Plan};
use super::{Check, CheckStatus, FieldAccess, FieldFix};
use crate::catalog::{LifecycleStatus, Permission, Probe, Verify};
use crate::profile::Profile;
use crate::wording::{count, employees, list_of};

/// A table column HiBob withheld under field-level permissions, as the field it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RestrictedField {
    pub(super) field_id: String,
    pub(super) table: Table,
    pub(super) access: FieldAccess,
}

/// Everything HiBob answered, and the judgement of each permission from it.
pub(super) struct Evidence<'a> {
    pub(super) view: &'a CompanyView,
    pub(super) fields: &'a [FieldMeta],
    pub(super) plan: &'a Plan,
    pub(super) probes: &'a HashMap<Probe, Result<RawResponse, HibobError>>,
    pub(super) documents: &'a [Result<RawResponse, HibobError>],
    /// Table columns HiBob reported withheld (only a company with field-level permissions does).
    pub(super) restricted: &'a [RestrictedField],
    /// HiBob showed that this company uses field-level permissions (docs/hibob-api.md §9.5);
    /// `false` proves nothing.
    pub(super) field_level: bool,
}

impl Evidence<'_> {
    /// One line of the checklist: the judgement, with where to fix it and why it is needed.
    pub(super) fn check(&self, permission: &Permission, why: &str) -> Check {
        let (mut status, mut evidence) = self.judge(permission);
        let mut field_fixes = self.field_fixes(permission, status);
        if let (Verify::Fields(category), CheckStatus::Granted) = (&permission.verify, status) {
            // The section's fields arrive, yet a field the integration maps is left out for
            // everyone: granted one by one, or withheld on its own.
            let left_out: Vec<FieldFix> = self
                .plan
                .mapped
                .iter()
                .filter(|id| self.meta(id).is_some_and(|m| &m.category_id == category))
                .filter(|id| !field_fixes.iter().any(|fix| &fix.field == *id))
                .filter(|id| self.seen(std::slice::from_ref(id)).with_key == 0)
                .map(|id| self.fix_for(id, FieldAccess::View, false))
                .collect();
            if !left_out.is_empty() {
                status = CheckStatus::Missing;
                let names = list_of(left_out.iter().map(FieldFix::describe));
                let which = if left_out.len() == 1 {
                    "that field is withheld on its own"
                } else {
                    "those fields are withheld one by one"
                };
                evidence =
                    format!("{evidence} But HiBob left out {names} for every employee: {which}.");
                field_fixes.extend(left_out);
            }
        }
        let withheld_needed: Vec<&FieldFix> = field_fixes
            .iter()
            .filter(|fix| fix.restricted && self.needed(permission, &fix.field))
            .collect();
        if !withheld_needed.is_empty() {
            // The section is granted, but fields the integration reads are withheld one by one.
            status = CheckStatus::Missing;
            let names = list_of(withheld_needed.iter().map(|fix| fix.describe()));
            evidence = format!(
                "{evidence} But HiBob withholds {names} from the service user: this company uses \
                 field-level permissions, and they are not granted."
            );
        }
        Check {
            permission: permission.id.clone(),
            label: permission.label.clone(),
            tab: permission.tab,
            area: permission.area.clone(),
            section: permission.section.clone(),
            status,
            evidence,
            fix: match status {
                CheckStatus::Unverifiable => format!(
                    "Confirm in HiBob that “{}” is ticked. {}",
                    permission.label,
                    permission.fix()
                ),
                _ => permission.fix(),
            },
            fix_step: permission.fix_step(),
            why: why.to_string(),
            field_fixes,
        }
    }

    /// Whether the integration reads this field: the profile maps it, or reads the whole table
    /// whose history the permission is about.
    fn needed(&self, permission: &Permission, field_id: &str) -> bool {
        match &permission.verify {
            Verify::Endpoint(probe) => {
                history_table(*probe).is_some_and(|table| self.plan.history_tables.contains(&table))
            }
            _ => self.plan.mapped.contains(field_id),
        }
    }

    /// The single fields to grant under field-level permissions for this check: the ones HiBob
    /// reported withheld, and, for a field HiBob sent no value for, that field.
    fn field_fixes(&self, permission: &Permission, status: CheckStatus) -> Vec<FieldFix> {
        let mut fixes = Vec::new();
        match &permission.verify {
            Verify::Fields(category) => {
                for restricted in self.restricted {
                    if self
                        .meta(&restricted.field_id)
                        .is_some_and(|m| &m.category_id == category)
                        && restricted.access == FieldAccess::View
                    {
                        fixes.push(self.fix_for(&restricted.field_id, FieldAccess::View, true));
                    }
                }
            }
            Verify::Field(field) => {
                let restricted = self.restricted.iter().any(|r| &r.field_id == field);
                if restricted || (status != CheckStatus::Granted && self.meta(field).is_some()) {
                    fixes.push(self.fix_for(field, FieldAccess::View, restricted));
                }
            }
            Verify::Endpoint(probe) => {
                if let Some(table) = history_table(*probe) {
                    for restricted in self.restricted {
                        if restricted.table == table
                            && restricted.access == FieldAccess::ViewHistory
                        {
                            fixes.push(self.fix_for(
                                &restricted.field_id,
                                FieldAccess::ViewHistory,
                                true,
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        fixes
    }

    fn meta(&self, field_id: &str) -> Option<&FieldMeta> {
        self.fields.iter().find(|f| f.id == field_id)
    }

    fn fix_for(&self, field_id: &str, access: FieldAccess, restricted: bool) -> FieldFix {
        let meta = self.meta(field_id);
        let name = meta
            .map(|m| m.name.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| field_id.to_string());
        let category = meta
            .map(|m| m.category_display_name.clone())
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| "its category".to_string());
        FieldFix::new(field_id, &name, &category, access, restricted)
    }

    fn judge(&self, permission: &Permission) -> (CheckStatus, String) {
        use CheckStatus::*;
        let n = self.view.visible();
        match &permission.verify {
            Verify::Unverifiable(why) => (Unverifiable, why.clone()),
            Verify::Fields(category) => {
                let requested = self.requested_in(category);
                let section = &permission.section;
                if requested.is_empty() {
                    return (
                        Unverifiable,
                        format!(
                            "This company's HiBob has no fields in the {section} section, so HiBob cannot show \
                             whether it is granted."
                        ),
                    );
                }
                if n == 0 {
                    return (Unverifiable, nobody_visible());
                }
                let asked = requested
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                let seen = self.seen(&requested);
                if seen.with_value > 0 {
                    (
                        Granted,
                        format!(
                            "{} of {} came back with values in {section} fields.",
                            seen.with_value,
                            employees(n)
                        ),
                    )
                } else if seen.with_key > 0 {
                    (
                        Unverifiable,
                        format!(
                            "Cannot tell: the {section} fields came back empty for all {} (asked for {asked}). \
                             Either nobody has data there, or a field permission withholds them.",
                            employees(n)
                        ),
                    )
                } else {
                    (
                        Missing,
                        format!(
                            "HiBob left out every {section} field for all {} (asked for {asked}).",
                            employees(n)
                        ),
                    )
                }
            }
            Verify::Field(field) => self.judge_field(field, &permission.section),
            Verify::Endpoint(probe) => self.judge_probe(*probe),
            Verify::Documents(folder) => self.judge_documents(folder, &permission.section),
            Verify::Lifecycle(status) => self.judge_lifecycle(*status),
        }
    }

    /// The fields requested for a category, to judge it by.
    fn requested_in(&self, category: &str) -> Vec<String> {
        self.plan
            .fields_by_category
            .get(category)
            .cloned()
            .unwrap_or_default()
    }

    /// How many visible employees came back with a value, or at least the key, of `fields`.
    fn seen(&self, fields: &[String]) -> Seen {
        self.view.seen(fields)
    }

    /// What came back for the other searched fields of a field's category; `None` when none was
    /// asked for.
    fn neighbours_seen(&self, field: &str, category: &str) -> Option<Seen> {
        let neighbours: Vec<String> = self
            .plan
            .search_fields
            .iter()
            .filter(|id| id.as_str() != field)
            .filter(|id| self.meta(id).is_some_and(|m| m.category_id == category))
            .cloned()
            .collect();
        (!neighbours.is_empty()).then(|| self.seen(&neighbours))
    }

    /// One field (HiBob's special rules, like the full birth date): granted only on a value;
    /// nothing but `null`s cannot tell a missing permission from missing data.
    fn judge_field(&self, field: &str, section: &str) -> (CheckStatus, String) {
        use CheckStatus::*;
        let n = self.view.visible();
        let Some(meta) = self.meta(field) else {
            return (
                Unverifiable,
                format!("This company's HiBob has no field {field}, so it cannot be checked."),
            );
        };
        if n == 0 {
            return (Unverifiable, nobody_visible());
        }
        if self.restricted.iter().any(|r| r.field_id == field) {
            return (
                Missing,
                format!("HiBob reported {field} as withheld from the service user."),
            );
        }
        let seen = self.seen(&[field.to_string()]);
        if seen.with_value > 0 {
            return (
                Granted,
                format!(
                    "{field} has a value for {} of {}.",
                    seen.with_value,
                    employees(n)
                ),
            );
        }
        if seen.with_key == 0 {
            return (
                Missing,
                format!("HiBob left {field} out for all {}.", employees(n)),
            );
        }
        // Only nulls: do the field's neighbours in its category carry values?
        let others_arrive = self
            .neighbours_seen(field, &meta.category_id)
            .is_some_and(|seen| seen.with_value > 0);
        let context = if others_arrive {
            format!(" while other {section} fields have values")
        } else {
            String::new()
        };
        (
            Unverifiable,
            format!(
                "Cannot tell: {field} came back empty for all {}{context}. Either nobody has it filled in, or a \
                 field permission withholds it.",
                employees(n)
            ),
        )
    }

    fn judge_probe(&self, probe: Probe) -> (CheckStatus, String) {
        use CheckStatus::*;
        let Some(result) = self.probes.get(&probe) else {
            return (
                Unverifiable,
                if self.view.visible() == 0 {
                    nobody_visible()
                } else {
                    "This check could not be run.".to_string()
                },
            );
        };
        let response = match result {
            Err(HibobError::Forbidden { endpoint }) => {
                return (
                    Missing,
                    format!("HiBob answered 403 Forbidden to {endpoint}."),
                )
            }
            Err(HibobError::NotFound { endpoint }) if refused_by_not_found(probe) => {
                return (
                    Missing,
                    format!(
                        "HiBob answered 404 Not Found to {endpoint}, which HiBob documents, like a 403, for a service \
                         user that may not view reports."
                    ),
                )
            }
            Err(error) => {
                return (
                    Unverifiable,
                    format!("Could not check: {}", error.message()),
                )
            }
            Ok(response) => response,
        };
        match probe {
            Probe::WorkHistory | Probe::EmploymentHistory => self.judge_history(probe, response),
            Probe::Tasks => judge_tasks(response),
            Probe::Reports => judge_reports(response),
            _ => (
                Granted,
                format!("HiBob answered {} with data.", probe_label(probe)),
            ),
        }
    }

    /// With only the "sections" permission HiBob returns the current row of the work and
    /// employment tables; with "section histories" every row. A single row that starts after the
    /// employee's start date proves earlier rows were withheld.
    fn judge_history(&self, probe: Probe, response: &RawResponse) -> (CheckStatus, String) {
        use CheckStatus::*;
        let page: BulkPage = match serde_json::from_value(response.value.clone()) {
            Ok(page) => page,
            Err(_) => {
                return (
                    Unverifiable,
                    "HiBob's answer did not have the expected shape.".into(),
                )
            }
        };
        // A page holds a number of rows, so when more pages follow, its last employee's rows may
        // go on there (docs/hibob-api.md §5): that employee is left out of the sample.
        let mut results = page.results.as_slice();
        if page.response_metadata.next_cursor.is_some() && results.len() > 1 {
            results = &results[..results.len() - 1];
        }
        let with_history = results.iter().filter(|r| r.values.len() > 1).count();
        let sampled = results.len();
        if with_history > 0 {
            return (
                Granted,
                format!(
                    "{with_history} of {} sampled came back with earlier rows.",
                    employees(sampled)
                ),
            );
        }
        let start_dates = self.view.start_dates();
        let cut = results
            .iter()
            .filter(|r| {
                // The earliest row, whatever order HiBob lists them in.
                let first = r
                    .values
                    .iter()
                    .filter_map(|row| row.get("effectiveDate").and_then(Value::as_str))
                    .min();
                match (first, start_dates.get(r.employee_id.as_str())) {
                    (Some(effective), Some(start)) => effective > *start,
                    _ => false,
                }
            })
            .count();
        let table = if probe == Probe::WorkHistory {
            "work"
        } else {
            "employment"
        };
        if cut > 0 {
            (
                Missing,
                format!(
                    "Only the current {table} row came back, and for {cut} of {} sampled it starts after their start \
                     date: the earlier rows are withheld.",
                    employees(sampled)
                ),
            )
        } else {
            (
                Unverifiable,
                format!(
                    "Every employee sampled ({sampled}) has a single {table} row starting on their start date, so \
                     there is no history to show either way."
                ),
            )
        }
    }

    fn judge_documents(&self, folder: &str, section: &str) -> (CheckStatus, String) {
        use CheckStatus::*;
        if self.documents.is_empty() {
            return (Unverifiable, nobody_visible());
        }
        if let Some(Err(HibobError::Forbidden { endpoint })) = self
            .documents
            .iter()
            .find(|r| matches!(r, Err(HibobError::Forbidden { .. })))
        {
            return (
                Missing,
                format!("HiBob answered 403 Forbidden to {endpoint}."),
            );
        }
        let docs: Vec<&Value> = self
            .documents
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .filter_map(|r| r.value.get("documents")?.as_array())
            .flatten()
            .collect();
        // HiBob's documented shape has no folder attribute (docs/hibob-api.md §5, uncertain); when the
        // answer does carry one it settles the question per folder.
        let folder_of = |doc: &&Value| {
            doc.get("folder")
                .and_then(Value::as_str)
                .map(|f| f.to_lowercase())
        };
        let wanted = folder.to_lowercase();
        let matching = docs
            .iter()
            .filter(|d| folder_of(d).is_some_and(|f| f == wanted || f.starts_with(&wanted)))
            .count();
        let sampled = self.documents.len();
        if matching > 0 {
            (
                Granted,
                format!(
                    "{matching} documents from {section} came back for the sample of {}.",
                    employees(sampled)
                ),
            )
        } else if docs.iter().all(|d| folder_of(d).is_none()) && !docs.is_empty() {
            (
                Unverifiable,
                "HiBob returned documents without saying which folder they are in.".into(),
            )
        } else {
            (
                Unverifiable,
                format!(
                    "No document from {section} came back for the sample of {}; they may have none there.",
                    employees(sampled)
                ),
            )
        }
    }

    fn judge_lifecycle(&self, status: LifecycleStatus) -> (CheckStatus, String) {
        use CheckStatus::*;
        let n = self.view.visible();
        let name = status.display_name();
        if n == 0 {
            return (
                Missing,
                "No employee is visible at all, so nobody with this status is either.".into(),
            );
        }
        // Leavers accumulate and everyone else starts as employed, so their absence is telling;
        // the other statuses can legitimately be empty on any given day.
        let absence_is_telling = matches!(
            status,
            LifecycleStatus::Employed | LifecycleStatus::Terminated
        );
        // HiBob's "Everyone" covers active employees only (docs/hibob-api.md §4, §8.2): the likely
        // cause when nobody inactive is visible at all.
        let everyone_hint = match status {
            _ if !self.view.only_active_visible() => "",
            _ if status.is_inactive() => {
                " Only active employees are visible: HiBob's “Everyone” choice covers active employees only, so \
                 leavers and future starters need “Select people by condition” instead."
            }
            LifecycleStatus::Leave | LifecycleStatus::ParentalLeave => {
                " Only active employees are visible: if the group's data access is “Everyone”, people on leave whose \
                 HiBob access is deactivated are left out too."
            }
            _ => "",
        };
        if self.view.statuses_readable() {
            let count = self.view.count(status);
            return if count > 0 {
                (
                    Granted,
                    format!(
                        "Visible with the status {name}: {count} of {}.",
                        employees(n)
                    ),
                )
            } else if absence_is_telling {
                (
                    Missing,
                    format!(
                        "None of the {} visible has the status {name}. Unless the company has nobody {}, the \
                         condition leaves them out.{everyone_hint}",
                        employees(n),
                        status.state()
                    ),
                )
            } else {
                (
                    Unverifiable,
                    format!(
                        "None of the {} visible has the status {name}: either nobody is {} right now, or the \
                         condition leaves them out.{everyone_hint}",
                        employees(n),
                        status.state()
                    ),
                )
            };
        }
        // Without the Lifecycle permission, only active vs inactive can be counted: that speaks to
        // employed (active), and to leavers and future starters (inactive).
        let unreadable = || {
            (
                Unverifiable,
                "Lifecycle statuses cannot be read without the Lifecycle permission.".to_string(),
            )
        };
        let inactive_unreadable = |inactive: usize| {
            (
                Unverifiable,
                format!(
                    "Inactive and visible: {inactive} of {}, but whether they are leavers or future starters \
                     cannot be read without the Lifecycle permission.",
                    employees(n)
                ),
            )
        };
        match status {
            LifecycleStatus::Employed => match self.view.active {
                Some(active) if active > 0 => (
                    Granted,
                    format!("Active and visible: {active} of {}.", employees(n)),
                ),
                _ => unreadable(),
            },
            // Future starters show by their start date, which the Work section carries.
            LifecycleStatus::Hired => match (self.view.starting_later(), self.view.inactive()) {
                (Some(later), _) if later > 0 => (
                    Granted,
                    format!(
                        "Visible and starting after today: {later} of {}, so future starters are in view (told by \
                         start date, as the Lifecycle status cannot be read).",
                        employees(n)
                    ),
                ),
                (_, Some(0)) => (
                    Unverifiable,
                    format!(
                        "No future starter is visible: none of the {} visible is inactive, even with inactive people \
                         included, and future starters stay inactive until their first day. Either nobody is waiting \
                         to start, or the group's data access leaves them out.{everyone_hint}",
                        employees(n)
                    ),
                ),
                (Some(0), Some(inactive)) => (
                    Unverifiable,
                    format!(
                        "No future starter is visible: {inactive} of the {} visible {} inactive, but nobody visible \
                         starts after today. Either nobody is waiting to start, or the condition leaves them out.",
                        employees(n),
                        if inactive == 1 { "is" } else { "are" }
                    ),
                ),
                (None, Some(inactive)) if inactive > 0 => inactive_unreadable(inactive),
                _ => unreadable(),
            },
            LifecycleStatus::Terminated => match self.view.inactive() {
                Some(0) if status == LifecycleStatus::Terminated => (
                    Missing,
                    format!(
                        "None of the {} visible is inactive, even with inactive people included, so no leaver is \
                         visible.{everyone_hint}",
                        employees(n)
                    ),
                ),
                Some(inactive) if inactive > 0 => inactive_unreadable(inactive),
                _ => unreadable(),
            },
            _ => unreadable(),
        }
    }

    /// Fields the profile maps that are empty for some employees (data, not permissions), or
    /// unknown to the tenant, or withheld on their own while the rest of their section arrives.
    pub(super) fn data_quality(&self, profile: &Profile) -> Vec<String> {
        let n = self.view.visible();
        let mut notes = Vec::new();
        for mapping in &profile.mapping {
            let Some(meta) = self.meta(&mapping.source) else {
                notes.push(format!(
                    "The field {} (for {}) does not exist in this company's HiBob; check the profile.",
                    mapping.source, mapping.target
                ));
                continue;
            };
            // Reported with its fix on the check of its section.
            if n == 0 || self.restricted.iter().any(|r| r.field_id == mapping.source) {
                continue;
            }
            let seen = self.seen(std::slice::from_ref(&mapping.source));
            let filled = seen.with_value;
            let others_arrive = self
                .neighbours_seen(&mapping.source, &meta.category_id)
                .is_some_and(|seen| seen.with_key > 0);
            let category = &meta.category_display_name;
            if seen.with_key == 0 && others_arrive {
                notes.push(format!(
                    "{} ({}) came back for no employee, although other {category} fields did: HiBob withholds this \
                     one field. Under field-level permissions, grant View on it in People's fields; otherwise HiBob \
                     may want Edit on {category} for it (as for birth date, age and SSN).",
                    mapping.source, mapping.target
                ));
            } else if seen.with_key == 0 {
                notes.push(format!(
                    "{} ({}) came back for no employee: the {category} section is withheld from the service user.",
                    mapping.source, mapping.target
                ));
            } else if filled == 0 && (mapping.required || self.field_level) {
                notes.push(format!(
                    "{} ({}) is empty for all {}: either nobody has it filled in, or a field permission withholds it.",
                    mapping.source,
                    mapping.target,
                    employees(n)
                ));
            } else if filled < n && mapping.required {
                notes.push(format!(
                    "{} ({}) is empty for {} of {}. That is missing data in HiBob, not a missing permission.",
                    mapping.source,
                    mapping.target,
                    n - filled,
                    employees(n)
                ));
            }
        }
        notes
    }
}

/// The table a history probe reads.
fn history_table(probe: Probe) -> Option<Table> {
    match probe {
        Probe::WorkHistory => Some(Table::Work),
        Probe::EmploymentHistory => Some(Table::Employment),
        Probe::LifecycleHistory => Some(Table::Lifecycle),
        Probe::SalaryHistory => Some(Table::Salaries),
        _ => None,
    }
}

/// Whether HiBob's 404 to this probe means "not allowed" rather than "not there": HiBob documents
/// 403 or 404 for the reports list without Features › Reports (docs/hibob-api.md §5).
pub(super) fn refused_by_not_found(probe: Probe) -> bool {
    probe == Probe::Reports
}

/// Any 200 settles the permission (without it HiBob answers 403); the count is only told when the
/// answer has the documented shape.
fn judge_tasks(response: &RawResponse) -> (CheckStatus, String) {
    let label = probe_label(Probe::Tasks);
    let evidence = match OpenTasks::from_value(&response.value) {
        Ok(found) if found.tasks.is_empty() => format!(
            "HiBob answered {label} with an empty list: tasks may be viewed, but none is open for the people \
             the service user may see."
        ),
        Ok(found) => format!(
            "HiBob answered {label} with {}.",
            count(found.tasks.len(), "open task", "open tasks")
        ),
        Err(_) => format!("HiBob answered {label} with data."),
    };
    (CheckStatus::Granted, evidence)
}

/// As for tasks; an empty list still shows the permission, as HiBob leaves out only the reports
/// whose categories the service user may not view.
fn judge_reports(response: &RawResponse) -> (CheckStatus, String) {
    let label = probe_label(Probe::Reports);
    let evidence = match CompanyReports::from_value(&response.value) {
        Ok(found) if found.views.is_empty() => format!(
            "HiBob answered {label} with an empty list: reports may be viewed, but HiBob lists none whose \
             data the service user may see."
        ),
        Ok(found) => format!(
            "HiBob answered {label} with {}.",
            count(found.views.len(), "report", "reports")
        ),
        Err(_) => format!("HiBob answered {label} with data."),
    };
    (CheckStatus::Granted, evidence)
}

fn nobody_visible() -> String {
    "No employee is visible to the service user, so this cannot be checked until it may see someone.".into()
}

#[cfg(test)]
mod tests;
