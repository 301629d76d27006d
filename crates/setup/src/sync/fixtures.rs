//! Test fixtures shared by the mapping and validation tests: employees as HiBob returns them, the
//! built-in directory profile, and lookups into a preview.

use hibob::{Employee, FieldMeta};
use serde_json::{json, Value};

use super::{build, FieldState, Preview, Problem, ProblemKind, SyncControl};
use crate::catalog::Catalog;
use crate::profile::Profile;

pub(super) fn employee(value: Value) -> Employee {
    serde_json::from_value(value).unwrap()
}

/// An employee of the directory profile's shape, as HiBob returns them with `humanReadable`.
pub(super) fn person(id: &str, name: &str, email: Option<&str>, manager: Option<&str>) -> Value {
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    json!({
        "id": id, "displayName": name, "firstName": first, "surname": last,
        "email": email,
        "work": {
            "title": "11", "site": "Berlin", "department": "7", "startDate": "2020-01-15",
            "reportsTo": manager.map(|m| json!({"id": m, "displayName": "Boss"})),
        },
        "internal": {"lifecycleStatus": "employed", "terminationDate": null},
        "humanReadable": {"work": {"title": "Engineer", "department": "Engineering"}}
    })
}

pub(super) fn directory() -> Profile {
    Profile::builtin("directory", &Catalog::builtin().unwrap()).unwrap()
}

fn metadata(ids: &[&str]) -> Vec<FieldMeta> {
    ids.iter()
        .map(|id| serde_json::from_value(json!({"id": id})).unwrap())
        .collect()
}

pub(super) fn all_directory_fields() -> Vec<FieldMeta> {
    metadata(&[
        "root.id",
        "root.displayName",
        "root.firstName",
        "root.surname",
        "root.email",
        "work.title",
        "work.site",
        "work.department",
        "work.startDate",
        "internal.terminationDate",
        "work.reportsTo",
    ])
}

/// The directory profile's preview of these employees, every field known to the tenant.
pub(super) fn run(employees: Vec<Value>) -> Preview {
    let employees: Vec<Employee> = employees.into_iter().map(employee).collect();
    build(
        &directory(),
        &employees,
        &all_directory_fields(),
        &SyncControl::default(),
    )
    .unwrap()
}

pub(super) fn problem(preview: &Preview, kind: ProblemKind) -> Option<&Problem> {
    preview.problems.iter().find(|p| p.kind == kind)
}

pub(super) fn value<'a>(preview: &'a Preview, id: &str, target: &str) -> &'a FieldState {
    let column = preview
        .columns
        .iter()
        .position(|c| c.target == target)
        .unwrap();
    let record = preview
        .records
        .iter()
        .find(|r| r.employee_id == id)
        .unwrap();
    &record.fields[column]
}
