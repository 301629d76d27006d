//! The permission catalog: every permission an integration may need, where it sits in HiBob's
//! permission-group editor, its exact label, what it unlocks and how to verify it live.
//! The data lives in `data/catalog.toml`; this module gives it types and checks it.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fmt;

use hibob::{Employee, FieldKey, FieldMeta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::SetupError;

const CATALOG_TOML: &str = include_str!("../data/catalog.toml");

/// The tab of HiBob's permission-group editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Tab {
    #[serde(rename = "Features")]
    Features,
    #[serde(rename = "People's data")]
    PeoplesData,
}

impl fmt::Display for Tab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tab::Features => "Features",
            Tab::PeoplesData => "People's data",
        })
    }
}

/// A lifecycle status as HiBob's "Lifecycle status" condition lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LifecycleStatus {
    Hired,
    Employed,
    Terminated,
    GardenLeave,
    Leave,
    ParentalLeave,
}

/// A value with the words a screen shows for it, so no screen keeps its own copy of the names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Labelled<T> {
    pub id: T,
    pub label: String,
}

impl LifecycleStatus {
    /// With its name as HiBob shows it.
    pub fn labelled(self) -> Labelled<LifecycleStatus> {
        Labelled {
            id: self,
            label: self.display_name().to_string(),
        }
    }

    pub const ALL: [LifecycleStatus; 6] = [
        LifecycleStatus::Hired,
        LifecycleStatus::Employed,
        LifecycleStatus::Terminated,
        LifecycleStatus::GardenLeave,
        LifecycleStatus::Leave,
        LifecycleStatus::ParentalLeave,
    ];

    pub fn display_name(self) -> &'static str {
        match self {
            LifecycleStatus::Hired => "Hired",
            LifecycleStatus::Employed => "Employed",
            LifecycleStatus::Terminated => "Terminated",
            LifecycleStatus::GardenLeave => "Garden leave",
            LifecycleStatus::Leave => "Leave",
            LifecycleStatus::ParentalLeave => "Parental leave",
        }
    }

    /// The status as it reads after "nobody is": "on parental leave", not "parental leave".
    pub fn state(self) -> &'static str {
        match self {
            LifecycleStatus::Hired => "hired and waiting to start",
            LifecycleStatus::Employed => "employed",
            LifecycleStatus::Terminated => "terminated",
            LifecycleStatus::GardenLeave => "on garden leave",
            LifecycleStatus::Leave => "on leave",
            LifecycleStatus::ParentalLeave => "on parental leave",
        }
    }

    /// Whether HiBob counts people with this status as inactive (`internal.status`), which
    /// "Everyone" leaves out (docs/hibob-api.md §4).
    pub fn is_inactive(self) -> bool {
        matches!(self, LifecycleStatus::Hired | LifecycleStatus::Terminated)
    }

    pub fn id(self) -> &'static str {
        match self {
            LifecycleStatus::Hired => "hired",
            LifecycleStatus::Employed => "employed",
            LifecycleStatus::Terminated => "terminated",
            LifecycleStatus::GardenLeave => "garden_leave",
            LifecycleStatus::Leave => "leave",
            LifecycleStatus::ParentalLeave => "parental_leave",
        }
    }

    /// Reads HiBob's value for `internal.lifecycleStatus`. Its machine casing is uncertain
    /// (docs/hibob-api.md §4: `employed` vs `Employed`), so both the ID and the display name are accepted,
    /// ignoring case, spaces and underscores.
    pub fn parse_hibob(value: &str) -> Option<Self> {
        // Compared letter by letter, without building texts: this runs for every employee.
        fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
            text.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
        }
        // HiBob's own ID is the common case; an ID folds as its display name does
        // (`garden_leave`, `Garden leave`).
        let all = LifecycleStatus::ALL.into_iter();
        all.clone().find(|status| status.id() == value).or_else(|| {
            all.into_iter()
                .find(|status| folded(status.id()).eq(folded(value)))
        })
    }
}

/// HiBob's lifecycle status field.
pub const LIFECYCLE_FIELD: &str = "internal.lifecycleStatus";

/// An employee's lifecycle status: from the field's value, else from the name HiBob appends
/// under `humanReadable`, each read by `parse_hibob`. `key` is a key of [`LIFECYCLE_FIELD`], kept
/// across the employees of one answer.
pub fn lifecycle_by(key: &mut FieldKey, employee: &Employee) -> Option<LifecycleStatus> {
    key.of(employee)
        .as_str()
        .and_then(LifecycleStatus::parse_hibob)
        .or_else(|| {
            key.human_readable(employee)
                .and_then(|value| value.as_str())
                .and_then(LifecycleStatus::parse_hibob)
        })
}

/// The live checks the diagnosis knows how to run against an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Probe {
    WorkHistory,
    EmploymentHistory,
    LifecycleHistory,
    SalaryHistory,
    BankAccounts,
    WhosOut,
    TimeOffBalance,
    TimeOffSettings,
    /// `GET /tasks`: People's tasks.
    Tasks,
    /// `GET /company/reports`: Features › Reports.
    Reports,
}

/// How a permission can be verified live.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verify {
    /// Fields of this HiBob category (`categoryId`) come back from people search.
    Fields(String),
    /// This one field comes back (for HiBob's special rules, like the full birth date).
    Field(String),
    Endpoint(Probe),
    /// The documents endpoint returns documents from this folder.
    Documents(String),
    /// Employees with this lifecycle status are visible.
    Lifecycle(LifecycleStatus),
    /// Cannot be checked without changing data; the text says why.
    Unverifiable(String),
}

/// Where in the wizard an admin fixes a permission (the UI jumps back there).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FixStep {
    /// Step 4: whose data the group may see (the Lifecycle status condition).
    WhoseData,
    /// Step 5: the permission checklist.
    Permissions,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permission {
    pub id: String,
    pub tab: Tab,
    /// The group inside the tab: People, Docs, Time off, Access data for, Settings…
    pub area: String,
    pub section: String,
    /// Exactly what to type into HiBob's permission search.
    pub label: String,
    /// Other labels admins are handed for the same checkbox (older wording, vendor guides).
    #[serde(default)]
    pub other_wordings: Vec<String>,
    pub unlocks: String,
    pub verify: Verify,
}

impl Permission {
    pub fn fix_step(&self) -> FixStep {
        if matches!(self.verify, Verify::Lifecycle(_)) {
            FixStep::WhoseData
        } else {
            FixStep::Permissions
        }
    }

    /// Where in HiBob to grant it, as one instruction.
    pub fn fix(&self) -> String {
        const GROUP: &str =
            "In HiBob, open System settings › Account › Permission groups › the service user's group";
        match (&self.verify, self.tab) {
            (Verify::Lifecycle(_), _) => format!(
                "{GROUP} › People's data › Access data for › Select people by condition › Edit, \
                 make the Lifecycle status condition include “{}”, then Apply and Save.",
                self.label
            ),
            (_, tab) => format!(
                "{GROUP} › {tab}, search for “{}” ({} › {}{}), tick it, then Save and Apply.",
                self.label,
                self.area,
                self.section,
                self.also_printed_as()
            ),
        }
    }

    /// "; also printed as “…”", for a label an admin may know by another wording; empty otherwise.
    fn also_printed_as(&self) -> String {
        if self.other_wordings.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = self
            .other_wordings
            .iter()
            .map(|w| format!("“{w}”"))
            .collect();
        format!("; also printed as {}", quoted.join(" or "))
    }

    pub fn is_verifiable(&self) -> bool {
        !matches!(self.verify, Verify::Unverifiable(_))
    }

    /// Why the connection test cannot settle this permission, known before it runs: it would
    /// mean changing data, HiBob's answer cannot show it, or this company's field list (when
    /// known) has nothing it could be seen on. `None` when the test can settle it.
    pub fn cannot_check(&self, company_fields: Option<&[FieldMeta]>) -> Option<String> {
        match &self.verify {
            Verify::Unverifiable(why) => Some(why.clone()),
            // HiBob's documented answer lists a document's name and link only (docs/hibob-api.md
            // §5, §14 Q13): a refusal shows, a folder does not.
            Verify::Documents(_) => Some(
                "HiBob's documents answer does not say which folder a document is in, so the test can only tell \
                 whether documents are refused altogether."
                    .to_string(),
            ),
            Verify::Fields(category) => company_fields
                .filter(|fields| !fields.iter().any(|f| &f.category_id == category))
                .map(|_| {
                    format!(
                        "This company's HiBob has no {} fields, so nothing can show whether it is granted.",
                        self.section
                    )
                }),
            Verify::Field(id) => company_fields
                .filter(|fields| !fields.iter().any(|f| &f.id == id))
                .map(|_| format!("This company's HiBob has no field {id}, so it cannot be checked.")),
            Verify::Endpoint(_) | Verify::Lifecycle(_) => None,
        }
    }
}

/// A People's-data section the catalog does not list: one the company added (a custom category
/// such as `category_1720508362305`) or one a HiBob feature or region brings (UK tax settings, a
/// jobs catalog, right to work). HiBob's editor lists each under its own name with View and Edit
/// checkboxes like its general sections; a profile that reads its fields declares it, and its two
/// permissions join the catalog for that profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomSection {
    /// HiBob's `categoryId`.
    pub category: String,
    /// The section's name as the company gave it (HiBob's `categoryDisplayName`).
    pub name: String,
}

impl CustomSection {
    /// The permission ID a profile lists for viewing (or editing) this section.
    pub fn permission_id(category: &str, edit: bool) -> String {
        format!(
            "people.custom.{category}.{}",
            if edit { "edit" } else { "view" }
        )
    }

    fn permissions(&self) -> [Permission; 2] {
        let permission = |edit: bool, label: String, unlocks: String, verify: Verify| Permission {
            id: Self::permission_id(&self.category, edit),
            tab: Tab::PeoplesData,
            area: "People".into(),
            section: self.name.clone(),
            label,
            other_wordings: Vec::new(),
            unlocks,
            verify,
        };
        // The label follows HiBob's pattern for the sections it documents; for these it is
        // inferred, not seen printed (uncertain: docs/hibob-api.md, permissions).
        [
            permission(
                false,
                format!("View selected employees’ {} sections", self.name),
                format!("The fields of the {} section.", self.name),
                Verify::Fields(self.category.clone()),
            ),
            permission(
                true,
                format!("Edit selected employees’ {} sections", self.name),
                format!("Changing the fields of the {} section.", self.name),
                Verify::Unverifiable("Checking it would mean changing an employee's data.".into()),
            ),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Catalog {
    permissions: Vec<Permission>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    permission: Vec<Permission>,
}

impl Catalog {
    /// The catalog shipped with the app. Checked by the test suite, so failure here is a build bug;
    /// it is still reported as an error rather than a panic.
    pub fn builtin() -> Result<Self, SetupError> {
        Self::from_toml(CATALOG_TOML)
    }

    /// The built-in catalog, read once, for sentences that name a permission (Sync now's
    /// problems); `None` only if the shipped catalog is broken, which the test suite rules out.
    pub fn shared() -> Option<&'static Catalog> {
        static SHARED: std::sync::OnceLock<Option<Catalog>> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| Catalog::builtin().ok()).as_ref()
    }

    /// The permission that shares the earlier values of a category's fields (its section
    /// histories), where the catalog has one.
    pub fn history_of_category(&self, category: &str) -> Option<&Permission> {
        self.beside_view_of_category(category, "history")
    }

    /// The permission whose live check reads this endpoint.
    pub fn checked_by(&self, probe: Probe) -> Option<&Permission> {
        self.permissions
            .iter()
            .find(|p| matches!(&p.verify, Verify::Endpoint(found) if *found == probe))
    }

    pub fn from_toml(text: &str) -> Result<Self, SetupError> {
        let file: CatalogFile = toml::from_str(text)
            .map_err(|e| SetupError::from_toml("the permission catalog", text, &e))?;
        let catalog = Self::new(file.permission);
        catalog.validate()?;
        Ok(catalog)
    }

    fn new(permissions: Vec<Permission>) -> Self {
        let index = permissions
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        Self { permissions, index }
    }

    /// This catalog plus the permissions of the company's own sections a profile reads.
    pub fn with_custom_sections(&self, sections: &[CustomSection]) -> Cow<'_, Catalog> {
        if sections.is_empty() {
            return Cow::Borrowed(self);
        }
        let mut permissions = self.permissions.clone();
        for section in sections {
            for permission in section.permissions() {
                if !self.index.contains_key(&permission.id) {
                    permissions.push(permission);
                }
            }
        }
        Cow::Owned(Self::new(permissions))
    }

    /// The permission that lets a group read a People's-data category's fields: the entry
    /// verified by that category, else the one named after it (Financial is verified through
    /// bank accounts but still unlocks the `financial` fields).
    pub fn view_of_category(&self, category: &str) -> Option<&Permission> {
        self.permissions
            .iter()
            .find(|p| matches!(&p.verify, Verify::Fields(c) if c == category))
            .or_else(|| self.get(&format!("people.{category}.view")))
    }

    /// The Edit checkbox of the category's section, where the catalog has one.
    pub fn edit_of_category(&self, category: &str) -> Option<&Permission> {
        self.beside_view_of_category(category, "edit")
    }

    /// Another checkbox of the section whose View shares the category (`people.work.view` →
    /// `people.work.edit`).
    fn beside_view_of_category(&self, category: &str, right: &str) -> Option<&Permission> {
        let view = self.view_of_category(category)?;
        let prefix = view.id.strip_suffix(".view")?;
        self.get(&format!("{prefix}.{right}"))
    }

    pub fn get(&self, id: &str) -> Option<&Permission> {
        self.index.get(id).map(|&i| &self.permissions[i])
    }

    pub fn all(&self) -> &[Permission] {
        &self.permissions
    }

    /// Ids unique; labels unique within their section (HiBob repeats a docs label per folder);
    /// every probe well formed.
    fn validate(&self) -> Result<(), SetupError> {
        let invalid = |problem: String| SetupError::InvalidCatalog { problem };
        if self.index.len() != self.permissions.len() {
            return Err(invalid("two permissions share an id".into()));
        }
        let mut labels = BTreeSet::new();
        for p in &self.permissions {
            if !labels.insert((p.tab, p.area.as_str(), p.section.as_str(), p.label.as_str())) {
                return Err(invalid(format!(
                    "the label “{}” appears twice in {}",
                    p.label, p.section
                )));
            }
            if p.id.trim().is_empty() || p.label.trim().is_empty() || p.unlocks.trim().is_empty() {
                return Err(invalid(format!(
                    "{} has an empty id, label or description",
                    p.id
                )));
            }
            match &p.verify {
                Verify::Fields(category) if category.is_empty() => {
                    return Err(invalid(format!(
                        "{} checks fields of an empty category",
                        p.id
                    )))
                }
                Verify::Field(field) if !field.contains('.') => {
                    return Err(invalid(format!(
                        "{} checks “{field}”, which is not a field ID",
                        p.id
                    )))
                }
                Verify::Documents(folder) if folder.is_empty() => {
                    return Err(invalid(format!("{} checks an unnamed docs folder", p.id)))
                }
                Verify::Unverifiable(why) if why.trim().is_empty() => {
                    return Err(invalid(format!(
                        "{} is unverifiable without saying why",
                        p.id
                    )))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_loads_and_is_consistent() {
        let catalog = Catalog::builtin().unwrap();
        assert!(catalog.all().len() >= 50);
        let work = catalog.get("people.work.view").unwrap();
        assert_eq!(work.label, "View selected employees’ Work sections");
        assert_eq!(work.verify, Verify::Fields("work".into()));
        assert!(work
            .fix()
            .contains("“View selected employees’ Work sections”"));
        // A label known by another wording says so, for the admin who was handed that one.
        let settings = catalog.get("features.timeoff.settings").unwrap();
        assert!(settings.fix().contains(
            "search for “Manage company’s time off settings” (Time off › Settings; also printed as “See company’s \
             time off settings”)"
        ));
        let terminated = catalog.get("access.lifecycle.terminated").unwrap();
        assert_eq!(terminated.fix_step(), FixStep::WhoseData);
    }

    #[test]
    fn every_edit_upload_and_delete_permission_is_unverifiable() {
        // An Edit/Upload/Delete permission can only be proven by changing data, which this
        // product never does; the one exception is HiBob's birth-date rule, proven by a field.
        let catalog = Catalog::builtin().unwrap();
        for p in catalog.all() {
            let lower = p.label.to_lowercase();
            let writes = [
                "edit ",
                "upload",
                "delete",
                "create",
                "approve",
                "bank overtime",
            ]
            .iter()
            .any(|w| lower.contains(w));
            if writes && p.id != "people.personal.edit" {
                assert!(!p.is_verifiable(), "{} claims to be verifiable", p.id);
            }
        }
    }

    #[test]
    fn duplicated_ids_are_refused() {
        let entry = r#"
[[permission]]
id = "people.work.view"
tab = "People's data"
area = "People"
section = "Work"
label = "View selected employees’ Work sections"
unlocks = "x"
verify = { fields = "work" }
"#;
        let twice = format!("{entry}{}", entry.replace("Work sections", "Work bits"));
        assert!(matches!(
            Catalog::from_toml(&twice),
            Err(SetupError::InvalidCatalog { .. })
        ));
    }

    #[test]
    fn lifecycle_values_are_read_whatever_their_casing() {
        for (input, expected) in [
            ("employed", LifecycleStatus::Employed),
            ("Employed", LifecycleStatus::Employed),
            ("garden_leave", LifecycleStatus::GardenLeave),
            ("Garden leave", LifecycleStatus::GardenLeave),
            ("PARENTAL LEAVE", LifecycleStatus::ParentalLeave),
        ] {
            assert_eq!(
                LifecycleStatus::parse_hibob(input),
                Some(expected),
                "{input}"
            );
        }
        assert_eq!(LifecycleStatus::parse_hibob("sabbatical"), None);
    }

    #[test]
    fn an_employee_s_lifecycle_comes_from_the_value_else_from_its_readable_name() {
        let employee =
            |value: serde_json::Value| -> Employee { serde_json::from_value(value).unwrap() };
        // One key for employees read separately, whose fields differ.
        let mut key = FieldKey::new(LIFECYCLE_FIELD);
        let mut lifecycle_of = |employee: &Employee| lifecycle_by(&mut key, employee);
        let by_value = employee(serde_json::json!({"internal": {"lifecycleStatus": "employed"}}));
        assert_eq!(lifecycle_of(&by_value), Some(LifecycleStatus::Employed));
        let by_name = employee(serde_json::json!({
            "internal": {"lifecycleStatus": "7"},
            "humanReadable": {"internal": {"lifecycleStatus": "Garden leave"}}
        }));
        assert_eq!(lifecycle_of(&by_name), Some(LifecycleStatus::GardenLeave));
        assert_eq!(
            lifecycle_of(&employee(serde_json::json!({"id": "1"}))),
            None
        );
    }
}
