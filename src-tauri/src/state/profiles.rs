//! Which profiles the Welcome step offers (the library, the generic ones, the admin's own), and
//! the profile builder: the company's fields to choose from, the derived checklist, saving,
//! importing and exporting profile files.

use std::path::Path;

use hibob::FieldMeta;
use setup::builder::{BuilderChoices, BuiltProfile, ProfileDraft};
use setup::profile::ProfileSummary;
use setup::{Profile, Result, SetupError};

use super::{lock, AppState};

impl AppState {
    /// A built-in profile, else one the admin saved.
    pub fn profile(&self, id: &str) -> Result<Profile> {
        if Profile::builtin_text(id).is_some() {
            return Profile::builtin(id, &self.catalog);
        }
        match self.saved_profiles.get(id, &self.catalog) {
            Some(loaded) => loaded,
            None => Err(SetupError::UnknownProfile {
                name: id.to_string(),
                known: Profile::builtin_ids(),
            }),
        }
    }

    /// The library's products, the generic profiles, then the admin's own.
    pub fn profiles(&self) -> Result<Vec<ProfileSummary>> {
        let mut summaries: Vec<ProfileSummary> = Profile::builtins(&self.catalog)?
            .iter()
            .map(Profile::summary)
            .collect();
        let (saved, _) = self.saved_profiles.list(&self.catalog);
        summaries.extend(saved.iter().map(|profile| ProfileSummary {
            saved: true,
            ..profile.summary()
        }));
        Ok(summaries)
    }

    /// Saved profile files that no longer load, for the first screen.
    pub(super) fn saved_profile_problems(&self) -> Vec<String> {
        let (_, problems) = self.saved_profiles.list(&self.catalog);
        problems
            .iter()
            .map(|e| format!("{} {}", e.message(), e.hint()))
            .collect()
    }

    /// The company's fields to build a profile from: those the last Test connection read from
    /// this HiBob, else read now with the stored credentials.
    pub async fn builder_choices(&self) -> Result<BuilderChoices> {
        let fields = match self.known_company_fields() {
            Some(fields) => fields,
            None => {
                let connected = self.connect().await?;
                let fields = connected.connection.client.fields_metadata().await?;
                *lock(&self.company_fields) = Some((self.progress().environment, fields.clone()));
                fields
            }
        };
        Ok(BuilderChoices::new(
            &fields,
            &self.catalog,
            self.uses_field_level_permissions(),
        ))
    }

    fn known_company_fields(&self) -> Option<Vec<FieldMeta>> {
        let environment = self.progress().environment;
        lock(&self.company_fields)
            .as_ref()
            .filter(|(from, _)| *from == environment)
            .map(|(_, fields)| fields.clone())
    }

    fn uses_field_level_permissions(&self) -> bool {
        lock(&self.last)
            .diagnosis
            .as_ref()
            .is_some_and(|d| d.field_level_permissions)
    }

    fn build(&self, draft: &ProfileDraft) -> Result<(Profile, BuiltProfile)> {
        let fields = self
            .known_company_fields()
            .ok_or_else(|| SetupError::InvalidDraft {
                problem: "the company's field list has not been read yet.".into(),
            })?;
        draft.build(&fields, &self.catalog, self.uses_field_level_permissions())
    }

    /// What the draft asks the admin to grant, before anything is saved.
    pub fn build_profile(&self, draft: &ProfileDraft) -> Result<BuiltProfile> {
        self.build(draft).map(|(_, built)| built)
    }

    /// Saves the draft's profile among the admin's own; the Welcome step can then choose it.
    pub fn save_built_profile(&self, draft: &ProfileDraft) -> Result<ProfileSummary> {
        let (profile, _) = self.build(draft)?;
        let saved = self.saved_profiles.save(profile, &self.catalog)?;
        Ok(ProfileSummary {
            saved: true,
            ..saved.summary()
        })
    }

    /// Checks a profile file (a mistake is named by its line) and keeps a copy.
    pub fn import_profile(&self, path: &Path) -> Result<ProfileSummary> {
        let saved = self.saved_profiles.import(path, &self.catalog)?;
        Ok(ProfileSummary {
            saved: true,
            ..saved.summary()
        })
    }

    /// Writes a profile (built-in or saved) to `path`, as `--profile` takes it.
    pub fn export_profile(&self, id: &str, path: &Path) -> Result<()> {
        let profile = self.profile(id)?;
        self.saved_profiles.export(&profile, path)?;
        lock(&self.last).export = Some(path.to_path_buf());
        Ok(())
    }
}
