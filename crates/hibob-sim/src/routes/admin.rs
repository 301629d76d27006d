//! The loopback-only admin API under `/_admin`, used by tests, scripts and the
//! desktop app's demo to change the tenant while it runs. Tokens are never
//! returned here. Errors are `{"error": "..."}` with 400 or 404.

// Handlers bail out early with a ready `Response`; boxing it would only add noise
// on these cold error paths.
#![allow(clippy::result_large_err)]

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::config::Faults;
use crate::error::SimError;
use crate::permissions::{Access, FieldGrant, PermissionGroup, PermissionModel, RestrictedFields};
use crate::reply::admin_error;
use crate::state::{read, write, AppState};

fn sim_error(err: SimError) -> Response {
    let status = match err {
        SimError::UnknownServiceUser(_) | SimError::UnknownEmployee(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    };
    admin_error(status, err.to_string())
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, Response> {
    serde_json::from_slice(body)
        .map_err(|e| admin_error(StatusCode::BAD_REQUEST, format!("invalid JSON body: {e}")))
}

fn done(result: Result<(), SimError>) -> Response {
    match result {
        Ok(()) => Json(json!({ "ok": true })).into_response(),
        Err(e) => sim_error(e),
    }
}

/// `GET /_admin/state` → `{preset, service_users: [{id, primary, group}], faults,
/// employee_count, rate_limit_per_minute}`. Never includes tokens.
pub(crate) async fn state(State(state): State<AppState>) -> Response {
    let users: Vec<_> = state
        .users
        .list()
        .into_iter()
        .map(|u| {
            json!({
                "id": u.id,
                "primary": u.id == state.primary_id,
                "group": u.group,
            })
        })
        .collect();
    let employees = read(&state.company).employees.len();
    Json(json!({
        "preset": state.preset.name(),
        "service_users": users,
        "faults": state.faults.current(),
        "employee_count": employees,
        "rate_limit_per_minute": state.rate.limit,
    }))
    .into_response()
}

/// `PUT /_admin/service-users/{id}/permissions` with a PermissionGroup JSON
/// (`{"name", "grants": [...], "access": ...}`) or `null` to leave every group.
pub(crate) async fn set_permissions(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match parse::<Option<PermissionGroup>>(&body) {
        Ok(group) => done(state.users.set_permissions(&id, group)),
        Err(resp) => resp,
    }
}

#[derive(Deserialize)]
struct PermissionBody {
    permission: String,
}

/// `POST /_admin/service-users/{id}/grant` with `{"permission": "people.work.history"}`.
pub(crate) async fn grant(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match parse::<PermissionBody>(&body) {
        Ok(wanted) => done(state.users.grant(&id, wanted.permission.trim())),
        Err(resp) => resp,
    }
}

/// `POST /_admin/service-users/{id}/revoke` with `{"permission": "..."}`.
pub(crate) async fn revoke(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match parse::<PermissionBody>(&body) {
        Ok(wanted) => done(state.users.revoke(&id, wanted.permission.trim())),
        Err(resp) => resp,
    }
}

/// `PUT /_admin/service-users/{id}/access` with `"everyone"` or
/// `{"lifecycle_statuses": ["employed", ...]}`.
pub(crate) async fn set_access(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match parse::<Access>(&body) {
        Ok(access) => done(state.users.set_access(&id, access)),
        Err(resp) => resp,
    }
}

/// `PUT /_admin/service-users/{id}/fields/{field}` with `{"view": bool, "view_history": bool}`:
/// the field apart from its category (field-level companies only).
pub(crate) async fn set_field_grant(
    State(state): State<AppState>,
    Path((id, field)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match parse::<FieldGrant>(&body) {
        Ok(grant) => done(state.users.set_field_grant(&id, &field, Some(grant))),
        Err(resp) => resp,
    }
}

/// `DELETE /_admin/service-users/{id}/fields/{field}`: the field follows its category again.
pub(crate) async fn clear_field_grant(
    State(state): State<AppState>,
    Path((id, field)): Path<(String, String)>,
) -> Response {
    done(state.users.set_field_grant(&id, &field, None))
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelBody {
    model: PermissionModel,
    #[serde(default)]
    restricted_fields: RestrictedFields,
}

/// `GET /_admin/permission-model` → `{"model": "classic" | "field_level", "restricted_fields": "omit" | "null"}`.
pub(crate) async fn permission_model(State(state): State<AppState>) -> Response {
    let (model, restricted_fields) = state.users.model();
    Json(ModelBody {
        model,
        restricted_fields,
    })
    .into_response()
}

/// `PUT /_admin/permission-model` with the same JSON.
pub(crate) async fn set_permission_model(State(state): State<AppState>, body: Bytes) -> Response {
    match parse::<ModelBody>(&body) {
        Ok(wanted) => {
            state
                .users
                .set_model(wanted.model, wanted.restricted_fields);
            done(Ok(()))
        }
        Err(resp) => resp,
    }
}

/// `GET /_admin/faults` → the current Faults JSON (counters as counted down).
pub(crate) async fn get_faults(State(state): State<AppState>) -> Response {
    Json(state.faults.current()).into_response()
}

/// `PUT /_admin/faults` with a Faults JSON; missing keys mean "off".
pub(crate) async fn put_faults(State(state): State<AppState>, body: Bytes) -> Response {
    match parse::<Faults>(&body) {
        Ok(faults) if !(0.0..=1.0).contains(&faults.error_rate) => admin_error(
            StatusCode::BAD_REQUEST,
            "error_rate must be between 0.0 and 1.0",
        ),
        Ok(faults) => {
            state.faults.set(faults);
            Json(state.faults.current()).into_response()
        }
        Err(resp) => resp,
    }
}

/// `GET /_admin/requests` → the `/v1` request log, oldest first.
pub(crate) async fn requests(State(state): State<AppState>) -> Response {
    Json(state.log.records()).into_response()
}

/// `DELETE /_admin/requests` clears the log.
pub(crate) async fn clear_requests(State(state): State<AppState>) -> Response {
    state.log.clear();
    Json(json!({ "ok": true })).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HireBody {
    first_name: String,
    surname: String,
    start_date: String,
}

/// `POST /_admin/employees` with `{firstName, surname, startDate}` → `{id}`.
pub(crate) async fn hire(State(state): State<AppState>, body: Bytes) -> Response {
    let wanted = match parse::<HireBody>(&body) {
        Ok(wanted) => wanted,
        Err(resp) => return resp,
    };
    let result =
        write(&state.company).hire(&wanted.first_name, &wanted.surname, &wanted.start_date);
    match result {
        Ok(id) => (StatusCode::CREATED, Json(json!({ "id": id }))).into_response(),
        Err(e) => sim_error(e),
    }
}

#[derive(Deserialize)]
struct TitleBody {
    title: String,
}

/// `PUT /_admin/employees/{id}/title` with `{title}`.
pub(crate) async fn change_title(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match parse::<TitleBody>(&body) {
        Ok(wanted) => {
            let result = write(&state.company).change_title(&id, &wanted.title);
            done(result)
        }
        Err(resp) => resp,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TerminateBody {
    termination_date: String,
}

/// `POST /_admin/employees/{id}/terminate` with `{terminationDate}`.
pub(crate) async fn terminate(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    match parse::<TerminateBody>(&body) {
        Ok(wanted) => {
            let result = write(&state.company).terminate(&id, &wanted.termination_date);
            done(result)
        }
        Err(resp) => resp,
    }
}
