//! `GET /v1/tasks`: every open task of the people in the caller's data scope.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use super::in_scope;
use crate::company::{Company, Employee};
use crate::dates;
use crate::permissions::{Effective, LifecycleStatus};
use crate::reply::forbidden;
use crate::state::{read, AppState, Caller};

/// The tasks a status brings, with how many days before (negative) or after the employee's
/// start date each is due. Future starters have onboarding tasks, people on garden leave one
/// offboarding task; everyone else has none open.
fn task_list(status: LifecycleStatus) -> (&'static str, &'static [(&'static str, i32)]) {
    match status {
        LifecycleStatus::Hired => (
            "Onboarding",
            &[
                ("Sign the employment contract", -14),
                ("Set up a laptop", -3),
            ],
        ),
        LifecycleStatus::GardenLeave => ("Offboarding", &[("Return company equipment", 0)]),
        _ => ("", &[]),
    }
}

/// An employee as a task names them, in the members of HiBob's description.
fn task_employee(e: &Employee) -> Value {
    let mut person = Map::new();
    person.insert("id".into(), json!(e.id));
    person.insert("firstName".into(), json!(e.first_name));
    person.insert("surname".into(), json!(e.surname));
    person.insert("displayName".into(), json!(e.display_name));
    // Messy companies have people without an email: left out rather than sent as null.
    if let Some(email) = &e.email {
        person.insert("email".into(), json!(email));
    }
    Value::Object(person)
}

fn open_tasks(company: &Company, perms: &Effective) -> Vec<Value> {
    let mut tasks = Vec::new();
    for (i, e) in company.employees.iter().enumerate() {
        // "View … selected people's tasks": the people the group's data scope covers.
        if !in_scope(perms, e) {
            continue;
        }
        let (set, list) = task_list(e.lifecycle);
        // The manager does the task; someone without one does their own.
        let owner = e
            .manager
            .and_then(|m| company.employees.get(m as usize))
            .unwrap_or(e);
        let due_from = match e.lifecycle {
            LifecycleStatus::GardenLeave => e.last_day_of_work.unwrap_or(company.today),
            _ => e.start_date,
        };
        for (n, (title, offset)) in list.iter().enumerate() {
            let id = 70_000_000 + (i as u64) * 4 + n as u64;
            tasks.push(json!({
                "id": id,
                "owner": task_employee(owner),
                "title": title,
                "requestedFor": task_employee(e),
                "due": dates::iso(due_from + offset),
                "linkInBob": format!("https://app.hibob-sim.invalid/tasks/{id}"),
                "set": set,
                "workflow": set,
                "ordinalInWorkflow": n + 1,
                // HiBob's guide names the states Open and Closed; the wire casing is uncertain.
                "status": "Open",
            }));
        }
    }
    tasks
}

/// `GET /v1/tasks` — needs "View and mark selected people's tasks as complete or incomplete".
pub(crate) async fn tasks(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Response {
    if !caller.perms.tasks {
        return forbidden("The service user may not view people's tasks");
    }
    let company = read(&state.company);
    Json(json!({ "tasks": open_tasks(&company, &caller.perms) })).into_response()
}
