//! The profile builder: for a product HiBob Setup does not know, the admin ticks the company's
//! own fields the product reads (or writes) and the builder derives what to grant in HiBob — a
//! section permission per category, the history permissions of the tables it reads, the
//! lifecycle statuses of the people it needs — as a profile like any other.

use std::collections::BTreeSet;

use hibob::FieldMeta;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{Catalog, CustomSection, LifecycleStatus, Verify};
use crate::diagnosis::{FieldAccess, FieldFix};
use crate::error::SetupError;
use crate::profile::{
    FieldMapping, HistoryTable, MappingKind, Profile, ProfileChecklist, ProfilePermission,
};

/// Every record is keyed by it, so every built profile reads it.
const EMPLOYEE_ID: &str = "root.id";

/// One of the company's fields, as the builder lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BuilderField {
    pub id: String,
    pub name: String,
    /// HiBob's own type (`text`, `date`, `list`, `employee-reference`…).
    pub field_type: String,
    /// The field keeps earlier values in a history table.
    pub historical: bool,
}

/// A category of fields, as HiBob groups them (its section in People's data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BuilderGroup {
    pub category: String,
    pub name: String,
    /// A section the catalog does not list (the company's own, or a regional one): its checkbox
    /// label is inferred from HiBob's pattern.
    pub custom: bool,
    pub fields: Vec<BuilderField>,
}

/// What the builder offers: the company's fields by category, and the history tables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BuilderChoices {
    pub groups: Vec<BuilderGroup>,
    pub tables: Vec<TableChoice>,
    /// The company uses field-level permissions (known from the last Test connection).
    pub field_level_permissions: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TableChoice {
    pub table: HistoryTable,
    pub name: String,
}

/// What the admin ticked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProfileDraft {
    /// The product's name.
    pub name: String,
    /// Field IDs the product reads.
    pub reads: Vec<String>,
    /// Field IDs the product writes back to HiBob (a subset of nothing: they are read too).
    pub writes: Vec<String>,
    pub tables: Vec<HistoryTable>,
    /// The product needs future starters and leavers, not only current employees.
    pub include_inactive: bool,
}

/// The profile a draft makes, with what the admin should know about it.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BuiltProfile {
    pub id: String,
    pub checklist: ProfileChecklist,
    /// Under field-level permissions: each field to grant on its own besides its section.
    pub field_fixes: Vec<FieldFix>,
    /// Things the checklist alone does not say (a write the catalog has no checkbox for…).
    pub notes: Vec<String>,
    /// The profile as the TOML file the CLI takes with `--profile`.
    pub toml: String,
}

impl BuilderChoices {
    /// Groups in the order HiBob's field list gives the categories; fields by name inside one.
    pub fn new(fields: &[FieldMeta], catalog: &Catalog, field_level_permissions: bool) -> Self {
        let mut groups: Vec<BuilderGroup> = Vec::new();
        for field in fields.iter().filter(|f| !f.category_id.is_empty()) {
            let entry = BuilderField {
                id: field.id.clone(),
                name: if field.name.is_empty() {
                    field.id.clone()
                } else {
                    field.name.clone()
                },
                field_type: field.field_type.clone(),
                historical: field.historical,
            };
            match groups.iter_mut().find(|g| g.category == field.category_id) {
                Some(group) => group.fields.push(entry),
                None => groups.push(BuilderGroup {
                    category: field.category_id.clone(),
                    name: category_name(field),
                    custom: catalog.view_of_category(&field.category_id).is_none(),
                    fields: vec![entry],
                }),
            }
        }
        for group in &mut groups {
            group.fields.sort_by_key(|f| f.name.to_lowercase());
        }
        let tables = [
            HistoryTable::Work,
            HistoryTable::Employment,
            HistoryTable::Lifecycle,
            HistoryTable::Salaries,
        ]
        .into_iter()
        .map(|table| TableChoice {
            table,
            name: table.name().to_string(),
        })
        .collect();
        BuilderChoices {
            groups,
            tables,
            field_level_permissions,
        }
    }
}

fn category_name(field: &FieldMeta) -> String {
    if field.category_display_name.is_empty() {
        field.category_id.clone()
    } else {
        field.category_display_name.clone()
    }
}

impl ProfileDraft {
    /// The profile, checked like a profile file, or the first thing that stops it.
    pub fn build(
        &self,
        fields: &[FieldMeta],
        catalog: &Catalog,
        field_level_permissions: bool,
    ) -> Result<(Profile, BuiltProfile), SetupError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(SetupError::InvalidDraft {
                problem: "give the product a name.".into(),
            });
        }
        let find = |id: &str| {
            fields
                .iter()
                .find(|f| f.id == id)
                .ok_or_else(|| SetupError::InvalidDraft {
                    problem: format!("this company's HiBob has no field {id}."),
                })
        };
        let mut reads: Vec<&FieldMeta> = vec![find(EMPLOYEE_ID)?];
        for id in self.reads.iter().chain(&self.writes) {
            let field = find(id)?;
            if !reads.iter().any(|f| f.id == field.id) {
                reads.push(field);
            }
        }

        let mut derived = Derivation::default();
        let mut notes = Vec::new();
        let mut custom_sections = Vec::new();
        for field in &reads {
            let category = field.category_id.as_str();
            let section = category_name(field);
            match catalog.view_of_category(category) {
                Some(view) => derived.add(
                    &view.id,
                    format!("{} ({section}).", field_names(&reads, category)),
                ),
                None => {
                    if !custom_sections
                        .iter()
                        .any(|s: &CustomSection| s.category == category)
                    {
                        custom_sections.push(CustomSection {
                            category: category.to_string(),
                            name: section.clone(),
                        });
                    }
                    derived.add(
                        &CustomSection::permission_id(category, false),
                        format!("{} ({section}).", field_names(&reads, category)),
                    );
                }
            }
            // HiBob's own rules for single fields (the full birth date needs Edit too).
            for special in catalog.all() {
                if matches!(&special.verify, Verify::Field(id) if *id == field.id) {
                    derived.add(
                        &special.id,
                        format!(
                            "HiBob only shares {} in full with this one as well.",
                            field.name
                        ),
                    );
                }
            }
        }
        for id in &self.writes {
            let field = find(id)?;
            let category = field.category_id.as_str();
            let why = format!("Writes {} back to HiBob.", field.name);
            if catalog.view_of_category(category).is_none() {
                derived.add(&CustomSection::permission_id(category, true), why);
            } else if let Some(edit) = catalog.edit_of_category(category) {
                derived.add(&edit.id, why);
            } else {
                notes.push(format!(
                    "The product writes {} ({}): HiBob Setup knows no Edit checkbox for that section, so find \
                     the Edit counterpart of its View permission in the group's People's data tab.",
                    field.name,
                    category_name(field)
                ));
            }
        }
        for table in &self.tables {
            if let Some(history) = catalog.checked_by(table.probe()) {
                derived.add(
                    &history.id,
                    format!(
                        "Reads the {} (every row, not only the current one).",
                        table.name()
                    ),
                );
            }
        }
        if self.include_inactive {
            if let Some(lifecycle) = catalog.view_of_category("lifecycle") {
                derived.add(
                    &lifecycle.id,
                    "Tells leavers and future starters apart from current employees.".into(),
                );
            }
        }
        for status in LifecycleStatus::ALL
            .into_iter()
            .filter(|s| self.include_inactive || !s.is_inactive())
        {
            derived.add(
                &format!("access.lifecycle.{}", status.id()),
                if status.is_inactive() {
                    "The product needs future starters and leavers too.".into()
                } else {
                    "People the product works with.".into()
                },
            );
        }

        let field_fixes = if field_level_permissions {
            reads
                .iter()
                .map(|f| FieldFix::new(&f.id, &f.name, &category_name(f), FieldAccess::View, false))
                .collect()
        } else {
            Vec::new()
        };

        let mut targets = BTreeSet::new();
        let mapping = reads
            .iter()
            .map(|field| FieldMapping {
                target: unique_target(&field.id, &mut targets),
                source: field.id.clone(),
                kind: mapping_kind(field),
                required: field.id == EMPLOYEE_ID,
                sensitive: matches!(
                    field.category_id.as_str(),
                    "payroll" | "financial" | "identification"
                ),
            })
            .collect();
        let profile = Profile {
            id: slug(name),
            name: name.to_string(),
            description: format!(
                "Built in HiBob Setup from {} of the company's fields.",
                reads.len()
            ),
            include_inactive: self.include_inactive,
            permissions: derived.permissions,
            mapping,
            tables: self.tables.clone(),
            product: None,
            custom_sections,
        };
        let toml = profile.to_toml()?;
        // Read back as any profile file is, so the builder cannot save what `--profile` refuses.
        let checked = Profile::from_toml(&toml, "The built profile", catalog)?;
        let built = BuiltProfile {
            id: checked.id.clone(),
            checklist: checked.checklist(catalog, Some(fields)),
            field_fixes,
            notes,
            toml,
        };
        Ok((checked, built))
    }
}

/// Permissions in the order they were first needed, one `why` each.
#[derive(Default)]
struct Derivation {
    permissions: Vec<ProfilePermission>,
}

impl Derivation {
    fn add(&mut self, id: &str, why: String) {
        if !self.permissions.iter().any(|p| p.id == id) {
            self.permissions.push(ProfilePermission {
                id: id.to_string(),
                why,
            });
        }
    }
}

/// "Reads Job title, Department and Site" for the chosen fields of one category.
fn field_names(reads: &[&FieldMeta], category: &str) -> String {
    let names: Vec<String> = reads
        .iter()
        .filter(|f| f.category_id == category)
        .map(|f| f.name.clone())
        .collect();
    format!("Reads {}", crate::wording::list_of(names))
}

fn mapping_kind(field: &FieldMeta) -> MappingKind {
    match field.field_type.as_str() {
        "date" => MappingKind::Date,
        "list" | "multi-list" | "hierarchy-list" => MappingKind::List,
        "employee-reference" => MappingKind::Employee,
        _ if field.id.to_lowercase().ends_with("email") => MappingKind::Email,
        _ => MappingKind::Text,
    }
}

/// The product's field name: HiBob's ID in snake case (`work_reports_to`), made unique.
fn unique_target(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base = String::new();
    for c in id.chars() {
        if c.is_ascii_uppercase() {
            base.push('_');
            base.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            base.push(c);
        } else {
            base.push('_');
        }
    }
    let mut target = base.clone();
    let mut n = 2;
    while !taken.insert(target.clone()) {
        target = format!("{base}_{n}");
        n += 1;
    }
    target
}

/// A profile ID from a product name: ASCII letters and digits in lower case, words joined by
/// dashes, never a name Windows keeps for a device (it names the saved file).
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "custom".into()
    } else if crate::fs::is_windows_device_name(&slug) {
        // A product called "Aux" would otherwise save to aux.toml, which Windows refuses.
        format!("{slug}-app")
    } else {
        slug
    }
}

#[cfg(test)]
mod tests;
