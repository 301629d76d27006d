//! Where the admin is in the wizard, saved between runs. Never holds the token: it lives in the OS
//! credential store and in memory only.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::environment::EnvironmentChoice;
use crate::error::SetupError;
use crate::guide::StepId;

/// Where the admin is in the wizard; saved on every change and resumed on the next start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct Progress {
    pub step: StepId,
    pub profile: String,
    pub environment: EnvironmentChoice,
    /// Not a secret; kept so the credentials step can show which service user is stored.
    pub service_user_id: Option<String>,
    /// Steps the admin has been through, for the step list's marks.
    pub visited: Vec<StepId>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            step: StepId::Welcome,
            profile: "directory".into(),
            environment: EnvironmentChoice::Demo,
            service_user_id: None,
            visited: vec![StepId::Welcome],
        }
    }
}

impl Progress {
    /// Reads saved progress. A missing file starts afresh. So does a damaged one, which is first
    /// set aside as `progress.json.damaged` (nothing is deleted), with a notice for the admin.
    pub fn load(path: &Path) -> (Progress, Option<String>) {
        let Ok(bytes) = std::fs::read(path) else {
            return (Progress::default(), None);
        };
        match serde_json::from_slice(&bytes) {
            Ok(progress) => (progress, None),
            Err(_) => {
                let kept = path.with_extension("json.damaged");
                let notice = match std::fs::rename(path, &kept) {
                    Ok(()) => format!(
                        "The saved progress could not be read, so the wizard starts from the beginning. The \
                         damaged file was kept as {}.",
                        kept.display()
                    ),
                    Err(_) => "The saved progress could not be read, so the wizard starts from the beginning."
                        .to_string(),
                };
                (Progress::default(), Some(notice))
            }
        }
    }

    /// Writes atomically (temporary file, then rename) so a crash never leaves half a file.
    pub fn save(&self, path: &Path) -> Result<(), SetupError> {
        let unwritable = |detail: String| SetupError::Unwritable {
            path: path.display().to_string(),
            detail,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| unwritable(e.to_string()))?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(|e| unwritable(e.to_string()))?;
        crate::fs::write_atomically(path, &json)
    }
}

#[cfg(test)]
mod tests {
    use test_support::Scratch;

    use super::*;

    #[test]
    fn progress_survives_a_round_trip_and_damage_starts_afresh() {
        let dir = Scratch::new("progress");
        let path = dir.join("progress.json");
        let progress = Progress {
            step: StepId::Permissions,
            profile: "hr-core".into(),
            environment: EnvironmentChoice::Sandbox,
            service_user_id: Some("SERVICE-7".into()),
            visited: vec![StepId::Welcome, StepId::Permissions],
        };
        progress.save(&path).unwrap();
        assert_eq!(Progress::load(&path), (progress, None));
        std::fs::write(&path, b"{ not json").unwrap();
        let (loaded, notice) = Progress::load(&path);
        assert_eq!(loaded, Progress::default());
        assert!(notice.unwrap().contains("progress.json.damaged"));
        // Set aside, not lost; the next start is clean.
        assert_eq!(
            std::fs::read(dir.join("progress.json.damaged")).unwrap(),
            b"{ not json"
        );
        assert_eq!(Progress::load(&path), (Progress::default(), None));
    }
}
