//! People search (`POST /people/search`): the request HiBob accepts and the employees it returns.
//!
//! HiBob returns each field twice: as a slash key (`"/work/title": {"value": …}`, only for non-null
//! values) and nested along the field's `jsonPath` (`"work": {"title": …}`, `null` when permitted
//! but empty). A field the service user may not see is absent from both (docs/hibob-api.md §3). The reader
//! folds both forms into one slot per asked-for field, so callers can tell the three states apart
//! with [`Employee::field`] while holding each value once.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

mod fields;
mod reader;

use fields::{nested_path, slash_value, Readable, SearchedFields, Shared};
pub use reader::{EmployeeSink, SearchReader};

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
    /// Not sent: the fields whose display values the caller reads (`None`: all of them). The
    /// others are skipped as the answer is read, and [`Employee::human_readable`] has none.
    #[serde(skip)]
    pub display_values_for: Option<Vec<String>>,
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

    /// Keeps the display values of these fields only: reading the others costs time for nothing
    /// when the caller never looks at them.
    pub fn display_values_only_for<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.display_values_for = Some(fields.into_iter().map(Into::into).collect());
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
pub struct PeopleSearchResult<T = Vec<Employee>> {
    /// The employees, or what an [`EmployeeSink`] made of them.
    pub employees: T,
    pub body_bytes: usize,
    /// From sending the request until the whole answer was read (retries and back-off
    /// included). The answer is read as it arrives, so this includes most of `parse_time`.
    pub transfer_time: std::time::Duration,
    /// Turning the answer into employees, while it arrived and after.
    pub parse_time: std::time::Duration,
}

/// Reads a whole body of `POST /people/search` (`{"employees": [...]}`), keeping the fields
/// `search` asked for (see [`SearchReader`] for reading one as it arrives).
pub fn parse_search_body(
    body: &[u8],
    search: &PeopleSearch,
) -> Result<Vec<Employee>, serde_json::Error> {
    let mut reader = SearchReader::new(search);
    reader.push(body)?;
    reader.finish()
}

/// Reads a recorded answer of `POST /people/search`, in the chunks it arrived in, exactly as
/// [`Client::search_people_into`](crate::Client::search_people_into) reads HiBob's: each employee
/// handed to `sink` as it is read. An answer that does not read is malformed, as it would be from
/// HiBob.
pub fn read_search_answer<S: EmployeeSink, C: AsRef<[u8]>>(
    chunks: &[C],
    search: &PeopleSearch,
    sink: S,
) -> Result<S::Output, crate::HibobError> {
    let malformed = |error| crate::client::malformed(&crate::Endpoint::PeopleSearch, &error);
    let mut reader = SearchReader::with_sink(search, sink);
    for chunk in chunks {
        reader.push(chunk.as_ref()).map_err(malformed)?;
    }
    reader.finish().map_err(malformed)
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

/// One employee as HiBob returned it: the fields the search asked for, each read from whichever
/// form HiBob sent it in, and the display values HiBob appended to them.
#[derive(Clone)]
pub struct Employee {
    fields: Arc<SearchedFields>,
    /// By slot: `None` when HiBob left the field out, `Some(Null)` when it sent it empty.
    values: Box<[Option<Shared>]>,
    /// Display values (`humanReadable`), by slot, only where HiBob sent one.
    readable: Box<[(u16, Readable)]>,
}

impl std::fmt::Debug for Employee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Employee")
            .field("id", &self.id())
            .finish_non_exhaustive()
    }
}

impl Employee {
    pub(crate) fn from_slots(
        fields: Arc<SearchedFields>,
        values: Box<[Option<Shared>]>,
        readable: Box<[(u16, Readable)]>,
    ) -> Self {
        Self {
            fields,
            values,
            readable,
        }
    }

    /// The employee's backend ID (`root.id`), if the response carried it.
    pub fn id(&self) -> Option<&str> {
        self.field("root.id").as_str()
    }

    /// Look up a field by its dot-notation ID (`root.email`, `work.department`,
    /// `work.custom.field_123`). A field the search did not ask for is absent, unless it is part
    /// of one it did (`work.reportsTo.id` within `work.reportsTo`).
    pub fn field(&self, field_id: &str) -> FieldValue<'_> {
        self.at(nested_path(field_id))
    }

    /// Look up by a metadata `jsonPath` (which can differ from the ID for a few fields).
    pub fn field_at_json_path(&self, json_path: &str) -> FieldValue<'_> {
        self.at(json_path)
    }

    /// The display value HiBob added under `humanReadable: APPEND` (only for non-null fields, and
    /// only for those the search kept display values of: [`PeopleSearch::display_values_only_for`]).
    pub fn human_readable(&self, field_id: &str) -> Option<&Value> {
        let (slot, rest) = self.fields.locate(nested_path(field_id))?;
        self.human_readable_in(slot, rest)
    }

    fn at(&self, nested_path: &str) -> FieldValue<'_> {
        match self.fields.locate(nested_path) {
            Some((slot, rest)) => self.in_slot(slot, rest),
            None => FieldValue::Absent,
        }
    }

    fn in_slot(&self, slot: u16, rest: Option<&str>) -> FieldValue<'_> {
        match self.values.get(usize::from(slot)) {
            Some(Some(value)) => within(value, rest),
            _ => FieldValue::Absent,
        }
    }

    fn human_readable_in(&self, slot: u16, rest: Option<&str>) -> Option<&Value> {
        let (_, shown) = self.readable.iter().find(|(s, _)| *s == slot)?;
        let shown = match shown {
            Readable::Value(value) => value,
            Readable::SameAsValue => self.values.get(usize::from(slot))?.as_ref()?,
        };
        within(shown, rest).value()
    }
}

/// A field ID, read from many employees. Employees read from one answer share the fields their
/// search asked for, so where the field is held is found for the first of them and reused for
/// the rest: reading it is then an index, not a lookup by name.
#[derive(Clone, Debug)]
pub struct FieldKey {
    id: Box<str>,
    /// The fields last looked in, and where this one is among them.
    found: Option<(Arc<SearchedFields>, Option<Place>)>,
}

/// Where a field is held: its slot, and the path inside the slot's value for a field that is
/// part of an asked-for one (`id` within `work.reportsTo`).
#[derive(Clone, Debug)]
struct Place {
    slot: u16,
    within: Option<Box<str>>,
}

impl FieldKey {
    pub fn new(field_id: &str) -> Self {
        Self {
            id: field_id.into(),
            found: None,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// As [`Employee::field`].
    pub fn of<'e>(&mut self, employee: &'e Employee) -> FieldValue<'e> {
        match self.find(employee) {
            Some((slot, rest)) => employee.in_slot(slot, rest),
            None => FieldValue::Absent,
        }
    }

    /// As [`Employee::human_readable`].
    pub fn human_readable<'e>(&mut self, employee: &'e Employee) -> Option<&'e Value> {
        let (slot, rest) = self.find(employee)?;
        employee.human_readable_in(slot, rest)
    }

    fn find(&mut self, employee: &Employee) -> Option<(u16, Option<&str>)> {
        let known =
            matches!(&self.found, Some((fields, _)) if Arc::ptr_eq(fields, &employee.fields));
        if !known {
            let place = employee
                .fields
                .locate(nested_path(&self.id))
                .map(|(slot, within)| Place {
                    slot,
                    within: within.map(Box::from),
                });
            self.found = Some((Arc::clone(&employee.fields), place));
        }
        let (_, place) = self.found.as_ref()?;
        place.as_ref().map(|p| (p.slot, p.within.as_deref()))
    }
}

/// An employee from any JSON object in HiBob's shape, keeping every field in it (tests, and
/// answers read whole): each top-level key becomes a field, slash keys folded into them.
impl<'de> Deserialize<'de> for Employee {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut map = normalize(Map::deserialize(deserializer)?);
        let readable = map.remove("humanReadable");
        let fields = Arc::new(SearchedFields::new(map.keys().map(String::as_str)));
        let mut values = vec![None; fields.len()];
        let mut readable_values = Vec::new();
        for (key, value) in map {
            if let Some((slot, None)) = fields.locate(&key) {
                if let Some(shown) = readable.as_ref().and_then(|r| r.get(&key)) {
                    readable_values.push((slot, Readable::Value(Arc::new(shown.clone()))));
                }
                values[usize::from(slot)] = Some(Arc::new(value));
            }
        }
        Ok(Employee::from_slots(
            fields,
            values.into_boxed_slice(),
            readable_values.into_boxed_slice(),
        ))
    }
}

/// A value, or the part of it at `rest` (`id` within a `reportsTo` object).
fn within<'a>(value: &'a Value, rest: Option<&str>) -> FieldValue<'a> {
    let mut value = value;
    if let Some(rest) = rest {
        for segment in rest.split('.') {
            value = match value {
                Value::Object(inner) => match inner.get(segment) {
                    Some(inner) => inner,
                    None => return FieldValue::Absent,
                },
                // A null parent (e.g. `"work": null`) means the whole group is empty, not withheld.
                Value::Null => return FieldValue::Empty,
                _ => return FieldValue::Absent,
            };
        }
    }
    match value {
        Value::Null => FieldValue::Empty,
        value => FieldValue::Present(value),
    }
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
        let value = slash_value(entry);
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

    /// One employee as a search for `fields` reads it.
    fn read(fields: &[&str], employee: Value) -> Employee {
        let body = serde_json::to_vec(&json!({ "employees": [employee] })).unwrap();
        let search = PeopleSearch::fields(fields.iter().copied());
        parse_search_body(&body, &search).unwrap().remove(0)
    }

    const FIELDS: [&str; 8] = [
        "root.email",
        "work.title",
        "work.department",
        "work.site",
        "work.reportsTo",
        "work.custom.field_17",
        "internal.status",
        "payroll.salary",
    ];

    fn employee(value: Value) -> Employee {
        read(&FIELDS, value)
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
        // Sent, but not asked for: not kept.
        let e = read(
            &["work.title"],
            json!({"id": "1", "work": {"title": "x", "site": "y"}}),
        );
        assert_eq!(e.field("work.site"), FieldValue::Absent);
        assert_eq!(e.field("work.title").as_str(), Some("x"));
    }

    #[test]
    fn a_null_group_leaves_its_fields_empty_and_a_slash_value_fills_a_null() {
        let e = employee(json!({"id": "1", "work": null, "payroll": {"salary": null},
                                "/payroll/salary": {"value": {"base": 1}}}));
        assert_eq!(e.field("work.title"), FieldValue::Empty);
        assert_eq!(e.field("work.reportsTo.id"), FieldValue::Empty);
        assert_eq!(e.field("payroll.salary.base").value(), Some(&json!(1)));
        assert_eq!(e.field("internal.status"), FieldValue::Absent);
    }

    #[test]
    fn employees_read_whole_keep_every_field() {
        let e: Employee = serde_json::from_value(json!({
            "/root/id": {"value": "1"}, "work": {"title": "t", "site": null},
            "/about/hobbies": {"value": ["chess"]},
            "humanReadable": {"work": {"title": "Title"}}
        }))
        .unwrap();
        assert_eq!(e.id(), Some("1"));
        assert_eq!(e.field("work.site"), FieldValue::Empty);
        assert_eq!(e.field("about.hobbies").value(), Some(&json!(["chess"])));
        assert_eq!(e.human_readable("work.title"), Some(&json!("Title")));
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
