//! Time off: who's out, out today, policy types and balances (`/v1/timeoff/...`).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};

use super::{in_scope, params, Params};
use crate::company::Company;
use crate::dates;
use crate::permissions::Effective;
use crate::prng::mix;
use crate::reply::{bad_request, forbidden, not_found};
use crate::state::{read, AppState, Caller};

fn outs(company: &Company, perms: &Effective, from: i32, to: i32, include_private: bool) -> Value {
    let mut list = Vec::new();
    for (i, e) in company.employees.iter().enumerate() {
        // Who's out lists active people only.
        if !e.active || !in_scope(perms, e) {
            continue;
        }
        let a = company.absence(i);
        if a.end < from || a.start > to {
            continue;
        }
        if a.private && !include_private {
            continue;
        }
        list.push(json!({
            "employeeId": e.id,
            "employeeDisplayName": e.display_name,
            "employeeEmail": e.email,
            "policyTypeDisplayName": a.policy,
            "type": "days",
            "requestId": a.request_id,
            "startDate": dates::iso(a.start),
            "startPortion": "all_day",
            "endDate": dates::iso(a.end),
            "endPortion": "all_day",
        }));
    }
    json!({ "outs": list })
}

fn wants_private(query: &HashMap<String, String>, perms: &Effective) -> bool {
    // Private-policy absences need both the query flag and the "…because of
    // private policy" permission; without the permission they are silently
    // left out (HiBob's exact behaviour is uncertain).
    query
        .get("includePrivate")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        && perms.whos_out_private
}

/// Who's out needs its permission before the query string is looked at.
fn whos_out_params(caller: &Caller, query: Params) -> Result<HashMap<String, String>, Response> {
    if !caller.perms.whos_out {
        return Err(forbidden("The service user may not see who's out"));
    }
    params(query)
}

/// `GET /v1/timeoff/whosout?from=YYYY-MM-DD&to=YYYY-MM-DD[&includePrivate=true]`.
pub(crate) async fn whos_out(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Params,
) -> Response {
    let query = match whos_out_params(&caller, query) {
        Ok(query) => query,
        Err(resp) => return resp,
    };
    let date = |k: &str| query.get(k).and_then(|v| dates::parse_iso(v.trim()));
    let (Some(from), Some(to)) = (date("from"), date("to")) else {
        return bad_request(
            "invalidRequest",
            "from and to are required dates (YYYY-MM-DD)",
        );
    };
    if to < from {
        return bad_request("invalidRequest", "to must not be before from");
    }
    let company = read(&state.company);
    Json(outs(
        &company,
        &caller.perms,
        from,
        to,
        wants_private(&query, &caller.perms),
    ))
    .into_response()
}

/// `GET /v1/timeoff/outtoday`.
pub(crate) async fn out_today(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Params,
) -> Response {
    let query = match whos_out_params(&caller, query) {
        Ok(query) => query,
        Err(resp) => return resp,
    };
    let company = read(&state.company);
    let today = company.today;
    Json(outs(
        &company,
        &caller.perms,
        today,
        today,
        wants_private(&query, &caller.perms),
    ))
    .into_response()
}

const POLICY_TYPES: [&str; 2] = ["Holiday", "Sick"];

/// `GET /v1/timeoff/policy-types` — a Features permission, not People's data.
pub(crate) async fn policy_types(Extension(caller): Extension<Caller>) -> Response {
    if !caller.perms.timeoff_settings {
        return forbidden("The service user may not manage the company's time off settings");
    }
    Json(json!({ "policyTypes": POLICY_TYPES })).into_response()
}

/// `GET /v1/timeoff/employees/{id}/balance?policyType=Holiday[&date=YYYY-MM-DD]`.
pub(crate) async fn balance(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    query: Params,
) -> Response {
    if !caller.perms.balance {
        return forbidden("The service user may not see time off balances");
    }
    let query = match params(query) {
        Ok(query) => query,
        Err(resp) => return resp,
    };
    let Some(policy) = query
        .get("policyType")
        .map(|p| p.trim())
        .and_then(|p| POLICY_TYPES.iter().find(|t| **t == p))
    else {
        return bad_request(
            "invalidRequest",
            format!("policyType is required and must be one of {POLICY_TYPES:?}"),
        );
    };
    let company = read(&state.company);
    let date = match query.get("date").filter(|d| !d.trim().is_empty()) {
        None => company.today,
        Some(d) => match dates::parse_iso(d.trim()) {
            Some(d) => d,
            None => return bad_request("invalidRequest", "date must be YYYY-MM-DD"),
        },
    };
    let Some(idx) = company.index_of(&id) else {
        return not_found(format!("Employee {id} was not found"));
    };
    let e = &company.employees[idx];
    if !in_scope(&caller.perms, e) {
        return forbidden(format!(
            "The service user does not have permission to see the balance of employee {id}"
        ));
    }
    let entitled = if *policy == "Holiday" { 25.0 } else { 10.0 };
    let (_, month, _) = dates::civil_from_days(date);
    // Accrue monthly; used days come from the same hash as the who's-out calendar.
    let accrued = (entitled * f64::from(month) / 12.0 * 2.0).round() / 2.0;
    let used = f64::from((mix(idx as u64 ^ company.seed) % 8) as u32).min(accrued);
    Json(json!({
        "employeeId": e.id,
        "policyType": policy,
        "date": dates::iso(date),
        "unit": "days",
        "entitled": entitled,
        "accrued": accrued,
        "used": used,
        "balance": accrued - used,
    }))
    .into_response()
}
