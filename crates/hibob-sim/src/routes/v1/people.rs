//! `POST /v1/people/search` and `POST /v1/people/{identifier}`.

use std::collections::HashSet;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{Map, Value};

use super::in_scope;
use crate::company::Employee;
use crate::json::{Mode, Plan};
use crate::permissions::Effective;
use crate::reply::{bad_request, json_bytes, not_found};
use crate::state::{read, AppState, Caller};

/// HiBob's documented cap on `fields` in one search.
const MAX_FIELDS: usize = 400;

struct SearchRequest {
    fields: Option<Vec<String>>,
    filter: Option<Filter>,
    show_inactive: bool,
    mode: Mode,
}

enum Filter {
    Ids(Vec<String>),
    Emails(Vec<String>),
}

fn parse_search(body: &Bytes, allow_filters: bool) -> Result<SearchRequest, Response> {
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        // Some clients send no body at all; HiBob then applies every default.
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(body).map_err(|e| {
            bad_request(
                "invalidRequest",
                format!("request body is not valid JSON: {e}"),
            )
        })?
    };
    let Value::Object(obj) = value else {
        return Err(bad_request(
            "invalidRequest",
            "request body must be a JSON object",
        ));
    };
    let fields = match obj.get("fields") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item.as_str() {
                    Some(s) => out.push(s.to_owned()),
                    None => {
                        return Err(bad_request(
                            "invalidFields",
                            "fields must be an array of field id strings",
                        ))
                    }
                }
            }
            if out.len() > MAX_FIELDS {
                return Err(bad_request(
                    "invalidFields",
                    format!(
                        "at most {MAX_FIELDS} fields may be requested, got {}",
                        out.len()
                    ),
                ));
            }
            Some(out)
        }
        Some(_) => {
            return Err(bad_request(
                "invalidFields",
                "fields must be an array of field id strings",
            ))
        }
    };
    let filter = if allow_filters {
        match obj.get("filters") {
            None | Some(Value::Null) => None,
            Some(f) => Some(parse_filters(f)?),
        }
    } else {
        None
    };
    let show_inactive = match obj.get("showInactive") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(bad_request(
                "invalidRequest",
                "showInactive must be a boolean",
            ))
        }
    };
    let mode = Mode::parse(obj.get("humanReadable").and_then(Value::as_str));
    Ok(SearchRequest {
        fields,
        filter,
        show_inactive,
        mode,
    })
}

fn parse_filters(f: &Value) -> Result<Filter, Response> {
    let bad = |msg: &str| bad_request("invalidFilters", msg.to_owned());
    let Value::Array(list) = f else {
        return Err(bad("filters must be an array with exactly one filter"));
    };
    match list.len() {
        0 => {
            return Err(bad(
                "filters must not be empty; omit the key to get everyone",
            ))
        }
        1 => {}
        _ => return Err(bad("only one filter is supported")),
    }
    let Some(Value::Object(filter)) = list.first() else {
        return Err(bad("a filter must be an object"));
    };
    let path = filter.get("fieldPath").and_then(Value::as_str);
    if filter.get("operator").and_then(Value::as_str) != Some("equals") {
        return Err(bad("the only supported operator is \"equals\""));
    }
    let values: Vec<String> = match filter.get("values") {
        Some(Value::Array(vs)) if !vs.is_empty() => {
            let mut out = Vec::with_capacity(vs.len());
            for v in vs {
                match v.as_str() {
                    Some(s) => out.push(s.to_owned()),
                    None => return Err(bad("filter values must be strings")),
                }
            }
            out
        }
        _ => return Err(bad("filter values must be a non-empty array")),
    };
    match path {
        Some("root.id") => Ok(Filter::Ids(values)),
        Some("root.email") => Ok(Filter::Emails(values)),
        _ => Err(bad("fieldPath must be root.id or root.email")),
    }
}

/// In the caller's data scope and, unless inactive people were asked for, active.
fn visible(perms: &Effective, e: &Employee, show_inactive: bool) -> bool {
    in_scope(perms, e) && (show_inactive || e.active)
}

/// `POST /v1/people/search`.
///
/// A service user in no permission group gets `200 {"employees": []}`: whether
/// HiBob answers that or 403 is an open question in the reference (docs/hibob-api.md §14 Q3).
pub(crate) async fn search(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Response {
    let req = match parse_search(&body, true) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    // Serialising a big company is CPU work; keep it off the async workers.
    let job = tokio::task::spawn_blocking(move || {
        let company = read(&state.company);
        let perms = &caller.perms;
        let plan = Plan::new(req.fields.as_deref(), perms, req.mode);
        let indexes: Vec<usize> = match &req.filter {
            None => company
                .employees
                .iter()
                .enumerate()
                .filter(|(_, e)| visible(perms, e, req.show_inactive))
                .map(|(i, _)| i)
                .collect(),
            Some(Filter::Ids(ids)) => {
                let mut idx: Vec<usize> =
                    ids.iter().filter_map(|id| company.index_of(id)).collect();
                idx.sort_unstable();
                idx.dedup();
                idx.retain(|&i| visible(perms, &company.employees[i], req.show_inactive));
                idx
            }
            Some(Filter::Emails(emails)) => {
                let wanted: HashSet<String> = emails
                    .iter()
                    .map(|e| e.trim().to_ascii_lowercase())
                    .collect();
                company
                    .employees
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| {
                        e.email
                            .as_deref()
                            .is_some_and(|m| wanted.contains(&m.to_ascii_lowercase()))
                            && visible(perms, e, req.show_inactive)
                    })
                    .map(|(i, _)| i)
                    .collect()
            }
        };
        plan.write_search(&company, &indexes)
    });
    match job.await {
        Ok(bytes) => json_bytes(StatusCode::OK, bytes),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `POST /v1/people/{identifier}` — by backend id or email; the same body as
/// search minus `filters`. 404 when unknown or not visible to the caller.
pub(crate) async fn read_one(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(identifier): Path<String>,
    body: Bytes,
) -> Response {
    let req = match parse_search(&body, false) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let company = read(&state.company);
    let found = company
        .find(identifier.trim())
        .filter(|&i| visible(&caller.perms, &company.employees[i], req.show_inactive));
    match found {
        Some(idx) => {
            let plan = Plan::new(req.fields.as_deref(), &caller.perms, req.mode);
            json_bytes(StatusCode::OK, plan.write_one(&company, idx))
        }
        None => not_found(format!("Employee {identifier} was not found")),
    }
}
