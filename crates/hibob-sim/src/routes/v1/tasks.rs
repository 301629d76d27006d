//! People's tasks (`GET /v1/tasks`) and the company's reports (`GET /v1/company/reports`): two
//! listings behind one permission each, which is all Test connection reads of them.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};

use super::in_scope;
use crate::dates;
use crate::prng::mix;
use crate::reply::forbidden;
use crate::state::{read, AppState, Caller};

/// Task lists a company runs; every fifth person in scope has one open task from one of them.
const TASK_LISTS: [(&str, &str); 3] = [
    ("Onboarding", "Sign the employee handbook"),
    ("Compliance", "Complete the security awareness course"),
    ("Offboarding", "Return the laptop"),
];

/// `GET /v1/tasks`: the open tasks of the people the group may see. The field names follow
/// HiBob's task reference as far as it is known (docs/hibob-api.md: tasks); the exact shape of
/// `owner` and `requestedFor` is uncertain.
pub(crate) async fn open_tasks(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Response {
    if !caller.perms.tasks {
        return forbidden("The service user may not view people's tasks");
    }
    let company = read(&state.company);
    let mut tasks: Vec<Value> = Vec::new();
    for (i, e) in company.employees.iter().enumerate() {
        if !in_scope(&caller.perms, e) || mix(i as u64) % 5 != 0 {
            continue;
        }
        let (list, title) = TASK_LISTS[(mix(i as u64 + 7) % TASK_LISTS.len() as u64) as usize];
        tasks.push(json!({
            "id": 1000 + i,
            "title": title,
            "taskListName": list,
            "status": "open",
            "dueDate": dates::iso(company.today + 14),
            "owner": { "id": e.id, "displayName": e.display_name },
            "requestedFor": { "id": e.id, "displayName": e.display_name },
        }));
    }
    Json(json!({ "tasks": tasks })).into_response()
}

/// `GET /v1/company/reports`: the company's saved reports. HiBob filters them by the categories
/// the service user may view; the list's key and fields are uncertain (docs/hibob-api.md:
/// reports), so the simulator keeps to an ID and a name.
pub(crate) async fn company_reports(Extension(caller): Extension<Caller>) -> Response {
    if !caller.perms.reports {
        return forbidden("The service user may not view reports");
    }
    Json(json!({
        "reports": [
            { "id": 1, "name": "Headcount by department" },
            { "id": 2, "name": "Starters and leavers this year" },
        ]
    }))
    .into_response()
}
