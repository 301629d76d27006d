//! Field-level permissions: fields granted one by one, withheld table columns answered as HiBob
//! documents (nulls, `restricted_columns`, `X-Has-Restricted-Columns`), people search omitting or
//! nulling withheld fields, and companies without them unchanged.

use hibob_sim::{
    Access, FieldGrant, PermissionModel, Preset, RestrictedFields, SimConfig, SimServer,
};
use serde_json::{json, Value};

use crate::util::{get, search, started};

/// A table answer: the header's value and the body.
async fn table(sim: &SimServer, path: &str) -> (Option<String>, Value) {
    let response = get(sim, path).await;
    assert_eq!(response.status(), 200, "{path}");
    let header = response
        .headers()
        .get("x-has-restricted-columns")
        .map(|v| v.to_str().unwrap().to_owned());
    (header, response.json().await.unwrap())
}

async fn first_with_history(sim: &SimServer, table: &str) -> String {
    let (_, page) = crate::util::get_json(sim, &format!("/bulk/people/{table}?limit=200")).await;
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["values"].as_array().unwrap().len() > 1)
        .map(|r| r["employeeId"].as_str().unwrap().to_owned())
        .expect("someone with a history")
}

fn column(rows: &Value, name: &str) -> Vec<Value> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|row| row[name].clone())
        .collect()
}

#[tokio::test]
async fn withheld_columns_are_null_listed_and_flagged() {
    let sim = started(SimConfig::preset(Preset::FieldLevel).employees(80)).await;
    let id = first_with_history(&sim, "work").await;

    // No View: null in every row, and listed.
    let (header, employment) = table(&sim, &format!("/people/{id}/employment")).await;
    assert_eq!(header.as_deref(), Some("true"));
    let restricted = &employment["restricted_columns"];
    assert_eq!(
        restricted["no_view_permission"],
        json!(["fte", "salaryPayType", "weeklyHours"])
    );
    for name in ["fte", "weeklyHours", "salaryPayType"] {
        assert!(
            column(&employment["values"], name)
                .iter()
                .all(Value::is_null),
            "{name}"
        );
    }
    assert!(column(&employment["values"], "contract")
        .iter()
        .all(Value::is_string));

    // View without View history: the current row keeps its value, earlier rows lose it.
    let (header, work) = table(&sim, &format!("/people/{id}/work")).await;
    assert_eq!(header.as_deref(), Some("true"));
    assert_eq!(
        work["restricted_columns"]["no_view_history_permission"],
        json!(["department"])
    );
    assert_eq!(work["restricted_columns"]["no_view_permission"], json!([]));
    let rows = work["values"].as_array().unwrap();
    for row in rows {
        let current = row["isCurrent"].as_bool().unwrap();
        assert_eq!(row["department"].is_null(), !current, "{row}");
        assert!(row["title"].is_string(), "{row}");
    }

    // Bulk reads carry the same, at the top.
    let (header, bulk) = table(&sim, "/bulk/people/employment?limit=20").await;
    assert_eq!(header.as_deref(), Some("true"));
    assert_eq!(
        bulk["restricted_columns"]["no_view_permission"],
        json!(["fte", "salaryPayType", "weeklyHours"])
    );

    // Nothing withheld from a table: neither the header nor the object.
    let (header, lifecycle) = table(&sim, &format!("/people/{id}/lifecycle")).await;
    assert_eq!(header, None);
    assert!(lifecycle.get("restricted_columns").is_none());
}

#[tokio::test]
async fn a_company_without_field_level_permissions_never_marks_columns() {
    let sim = started(SimConfig::preset(Preset::Full).employees(40)).await;
    // Field settings mean nothing to a per-category company.
    sim.set_field_grant(
        &sim.service_user_id(),
        "payroll.employment.fte",
        Some(FieldGrant {
            view: false,
            view_history: false,
        }),
    )
    .unwrap();
    let (header, bulk) = table(&sim, "/bulk/people/employment?limit=20").await;
    assert_eq!(header, None);
    assert!(bulk.get("restricted_columns").is_none());
    assert!(column(&bulk["results"][0]["values"], "fte")
        .iter()
        .all(Value::is_number));
}

#[tokio::test]
async fn search_sends_withheld_fields_as_null_or_leaves_them_out() {
    let sim = started(SimConfig::preset(Preset::FieldLevel).employees(40)).await;
    let fields = json!({
        "fields": ["root.id", "personal.birthDate", "personal.nationality", "home.mobilePhone", "home.privateEmail"],
        "showInactive": true
    });
    let employees = search(&sim, fields.clone()).await;
    for e in &employees {
        // Withheld on its own in a granted section: null, not a value.
        assert!(e["personal"]["birthDate"].is_null(), "{e}");
        assert!(e.get("/personal/birthDate").is_none(), "{e}");
        assert!(e["personal"]["nationality"].is_array(), "{e}");
        // Granted on its own in a section that is not: the one field arrives.
        assert!(e["home"]["mobilePhone"].is_string(), "{e}");
        assert!(e["home"].get("privateEmail").is_none(), "{e}");
    }

    sim.set_permission_model(PermissionModel::FieldLevel, RestrictedFields::Omit);
    for e in search(&sim, fields).await {
        assert!(e["personal"].get("birthDate").is_none(), "{e}");
    }
}

#[tokio::test]
async fn field_settings_change_at_run_time_through_the_admin_api() {
    let sim = started(SimConfig::preset(Preset::FieldLevel).employees(40)).await;
    let url = format!(
        "{}/service-users/{}/fields/payroll.employment.fte",
        sim.admin_url(),
        sim.service_user_id()
    );
    let client = reqwest::Client::new();
    let granted = client
        .put(&url)
        .json(&json!({"view": true, "view_history": true}))
        .send()
        .await
        .unwrap();
    assert!(granted.status().is_success());
    let (_, bulk) = table(&sim, "/bulk/people/employment?limit=20").await;
    assert_eq!(
        bulk["restricted_columns"]["no_view_permission"],
        json!(["salaryPayType", "weeklyHours"])
    );
    assert!(column(&bulk["results"][0]["values"], "fte")
        .iter()
        .all(Value::is_number));

    // Back to following its section, which is granted.
    assert!(client
        .delete(&url)
        .send()
        .await
        .unwrap()
        .status()
        .is_success());
    let unknown = client
        .put(format!(
            "{}/service-users/{}/fields/nope.nothing",
            sim.admin_url(),
            sim.service_user_id()
        ))
        .json(&json!({"view": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);

    let model: Value = client
        .get(format!("{}/permission-model", sim.admin_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        model,
        json!({"model": "field_level", "restricted_fields": "null"})
    );
}

#[tokio::test]
async fn everyone_means_active_employees_only() {
    let sim = started(SimConfig::preset(Preset::Full).employees(200)).await;
    sim.set_access(&sim.service_user_id(), Access::Everyone)
        .unwrap();
    let employees = search(
        &sim,
        json!({"fields": ["root.id", "internal.status"], "showInactive": true}),
    )
    .await;
    assert!(!employees.is_empty());
    assert!(employees
        .iter()
        .all(|e| e["internal"]["status"] == "Active"));
}
