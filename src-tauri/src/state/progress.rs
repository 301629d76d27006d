//! Where the admin is in the wizard, saved on every change, and the checklist of the chosen profile.

use setup::profile::ProfileChecklist;
use setup::progress::Progress;
use setup::{EnvironmentChoice, Result};

use super::{check_length, lock, AppState};

impl AppState {
    pub fn progress(&self) -> Progress {
        lock(&self.progress).clone()
    }

    pub fn save_progress(&self, mut progress: Progress) -> Result<()> {
        check_length(&progress.profile, "profile name")?;
        if let EnvironmentChoice::Custom { url } = &progress.environment {
            check_length(url, "address")?;
        }
        progress.environment.check_as_typed()?;
        self.profile(&progress.profile)?;
        // Each step once, in the order first visited: a list no longer than the guide.
        let mut seen = std::collections::HashSet::new();
        progress.visited.retain(|step| seen.insert(*step));
        // The stored ID belongs to the credentials, which the UI does not own.
        progress.service_user_id = lock(&self.progress).service_user_id.clone();
        progress.save(&self.progress_file)?;
        *lock(&self.progress) = progress;
        Ok(())
    }

    /// Records (or clears) the service user ID that goes with the stored token.
    pub(super) fn set_service_user_id(&self, id: Option<String>) -> Result<()> {
        let mut progress = lock(&self.progress);
        progress.service_user_id = id;
        progress.save(&self.progress_file)
    }

    pub fn checklist(&self, profile: &str) -> Result<ProfileChecklist> {
        check_length(profile, "profile name")?;
        let environment = self.progress().environment;
        let known = lock(&self.company_fields);
        let fields = known
            .as_ref()
            .filter(|(from, _)| *from == environment)
            .map(|(_, fields)| fields.as_slice());
        Ok(self.profile(profile)?.checklist(&self.catalog, fields))
    }
}
