//! Mapping: each employee as HiBob returned it, into the integration's columns. A value HiBob
//! withheld stays withheld and an empty one stays empty; neither becomes a blank or a default.

use hibob::{Employee, FieldMeta, FieldValue};
use serde_json::Value;

use super::problems::Problems;
use super::validate::{is_iso_date, looks_like_email, validate};
use super::{
    Column, FieldState, MappedRecord, Preview, PreviewStats, Problem, ProblemKind, SyncControl,
    SyncPhase, SyncProgress,
};
use crate::catalog::lifecycle_of;
use crate::error::SetupError;
use crate::profile::{MappingKind, Profile};

/// Maps and validates employees as HiBob returned them, with no history tables and no timings.
/// Pure: no I/O.
pub fn build(
    profile: &Profile,
    employees: &[Employee],
    metadata: &[FieldMeta],
    control: &SyncControl,
) -> Result<Preview, SetupError> {
    let mapped = map_all(profile, employees, metadata, control)?;
    Ok(Preview::new(mapped, Vec::new(), PreviewStats::default()))
}

/// The records in the profile's columns, with the problems found in them.
pub(super) struct Mapped {
    pub(super) profile: String,
    pub(super) columns: Vec<Column>,
    pub(super) records: Vec<MappedRecord>,
    pub(super) problems: Vec<Problem>,
}

/// Maps every employee, then validates the records against each other.
pub(super) fn map_all(
    profile: &Profile,
    employees: &[Employee],
    metadata: &[FieldMeta],
    control: &SyncControl,
) -> Result<Mapped, SetupError> {
    let columns: Vec<Column> = profile
        .mapping
        .iter()
        .map(|m| Column {
            target: m.target.clone(),
            source: m.source.clone(),
            kind: m.kind,
            required: m.required,
            sensitive: m.sensitive,
        })
        .collect();
    let mut problems = Problems::default();
    let mut records = Vec::with_capacity(employees.len());
    for (index, employee) in employees.iter().enumerate() {
        if index % 1024 == 0 {
            control.check()?;
            control.report(SyncProgress {
                phase: SyncPhase::Mapping,
                fetched: employees.len(),
                mapped: index,
            });
        }
        records.push(map_employee(employee, &columns, &mut problems));
    }
    control.report(SyncProgress {
        phase: SyncPhase::Validating,
        fetched: employees.len(),
        mapped: employees.len(),
    });
    control.check()?;
    validate(&columns, &records, employees, metadata, &mut problems);
    Ok(Mapped {
        profile: profile.id.clone(),
        columns,
        records,
        problems: problems.finish(),
    })
}

/// One employee's record; problems found in single values (a bad address, a missing required
/// value) are noted as they are met.
fn map_employee(employee: &Employee, columns: &[Column], problems: &mut Problems) -> MappedRecord {
    let employee_id = employee.id().unwrap_or_default().to_string();
    let display_name = employee
        .field("root.displayName")
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lifecycle = lifecycle_of(employee);
    let fields = columns
        .iter()
        .map(|column| {
            let state = map_value(employee, column);
            match (&state, column.kind) {
                (FieldState::Value(v), MappingKind::Email) if !looks_like_email(v) => {
                    problems.add(
                        ProblemKind::InvalidEmail,
                        Some(&column.target),
                        &employee_id,
                    );
                }
                (FieldState::Value(v), MappingKind::Date) if !is_iso_date(v) => {
                    problems.add(ProblemKind::InvalidDate, Some(&column.target), &employee_id);
                }
                (FieldState::Empty, _) if column.required => {
                    problems.add(
                        ProblemKind::MissingRequired,
                        Some(&column.target),
                        &employee_id,
                    );
                }
                _ => {}
            }
            state
        })
        .collect();
    MappedRecord {
        employee_id,
        display_name,
        lifecycle,
        fields,
        blocked: false,
    }
}

/// One column's value for one employee.
fn map_value(employee: &Employee, column: &Column) -> FieldState {
    let value = match employee.field(&column.source) {
        FieldValue::Absent => return FieldState::Withheld,
        FieldValue::Empty => return FieldState::Empty,
        FieldValue::Present(value) => value,
    };
    let text = match column.kind {
        // A list's machine value is an item ID; the integration wants its name.
        MappingKind::List => employee
            .human_readable(&column.source)
            .and_then(Value::as_str)
            .map(String::from)
            .or_else(|| scalar(value)),
        MappingKind::Employee => match value {
            Value::Object(reference) => reference.get("id").and_then(scalar),
            other => scalar(other),
        },
        MappingKind::Text | MappingKind::Email | MappingKind::Date => scalar(value),
    };
    match text.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => FieldState::Value(t),
        _ => FieldState::Empty,
    }
}

/// A JSON value as the text the integration receives; `None` for what has no single value.
pub(super) fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        // HiBob's currency fields are {value, currency}.
        Value::Object(map) => match (map.get("value"), map.get("currency")) {
            (Some(amount), Some(Value::String(currency))) => {
                scalar(amount).map(|a| format!("{a} {currency}"))
            }
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalog::Catalog;
    use crate::sync::fixtures::{directory, employee, person, problem, run, value};
    use crate::sync::Team;

    #[test]
    fn maps_the_directory_table_with_names_for_list_items_and_manager_ids() {
        let preview = run(vec![
            person("1", "Zoë Ångström", Some("zoe@example.com"), None),
            person("2", "Łukasz Nguyễn", Some("lukasz@example.com"), Some("1")),
        ]);
        assert_eq!(
            value(&preview, "2", "full_name"),
            &FieldState::Value("Łukasz Nguyễn".into())
        );
        assert_eq!(
            value(&preview, "2", "job_title"),
            &FieldState::Value("Engineer".into())
        );
        assert_eq!(
            value(&preview, "2", "primary_team"),
            &FieldState::Value("Engineering".into())
        );
        assert_eq!(
            value(&preview, "2", "override_manager"),
            &FieldState::Value("1".into())
        );
        assert_eq!(
            value(&preview, "2", "hire_date"),
            &FieldState::Value("2020-01-15".into())
        );
        assert_eq!(value(&preview, "1", "override_manager"), &FieldState::Empty);
        assert_eq!(
            preview.teams,
            [Team {
                name: "Engineering".into(),
                members: 2
            }]
        );
        assert_eq!(preview.counts.ready, 2);
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    }

    #[test]
    fn custom_fields_currency_and_bad_dates_are_mapped_or_reported() {
        let profile: Profile = Profile::from_toml(
            r#"
id = "custom"
name = "Custom"
description = "d"
permissions = []
[[mapping]]
target = "cost_centre"
source = "work.custom.field_1700000001"
kind = "text"
[[mapping]]
target = "salary"
source = "payroll.salary.payment"
kind = "text"
sensitive = true
[[mapping]]
target = "start"
source = "work.startDate"
kind = "date"
"#,
            "test",
            &Catalog::builtin().unwrap(),
        )
        .unwrap();
        let employees = vec![employee(json!({
            "id": "1",
            "/work/custom/field_1700000001": {"value": "CC-42"},
            "payroll": {"salary": {"payment": {"value": 72000, "currency": "EUR"}}},
            "work": {"startDate": "15/01/2020"}
        }))];
        let preview = build(&profile, &employees, &[], &SyncControl::default()).unwrap();
        assert_eq!(
            preview.records[0].fields[0],
            FieldState::Value("CC-42".into())
        );
        assert_eq!(
            preview.records[0].fields[1],
            FieldState::Value("72000 EUR".into())
        );
        assert!(preview.columns[1].sensitive);
        assert_eq!(
            problem(&preview, ProblemKind::InvalidDate)
                .unwrap()
                .employee_ids,
            ["1"]
        );
    }

    #[test]
    fn a_cancelled_preview_stops() {
        let control = SyncControl::default();
        control.cancel();
        let employees = vec![employee(person("1", "A B", Some("a@example.com"), None))];
        assert_eq!(
            build(&directory(), &employees, &[], &control).unwrap_err(),
            SetupError::Cancelled
        );
    }
}
