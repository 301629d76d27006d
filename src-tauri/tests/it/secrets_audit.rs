//! Secrets audit: with a known token, run what a user runs — save credentials, Test connection,
//! Sync now (twice, so the history is read back), both exports and the setup report — then search
//! every answer the UI receives and every file the app wrote for the token and for its Base64
//! Basic-auth form. Neither may appear anywhere.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use base64::Engine;
use hibob_setup_app::secrets::{MemoryStore, SecretStore};
use hibob_setup_app::AppState;
use hibob_sim::{Preset, SimConfig};
use setup::ipc::ExportFormat;
use setup::EnvironmentChoice;
use test_support::{started, Scratch};

use crate::util;
use test_support::files_under;

#[tokio::test(flavor = "multi_thread")]
async fn the_token_appears_in_no_answer_and_no_file() {
    let sim = started(SimConfig::preset(Preset::Full).employees(60)).await;
    let (id, token) = (sim.service_user_id(), sim.token());
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{token}"));

    let scratch = Scratch::new("audit");
    let dir = scratch.path();
    let store = Arc::new(MemoryStore::default());
    let state = AppState::new(dir, store.clone()).unwrap();
    util::choose(&state, &sim.base_url(), "hr-core");

    let mut answers: Vec<String> = Vec::new();
    let mut record = |value: serde_json::Value| answers.push(value.to_string());
    record(serde_json::to_value(state.review_credentials(&id, &token).unwrap()).unwrap());
    record(
        serde_json::to_value(
            state
                .save_credentials(&id, &format!(" {token} "), false)
                .unwrap(),
        )
        .unwrap(),
    );
    record(serde_json::to_value(state.credential_status()).unwrap());
    let diagnosis = state.test_connection(|_| {}).await.unwrap();
    assert_eq!(
        diagnosis.auth.status,
        setup::diagnosis::AuthStatus::Accepted
    );
    record(serde_json::to_value(&diagnosis).unwrap());
    for _ in 0..2 {
        let result = state.sync_now(|_| {}).await.unwrap();
        assert!(result.preview.counts.employees > 0);
        record(serde_json::to_value(&result).unwrap());
    }
    state
        .export_preview(ExportFormat::Csv, &dir.join("export.csv"))
        .unwrap();
    state
        .export_preview(ExportFormat::Json, &dir.join("export.json"))
        .unwrap();
    let report = state.setup_report(true).unwrap();
    std::fs::write(dir.join("report.md"), &report).unwrap();
    record(serde_json::to_value(state.progress()).unwrap());
    // A rejected token's answers too: the error must not echo what was sent.
    let wrong = "Wr0ngTokenWr0ngTokenWr0ngTokenWr0ngToken";
    record(serde_json::to_value(state.save_credentials(&id, wrong, true).unwrap()).unwrap());
    let rejected = state.test_connection(|_| {}).await.unwrap();
    assert_eq!(rejected.auth.status, setup::diagnosis::AuthStatus::Rejected);
    record(serde_json::to_value(&rejected).unwrap());

    for answer in &answers {
        assert!(
            !answer.contains(&token),
            "the token reached the UI: {answer}"
        );
        assert!(!answer.contains(&basic), "the Basic header reached the UI");
        assert!(!answer.contains(wrong), "a rejected token was echoed back");
    }
    let files = files_under(dir);
    assert!(
        files.iter().any(|f| f.ends_with("history.sqlite")),
        "{files:?}"
    );
    assert!(files.iter().any(|f| f.ends_with("progress.json")));
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&token),
            "the token was written to {}",
            file.display()
        );
        assert!(
            !text.contains(&basic),
            "the Basic header was written to {}",
            file.display()
        );
        assert!(
            !text.contains(wrong),
            "a token was written to {}",
            file.display()
        );
    }
    // Where it must be: the credential store, cleaned of the spaces it was pasted with.
    let key = EnvironmentChoice::Custom {
        url: sim.base_url(),
    }
    .credential_key();
    assert_eq!(store.get(&key).unwrap().as_deref(), Some(token.as_str()));
}
