//! Where the admin's HiBob lives, as chosen on the welcome screen.

use hibob::Environment;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::SetupError;
use crate::guide::{EnvironmentKind, HibobPage};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum EnvironmentChoice {
    /// The simulated company running inside the app; works without a HiBob account.
    #[default]
    Demo,
    Production,
    Sandbox,
    Custom {
        url: String,
    },
}

impl EnvironmentChoice {
    pub fn kind(&self) -> EnvironmentKind {
        match self {
            EnvironmentChoice::Demo => EnvironmentKind::Demo,
            EnvironmentChoice::Production => EnvironmentKind::Production,
            EnvironmentChoice::Sandbox => EnvironmentKind::Sandbox,
            EnvironmentChoice::Custom { .. } => EnvironmentKind::Custom,
        }
    }

    /// The API to talk to; `None` for the demo, whose address is only known once it runs.
    pub fn api(&self) -> Result<Option<Environment>, SetupError> {
        Ok(match self {
            EnvironmentChoice::Demo => None,
            EnvironmentChoice::Production => Some(Environment::Production),
            EnvironmentChoice::Sandbox => Some(Environment::Sandbox),
            EnvironmentChoice::Custom { url } => Some(url.parse()?),
        })
    }

    /// Checks a choice as the admin types it: half an address passes (it is saved as typed, so
    /// nothing is lost), but a whole URL of another kind (`file:`, `javascript:`) is refused at
    /// once. Whether an address is usable (https, or http on this computer) is decided by
    /// [`EnvironmentChoice::api`] when it is used, with its own explanation.
    pub fn check_as_typed(&self) -> Result<(), SetupError> {
        let EnvironmentChoice::Custom { url: address } = self else {
            return Ok(());
        };
        match url::Url::parse(address.trim()) {
            Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => {
                Err(hibob::HibobError::InvalidBaseUrl {
                    reason: format!("a {}: address is not a web address", parsed.scheme()),
                }
                .into())
            }
            _ => Ok(()),
        }
    }

    /// Names the credential-store entry: credentials of different environments are kept apart.
    pub fn credential_key(&self) -> String {
        match self {
            EnvironmentChoice::Demo => "demo".into(),
            EnvironmentChoice::Production => "production".into(),
            EnvironmentChoice::Sandbox => "sandbox".into(),
            EnvironmentChoice::Custom { url } => format!("custom:{}", url.trim()),
        }
    }

    /// The HiBob web page to open in the browser (the demo company's admins use production's).
    pub fn web_page(&self, page: HibobPage) -> &'static str {
        let environment = match self {
            EnvironmentChoice::Sandbox => Environment::Sandbox,
            _ => Environment::Production,
        };
        match page {
            HibobPage::Home => environment.web_app_url(),
        }
    }
}
