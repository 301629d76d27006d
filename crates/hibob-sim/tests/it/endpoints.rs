//! Non-search endpoints: permission gates, tables, bulk pagination, docs, time off.

use crate::util::*;
use hibob_sim::{PermissionGroup, Preset, SimConfig};
use serde_json::{json, Value};

async fn some_ids(sim: &hibob_sim::SimServer) -> Vec<(String, String)> {
    search(
        sim,
        json!({"fields": LIFECYCLE_FIELDS, "showInactive": true}),
    )
    .await
    .iter()
    .map(|e| {
        (
            e["id"].as_str().unwrap().to_owned(),
            e["internal"]["lifecycleStatus"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    })
    .collect()
}

#[tokio::test]
async fn each_endpoint_is_403_without_its_permission_and_200_with_it() {
    let sim = started(SimConfig::preset(Preset::Full).employees(40)).await;
    let user = sim.service_user_id();
    let ids = some_ids(&sim).await;
    let id = &ids.iter().find(|(_, l)| l == "employed").unwrap().0;
    // (path, keys that must all be missing for a 403, key that re-enables it)
    let cases: Vec<(String, Vec<&str>, &str)> = vec![
        (
            format!("/people/{id}/work"),
            vec!["people.work.view", "people.work.history"],
            "people.work.view",
        ),
        (
            format!("/people/{id}/employment"),
            vec!["people.employment.view", "people.employment.history"],
            "people.employment.view",
        ),
        (
            format!("/people/{id}/lifecycle"),
            vec!["people.lifecycle.history"],
            "people.lifecycle.history",
        ),
        (
            format!("/people/{id}/salaries"),
            vec!["people.payroll.history"],
            "people.payroll.history",
        ),
        (
            format!("/people/{id}/bank-accounts"),
            vec!["people.financial.view"],
            "people.financial.view",
        ),
        (
            "/bulk/people/work?limit=5".into(),
            vec!["people.work.view", "people.work.history"],
            "people.work.history",
        ),
        (
            "/bulk/people/employment".into(),
            vec!["people.employment.view", "people.employment.history"],
            "people.employment.view",
        ),
        (
            "/bulk/people/lifecycle".into(),
            vec!["people.lifecycle.history"],
            "people.lifecycle.history",
        ),
        (
            "/bulk/people/salaries".into(),
            vec!["people.payroll.history"],
            "people.payroll.history",
        ),
        (
            format!("/docs/people/{id}"),
            vec![
                "docs.shared.view",
                "docs.confidential.view",
                "docs.payslips.view",
            ],
            "docs.confidential.view",
        ),
        (
            "/timeoff/whosout?from=2020-01-01&to=2040-01-01".into(),
            vec!["timeoff.whos_out.view"],
            "timeoff.whos_out.view",
        ),
        (
            "/timeoff/outtoday".into(),
            vec!["timeoff.whos_out.view"],
            "timeoff.whos_out.view",
        ),
        (
            "/timeoff/policy-types".into(),
            vec!["features.timeoff.settings"],
            "features.timeoff.settings",
        ),
        (
            format!("/timeoff/employees/{id}/balance?policyType=Holiday&date=2026-06-30"),
            vec!["timeoff.balance.view"],
            "timeoff.balance.view",
        ),
        (
            "/tasks".into(),
            vec!["people.tasks.view"],
            "people.tasks.view",
        ),
        (
            "/company/reports".into(),
            vec!["features.reports.view"],
            "features.reports.view",
        ),
    ];
    for (path, missing, enabling) in cases {
        let mut group = PermissionGroup::everything();
        for k in &missing {
            group.grants.remove(*k);
        }
        sim.set_permissions(&user, Some(group)).unwrap();
        let (status, body) = get_json(&sim, &path).await;
        assert_eq!(status, 403, "{path} without {missing:?}: {body}");
        assert_eq!(body["key"], "forbidden", "{path}");

        sim.grant(&user, enabling).unwrap();
        let (status, body) = get_json(&sim, &path).await;
        assert_eq!(status, 200, "{path} with {enabling}: {body}");
    }
}

#[tokio::test]
async fn metadata_endpoints_need_no_permission() {
    let sim = started(SimConfig::preset(Preset::NoGroup).employees(10)).await;
    for path in [
        "/company/people/fields",
        "/company/named-lists",
        "/company/named-lists/department",
    ] {
        assert_eq!(get_json(&sim, path).await.0, 200, "{path}");
    }
    let (_, lists) = get_json(&sim, "/company/named-lists").await;
    for name in ["department", "title", "site", "lifecycleStatus", "status"] {
        let list = &lists[name];
        assert_eq!(list["name"], name);
        assert_eq!(list["values"], list["items"]);
        let item = &list["items"][0];
        for k in ["id", "value", "name", "archived", "children"] {
            assert!(item.get(k).is_some(), "{name}: {item}");
        }
    }
    // Names are case-sensitive.
    assert_eq!(
        get_json(&sim, "/company/named-lists/Department").await.0,
        404
    );
    assert_eq!(get_json(&sim, "/company/named-lists/nope").await.0, 404);
    // Two answers a live tenant gave that are not the API: a wrong path is a web page with 200,
    // and a GET with a JSON content type is a web page with 400.
    let page = get(&sim, "/no/such/route").await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let refused = crate::util::client()
        .get(format!("{}/people/1/bank-accounts", sim.base_url()))
        .basic_auth(sim.service_user_id(), Some(sim.token()))
        .header("Content-Type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert!(refused.text().await.unwrap().starts_with("<!DOCTYPE html>"));
}

#[tokio::test]
async fn view_without_history_returns_current_row_only() {
    let sim = started(SimConfig::preset(Preset::Full).employees(150)).await;
    // Find someone with several work rows.
    let (_, bulk) = get_json(&sim, "/bulk/people/work?limit=200").await;
    let multi = bulk["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["values"].as_array().unwrap().len() > 1)
        .unwrap();
    let id = multi["employeeId"].as_str().unwrap();
    let (_, all) = get_json(&sim, &format!("/people/{id}/work")).await;
    let rows = all["values"].as_array().unwrap();
    assert!(rows.len() > 1);
    assert_eq!(rows.iter().filter(|r| r["isCurrent"] == true).count(), 1);
    for r in rows {
        for k in [
            "id",
            "effectiveDate",
            "endEffectiveDate",
            "isCurrent",
            "title",
            "department",
            "site",
            "siteId",
            "reportsTo",
        ] {
            assert!(r.get(k).is_some(), "{k}: {r}");
        }
    }

    sim.revoke(&sim.service_user_id(), "people.work.history")
        .unwrap();
    let (status, cur) = get_json(&sim, &format!("/people/{id}/work")).await;
    assert_eq!(status, 200);
    let cur = cur["values"].as_array().unwrap();
    assert_eq!(cur.len(), 1);
    assert_eq!(cur[0]["isCurrent"], true);
    assert_eq!(&cur[0], rows.last().unwrap());
}

#[tokio::test]
async fn employee_outside_scope_is_403_and_unknown_is_404() {
    let sim = started(SimConfig::preset(Preset::NoTerminated).employees(200)).await;
    let full = started(SimConfig::preset(Preset::Full).employees(200)).await;
    let ids = some_ids(&full).await;
    let gone = &ids.iter().find(|(_, l)| l == "terminated").unwrap().0;
    for suffix in [
        "work",
        "employment",
        "lifecycle",
        "salaries",
        "bank-accounts",
    ] {
        assert_eq!(
            get_json(&sim, &format!("/people/{gone}/{suffix}")).await.0,
            403,
            "{suffix}"
        );
        assert_eq!(
            get_json(&sim, &format!("/people/3001999999999999999/{suffix}"))
                .await
                .0,
            404
        );
    }
    assert_eq!(get_json(&sim, &format!("/docs/people/{gone}")).await.0, 403);
    assert_eq!(
        get_json(
            &sim,
            &format!("/timeoff/employees/{gone}/balance?policyType=Sick&date=2026-06-30")
        )
        .await
        .0,
        403
    );

    // In bulk calls they become per-employee errors instead.
    let ok = &ids.iter().find(|(_, l)| l == "employed").unwrap().0;
    let (status, body) = get_json(
        &sim,
        &format!("/bulk/people/work?employeeIds={ok},{gone},3001999999999999999"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["results"].as_array().unwrap().len(), 1);
    assert_eq!(body["results"][0]["employeeId"], ok.as_str());
    // One entry per employee, keyed by its ID, as HiBob's description has it.
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{body}");
    let denied = errors
        .iter()
        .find_map(|e| e.get(gone.as_str()))
        .expect("the out-of-scope employee is reported");
    assert_eq!(denied["error"], "MISSING_PERMISSION");
    assert!(denied["message"].as_str().unwrap().contains(gone.as_str()));
    let unknown = errors
        .iter()
        .find_map(|e| e.get("3001999999999999999"))
        .expect("the unknown employee is reported");
    assert_eq!(unknown["error"], "NOT_FOUND");
}

#[tokio::test]
async fn bulk_pagination_and_limits() {
    let sim = started(SimConfig::preset(Preset::Full).employees(450)).await;
    for bad in ["limit=0", "limit=201", "limit=abc", "cursor=!!notacursor"] {
        let (status, body) = get_json(&sim, &format!("/bulk/people/employment?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    // `limit` counts rows: one employee's rows may go on on the next page (a small limit makes
    // that happen often).
    const LIMIT: usize = 7;
    let mut cursor: Option<String> = None;
    let mut seen: Vec<String> = Vec::new();
    let mut split = 0;
    let mut pages = 0;
    let mut total_rows = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/bulk/people/employment?limit={LIMIT}&cursor={c}"),
            None => format!("/bulk/people/employment?limit={LIMIT}"),
        };
        let (status, body) = get_json(&sim, &path).await;
        assert_eq!(status, 200);
        pages += 1;
        let results = body["results"].as_array().unwrap();
        let rows: usize = results
            .iter()
            .map(|r| r["values"].as_array().unwrap().len())
            .sum();
        assert!(rows <= LIMIT, "page {pages} holds {rows} rows");
        total_rows += rows;
        for (i, r) in results.iter().enumerate() {
            let id = r["employeeId"].as_str().unwrap().to_owned();
            if i == 0 && seen.last() == Some(&id) {
                split += 1;
            } else {
                assert!(!seen.contains(&id), "{id} listed twice");
                seen.push(id);
            }
            let row = &r["values"][0];
            for k in [
                "id",
                "effectiveDate",
                "endEffectiveDate",
                "isCurrent",
                "contract",
                "type",
                "weeklyHours",
                "fte",
                "salaryPayType",
            ] {
                assert!(row.get(k).is_some(), "{k}");
            }
        }
        match &body["response_metadata"]["next_cursor"] {
            Value::String(c) => cursor = Some(c.clone()),
            Value::Null => break,
            other => panic!("bad cursor {other}"),
        }
    }
    assert_eq!(seen.len(), 450);
    assert!(total_rows > 450, "some employees have a history");
    assert_eq!(
        pages,
        total_rows.div_ceil(LIMIT),
        "every page but the last is full"
    );
    assert!(split > 0, "no employee's rows went on to the next page");
    let (_, default_page) = get_json(&sim, "/bulk/people/salaries").await;
    let rows: usize = default_page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["values"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows, 50);
    let sal = &default_page["results"][0]["values"][0];
    assert!(sal["base"]["value"].is_u64() && sal["base"]["currency"].is_string());
    let (_, life) = get_json(&sim, "/bulk/people/lifecycle?limit=1").await;
    let row = &life["results"][0]["values"][0];
    for k in [
        "id",
        "effectiveDate",
        "endEffectiveDate",
        "isCurrent",
        "status",
        "employeeStatus",
        "reasonType",
    ] {
        assert!(row.get(k).is_some(), "{k}");
    }
}

#[tokio::test]
async fn docs_only_from_permitted_folders_and_never_naming_one() {
    let sim = started(SimConfig::preset(Preset::Full).employees(30)).await;
    let ids = some_ids(&sim).await;
    let id = &ids.iter().find(|(_, l)| l == "employed").unwrap().0;
    let names = |v: &Value| -> Vec<String> {
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["documentName"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, all) = get_json(&sim, &format!("/docs/people/{id}")).await;
    assert_eq!(names(&all).len(), 4, "{all}");
    // HiBob's documented shape: a name and a link, no folder.
    for document in all["documents"].as_array().unwrap() {
        let keys: Vec<&String> = document.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["documentName", "downloadLink"], "{document}");
    }
    sim.revoke(&sim.service_user_id(), "docs.confidential.view")
        .unwrap();
    sim.revoke(&sim.service_user_id(), "docs.payslips.view")
        .unwrap();
    let (_, some) = get_json(&sim, &format!("/docs/people/{id}")).await;
    assert_eq!(
        names(&some),
        vec!["Employee handbook (signed).pdf".to_owned()]
    );
}

#[tokio::test]
async fn time_off_endpoints() {
    let sim = started(SimConfig::preset(Preset::Full).employees(300)).await;
    let (_, types) = get_json(&sim, "/timeoff/policy-types").await;
    assert_eq!(types, json!({"policyTypes": ["Holiday", "Sick"]}));

    let wide = "/timeoff/whosout?from=2000-01-01&to=2100-01-01";
    let (_, public) = get_json(&sim, wide).await;
    let (_, with_private) = get_json(&sim, &format!("{wide}&includePrivate=true")).await;
    let n_public = public["outs"].as_array().unwrap().len();
    let n_private = with_private["outs"].as_array().unwrap().len();
    assert!(n_public > 0 && n_private > n_public);
    assert!(public["outs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["policyTypeDisplayName"] == "Holiday"));
    sim.revoke(&sim.service_user_id(), "timeoff.whos_out.private")
        .unwrap();
    let (_, again) = get_json(&sim, &format!("{wide}&includePrivate=true")).await;
    assert_eq!(again["outs"].as_array().unwrap().len(), n_public);

    assert_eq!(get_json(&sim, "/timeoff/whosout").await.0, 400);
    let (status, today) = get_json(&sim, "/timeoff/outtoday").await;
    assert_eq!(status, 200);
    assert!(today["outs"].is_array());
    // Out-today rows use the spec's own names, and the day asked for counts.
    let wide_rows = public["outs"].as_array().unwrap();
    let day = wide_rows[0]["startDate"].as_str().unwrap();
    let (_, that_day) = get_json(&sim, &format!("/timeoff/outtoday?today={day}")).await;
    let row = &that_day["outs"][0];
    for key in [
        "startDatePortion",
        "endDatePortion",
        "requestRangeType",
        "visibility",
    ] {
        assert!(row.get(key).is_some(), "{key}: {row}");
    }
    assert!(row.get("startPortion").is_none());
    assert!(wide_rows[0]["visibility"].is_string() && wide_rows[0]["policyType"].is_string());
    assert_eq!(get_json(&sim, "/timeoff/outtoday?today=soon").await.0, 400);

    let ids = some_ids(&sim).await;
    let id = &ids[1].0;
    let (status, bal) = get_json(
        &sim,
        &format!("/timeoff/employees/{id}/balance?policyType=Holiday&date=2025-06-30"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(bal["employeeId"], id.as_str());
    assert!(bal["totalBalanceAsOfDate"].is_number());
    assert_eq!(bal["pointInTime"], "2025-06-30");
    assert_eq!(bal["policy"], "Holiday");
    assert_eq!(
        get_json(&sim, &format!("/timeoff/employees/{id}/balance"))
            .await
            .0,
        400
    );
    // The date is required, as HiBob's spec says.
    assert_eq!(
        get_json(
            &sim,
            &format!("/timeoff/employees/{id}/balance?policyType=Holiday")
        )
        .await
        .0,
        400
    );
}

#[tokio::test]
async fn tasks_are_the_open_ones_of_people_in_scope() {
    let sim = started(SimConfig::preset(Preset::Full).employees(300)).await;
    let (status, body) = get_json(&sim, "/tasks").await;
    assert_eq!(status, 200);
    let tasks = body["tasks"].as_array().unwrap();
    assert!(!tasks.is_empty(), "{body}");
    let ids = some_ids(&sim).await;
    for task in tasks {
        assert_eq!(task["status"], "Open");
        assert!(task["title"].is_string() && task["id"].is_u64(), "{task}");
        let person = task["requestedFor"]["id"].as_str().unwrap();
        let (_, lifecycle) = ids.iter().find(|(id, _)| id == person).unwrap();
        assert!(
            ["hired", "garden_leave"].contains(&lifecycle.as_str()),
            "{lifecycle}"
        );
        assert!(task["owner"]["displayName"].is_string());
    }

    // Nobody's tasks outside the data scope: without future starters, no onboarding tasks.
    sim.set_access(
        &sim.service_user_id(),
        hibob_sim::Access::LifecycleStatuses([hibob_sim::LifecycleStatus::Employed].into()),
    )
    .unwrap();
    let (status, body) = get_json(&sim, "/tasks").await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({"tasks": []}));
}

#[tokio::test]
async fn reports_are_listed_only_for_categories_the_group_may_view() {
    let sim = started(SimConfig::preset(Preset::Full).employees(40)).await;
    let names = |body: &Value| -> Vec<String> {
        body["views"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, all) = get_json(&sim, "/company/reports").await;
    assert_eq!(status, 200);
    assert_eq!(names(&all).len(), 4);
    assert!(all["views"][0]["id"].is_u64());
    sim.revoke(&sim.service_user_id(), "people.payroll.view")
        .unwrap();
    let (_, fewer) = get_json(&sim, "/company/reports").await;
    assert!(!names(&fewer).contains(&"Salary review".to_owned()));
    assert_eq!(names(&fewer).len(), 3);
}
