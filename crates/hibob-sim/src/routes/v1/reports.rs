//! `GET /v1/company/reports`: the company's saved reports the caller may see.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;

use crate::dates;
use crate::permissions::Category;
use crate::reply::forbidden;
use crate::state::{read, AppState, Caller};

/// The company's reports: id, name, description, the category of the data it shows, and how
/// many days ago it was created.
const REPORTS: [(u64, &str, &str, Category, i32); 4] = [
    (
        1_101,
        "Headcount by department",
        "Active employees per department and site.",
        Category::Work,
        400,
    ),
    (
        1_102,
        "Starters and leavers",
        "Lifecycle changes over the last twelve months.",
        Category::Lifecycle,
        300,
    ),
    (
        1_103,
        "Contracts and hours",
        "Contract type, FTE and weekly hours per employee.",
        Category::Employment,
        200,
    ),
    (
        1_104,
        "Salary review",
        "Current base salary per employee.",
        Category::Payroll,
        100,
    ),
];

/// `GET /v1/company/reports` — needs Features › Reports; HiBob lists only the reports whose
/// categories the caller may view (docs/hibob-api.md §5). Answered under `views`, as HiBob's
/// OpenAPI description names the list (not confirmed by a live answer).
pub(crate) async fn company_reports(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> Response {
    // HiBob answers 403 or 404 without the permission; the sim plays the 403.
    if !caller.perms.reports {
        return forbidden("The service user may not view reports");
    }
    let today = read(&state.company).today;
    let views: Vec<_> = REPORTS
        .iter()
        .filter(|(.., category, _)| caller.perms.view(*category))
        .map(|(id, name, description, _, age)| {
            json!({
                "id": id,
                "name": name,
                "description": description,
                // The date format of these two is uncertain; ISO dates, as elsewhere.
                "creationDate": dates::iso(today - age),
                "modificationDate": dates::iso(today - age / 4),
                "isScheduled": false,
                "isComparable": false,
            })
        })
        .collect();
    Json(json!({ "views": views })).into_response()
}
