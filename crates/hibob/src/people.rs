//! People search (`POST /people/search`): the request HiBob accepts and the employees it returns.
//!
//! HiBob returns each field twice: as a slash key (`"/work/title": {"value": …}`, only for non-null
//! values) and nested along the field's `jsonPath` (`"work": {"title": …}`, `null` when permitted
//! but empty). A field the service user may not see is absent from both (docs/hibob-api.md §3). The parser
//! folds both forms into the nested one, so callers can tell the three states apart with
//! [`Employee::field`] while holding each value once.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// HiBob refuses more than this many field IDs in one search (docs/hibob-api.md §2.2).
pub const MAX_SEARCH_FIELDS: usize = 400;

/// `humanReadable`: whether HiBob adds display values (list item names, formatted dates).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum HumanReadable {
    /// Machine values only.
    #[default]
    #[serde(rename = "")]
    None,
    /// Machine values plus a nested `humanReadable` object. Best for diagnosis: IDs and names.
    #[serde(rename = "APPEND")]
    Append,
    /// Display values instead of machine values.
    #[serde(rename = "REPLACE")]
    Replace,
}

/// A people search. Filters are limited by HiBob to one `equals` on `root.id` or `root.email`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeopleSearch {
    /// Dot-notation field IDs (`work.title`). Empty = HiBob's default set.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// HiBob answers 400 to `filters: []`, so the key is left out when there is no filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<[SearchFilter; 1]>,
    /// Include Inactive people (terminated, and hired with a future start date).
    pub show_inactive: bool,
    #[serde(skip_serializing_if = "is_none")]
    pub human_readable: HumanReadable,
}

fn is_none(mode: &HumanReadable) -> bool {
    *mode == HumanReadable::None
}

impl PeopleSearch {
    pub fn fields<I, S>(fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            fields: fields.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    pub fn show_inactive(mut self, show: bool) -> Self {
        self.show_inactive = show;
        self
    }

    pub fn human_readable(mut self, mode: HumanReadable) -> Self {
        self.human_readable = mode;
        self
    }

    /// Only the employees with these IDs (HiBob's one allowed filter; used for batched reads).
    pub fn only_ids<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.filters = Some([SearchFilter {
            field_path: "root.id".into(),
            operator: "equals".into(),
            values: ids.into_iter().map(Into::into).collect(),
        }]);
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchFilter {
    pub field_path: String,
    pub operator: String,
    pub values: Vec<String>,
}

/// What a search returned, plus how much was transferred (for progress and benchmarks).
#[derive(Clone, Debug, Default)]
pub struct PeopleSearchResult {
    pub employees: Vec<Employee>,
    pub body_bytes: usize,
    /// From sending the request until the whole body arrived (retries and back-off included).
    pub transfer_time: std::time::Duration,
    /// Turning the body into employees.
    pub parse_time: std::time::Duration,
}

#[derive(Deserialize)]
struct PeopleSearchBody {
    #[serde(default)]
    employees: Vec<Employee>,
}

/// Reads the body of `POST /people/search`: `{"employees": [...]}`, each employee nested by
/// category or keyed by slash paths (both are seen), normalised to the nested form.
pub fn parse_search_body(body: &[u8]) -> Result<Vec<Employee>, serde_json::Error> {
    serde_json::from_slice::<PeopleSearchBody>(body).map(|parsed| parsed.employees)
}

/// The state of one requested field on one employee.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldValue<'a> {
    /// HiBob returned a value.
    Present(&'a Value),
    /// HiBob returned the field as `null`: permitted, but nobody filled it in.
    Empty,
    /// Not in the response at all: withheld by permissions, or not a field of this tenant.
    Absent,
}

impl<'a> FieldValue<'a> {
    pub fn value(&self) -> Option<&'a Value> {
        match self {
            FieldValue::Present(value) => Some(value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&'a str> {
        self.value().and_then(Value::as_str)
    }

    /// Whether HiBob sent something worth having: not `null`, not an empty text, not an empty list
    /// (HiBob sends `[]` for an empty multi-value list, docs/hibob-api.md §2). Only such a value is
    /// evidence that a permission lets the field through: under field-level permissions a
    /// withheld field may come back `null` as well (§9.4, uncertain).
    pub fn is_filled(&self) -> bool {
        match self.value() {
            Some(Value::String(text)) => !text.trim().is_empty(),
            Some(Value::Array(items)) => !items.is_empty(),
            Some(Value::Null) | None => false,
            Some(_) => true,
        }
    }
}

/// One employee as HiBob returned it, in nested form. Custom fields and anything this crate does not
/// model stay reachable through [`Employee::field`] and [`Employee::raw`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Employee(Map<String, Value>);

impl Employee {
    /// The employee's backend ID (`root.id`), if the response carried it.
    pub fn id(&self) -> Option<&str> {
        self.0.get("id").and_then(Value::as_str)
    }

    /// Look up a field by its dot-notation ID (`root.email`, `work.department`,
    /// `work.custom.field_123`). Root fields live at the top level of the nested form.
    pub fn field(&self, field_id: &str) -> FieldValue<'_> {
        lookup(&self.0, nested_path(field_id))
    }

    /// Look up by a metadata `jsonPath` (which can differ from the ID for a few fields).
    pub fn field_at_json_path(&self, json_path: &str) -> FieldValue<'_> {
        lookup(&self.0, json_path.split('.'))
    }

    /// The display value HiBob added under `humanReadable: APPEND` (only for non-null fields).
    pub fn human_readable(&self, field_id: &str) -> Option<&Value> {
        let block = self.0.get("humanReadable")?.as_object()?;
        lookup(block, nested_path(field_id)).value()
    }

    pub fn raw(&self) -> &Map<String, Value> {
        &self.0
    }

    pub fn from_raw(map: Map<String, Value>) -> Self {
        Self(normalize(map))
    }
}

impl<'de> Deserialize<'de> for Employee {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Employee::from_raw)
    }
}

/// `root.id` → `id`; `work.title` → `work.title`.
fn nested_path(field_id: &str) -> std::str::Split<'_, char> {
    field_id
        .strip_prefix("root.")
        .unwrap_or(field_id)
        .split('.')
}

fn lookup<'a, 'p>(
    mut map: &'a Map<String, Value>,
    path: impl Iterator<Item = &'p str>,
) -> FieldValue<'a> {
    let mut path = path.peekable();
    while let Some(segment) = path.next() {
        let Some(value) = map.get(segment) else {
            return FieldValue::Absent;
        };
        if path.peek().is_none() {
            return match value {
                Value::Null => FieldValue::Empty,
                value => FieldValue::Present(value),
            };
        }
        match value {
            Value::Object(inner) => map = inner,
            // A null parent (e.g. `"work": null`) means the whole group is empty, not withheld.
            Value::Null => return FieldValue::Empty,
            _ => return FieldValue::Absent,
        }
    }
    FieldValue::Absent
}

/// Move every slash key (`"/work/title": {"value": v}`) into the nested form unless it is already
/// there, then drop it. HiBob documents both forms; being tolerant of either keeps us working if
/// one of them disappears.
fn normalize(mut map: Map<String, Value>) -> Map<String, Value> {
    let slash_keys: Vec<String> = map.keys().filter(|k| k.starts_with('/')).cloned().collect();
    for key in slash_keys {
        let Some(entry) = map.remove(&key) else {
            continue;
        };
        let value = match entry {
            Value::Object(mut wrapper) => wrapper.remove("value").unwrap_or(Value::Null),
            other => other,
        };
        let mut segments: Vec<&str> = key.trim_start_matches('/').split('/').collect();
        if segments.first() == Some(&"root") {
            segments.remove(0);
        }
        insert_if_missing(&mut map, &segments, value);
    }
    map
}

fn insert_if_missing(map: &mut Map<String, Value>, segments: &[&str], value: Value) {
    let Some((last, parents)) = segments.split_last() else {
        return;
    };
    let mut current = map;
    for segment in parents {
        let slot = current
            .entry(segment.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if slot.is_null() {
            *slot = Value::Object(Map::new());
        }
        match slot {
            Value::Object(inner) => current = inner,
            // A scalar where an object should be: keep what the nested form says.
            _ => return,
        }
    }
    match current.get(*last) {
        Some(existing) if !existing.is_null() => {}
        _ => {
            current.insert(last.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn employee(value: Value) -> Employee {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn tells_present_empty_and_absent_apart() {
        let e = employee(json!({
            "/root/id": {"value": "1"},
            "/work/title": {"value": "246"},
            "id": "1",
            "work": {"title": "246", "department": null}
        }));
        assert_eq!(e.id(), Some("1"));
        assert_eq!(e.field("work.title").as_str(), Some("246"));
        assert_eq!(e.field("root.id").as_str(), Some("1"));
        assert_eq!(e.field("work.department"), FieldValue::Empty);
        assert_eq!(e.field("internal.status"), FieldValue::Absent);
        assert_eq!(e.field("work.site"), FieldValue::Absent);
        assert!(
            e.raw().keys().all(|k| !k.starts_with('/')),
            "slash keys are folded"
        );
    }

    #[test]
    fn slash_only_responses_are_still_understood() {
        let e = employee(json!({
            "/root/email": {"value": "ada@example.com"},
            "/work/reportsTo": {"value": {"id": "9", "email": "grace@example.com"}},
            "/work/custom/field_17": {"value": "CC-1"}
        }));
        assert_eq!(e.field("root.email").as_str(), Some("ada@example.com"));
        assert_eq!(
            e.field("work.reportsTo").value().unwrap()["email"],
            "grace@example.com"
        );
        assert_eq!(e.field("work.custom.field_17").as_str(), Some("CC-1"));
    }

    #[test]
    fn human_readable_values_are_separate_from_machine_values() {
        let e = employee(json!({
            "work": {"department": "1357"},
            "humanReadable": {"work": {"department": "Engineering"}}
        }));
        assert_eq!(e.field("work.department").as_str(), Some("1357"));
        assert_eq!(
            e.human_readable("work.department"),
            Some(&json!("Engineering"))
        );
        assert_eq!(e.human_readable("work.title"), None);
    }

    #[test]
    fn search_body_matches_hibobs_contract() {
        let body = serde_json::to_value(
            PeopleSearch::fields(["root.id", "work.title"])
                .show_inactive(true)
                .human_readable(HumanReadable::Append),
        )
        .unwrap();
        assert_eq!(
            body,
            json!({"fields": ["root.id", "work.title"], "showInactive": true, "humanReadable": "APPEND"})
        );
        // No `filters` key unless there is a filter: HiBob answers 400 to an empty list.
        let filtered = serde_json::to_value(PeopleSearch::default().only_ids(["7"])).unwrap();
        assert_eq!(
            filtered,
            json!({"filters": [{"fieldPath": "root.id", "operator": "equals", "values": ["7"]}], "showInactive": false})
        );
    }
}
