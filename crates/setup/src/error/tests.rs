use std::time::Duration;

use super::*;

/// One error of each kind, as a user would meet it. Exhaustive over `ErrorKind`: a new kind does
/// not compile until it has an example here, and so a pinned report below.
fn example(kind: ErrorKind) -> SetupError {
    let endpoint = || "GET /people/{id}/work".to_string();
    let host = || "api.hibob.com".to_string();
    match kind {
        ErrorKind::InvalidCredentials => HibobError::InvalidCredentials.into(),
        ErrorKind::Forbidden => HibobError::Forbidden {
            endpoint: endpoint(),
        }
        .into(),
        ErrorKind::NotFound => HibobError::NotFound {
            endpoint: endpoint(),
        }
        .into(),
        ErrorKind::BadRequest => HibobError::BadRequest {
            endpoint: endpoint(),
            detail: "bad filter".into(),
        }
        .into(),
        ErrorKind::RateLimited => HibobError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        }
        .into(),
        ErrorKind::ServerError => HibobError::Server { status: 503 }.into(),
        ErrorKind::UnexpectedStatus => HibobError::UnexpectedStatus {
            endpoint: endpoint(),
            status: 302,
        }
        .into(),
        ErrorKind::Timeout => HibobError::Timeout {
            after: Duration::from_secs(60),
        }
        .into(),
        ErrorKind::ConnectionFailed => HibobError::Connection {
            host: host(),
            detail: "connection refused".into(),
        }
        .into(),
        ErrorKind::DnsFailed => HibobError::Dns { host: host() }.into(),
        ErrorKind::TlsFailed => HibobError::Tls {
            host: host(),
            detail: "handshake failed".into(),
        }
        .into(),
        ErrorKind::CertificateUntrusted => HibobError::UntrustedCertificate {
            host: host(),
            detail: "unknown issuer".into(),
        }
        .into(),
        ErrorKind::MalformedBody => HibobError::MalformedBody {
            endpoint: endpoint(),
            detail: "expected value at line 1 column 1".into(),
        }
        .into(),
        ErrorKind::TruncatedBody => HibobError::TruncatedBody {
            endpoint: endpoint(),
        }
        .into(),
        ErrorKind::BodyTooLarge => HibobError::BodyTooLarge {
            endpoint: endpoint(),
            limit_bytes: 16 * 1024 * 1024,
        }
        .into(),
        ErrorKind::InvalidBaseUrl => HibobError::InvalidBaseUrl {
            reason: "it has no host name".into(),
        }
        .into(),
        ErrorKind::ClientSetup => HibobError::ClientSetup {
            detail: "no TLS roots".into(),
        }
        .into(),
        ErrorKind::InvalidFile => SetupError::InvalidFile {
            what: "The profile my-hris.toml".into(),
            line: 6,
            column: 10,
            problem: "“people.wrok.view” is not a permission HiBob Setup knows".into(),
        },
        ErrorKind::InvalidCatalog => SetupError::InvalidCatalog {
            problem: "two permissions share the id people.work.view".into(),
        },
        ErrorKind::UnknownProfile => SetupError::UnknownProfile {
            name: "payroll".into(),
            known: vec!["directory".into(), "hr-core".into(), "unified".into()],
        },
        ErrorKind::InvalidDraft => SetupError::InvalidDraft {
            problem: "this company's HiBob has no field work.costCentre.".into(),
        },
        ErrorKind::UnreadableFile => SetupError::Unreadable {
            path: "my-hris.toml".into(),
            detail: "No such file or directory (os error 2)".into(),
        },
        ErrorKind::UnwritableFile => SetupError::Unwritable {
            path: "/home/admin/preview.csv".into(),
            detail: "Permission denied (os error 13)".into(),
        },
        ErrorKind::DemoUnavailable => SetupError::DemoUnavailable {
            detail: "Address already in use (os error 98)".into(),
        },
        ErrorKind::DemoUnknownPermission => SetupError::DemoUnknownPermission {
            detail: "unknown variant `retired`".into(),
        },
        ErrorKind::NotDemo => SetupError::NotDemo,
        ErrorKind::Cancelled => SetupError::Cancelled,
        ErrorKind::SyncRunning => SetupError::SyncRunning,
        ErrorKind::MissingServiceUserId => SetupError::MissingServiceUserId,
        ErrorKind::MissingToken => SetupError::MissingToken,
        ErrorKind::InputTooLong => SetupError::InputTooLong {
            what: "service user ID".into(),
        },
        ErrorKind::HistoryDamaged => SetupError::HistoryDamaged {
            detail: "file is not a database".into(),
        },
        ErrorKind::CredentialsWithdrawn => SetupError::CredentialsWithdrawn,
        ErrorKind::KeychainUnavailable => SetupError::KeychainUnavailable {
            detail: "no D-Bus session".into(),
        },
        ErrorKind::NothingToReport => SetupError::NothingToReport,
        ErrorKind::NothingToExport => SetupError::NothingToExport,
        ErrorKind::NoSyncResult => SetupError::NoSyncResult,
        ErrorKind::NothingExported => SetupError::NothingExported,
        ErrorKind::ExportFolderMissing => SetupError::ExportFolderMissing {
            folder: "/home/admin/exports".into(),
        },
        ErrorKind::BrowserUnavailable => SetupError::BrowserUnavailable {
            address: "https://app.hibob.com".into(),
            detail: "no browser found".into(),
        },
        ErrorKind::FileManagerUnavailable => SetupError::FileManagerUnavailable {
            folder: "/home/admin/exports".into(),
            detail: "xdg-open not found".into(),
        },
        ErrorKind::Unexpected => SetupError::Unexpected,
    }
}

/// Every kind, read from the TypeScript union ts-rs generates: the list the UI switches over.
fn every_kind() -> Vec<ErrorKind> {
    let union = ErrorKind::inline(&ts_rs::Config::default());
    union
        .split('|')
        .map(|name| {
            let name = name.trim().trim_matches('"');
            serde_json::from_value(serde_json::json!(name))
                .unwrap_or_else(|e| panic!("{name} in {union} is not a kind: {e}"))
        })
        .collect()
}

#[test]
fn every_kind_pins_the_json_the_ui_receives() {
    let reports: Vec<serde_json::Value> = every_kind()
        .into_iter()
        .map(|kind| {
            let error = example(kind);
            assert_eq!(
                error.kind(),
                kind,
                "the example for {kind:?} has another kind"
            );
            serde_json::to_value(&error).unwrap()
        })
        .collect();
    insta::assert_snapshot!(serde_json::to_string_pretty(&reports).unwrap());
}

#[test]
fn every_message_is_one_sentence_and_every_hint_says_what_to_do() {
    for kind in every_kind() {
        let error = example(kind);
        let message = error.message();
        // A sentence starts with a capital, or with a host name ("api.hibob.com presented …").
        let first_word = message.split(' ').next().unwrap_or_default();
        assert!(
            message.ends_with('.')
                && (message.starts_with(char::is_uppercase) || first_word.contains('.')),
            "{kind:?}: {message:?} is not a sentence"
        );
        let body = message.trim_end_matches('.');
        assert!(
            !body.contains(". ") && !body.contains('\n'),
            "{kind:?}: {message:?} is more than one sentence"
        );
        let hint = error.hint();
        assert!(
            hint.len() > 15 && hint.ends_with(['.', ')']),
            "{kind:?} needs a real hint, not {hint:?}"
        );
        assert_ne!(hint, message, "{kind:?}: the hint repeats the message");
    }
}

#[test]
fn hibob_kinds_keep_the_client_crates_names() {
    for kind in every_kind() {
        if let SetupError::Hibob(inner) = example(kind) {
            assert_eq!(serde_json::to_value(kind).unwrap(), inner.kind());
        }
    }
}

#[test]
fn the_error_serializes_as_its_report() {
    let json = serde_json::to_value(SetupError::MissingToken).unwrap();
    assert_eq!(json["kind"], "missing_token");
    assert_eq!(json["message"], "The service user token is missing.");
    assert!(json["hint"].as_str().unwrap().contains("refresh the token"));
    assert_eq!(
        json,
        serde_json::to_value(SetupError::MissingToken.report()).unwrap()
    );
}

#[test]
fn lines_and_columns_are_one_based() {
    assert_eq!(line_and_column("ab\ncd", 0), (1, 1));
    assert_eq!(line_and_column("ab\ncd", 4), (2, 2));
    assert_eq!(line_and_column("ab", 99), (1, 3));
}
