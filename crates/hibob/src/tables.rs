//! Employee tables (work, employment, lifecycle, salaries history) as HiBob returns them.
//! Rows stay raw JSON: their columns vary by tenant (custom columns) and the product only needs to
//! know whether they came back, and which columns HiBob withheld.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::Value;

use crate::endpoint::Table;

/// Columns HiBob withheld from a table answer because of field-level permissions
/// (docs/hibob-api.md §9.4). HiBob sends the object, and the `X-Has-Restricted-Columns` header,
/// only when the company uses field-level permissions *and* something was withheld; an empty value
/// therefore proves nothing about the permission model (§9.5).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct RestrictedColumns {
    /// Columns the caller may not see at all: `null` in every row.
    #[serde(default)]
    pub no_view_permission: BTreeSet<String>,
    /// Columns whose current value is visible but not their history: `null` in earlier rows
    /// (uncertain, §9.4).
    #[serde(default)]
    pub no_view_history_permission: BTreeSet<String>,
    /// The answer carried `X-Has-Restricted-Columns: true`.
    #[serde(skip)]
    pub flagged: bool,
}

impl RestrictedColumns {
    /// Whether this answer shows the company uses field-level permissions.
    pub fn shows_field_level_permissions(&self) -> bool {
        self.flagged || !self.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.no_view_permission.is_empty() && self.no_view_history_permission.is_empty()
    }

    /// Each withheld column once, with whether only its history is withheld: a column withheld
    /// outright is not listed again for its history.
    pub fn columns(&self) -> impl Iterator<Item = (&str, bool)> {
        let view = self.no_view_permission.iter().map(|c| (c.as_str(), false));
        let history = self
            .no_view_history_permission
            .iter()
            .filter(|c| !self.no_view_permission.contains(*c))
            .map(|c| (c.as_str(), true));
        view.chain(history)
    }

    /// Adds what another answer (another page, another employee) withheld.
    pub fn merge(&mut self, other: &RestrictedColumns) {
        self.flagged |= other.flagged;
        self.no_view_permission
            .extend(other.no_view_permission.iter().cloned());
        self.no_view_history_permission
            .extend(other.no_view_history_permission.iter().cloned());
    }

    /// Reads the object wherever a raw answer carries it: at the top level (per-employee reads,
    /// and bulk reads as far as known) or inside each bulk result, where its place is undocumented
    /// (uncertain, §9.4).
    pub fn from_raw(value: &Value, flagged: bool) -> RestrictedColumns {
        let mut found = RestrictedColumns {
            flagged,
            ..RestrictedColumns::default()
        };
        let mut read = |object: Option<&Value>| {
            if let Some(Ok(columns)) = object.map(RestrictedColumns::deserialize) {
                found.merge(&columns);
            }
        };
        read(value.get("restricted_columns"));
        if let Some(results) = value.get("results").and_then(Value::as_array) {
            for result in results {
                read(result.get("restricted_columns"));
            }
        }
        found
    }
}

/// `GET /people/{id}/{table}` and similar: `{"values": [rows]}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct TableRows {
    #[serde(default)]
    pub values: Vec<Value>,
    #[serde(default)]
    pub restricted_columns: RestrictedColumns,
}

/// One page of `GET /bulk/people/{table}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct BulkPage {
    #[serde(default)]
    pub results: Vec<BulkEmployeeRows>,
    #[serde(default)]
    pub response_metadata: ResponseMetadata,
    /// Employees outside the service user's "Access data for" scope are reported here instead of
    /// failing the call; the exact nesting is uncertain (docs/hibob-api.md §5), so entries stay raw.
    #[serde(default)]
    pub errors: Vec<Value>,
    /// What HiBob withheld on this page, wherever the answer put it (see [`RestrictedColumns::from_raw`]).
    #[serde(default)]
    pub restricted_columns: RestrictedColumns,
}

impl BulkPage {
    /// Reads a page from a raw answer, with what it withheld gathered from every place it may sit.
    pub fn from_raw(value: Value, flagged: bool) -> Result<BulkPage, serde_json::Error> {
        let restricted = RestrictedColumns::from_raw(&value, flagged);
        let mut page = BulkPage::deserialize(value)?;
        page.restricted_columns = restricted;
        Ok(page)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkEmployeeRows {
    pub employee_id: String,
    #[serde(default)]
    pub values: Vec<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ResponseMetadata {
    /// HiBob's docs name it `next_cursor`; an older schema says `cursor` (uncertain): accept both.
    #[serde(default, alias = "cursor")]
    pub next_cursor: Option<String>,
}

/// Rows per employee across pages. A page holds a number of rows rather than of employees (HiBob
/// documents this for custom tables; uncertain for the built-in ones, docs/hibob-api.md §5), so
/// one employee's rows may continue on the next page: they are merged here, and the employee is
/// counted once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableRowsByEmployee {
    order: Vec<String>,
    rows: std::collections::HashMap<String, Vec<Value>>,
    pub restricted_columns: RestrictedColumns,
}

impl TableRowsByEmployee {
    pub fn add_page(&mut self, page: BulkPage) {
        self.restricted_columns.merge(&page.restricted_columns);
        for result in page.results {
            match self.rows.get_mut(&result.employee_id) {
                Some(rows) => rows.extend(result.values),
                None => {
                    self.order.push(result.employee_id.clone());
                    self.rows.insert(result.employee_id, result.values);
                }
            }
        }
    }

    /// Employees with at least one row.
    pub fn employees(&self) -> usize {
        self.rows.values().filter(|rows| !rows.is_empty()).count()
    }

    pub fn rows(&self) -> usize {
        self.rows.values().map(Vec::len).sum()
    }

    /// Each employee's rows, in the order HiBob first listed the employee.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[Value])> {
        self.order
            .iter()
            .filter_map(|id| self.rows.get(id).map(|rows| (id.as_str(), rows.as_slice())))
    }
}

impl Table {
    /// The field ID a column of this table corresponds to, for naming a withheld column the way
    /// the field metadata does. HiBob maps columns to fields through a table-metadata endpoint we
    /// do not call; these prefixes follow the field IDs HiBob documents and a real tenant shows
    /// (`work.department`, `payroll.employment.fte`), and are uncertain for custom columns
    /// (docs/hibob-api.md §9.4, §11).
    pub fn field_id_for_column(self, column: &str) -> String {
        format!("{}.{column}", self.field_prefix())
    }

    /// The table whose columns a field may stand for, by the same convention.
    pub fn holding_field(field_id: &str) -> Option<Table> {
        [
            Table::Employment,
            Table::Salaries,
            Table::Work,
            Table::Lifecycle,
        ]
        .into_iter()
        .find(|table| {
            field_id
                .strip_prefix(table.field_prefix())
                .is_some_and(|rest| rest.starts_with('.'))
        })
    }

    fn field_prefix(self) -> &'static str {
        match self {
            Table::Work => "work",
            Table::Employment => "payroll.employment",
            Table::Lifecycle => "internal",
            Table::Salaries => "payroll.salary",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn restricted_columns_are_read_from_the_top_and_from_each_result() {
        let answer = json!({
            "results": [
                {"employeeId": "1", "values": [{"fte": null}],
                 "restricted_columns": {"no_view_permission": ["weeklyHours"]}}
            ],
            "restricted_columns": {"no_view_permission": ["fte"], "no_view_history_permission": ["department"]},
            "response_metadata": {"next_cursor": null}
        });
        let page = BulkPage::from_raw(answer, true).unwrap();
        let restricted = &page.restricted_columns;
        assert!(restricted.flagged);
        assert_eq!(
            restricted.no_view_permission.iter().collect::<Vec<_>>(),
            ["fte", "weeklyHours"]
        );
        assert!(restricted.no_view_history_permission.contains("department"));
        let both = RestrictedColumns {
            no_view_permission: ["fte".to_string()].into(),
            no_view_history_permission: ["fte".to_string(), "department".to_string()].into(),
            flagged: true,
        };
        assert_eq!(
            both.columns().collect::<Vec<_>>(),
            [("fte", false), ("department", true)],
            "withheld outright is not listed again for its history"
        );
        assert!(restricted.shows_field_level_permissions());
    }

    #[test]
    fn an_answer_without_the_object_or_header_proves_nothing() {
        let page = BulkPage::from_raw(json!({"results": []}), false).unwrap();
        assert!(!page.restricted_columns.shows_field_level_permissions());
        // The header alone is enough.
        let flagged = RestrictedColumns::from_raw(&json!({"values": []}), true);
        assert!(flagged.shows_field_level_permissions());
    }

    #[test]
    fn an_employee_split_across_pages_is_counted_once() {
        let page =
            |results: Value| BulkPage::from_raw(json!({ "results": results }), false).unwrap();
        let mut merged = TableRowsByEmployee::default();
        merged.add_page(page(json!([
            {"employeeId": "1", "values": [{"id": 1}]},
            {"employeeId": "2", "values": [{"id": 2}, {"id": 3}]}
        ])));
        merged.add_page(page(json!([
            {"employeeId": "2", "values": [{"id": 4}]},
            {"employeeId": "3", "values": []}
        ])));
        assert_eq!(merged.employees(), 2);
        assert_eq!(merged.rows(), 4);
        let second: Vec<_> = merged
            .iter()
            .map(|(id, rows)| (id.to_string(), rows.len()))
            .collect();
        assert_eq!(second, [("1".into(), 1), ("2".into(), 3), ("3".into(), 0)]);
    }

    #[test]
    fn columns_name_fields_by_table() {
        assert_eq!(
            Table::Employment.field_id_for_column("fte"),
            "payroll.employment.fte"
        );
        assert_eq!(
            Table::Work.field_id_for_column("department"),
            "work.department"
        );
    }
}
