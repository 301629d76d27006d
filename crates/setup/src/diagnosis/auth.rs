//! What HiBob's answer means for the credentials: accepted, refused (and the likely causes), or
//! not reachable at all.

use hibob::{Environment, HibobError};

use super::{AuthOutcome, AuthStatus};
use crate::credentials::CredentialReview;
use crate::error::SetupError;

/// HiBob answered the first request.
pub(super) fn accepted() -> AuthOutcome {
    AuthOutcome {
        status: AuthStatus::Accepted,
        message: "HiBob accepted the service user ID and token.".into(),
        error: None,
        likely_causes: Vec::new(),
    }
}

/// The first request failed: the credentials were refused, or HiBob could not be asked.
pub(super) fn auth_failure(
    error: &HibobError,
    review: &CredentialReview,
    environment: &Environment,
) -> AuthOutcome {
    match error {
        HibobError::InvalidCredentials => AuthOutcome {
            status: AuthStatus::Rejected,
            message: error.message(),
            error: Some(error.into()),
            likely_causes: review.likely_causes(environment),
        },
        // The fields endpoint needs no permission; a 403 here has been linked to IP allow-lists
        // (docs/hibob-api.md §1.3, uncertain). The credentials may be fine, HiBob still won't answer.
        HibobError::Forbidden { .. } => AuthOutcome {
            status: AuthStatus::Rejected,
            message: "HiBob refused a request that needs no permission at all.".into(),
            error: Some(error.into()),
            likely_causes: vec![
                "Your company may restrict HiBob's API to trusted IP addresses: ask your HiBob admin to allow this network."
                    .into(),
                "HiBob may be blocking requests after repeated failed logins; wait five minutes before trying again."
                    .into(),
            ],
        },
        _ => AuthOutcome {
            status: AuthStatus::Unreachable,
            message: error.message(),
            error: Some(error.into()),
            likely_causes: Vec::new(),
        },
    }
}

/// HiBob accepted the credentials for the first request and refused them later.
pub(super) fn credentials_withdrawn() -> AuthOutcome {
    let withdrawn = SetupError::CredentialsWithdrawn;
    AuthOutcome {
        status: AuthStatus::Rejected,
        message: withdrawn.message(),
        error: Some(withdrawn.report()),
        likely_causes: vec![
            "The token was refreshed in HiBob while the check ran: copy the new token and save it here.".into(),
            "The service user was deactivated or deleted in HiBob.".into(),
        ],
    }
}
