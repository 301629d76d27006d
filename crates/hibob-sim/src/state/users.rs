//! The tenant's service users: their tokens, permission groups and the presets' groups.

use std::sync::RwLock;

use super::lock::{read, write};
use crate::config::Preset;
use crate::error::SimError;
use crate::permissions::{
    validate_field, validate_key, Access, Effective, FieldGrant, LifecycleStatus, PermissionGroup,
    PermissionModel, RestrictedFields,
};
use crate::prng::SplitMix64;

#[derive(Clone, Debug)]
pub(crate) struct ServiceUser {
    pub(crate) id: String,
    pub(crate) token: String,
    pub(crate) group: Option<PermissionGroup>,
}

/// Every service user of the tenant, behind one lock, and how the company grants permissions.
pub(crate) struct ServiceUsers {
    users: RwLock<Vec<ServiceUser>>,
    model: RwLock<(PermissionModel, RestrictedFields)>,
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub(crate) fn token(rng: &mut SplitMix64) -> String {
    (0..40)
        .map(|_| char::from(ALNUM[rng.index(ALNUM.len())]))
        .collect()
}

pub(crate) fn legacy_token(rng: &mut SplitMix64) -> String {
    (0..64)
        .map(|_| char::from(b"0123456789abcdef"[rng.index(16)]))
        .collect()
}

/// The permission group a preset gives the primary service user.
pub(crate) fn group_for(preset: Preset) -> Option<PermissionGroup> {
    let all = PermissionGroup::everything();
    let minus = |drop: &dyn Fn(&str) -> bool, name: &str| PermissionGroup {
        name: name.to_owned(),
        grants: all.grants.iter().filter(|k| !drop(k)).cloned().collect(),
        access: Access::all_statuses(),
        field_grants: Default::default(),
    };
    let only = |keys: &[&str], name: &str, access: Access| PermissionGroup {
        name: name.to_owned(),
        grants: keys.iter().map(|k| (*k).to_owned()).collect(),
        access,
        field_grants: Default::default(),
    };
    match preset {
        Preset::Full | Preset::LegacyToken => Some(PermissionGroup {
            name: "HiBob Setup (full)".to_owned(),
            ..all
        }),
        Preset::NoGroup => None,
        // A field-level company whose admin ticked every section but switched single fields
        // off (or, for one, on), so that every branch of field-level permissions shows.
        Preset::FieldLevel => {
            let withheld = FieldGrant {
                view: false,
                view_history: false,
            };
            let current_only = FieldGrant {
                view: true,
                view_history: false,
            };
            let granted_alone = FieldGrant {
                view: true,
                view_history: true,
            };
            let mut group = minus(
                &|k| k == "people.personalContact.view",
                "HiBob Setup (field-level)",
            );
            group.field_grants = [
                ("payroll.employment.fte", withheld),
                ("payroll.employment.weeklyHours", withheld),
                ("payroll.employment.salaryPayType", withheld),
                ("personal.birthDate", withheld),
                ("work.department", current_only),
                ("home.mobilePhone", granted_alone),
            ]
            .into_iter()
            .map(|(id, grant)| (id.to_owned(), grant))
            .collect();
            Some(group)
        }
        Preset::BaseOnly => Some(only(
            &[
                "people.root.view",
                "people.work.view",
                "people.workContact.view",
                "people.lifecycle.view",
                "people.employment.view",
            ],
            "HiBob Setup (base)",
            Access::all_statuses(),
        )),
        Preset::NoHistory => Some(minus(
            &|k| k.ends_with(".history"),
            "HiBob Setup (no history)",
        )),
        Preset::NoFinancial => Some(minus(
            &|k| {
                matches!(
                    k,
                    "people.financial.view" | "people.payroll.view" | "people.payroll.history"
                )
            },
            "HiBob Setup (no financial)",
        )),
        Preset::NoTerminated => Some(PermissionGroup {
            name: "HiBob Setup (no terminated)".to_owned(),
            access: Access::LifecycleStatuses(
                LifecycleStatus::ALL
                    .into_iter()
                    .filter(|s| *s != LifecycleStatus::Terminated)
                    .collect(),
            ),
            ..all
        }),
        // What an admin who followed half a guide ends up with.
        Preset::Demo => Some(only(
            &[
                "people.root.view",
                "people.work.view",
                "people.workContact.view",
                "people.employment.view",
            ],
            "HiBob Setup",
            Access::LifecycleStatuses(
                [
                    LifecycleStatus::Hired,
                    LifecycleStatus::Employed,
                    LifecycleStatus::Leave,
                ]
                .into_iter()
                .collect(),
            ),
        )),
    }
}

/// How a preset's company grants permissions.
pub(crate) fn model_for(preset: Preset) -> PermissionModel {
    if preset == Preset::FieldLevel {
        PermissionModel::FieldLevel
    } else {
        PermissionModel::Classic
    }
}

impl ServiceUsers {
    pub(crate) fn new(users: Vec<ServiceUser>, model: PermissionModel) -> ServiceUsers {
        ServiceUsers {
            users: RwLock::new(users),
            model: RwLock::new((model, RestrictedFields::default())),
        }
    }

    /// Checks an ID/token pair; returns the caller's permissions.
    pub(crate) fn authenticate(&self, id: &str, token: &str) -> Option<Effective> {
        let (model, restricted) = *read(&self.model);
        let users = read(&self.users);
        let user = users.iter().find(|u| u.id == id)?;
        constant_time_eq(user.token.as_bytes(), token.as_bytes())
            .then(|| Effective::from_group(user.group.as_ref(), model, restricted))
    }

    pub(crate) fn model(&self) -> (PermissionModel, RestrictedFields) {
        *read(&self.model)
    }

    pub(crate) fn set_model(&self, model: PermissionModel, restricted: RestrictedFields) {
        *write(&self.model) = (model, restricted);
    }

    pub(crate) fn list(&self) -> Vec<ServiceUser> {
        read(&self.users).clone()
    }

    pub(crate) fn token_of(&self, id: &str) -> Option<String> {
        read(&self.users)
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.token.clone())
    }

    fn with_user<R>(
        &self,
        id: &str,
        change: impl FnOnce(&mut ServiceUser) -> Result<R, SimError>,
    ) -> Result<R, SimError> {
        let mut users = write(&self.users);
        let user = users
            .iter_mut()
            .find(|u| u.id == id)
            .ok_or_else(|| SimError::UnknownServiceUser(id.to_owned()))?;
        change(user)
    }

    pub(crate) fn set_permissions(
        &self,
        id: &str,
        group: Option<PermissionGroup>,
    ) -> Result<(), SimError> {
        if let Some(g) = &group {
            for k in &g.grants {
                validate_key(k)?;
            }
            for field in g.field_grants.keys() {
                validate_field(field)?;
            }
        }
        self.with_user(id, |u| {
            u.group = group;
            Ok(())
        })
    }

    /// Adds a key. A user in no group first gets an empty group with all statuses,
    /// the way an admin would create one for it.
    pub(crate) fn grant(&self, id: &str, key: &str) -> Result<(), SimError> {
        validate_key(key)?;
        self.with_user(id, |u| {
            let group = u
                .group
                .get_or_insert_with(PermissionGroup::created_by_admin);
            group.grants.insert(key.to_owned());
            Ok(())
        })
    }

    /// Sets one field apart from its category (`None`: it follows its category again).
    pub(crate) fn set_field_grant(
        &self,
        id: &str,
        field: &str,
        grant: Option<FieldGrant>,
    ) -> Result<(), SimError> {
        validate_field(field)?;
        self.with_user(id, |u| {
            let group = u
                .group
                .get_or_insert_with(PermissionGroup::created_by_admin);
            match grant {
                Some(grant) => group.field_grants.insert(field.to_owned(), grant),
                None => group.field_grants.remove(field),
            };
            Ok(())
        })
    }

    pub(crate) fn revoke(&self, id: &str, key: &str) -> Result<(), SimError> {
        validate_key(key)?;
        self.with_user(id, |u| {
            if let Some(g) = u.group.as_mut() {
                g.grants.remove(key);
            }
            Ok(())
        })
    }

    pub(crate) fn set_access(&self, id: &str, access: Access) -> Result<(), SimError> {
        self.with_user(id, |u| {
            let group = u.group.get_or_insert_with(|| PermissionGroup {
                name: "HiBob Setup".to_owned(),
                grants: Default::default(),
                access: Access::Everyone,
                field_grants: Default::default(),
            });
            group.access = access;
            Ok(())
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
