//! Cleaning up pasted credentials and guessing why HiBob might reject them. Pure functions: no
//! network, and nothing here ever repeats the token back.

use hibob::{Credentials, Environment};
use serde::Serialize;
use ts_rs::TS;

use crate::error::SetupError;

/// Pasted credentials after cleaning, with what was cleaned and what looks suspicious.
#[derive(Debug, Clone)]
pub struct CredentialReview {
    pub credentials: Credentials,
    /// What was changed, e.g. quotes removed. Shown as warnings: the admin may want to fix the source.
    pub cleaned: Vec<String>,
    /// Reasons HiBob may reject them, most likely first. Only shown if HiBob does reject them.
    pub suspicions: Vec<Suspicion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Suspicion {
    Swapped,
    IdFormat,
    LegacyToken,
}

impl Suspicion {
    pub fn explain(self) -> &'static str {
        match self {
            Suspicion::Swapped => {
                "The ID and the token look swapped: paste the SERVICE-… value as the ID and the long value as the token."
            }
            Suspicion::IdFormat => {
                "Service user IDs look like SERVICE-1234, and the ID given does not: copy it again from HiBob's Service users list."
            }
            Suspicion::LegacyToken => {
                "The token is not 40 letters and digits like the service-user tokens HiBob shows. If it is an old API \
                 token taken from an employee's profile, it stopped working in 2024: create a service user instead."
            }
        }
    }
}

/// Removes surrounding whitespace and quotes (a common result of copying from a document or
/// chat) and notes what it did. Empty values are errors.
pub fn review(raw_id: &str, raw_token: &str) -> Result<CredentialReview, SetupError> {
    let (id, id_cleaned) = strip(raw_id);
    let (token, token_cleaned) = strip(raw_token);
    if id.is_empty() {
        return Err(SetupError::MissingServiceUserId);
    }
    if token.is_empty() {
        return Err(SetupError::MissingToken);
    }
    let mut cleaned = Vec::new();
    if id_cleaned {
        cleaned.push(
            "Spaces, line breaks or quotes around the service user ID were removed.".to_string(),
        );
    }
    if token_cleaned {
        cleaned.push("Spaces, line breaks or quotes around the token were removed.".to_string());
    }
    let id_ok = looks_like_service_user_id(id);
    let mut suspicions = Vec::new();
    if (!id_ok && looks_like_token(id)) || looks_like_service_user_id(token) {
        suspicions.push(Suspicion::Swapped);
    } else if !id_ok {
        suspicions.push(Suspicion::IdFormat);
    }
    if !suspicions.contains(&Suspicion::Swapped) && !looks_like_current_token(token) {
        suspicions.push(Suspicion::LegacyToken);
    }
    Ok(CredentialReview {
        credentials: Credentials::new(id, token),
        cleaned,
        suspicions,
    })
}

/// What the credentials form shows while the admin pastes: never the values themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CredentialFeedback {
    pub cleaned: Vec<String>,
    pub suspicions: Vec<SuspicionNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SuspicionNote {
    pub kind: Suspicion,
    pub text: String,
}

impl CredentialReview {
    pub fn feedback(&self) -> CredentialFeedback {
        CredentialFeedback {
            cleaned: self.cleaned.clone(),
            suspicions: self
                .suspicions
                .iter()
                .map(|s| SuspicionNote {
                    kind: *s,
                    text: s.explain().to_string(),
                })
                .collect(),
        }
    }

    /// Likely causes of a 401, most likely first, ending with the ones that always apply.
    pub fn likely_causes(&self, environment: &Environment) -> Vec<String> {
        let mut causes: Vec<String> = self
            .suspicions
            .iter()
            .map(|s| s.explain().to_string())
            .collect();
        match environment {
            Environment::Production => causes.push(
                "If the service user was created in your HiBob sandbox, choose the Sandbox environment.".into(),
            ),
            Environment::Sandbox => causes.push(
                "Sandbox credentials are separate: if the service user was created in production, choose Production."
                    .into(),
            ),
            Environment::Custom(_) => {}
        }
        causes.push(
            "The token may have been refreshed, or the service user deleted, since it was copied: refresh the token in \
             HiBob's Service users list and paste the new one."
                .into(),
        );
        causes
    }
}

fn strip(raw: &str) -> (&str, bool) {
    let mut value = raw.trim();
    loop {
        let unquoted = ['"', '\'', '`']
            .iter()
            .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
            .or_else(|| value.strip_prefix('“').and_then(|v| v.strip_suffix('”')))
            .or_else(|| value.strip_prefix('‘').and_then(|v| v.strip_suffix('’')));
        match unquoted {
            Some(inner) => value = inner.trim(),
            None => break,
        }
    }
    (value, value.len() != raw.len())
}

/// `SERVICE-` followed by digits (docs/hibob-api.md §1.2).
pub fn looks_like_service_user_id(value: &str) -> bool {
    value
        .strip_prefix("SERVICE-")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Long and alphanumeric: what could be a token of any kind (to spot swapped fields).
fn looks_like_token(value: &str) -> bool {
    (32..=64).contains(&value.len()) && value.chars().all(|c| c.is_ascii_alphanumeric())
}

/// HiBob's example service-user token is 40 letters and digits. Whether the length is fixed is
/// uncertain (docs/hibob-api.md §1.2), so a mismatch is only offered as a possible cause after a 401.
fn looks_like_current_token(value: &str) -> bool {
    value.len() == 40 && value.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5kL7x";

    #[test]
    fn clean_credentials_pass_without_remarks() {
        let review = review("SERVICE-4711", TOKEN).unwrap();
        assert_eq!(review.credentials.service_user_id.as_str(), "SERVICE-4711");
        assert!(review.cleaned.is_empty());
        assert!(review.suspicions.is_empty());
    }

    #[test]
    fn whitespace_and_quotes_are_removed_and_noted() {
        let review = review("  \"SERVICE-4711\"\n", &format!("“{TOKEN}” ")).unwrap();
        assert_eq!(review.credentials.service_user_id.as_str(), "SERVICE-4711");
        assert_eq!(review.credentials.token.expose_secret(), TOKEN);
        assert_eq!(review.cleaned.len(), 2);
        assert!(review.cleaned.iter().all(|note| !note.contains(TOKEN)));
    }

    #[test]
    fn swapped_fields_are_suspected_first() {
        let review = review(TOKEN, "SERVICE-4711").unwrap();
        assert_eq!(review.suspicions, [Suspicion::Swapped]);
        let causes = review.likely_causes(&Environment::Production);
        assert!(causes[0].contains("swapped"));
        assert!(causes.iter().any(|c| c.contains("Sandbox")));
    }

    #[test]
    fn legacy_looking_tokens_and_odd_ids_are_suspected() {
        let legacy = "0123456789abcdef".repeat(4) + "-legacy";
        let review = review("4711", &legacy).unwrap();
        assert_eq!(
            review.suspicions,
            [Suspicion::IdFormat, Suspicion::LegacyToken]
        );
    }

    #[test]
    fn empty_values_are_errors() {
        assert_eq!(
            review(" ", TOKEN).unwrap_err(),
            SetupError::MissingServiceUserId
        );
        assert_eq!(
            review("SERVICE-1", "\"\"").unwrap_err(),
            SetupError::MissingToken
        );
    }
}
