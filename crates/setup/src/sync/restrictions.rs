//! Field-level permissions: the table columns HiBob said it withheld (`restricted_columns`), as
//! the fields the mapping reads (docs/hibob-api.md §9.4–9.6).

use std::collections::BTreeMap;

use hibob::{RestrictedColumns, Table};

use super::RestrictedColumn;

/// How much of a field HiBob withheld.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Restriction {
    /// Only earlier rows (`no_view_history_permission`): the current value still shows.
    History,
    /// The field itself (`no_view_permission`): every value is withheld.
    View,
}

/// What the table answers of one preview said about field-level permissions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Restrictions {
    /// Some answer showed that the company uses field-level permissions.
    pub field_level_permissions: bool,
    by_field: BTreeMap<String, Restriction>,
}

impl Restrictions {
    /// Adds what one table's answers withheld. A column withheld outright in one answer and only
    /// for its history in another is withheld outright.
    pub fn add(&mut self, table: Table, restricted: &RestrictedColumns) {
        self.field_level_permissions |= restricted.shows_field_level_permissions();
        for column in columns(table, restricted) {
            let restriction = if column.history_only {
                Restriction::History
            } else {
                Restriction::View
            };
            let entry = self.by_field.entry(column.field_id).or_insert(restriction);
            *entry = (*entry).max(restriction);
        }
    }

    /// What HiBob withheld of this field (by field ID), if anything.
    pub fn of(&self, field_id: &str) -> Option<Restriction> {
        self.by_field.get(field_id).copied()
    }
}

/// The columns one table withheld, each with its field.
pub(super) fn columns(table: Table, restricted: &RestrictedColumns) -> Vec<RestrictedColumn> {
    restricted
        .columns()
        .map(|(column, history_only)| RestrictedColumn {
            column: column.to_string(),
            field_id: table.field_id_for_column(column),
            history_only,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn restricted(value: serde_json::Value) -> RestrictedColumns {
        RestrictedColumns::from_raw(&json!({ "restricted_columns": value }), true)
    }

    #[test]
    fn withheld_columns_become_fields_and_view_outranks_history() {
        let mut restrictions = Restrictions::default();
        restrictions.add(
            Table::Employment,
            &restricted(
                json!({"no_view_permission": ["fte"], "no_view_history_permission": ["type"]}),
            ),
        );
        restrictions.add(
            Table::Work,
            &restricted(json!({"no_view_history_permission": ["department", "title"]})),
        );
        restrictions.add(
            Table::Work,
            &restricted(json!({"no_view_permission": ["title"]})),
        );
        assert!(restrictions.field_level_permissions);
        assert_eq!(
            restrictions.of("payroll.employment.fte"),
            Some(Restriction::View)
        );
        assert_eq!(
            restrictions.of("payroll.employment.type"),
            Some(Restriction::History)
        );
        assert_eq!(
            restrictions.of("work.department"),
            Some(Restriction::History)
        );
        assert_eq!(restrictions.of("work.title"), Some(Restriction::View));
        assert_eq!(restrictions.of("work.site"), None);
    }

    #[test]
    fn an_answer_without_restrictions_shows_nothing() {
        let mut restrictions = Restrictions::default();
        restrictions.add(Table::Work, &RestrictedColumns::default());
        assert_eq!(restrictions, Restrictions::default());
    }
}
