//! The wizard's steps as data (`data/guide.toml`): titles, instructions and pitfalls, in the order
//! of HiBob's admin flow. The UI renders this; it holds no copy of its own.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::FixStep;
use crate::error::SetupError;

const GUIDE_TOML: &str = include_str!("../data/guide.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepId {
    Welcome,
    ServiceUser,
    PermissionGroup,
    WhoseData,
    Permissions,
    Credentials,
    Test,
    /// Sync now: the preview of what the integration would receive.
    Sync,
    /// What was set up, the setup report, and what to hand the vendor.
    Finish,
}

impl From<FixStep> for StepId {
    fn from(step: FixStep) -> Self {
        match step {
            FixStep::WhoseData => StepId::WhoseData,
            FixStep::Permissions => StepId::Permissions,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CalloutKind {
    Info,
    Warning,
    /// A mistake admins often make.
    Pitfall,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Callout {
    pub kind: CalloutKind,
    pub text: String,
}

/// Pages of HiBob's web app the wizard can open in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HibobPage {
    Home,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GuideLink {
    pub label: String,
    pub page: HibobPage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct GuideStep {
    pub id: StepId,
    pub title: String,
    pub summary: String,
    pub instructions: Vec<String>,
    #[serde(default)]
    pub callouts: Vec<Callout>,
    #[serde(default)]
    pub links: Vec<GuideLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guide {
    /// `[[step]]` in the TOML file.
    #[serde(rename(deserialize = "step"))]
    pub steps: Vec<GuideStep>,
    /// `[[environment]]`: where a HiBob can be, as the welcome step offers it.
    #[serde(rename(deserialize = "environment"))]
    pub environments: Vec<EnvironmentOption>,
}

/// The kinds of [`crate::EnvironmentChoice`], without a custom address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EnvironmentKind {
    Demo,
    Production,
    Sandbox,
    Custom,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct EnvironmentOption {
    pub kind: EnvironmentKind,
    pub label: String,
    pub description: String,
}

impl Guide {
    pub fn builtin() -> Result<Self, SetupError> {
        let guide: Guide = toml::from_str(GUIDE_TOML)
            .map_err(|e| SetupError::from_toml("The wizard guide", GUIDE_TOML, &e))?;
        Ok(guide)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guide_has_every_step_once_in_order() {
        let guide = Guide::builtin().unwrap();
        let ids: Vec<StepId> = guide.steps.iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            [
                StepId::Welcome,
                StepId::ServiceUser,
                StepId::PermissionGroup,
                StepId::WhoseData,
                StepId::Permissions,
                StepId::Credentials,
                StepId::Test,
                StepId::Sync,
                StepId::Finish
            ]
        );
        for step in &guide.steps {
            assert!(
                !step.instructions.is_empty(),
                "{:?} has no instructions",
                step.id
            );
        }
    }

    #[test]
    fn every_environment_is_offered_once_with_words_for_it() {
        let guide = Guide::builtin().unwrap();
        let kinds: Vec<EnvironmentKind> = guide.environments.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                EnvironmentKind::Demo,
                EnvironmentKind::Production,
                EnvironmentKind::Sandbox,
                EnvironmentKind::Custom
            ]
        );
        for option in &guide.environments {
            assert!(!option.label.is_empty() && option.description.ends_with('.'));
        }
    }

    #[test]
    fn guide_warns_about_the_known_pitfalls() {
        let guide = Guide::builtin().unwrap();
        let text = serde_json::to_string(&guide).unwrap();
        assert!(text.contains("only once"), "the token is shown once");
        assert!(
            text.contains("Select people by name"),
            "named groups cannot take a service user"
        );
        assert!(text.contains("Terminated"), "what excluding leavers costs");
        assert!(text.contains("System settings"), "the admin prerequisite");
    }
}
