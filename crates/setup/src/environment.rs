//! Where the admin's HiBob lives, as chosen on the welcome screen.

use hibob::Environment;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::SetupError;
use crate::guide::HibobPage;

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
    /// The API to talk to; `None` for the demo, whose address is only known once it runs.
    pub fn api(&self) -> Result<Option<Environment>, SetupError> {
        Ok(match self {
            EnvironmentChoice::Demo => None,
            EnvironmentChoice::Production => Some(Environment::Production),
            EnvironmentChoice::Sandbox => Some(Environment::Sandbox),
            EnvironmentChoice::Custom { url } => Some(url.parse()?),
        })
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

    /// The HiBob web page to open in the browser. The sandbox's web address is not documented
    /// (reference §1.1 names only its API host), so `app.sandbox.hibob.com` is a best guess.
    pub fn web_page(&self, page: HibobPage) -> &'static str {
        match (self, page) {
            (EnvironmentChoice::Sandbox, HibobPage::Home) => "https://app.sandbox.hibob.com/",
            (_, HibobPage::Home) => "https://app.hibob.com/",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_resolve_to_apis_and_keep_credentials_apart() {
        assert_eq!(EnvironmentChoice::Demo.api().unwrap(), None);
        assert_eq!(
            EnvironmentChoice::Production.api().unwrap(),
            Some(Environment::Production)
        );
        assert!(EnvironmentChoice::Custom {
            url: "http://example.com".into()
        }
        .api()
        .is_err());
        assert_ne!(
            EnvironmentChoice::Production.credential_key(),
            EnvironmentChoice::Sandbox.credential_key()
        );
        let json = serde_json::to_string(&EnvironmentChoice::Custom {
            url: "https://x".into(),
        })
        .unwrap();
        assert_eq!(json, r#"{"kind":"custom","url":"https://x"}"#);
    }
}
