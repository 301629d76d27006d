//! Handlers of the simulated `/v1` API.

// Handlers bail out early with a ready `Response`; boxing it would only add noise
// on these cold error paths.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::company::{Company, Employee};
use crate::dates;
use crate::fields::{self, site_id, FIELDS};
use crate::json::{Mode, Plan};
use crate::names::SITES;
use crate::permissions::{Category, Effective, LifecycleStatus};
use crate::server::{bad_request, forbidden, json_bytes, not_found, AppState, Caller};
use crate::state::read;

/// HiBob's documented cap on `fields` in one search.
const MAX_FIELDS: usize = 400;
const MAX_BULK_LIMIT: usize = 200;
const DEFAULT_BULK_LIMIT: usize = 50;

type Params = Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>;

fn params(q: Params) -> Result<HashMap<String, String>, Response> {
    q.map(|Query(m)| m)
        .map_err(|e| bad_request("invalidRequest", format!("bad query string: {e}")))
}

// ---- metadata ---------------------------------------------------------------

/// `GET /v1/company/people/fields` — needs no permission, only valid credentials.
pub(crate) async fn fields(Extension(_caller): Extension<Caller>) -> Response {
    let list: Vec<Value> = FIELDS
        .iter()
        .map(|f| {
            let mut o = Map::new();
            o.insert("id".into(), json!(f.id));
            o.insert("name".into(), json!(f.name));
            o.insert("categoryId".into(), json!(f.category.id()));
            o.insert(
                "categoryDisplayName".into(),
                json!(f.category.display_name()),
            );
            o.insert("description".into(), json!(f.description));
            o.insert("jsonPath".into(), json!(f.json_path));
            o.insert("type".into(), json!(f.kind.type_name()));
            if let Some(list) = f.kind.list_id() {
                o.insert("typeData".into(), json!({ "listId": list }));
            }
            o.insert("historical".into(), json!(f.historical));
            Value::Object(o)
        })
        .collect();
    Json(Value::Array(list)).into_response()
}

fn list_json(name: &str, items: Vec<(String, String)>) -> Value {
    let items: Vec<Value> = items
        .into_iter()
        .map(|(id, value)| {
            json!({ "id": id, "value": value, "name": value, "archived": false, "children": [] })
        })
        .collect();
    // HiBob returns the items twice, under `values` and `items`.
    json!({ "name": name, "values": items, "items": items })
}

fn named_list_json(company: &Company, name: &str) -> Option<Value> {
    let items: Vec<(String, String)> = match name {
        "department" => company
            .departments
            .iter()
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect(),
        "title" => company
            .titles
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect(),
        "site" => SITES
            .iter()
            .enumerate()
            .map(|(i, s)| (site_id(i as u8).to_string(), s.name.to_owned()))
            .collect(),
        "lifecycleStatus" => LifecycleStatus::ALL
            .iter()
            .map(|s| (s.machine_id().to_owned(), s.display_name().to_owned()))
            .collect(),
        "status" => ["Active", "Inactive"]
            .iter()
            .map(|s| ((*s).to_owned(), (*s).to_owned()))
            .collect(),
        _ => return None,
    };
    Some(list_json(name, items))
}

const LIST_NAMES: [&str; 5] = ["department", "title", "site", "lifecycleStatus", "status"];

/// `GET /v1/company/named-lists`. The top-level shape is uncertain (the OpenAPI
/// says array, a public client types it as an object keyed by list name); the
/// sim follows the reference's best guess: an object keyed by list name.
/// No permission is required (also uncertain: HiBob does not say).
pub(crate) async fn named_lists(
    State(st): State<AppState>,
    Extension(_caller): Extension<Caller>,
) -> Response {
    let company = read(&st.company);
    let mut all = Map::new();
    for name in LIST_NAMES {
        if let Some(v) = named_list_json(&company, name) {
            all.insert(name.to_owned(), v);
        }
    }
    Json(Value::Object(all)).into_response()
}

/// `GET /v1/company/named-lists/{name}` — case-sensitive; unknown names are 404.
pub(crate) async fn named_list(
    State(st): State<AppState>,
    Extension(_caller): Extension<Caller>,
    Path(name): Path<String>,
) -> Response {
    let company = read(&st.company);
    match named_list_json(&company, &name) {
        Some(v) => Json(v).into_response(),
        None => not_found(format!("No list named {name:?}")),
    }
}

// ---- people search / read ---------------------------------------------------

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

/// In the caller's data scope, regardless of access status.
fn in_scope(perms: &Effective, e: &Employee) -> bool {
    perms.covers(e.lifecycle)
}

fn visible(perms: &Effective, e: &Employee, show_inactive: bool) -> bool {
    in_scope(perms, e) && (show_inactive || e.active)
}

/// `POST /v1/people/search`.
///
/// A service user in no permission group gets `200 {"employees": []}`: whether
/// HiBob answers that or 403 is an open question in the reference (§10 Q3).
pub(crate) async fn search(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    body: Bytes,
) -> Response {
    let req = match parse_search(&body, true) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    // Serialising a big company is CPU work; keep it off the async workers.
    let job = tokio::task::spawn_blocking(move || {
        let company = read(&st.company);
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
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(identifier): Path<String>,
    body: Bytes,
) -> Response {
    let req = match parse_search(&body, false) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let company = read(&st.company);
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

// ---- employee tables -----------------------------------------------------------

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
    State(st): State<AppState>,
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
    let company = read(&st.company);
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
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(table): Path<String>,
    query: Params,
) -> Response {
    let table = match Table::parse(&table) {
        Some(t) if t != Table::BankAccounts => t,
        _ => return not_found(format!("no such endpoint: /v1/bulk/people/{table}")),
    };
    let q = match params(query) {
        Ok(q) => q,
        Err(resp) => return resp,
    };
    let rows = match table_access(table, &caller.perms) {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let limit = match q.get("limit").map(|s| s.trim().parse::<usize>()) {
        None => DEFAULT_BULK_LIMIT,
        Some(Ok(n)) if (1..=MAX_BULK_LIMIT).contains(&n) => n,
        Some(_) => {
            return bad_request(
                "invalidLimit",
                format!("limit must be an integer between 1 and {MAX_BULK_LIMIT}"),
            )
        }
    };
    let offset = match q.get("cursor").filter(|c| !c.trim().is_empty()) {
        None => 0,
        Some(c) => match decode_cursor(c) {
            Some(o) => o,
            None => return bad_request("invalidCursor", "cursor is not valid"),
        },
    };
    let requested: Option<Vec<String>> = q.get("employeeIds").map(|s| {
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

    let company = read(&st.company);
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

// ---- documents ------------------------------------------------------------------

/// `GET /v1/docs/people/{id}` — documents from the folders the caller may view.
/// With no docs folder permitted at all the sim answers 403 (HiBob's behaviour is
/// uncertain: it might also return an empty list).
pub(crate) async fn docs(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let p = &caller.perms;
    if !(p.docs_shared || p.docs_confidential || p.docs_payslips) {
        return forbidden("The service user may not view any documents folder");
    }
    let company = read(&st.company);
    let Some(idx) = company.index_of(&id) else {
        return not_found(format!("Employee {id} was not found"));
    };
    let e = &company.employees[idx];
    if !in_scope(p, e) {
        return forbidden(format!(
            "The service user does not have permission to access documents of employee {id}"
        ));
    }
    let link = |n: u32| format!("https://files.hibob-sim.invalid/docs/{}/{n}", e.id);
    let mut documents = Vec::new();
    if p.docs_shared {
        documents.push(json!({"documentName": "Employee handbook (signed).pdf", "downloadLink": link(1), "folder": "Shared"}));
    }
    if p.docs_confidential {
        documents.push(json!({"documentName": "Employment contract.pdf", "downloadLink": link(2), "folder": "Confidential"}));
    }
    if p.docs_payslips && e.lifecycle != LifecycleStatus::Hired {
        for (n, back) in [(3u32, 1i32), (4, 2)] {
            let (y, m, _) = dates::civil_from_days(company.today - 30 * back);
            documents.push(json!({
                "documentName": format!("Payslip {y}-{m:02}.pdf"),
                "downloadLink": link(n),
                "folder": "Payslips",
            }));
        }
    }
    Json(json!({ "documents": documents })).into_response()
}

// ---- time off -------------------------------------------------------------------

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

fn wants_private(q: &HashMap<String, String>, perms: &Effective) -> bool {
    // Private-policy absences need both the query flag and the "…because of
    // private policy" permission; without the permission they are silently
    // left out (HiBob's exact behaviour is uncertain).
    q.get("includePrivate")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        && perms.whos_out_private
}

/// `GET /v1/timeoff/whosout?from=YYYY-MM-DD&to=YYYY-MM-DD[&includePrivate=true]`.
pub(crate) async fn whos_out(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Params,
) -> Response {
    if !caller.perms.whos_out {
        return forbidden("The service user may not see who's out");
    }
    let q = match params(query) {
        Ok(q) => q,
        Err(resp) => return resp,
    };
    let date = |k: &str| q.get(k).and_then(|v| dates::parse_iso(v.trim()));
    let (Some(from), Some(to)) = (date("from"), date("to")) else {
        return bad_request(
            "invalidRequest",
            "from and to are required dates (YYYY-MM-DD)",
        );
    };
    if to < from {
        return bad_request("invalidRequest", "to must not be before from");
    }
    let company = read(&st.company);
    Json(outs(
        &company,
        &caller.perms,
        from,
        to,
        wants_private(&q, &caller.perms),
    ))
    .into_response()
}

/// `GET /v1/timeoff/outtoday`.
pub(crate) async fn out_today(
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    query: Params,
) -> Response {
    if !caller.perms.whos_out {
        return forbidden("The service user may not see who's out");
    }
    let q = match params(query) {
        Ok(q) => q,
        Err(resp) => return resp,
    };
    let company = read(&st.company);
    let today = company.today;
    Json(outs(
        &company,
        &caller.perms,
        today,
        today,
        wants_private(&q, &caller.perms),
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
    State(st): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    query: Params,
) -> Response {
    if !caller.perms.balance {
        return forbidden("The service user may not see time off balances");
    }
    let q = match params(query) {
        Ok(q) => q,
        Err(resp) => return resp,
    };
    let Some(policy) = q
        .get("policyType")
        .map(|p| p.trim())
        .and_then(|p| POLICY_TYPES.iter().find(|t| **t == p))
    else {
        return bad_request(
            "invalidRequest",
            format!("policyType is required and must be one of {POLICY_TYPES:?}"),
        );
    };
    let company = read(&st.company);
    let date = match q.get("date").filter(|d| !d.trim().is_empty()) {
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
    let used = f64::from((crate::prng::mix(idx as u64 ^ company.seed) % 8) as u32).min(accrued);
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
