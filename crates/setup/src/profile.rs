//! Integration profiles: what one integration needs from HiBob — its permissions (from the
//! catalog) and the mapping from HiBob fields to the integration's own fields. Built-ins live in
//! `data/profiles/`; a custom profile is a TOML file of the same shape.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use hibob::FieldMeta;

use crate::catalog::{Catalog, CustomSection, Labelled, LifecycleStatus, Probe, Tab, Verify};
use crate::error::{line_and_column, SetupError};

/// The library's products (one file each under `products/`), then the generic profiles.
const BUILTIN: &[(&str, &str)] = &[
    (
        "1password-saas-manager",
        include_str!("../data/profiles/products/1password-saas-manager.toml"),
    ),
    (
        "50skills",
        include_str!("../data/profiles/products/50skills.toml"),
    ),
    (
        "andopen",
        include_str!("../data/profiles/products/andopen.toml"),
    ),
    (
        "culture-amp",
        include_str!("../data/profiles/products/culture-amp.toml"),
    ),
    ("deel", include_str!("../data/profiles/products/deel.toml")),
    (
        "drata",
        include_str!("../data/profiles/products/drata.toml"),
    ),
    (
        "drivetrain",
        include_str!("../data/profiles/products/drivetrain.toml"),
    ),
    (
        "finch",
        include_str!("../data/profiles/products/finch.toml"),
    ),
    (
        "gifted",
        include_str!("../data/profiles/products/gifted.toml"),
    ),
    ("knit", include_str!("../data/profiles/products/knit.toml")),
    (
        "kombo",
        include_str!("../data/profiles/products/kombo.toml"),
    ),
    (
        "learn-amp",
        include_str!("../data/profiles/products/learn-amp.toml"),
    ),
    (
        "merge",
        include_str!("../data/profiles/products/merge.toml"),
    ),
    ("okta", include_str!("../data/profiles/products/okta.toml")),
    (
        "remote",
        include_str!("../data/profiles/products/remote.toml"),
    ),
    (
        "stackone",
        include_str!("../data/profiles/products/stackone.toml"),
    ),
    (
        "unified-to",
        include_str!("../data/profiles/products/unified-to.toml"),
    ),
    (
        "universalapi",
        include_str!("../data/profiles/products/universalapi.toml"),
    ),
    (
        "vanta",
        include_str!("../data/profiles/products/vanta.toml"),
    ),
    (
        "workato",
        include_str!("../data/profiles/products/workato.toml"),
    ),
    (
        "zluri",
        include_str!("../data/profiles/products/zluri.toml"),
    ),
    ("directory", include_str!("../data/profiles/directory.toml")),
    ("hr-core", include_str!("../data/profiles/hr-core.toml")),
    ("unified", include_str!("../data/profiles/unified.toml")),
];

/// How a HiBob value becomes the integration's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MappingKind {
    /// Taken as is.
    Text,
    /// Text that must look like an email address.
    Email,
    /// A list item: the integration gets its display name.
    List,
    /// An ISO date (`YYYY-MM-DD`).
    Date,
    /// A reference to another employee (a manager): the integration gets that person's ID.
    Employee,
}

/// An employee table whose rows (the history) an integration reads besides the people fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HistoryTable {
    /// Job titles, departments, sites and managers over time.
    Work,
    Employment,
    Lifecycle,
    /// Salary history.
    Salaries,
}

impl HistoryTable {
    /// The table as HiBob's API names it.
    pub fn wire(self) -> hibob::Table {
        match self {
            HistoryTable::Work => hibob::Table::Work,
            HistoryTable::Employment => hibob::Table::Employment,
            HistoryTable::Lifecycle => hibob::Table::Lifecycle,
            HistoryTable::Salaries => hibob::Table::Salaries,
        }
    }

    /// The live check of the permission that shares this table's rows.
    pub fn probe(self) -> Probe {
        match self {
            HistoryTable::Work => Probe::WorkHistory,
            HistoryTable::Employment => Probe::EmploymentHistory,
            HistoryTable::Lifecycle => Probe::LifecycleHistory,
            HistoryTable::Salaries => Probe::SalaryHistory,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            HistoryTable::Work => "work history",
            HistoryTable::Employment => "employment history",
            HistoryTable::Lifecycle => "lifecycle history",
            HistoryTable::Salaries => "salary history",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldMapping {
    /// The field on the integration's side.
    pub target: String,
    /// HiBob's field ID (dot notation).
    pub source: String,
    pub kind: MappingKind,
    /// A record without it cannot be synced.
    #[serde(default)]
    pub required: bool,
    /// Pay, bank, personal identifiers: masked on screen, hashed at rest.
    #[serde(default)]
    pub sensitive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfilePermission {
    pub id: String,
    /// Why the integration needs it, shown next to the label.
    pub why: String,
}

/// What kind of product a library profile is for; the Welcome step groups and searches by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProductCategory {
    /// One API in front of many HR systems (Merge, Finch, Kombo…).
    UnifiedApi,
    /// Payroll, employer of record, HR services.
    PayrollEor,
    /// Identity providers, IT and SaaS management.
    IdentityIt,
    /// Engagement, surveys, recognition, gifting.
    Engagement,
    /// Learning and skills.
    Learning,
    /// Security and compliance automation.
    Compliance,
    /// Finance, planning and analytics.
    Planning,
    /// Workflow automation platforms.
    Automation,
}

impl ProductCategory {
    pub fn name(self) -> &'static str {
        match self {
            ProductCategory::UnifiedApi => "Unified API",
            ProductCategory::PayrollEor => "Payroll and employer of record",
            ProductCategory::IdentityIt => "Identity and IT",
            ProductCategory::Engagement => "Engagement and gifting",
            ProductCategory::Learning => "Learning",
            ProductCategory::Compliance => "Security and compliance",
            ProductCategory::Planning => "Finance and planning",
            ProductCategory::Automation => "Workflow automation",
        }
    }
}

/// Where a library profile's list comes from: the vendor's public setup guide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ProfileSource {
    pub url: String,
    /// When the guide was read (`YYYY-MM-DD`): guides change and HiBob renames labels.
    pub read: String,
}

/// A profile for one named product (the library), as opposed to a generic profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ProductInfo {
    pub category: ProductCategory,
    /// Other names admins search for (former names, the vendor's company name).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub sources: Vec<ProfileSource>,
    /// Where the guide is partial, vague or disagrees with HiBob, in the admin's terms.
    #[serde(default)]
    pub caveats: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProfileSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `None` for the generic profiles and for profiles the admin built.
    pub product: Option<ProductInfo>,
    /// The product's category as the Welcome step shows and searches it.
    pub category_name: Option<String>,
    /// Built or imported by the admin, kept in the app's data folder.
    pub saved: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChecklistItem {
    pub permission: String,
    pub section: String,
    /// What to paste into HiBob's permission search.
    pub label: String,
    /// Other labels the admin may have been handed for it.
    pub other_wordings: Vec<String>,
    pub why: String,
    pub unlocks: String,
    /// Why the connection test can only ask the admin to confirm this one (in this company,
    /// when its field list is known); `None` when the test checks it.
    pub cannot_check: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChecklistGroup {
    pub tab: Tab,
    pub area: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProfileChecklist {
    pub profile: ProfileSummary,
    pub groups: Vec<ChecklistGroup>,
    /// Lifecycle statuses the "Access data for" condition must include, with HiBob's names.
    pub statuses: Vec<Labelled<LifecycleStatus>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Whether the integration reads inactive people (future starters, leavers) too.
    #[serde(default)]
    pub include_inactive: bool,
    pub permissions: Vec<ProfilePermission>,
    #[serde(default)]
    pub mapping: Vec<FieldMapping>,
    /// History tables the integration reads (all rows, every employee).
    #[serde(default)]
    pub tables: Vec<HistoryTable>,
    /// Set for the library's named products.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductInfo>,
    /// Sections the company added to HiBob that the integration reads (`[[custom_section]]`).
    #[serde(
        default,
        rename = "custom_section",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub custom_sections: Vec<CustomSection>,
}

impl Profile {
    pub fn builtin_ids() -> Vec<String> {
        BUILTIN.iter().map(|(id, _)| id.to_string()).collect()
    }

    /// Every built-in profile: the library's products, then the generic profiles, each group by name.
    pub fn builtins(catalog: &Catalog) -> Result<Vec<Self>, SetupError> {
        let mut profiles = BUILTIN
            .iter()
            .map(|(id, _)| Self::builtin(id, catalog))
            .collect::<Result<Vec<_>, _>>()?;
        profiles.sort_by_key(|p| (p.product.is_none(), p.name.to_lowercase()));
        Ok(profiles)
    }

    /// A built-in profile's TOML, as shipped (to show, copy or start a profile file from).
    pub fn builtin_text(id: &str) -> Option<&'static str> {
        BUILTIN
            .iter()
            .find(|(name, _)| *name == id)
            .map(|(_, text)| *text)
    }

    pub fn builtin(id: &str, catalog: &Catalog) -> Result<Self, SetupError> {
        let text = Self::builtin_text(id).ok_or_else(|| SetupError::UnknownProfile {
            name: id.to_string(),
            known: Self::builtin_ids(),
        })?;
        Self::from_toml(text, &format!("The built-in profile “{id}”"), catalog)
    }

    /// A built-in name, or else the path of a profile file.
    pub fn load(name_or_path: &str, catalog: &Catalog) -> Result<Self, SetupError> {
        if BUILTIN.iter().any(|(id, _)| *id == name_or_path) {
            return Self::builtin(name_or_path, catalog);
        }
        let path = Path::new(name_or_path);
        let looks_like_path = name_or_path.ends_with(".toml") || name_or_path.contains(['/', '\\']);
        if !looks_like_path && !path.exists() {
            return Err(SetupError::UnknownProfile {
                name: name_or_path.to_string(),
                known: Self::builtin_ids(),
            });
        }
        Self::from_file(path, catalog)
    }

    /// A profile file, its mistakes located by line.
    pub fn from_file(path: &Path, catalog: &Catalog) -> Result<Self, SetupError> {
        let text = std::fs::read_to_string(path).map_err(|e| SetupError::Unreadable {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        Self::from_toml(
            &text,
            &format!("The profile file {}", path.display()),
            catalog,
        )
    }

    /// Parses and checks a profile; `what` names it in error messages.
    pub fn from_toml(text: &str, what: &str, catalog: &Catalog) -> Result<Self, SetupError> {
        let profile: Profile =
            toml::from_str(text).map_err(|e| SetupError::from_toml(what, text, &e))?;
        profile.check(text, what, catalog)?;
        Ok(profile)
    }

    fn check(&self, text: &str, what: &str, catalog: &Catalog) -> Result<(), SetupError> {
        let located = |needle: &str, problem: String| {
            let offset = text.find(needle).unwrap_or(0);
            let (line, column) = line_and_column(text, offset);
            SetupError::InvalidFile {
                what: what.to_string(),
                line,
                column,
                problem,
            }
        };
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(located(
                &format!("\"{}\"", self.id),
                format!(
                    "the id “{}” may only hold letters, digits and dashes",
                    self.id
                ),
            ));
        }
        if crate::fs::is_windows_device_name(&self.id) {
            return Err(located(
                &format!("\"{}\"", self.id),
                format!(
                    "the id “{}” is a name Windows keeps for a device, so no profile file may bear it; choose \
                     another",
                    self.id
                ),
            ));
        }
        for section in &self.custom_sections {
            if section.category.trim().is_empty() || section.name.trim().is_empty() {
                return Err(located(
                    "[[custom_section]]",
                    "a custom section needs its category ID and its name".into(),
                ));
            }
        }
        let catalog = self.catalog(catalog);
        let mut seen = BTreeSet::new();
        for permission in &self.permissions {
            let quoted = format!("\"{}\"", permission.id);
            if catalog.get(&permission.id).is_none() {
                return Err(located(
                    &quoted,
                    format!("“{}” is not a permission HiBob Setup knows", permission.id),
                ));
            }
            if !seen.insert(permission.id.as_str()) {
                return Err(located(
                    &quoted,
                    format!("“{}” is listed twice", permission.id),
                ));
            }
        }
        if let Some(product) = &self.product {
            if product.sources.is_empty() {
                return Err(located(
                    "[product]",
                    "a product profile names at least one source (a [[product.sources]] with url and read)".into(),
                ));
            }
            for source in &product.sources {
                if !is_iso_date(&source.read) {
                    return Err(located(
                        &format!("\"{}\"", source.read),
                        format!("“{}” is not a date like 2026-11-29", source.read),
                    ));
                }
            }
        }
        let mut targets = BTreeSet::new();
        for mapping in &self.mapping {
            let quoted = format!("\"{}\"", mapping.source);
            if !mapping.source.contains('.') || mapping.source.contains(char::is_whitespace) {
                return Err(located(
                    &quoted,
                    format!(
                        "“{}” is not a HiBob field ID like work.title",
                        mapping.source
                    ),
                ));
            }
            if !targets.insert(mapping.target.as_str()) {
                return Err(located(
                    &format!("\"{}\"", mapping.target),
                    format!("the target field “{}” is mapped twice", mapping.target),
                ));
            }
        }
        Ok(())
    }

    /// The profile as a file `--profile` and the app's import take.
    pub fn to_toml(&self) -> Result<String, SetupError> {
        let body = toml::to_string(self).map_err(|e| SetupError::InvalidDraft {
            problem: format!("it could not be written as TOML ({e})."),
        })?;
        Ok(format!(
            "# An integration profile for HiBob Setup: `hibob-setup check --profile <this file>`,\n\
             # or Welcome › Import a profile file in the app.\n{body}"
        ))
    }

    /// The catalog this profile is read against: the built-in one plus its custom sections.
    pub fn catalog<'a>(&self, catalog: &'a Catalog) -> std::borrow::Cow<'a, Catalog> {
        catalog.with_custom_sections(&self.custom_sections)
    }

    pub fn summary(&self) -> ProfileSummary {
        ProfileSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            product: self.product.clone(),
            category_name: self.product.as_ref().map(|p| p.category.name().to_string()),
            saved: false,
        }
    }

    /// What the admin ticks in HiBob for this integration, grouped as HiBob's editor groups it
    /// (Features tab first, then People's data), plus the lifecycle statuses it must see. With
    /// the company's field list, items nothing in that company could show are marked as such.
    pub fn checklist(
        &self,
        catalog: &Catalog,
        company_fields: Option<&[FieldMeta]>,
    ) -> ProfileChecklist {
        let catalog = &*self.catalog(catalog);
        let mut groups: Vec<ChecklistGroup> = Vec::new();
        for wanted in &self.permissions {
            let Some(permission) = catalog.get(&wanted.id) else {
                continue;
            };
            if matches!(permission.verify, Verify::Lifecycle(_)) {
                continue;
            }
            let item = ChecklistItem {
                permission: permission.id.clone(),
                section: permission.section.clone(),
                label: permission.label.clone(),
                other_wordings: permission.other_wordings.clone(),
                why: wanted.why.clone(),
                unlocks: permission.unlocks.clone(),
                cannot_check: permission.cannot_check(company_fields),
            };
            match groups
                .iter_mut()
                .find(|g| g.tab == permission.tab && g.area == permission.area)
            {
                Some(group) => group.items.push(item),
                None => groups.push(ChecklistGroup {
                    tab: permission.tab,
                    area: permission.area.clone(),
                    items: vec![item],
                }),
            }
        }
        // Stable: keeps the profile's order inside a group and of areas within a tab.
        groups.sort_by_key(|g| g.tab);
        for group in &mut groups {
            group.items.sort_by(|a, b| a.section.cmp(&b.section));
        }
        ProfileChecklist {
            profile: self.summary(),
            groups,
            statuses: self
                .required_statuses(catalog)
                .into_iter()
                .map(LifecycleStatus::labelled)
                .collect(),
        }
    }

    /// The lifecycle statuses the integration must see (from its `access.lifecycle.*` entries).
    pub fn required_statuses(&self, catalog: &Catalog) -> BTreeSet<LifecycleStatus> {
        self.permissions
            .iter()
            .filter_map(|p| match catalog.get(&p.id).map(|c| &c.verify) {
                Some(Verify::Lifecycle(status)) => Some(*status),
                _ => None,
            })
            .collect()
    }
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, digits: usize, range: std::ops::RangeInclusive<u32>| {
        part.len() == digits
            && part.chars().all(|c| c.is_ascii_digit())
            && part.parse::<u32>().is_ok_and(|n| range.contains(&n))
    };
    matches!(parts.as_slice(), [year, month, day]
        if number(year, 4, 2000..=2999) && number(month, 2, 1..=12) && number(day, 2, 1..=31))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::builtin().unwrap()
    }

    #[test]
    fn every_builtin_profile_loads_and_names_only_catalog_permissions() {
        let catalog = catalog();
        for id in Profile::builtin_ids() {
            let profile = Profile::builtin(&id, &catalog).unwrap();
            assert_eq!(profile.id, id);
            assert!(!profile.permissions.is_empty());
            assert!(profile.mapping.iter().any(|m| m.required));
        }
    }

    #[test]
    fn directory_profile_follows_the_mapping_table_and_needs_leavers() {
        let catalog = catalog();
        let profile = Profile::builtin("directory", &catalog).unwrap();
        let targets: Vec<&str> = profile.mapping.iter().map(|m| m.target.as_str()).collect();
        assert_eq!(
            targets,
            [
                "id",
                "full_name",
                "first_name",
                "last_name",
                "email",
                "job_title",
                "location",
                "primary_team",
                "hire_date",
                "leave_date",
                "override_manager"
            ]
        );
        assert!(profile.include_inactive);
        assert!(profile
            .required_statuses(&catalog)
            .contains(&LifecycleStatus::Terminated));
    }

    #[test]
    fn checklist_groups_features_first_and_keeps_statuses_apart() {
        let catalog = catalog();
        let checklist = Profile::builtin("hr-core", &catalog)
            .unwrap()
            .checklist(&catalog, None);
        assert_eq!(checklist.groups[0].tab, Tab::Features);
        let areas: Vec<&str> = checklist.groups.iter().map(|g| g.area.as_str()).collect();
        assert!(
            areas.contains(&"People") && areas.contains(&"Docs") && areas.contains(&"Time off")
        );
        assert!(
            !areas.contains(&"Access data for"),
            "statuses belong to their own step"
        );
        assert_eq!(checklist.statuses.len(), 6);
        let upload = checklist
            .groups
            .iter()
            .flat_map(|g| &g.items)
            .find(|i| i.permission == "docs.shared.upload")
            .unwrap();
        assert!(upload
            .cannot_check
            .as_deref()
            .is_some_and(|why| why.contains("adding a document")));
        // A folder never shows in HiBob's answer, so even viewing one is to be confirmed.
        let view = checklist
            .groups
            .iter()
            .flat_map(|g| &g.items)
            .find(|i| i.permission == "docs.shared.view")
            .unwrap();
        assert!(view
            .cannot_check
            .as_deref()
            .is_some_and(|why| why.contains("folder")));
        assert_eq!(
            upload.label,
            "Upload selected employees’ docs in the folder"
        );
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let text = "id = \"x\"\nname = \"X\"\ndescription = \"d\"\npermissions = [ { id = \"people.work.view\" why = \"w\" } ]\n";
        match Profile::from_toml(text, "The profile file x.toml", &catalog()) {
            Err(SetupError::InvalidFile { line, problem, .. }) => {
                assert_eq!(line, 4, "{problem}");
            }
            other => panic!("expected a located error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_permissions_name_the_line_and_the_id() {
        let text = "id = \"x\"\nname = \"X\"\ndescription = \"d\"\npermissions = [\n  { id = \"people.work.view\", why = \"w\" },\n  { id = \"people.wrok.view\", why = \"typo\" },\n]\n";
        let error = Profile::from_toml(text, "The profile file x.toml", &catalog()).unwrap_err();
        assert_eq!(
            error,
            SetupError::InvalidFile {
                what: "The profile file x.toml".into(),
                line: 6,
                column: 10,
                problem: "“people.wrok.view” is not a permission HiBob Setup knows".into()
            }
        );
        assert!(error.message().contains("line 6"));
    }

    #[test]
    fn an_id_windows_keeps_for_a_device_is_refused_on_its_line() {
        let text = "name = \"X\"\nid = \"Nul\"\ndescription = \"d\"\npermissions = [ { id = \"people.work.view\", why = \"w\" } ]\n";
        match Profile::from_toml(text, "The profile file nul.toml", &catalog()) {
            Err(SetupError::InvalidFile { line, problem, .. }) => {
                assert_eq!(line, 2);
                assert!(problem.contains("Windows keeps for a device"), "{problem}");
            }
            other => panic!("expected a located error, got {other:?}"),
        }
    }

    #[test]
    fn unknown_keys_are_refused_rather_than_ignored() {
        let text = "id = \"x\"\nname = \"X\"\ndescription = \"d\"\npermissions = []\nshow_inactive = true\n";
        assert!(matches!(
            Profile::from_toml(text, "f", &catalog()),
            Err(SetupError::InvalidFile { line: 5, .. })
        ));
    }

    #[test]
    fn a_missing_file_and_an_unknown_name_are_told_apart() {
        let catalog = catalog();
        assert!(matches!(
            Profile::load("directry", &catalog),
            Err(SetupError::UnknownProfile { .. })
        ));
        assert!(matches!(
            Profile::load("/nonexistent/profile.toml", &catalog),
            Err(SetupError::Unreadable { .. })
        ));
    }
}
