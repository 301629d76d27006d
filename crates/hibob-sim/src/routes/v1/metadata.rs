//! `GET /v1/company/people/fields` and the named lists (`/v1/company/named-lists`).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use crate::company::Company;
use crate::fields::{site_id, FIELDS};
use crate::names::SITES;
use crate::permissions::LifecycleStatus;
use crate::reply::not_found;
use crate::state::{read, AppState, Caller};

pub(crate) async fn fields(Extension(_caller): Extension<Caller>) -> Response {
    let list: Vec<Value> = FIELDS
        .iter()
        .map(|f| {
            let mut o = Map::new();
            o.insert("id".into(), json!(f.id));
            o.insert("name".into(), json!(f.name));
            o.insert("categoryId".into(), json!(f.category.id()));
            // Deprecated by HiBob but still sent on every field, as a real tenant shows.
            o.insert("category".into(), json!(f.category.id()));
            o.insert(
                "categoryDisplayName".into(),
                json!(f.category.display_name()),
            );
            o.insert("description".into(), json!(f.description));
            o.insert("jsonPath".into(), json!(f.json_path));
            o.insert("type".into(), json!(f.kind.type_name()));
            // Always present, `{}` when the type has nothing to add (as a real tenant sends).
            o.insert(
                "typeData".into(),
                match f.kind.list_id() {
                    Some(list) => json!({ "listId": list }),
                    None => json!({}),
                },
            );
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
    State(state): State<AppState>,
    Extension(_caller): Extension<Caller>,
) -> Response {
    let company = read(&state.company);
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
    State(state): State<AppState>,
    Extension(_caller): Extension<Caller>,
    Path(name): Path<String>,
) -> Response {
    let company = read(&state.company);
    match named_list_json(&company, &name) {
        Some(v) => Json(v).into_response(),
        None => not_found(format!("No list named {name:?}")),
    }
}
