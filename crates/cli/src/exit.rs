//! What `hibob-setup` exits with, as scripts and CI jobs read it.

use std::process::ExitCode;

use hibob::HibobError;
use setup::{SetupError, Verdict};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Every permission that can be checked is granted (sync: the preview was made).
    Ready = 0,
    /// Bad arguments, an unknown profile, missing credentials, a file that cannot be written.
    Usage = 2,
    /// The credentials work, but permissions are missing (sync: a mapped field or table is withheld).
    PermissionsMissing = 3,
    /// HiBob rejected the credentials.
    Rejected = 4,
    /// HiBob could not be reached, or failed.
    Unreachable = 5,
    /// Nothing is missing, but HiBob's answers could not show the profile's data arriving.
    Unverified = 6,
}

/// The `--help` text on exit codes and credentials, kept next to the codes it explains.
pub const HELP: &str = "\
Exit codes:
  0  ready: every permission that can be checked is granted (sync: the preview was made)
  2  usage error (bad arguments, unknown profile, missing credentials)
  3  credentials work, but permissions are missing (sync: a mapped field or table is withheld)
  4  HiBob rejected the credentials
  5  HiBob could not be reached, or failed
  6  nothing missing, but the check could not verify that the data arrives (every data check
     needs confirming in HiBob, or HiBob's field list looks incomplete)

Credentials:
  The service user ID comes from --id or HIBOB_SERVICE_USER_ID.
  The token comes from HIBOB_TOKEN, or from standard input with --token-stdin.
  It is never accepted as a command-line argument, where other users of this computer could see it.";

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

impl From<Verdict> for Exit {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Ready => Exit::Ready,
            Verdict::Unverified => Exit::Unverified,
            Verdict::PermissionsMissing => Exit::PermissionsMissing,
            Verdict::CredentialsRejected => Exit::Rejected,
            Verdict::Unreachable => Exit::Unreachable,
        }
    }
}

impl Exit {
    /// Before HiBob answered: a HiBob error means it could not be reached, anything else is the
    /// command line's fault (an address that is not usable included).
    pub fn before_connecting(error: &SetupError) -> Exit {
        match error {
            SetupError::Hibob(HibobError::InvalidBaseUrl { .. }) => Exit::Usage,
            SetupError::Hibob(_) => Exit::Unreachable,
            _ => Exit::Usage,
        }
    }

    /// After the credentials were sent: the same codes as `check` gives.
    pub fn after_connecting(error: &SetupError) -> Exit {
        match error {
            SetupError::Hibob(HibobError::InvalidCredentials)
            | SetupError::CredentialsWithdrawn => Exit::Rejected,
            SetupError::Hibob(HibobError::Forbidden { .. }) => Exit::PermissionsMissing,
            SetupError::Hibob(_) => Exit::Unreachable,
            _ => Exit::Usage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help text and the enum say the same: each documented code is a variant's.
    #[test]
    fn the_help_lists_every_code() {
        for exit in [
            Exit::Ready,
            Exit::Usage,
            Exit::PermissionsMissing,
            Exit::Rejected,
            Exit::Unreachable,
            Exit::Unverified,
        ] {
            assert!(
                HELP.contains(&format!("\n  {}  ", exit as u8)),
                "{exit:?} is not in the help"
            );
        }
    }
}
