//! Mapping: each employee as HiBob returned it, into the integration's columns. A value HiBob
//! withheld stays withheld and an empty one stays empty; neither becomes a blank or a default.

use std::borrow::Cow;
use std::sync::Arc;

use foldhash::HashSet;

use hibob::{Employee, FieldKey, FieldMeta, FieldValue};
use serde_json::Value;

use super::problems::Problems;
use super::restrictions::{Restriction, Restrictions};
use super::validate::{is_iso_date, looks_like_email, validate};
use super::{
    Column, FieldState, MappedRecord, Preview, PreviewStats, Problem, ProblemKind, SyncControl,
    SyncPhase, SyncProgress,
};
use crate::catalog::{lifecycle_by, Catalog, LIFECYCLE_FIELD};
use crate::error::SetupError;
use crate::profile::{MappingKind, Profile};

/// Maps and validates employees as HiBob returned them, with no history tables and no timings.
/// Pure: no I/O.
pub fn build(
    profile: &Profile,
    employees: &[Employee],
    metadata: &[FieldMeta],
    control: &SyncControl,
) -> Result<Preview, SetupError> {
    build_with_restrictions(
        profile,
        employees,
        metadata,
        &Restrictions::default(),
        control,
    )
}

/// As [`build`], knowing what the table answers said HiBob withheld under field-level
/// permissions.
pub fn build_with_restrictions(
    profile: &Profile,
    employees: &[Employee],
    metadata: &[FieldMeta],
    restrictions: &Restrictions,
    control: &SyncControl,
) -> Result<Preview, SetupError> {
    let mut mapper = Mapper::new(profile, control);
    for employee in employees {
        mapper.map(employee);
    }
    let mapped = mapper.finish(metadata, restrictions)?;
    Ok(Preview::new(mapped, Vec::new(), PreviewStats::default()))
}

/// Reads a recorded people-search answer, in the chunks it arrived in, the way Sync now reads
/// HiBob's (each employee mapped as it is read), then checks the records: the preview minus the
/// network, with no metadata, tables or timings. The benchmarks use it to time the work without a
/// simulator competing for the processor.
pub fn preview_of_answer<C: AsRef<[u8]>>(
    profile: &Profile,
    chunks: &[C],
    control: &SyncControl,
) -> Result<Preview, SetupError> {
    let search = super::people_search(profile);
    let mapped = hibob::read_search_answer(chunks, &search, Mapper::new(profile, control))?
        .finish(&[], &Restrictions::default())?;
    Ok(Preview::new(mapped, Vec::new(), PreviewStats::default()))
}

/// The records in the profile's columns, with the problems found in them.
pub(super) struct Mapped {
    pub(super) profile: String,
    pub(super) columns: Vec<Column>,
    pub(super) records: Vec<MappedRecord>,
    pub(super) problems: Vec<Problem>,
    pub(super) field_level_permissions: bool,
}

/// Maps employees one at a time, as HiBob's answer is read (it is a [`hibob::EmployeeSink`]):
/// an employee is let go as soon as it is mapped, so a large company is held once, as records.
/// What needs the whole company or the other answers (the field metadata, what the tables said
/// was withheld, the checks across records) waits for [`finish`](Self::finish).
pub(super) struct Mapper {
    profile: String,
    /// The profile's catalog, which names the permission behind a withheld field.
    catalog: Option<Cow<'static, Catalog>>,
    columns: Vec<Column>,
    keys: Keys,
    texts: Vec<TextPool>,
    records: Vec<MappedRecord>,
    links: Vec<Links>,
    problems: Problems,
    control: SyncControl,
}

/// Employees mapped between two progress reports.
const PROGRESS_EVERY: usize = 1024;

impl Mapper {
    pub(super) fn new(profile: &Profile, control: &SyncControl) -> Self {
        let columns: Vec<Column> = profile
            .mapping
            .iter()
            .map(|m| Column {
                target: m.target.clone(),
                source: m.source.clone(),
                kind: m.kind,
                required: m.required,
                sensitive: m.sensitive,
            })
            .collect();
        Mapper {
            profile: profile.id.clone(),
            catalog: Catalog::shared().map(|c| profile.catalog(c)),
            texts: columns.iter().map(|_| TextPool::default()).collect(),
            keys: Keys::new(&columns),
            columns,
            records: Vec::new(),
            links: Vec::new(),
            problems: Problems::default(),
            control: control.clone(),
        }
    }

    /// Maps one employee; problems found in single values (a bad address or date) are noted
    /// as they are met.
    pub(super) fn map(&mut self, employee: &Employee) {
        if self.records.len().is_multiple_of(PROGRESS_EVERY) {
            let read = self.records.len();
            self.control
                .report(SyncProgress::at(SyncPhase::Fetching, read, read));
        }
        let record = map_employee(
            employee,
            &self.columns,
            &mut self.keys,
            &mut self.texts,
            &mut self.problems,
        );
        self.records.push(record);
        self.links.push(Links::of(employee, &mut self.keys));
    }

    /// The records and their problems, once every employee is mapped: labels from the field
    /// metadata, columns HiBob said it withheld, required values, and the checks across records.
    pub(super) fn finish(
        self,
        metadata: &[FieldMeta],
        restrictions: &Restrictions,
    ) -> Result<Mapped, SetupError> {
        let Mapper {
            profile,
            catalog,
            columns,
            mut records,
            links,
            mut problems,
            control,
            ..
        } = self;
        let total = records.len();
        control.report(SyncProgress::at(SyncPhase::Validating, total, total));
        control.check()?;
        // Columns whose blanks HiBob withheld (field-level permissions), and required columns.
        let mut blanks_withheld = Vec::new();
        let mut required = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            if let Some(meta) = metadata.iter().find(|m| m.id == column.source) {
                problems.label(
                    &column.target,
                    &meta.name,
                    &meta.category_display_name,
                    &meta.category_id,
                );
            }
            match restrictions.of(&column.source) {
                Some(Restriction::View) => {
                    problems.note(ProblemKind::FieldRestricted, &column.target);
                    blanks_withheld.push(i);
                }
                Some(Restriction::History) => {
                    problems.note(ProblemKind::FieldHistoryRestricted, &column.target)
                }
                None => {}
            }
            if column.required {
                required.push(i);
            }
        }
        // One pass over the records rather than one per column: a large company's records do
        // not fit the processor's cache, so each pass would fetch every record from memory.
        for record in &mut records {
            for &i in &blanks_withheld {
                if record.fields[i] == FieldState::Empty {
                    record.fields[i] = FieldState::Withheld;
                }
            }
            // Withheld is not missing: only an empty value is blamed on the record.
            for &i in &required {
                if record.fields[i] == FieldState::Empty {
                    problems.add(
                        ProblemKind::MissingRequired,
                        Some(&columns[i].target),
                        &record.employee_id,
                    );
                }
            }
        }
        validate(
            &columns,
            &records,
            &links,
            metadata,
            restrictions,
            &mut problems,
        );
        Ok(Mapped {
            profile,
            columns,
            records,
            problems: problems.finish(catalog.as_deref()),
            field_level_permissions: restrictions.field_level_permissions,
        })
    }
}

impl hibob::EmployeeSink for Mapper {
    type Output = Mapper;
    const KEEPS_EMPLOYEES: bool = false;

    fn take(&mut self, employee: Employee) {
        self.map(&employee);
    }

    fn finish(self) -> Mapper {
        self
    }
}

/// The fields the mapper reads of every employee, each looked up once per answer.
struct Keys {
    id: FieldKey,
    display_name: FieldKey,
    lifecycle: FieldKey,
    reports_to: FieldKey,
    termination_date: FieldKey,
    /// One per column.
    columns: Vec<FieldKey>,
}

impl Keys {
    fn new(columns: &[Column]) -> Self {
        Keys {
            id: FieldKey::new("root.id"),
            display_name: FieldKey::new("root.displayName"),
            lifecycle: FieldKey::new(LIFECYCLE_FIELD),
            reports_to: FieldKey::new("work.reportsTo"),
            termination_date: FieldKey::new("internal.terminationDate"),
            columns: columns.iter().map(|c| FieldKey::new(&c.source)).collect(),
        }
    }
}

/// One employee's record.
fn map_employee(
    employee: &Employee,
    columns: &[Column],
    keys: &mut Keys,
    texts: &mut [TextPool],
    problems: &mut Problems,
) -> MappedRecord {
    let employee_id = keys
        .id
        .of(employee)
        .as_str()
        .unwrap_or_default()
        .to_string();
    let display_name = keys
        .display_name
        .of(employee)
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lifecycle = lifecycle_by(&mut keys.lifecycle, employee);
    let fields = columns
        .iter()
        .zip(&mut keys.columns)
        .zip(texts)
        .map(|((column, key), texts)| {
            let state = map_value(employee, column.kind, key, texts);
            match (&state, column.kind) {
                (FieldState::Value(v), MappingKind::Email) if !looks_like_email(v) => {
                    problems.add(
                        ProblemKind::InvalidEmail,
                        Some(&column.target),
                        &employee_id,
                    );
                }
                (FieldState::Value(v), MappingKind::Date) if !is_iso_date(v) => {
                    problems.add(ProblemKind::InvalidDate, Some(&column.target), &employee_id);
                }
                _ => {}
            }
            state
        })
        .collect();
    MappedRecord {
        employee_id,
        display_name,
        lifecycle,
        fields,
        blocked: false,
    }
}

/// The fields whose display values mapping reads: list columns (HiBob's value is an item ID,
/// the integration wants its name) and the lifecycle status (read by name when its value is not
/// one we know). Sync now keeps no others.
pub(super) fn display_values_read(profile: &Profile) -> Vec<&str> {
    profile
        .mapping
        .iter()
        .filter(|m| m.kind == MappingKind::List)
        .map(|m| m.source.as_str())
        .chain([LIFECYCLE_FIELD])
        .collect()
}

/// One column's value for one employee.
fn map_value(
    employee: &Employee,
    kind: MappingKind,
    key: &mut FieldKey,
    texts: &mut TextPool,
) -> FieldState {
    let value = match key.of(employee) {
        FieldValue::Absent => return FieldState::Withheld,
        FieldValue::Empty => return FieldState::Empty,
        FieldValue::Present(value) => value,
    };
    let text = match kind {
        // A list's machine value is an item ID (or an array of them); the integration wants names.
        MappingKind::List => key
            .human_readable(employee)
            .and_then(readable)
            .or_else(|| readable(value)),
        MappingKind::Employee => match value {
            Value::Object(reference) => reference.get("id").and_then(scalar),
            other => scalar(other),
        },
        MappingKind::Text | MappingKind::Email | MappingKind::Date => readable(value),
    };
    match text.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => FieldState::Value(texts.text(t)),
        _ => FieldState::Empty,
    }
}

/// The texts one column has taken so far. A department or a site repeats across a company, so
/// the records share one copy of it; a column whose values are mostly new (names, addresses)
/// stops being looked up after a sample.
#[derive(Default)]
struct TextPool {
    seen: HashSet<Arc<str>>,
    new: u32,
    repeated: u32,
    off: bool,
}

/// New texts looked at before deciding whether a column repeats enough to be worth sharing.
const SAMPLE: u32 = 256;

impl TextPool {
    fn text(&mut self, text: &str) -> Arc<str> {
        if self.off {
            return text.into();
        }
        if let Some(seen) = self.seen.get(text) {
            self.repeated += 1;
            return Arc::clone(seen);
        }
        self.new += 1;
        let text: Arc<str> = text.into();
        if self.new >= SAMPLE && self.repeated < self.new {
            self.off = true;
            self.seen = HashSet::default();
        } else {
            self.seen.insert(Arc::clone(&text));
        }
        text
    }
}

/// A value as one readable text: a multi-value list (HiBob sends an array, `[]` when empty) as
/// its items joined with ", ", never as the JSON text of the array; `None` when nothing is in it.
fn readable(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::Array(items) => {
            let items: Vec<Cow<str>> = items
                .iter()
                .filter_map(scalar)
                .filter(|item| !item.trim().is_empty())
                .collect();
            (!items.is_empty()).then(|| {
                let trimmed: Vec<&str> = items.iter().map(|item| item.trim()).collect();
                Cow::Owned(trimmed.join(", "))
            })
        }
        other => scalar(other),
    }
}

/// A JSON value as the text the integration receives; `None` for what has no single value.
pub(super) fn scalar(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        // HiBob's currency fields are {value, currency}.
        Value::Object(map) => match (map.get("value"), map.get("currency")) {
            (Some(amount), Some(Value::String(currency))) => {
                scalar(amount).map(|a| Cow::Owned(format!("{a} {currency}")))
            }
            _ => None,
        },
        _ => None,
    }
}

/// What validation needs of an employee besides the record: who they report to, and whether
/// HiBob gave a termination date.
pub(super) struct Links {
    pub(super) manager: Option<String>,
    pub(super) termination_date_given: bool,
}

impl Links {
    fn of(employee: &Employee, keys: &mut Keys) -> Self {
        let manager = match keys.reports_to.of(employee).value() {
            Some(Value::Object(reference)) => reference.get("id").and_then(scalar),
            Some(other) => scalar(other),
            None => None,
        };
        Links {
            manager: manager.map(Cow::into_owned),
            termination_date_given: matches!(
                keys.termination_date.of(employee),
                FieldValue::Present(_)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::catalog::Catalog;
    use crate::sync::fixtures::{directory, employee, person, problem, run, value};
    use crate::sync::Team;

    #[test]
    fn an_answer_read_in_pieces_maps_as_one_read_whole() {
        let body = serde_json::to_vec(&json!({"employees": [
            person("1", "Zoë Ångström", Some("zoe@example.com"), None),
            person("2", "Łukasz Nguyễn", Some("ZOE@example.com"), Some("1")),
            person("3", "No Mail", None, Some("9")),
        ]}))
        .unwrap();
        let profile = directory();
        let control = SyncControl::default();
        let whole =
            hibob::parse_search_body(&body, &super::super::people_search(&profile)).unwrap();
        let expected = build(&profile, &whole, &[], &control).unwrap();
        // Pieces of 7 bytes: employees, keys and strings straddle them.
        let pieces: Vec<&[u8]> = body.chunks(7).collect();
        let read = preview_of_answer(&profile, &pieces, &control).unwrap();
        assert_eq!(read.records, expected.records);
        assert_eq!(read.problems, expected.problems);
        assert_eq!(read.records.len(), 3);
        assert!(!read.problems.is_empty());

        // An answer cut short is malformed, as it is when HiBob's arrives so.
        let cut = preview_of_answer(&profile, &[&body[..body.len() - 3]], &control);
        assert_eq!(
            cut.err().map(|e| e.kind()),
            Some(crate::error::ErrorKind::MalformedBody)
        );
    }

    #[test]
    fn maps_the_directory_table_with_names_for_list_items_and_manager_ids() {
        let preview = run(vec![
            person("1", "Zoë Ångström", Some("zoe@example.com"), None),
            person("2", "Łukasz Nguyễn", Some("lukasz@example.com"), Some("1")),
        ]);
        assert_eq!(
            value(&preview, "2", "full_name"),
            &FieldState::Value("Łukasz Nguyễn".into())
        );
        assert_eq!(
            value(&preview, "2", "job_title"),
            &FieldState::Value("Engineer".into())
        );
        assert_eq!(
            value(&preview, "2", "primary_team"),
            &FieldState::Value("Engineering".into())
        );
        assert_eq!(
            value(&preview, "2", "override_manager"),
            &FieldState::Value("1".into())
        );
        assert_eq!(
            value(&preview, "2", "hire_date"),
            &FieldState::Value("2020-01-15".into())
        );
        assert_eq!(value(&preview, "1", "override_manager"), &FieldState::Empty);
        assert_eq!(
            preview.teams,
            [Team {
                name: "Engineering".into(),
                members: 2
            }]
        );
        assert_eq!(preview.counts.ready, 2);
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    }

    #[test]
    fn custom_fields_currency_and_bad_dates_are_mapped_or_reported() {
        let profile: Profile = Profile::from_toml(
            r#"
id = "custom"
name = "Custom"
description = "d"
permissions = []
[[mapping]]
target = "cost_centre"
source = "work.custom.field_1700000001"
kind = "text"
[[mapping]]
target = "salary"
source = "payroll.salary.payment"
kind = "text"
sensitive = true
[[mapping]]
target = "start"
source = "work.startDate"
kind = "date"
"#,
            "test",
            &Catalog::builtin().unwrap(),
        )
        .unwrap();
        let employees = vec![employee(json!({
            "id": "1",
            "/work/custom/field_1700000001": {"value": "CC-42"},
            "payroll": {"salary": {"payment": {"value": 72000, "currency": "EUR"}}},
            "work": {"startDate": "15/01/2020"}
        }))];
        let preview = build(&profile, &employees, &[], &SyncControl::default()).unwrap();
        assert_eq!(
            preview.records[0].fields[0],
            FieldState::Value("CC-42".into())
        );
        assert_eq!(
            preview.records[0].fields[1],
            FieldState::Value("72000 EUR".into())
        );
        assert!(preview.columns[1].sensitive);
        assert_eq!(
            problem(&preview, ProblemKind::InvalidDate)
                .unwrap()
                .employee_ids,
            ["1"]
        );
    }

    fn profile(mapping: &str) -> Profile {
        Profile::from_toml(
            &format!("id = \"custom\"\nname = \"Custom\"\ndescription = \"d\"\npermissions = []\n{mapping}"),
            "test",
            &Catalog::builtin().unwrap(),
        )
        .unwrap()
    }

    fn meta(id: &str, name: &str, category: &str) -> FieldMeta {
        serde_json::from_value(json!({"id": id, "name": name, "categoryDisplayName": category}))
            .unwrap()
    }

    #[test]
    fn columns_hibob_said_it_withheld_are_withheld_not_empty() {
        let profile = profile(
            r#"
[[mapping]]
target = "fte"
source = "payroll.employment.fte"
kind = "text"
required = true
[[mapping]]
target = "team"
source = "work.department"
kind = "list"
[[mapping]]
target = "weekly_hours"
source = "payroll.employment.weeklyHours"
kind = "text"
"#,
        );
        // As a field-level company may answer a search: the withheld field null for one
        // employee and left out for the other; weekly hours likewise, and no table named it.
        let employees = vec![
            employee(
                json!({"id": "1", "payroll": {"employment": {"fte": null, "weeklyHours": null}},
                            "work": {"department": "Sales"}}),
            ),
            employee(json!({"id": "2", "payroll": {"employment": {}},
                            "work": {"department": "R&D"}})),
        ];
        let metadata = [
            meta("payroll.employment.fte", "FTE", "Employment"),
            meta("work.department", "Department", "Work"),
            meta(
                "payroll.employment.weeklyHours",
                "Weekly hours",
                "Employment",
            ),
        ];
        let mut restrictions = Restrictions::default();
        let restricted =
            |value| hibob::RestrictedColumns::from_raw(&json!({"restricted_columns": value}), true);
        restrictions.add(
            hibob::Table::Employment,
            &restricted(json!({"no_view_permission": ["fte"]})),
        );
        restrictions.add(
            hibob::Table::Work,
            &restricted(json!({"no_view_history_permission": ["department"]})),
        );
        let preview = build_with_restrictions(
            &profile,
            &employees,
            &metadata,
            &restrictions,
            &SyncControl::default(),
        )
        .unwrap();

        assert!(preview.field_level_permissions);
        for record in &preview.records {
            assert_eq!(
                record.fields[0],
                FieldState::Withheld,
                "{}",
                record.employee_id
            );
        }
        assert_eq!(preview.coverage[0].withheld, 2);
        let fte = problem(&preview, ProblemKind::FieldRestricted).unwrap();
        assert_eq!(fte.column.as_deref(), Some("fte"));
        assert!(
            fte.message.contains("FTE, in Employment"),
            "{}",
            fte.message
        );
        assert!(
            fte.hint
                .contains("People's data › People's fields › Employment › FTE › View"),
            "{}",
            fte.hint
        );
        // Withheld is not missing: the record is not blamed for an empty required value.
        assert!(problem(&preview, ProblemKind::MissingRequired).is_none());
        // Only the history of the department is withheld: today's values still map.
        assert_eq!(
            preview.records[0].fields[1],
            FieldState::Value("Sales".into())
        );
        let history = problem(&preview, ProblemKind::FieldHistoryRestricted).unwrap();
        assert!(
            history.hint.contains("Work › Department › View history"),
            "{}",
            history.hint
        );
        // Blank for everyone in a field-level company: never silently "empty".
        assert_eq!(preview.records[0].fields[2], FieldState::Empty);
        let unknown = problem(&preview, ProblemKind::EmptyOrWithheld).unwrap();
        assert_eq!(unknown.column.as_deref(), Some("weekly_hours"));
        assert!(
            unknown.message.contains("cannot tell"),
            "{}",
            unknown.message
        );
    }

    #[test]
    fn a_column_blank_for_everyone_is_only_doubted_when_the_company_shows_field_level_permissions()
    {
        let profile = profile("[[mapping]]\ntarget = \"hours\"\nsource = \"payroll.employment.weeklyHours\"\nkind = \"text\"\n");
        let employees = vec![employee(
            json!({"id": "1", "payroll": {"employment": {"weeklyHours": null}}}),
        )];
        let preview = build(&profile, &employees, &[], &SyncControl::default()).unwrap();
        assert!(!preview.field_level_permissions);
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    }

    #[test]
    fn multi_value_lists_become_one_readable_value() {
        let profile = profile(
            r#"
[[mapping]]
target = "nationality"
source = "personal.nationality"
kind = "list"
[[mapping]]
target = "hobbies"
source = "about.hobbies"
kind = "text"
"#,
        );
        let employees = vec![
            // Names from humanReadable win over the item IDs.
            employee(json!({"id": "1", "personal": {"nationality": ["fr", "de"]},
                            "about": {"hobbies": ["Chess", "Climbing"]},
                            "humanReadable": {"personal": {"nationality": ["French", "German"]}}})),
            // humanReadable may also give the names as one text.
            employee(
                json!({"id": "2", "personal": {"nationality": ["fr"]}, "about": {"hobbies": []},
                            "humanReadable": {"personal": {"nationality": "French"}}}),
            ),
            // No names at all: the IDs, still not the array's JSON text.
            employee(
                json!({"id": "3", "personal": {"nationality": ["fr", "de"]}, "about": {"hobbies": [""]}}),
            ),
            employee(
                json!({"id": "4", "personal": {"nationality": []}, "about": {"hobbies": null}}),
            ),
        ];
        let preview = build(&profile, &employees, &[], &SyncControl::default()).unwrap();
        let values: Vec<Vec<FieldState>> =
            preview.records.iter().map(|r| r.fields.clone()).collect();
        assert_eq!(
            values,
            [
                vec![
                    FieldState::Value("French, German".into()),
                    FieldState::Value("Chess, Climbing".into())
                ],
                vec![FieldState::Value("French".into()), FieldState::Empty],
                vec![FieldState::Value("fr, de".into()), FieldState::Empty],
                vec![FieldState::Empty, FieldState::Empty],
            ]
        );
    }

    #[test]
    fn a_cancelled_preview_stops() {
        let control = SyncControl::default();
        control.cancel();
        let employees = vec![employee(person("1", "A B", Some("a@example.com"), None))];
        assert_eq!(
            build(&directory(), &employees, &[], &control).unwrap_err(),
            SetupError::Cancelled
        );
    }
}
