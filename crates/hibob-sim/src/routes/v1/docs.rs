//! `GET /v1/docs/people/{id}`: an employee's documents, folder by folder.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;

use super::in_scope;
use crate::dates;
use crate::permissions::LifecycleStatus;
use crate::reply::{forbidden, not_found};
use crate::state::{read, AppState, Caller};

/// `GET /v1/docs/people/{id}` — documents from the folders the caller may view.
/// With no docs folder permitted at all the sim answers 403 (HiBob's behaviour is
/// uncertain: it might also return an empty list).
pub(crate) async fn docs(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let perms = &caller.perms;
    if !(perms.docs_shared || perms.docs_confidential || perms.docs_payslips) {
        return forbidden("The service user may not view any documents folder");
    }
    let company = read(&state.company);
    let Some(idx) = company.index_of(&id) else {
        return not_found(format!("Employee {id} was not found"));
    };
    let e = &company.employees[idx];
    if !in_scope(perms, e) {
        return forbidden(format!(
            "The service user does not have permission to access documents of employee {id}"
        ));
    }
    let link = |n: u32| format!("https://files.hibob-sim.invalid/docs/{}/{n}", e.id);
    // HiBob's documented answer names each document and its link, never its folder
    // (docs/hibob-api.md §5): the folder permissions decide what is listed, not what is said.
    let mut documents = Vec::new();
    if perms.docs_shared {
        documents.push(
            json!({"documentName": "Employee handbook (signed).pdf", "downloadLink": link(1)}),
        );
    }
    if perms.docs_confidential {
        documents.push(json!({"documentName": "Employment contract.pdf", "downloadLink": link(2)}));
    }
    if perms.docs_payslips && e.lifecycle != LifecycleStatus::Hired {
        for (n, back) in [(3u32, 1i32), (4, 2)] {
            let (y, m, _) = dates::civil_from_days(company.today - 30 * back);
            documents.push(json!({
                "documentName": format!("Payslip {y}-{m:02}.pdf"),
                "downloadLink": link(n),
            }));
        }
    }
    Json(json!({ "documents": documents })).into_response()
}
