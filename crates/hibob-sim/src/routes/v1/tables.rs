//! The employee tables: `GET /v1/people/{id}/{table}` and `GET /v1/bulk/people/{table}`.

use std::collections::HashSet;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use base64::Engine as _;
use serde_json::{json, Value};

use super::{in_scope, params, Params};
use crate::company::{Company, Employee};
use crate::dates;
use crate::fields::{self, site_id};
use crate::names::SITES;
use crate::permissions::{Category, Effective};
use crate::reply::{bad_request, forbidden, not_found};
use crate::state::{read, AppState, Caller};

const MAX_BULK_LIMIT: usize = 200;
const DEFAULT_BULK_LIMIT: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Work,
    Employment,
    Lifecycle,
    Salaries,
    BankAccounts,
}

impl Table {
    fn parse(s: &str) -> Option<Table> {
        Some(match s {
            "work" => Table::Work,
            "employment" => Table::Employment,
            "lifecycle" => Table::Lifecycle,
            "salaries" => Table::Salaries,
            "bank-accounts" => Table::BankAccounts,
            _ => return None,
        })
    }

    fn label(self) -> &'static str {
        match self {
            Table::Work => "work",
            Table::Employment => "employment",
            Table::Lifecycle => "lifecycle",
            Table::Salaries => "salaries",
            Table::BankAccounts => "bank accounts",
        }
    }
}

/// How much of a table the caller may read.
enum Rows {
    All,
    CurrentOnly,
}

fn table_access(table: Table, perms: &Effective) -> Result<Rows, Response> {
    let deny = |what: &str| {
        Err(forbidden(format!(
            "The service user does not have permission to access this table or employees ({what})"
        )))
    };
    match table {
        // "Sections" without "section histories" give the current row only. For the
        // work table that is uncertain (the reference allows current row or 403);
        // the sim picks current row, as HiBob documents for employment.
        Table::Work | Table::Employment => {
            let cat = if table == Table::Work {
                Category::Work
            } else {
                Category::Employment
            };
            if perms.history(cat) {
                Ok(Rows::All)
            } else if perms.view(cat) {
                Ok(Rows::CurrentOnly)
            } else {
                deny(if table == Table::Work {
                    "people.work.view"
                } else {
                    "people.employment.view"
                })
            }
        }
        Table::Lifecycle if perms.history(Category::Lifecycle) => Ok(Rows::All),
        Table::Lifecycle => deny("people.lifecycle.history"),
        Table::Salaries if perms.history(Category::Payroll) => Ok(Rows::All),
        Table::Salaries => deny("people.payroll.history"),
        Table::BankAccounts if perms.view(Category::Financial) => Ok(Rows::All),
        Table::BankAccounts => deny("people.financial.view"),
    }
}

fn reports_to(company: &Company, e: &Employee) -> Value {
    match e.manager.and_then(|m| company.employees.get(m as usize)) {
        Some(m) => json!({
            "id": m.id,
            "displayName": m.display_name,
            "email": m.email,
            "firstName": m.first_name,
            "surname": m.surname,
        }),
        None => Value::Null,
    }
}

fn table_rows(company: &Company, e: &Employee, table: Table, rows: &Rows) -> Vec<Value> {
    let mut out: Vec<Value> = match table {
        Table::Work => {
            let n = e.work_rows.len();
            e.work_rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let end = e
                        .work_rows
                        .get(i + 1)
                        .map(|next| dates::iso(next.effective - 1));
                    json!({
                        "id": r.id,
                        "effectiveDate": dates::iso(r.effective),
                        "endEffectiveDate": end,
                        "isCurrent": i + 1 == n,
                        "title": company.titles.get(usize::from(r.title)).map(|t| t.id.clone()),
                        "department": r.department
                            .and_then(|d| company.departments.get(usize::from(d)))
                            .map(|d| d.id.clone()),
                        "site": r.site.and_then(|s| SITES.get(usize::from(s))).map(|s| s.name),
                        "siteId": r.site.map(site_id),
                        "reportsTo": reports_to(company, e),
                    })
                })
                .collect()
        }
        Table::Employment => e
            .employment_rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "effectiveDate": dates::iso(r.effective),
                    "contract": r.contract,
                    "type": r.kind,
                    "weeklyHours": r.weekly_hours,
                    "fte": r.fte,
                    "salaryPayType": r.pay_type,
                })
            })
            .collect(),
        Table::Lifecycle => e
            .lifecycle_rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "effectiveDate": dates::iso(r.effective),
                    "status": r.status.display_name(),
                    "employeeStatus": if r.active { "Active" } else { "Inactive" },
                    "reason": r.reason,
                })
            })
            .collect(),
        Table::Salaries => e
            .salary_rows
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "effectiveDate": dates::iso(r.effective),
                    "base": { "value": r.value, "currency": e.currency },
                    "payPeriod": r.pay_period,
                    "payFrequency": r.pay_frequency,
                })
            })
            .collect(),
        Table::BankAccounts => vec![json!({
            "id": 900_000_000u64 + u64::from(e.employee_number),
            "bankName": e.bank_name,
            "accountNumber": fields::masked_account(e.account_last4),
            "iban": e.iban,
            "bankAccountType": "Checking",
            "allocation": "percent",
            "amount": 100,
            "useForBonus": true,
        })],
    };
    if matches!(rows, Rows::CurrentOnly) {
        let last = out.pop();
        out = last.into_iter().collect();
    }
    out
}

/// `GET /v1/people/{id}/{work|employment|lifecycle|salaries|bank-accounts}`.
pub(crate) async fn table(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((id, table)): Path<(String, String)>,
) -> Response {
    let Some(table) = Table::parse(&table) else {
        return not_found(format!("no such endpoint: /v1/people/{id}/{table}"));
    };
    let rows = match table_access(table, &caller.perms) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let company = read(&state.company);
    let Some(idx) = company.index_of(&id) else {
        return not_found(format!("Employee {id} was not found"));
    };
    let e = &company.employees[idx];
    if !in_scope(&caller.perms, e) {
        return forbidden(format!(
            "The service user does not have permission to access the {} of employee {id}",
            table.label()
        ));
    }
    Json(json!({ "values": table_rows(&company, e, table, &rows) })).into_response()
}

fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("offset:{offset}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("offset:")?
        .parse()
        .ok()
}

/// `GET /v1/bulk/people/{work|employment|lifecycle|salaries}?limit=&cursor=&employeeIds=`.
///
/// Requested employees outside the caller's scope are reported under `errors`
/// instead of failing the call. The exact nesting of that object is uncertain;
/// the sim uses `[{"employeeIds": [...], "error": "MISSING_PERMISSION", "message": ...}]`.
pub(crate) async fn bulk_table(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(table): Path<String>,
    query: Params,
) -> Response {
    let table = match Table::parse(&table) {
        Some(t) if t != Table::BankAccounts => t,
        _ => return not_found(format!("no such endpoint: /v1/bulk/people/{table}")),
    };
    let query = match params(query) {
        Ok(query) => query,
        Err(resp) => return resp,
    };
    let rows = match table_access(table, &caller.perms) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let limit = match query.get("limit").map(|s| s.trim().parse::<usize>()) {
        None => DEFAULT_BULK_LIMIT,
        Some(Ok(n)) if (1..=MAX_BULK_LIMIT).contains(&n) => n,
        Some(_) => {
            return bad_request(
                "invalidLimit",
                format!("limit must be an integer between 1 and {MAX_BULK_LIMIT}"),
            )
        }
    };
    let offset = match query.get("cursor").filter(|c| !c.trim().is_empty()) {
        None => 0,
        Some(c) => match decode_cursor(c) {
            Some(o) => o,
            None => return bad_request("invalidCursor", "cursor is not valid"),
        },
    };
    let requested: Option<Vec<String>> = query.get("employeeIds").map(|s| {
        let mut seen = HashSet::new();
        s.split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty() && seen.insert(id.to_owned()))
            .map(str::to_owned)
            .collect()
    });
    if requested.as_ref().is_some_and(|r| r.len() > MAX_BULK_LIMIT) {
        return bad_request(
            "invalidEmployeeIds",
            format!("at most {MAX_BULK_LIMIT} employeeIds per call"),
        );
    }

    let company = read(&state.company);
    let perms = &caller.perms;
    let candidates: Vec<Result<usize, String>> = match &requested {
        Some(ids) => ids
            .iter()
            .map(|id| company.index_of(id).ok_or_else(|| id.clone()))
            .collect(),
        None => company
            .employees
            .iter()
            .enumerate()
            .filter(|(_, e)| in_scope(perms, e))
            .map(|(i, _)| Ok(i))
            .collect(),
    };
    let page = candidates.iter().skip(offset).take(limit);
    let mut results = Vec::new();
    let mut denied = Vec::new();
    let mut unknown = Vec::new();
    for c in page {
        match c {
            Ok(i) => {
                let e = &company.employees[*i];
                if in_scope(perms, e) {
                    results.push(json!({
                        "employeeId": e.id,
                        "values": table_rows(&company, e, table, &rows),
                    }));
                } else {
                    denied.push(e.id.clone());
                }
            }
            Err(id) => unknown.push(id.clone()),
        }
    }
    let next = offset.saturating_add(limit);
    let next_cursor = (next < candidates.len()).then(|| encode_cursor(next));
    let mut errors = Vec::new();
    if !denied.is_empty() {
        errors.push(json!({
            "employeeIds": denied,
            "error": "MISSING_PERMISSION",
            "message": format!(
                "You don't have permission to access data for employees with ids: {}",
                denied.join(", ")
            ),
        }));
    }
    if !unknown.is_empty() {
        // HiBob's behaviour for unknown ids in bulk calls is undocumented; the sim
        // reports them separately rather than failing the page.
        errors.push(json!({
            "employeeIds": unknown,
            "error": "NOT_FOUND",
            "message": format!("No employees with ids: {}", unknown.join(", ")),
        }));
    }
    Json(json!({
        "results": results,
        "response_metadata": { "next_cursor": next_cursor },
        "errors": errors,
    }))
    .into_response()
}
