//! The employee tables: `GET /v1/people/{id}/{table}` and `GET /v1/bulk/people/{table}`.

use std::collections::{BTreeSet, HashSet};

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
            .enumerate()
            .map(|(i, r)| {
                let next = e.employment_rows.get(i + 1).map(|n| n.effective);
                json!({
                    "id": r.id,
                    "effectiveDate": dates::iso(r.effective),
                    "endEffectiveDate": next.map(|n| dates::iso(n - 1)),
                    "isCurrent": next.is_none(),
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
            .enumerate()
            .map(|(i, r)| {
                let next = e.lifecycle_rows.get(i + 1).map(|n| n.effective);
                json!({
                    "id": r.id,
                    "effectiveDate": dates::iso(r.effective),
                    "endEffectiveDate": next.map(|n| dates::iso(n - 1)),
                    "isCurrent": next.is_none(),
                    "status": r.status.display_name(),
                    "employeeStatus": if r.active { "Active" } else { "Inactive" },
                    // HiBob's published columns for why a status changed.
                    "reasonType": r.reason,
                    "leaveReason": Value::Null,
                })
            })
            .collect(),
        Table::Salaries => e
            .salary_rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let next = e.salary_rows.get(i + 1).map(|n| n.effective);
                json!({
                    "id": r.id,
                    "effectiveDate": dates::iso(r.effective),
                    "endEffectiveDate": next.map(|n| dates::iso(n - 1)),
                    "isCurrent": next.is_none(),
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

/// Each table column that stands for an employee field, by the field's ID.
fn columns(table: Table) -> &'static [(&'static str, &'static str)] {
    match table {
        Table::Work => &[
            ("title", "work.title"),
            ("department", "work.department"),
            ("site", "work.site"),
            ("siteId", "work.siteId"),
            ("reportsTo", "work.reportsTo"),
        ],
        Table::Employment => &[
            ("contract", "payroll.employment.contract"),
            ("type", "payroll.employment.type"),
            ("weeklyHours", "payroll.employment.weeklyHours"),
            ("fte", "payroll.employment.fte"),
            ("salaryPayType", "payroll.employment.salaryPayType"),
        ],
        Table::Lifecycle => &[
            ("status", "internal.lifecycleStatus"),
            ("employeeStatus", "internal.status"),
        ],
        Table::Salaries => &[
            ("base", "payroll.salary.payment"),
            ("payPeriod", "payroll.salary.payPeriod"),
            ("payFrequency", "payroll.salary.payFrequency"),
        ],
        Table::BankAccounts => &[],
    }
}

/// Columns a field-level company withheld from one answer (docs/hibob-api.md §9.4).
#[derive(Default)]
struct Restricted {
    no_view: BTreeSet<&'static str>,
    no_view_history: BTreeSet<&'static str>,
}

impl Restricted {
    /// Nulls what the caller may not see in one employee's rows, noting the columns: a column
    /// without View in every row, one without View history in every row but the current one.
    fn apply(&mut self, table: Table, rows: &mut [Value], perms: &Effective) {
        if perms.field_level.is_none() {
            return;
        }
        let last = rows.len().saturating_sub(1);
        for (column, field_id) in columns(table) {
            let Some(field) = fields::find(field_id) else {
                continue;
            };
            // Whether the current row keeps its value (View without View history).
            let keeps_current = if !perms.field_view(field) {
                self.no_view.insert(column);
                false
            } else if !perms.field_history(field) {
                self.no_view_history.insert(column);
                true
            } else {
                continue;
            };
            for (i, row) in rows.iter_mut().enumerate() {
                let current = row
                    .get("isCurrent")
                    .and_then(Value::as_bool)
                    .unwrap_or(i == last);
                if !(keeps_current && current) {
                    if let Some(cell) = row.get_mut(*column) {
                        *cell = Value::Null;
                    }
                }
            }
        }
    }

    /// The answer with HiBob's marker of withheld columns: the body object and the header,
    /// present only when something was withheld.
    fn answer(self, mut body: Value) -> Response {
        if self.no_view.is_empty() && self.no_view_history.is_empty() {
            return Json(body).into_response();
        }
        body["restricted_columns"] = json!({
            "no_view_permission": self.no_view,
            "no_view_history_permission": self.no_view_history,
        });
        ([("X-Has-Restricted-Columns", "true")], Json(body)).into_response()
    }
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
    let mut values = table_rows(&company, e, table, &rows);
    let mut restricted = Restricted::default();
    restricted.apply(table, &mut values, &caller.perms);
    restricted.answer(json!({ "values": values }))
}

/// The employee (by position among the candidates) and the row a page starts from.
fn encode_cursor(employee: usize, row: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("offset:{employee}:{row}"))
}

fn decode_cursor(cursor: &str) -> Option<(usize, usize)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (employee, row) = text.strip_prefix("offset:")?.split_once(':')?;
    Some((employee.parse().ok()?, row.parse().ok()?))
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
        None => (0, 0),
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
    // `limit` counts rows, so one employee's rows may go on on the next page: HiBob documents
    // this for custom tables, and it is uncertain for the built-in ones (docs/hibob-api.md §5).
    // The cursor keeps the employee and the row to go on from.
    let (first_employee, first_row) = offset;
    let mut results = Vec::new();
    let mut denied = Vec::new();
    let mut unknown = Vec::new();
    let mut restricted = Restricted::default();
    let mut taken = 0;
    let mut next = None;
    for (position, c) in candidates.iter().enumerate().skip(first_employee) {
        if taken >= limit {
            next = Some((position, 0));
            break;
        }
        match c {
            Ok(i) => {
                let e = &company.employees[*i];
                if !in_scope(perms, e) {
                    denied.push(e.id.clone());
                    taken += 1;
                    continue;
                }
                let mut values = table_rows(&company, e, table, &rows);
                restricted.apply(table, &mut values, perms);
                let skip = if position == first_employee {
                    first_row
                } else {
                    0
                };
                let remaining: Vec<Value> = values.into_iter().skip(skip).collect();
                let room = limit - taken;
                if remaining.len() > room {
                    next = Some((position, skip + room));
                }
                let page_rows: Vec<Value> = remaining.into_iter().take(room).collect();
                // An employee with no rows still takes a place, so every page moves on.
                taken += page_rows.len().max(1);
                results.push(json!({ "employeeId": e.id, "values": page_rows }));
                if next.is_some() {
                    break;
                }
            }
            Err(id) => {
                unknown.push(id.clone());
                taken += 1;
            }
        }
    }
    let next_cursor = next.map(|(employee, row)| encode_cursor(employee, row));
    // One entry per employee, keyed by the employee's ID, as HiBob's published description
    // reads (`{"<id>": {"error", "message"}}`); the exact nesting is uncertain
    // (docs/hibob-api.md §5). HiBob's answer for unknown IDs is undocumented: the sim reports
    // them the same way with its own error name rather than failing the page.
    let entry = |id: &String, error: &str, message: String| json!({ id.as_str(): { "error": error, "message": message } });
    let errors: Vec<Value> = denied
        .iter()
        .map(|id| {
            entry(
                id,
                "MISSING_PERMISSION",
                format!("You don't have permission to access data for employees with ids: {id}"),
            )
        })
        .chain(
            unknown
                .iter()
                .map(|id| entry(id, "NOT_FOUND", format!("No employees with ids: {id}"))),
        )
        .collect();
    // Where HiBob puts restricted_columns in a bulk answer is undocumented (uncertain,
    // docs/hibob-api.md §9.4); the sim puts it at the top, next to `results`.
    restricted.answer(json!({
        "results": results,
        "response_metadata": { "next_cursor": next_cursor },
        "errors": errors,
    }))
}
