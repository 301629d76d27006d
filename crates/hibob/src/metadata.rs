//! Field and list metadata: which fields a tenant has, in which permission category, and the names
//! behind list item IDs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One entry of `GET /company/people/fields`. HiBob warns the category can be moved by admins, so
/// the permission a field needs must be read from `category_id` for the tenant at hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldMeta {
    /// Dot-notation ID to request (`work.title`, `work.custom.field_1700000001`).
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The permission category (`work`, `lifecycle`, `payroll`, …).
    #[serde(default)]
    pub category_id: String,
    #[serde(default)]
    pub category_display_name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Where the value sits in the nested response.
    #[serde(default)]
    pub json_path: String,
    #[serde(default, rename = "type")]
    pub field_type: String,
    #[serde(default)]
    pub type_data: Option<TypeData>,
    #[serde(default)]
    pub historical: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeData {
    #[serde(default)]
    pub list_id: Option<String>,
}

/// One company list (`GET /company/named-lists/{name}`): department, title, site, lifecycleStatus…
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedList {
    #[serde(default)]
    pub name: String,
    /// HiBob sends the items under both `values` and `items` (observed); either is accepted.
    #[serde(default, alias = "values")]
    pub items: Vec<ListItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// List item IDs are strings in the fixtures seen; numbers are accepted and turned into strings.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub children: Vec<ListItem>,
}

impl NamedList {
    /// The display name of an item, searching nested items too.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        fn find<'a>(items: &'a [ListItem], id: &str) -> Option<&'a str> {
            items.iter().find_map(|item| {
                if item.id == id {
                    item.name.as_deref().or(item.value.as_deref())
                } else {
                    find(&item.children, id)
                }
            })
        }
        find(&self.items, id)
    }
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number list item id, found {other}"
        ))),
    }
}

/// `GET /company/named-lists`: HiBob's OpenAPI says an array, one client types it as an object keyed
/// by list name (docs/hibob-api.md §5, uncertain). Both are accepted.
pub(crate) fn named_lists_from(value: Value) -> Result<Vec<NamedList>, serde_json::Error> {
    match value {
        Value::Object(map) => map
            .into_iter()
            .map(|(key, list)| {
                let mut list: NamedList = serde_json::from_value(list)?;
                if list.name.is_empty() {
                    list.name = key;
                }
                Ok(list)
            })
            .collect(),
        other => serde_json::from_value(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn named_lists_accept_both_documented_shapes() {
        let item =
            json!({"id": "1", "value": "Engineering", "name": "Engineering", "children": []});
        let as_object =
            named_lists_from(json!({"department": {"values": [item.clone()]}})).unwrap();
        let as_array = named_lists_from(json!([{"name": "department", "items": [item]}])).unwrap();
        assert_eq!(as_object, as_array);
        assert_eq!(as_object[0].name_of("1"), Some("Engineering"));
    }

    #[test]
    fn field_metadata_parses_hibobs_shape() {
        let field: FieldMeta = serde_json::from_value(json!({
            "id": "work.department", "name": "Department", "categoryId": "work",
            "categoryDisplayName": "Work", "jsonPath": "work.department", "type": "list",
            "typeData": {"listId": "department"}, "historical": true, "description": null
        }))
        .unwrap();
        assert_eq!(field.category_id, "work");
        assert_eq!(
            field.type_data.unwrap().list_id.as_deref(),
            Some("department")
        );
    }
}
