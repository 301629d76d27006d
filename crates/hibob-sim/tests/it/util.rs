//! Helpers shared by the integration tests: starting a simulator, and requests as
//! its primary service user.

use hibob_sim::{SimConfig, SimServer};
use serde_json::Value;

/// Starts a simulator from the builder, e.g.
/// `started(SimConfig::preset(Preset::Full).employees(40))`; failing to start fails the test.
pub async fn started(config: SimConfig) -> SimServer {
    config.start().await.unwrap()
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

/// An authenticated GET with the primary service user.
pub async fn get(sim: &SimServer, path: &str) -> reqwest::Response {
    client()
        .get(format!("{}{path}", sim.base_url()))
        .basic_auth(sim.service_user_id(), Some(sim.token()))
        .send()
        .await
        .unwrap()
}

pub async fn get_json(sim: &SimServer, path: &str) -> (u16, Value) {
    let resp = get(sim, path).await;
    let status = resp.status().as_u16();
    let body = resp.bytes().await.unwrap();
    let value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).unwrap()
    };
    (status, value)
}

pub async fn post_raw(sim: &SimServer, path: &str, body: &Value) -> reqwest::Response {
    client()
        .post(format!("{}{path}", sim.base_url()))
        .basic_auth(sim.service_user_id(), Some(sim.token()))
        .json(body)
        .send()
        .await
        .unwrap()
}

pub async fn post_json(sim: &SimServer, path: &str, body: &Value) -> (u16, Value) {
    let resp = post_raw(sim, path, body).await;
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.unwrap();
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, value)
}

/// `POST /people/search`; panics unless 200. Returns the employees array.
pub async fn search(sim: &SimServer, body: Value) -> Vec<Value> {
    let (status, v) = post_json(sim, "/people/search", &body).await;
    assert_eq!(status, 200, "search failed: {v}");
    v["employees"].as_array().unwrap().clone()
}

pub fn keys(emp: &Value) -> Vec<String> {
    emp.as_object().unwrap().keys().cloned().collect()
}

/// Lifecycle status of every employee, using a full-permission search.
pub const LIFECYCLE_FIELDS: [&str; 3] = ["root.id", "internal.status", "internal.lifecycleStatus"];
