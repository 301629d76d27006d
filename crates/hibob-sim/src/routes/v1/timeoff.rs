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

/// Which endpoint's row shape to answer in: HiBob's spec gives who's-out requests and out-today
/// entries different field names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    WhosOut,
    OutToday,
}

fn outs(
    company: &Company,
    perms: &Effective,
    (from, to): (i32, i32),
    include_private: bool,
    shape: Shape,
) -> Value {
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
        // Private-policy requests are the ones HiBob marks Private (docs/hibob-api.md §11).
        let visibility = if a.private { "Private" } else { "Public" };
        list.push(match shape {
            Shape::WhosOut => json!({
                "employeeId": e.id,
                "employeeDisplayName": e.display_name,
                "policyType": a.policy,
                "policyTypeDisplayName": a.policy,
                "type": "days",
                "requestId": a.request_id,
                "startDate": dates::iso(a.start),
                "startPortion": "all_day",
                "endDate": dates::iso(a.end),
                "endPortion": "all_day",
                "visibility": visibility,
            }),
            Shape::OutToday => json!({
                "employeeId": e.id,
                "employeeDisplayName": e.display_name,
                "employeeEmail": e.email,
                "policyTypeDisplayName": a.policy,
                "requestRangeType": "days",
                "startDate": dates::iso(a.start),
                "startDatePortion": "all_day",
                "endDate": dates::iso(a.end),
                "endDatePortion": "all_day",
                "visibility": visibility,
            }),
        });
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
        (from, to),
        wants_private(&query, &caller.perms),
        Shape::WhosOut,
    ))
    .into_response()
}

/// `GET /v1/timeoff/outtoday[?today=YYYY-MM-DD]`.
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
    let today = match query.get("today") {
        None => company.today,
        Some(day) => match dates::parse_iso(day.trim()) {
            Some(day) => day,
            None => return bad_request("invalidRequest", "today must be a date (YYYY-MM-DD)"),
        },
    };
    Json(outs(
        &company,
        &caller.perms,
        (today, today),
        wants_private(&query, &caller.perms),
        Shape::OutToday,
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

/// `GET /v1/timeoff/employees/{id}/balance?policyType=Holiday&date=YYYY-MM-DD`, answered in
/// the field names of HiBob's spec.
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
    // HiBob's spec marks the date required.
    let Some(date) = query.get("date").and_then(|d| dates::parse_iso(d.trim())) else {
        return bad_request("invalidRequest", "date is required (YYYY-MM-DD)");
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
    let (year, _, _) = dates::civil_from_days(date);
    let balance = accrued - used;
    Json(json!({
        "employeeId": e.id,
        "policy": policy,
        "pointInTime": dates::iso(date),
        "annualAllowance": entitled,
        "startingBalance": 0.0,
        "startingBalanceAsOf": format!("{year}-01-01"),
        "totalTaken": used,
        "totalAdminAdjustments": 0.0,
        "totalSystemAdjustments": accrued,
        "totalBalanceAsOfDate": balance,
        "totalRoundedBalanceAsOfDate": balance.floor(),
    }))
    .into_response()
}
