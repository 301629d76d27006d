//! The judgement: from what HiBob answered, is each permission granted, missing, or impossible to
//! tell, and in which sentence. Pure: no I/O, so every path is tested here without a simulator.

use std::collections::HashMap;

use hibob::{BulkPage, FieldMeta, FieldValue, HibobError, RawResponse};
use serde_json::Value;

use super::company::CompanyView;
use super::plan::{probe_label, Plan};
use super::{Check, CheckStatus};
use crate::catalog::{LifecycleStatus, Permission, Probe, Verify};
use crate::profile::Profile;

/// Everything HiBob answered, and the judgement of each permission from it.
pub(super) struct Evidence<'a> {
    pub(super) view: &'a CompanyView<'a>,
    pub(super) fields: &'a [FieldMeta],
    pub(super) plan: &'a Plan,
    pub(super) probes: &'a HashMap<Probe, Result<RawResponse, HibobError>>,
    pub(super) documents: &'a [Result<RawResponse, HibobError>],
}

impl Evidence<'_> {
    /// One line of the checklist: the judgement, with where to fix it and why it is needed.
    pub(super) fn check(&self, permission: &Permission, why: &str) -> Check {
        let (status, evidence) = self.judge(permission);
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
        }
    }

    fn judge(&self, permission: &Permission) -> (CheckStatus, String) {
        use CheckStatus::*;
        let n = self.view.visible();
        match &permission.verify {
            Verify::Unverifiable(why) => (Unverifiable, why.clone()),
            Verify::Fields(category) => {
                let requested = self
                    .plan
                    .fields_by_category
                    .get(category)
                    .cloned()
                    .unwrap_or_default();
                let section = &permission.section;
                let asked = requested
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                self.judge_presence(
                    &requested,
                    format!(
                        "This company's HiBob has no fields in the {section} section, so HiBob cannot show whether it \
                         is granted."
                    ),
                    |returning| format!("{returning} of {n} employees returned {section} fields."),
                    format!("0 of {n} employees returned any {section} field (asked for {asked})."),
                )
            }
            Verify::Field(field) => {
                let known = self.fields.iter().any(|f| &f.id == field);
                let requested = if known {
                    vec![field.clone()]
                } else {
                    Vec::new()
                };
                self.judge_presence(
                    &requested,
                    format!("This company's HiBob has no field {field}, so it cannot be checked."),
                    |returning| format!("{field} came back for {returning} of {n} employees."),
                    format!("HiBob left {field} out for all {n} employees."),
                )
            }
            Verify::Endpoint(probe) => self.judge_probe(*probe),
            Verify::Documents(folder) => self.judge_documents(folder, &permission.section),
            Verify::Lifecycle(status) => self.judge_lifecycle(*status),
        }
    }

    /// Granted when any employee comes back with any of `requested` (a value or an explicit
    /// null: both mean HiBob let the field through); missing when none does.
    fn judge_presence(
        &self,
        requested: &[String],
        nothing_to_ask: String,
        granted: impl Fn(usize) -> String,
        missing: String,
    ) -> (CheckStatus, String) {
        if requested.is_empty() {
            return (CheckStatus::Unverifiable, nothing_to_ask);
        }
        if self.view.visible() == 0 {
            return (CheckStatus::Unverifiable, nobody_visible());
        }
        let returning = self
            .view
            .employees
            .iter()
            .filter(|e| {
                requested
                    .iter()
                    .any(|f| !matches!(e.field(f), FieldValue::Absent))
            })
            .count();
        if returning > 0 {
            (CheckStatus::Granted, granted(returning))
        } else {
            (CheckStatus::Missing, missing)
        }
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
        let with_history = page.results.iter().filter(|r| r.values.len() > 1).count();
        let sampled = page.results.len();
        if with_history > 0 {
            return (
                Granted,
                format!("{with_history} of {sampled} sampled employees came back with past rows."),
            );
        }
        let start_dates = self.view.start_dates();
        let cut = page
            .results
            .iter()
            .filter(|r| {
                let first = r
                    .values
                    .first()
                    .and_then(|row| row.get("effectiveDate"))
                    .and_then(Value::as_str);
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
                    "Only the current {table} row came back, and for {cut} of {sampled} sampled employees it starts after \
                     their start date: the earlier rows are withheld."
                ),
            )
        } else {
            (
                Unverifiable,
                format!(
                    "Each of the {sampled} sampled employees has a single {table} row starting on their start date, so \
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
                format!("{matching} documents from {section} came back for {sampled} sampled employees."),
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
                    "No document from {section} came back for {sampled} sampled employees; they may have none there."
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
        if self.view.statuses_readable() {
            let count = self.view.count(status);
            return if count > 0 {
                (
                    Granted,
                    format!("{count} of {n} visible employees are {name}."),
                )
            } else if absence_is_telling {
                (
                    Missing,
                    format!(
                        "None of the {n} visible employees is {name}. Unless nobody is {}, the condition leaves them out.",
                        name.to_lowercase()
                    ),
                )
            } else {
                (
                    Unverifiable,
                    format!(
                        "None of the {n} visible employees is {name}: either the condition leaves them out or nobody is \
                         {} right now.",
                        name.to_lowercase()
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
        match status {
            LifecycleStatus::Employed => match self.view.active {
                Some(active) if active > 0 => (Granted, format!("{active} active employees are visible.")),
                _ => unreadable(),
            },
            LifecycleStatus::Terminated | LifecycleStatus::Hired => match self.view.inactive() {
                Some(0) if status == LifecycleStatus::Terminated => (
                    Missing,
                    format!(
                        "None of the {n} visible employees is inactive, even with inactive people included, so no \
                         leaver is visible."
                    ),
                ),
                Some(inactive) if inactive > 0 => (
                    Unverifiable,
                    format!(
                        "{inactive} inactive employees are visible, but whether they are leavers or future starters \
                         cannot be read without the Lifecycle permission."
                    ),
                ),
                _ => unreadable(),
            },
            _ => unreadable(),
        }
    }

    /// Fields the profile maps that are empty for some employees (data, not permissions), or
    /// unknown to the tenant.
    pub(super) fn data_quality(&self, profile: &Profile) -> Vec<String> {
        let n = self.view.visible();
        let mut notes = Vec::new();
        for mapping in &profile.mapping {
            let Some(meta) = self.fields.iter().find(|f| f.id == mapping.source) else {
                notes.push(format!(
                    "The field {} (for {}) does not exist in this company's HiBob; check the profile.",
                    mapping.source, mapping.target
                ));
                continue;
            };
            if n == 0 {
                continue;
            }
            let states: Vec<FieldValue> = self
                .view
                .employees
                .iter()
                .map(|e| e.field(&mapping.source))
                .collect();
            let absent = states
                .iter()
                .filter(|s| matches!(s, FieldValue::Absent))
                .count();
            let empty = states
                .iter()
                .filter(|s| matches!(s, FieldValue::Empty))
                .count();
            if absent == n {
                notes.push(format!(
                    "{} ({}) came back for no employee: the {} section is withheld from the service user.",
                    mapping.source, mapping.target, meta.category_display_name
                ));
            } else if empty > 0 && mapping.required {
                notes.push(format!(
                    "{} ({}) is empty for {empty} of {n} employees. That is missing data in HiBob, not a missing \
                     permission.",
                    mapping.source, mapping.target
                ));
            }
        }
        notes
    }
}

fn nobody_visible() -> String {
    "No employee is visible to the service user, so this cannot be checked until it may see someone.".into()
}

#[cfg(test)]
mod tests;
