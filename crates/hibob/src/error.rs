//! Every way a call to HiBob can end badly, each with a one-sentence message for the user and a hint
//! on what to do about it. Nothing here ever contains the token: errors are built from status codes,
//! endpoint templates, host names and parser messages only.

use std::time::Duration;

use thiserror::Error;

/// A failed HiBob call. `Display` is the user-facing sentence; [`HibobError::hint`] says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HibobError {
    /// 401. HiBob answers this for a wrong ID or token, a revoked token and a legacy API token alike.
    #[error("HiBob did not accept the service user ID and token.")]
    InvalidCredentials,

    /// 403: the credentials are valid but the service user's permission group lacks something.
    #[error("The service user is not allowed to use {endpoint}.")]
    Forbidden { endpoint: String },

    #[error("HiBob found nothing at {endpoint}.")]
    NotFound { endpoint: String },

    /// 400: HiBob refused the request itself; `detail` is HiBob's own explanation, if it sent one.
    #[error("HiBob rejected the request to {endpoint} ({detail}).")]
    BadRequest { endpoint: String, detail: String },

    /// 429 after the retry budget ran out.
    #[error("HiBob is limiting how fast requests may be made and asked us to slow down.")]
    RateLimited { retry_after: Option<Duration> },

    /// 5xx after the retry budget ran out.
    #[error("HiBob had an internal problem (HTTP {status}).")]
    Server { status: u16 },

    #[error("HiBob answered {endpoint} with an unexpected HTTP status {status}.")]
    UnexpectedStatus { endpoint: String, status: u16 },

    /// The number of seconds waited is in the hint, so the sentence reads the same whatever the
    /// configured timeout.
    #[error("HiBob did not answer in time.")]
    Timeout { after: Duration },

    #[error("Could not connect to {host}.")]
    Connection { host: String, detail: String },

    #[error("The name {host} could not be found on the network.")]
    Dns { host: String },

    #[error("A secure connection to {host} could not be established.")]
    Tls { host: String, detail: String },

    /// The TLS handshake got as far as a certificate, and this computer does not trust it.
    #[error("{host} presented a security certificate this computer does not trust.")]
    UntrustedCertificate { host: String, detail: String },

    #[error("HiBob's answer to {endpoint} could not be read.")]
    MalformedBody { endpoint: String, detail: String },

    #[error("HiBob's answer to {endpoint} was cut off before it was complete.")]
    TruncatedBody { endpoint: String },

    #[error("HiBob's answer to {endpoint} was larger than the {} MiB this app accepts.", .limit_bytes / (1024 * 1024))]
    BodyTooLarge { endpoint: String, limit_bytes: u64 },

    #[error("The HiBob address is not usable: {reason}.")]
    InvalidBaseUrl { reason: String },

    #[error("The HTTP client could not be set up: {detail}.")]
    ClientSetup { detail: String },
}

impl HibobError {
    /// A stable machine name for the variant, for IPC, JSON output and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            HibobError::InvalidCredentials => "invalid_credentials",
            HibobError::Forbidden { .. } => "forbidden",
            HibobError::NotFound { .. } => "not_found",
            HibobError::BadRequest { .. } => "bad_request",
            HibobError::RateLimited { .. } => "rate_limited",
            HibobError::Server { .. } => "server_error",
            HibobError::UnexpectedStatus { .. } => "unexpected_status",
            HibobError::Timeout { .. } => "timeout",
            HibobError::Connection { .. } => "connection_failed",
            HibobError::Dns { .. } => "dns_failed",
            HibobError::Tls { .. } => "tls_failed",
            HibobError::UntrustedCertificate { .. } => "certificate_untrusted",
            HibobError::MalformedBody { .. } => "malformed_body",
            HibobError::TruncatedBody { .. } => "truncated_body",
            HibobError::BodyTooLarge { .. } => "body_too_large",
            HibobError::InvalidBaseUrl { .. } => "invalid_base_url",
            HibobError::ClientSetup { .. } => "client_setup",
        }
    }

    /// The user-facing sentence (same as `Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }

    /// What the user can do about it, in one or two sentences.
    pub fn hint(&self) -> String {
        match self {
            HibobError::InvalidCredentials => "Check that the service user ID (it looks like SERVICE-1234) and its token \
                were pasted into the right fields without extra spaces, and that the token was not refreshed since. \
                Legacy API tokens no longer work: create a service user in HiBob instead."
                .into(),
            HibobError::Forbidden { .. } => "Open the service user's permission group in HiBob and grant the permission \
                this needs, then Save and Apply."
                .into(),
            HibobError::NotFound { .. } => "Check the environment: the address may not be HiBob's API, or the record no \
                longer exists."
                .into(),
            HibobError::BadRequest { .. } => "This is likely a bug in HiBob Setup; please report it with the setup report."
                .into(),
            HibobError::RateLimited { retry_after } => match retry_after {
                Some(wait) => format!(
                    "Wait about {} and try again. Other integrations using the same HiBob account share this limit.",
                    seconds(*wait)
                ),
                None => "Wait a minute and try again. Other integrations using the same HiBob account share this limit."
                    .into(),
            },
            HibobError::Server { .. } => "This is on HiBob's side; try again in a few minutes.".into(),
            HibobError::UnexpectedStatus { .. } => "Check that the environment points at HiBob's API, then try again."
                .into(),
            HibobError::Timeout { after } => format!(
                "No answer came within {}. Check your internet connection or proxy and try again; large \
                 companies can take longer to load.",
                seconds(*after)
            ),
            HibobError::Connection { .. } => "Check your internet connection, proxy or firewall, and that the address \
                is right."
                .into(),
            HibobError::Dns { .. } => "Check the address for typos and that this computer is online.".into(),
            HibobError::Tls { .. } | HibobError::UntrustedCertificate { .. } => {
                "A proxy or security product may be intercepting the connection; check its certificate settings \
                 or try another network."
                    .into()
            }
            HibobError::MalformedBody { .. } | HibobError::TruncatedBody { .. } => {
                "Try again; if it keeps happening, a proxy may be altering HiBob's answers.".into()
            }
            HibobError::BodyTooLarge { .. } => "Please report this with the setup report; the company may be larger than \
                this version supports."
                .into(),
            HibobError::InvalidBaseUrl { .. } => "Choose Production or Sandbox, or enter an https address such as \
                https://api.hibob.com/v1."
                .into(),
            HibobError::ClientSetup { .. } => "Restart HiBob Setup; if it keeps happening, report it.".into(),
        }
    }

    /// Whether the client asks again on its own (within its retry budget): rate limits, server
    /// errors, timeouts and answers cut off in transit. 401 and 403 never are, because HiBob's
    /// firewall blocks callers after repeated auth failures; a refused connection, an unknown host,
    /// a failed TLS handshake or an unreadable answer would only fail the same way again.
    pub fn is_retried(&self) -> bool {
        matches!(
            self,
            HibobError::RateLimited { .. }
                | HibobError::Server { .. }
                | HibobError::Timeout { .. }
                | HibobError::TruncatedBody { .. }
        )
    }
}

/// "1 second", "45 seconds": at least one, since "wait 0 seconds" helps nobody.
fn seconds(duration: Duration) -> String {
    match duration.as_secs().max(1) {
        1 => "1 second".into(),
        n => format!("{n} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<HibobError> {
        let endpoint = || "GET /people/{id}/work".to_string();
        vec![
            HibobError::InvalidCredentials,
            HibobError::Forbidden {
                endpoint: endpoint(),
            },
            HibobError::NotFound {
                endpoint: endpoint(),
            },
            HibobError::BadRequest {
                endpoint: endpoint(),
                detail: "bad filter".into(),
            },
            HibobError::RateLimited {
                retry_after: Some(Duration::from_secs(7)),
            },
            HibobError::RateLimited { retry_after: None },
            HibobError::Server { status: 503 },
            HibobError::UnexpectedStatus {
                endpoint: endpoint(),
                status: 302,
            },
            HibobError::Timeout {
                after: Duration::from_secs(30),
            },
            HibobError::Connection {
                host: "api.hibob.com".into(),
                detail: "refused".into(),
            },
            HibobError::Dns {
                host: "api.hibob.com".into(),
            },
            HibobError::Tls {
                host: "api.hibob.com".into(),
                detail: "handshake failed".into(),
            },
            HibobError::UntrustedCertificate {
                host: "api.hibob.com".into(),
                detail: "unknown issuer".into(),
            },
            HibobError::MalformedBody {
                endpoint: endpoint(),
                detail: "EOF".into(),
            },
            HibobError::TruncatedBody {
                endpoint: endpoint(),
            },
            HibobError::BodyTooLarge {
                endpoint: endpoint(),
                limit_bytes: 16 * 1024 * 1024,
            },
            HibobError::InvalidBaseUrl {
                reason: "it has no host name".into(),
            },
            HibobError::ClientSetup {
                detail: "no TLS roots".into(),
            },
        ]
    }

    #[test]
    fn every_error_reads_as_one_sentence_with_a_hint() {
        for error in every_variant() {
            let message = error.message();
            assert!(message.ends_with('.'), "{message:?} is not a sentence");
            assert!(
                !message.contains("reqwest") && !message.contains("hyper"),
                "{message:?} leaks internals"
            );
            assert!(
                error.hint().len() > 20,
                "{:?} needs a real hint",
                error.kind()
            );
        }
    }

    #[test]
    fn only_rate_limits_server_errors_timeouts_and_cut_off_answers_are_retried() {
        let retried: Vec<&str> = every_variant()
            .iter()
            .filter(|e| e.is_retried())
            .map(|e| e.kind())
            .collect();
        assert_eq!(
            retried,
            [
                "rate_limited",
                "rate_limited",
                "server_error",
                "timeout",
                "truncated_body"
            ]
        );
    }

    #[test]
    fn waits_are_stated_in_whole_seconds_and_never_as_zero() {
        let hint = |wait: u64| {
            HibobError::RateLimited {
                retry_after: Some(Duration::from_secs(wait)),
            }
            .hint()
        };
        assert!(
            hint(0).starts_with("Wait about 1 second and"),
            "{}",
            hint(0)
        );
        assert!(
            hint(45).starts_with("Wait about 45 seconds"),
            "{}",
            hint(45)
        );
        let timeout = HibobError::Timeout {
            after: Duration::from_secs(60),
        };
        assert_eq!(timeout.message(), "HiBob did not answer in time.");
        assert!(timeout.hint().contains("within 60 seconds"));
    }

    #[test]
    fn body_limit_is_stated_in_mebibytes() {
        let error = HibobError::BodyTooLarge {
            endpoint: "POST /people/search".into(),
            limit_bytes: 16 * 1024 * 1024,
        };
        assert!(error.message().contains("16 MiB"), "{}", error.message());
    }
}
