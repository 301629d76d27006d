//! The client against the simulated tenant (and raw TCP listeners where HTTP is not enough):
//! every error the user can meet, and retry behaviour counted on the server side.

// Test helpers too: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use hibob::{
    Client, ClientConfig, Credentials, Endpoint, Environment, FieldValue, HibobError,
    HumanReadable, PeopleSearch, RetryPolicy, Table,
};
use hibob_sim::{Faults, Preset, SimConfig, SimServer};
use serde_json::json;
use test_support::{fast_retry, started};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const FIELDS: &str = "/v1/company/people/fields";

fn environment(url: &str) -> Environment {
    url.parse().expect("valid environment")
}

fn client_for(sim: &SimServer, config: ClientConfig) -> Client {
    Client::with_config(
        &environment(&sim.base_url()),
        Credentials::new(sim.service_user_id(), sim.token()),
        config,
    )
    .expect("client builds")
}

fn client_at(url: &str) -> Client {
    Client::with_config(
        &environment(url),
        Credentials::new("SERVICE-1", "token"),
        fast_retry(),
    )
    .expect("client builds")
}

async fn a_visible_employee(client: &Client) -> String {
    let found = client
        .search_people(&PeopleSearch::fields(["root.id"]))
        .await
        .expect("people search works");
    found.employees[0]
        .id()
        .expect("root.id granted")
        .to_string()
}

#[tokio::test]
async fn valid_credentials_read_field_metadata() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let fields = client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .unwrap();
    let department = fields
        .iter()
        .find(|f| f.id == "work.department")
        .expect("work.department is described");
    assert_eq!(department.category_id, "work");
    assert!(fields.iter().any(|f| f.id.contains(".custom.field_")));
}

#[tokio::test]
async fn wrong_token_is_invalid_credentials_and_asked_exactly_once() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let client = Client::with_config(
        &environment(&sim.base_url()),
        Credentials::new(sim.service_user_id(), "not-the-token"),
        fast_retry(),
    )
    .unwrap();
    let error = client.fields_metadata().await.unwrap_err();
    assert_eq!(error, HibobError::InvalidCredentials);
    assert_eq!(
        sim.request_count("GET", FIELDS),
        1,
        "401 must not be retried"
    );
}

#[tokio::test]
async fn id_and_token_swapped_is_rejected_once() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let client = Client::with_config(
        &environment(&sim.base_url()),
        Credentials::new(sim.token(), sim.service_user_id()),
        fast_retry(),
    )
    .unwrap();
    assert_eq!(
        client.fields_metadata().await.unwrap_err(),
        HibobError::InvalidCredentials
    );
    assert_eq!(sim.request_count("GET", FIELDS), 1);
}

#[tokio::test]
async fn legacy_token_is_rejected_once() {
    let sim = started(SimConfig::preset(Preset::LegacyToken).employees(60)).await;
    let error = client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .unwrap_err();
    assert_eq!(error, HibobError::InvalidCredentials);
    assert_eq!(sim.request_count("GET", FIELDS), 1);
}

#[tokio::test]
async fn missing_permission_is_forbidden_with_the_endpoint_and_not_retried() {
    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(60)).await;
    let client = client_for(&sim, fast_retry());
    let employee = a_visible_employee(&client).await;
    let error = client
        .employee_table(Table::Salaries, &employee)
        .await
        .unwrap_err();
    assert_eq!(
        error,
        HibobError::Forbidden {
            endpoint: "GET /people/{id}/salaries".into()
        }
    );
    assert_eq!(
        sim.request_count("GET", "/v1/people/"),
        1,
        "403 must not be retried"
    );
}

#[tokio::test]
async fn unknown_list_is_not_found() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let error = client_for(&sim, fast_retry())
        .named_list("noSuchList")
        .await
        .unwrap_err();
    assert!(matches!(error, HibobError::NotFound { .. }), "{error:?}");
}

#[tokio::test]
async fn rejected_request_carries_hibobs_explanation() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let error = client_for(&sim, fast_retry())
        .call_raw(&Endpoint::PeopleSearch, Some(&json!({"filters": []})))
        .await
        .unwrap_err();
    match error {
        HibobError::BadRequest { endpoint, detail } => {
            assert_eq!(endpoint, "POST /people/search");
            assert_ne!(detail, "no details given");
        }
        other => panic!("expected BadRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_waits_for_retry_after_then_succeeds() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        rate_limit_next: 1,
        retry_after_secs: Some(1),
        ..Faults::default()
    });
    let started = Instant::now();
    let waits = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = waits.clone();
    client_for(&sim, fast_retry())
        .on_wait(move |wait| seen.lock().unwrap().push(wait.clone()))
        .fields_metadata()
        .await
        .expect("succeeds after the 429");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retried before Retry-After elapsed ({:?})",
        started.elapsed()
    );
    assert_eq!(sim.request_count("GET", FIELDS), 2);
    // The wait was announced, with what it waits for and until when, so it can be shown.
    let waits = waits.lock().unwrap();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(waits[0].rate_limited);
    assert_eq!(waits[0].endpoint, "GET /company/people/fields");
    assert!(waits[0].delay >= Duration::from_secs(1));
}

#[tokio::test]
async fn rate_limit_storm_gives_up_after_the_retry_budget() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        rate_limit_next: 100,
        retry_after_secs: Some(0),
        ..Faults::default()
    });
    let error = client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .unwrap_err();
    assert!(matches!(error, HibobError::RateLimited { .. }), "{error:?}");
    assert_eq!(sim.request_count("GET", FIELDS), 4, "1 attempt + 3 retries");
}

#[tokio::test]
async fn a_rate_limit_reset_beyond_the_budget_is_reported_not_waited_for() {
    // Without Retry-After the simulator still sends X-RateLimit-Reset, a minute ahead; waiting
    // that long would blow the 10 s budget, so the client stops and says how long to wait.
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        rate_limit_next: 100,
        retry_after_secs: None,
        ..Faults::default()
    });
    let error = client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .unwrap_err();
    match &error {
        HibobError::RateLimited {
            retry_after: Some(wait),
        } => assert!(
            (Duration::from_secs(50)..=Duration::from_secs(61)).contains(wait),
            "{wait:?}"
        ),
        other => panic!("expected RateLimited with a wait, got {other:?}"),
    }
    assert!(error.hint().contains("Wait about"), "{}", error.hint());
    assert_eq!(sim.request_count("GET", FIELDS), 1);
}

#[tokio::test]
async fn server_errors_are_retried_and_recover() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        fail_next: 2,
        ..Faults::default()
    });
    client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .expect("third attempt succeeds");
    assert_eq!(sim.request_count("GET", FIELDS), 3);
}

#[tokio::test]
async fn persistent_server_errors_end_as_a_server_error() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        fail_next: 100,
        ..Faults::default()
    });
    let error = client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .unwrap_err();
    assert_eq!(error, HibobError::Server { status: 503 });
    assert_eq!(sim.request_count("GET", FIELDS), 4);
}

#[tokio::test]
async fn slow_server_times_out_after_bounded_retries() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        latency_ms: 1_500,
        ..Faults::default()
    });
    let config = ClientConfig {
        timeout: Duration::from_millis(300),
        retry: RetryPolicy {
            max_retries: 1,
            ..fast_retry().retry
        },
        ..fast_retry()
    };
    let error = client_for(&sim, config)
        .fields_metadata()
        .await
        .unwrap_err();
    assert!(matches!(error, HibobError::Timeout { .. }), "{error:?}");
    // The simulator logs a request when it arrives, so abandoned attempts are counted too.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(sim.request_count("GET", FIELDS), 2);
}

#[tokio::test]
async fn slow_body_past_the_timeout_is_a_timeout() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        slow_body_ms: 400,
        ..Faults::default()
    });
    let config = ClientConfig {
        timeout: Duration::from_millis(800),
        retry: RetryPolicy::none(),
        ..fast_retry()
    };
    let error = client_for(&sim, config)
        .fields_metadata()
        .await
        .unwrap_err();
    assert!(matches!(error, HibobError::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn slow_body_within_the_timeout_arrives_whole() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        slow_body_ms: 20,
        ..Faults::default()
    });
    let fields = client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .unwrap();
    assert!(fields.len() > 20);
}

#[tokio::test]
async fn a_body_cut_off_every_time_is_retried_within_bounds_then_reported() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        truncate_body: true,
        ..Faults::default()
    });
    let error = client_for(&sim, fast_retry())
        .fields_metadata()
        .await
        .unwrap_err();
    assert!(
        matches!(error, HibobError::TruncatedBody { .. }),
        "{error:?}"
    );
    assert_eq!(sim.request_count("GET", FIELDS), 4, "1 attempt + 3 retries");
}

#[tokio::test]
async fn malformed_body_is_reported() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        malformed_body: true,
        ..Faults::default()
    });
    let error = client_for(&sim, fast_retry())
        .search_people(&PeopleSearch::fields(["root.id"]))
        .await
        .unwrap_err();
    assert!(
        matches!(error, HibobError::MalformedBody { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn oversized_body_is_refused_at_the_cap() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        oversize_body_bytes: Some(3 * 1024 * 1024),
        ..Faults::default()
    });
    let config = ClientConfig {
        max_body_bytes: 1024 * 1024,
        ..fast_retry()
    };
    let error = client_for(&sim, config)
        .fields_metadata()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        HibobError::BodyTooLarge {
            endpoint: "GET /company/people/fields".into(),
            limit_bytes: 1024 * 1024
        }
    );
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let error = client_at(&format!("http://127.0.0.1:{port}"))
        .fields_metadata()
        .await
        .unwrap_err();
    assert!(matches!(error, HibobError::Connection { .. }), "{error:?}");
}

#[tokio::test]
async fn unknown_host_is_a_dns_error() {
    // `.invalid` is reserved (RFC 6761): resolvers answer "no such name" without asking anyone.
    let error = client_at("https://hibob-setup-test.invalid/v1")
        .fields_metadata()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        HibobError::Dns {
            host: "hibob-setup-test.invalid".into()
        }
    );
}

/// Accepts one connection, records what the client sent, answers `response` and closes.
async fn one_shot_server(response: &'static [u8]) -> (SocketAddr, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 8192];
        let read = socket.read(&mut request).await.unwrap_or(0);
        let _ = socket.write_all(response).await;
        let _ = socket.shutdown().await;
        String::from_utf8_lossy(&request[..read]).into_owned()
    });
    (addr, handle)
}

#[tokio::test]
async fn a_server_that_does_not_speak_tls_is_a_tls_error() {
    let (addr, _server) = one_shot_server(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await;
    let error = client_at(&format!("https://127.0.0.1:{}", addr.port()))
        .fields_metadata()
        .await
        .unwrap_err();
    assert!(matches!(error, HibobError::Tls { .. }), "{error:?}");
}

#[tokio::test]
async fn a_web_page_instead_of_json_is_malformed() {
    let (addr, _server) = one_shot_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 6\r\n\r\n<html>",
    )
    .await;
    let error = client_at(&format!("http://127.0.0.1:{}", addr.port()))
        .fields_metadata()
        .await
        .unwrap_err();
    match error {
        HibobError::MalformedBody { detail, .. } => assert!(detail.contains("web page")),
        other => panic!("expected MalformedBody, got {other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_is_reported() {
    // Following a redirect could carry the Authorization header to another host.
    let (addr, _server) = one_shot_server(
        b"HTTP/1.1 302 Found\r\nlocation: https://elsewhere.invalid/\r\ncontent-length: 0\r\n\r\n",
    )
    .await;
    let error = client_at(&format!("http://127.0.0.1:{}", addr.port()))
        .fields_metadata()
        .await
        .unwrap_err();
    assert_eq!(
        error,
        HibobError::UnexpectedStatus {
            endpoint: "GET /company/people/fields".into(),
            status: 302
        }
    );
}

#[tokio::test]
async fn requests_carry_basic_auth_user_agent_and_no_content_type_on_get() {
    let (addr, server) = one_shot_server(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]").await;
    let client = Client::with_config(
        &environment(&format!("http://127.0.0.1:{}", addr.port())),
        Credentials::new("SERVICE-202", "tok3n"),
        fast_retry(),
    )
    .unwrap();
    client
        .call_raw(&Endpoint::BankAccounts("42".into()), None)
        .await
        .unwrap();
    let request = server.await.unwrap().to_ascii_lowercase();
    assert!(
        request.starts_with("get /v1/people/42/bank-accounts http/1.1"),
        "{request}"
    );
    // base64("SERVICE-202:tok3n")
    assert!(
        request.contains("authorization: basic u0vsvkldrs0ymdi6dg9rm24="),
        "{request}"
    );
    assert!(request.contains("user-agent: hibobsetup/"), "{request}");
    assert!(!request.contains("content-type"), "{request}");
}

#[tokio::test]
async fn concurrency_is_bounded() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    sim.set_faults(Faults {
        latency_ms: 200,
        ..Faults::default()
    });
    let client = client_for(
        &sim,
        ClientConfig {
            max_concurrency: 2,
            ..fast_retry()
        },
    );
    let started = Instant::now();
    let calls: Vec<_> = (0..6)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.fields_metadata().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    // Six 200 ms requests, two at a time, cannot finish in less than three rounds.
    assert!(
        started.elapsed() >= Duration::from_millis(590),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn people_search_returns_everyone_visible_with_three_field_states() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let client = client_for(&sim, fast_retry());
    let search = PeopleSearch::fields([
        "root.id",
        "root.email",
        "work.department",
        "internal.lifecycleStatus",
    ])
    .show_inactive(true)
    .human_readable(HumanReadable::Append);
    let result = client.search_people(&search).await.unwrap();
    assert_eq!(result.employees.len(), sim.employee_count());
    assert!(result.body_bytes > 0);
    let first = &result.employees[0];
    assert!(first.id().is_some());
    assert!(matches!(
        first.field("work.department"),
        FieldValue::Present(_)
    ));
    assert!(first.human_readable("work.department").is_some());

    let active_only = client
        .search_people(&PeopleSearch::fields(["root.id"]))
        .await
        .unwrap();
    assert!(
        active_only.employees.len() < result.employees.len(),
        "showInactive=false hides terminated and hired people"
    );
}

#[tokio::test]
async fn withheld_sections_are_absent_not_empty() {
    let sim = started(SimConfig::preset(Preset::BaseOnly).employees(60)).await;
    let result = client_for(&sim, fast_retry())
        .search_people(
            &PeopleSearch::fields(["root.id", "payroll.salary.payment"]).show_inactive(true),
        )
        .await
        .unwrap();
    assert!(!result.employees.is_empty());
    for employee in &result.employees {
        assert_eq!(employee.field("payroll.salary.payment"), FieldValue::Absent);
    }
}
