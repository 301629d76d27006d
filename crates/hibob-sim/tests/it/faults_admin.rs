//! Fault injection, the admin API, run-time mutations and generator determinism.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::util::*;
use hibob_sim::{Faults, Preset, SimConfig, SimServer};
use serde_json::{json, Value};

#[tokio::test]
async fn fail_next_and_rate_limit_next_count_down() {
    let sim = started(SimConfig::preset(Preset::Full).employees(5)).await;
    sim.set_faults(Faults {
        fail_next: 2,
        ..Faults::default()
    });
    assert_eq!(get(&sim, "/company/people/fields").await.status(), 503);
    assert_eq!(get(&sim, "/company/people/fields").await.status(), 503);
    assert_eq!(get(&sim, "/company/people/fields").await.status(), 200);
    assert_eq!(sim.faults().fail_next, 0);

    sim.set_faults(Faults {
        rate_limit_next: 1,
        retry_after_secs: Some(7),
        ..Faults::default()
    });
    let resp = get(&sim, "/company/people/fields").await;
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "7");
    assert!(resp.headers().contains_key("x-ratelimit-reset"));

    sim.set_faults(Faults {
        rate_limit_next: 1,
        ..Faults::default()
    });
    let resp = get(&sim, "/company/people/fields").await;
    assert_eq!(resp.status(), 429);
    assert!(!resp.headers().contains_key("retry-after"));
    assert_eq!(resp.headers()["x-ratelimit-remaining"], "0");

    // Injected faults come before authentication.
    sim.set_faults(Faults {
        fail_next: 1,
        ..Faults::default()
    });
    let resp = client()
        .get(format!("{}/company/people/fields", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 503);
    let last = sim.requests().last().unwrap().clone();
    assert_eq!((last.status, last.authenticated), (503, false));
}

#[tokio::test]
async fn credentials_and_permissions_can_be_withdrawn_after_some_requests() {
    let sim = started(SimConfig::preset(Preset::Full).employees(5)).await;
    sim.set_faults(Faults {
        unauthorized_after: Some(2),
        ..Faults::default()
    });
    let statuses = [
        get(&sim, "/company/people/fields").await.status(),
        get(&sim, "/company/people/fields").await.status(),
        get(&sim, "/company/people/fields").await.status(),
        get(&sim, "/company/people/fields").await.status(),
    ];
    assert_eq!(statuses.map(|s| s.as_u16()), [200, 200, 401, 401]);

    sim.set_faults(Faults {
        forbidden_after: Some(1),
        ..Faults::default()
    });
    assert_eq!(get(&sim, "/company/people/fields").await.status(), 200);
    let (status, body) = get_json(&sim, "/company/people/fields").await;
    assert_eq!(status, 403);
    assert_eq!(body["key"], "forbidden");
    // Clearing the fault gives the service user back.
    sim.set_faults(Faults::default());
    assert_eq!(get(&sim, "/company/people/fields").await.status(), 200);
}

#[tokio::test]
async fn error_rate_is_seeded_and_deterministic() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sim = started(SimConfig::preset(Preset::Full).employees(3)).await;
        sim.set_faults(Faults {
            error_rate: 0.5,
            ..Faults::default()
        });
        let mut statuses = Vec::new();
        for _ in 0..40 {
            statuses.push(get(&sim, "/company/people/fields").await.status().as_u16());
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    let errors = runs[0].iter().filter(|s| **s == 500).count();
    assert!((8..=32).contains(&errors), "{errors}");
    let sim = started(SimConfig::preset(Preset::Full).employees(3)).await;
    sim.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    assert_eq!(get(&sim, "/timeoff/policy-types").await.status(), 500);
}

#[tokio::test]
async fn body_faults_are_observable() {
    let sim = started(SimConfig::preset(Preset::Full).employees(50)).await;
    let body = json!({"fields": ["root.id", "root.displayName"]});
    let normal = post_raw(&sim, "/people/search", &body)
        .await
        .bytes()
        .await
        .unwrap();

    // Truncated: the header promises the full size, the connection ends early.
    sim.set_faults(Faults {
        truncate_body: true,
        ..Faults::default()
    });
    let resp = post_raw(&sim, "/people/search", &body).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.content_length(), Some(normal.len() as u64));
    assert!(resp.bytes().await.is_err());

    sim.set_faults(Faults {
        malformed_body: true,
        ..Faults::default()
    });
    let resp = post_raw(&sim, "/people/search", &body).await;
    let declared = resp.content_length();
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(declared, Some(bytes.len() as u64));
    assert!(serde_json::from_slice::<Value>(&bytes).is_err());

    sim.set_faults(Faults {
        slow_body_ms: 40,
        ..Faults::default()
    });
    let t = Instant::now();
    let bytes = post_raw(&sim, "/people/search", &body)
        .await
        .bytes()
        .await
        .unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(7 * 40),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(bytes, normal);

    sim.set_faults(Faults {
        oversize_body_bytes: Some(2_000_000),
        ..Faults::default()
    });
    let bytes = post_raw(&sim, "/people/search", &body)
        .await
        .bytes()
        .await
        .unwrap();
    assert!(
        bytes.len() >= 1_999_000 && bytes.len() <= 2_001_000,
        "{}",
        bytes.len()
    );
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["employees"], json!([]));

    // Error responses are left alone.
    sim.set_faults(Faults {
        malformed_body: true,
        ..Faults::default()
    });
    let (status, v) = get_json(&sim, "/company/named-lists/nope").await;
    assert_eq!(status, 404);
    assert!(v["error"].is_string());

    sim.set_faults(Faults {
        latency_ms: 150,
        ..Faults::default()
    });
    let t = Instant::now();
    assert_eq!(get(&sim, "/company/people/fields").await.status(), 200);
    assert!(t.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn faults_never_touch_the_admin_api() {
    let sim = started(SimConfig::preset(Preset::Full).employees(5)).await;
    sim.set_faults(Faults {
        fail_next: 5,
        latency_ms: 2_000,
        malformed_body: true,
        ..Faults::default()
    });
    let t = Instant::now();
    let resp = client()
        .get(format!("{}/state", sim.admin_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(t.elapsed() < Duration::from_millis(1_500));
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["faults"]["fail_next"], 5);
    assert!(sim.requests().is_empty(), "admin calls are not logged");
}

async fn admin(
    sim: &hibob_sim::SimServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client().request(method, format!("{}{path}", sim.admin_url()));
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

#[tokio::test]
async fn admin_api_changes_behaviour_at_run_time() {
    use reqwest::Method;
    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(20)).await;
    let user = sim.service_user_id();
    let id = search(&sim, json!({"fields": ["root.id"]})).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lifecycle = format!("/people/{id}/lifecycle");

    let (status, state) = admin(&sim, Method::GET, "/state", None).await;
    assert_eq!(status, 200);
    assert!(
        !state.to_string().contains(&sim.token()),
        "state must not leak tokens"
    );
    assert_eq!(state["employee_count"], 20);
    assert_eq!(state["service_users"].as_array().unwrap().len(), 2);

    assert_eq!(get_json(&sim, &lifecycle).await.0, 403);
    let grant = json!({"permission": "people.lifecycle.history"});
    assert_eq!(
        admin(
            &sim,
            Method::POST,
            &format!("/service-users/{user}/grant"),
            Some(grant.clone())
        )
        .await
        .0,
        200
    );
    assert_eq!(get_json(&sim, &lifecycle).await.0, 200);
    assert_eq!(
        admin(
            &sim,
            Method::POST,
            &format!("/service-users/{user}/revoke"),
            Some(grant)
        )
        .await
        .0,
        200
    );
    assert_eq!(get_json(&sim, &lifecycle).await.0, 403);

    let (status, err) = admin(
        &sim,
        Method::POST,
        &format!("/service-users/{user}/grant"),
        Some(json!({"permission": "people.bogus.view"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(err["error"]
        .as_str()
        .unwrap()
        .contains("people.work.history"));
    let (status, _) = admin(
        &sim,
        Method::POST,
        "/service-users/SERVICE-1/grant",
        Some(json!({"permission": "people.work.view"})),
    )
    .await;
    assert_eq!(status, 404);

    // Replace the group, then leave every group.
    let group = json!({"name": "t", "grants": ["people.root.view"], "access": {"lifecycle_statuses": ["employed"]}});
    assert_eq!(
        admin(
            &sim,
            Method::PUT,
            &format!("/service-users/{user}/permissions"),
            Some(group)
        )
        .await
        .0,
        200
    );
    let emps = search(&sim, json!({})).await;
    assert!(!emps.is_empty());
    assert!(emps.iter().all(|e| e.get("work").is_none()));
    assert_eq!(
        admin(
            &sim,
            Method::PUT,
            &format!("/service-users/{user}/permissions"),
            Some(Value::Null)
        )
        .await
        .0,
        200
    );
    assert!(search(&sim, json!({})).await.is_empty());
    assert_eq!(
        admin(
            &sim,
            Method::PUT,
            &format!("/service-users/{user}/access"),
            Some(json!("everyone"))
        )
        .await
        .0,
        200
    );

    let (status, f) = admin(&sim, Method::PUT, "/faults", Some(json!({"fail_next": 1}))).await;
    assert_eq!((status, f["fail_next"].clone()), (200, json!(1)));
    assert_eq!(
        admin(
            &sim,
            Method::PUT,
            "/faults",
            Some(json!({"error_rate": 2.0}))
        )
        .await
        .0,
        400
    );
    assert_eq!(get(&sim, "/company/people/fields").await.status(), 503);
    let (_, log) = admin(&sim, Method::GET, "/requests", None).await;
    assert_eq!(log.as_array().unwrap().last().unwrap()["status"], 503);
    assert_eq!(admin(&sim, Method::DELETE, "/requests", None).await.0, 200);
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn employee_mutations_show_up_in_the_api() {
    use reqwest::Method;
    let sim = started(SimConfig::preset(Preset::Full).employees(30)).await;
    let (status, hired) = admin(
        &sim,
        Method::POST,
        "/employees",
        Some(json!({"firstName": "Zoë", "surname": "O'Brien", "startDate": "2020-02-03"})),
    )
    .await;
    assert_eq!(status, 201);
    let id = hired["id"].as_str().unwrap().to_owned();
    assert_eq!(sim.employee_count(), 31);
    let (status, one) = post_json(&sim, &format!("/people/{id}"), &json!({"fields": ["root.displayName", "root.email", "work.startDate", "internal.lifecycleStatus"]})).await;
    assert_eq!(status, 200);
    assert_eq!(one["displayName"], "Zoë O'Brien");
    assert!(one["email"].as_str().unwrap().starts_with("zoe.obrien@"));
    assert_eq!(one["work"]["startDate"], "2020-02-03");
    assert_eq!(one["internal"]["lifecycleStatus"], "employed");

    let (_, before) = get_json(&sim, &format!("/people/{id}/work")).await;
    let (status, _) = admin(
        &sim,
        Method::PUT,
        &format!("/employees/{id}/title"),
        Some(json!({"title": "Head of Llamas"})),
    )
    .await;
    assert_eq!(status, 200);
    let (_, one) = post_json(
        &sim,
        &format!("/people/{id}"),
        &json!({"fields": ["work.title"], "humanReadable": "APPEND"}),
    )
    .await;
    assert_eq!(one["humanReadable"]["work"]["title"], "Head of Llamas");
    let (_, after) = get_json(&sim, &format!("/people/{id}/work")).await;
    let rows = after["values"].as_array().unwrap();
    assert_eq!(rows.len(), before["values"].as_array().unwrap().len() + 1);
    assert_eq!(rows.last().unwrap()["title"], one["work"]["title"]);
    assert_eq!(rows.iter().filter(|r| r["isCurrent"] == true).count(), 1);
    let (_, titles) = get_json(&sim, "/company/named-lists/title").await;
    assert!(titles["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "Head of Llamas"));

    let (status, _) = admin(
        &sim,
        Method::POST,
        &format!("/employees/{id}/terminate"),
        Some(json!({"terminationDate": "2021-01-31"})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        post_json(&sim, &format!("/people/{id}"), &json!({}))
            .await
            .0,
        404
    );
    let (_, one) = post_json(
        &sim,
        &format!("/people/{id}"),
        &json!({"fields": ["internal.status", "internal.terminationDate"], "showInactive": true}),
    )
    .await;
    assert_eq!(
        one["internal"],
        json!({"status": "Inactive", "terminationDate": "2021-01-31"})
    );

    assert_eq!(
        admin(
            &sim,
            Method::POST,
            "/employees",
            Some(json!({"firstName": "A", "surname": "B", "startDate": "31/01/2020"}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        admin(
            &sim,
            Method::POST,
            "/employees/3001999999999999999/terminate",
            Some(json!({"terminationDate": "2021-01-31"}))
        )
        .await
        .0,
        404
    );
    assert!(sim.hire("X", "Y", "2099-01-01").is_ok());
    assert!(sim.change_title("nope", "t").is_err());
}

#[tokio::test]
async fn same_seed_same_company_and_a_single_tree() {
    let all_fields: Vec<String> = {
        let sim = started(SimConfig::preset(Preset::Full).employees(1)).await;
        let (_, f) = get_json(&sim, "/company/people/fields").await;
        f.as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let body = json!({"fields": all_fields, "showInactive": true});
    let dump = |seed: u64| {
        let body = body.clone();
        async move {
            let sim = started(SimConfig::preset(Preset::Full).employees(400).seed(seed)).await;
            post_raw(&sim, "/people/search", &body)
                .await
                .bytes()
                .await
                .unwrap()
        }
    };
    let a = dump(7).await;
    assert_eq!(a, dump(7).await);
    assert_ne!(a, dump(8).await);

    let v: Value = serde_json::from_slice(&a).unwrap();
    let emps = v["employees"].as_array().unwrap();
    let manager: HashMap<String, Option<String>> = emps
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_owned(),
                e["work"]["reportsTo"]["id"].as_str().map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        manager.values().filter(|m| m.is_none()).count(),
        1,
        "exactly one root"
    );
    for start_id in manager.keys() {
        let mut seen = HashSet::new();
        let mut cur = Some(start_id.clone());
        while let Some(id) = cur {
            assert!(seen.insert(id.clone()), "cycle through {id}");
            cur = manager.get(&id).cloned().expect("manager is an employee");
        }
    }
}

#[tokio::test]
async fn demo_starts_the_company_the_app_and_the_cli_show() {
    let demo = SimServer::demo(0).await.unwrap();
    let written = SimServer::start(SimConfig {
        preset: Preset::Demo,
        employees: 250,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    assert_eq!(demo.employee_count(), SimServer::DEMO_EMPLOYEES);
    assert_eq!(demo.employee_count(), 250);
    assert_eq!(demo.faults(), Faults::default());
    // Same seed, same preset: the same service user, token and people.
    assert_eq!(demo.service_user_id(), written.service_user_id());
    assert_eq!(demo.token(), written.token());
    let body = json!({"fields": ["root.id", "root.email", "work.title"], "showInactive": true});
    let demo_people = post_raw(&demo, "/people/search", &body).await.bytes().await;
    let written_people = post_raw(&written, "/people/search", &body)
        .await
        .bytes()
        .await;
    assert_eq!(demo_people.unwrap(), written_people.unwrap());
    assert_eq!(
        SimServer::demo(40).await.unwrap().faults().latency_ms,
        40,
        "the latency is the only knob"
    );
}
