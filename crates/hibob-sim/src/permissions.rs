//! Permission groups and the string vocabulary of permission keys.
//!
//! Keys mirror the checkboxes of HiBob's permission-group editor, e.g.
//! `people.work.view` = "View selected employees' Work sections" and
//! `people.work.history` = "... Work section histories".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::SimError;

/// People's-data categories, by the `categoryId` used in field metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Category {
    Root,
    UserData,
    Work,
    WorkContact,
    Lifecycle,
    Employment,
    Payroll,
    Personal,
    PersonalContact,
    Home,
    Address,
    Identification,
    Financial,
    Eeo,
    About,
}

impl Category {
    pub(crate) const ALL: [Category; 15] = [
        Category::Root,
        Category::UserData,
        Category::Work,
        Category::WorkContact,
        Category::Lifecycle,
        Category::Employment,
        Category::Payroll,
        Category::Personal,
        Category::PersonalContact,
        Category::Home,
        Category::Address,
        Category::Identification,
        Category::Financial,
        Category::Eeo,
        Category::About,
    ];

    pub(crate) fn id(self) -> &'static str {
        match self {
            Category::Root => "root",
            Category::UserData => "userData",
            Category::Work => "work",
            Category::WorkContact => "workContact",
            Category::Lifecycle => "lifecycle",
            Category::Employment => "employment",
            Category::Payroll => "payroll",
            Category::Personal => "personal",
            Category::PersonalContact => "personalContact",
            Category::Home => "home",
            Category::Address => "address",
            Category::Identification => "identification",
            Category::Financial => "financial",
            Category::Eeo => "eeo",
            Category::About => "about",
        }
    }

    pub(crate) fn display_name(self) -> &'static str {
        match self {
            Category::Root => "Basic info",
            Category::UserData => "User data",
            Category::Work => "Work",
            Category::WorkContact => "Work contact details",
            Category::Lifecycle => "Lifecycle",
            Category::Employment => "Employment",
            Category::Payroll => "Payroll",
            Category::Personal => "Personal",
            Category::PersonalContact => "Personal contact details",
            Category::Home => "Home",
            Category::Address => "Address",
            Category::Identification => "Identification",
            Category::Financial => "Financial",
            Category::Eeo => "EEO",
            Category::About => "About",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Categories whose table has a "section histories" permission.
    fn has_history(self) -> bool {
        matches!(
            self,
            Category::Work
                | Category::Lifecycle
                | Category::Employment
                | Category::Payroll
                | Category::Address
        )
    }
}

/// Keys outside the `people.<category>.*` family.
const OTHER_KEYS: &[&str] = &[
    "people.personal.edit",
    "docs.shared.view",
    "docs.confidential.view",
    "docs.payslips.view",
    "timeoff.whos_out.view",
    "timeoff.whos_out.private",
    "timeoff.balance.view",
    "features.timeoff.settings",
    // People's data › Tasks and flow › People's tasks: `GET /tasks`.
    "people.tasks.view",
    // Features › Reports: `GET /company/reports`.
    "features.reports.view",
];

/// Lifecycle statuses as used in a group's "Access data for" condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStatus {
    Hired,
    Employed,
    Terminated,
    GardenLeave,
    Leave,
    ParentalLeave,
}

impl LifecycleStatus {
    pub const ALL: [LifecycleStatus; 6] = [
        LifecycleStatus::Hired,
        LifecycleStatus::Employed,
        LifecycleStatus::Terminated,
        LifecycleStatus::GardenLeave,
        LifecycleStatus::Leave,
        LifecycleStatus::ParentalLeave,
    ];

    /// Machine value of `internal.lifecycleStatus` in the sim, e.g. `"garden_leave"`.
    pub fn machine_id(self) -> &'static str {
        match self {
            LifecycleStatus::Hired => "hired",
            LifecycleStatus::Employed => "employed",
            LifecycleStatus::Terminated => "terminated",
            LifecycleStatus::GardenLeave => "garden_leave",
            LifecycleStatus::Leave => "leave",
            LifecycleStatus::ParentalLeave => "parental_leave",
        }
    }

    /// Display name as printed in HiBob's UI.
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

    /// The usual access status (`internal.status`) for this lifecycle stage:
    /// `"Active"` or `"Inactive"`. For the two leave statuses HiBob lets the
    /// company choose; this returns the common default ("Active") while the
    /// generated data makes about half of the people on leave Inactive.
    pub fn internal_status(self) -> &'static str {
        match self {
            LifecycleStatus::Hired | LifecycleStatus::Terminated => "Inactive",
            _ => "Active",
        }
    }
}

impl fmt::Display for LifecycleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.machine_id())
    }
}

/// Whose data the members of a group may read ("Access data for").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Every employee.
    #[default]
    Everyone,
    /// "Select people by condition": lifecycle status equals one of these.
    LifecycleStatuses(BTreeSet<LifecycleStatus>),
}

impl Access {
    /// All six statuses, what integration vendors recommend.
    pub fn all_statuses() -> Access {
        Access::LifecycleStatuses(LifecycleStatus::ALL.into_iter().collect())
    }

    /// Whether an employee with this lifecycle status and access status is in scope. HiBob's
    /// "Everyone" means every *active* employee (docs/hibob-api.md §4, §8.2): leavers and future
    /// starters need a condition.
    pub fn covers(&self, status: LifecycleStatus, active: bool) -> bool {
        match self {
            Access::Everyone => active,
            Access::LifecycleStatuses(set) => set.contains(&status),
        }
    }
}

/// How a company decides what a permission group may read of each employee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionModel {
    /// Per category ("View selected employees' Work sections"): the model HiBob's general
    /// guides describe.
    #[default]
    Classic,
    /// Field-level permissions (People's data › People's fields): each field follows its
    /// category unless a group overrides it (docs/hibob-api.md §9).
    FieldLevel,
}

/// What people search does with a field a field-level company withholds. HiBob documents
/// silent omission; whether such a company sends `null` instead is uncertain
/// (docs/hibob-api.md §9.4, §14 Q16), so both can be played.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictedFields {
    Omit,
    /// The harder case for a client: a `null` that does not mean "permitted but empty".
    #[default]
    Null,
}

/// A group's own setting for one field under field-level permissions, overriding its category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldGrant {
    pub view: bool,
    /// The field's earlier values in its history table.
    #[serde(default)]
    pub view_history: bool,
}

/// A permission group holding a service user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawGroup")]
pub struct PermissionGroup {
    pub name: String,
    /// Permission keys; see [`PermissionGroup::keys`].
    pub grants: BTreeSet<String>,
    pub access: Access,
    /// Fields set apart from their category (field-level companies only), by field ID.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_grants: BTreeMap<String, FieldGrant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    #[serde(default = "default_group_name")]
    name: String,
    #[serde(default)]
    grants: BTreeSet<String>,
    #[serde(default)]
    access: Access,
    #[serde(default)]
    field_grants: BTreeMap<String, FieldGrant>,
}

fn default_group_name() -> String {
    "Custom group".to_owned()
}

impl TryFrom<RawGroup> for PermissionGroup {
    type Error = SimError;

    fn try_from(raw: RawGroup) -> Result<Self, Self::Error> {
        for key in &raw.grants {
            validate_key(key)?;
        }
        for field in raw.field_grants.keys() {
            validate_field(field)?;
        }
        Ok(PermissionGroup {
            name: raw.name,
            grants: raw.grants,
            access: raw.access,
            field_grants: raw.field_grants,
        })
    }
}

pub(crate) fn validate_key(key: &str) -> Result<(), SimError> {
    if PermissionGroup::keys().iter().any(|k| k == key) {
        Ok(())
    } else {
        Err(SimError::UnknownPermission {
            key: key.to_owned(),
            valid: PermissionGroup::keys().join(", "),
        })
    }
}

pub(crate) fn validate_field(id: &str) -> Result<(), SimError> {
    if crate::fields::find(id).is_some() {
        Ok(())
    } else {
        Err(SimError::UnknownField(id.to_owned()))
    }
}

impl PermissionGroup {
    /// Every valid permission key, in a stable order.
    pub fn keys() -> Vec<String> {
        let mut keys = Vec::new();
        for cat in Category::ALL {
            keys.push(format!("people.{}.view", cat.id()));
            if cat.has_history() {
                keys.push(format!("people.{}.history", cat.id()));
            }
        }
        keys.extend(OTHER_KEYS.iter().map(|k| (*k).to_owned()));
        keys
    }

    /// Every key and every lifecycle status.
    pub fn everything() -> PermissionGroup {
        PermissionGroup {
            name: "Everything".to_owned(),
            grants: Self::keys().into_iter().collect(),
            access: Access::all_statuses(),
            field_grants: BTreeMap::new(),
        }
    }

    /// The empty group, seeing every status, that an admin creates for a service user in none.
    pub(crate) fn created_by_admin() -> PermissionGroup {
        PermissionGroup {
            name: "HiBob Setup".to_owned(),
            grants: BTreeSet::new(),
            access: Access::all_statuses(),
            field_grants: BTreeMap::new(),
        }
    }

    /// Builds a group from keys, rejecting unknown ones.
    pub fn with_keys<I, S>(name: &str, keys: I, access: Access) -> Result<PermissionGroup, SimError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut grants = BTreeSet::new();
        for key in keys {
            let key = key.into();
            validate_key(&key)?;
            grants.insert(key);
        }
        Ok(PermissionGroup {
            name: name.to_owned(),
            grants,
            access,
            field_grants: BTreeMap::new(),
        })
    }

    pub fn has(&self, key: &str) -> bool {
        self.grants.contains(key)
    }
}

/// A group flattened into booleans once per request, so hot loops don't look up strings.
#[derive(Clone, Debug, Default)]
pub(crate) struct Effective {
    view: [bool; 15],
    history: [bool; 15],
    pub(crate) personal_edit: bool,
    pub(crate) docs_shared: bool,
    pub(crate) docs_confidential: bool,
    pub(crate) docs_payslips: bool,
    pub(crate) whos_out: bool,
    pub(crate) whos_out_private: bool,
    pub(crate) balance: bool,
    pub(crate) timeoff_settings: bool,
    pub(crate) tasks: bool,
    pub(crate) reports: bool,
    /// `None` when in no group: nobody's data is visible.
    pub(crate) access: Option<Access>,
    /// `Some` in a company with field-level permissions: what search does with withheld fields.
    pub(crate) field_level: Option<RestrictedFields>,
    field_grants: BTreeMap<String, FieldGrant>,
}

impl Effective {
    pub(crate) fn from_group(
        group: Option<&PermissionGroup>,
        model: PermissionModel,
        restricted: RestrictedFields,
    ) -> Effective {
        let Some(g) = group else {
            return Effective::default();
        };
        let field_level = (model == PermissionModel::FieldLevel).then_some(restricted);
        let mut e = Effective {
            access: Some(g.access.clone()),
            field_level,
            // Overrides mean nothing to a company without field-level permissions.
            field_grants: if field_level.is_some() {
                g.field_grants.clone()
            } else {
                BTreeMap::new()
            },
            ..Effective::default()
        };
        for cat in Category::ALL {
            e.view[cat.index()] = g.has(&format!("people.{}.view", cat.id()));
            e.history[cat.index()] = g.has(&format!("people.{}.history", cat.id()));
        }
        e.personal_edit = g.has("people.personal.edit");
        e.docs_shared = g.has("docs.shared.view");
        e.docs_confidential = g.has("docs.confidential.view");
        e.docs_payslips = g.has("docs.payslips.view");
        e.whos_out = g.has("timeoff.whos_out.view");
        e.whos_out_private = g.has("timeoff.whos_out.private");
        e.balance = g.has("timeoff.balance.view");
        e.timeoff_settings = g.has("features.timeoff.settings");
        e.tasks = g.has("people.tasks.view");
        e.reports = g.has("features.reports.view");
        e
    }

    pub(crate) fn view(&self, cat: Category) -> bool {
        self.view[cat.index()]
    }

    pub(crate) fn history(&self, cat: Category) -> bool {
        self.history[cat.index()]
    }

    pub(crate) fn covers(&self, status: LifecycleStatus, active: bool) -> bool {
        self.access
            .as_ref()
            .is_some_and(|a| a.covers(status, active))
    }

    /// View on one field: its own setting under field-level permissions, else its category's.
    pub(crate) fn field_view(&self, field: &crate::fields::FieldDef) -> bool {
        match self.field_grants.get(field.id) {
            Some(grant) => grant.view,
            None => self.view(field.category),
        }
    }

    /// View history on one field's column, by the same rule.
    pub(crate) fn field_history(&self, field: &crate::fields::FieldDef) -> bool {
        match self.field_grants.get(field.id) {
            Some(grant) => grant.view && grant.view_history,
            None => self.history(field.category),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_serde_shapes() {
        assert_eq!(
            serde_json::to_string(&Access::Everyone).unwrap(),
            "\"everyone\""
        );
        let a: Access =
            serde_json::from_str(r#"{"lifecycle_statuses":["employed","garden_leave"]}"#).unwrap();
        assert!(a.covers(LifecycleStatus::GardenLeave, false));
        assert!(!a.covers(LifecycleStatus::Terminated, false));
        // Everyone: active people only, whatever their status.
        assert!(Access::Everyone.covers(LifecycleStatus::Employed, true));
        assert!(Access::Everyone.covers(LifecycleStatus::Leave, true));
        assert!(!Access::Everyone.covers(LifecycleStatus::Terminated, false));
        assert!(!Access::Everyone.covers(LifecycleStatus::Hired, false));
    }

    #[test]
    fn unknown_key_rejected_with_list() {
        let err = serde_json::from_str::<PermissionGroup>(
            r#"{"name":"x","grants":["people.nope.view"],"access":"everyone"}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("people.nope.view"), "{err}");
        assert!(err.contains("people.work.history"), "{err}");
    }

    #[test]
    fn keys_are_unique_and_complete() {
        let keys = PermissionGroup::keys();
        let set: BTreeSet<_> = keys.iter().collect();
        assert_eq!(set.len(), keys.len());
        assert_eq!(keys.len(), 15 + 5 + OTHER_KEYS.len());
        assert!(keys.contains(&"people.financial.view".to_owned()));
    }
}
