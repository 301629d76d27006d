//! The router: every `/v1` route by the file that answers it (named like the
//! client crate's files, `crates/hibob/src/{metadata,people,tables,tasks,reports}.rs`), the
//! `/_admin` routes, and the 404 fallback. All of them sit behind the
//! [`pipeline`](crate::pipeline).

mod admin;
mod v1;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;

use crate::pipeline::pipeline;
use crate::reply::{admin_error, not_found};
use crate::state::AppState;
use v1::{docs, metadata, people, reports, tables, tasks, timeoff};

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        // metadata
        .route("/v1/company/people/fields", get(metadata::fields))
        .route("/v1/company/named-lists", get(metadata::named_lists))
        .route("/v1/company/named-lists/{name}", get(metadata::named_list))
        // people
        .route("/v1/people/search", post(people::search))
        .route("/v1/people/{id}", post(people::read_one))
        .route("/v1/people/{id}/{table}", get(tables::table))
        .route("/v1/bulk/people/{table}", get(tables::bulk_table))
        .route("/v1/docs/people/{id}", get(docs::docs))
        // time off
        .route("/v1/timeoff/whosout", get(timeoff::whos_out))
        .route("/v1/timeoff/outtoday", get(timeoff::out_today))
        .route("/v1/timeoff/policy-types", get(timeoff::policy_types))
        .route("/v1/timeoff/employees/{id}/balance", get(timeoff::balance))
        // tasks and reports
        .route("/v1/tasks", get(tasks::tasks))
        .route("/v1/company/reports", get(reports::company_reports))
        // admin
        .route("/_admin/state", get(admin::state))
        .route(
            "/_admin/service-users/{id}/permissions",
            put(admin::set_permissions),
        )
        .route("/_admin/service-users/{id}/grant", post(admin::grant))
        .route("/_admin/service-users/{id}/revoke", post(admin::revoke))
        .route("/_admin/service-users/{id}/access", put(admin::set_access))
        .route(
            "/_admin/service-users/{id}/fields/{field}",
            put(admin::set_field_grant).delete(admin::clear_field_grant),
        )
        .route(
            "/_admin/permission-model",
            get(admin::permission_model).put(admin::set_permission_model),
        )
        .route(
            "/_admin/faults",
            get(admin::get_faults).put(admin::put_faults),
        )
        .route(
            "/_admin/requests",
            get(admin::requests).delete(admin::clear_requests),
        )
        .route("/_admin/employees", post(admin::hire))
        .route("/_admin/employees/{id}/title", put(admin::change_title))
        .route("/_admin/employees/{id}/terminate", post(admin::terminate))
        .fallback(fallback)
        .layer(middleware::from_fn_with_state(state.clone(), pipeline))
        .with_state(state)
}

async fn fallback(req: Request) -> Response {
    let path = req.uri().path();
    if path.starts_with("/_admin") {
        admin_error(StatusCode::NOT_FOUND, format!("no admin route {path}"))
    } else if path.starts_with("/v1/") {
        // A wrong path under the API answered 200 with a web page, as observed live
        // (docs/hibob-api.md §5): a client must not take it for data.
        crate::pipeline::html(StatusCode::OK, "bob")
    } else {
        not_found(format!("no such endpoint: {} {path}", req.method()))
    }
}
