//! The profiles an admin built or imported, one TOML file each in the app's data folder — the
//! same files `hibob-setup --profile` takes, so what the app saved also runs from a script.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::error::SetupError;
use crate::profile::Profile;

pub struct SavedProfiles {
    dir: PathBuf,
}

impl SavedProfiles {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.toml"))
    }

    /// Every saved profile that still loads, by name; a file that no longer does (edited by
    /// hand, or naming a permission a newer catalog dropped) is reported, not hidden.
    pub fn list(&self, catalog: &Catalog) -> (Vec<Profile>, Vec<SetupError>) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (Vec::new(), Vec::new());
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();
        let mut profiles = Vec::new();
        let mut problems = Vec::new();
        for path in paths {
            match Profile::from_file(&path, catalog) {
                Ok(profile) => profiles.push(profile),
                Err(error) => problems.push(error),
            }
        }
        profiles.sort_by_key(|p| p.name.to_lowercase());
        (profiles, problems)
    }

    /// A saved profile by ID.
    pub fn get(&self, id: &str, catalog: &Catalog) -> Option<Result<Profile, SetupError>> {
        let valid_id = !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || c == '-');
        let path = self.path_of(id);
        (valid_id && path.is_file()).then(|| Profile::from_file(&path, catalog))
    }

    /// Saves a profile under an ID no built-in profile uses; returns the profile as saved.
    pub fn save(&self, mut profile: Profile, catalog: &Catalog) -> Result<Profile, SetupError> {
        if Profile::builtin_text(&profile.id).is_some() {
            profile.id = format!("{}-custom", profile.id);
        }
        let text = profile.to_toml()?;
        // Read back first: nothing is saved that would not load again.
        let checked = Profile::from_toml(&text, "The profile", catalog)?;
        std::fs::create_dir_all(&self.dir).map_err(|e| SetupError::Unwritable {
            path: self.dir.display().to_string(),
            detail: e.to_string(),
        })?;
        crate::fs::write_atomically(&self.path_of(&checked.id), text.as_bytes())?;
        Ok(checked)
    }

    /// Checks a profile file (naming the line of a mistake) and keeps a copy.
    pub fn import(&self, path: &Path, catalog: &Catalog) -> Result<Profile, SetupError> {
        let profile = Profile::from_file(path, catalog)?;
        self.save(profile, catalog)
    }

    /// Writes a saved or built-in profile to `path`.
    pub fn export(&self, profile: &Profile, path: &Path) -> Result<(), SetupError> {
        let text = match Profile::builtin_text(&profile.id) {
            Some(text) => text.to_string(),
            None => profile.to_toml()?,
        };
        crate::fs::write_atomically(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_support::Scratch;

    fn catalog() -> Catalog {
        Catalog::builtin().unwrap()
    }

    fn built(name: &str) -> Profile {
        let mut profile = Profile::builtin("directory", &catalog()).unwrap();
        profile.id = crate::builder::slug(name);
        profile.name = name.into();
        profile
    }

    #[test]
    fn a_saved_profile_lists_loads_and_exports_as_the_cli_reads_it() {
        let dir = Scratch::new("saved-profiles");
        let store = SavedProfiles::new(dir.join("profiles"));
        let catalog = catalog();
        let saved = store.save(built("Acme Gifts"), &catalog).unwrap();
        assert_eq!(saved.id, "acme-gifts");
        let (listed, problems) = store.list(&catalog);
        assert_eq!(listed, std::slice::from_ref(&saved));
        assert!(problems.is_empty());
        assert_eq!(store.get("acme-gifts", &catalog).unwrap().unwrap(), saved);
        assert!(store.get("../acme-gifts", &catalog).is_none());

        let exported = dir.join("acme.toml");
        store.export(&saved, &exported).unwrap();
        let loaded = Profile::load(exported.to_str().unwrap(), &catalog).unwrap();
        assert_eq!(loaded, saved);
    }

    #[test]
    fn a_built_in_id_is_never_overwritten_and_a_broken_file_is_reported() {
        let dir = Scratch::new("saved-profiles-clash");
        let store = SavedProfiles::new(dir.join("profiles"));
        let catalog = catalog();
        let saved = store.save(built("Directory"), &catalog).unwrap();
        assert_eq!(saved.id, "directory-custom");

        let broken = dir.join("broken.toml");
        std::fs::write(&broken, "id = \"x\"\nname = \"X\"\ndescription = \"d\"\npermissions = [\n  { id = \"people.wrok.view\", why = \"typo\" },\n]\n").unwrap();
        match store.import(&broken, &catalog) {
            Err(SetupError::InvalidFile { line, .. }) => assert_eq!(line, 5),
            other => panic!("expected the line of the mistake, got {other:?}"),
        }
        std::fs::copy(&broken, dir.join("profiles").join("broken.toml")).unwrap();
        let (listed, problems) = store.list(&catalog);
        assert_eq!(listed.len(), 1);
        assert_eq!(problems.len(), 1);
    }
}
