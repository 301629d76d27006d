//! Authentication (401 with an empty body) and the people-search rate limit.

use crate::util::*;
use hibob_sim::{Preset, SimConfig};
use serde_json::json;

async fn fields_with(sim: &hibob_sim::SimServer, auth: Option<(&str, &str)>) -> reqwest::Response {
    let mut req = client().get(format!("{}/company/people/fields", sim.base_url()));
    if let Some((id, token)) = auth {
        req = req.basic_auth(id, Some(token));
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn bad_credentials_get_401_with_empty_body() {
    let sim = started(SimConfig::preset(Preset::Full).employees(5)).await;
    let id = sim.service_user_id();
    let token = sim.token();
    let (other_id, other_token) = sim.secondary_credentials();
    assert_ne!(id, other_id);
    assert_eq!(token.len(), 40);
    assert!(token.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert!(id.starts_with("SERVICE-"));

    let wrong_token = format!("{}x", &token[..39]);
    let cases: Vec<Option<(&str, &str)>> = vec![
        None,
        Some((&id, &wrong_token)),
        Some(("SERVICE-1", &token)),
        // ID and token swapped between fields.
        Some((&token, &id)),
        // Valid ID of one user with the other user's token.
        Some((&id, &other_token)),
        Some((&other_id, &token)),
    ];
    for auth in cases {
        let resp = fields_with(&sim, auth).await;
        assert_eq!(resp.status(), 401, "{auth:?}");
        assert!(resp.headers().contains_key("x-ratelimit-limit"));
        assert!(resp.bytes().await.unwrap().is_empty());
    }
    // A non-Basic scheme is not accepted either.
    let resp = client()
        .get(format!("{}/company/people/fields", sim.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);

    assert_eq!(fields_with(&sim, Some((&id, &token))).await.status(), 200);
    assert_eq!(
        fields_with(&sim, Some((&other_id, &other_token)))
            .await
            .status(),
        200
    );
    let unauth = sim
        .requests()
        .iter()
        .filter(|r| !r.authenticated && r.status == 401)
        .count();
    assert_eq!(unauth, 7);
}

#[tokio::test]
async fn legacy_token_preset_is_rejected() {
    let sim = started(SimConfig::preset(Preset::LegacyToken).employees(5)).await;
    let token = sim.token();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let resp = fields_with(&sim, Some((&sim.service_user_id(), &token))).await;
    assert_eq!(resp.status(), 401);
    assert!(resp.bytes().await.unwrap().is_empty());
    let resp = post_raw(&sim, "/people/search", &json!({})).await;
    assert_eq!(resp.status(), 401);
}

#[tokio::test]
async fn people_search_is_rate_limited_per_user() {
    let sim = started(
        SimConfig::preset(Preset::Full)
            .employees(5)
            .rate_limit_per_minute(Some(3)),
    )
    .await;
    for i in 0..3 {
        let resp = post_raw(&sim, "/people/search", &json!({})).await;
        assert_eq!(resp.status(), 200);
        let remaining: u32 = resp.headers()["x-ratelimit-remaining"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(remaining, 2 - i);
        assert_eq!(resp.headers()["x-ratelimit-limit"], "3");
    }
    let resp = post_raw(&sim, "/people/search", &json!({})).await;
    assert_eq!(resp.status(), 429);
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(resp.headers()["x-ratelimit-remaining"], "0");
    let reset: u64 = resp.headers()["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(reset > now && reset <= now + 61, "reset {reset} now {now}");

    // Other endpoints are not metered, and the other service user has its own window.
    assert_eq!(get_json(&sim, "/company/people/fields").await.0, 200);
    let (other, token) = sim.secondary_credentials();
    let resp = client()
        .post(format!("{}/people/search", sim.base_url()))
        .basic_auth(other, Some(token))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(sim.request_count("POST", "/v1/people/search"), 5);
}

#[tokio::test]
async fn rate_limit_can_be_disabled() {
    let sim = started(
        SimConfig::preset(Preset::Full)
            .employees(3)
            .rate_limit_per_minute(None),
    )
    .await;
    for _ in 0..60 {
        assert_eq!(
            post_raw(&sim, "/people/search", &json!({"fields": ["root.id"]}))
                .await
                .status(),
            200
        );
    }
}
