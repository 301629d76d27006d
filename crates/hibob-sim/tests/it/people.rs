//! People search and read: field omission, nulls, lifecycle scoping, validation.

use std::collections::HashSet;

use crate::util::*;
use hibob_sim::{Access, LifecycleStatus, PermissionGroup, Preset, SimConfig};
use serde_json::{json, Value};

#[tokio::test]
async fn base_only_omits_unpermitted_categories_entirely() {
    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(60)).await;
    let emps = search(
        &sim,
        json!({
            "fields": ["root.id", "work.title", "payroll.salary.payment", "payroll.salary.payPeriod",
                       "financial.iban", "personal.birthDate", "home.privateEmail"],
            "showInactive": true
        }),
    )
    .await;
    assert_eq!(emps.len(), 60);
    for e in &emps {
        let ks = keys(e);
        assert!(ks.iter().all(|k| !k.starts_with("/payroll/")), "{ks:?}");
        assert!(ks.iter().all(|k| !k.starts_with("/financial/")), "{ks:?}");
        for absent in ["payroll", "financial", "personal", "home"] {
            assert!(e.get(absent).is_none(), "{absent} leaked: {e}");
        }
        assert!(e["work"]["title"].is_string());
        assert!(e["/work/title"]["value"].is_string());
    }

    // The default field set still brings employment fields, nested under `payroll`.
    let emps = search(&sim, json!({})).await;
    let e = &emps[0];
    assert!(e["payroll"]["employment"]["contract"].is_string(), "{e}");
    assert!(e["payroll"].get("salary").is_none());
    assert!(keys(e).iter().all(|k| !k.starts_with("/payroll/salary")));
    // Work contact details are not in the default set.
    assert!(e["work"].get("workPhone").is_none());
}

#[tokio::test]
async fn permitted_but_empty_is_nested_null_without_slash_key() {
    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(40)).await;
    let emps = search(
        &sim,
        json!({"fields": ["root.id", "root.avatarUrl", "internal.terminationDate", "internal.lifecycleStatus"]}),
    )
    .await;
    assert!(!emps.is_empty());
    for e in &emps {
        // avatarUrl is never set in the sim.
        assert!(
            e["avatarUrl"].is_null() && e.get("avatarUrl").is_some(),
            "{e}"
        );
        assert!(e.get("/root/avatarUrl").is_none());
        if e["internal"]["lifecycleStatus"] == "employed" {
            assert!(e["internal"].get("terminationDate").is_some());
            assert!(e["internal"]["terminationDate"].is_null());
            assert!(e.get("/internal/terminationDate").is_none());
        }
    }
}

#[tokio::test]
async fn unknown_fields_are_silently_dropped() {
    let sim = started(SimConfig::preset(Preset::Full).employees(10)).await;
    let emps = search(
        &sim,
        json!({"fields": ["root.id", "work.doesNotExist", "/root/id"]}),
    )
    .await;
    assert_eq!(emps.len(), search(&sim, json!({})).await.len());
    for e in &emps {
        assert_eq!(keys(e), vec!["/root/id".to_owned(), "id".to_owned()]);
    }
}

#[tokio::test]
async fn full_birth_date_and_age_need_edit() {
    let sim = started(SimConfig::preset(Preset::Full).employees(10)).await;
    let fields =
        json!({"fields": ["personal.birthDate", "personal.age", "personal.shortBirthDate"]});
    let e = &search(&sim, fields.clone()).await[0];
    assert!(e["personal"]["birthDate"].is_string());
    assert!(e["personal"]["age"].is_number());

    sim.revoke(&sim.service_user_id(), "people.personal.edit")
        .unwrap();
    let e = &search(&sim, fields).await[0];
    assert!(e["personal"]["shortBirthDate"].is_string(), "{e}");
    assert!(e["personal"].get("birthDate").is_none());
    assert!(e["personal"].get("age").is_none());
}

async fn statuses(sim: &hibob_sim::SimServer, show_inactive: bool) -> Vec<(String, String)> {
    search(
        sim,
        json!({"fields": LIFECYCLE_FIELDS, "showInactive": show_inactive}),
    )
    .await
    .iter()
    .map(|e| {
        (
            e["internal"]["lifecycleStatus"]
                .as_str()
                .unwrap()
                .to_owned(),
            e["internal"]["status"].as_str().unwrap().to_owned(),
        )
    })
    .collect()
}

#[tokio::test]
async fn show_inactive_false_drops_hired_and_terminated() {
    let sim = started(SimConfig::preset(Preset::Full).employees(600)).await;
    let all = statuses(&sim, true).await;
    let active = statuses(&sim, false).await;
    assert_eq!(all.len(), 600);
    assert!(all.iter().any(|(l, _)| l == "hired"));
    assert!(all.iter().any(|(l, _)| l == "terminated"));
    assert!(active.len() < all.len());
    assert!(active
        .iter()
        .all(|(l, s)| l != "hired" && l != "terminated" && s == "Active"));
    let expected_active = all.iter().filter(|(_, s)| s == "Active").count();
    assert_eq!(active.len(), expected_active);
}

#[tokio::test]
async fn no_terminated_scope_hides_terminated_even_with_show_inactive() {
    let full = started(SimConfig::preset(Preset::Full).employees(500)).await;
    let terminated = statuses(&full, true)
        .await
        .iter()
        .filter(|(l, _)| l == "terminated")
        .count();
    assert!(terminated > 0);

    let sim = started(SimConfig::preset(Preset::NoTerminated).employees(500)).await;
    let seen = statuses(&sim, true).await;
    assert!(seen.iter().all(|(l, _)| l != "terminated"));
    assert_eq!(seen.len(), 500 - terminated);
}

#[tokio::test]
async fn scope_applies_without_lifecycle_permission() {
    // The demo preset cannot read internal.* but the scope still filters people.
    let sim = started(SimConfig::preset(Preset::Demo).employees(300)).await;
    let emps = search(&sim, json!({"showInactive": true})).await;
    assert!(!emps.is_empty() && emps.len() < 300);
    assert!(emps.iter().all(|e| e.get("internal").is_none()));
}

#[tokio::test]
async fn no_group_gets_empty_list_but_fields_work() {
    let sim = started(SimConfig::preset(Preset::NoGroup).employees(20)).await;
    let (status, body) = post_json(&sim, "/people/search", &json!({"showInactive": true})).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"employees": []}));
    let (status, fields) = get_json(&sim, "/company/people/fields").await;
    assert_eq!(status, 200);
    assert!(fields.as_array().unwrap().len() > 40);
}

#[tokio::test]
async fn field_metadata_shape() {
    let sim = started(SimConfig::preset(Preset::NoGroup).employees(5)).await;
    let (_, fields) = get_json(&sim, "/company/people/fields").await;
    let fields = fields.as_array().unwrap();
    let by_id = |id: &str| fields.iter().find(|f| f["id"] == id).unwrap().clone();
    let dept = by_id("work.department");
    assert_eq!(dept["categoryId"], "work");
    assert_eq!(dept["type"], "list");
    assert_eq!(dept["typeData"]["listId"], "department");
    assert_eq!(dept["historical"], true);
    assert_eq!(by_id("root.id")["jsonPath"], "id");
    assert_eq!(by_id("work.custom.field_1700000001")["name"], "Cost centre");
    assert_eq!(
        by_id("about.custom.field_1700000002")["categoryId"],
        "about"
    );
    assert_eq!(by_id("financial.iban")["categoryDisplayName"], "Financial");
    for f in fields {
        for k in [
            "id",
            "name",
            "categoryId",
            "categoryDisplayName",
            "description",
            "jsonPath",
            "type",
            "historical",
        ] {
            assert!(f.get(k).is_some(), "{k} missing in {f}");
        }
    }
}

#[tokio::test]
async fn validation_errors_are_400_with_key_and_error() {
    let sim = started(SimConfig::preset(Preset::Full).employees(5)).await;
    let many: Vec<String> = (0..401).map(|i| format!("root.f{i}")).collect();
    let filter = |path: &str, op: &str, values: Value| json!({"fieldPath": path, "operator": op, "values": values});
    let cases = vec![
        json!({"fields": many}),
        json!({"filters": []}),
        json!({"filters": {}}),
        json!({"filters": [filter("root.id", "equals", json!(["1"])), filter("root.id", "equals", json!(["2"]))]}),
        json!({"filters": [filter("root.displayName", "equals", json!(["x"]))]}),
        json!({"filters": [filter("root.id", "contains", json!(["1"]))]}),
        json!({"filters": [filter("root.email", "equals", json!([]))]}),
    ];
    for body in cases {
        let (status, v) = post_json(&sim, "/people/search", &body).await;
        assert_eq!(status, 400, "{body}");
        assert!(v["key"].is_string() && v["error"].is_string(), "{v}");
    }
    let resp = client()
        .post(format!("{}/people/search", sim.base_url()))
        .basic_auth(sim.service_user_id(), Some(sim.token()))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    // Exactly 400 fields is fine.
    let ok: Vec<String> = (0..400).map(|_| "root.id".to_owned()).collect();
    assert_eq!(
        post_json(&sim, "/people/search", &json!({"fields": ok}))
            .await
            .0,
        200
    );
    // An empty body means "all defaults".
    let resp = client()
        .post(format!("{}/people/search", sim.base_url()))
        .basic_auth(sim.service_user_id(), Some(sim.token()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn filters_by_id_and_email() {
    let sim = started(SimConfig::preset(Preset::Full).employees(50)).await;
    let all = search(
        &sim,
        json!({"fields": ["root.id", "root.email"], "showInactive": true}),
    )
    .await;
    let a = &all[3];
    let b = &all[7];
    let by_id = search(
        &sim,
        json!({"fields": ["root.id"], "showInactive": true,
               "filters": [{"fieldPath": "root.id", "operator": "equals", "values": [a["id"], b["id"], "3001999999999999999"]}]}),
    )
    .await;
    let ids: HashSet<_> = by_id.iter().map(|e| e["id"].clone()).collect();
    assert_eq!(ids, HashSet::from([a["id"].clone(), b["id"].clone()]));
    let by_mail = search(
        &sim,
        json!({"fields": ["root.id"], "showInactive": true,
               "filters": [{"fieldPath": "root.email", "operator": "equals",
                            "values": [a["email"].as_str().unwrap().to_uppercase()]}]}),
    )
    .await;
    assert_eq!(by_mail.len(), 1);
    assert_eq!(by_mail[0]["id"], a["id"]);
}

#[tokio::test]
async fn human_readable_modes() {
    let sim = started(SimConfig::preset(Preset::Full).employees(30)).await;
    let (_, depts) = get_json(&sim, "/company/named-lists/department").await;
    let fields = json!([
        "root.id",
        "work.department",
        "work.startDate",
        "work.reportsTo",
        "work.isManager",
        "internal.lifecycleStatus"
    ]);

    let emps = search(&sim, json!({"fields": fields, "humanReadable": "APPEND"})).await;
    let e = emps
        .iter()
        .find(|e| !e["work"]["reportsTo"].is_null())
        .unwrap();
    let dept_id = e["work"]["department"].as_str().unwrap();
    let dept_name = depts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == dept_id)
        .unwrap()["name"]
        .clone();
    let hr = &e["humanReadable"];
    assert_eq!(hr["work"]["department"], dept_name);
    assert_eq!(
        hr["work"]["reportsTo"],
        e["work"]["reportsTo"]["displayName"]
    );
    let machine_date = e["work"]["startDate"].as_str().unwrap();
    let (y, rest) = machine_date.split_once('-').unwrap();
    let (m, d) = rest.split_once('-').unwrap();
    assert_eq!(hr["work"]["startDate"], format!("{d}/{m}/{y}"));
    assert!(matches!(
        hr["work"]["isManager"].as_str(),
        Some("Yes" | "No")
    ));
    assert_eq!(e["/work/department"]["value"], dept_id);

    let emps = search(&sim, json!({"fields": fields, "humanReadable": "REPLACE"})).await;
    for e in &emps {
        assert!(keys(e).iter().all(|k| !k.starts_with('/')), "{e}");
        assert!(e.get("humanReadable").is_none());
        assert!(e["work"]["startDate"].as_str().unwrap().contains('/'));
    }
    let ceo = emps
        .iter()
        .find(|e| e["work"]["reportsTo"].is_null())
        .unwrap();
    assert!(ceo["work"].get("reportsTo").is_some());

    // Unknown values are ignored: same as machine format.
    let emps = search(
        &sim,
        json!({"fields": fields, "humanReadable": "SOMETIMES"}),
    )
    .await;
    assert!(emps[0].get("humanReadable").is_none());
    assert!(emps[0].get("/root/id").is_some());
}

#[tokio::test]
async fn machine_value_formats() {
    let sim = started(SimConfig::preset(Preset::Full).employees(40)).await;
    let emps = search(
        &sim,
        json!({"fields": ["root.id", "work.site", "work.siteId", "work.title", "internal.status",
                          "internal.lifecycleStatus", "payroll.salary.payment", "work.custom.field_1700000001"],
               "showInactive": true}),
    )
    .await;
    let valid_lifecycle: HashSet<&str> = LifecycleStatus::ALL
        .iter()
        .map(|s| s.machine_id())
        .collect();
    for e in &emps {
        let id = e["id"].as_str().unwrap();
        assert_eq!(id.len(), 19);
        assert!(id.bytes().all(|b| b.is_ascii_digit()));
        assert!(e["work"]["siteId"].is_u64());
        assert!(e["work"]["site"].is_string());
        assert!(e["work"]["title"]
            .as_str()
            .unwrap()
            .bytes()
            .all(|b| b.is_ascii_digit()));
        assert!(matches!(
            e["internal"]["status"].as_str(),
            Some("Active" | "Inactive")
        ));
        assert!(valid_lifecycle.contains(e["internal"]["lifecycleStatus"].as_str().unwrap()));
        assert!(e["payroll"]["salary"]["payment"]["value"].is_u64());
        assert!(e["payroll"]["salary"]["payment"]["currency"].is_string());
        assert!(e["work"]["custom"]["field_1700000001"].is_string());
        assert!(e["/work/custom/field_1700000001"]["value"].is_string());
    }
}

#[tokio::test]
async fn read_one_by_id_and_email() {
    let sim = started(SimConfig::preset(Preset::Full).employees(80)).await;
    let all = search(&sim, json!({"fields": LIFECYCLE_FIELDS.iter().chain(&["root.email"]).collect::<Vec<_>>(), "showInactive": true})).await;
    let employed = all
        .iter()
        .find(|e| e["internal"]["lifecycleStatus"] == "employed")
        .unwrap();
    let id = employed["id"].as_str().unwrap();
    let (status, one) = post_json(
        &sim,
        &format!("/people/{id}"),
        &json!({"fields": ["root.id", "work.title"]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(one["id"], id);
    assert!(one["/work/title"]["value"].is_string());

    let email = employed["email"].as_str().unwrap();
    let (status, one) = post_json(&sim, &format!("/people/{email}"), &json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(one["id"], id);

    let (status, body) = post_json(&sim, "/people/3001999999999999999", &json!({})).await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());

    let gone = all
        .iter()
        .find(|e| e["internal"]["lifecycleStatus"] == "terminated")
        .unwrap();
    let path = format!("/people/{}", gone["id"].as_str().unwrap());
    assert_eq!(post_json(&sim, &path, &json!({})).await.0, 404);
    assert_eq!(
        post_json(&sim, &path, &json!({"showInactive": true}))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn messy_data_has_gaps_and_duplicates() {
    let sim = started(SimConfig::preset(Preset::Demo).employees(3000)).await;
    // Widen the demo scope so every generated person is counted.
    sim.set_permissions(&sim.service_user_id(), Some(PermissionGroup::everything()))
        .unwrap();
    let emps = search(&sim, json!({"fields": ["root.id", "root.email", "work.department", "work.site"], "showInactive": true})).await;
    assert_eq!(emps.len(), 3000);
    let missing = emps.iter().filter(|e| e["email"].is_null()).count();
    let mut seen = HashSet::new();
    let dupes = emps
        .iter()
        .filter_map(|e| e["email"].as_str())
        .filter(|m| !seen.insert(m.to_owned()))
        .count();
    let no_dept = emps
        .iter()
        .filter(|e| e["work"]["department"].is_null())
        .count();
    assert!((10..=60).contains(&missing), "{missing}");
    assert!(dupes >= 3, "{dupes}");
    assert!(no_dept >= 1, "{no_dept}");

    let clean = started(SimConfig::preset(Preset::Full).employees(3000)).await;
    let emps = search(
        &clean,
        json!({"fields": ["root.email"], "showInactive": true}),
    )
    .await;
    let emails: HashSet<_> = emps
        .iter()
        .map(|e| e["email"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(emails.len(), 3000);
}

#[tokio::test]
async fn access_change_at_run_time() {
    let sim = started(SimConfig::preset(Preset::Full).employees(200)).await;
    sim.set_access(
        &sim.service_user_id(),
        Access::LifecycleStatuses([LifecycleStatus::Employed].into_iter().collect()),
    )
    .unwrap();
    let seen = statuses(&sim, true).await;
    assert!(!seen.is_empty());
    assert!(seen.iter().all(|(l, _)| l == "employed"));
}
