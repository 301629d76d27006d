//! Sync now, as a preview: fetch the employees the integration would receive, map them with the
//! profile's mapping, and report what would sync and what is wrong with it. Nothing is written
//! anywhere but the local snapshot used for the next diff.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hibob::{
    Client, Employee, FieldMeta, FieldValue, HibobError, HumanReadable, PeopleSearch, Table,
    MAX_BULK_LIMIT,
};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::catalog::LifecycleStatus;
use crate::error::SetupError;
use crate::profile::{HistoryTable, MappingKind, Profile};

/// How far a preview has got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncPhase {
    Fetching,
    Mapping,
    Validating,
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub fetched: usize,
    pub mapped: usize,
}

/// Lets the caller watch progress and cancel.
#[derive(Clone, Default)]
pub struct SyncControl {
    cancelled: Arc<AtomicBool>,
    on_progress: Option<Arc<dyn Fn(SyncProgress) + Send + Sync>>,
}

impl SyncControl {
    pub fn with_progress(on_progress: impl Fn(SyncProgress) + Send + Sync + 'static) -> Self {
        Self {
            cancelled: Arc::new(AtomicBool::new(false)),
            on_progress: Some(Arc::new(on_progress)),
        }
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    fn report(&self, progress: SyncProgress) {
        if let Some(callback) = &self.on_progress {
            callback(progress);
        }
    }

    fn check(&self) -> Result<(), SetupError> {
        if self.is_cancelled() {
            Err(SetupError::Cancelled)
        } else {
            Ok(())
        }
    }

    async fn cancelled(&self) {
        while !self.is_cancelled() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// One mapped value. `Empty`: HiBob sent the field without a value; `Withheld`: HiBob left the
/// field out (a permission is missing). Missing never becomes a blank or a default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum FieldState {
    Value(String),
    Empty,
    Withheld,
}

impl FieldState {
    pub fn value(&self) -> Option<&str> {
        match self {
            FieldState::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// A column of the preview: one target field of the integration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Column {
    pub target: String,
    pub source: String,
    pub kind: MappingKind,
    pub required: bool,
    pub sensitive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MappedRecord {
    pub employee_id: String,
    pub display_name: String,
    pub lifecycle: Option<LifecycleStatus>,
    /// One per column, in column order.
    pub fields: Vec<FieldState>,
    /// Whether any blocking problem affects this record (it would not sync as is).
    pub blocked: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProblemKind {
    /// A field withheld from every employee: a permission is missing (see Test connection).
    FieldWithheld,
    /// A history table HiBob refused (403): a "section histories" permission is missing.
    TableWithheld,
    MissingRequired,
    InvalidEmail,
    DuplicateEmail,
    InvalidDate,
    ManagerNotVisible,
    ManagerCycle,
    TerminatedWithoutDate,
}

impl ProblemKind {
    /// Blocking problems stop a record from syncing as is; the others are worth fixing.
    pub fn is_blocking(self) -> bool {
        matches!(
            self,
            ProblemKind::MissingRequired | ProblemKind::DuplicateEmail | ProblemKind::InvalidEmail
        )
    }
}

/// One problem with the records it affects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Problem {
    pub kind: ProblemKind,
    pub blocking: bool,
    /// The target field concerned, if one.
    pub column: Option<String>,
    pub message: String,
    pub hint: String,
    pub employee_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Coverage {
    pub target: String,
    pub filled: usize,
    pub empty: usize,
    pub withheld: usize,
    /// Share of records with a value, 0–100.
    pub percent: f64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Team {
    pub name: String,
    pub members: usize,
}

/// What came back from one history table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TableSummary {
    pub table: HistoryTable,
    /// HiBob refused the table (403).
    pub withheld: bool,
    /// Employees with at least one row.
    pub employees: usize,
    pub rows: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewCounts {
    pub employees: usize,
    pub ready: usize,
    pub blocked: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewStats {
    #[ts(type = "number")]
    pub body_bytes: u64,
    /// Waiting for HiBob's answer to arrive.
    #[ts(type = "number")]
    pub transfer_ms: u64,
    /// Reading the answer.
    #[ts(type = "number")]
    pub parse_ms: u64,
    /// Mapping and validating.
    #[ts(type = "number")]
    pub process_ms: u64,
}

/// The result of Sync now.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Preview {
    pub profile: String,
    pub columns: Vec<Column>,
    pub records: Vec<MappedRecord>,
    pub problems: Vec<Problem>,
    pub coverage: Vec<Coverage>,
    /// Departments as a flat list of teams (parent departments are not followed).
    pub teams: Vec<Team>,
    /// The history tables the profile reads.
    pub tables: Vec<TableSummary>,
    pub counts: PreviewCounts,
    pub stats: PreviewStats,
}

/// Fields read besides the profile's own: identity, lifecycle and the manager for validation.
const SUPPORT_FIELDS: [&str; 5] = [
    "root.id",
    "root.displayName",
    "internal.lifecycleStatus",
    "internal.terminationDate",
    "work.reportsTo",
];

/// Fetches, maps and validates: the field metadata, then one people search (inactive people
/// included when the profile needs them) and the history tables, concurrently.
pub async fn preview(
    client: &Client,
    profile: &Profile,
    control: &SyncControl,
) -> Result<Preview, SetupError> {
    control.check()?;
    control.report(SyncProgress {
        phase: SyncPhase::Fetching,
        fetched: 0,
        mapped: 0,
    });
    let mut fields: Vec<String> = SUPPORT_FIELDS.iter().map(|f| f.to_string()).collect();
    for mapping in &profile.mapping {
        if !fields.contains(&mapping.source) {
            fields.push(mapping.source.clone());
        }
    }
    let search = PeopleSearch::fields(fields)
        .show_inactive(profile.include_inactive)
        .human_readable(HumanReadable::Append);
    let fetch = async {
        // The field metadata first: it is small and needs no permission, so bad credentials fail
        // on one request rather than on several at once (HiBob's firewall counts failed logins).
        let metadata = client.fields_metadata().await?;
        let (found, tables) = tokio::try_join!(
            client.search_people(&search),
            fetch_tables(client, &profile.tables),
        )
        .map_err(|error| match error {
            HibobError::InvalidCredentials => SetupError::CredentialsWithdrawn,
            other => other.into(),
        })?;
        Ok::<_, SetupError>((found, metadata, tables))
    };
    let (found, metadata, tables) = tokio::select! {
        result = fetch => result?,
        _ = control.cancelled() => return Err(SetupError::Cancelled),
    };
    let fetched = found.employees.len();
    control.report(SyncProgress {
        phase: SyncPhase::Mapping,
        fetched,
        mapped: 0,
    });
    let processing = Instant::now();
    let mut preview = build(profile, &found.employees, &metadata, control)?;
    add_tables(&mut preview, tables);
    preview.stats = PreviewStats {
        body_bytes: found.body_bytes as u64,
        transfer_ms: millis(found.transfer_time),
        parse_ms: millis(found.parse_time),
        process_ms: millis(processing.elapsed()),
    };
    control.report(SyncProgress {
        phase: SyncPhase::Done,
        fetched,
        mapped: fetched,
    });
    Ok(preview)
}

/// Most pages read from one table (200 employees each): a bound, not an expected size.
const MAX_TABLE_PAGES: usize = 1_000;

/// Reads every page of each history table. A refused table is a finding, not a failure.
async fn fetch_tables(
    client: &Client,
    tables: &[HistoryTable],
) -> Result<Vec<TableSummary>, HibobError> {
    let mut summaries = Vec::with_capacity(tables.len());
    for &table in tables {
        let wire = match table {
            HistoryTable::Work => Table::Work,
            HistoryTable::Employment => Table::Employment,
            HistoryTable::Lifecycle => Table::Lifecycle,
            HistoryTable::Salaries => Table::Salaries,
        };
        let mut summary = TableSummary {
            table,
            withheld: false,
            employees: 0,
            rows: 0,
        };
        let mut cursor = None;
        for _ in 0..MAX_TABLE_PAGES {
            let page = match client.bulk_table_page(wire, MAX_BULK_LIMIT, cursor).await {
                Ok(page) => page,
                Err(HibobError::Forbidden { .. }) => {
                    summary.withheld = true;
                    break;
                }
                Err(other) => return Err(other),
            };
            for employee in &page.results {
                if !employee.values.is_empty() {
                    summary.employees += 1;
                    summary.rows += employee.values.len();
                }
            }
            cursor = page.response_metadata.next_cursor.filter(|c| !c.is_empty());
            if cursor.is_none() {
                break;
            }
        }
        summaries.push(summary);
    }
    Ok(summaries)
}

fn add_tables(preview: &mut Preview, tables: Vec<TableSummary>) {
    for summary in &tables {
        if summary.withheld {
            let (message, hint) =
                describe(ProblemKind::TableWithheld, Some(summary.table.name()), 0);
            preview.problems.push(Problem {
                kind: ProblemKind::TableWithheld,
                blocking: ProblemKind::TableWithheld.is_blocking(),
                column: Some(summary.table.name().to_string()),
                message,
                hint,
                employee_ids: Vec::new(),
            });
        }
    }
    preview.tables = tables;
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Maps and validates employees as HiBob returned them. Pure: no I/O.
pub fn build(
    profile: &Profile,
    employees: &[Employee],
    metadata: &[FieldMeta],
    control: &SyncControl,
) -> Result<Preview, SetupError> {
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
    let mut problems = Problems::default();
    let mut records = Vec::with_capacity(employees.len());
    for (index, employee) in employees.iter().enumerate() {
        if index % 1024 == 0 {
            control.check()?;
            control.report(SyncProgress {
                phase: SyncPhase::Mapping,
                fetched: employees.len(),
                mapped: index,
            });
        }
        records.push(map_employee(employee, &columns, &mut problems));
    }
    control.report(SyncProgress {
        phase: SyncPhase::Validating,
        fetched: employees.len(),
        mapped: employees.len(),
    });
    control.check()?;
    validate(&columns, &records, employees, metadata, &mut problems);
    let problems = problems.finish();
    let blocked_ids: HashSet<&str> = problems
        .iter()
        .filter(|p| p.blocking)
        .flat_map(|p| p.employee_ids.iter().map(String::as_str))
        .collect();
    for record in &mut records {
        record.blocked = blocked_ids.contains(record.employee_id.as_str());
    }
    let blocked = records.iter().filter(|r| r.blocked).count();
    let coverage = coverage(&columns, &records);
    let teams = teams(&columns, &records);
    Ok(Preview {
        profile: profile.id.clone(),
        counts: PreviewCounts {
            employees: records.len(),
            ready: records.len() - blocked,
            blocked,
        },
        columns,
        records,
        problems,
        coverage,
        teams,
        tables: Vec::new(),
        stats: PreviewStats {
            body_bytes: 0,
            transfer_ms: 0,
            parse_ms: 0,
            process_ms: 0,
        },
    })
}

/// Problems collected per (kind, column), each with the employees it affects.
#[derive(Default)]
struct Problems {
    found: BTreeMap<(ProblemKind, Option<String>), Vec<String>>,
}

impl Problems {
    fn add(&mut self, kind: ProblemKind, column: Option<&str>, employee_id: &str) {
        self.found
            .entry((kind, column.map(String::from)))
            .or_default()
            .push(employee_id.to_string());
    }

    fn note(&mut self, kind: ProblemKind, column: &str) {
        self.found
            .entry((kind, Some(column.to_string())))
            .or_default();
    }

    fn finish(self) -> Vec<Problem> {
        self.found
            .into_iter()
            .map(|((kind, column), employee_ids)| {
                let (message, hint) = describe(kind, column.as_deref(), employee_ids.len());
                Problem {
                    kind,
                    blocking: kind.is_blocking(),
                    column,
                    message,
                    hint,
                    employee_ids,
                }
            })
            .collect()
    }
}

fn describe(kind: ProblemKind, column: Option<&str>, n: usize) -> (String, String) {
    let field = column.unwrap_or("a field");
    let people = crate::wording::employees(n);
    match kind {
        ProblemKind::TableWithheld => (
            format!("HiBob refused the {field}."),
            "A section histories permission is missing: run Test connection to see which one.".into(),
        ),
        ProblemKind::FieldWithheld => (
            format!("HiBob withheld {field} for every employee."),
            "A permission is missing: run Test connection to see which one and where to grant it.".into(),
        ),
        ProblemKind::MissingRequired => (
            format!("{people} have no {field}, which the integration requires."),
            "Fill it in on their HiBob profiles; these records cannot sync until then.".into(),
        ),
        ProblemKind::InvalidEmail => (
            format!("{people} have a {field} that is not an email address."),
            "Correct the address on their HiBob profiles.".into(),
        ),
        ProblemKind::DuplicateEmail => (
            format!("{people} share a {field} with someone else."),
            "Each person needs their own address; the integration would merge or reject them.".into(),
        ),
        ProblemKind::InvalidDate => (
            format!("{people} have a {field} that is not a date."),
            "Correct the date on their HiBob profiles.".into(),
        ),
        ProblemKind::ManagerNotVisible => (
            format!("{people} report to a manager the service user cannot see."),
            "The manager is often a leaver or a future starter left out by the Lifecycle status condition: \
             include every status in the group's Access data for."
                .into(),
        ),
        ProblemKind::ManagerCycle => (
            format!("{people} are in a reporting loop (someone is, in the end, their own manager)."),
            "Correct the Reports to field in HiBob so the chain ends at the top of the company.".into(),
        ),
        ProblemKind::TerminatedWithoutDate => (
            format!("{people} are terminated but have no termination date."),
            "Add the termination date in HiBob, or the integration cannot tell when they left.".into(),
        ),
    }
}

fn map_employee(employee: &Employee, columns: &[Column], problems: &mut Problems) -> MappedRecord {
    let employee_id = employee.id().unwrap_or_default().to_string();
    let display_name = employee
        .field("root.displayName")
        .as_str()
        .unwrap_or_default()
        .to_string();
    let lifecycle = employee
        .field("internal.lifecycleStatus")
        .as_str()
        .and_then(LifecycleStatus::parse_hibob)
        .or_else(|| {
            employee
                .human_readable("internal.lifecycleStatus")
                .and_then(Value::as_str)
                .and_then(LifecycleStatus::parse_hibob)
        });
    let fields = columns
        .iter()
        .map(|column| {
            let state = map_value(employee, column);
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
                (FieldState::Empty, _) if column.required => {
                    problems.add(
                        ProblemKind::MissingRequired,
                        Some(&column.target),
                        &employee_id,
                    );
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

fn map_value(employee: &Employee, column: &Column) -> FieldState {
    let value = match employee.field(&column.source) {
        FieldValue::Absent => return FieldState::Withheld,
        FieldValue::Empty => return FieldState::Empty,
        FieldValue::Present(value) => value,
    };
    let text = match column.kind {
        // A list's machine value is an item ID; the integration wants its name.
        MappingKind::List => employee
            .human_readable(&column.source)
            .and_then(Value::as_str)
            .map(String::from)
            .or_else(|| scalar(value)),
        MappingKind::Employee => match value {
            Value::Object(reference) => reference.get("id").and_then(scalar),
            other => scalar(other),
        },
        MappingKind::Text | MappingKind::Email | MappingKind::Date => scalar(value),
    };
    match text.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => FieldState::Value(t),
        _ => FieldState::Empty,
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        // HiBob's currency fields are {value, currency}.
        Value::Object(map) => match (map.get("value"), map.get("currency")) {
            (Some(amount), Some(Value::String(currency))) => {
                scalar(amount).map(|a| format!("{a} {currency}"))
            }
            _ => None,
        },
        _ => None,
    }
}

fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.contains(char::is_whitespace)
}

fn is_iso_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
        && matches!(value[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(value[8..10].parse::<u8>(), Ok(1..=31))
}

fn validate(
    columns: &[Column],
    records: &[MappedRecord],
    employees: &[Employee],
    metadata: &[FieldMeta],
    problems: &mut Problems,
) {
    let known: HashSet<&str> = metadata.iter().map(|f| f.id.as_str()).collect();
    for (i, column) in columns.iter().enumerate() {
        // Withheld for everyone = a permission; only flagged for fields the tenant has.
        if !records.is_empty()
            && known.contains(column.source.as_str())
            && records.iter().all(|r| r.fields[i] == FieldState::Withheld)
        {
            // About the tenant, not particular employees.
            problems.note(ProblemKind::FieldWithheld, &column.target);
        }
        if column.kind == MappingKind::Email {
            let mut by_address: HashMap<String, Vec<&str>> = HashMap::new();
            for record in records {
                if let Some(address) = record.fields[i].value() {
                    by_address
                        .entry(address.to_lowercase())
                        .or_default()
                        .push(&record.employee_id);
                }
            }
            let mut duplicated: Vec<&str> = by_address
                .into_values()
                .filter(|ids| ids.len() > 1)
                .flatten()
                .collect();
            duplicated.sort_unstable();
            for id in duplicated {
                problems.add(ProblemKind::DuplicateEmail, Some(&column.target), id);
            }
        }
    }

    // Managers: must be visible, and the chains must end.
    let index: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.employee_id.as_str(), i))
        .collect();
    let manager_column = columns.iter().find(|c| c.kind == MappingKind::Employee);
    let managers: Vec<Option<String>> = employees
        .iter()
        .map(|e| match e.field("work.reportsTo").value() {
            Some(Value::Object(reference)) => reference.get("id").and_then(scalar),
            Some(other) => scalar(other),
            None => None,
        })
        .collect();
    let target = manager_column.map(|c| c.target.as_str());
    for (record, manager) in records.iter().zip(&managers) {
        if let Some(manager) = manager {
            if !index.contains_key(manager.as_str()) {
                problems.add(ProblemKind::ManagerNotVisible, target, &record.employee_id);
            }
        }
    }
    for i in in_cycles(&managers, &index) {
        problems.add(ProblemKind::ManagerCycle, target, &records[i].employee_id);
    }

    // Leavers need a leave date.
    let termination = employees
        .iter()
        .map(|e| e.field("internal.terminationDate"));
    for (record, date) in records.iter().zip(termination) {
        if record.lifecycle == Some(LifecycleStatus::Terminated)
            && !matches!(date, FieldValue::Present(_))
        {
            let column = columns
                .iter()
                .find(|c| c.source == "internal.terminationDate")
                .map(|c| c.target.as_str());
            problems.add(
                ProblemKind::TerminatedWithoutDate,
                column,
                &record.employee_id,
            );
        }
    }
}

/// Indices of employees on a reporting loop: following managers from them comes back to them.
fn in_cycles(managers: &[Option<String>], index: &HashMap<&str, usize>) -> Vec<usize> {
    // 0 = not seen, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; managers.len()];
    let mut on_cycle = vec![false; managers.len()];
    for start in 0..managers.len() {
        let mut path = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            match state[i] {
                2 => break,
                1 => {
                    if let Some(position) = path.iter().position(|&p| p == i) {
                        for &member in &path[position..] {
                            on_cycle[member] = true;
                        }
                    }
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    current = managers[i].as_deref().and_then(|m| index.get(m).copied());
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    (0..managers.len()).filter(|&i| on_cycle[i]).collect()
}

fn coverage(columns: &[Column], records: &[MappedRecord]) -> Vec<Coverage> {
    columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let mut coverage = Coverage {
                target: column.target.clone(),
                filled: 0,
                empty: 0,
                withheld: 0,
                percent: 0.0,
            };
            for record in records {
                match record.fields[i] {
                    FieldState::Value(_) => coverage.filled += 1,
                    FieldState::Empty => coverage.empty += 1,
                    FieldState::Withheld => coverage.withheld += 1,
                }
            }
            if !records.is_empty() {
                coverage.percent =
                    (coverage.filled as f64 * 1000.0 / records.len() as f64).round() / 10.0;
            }
            coverage
        })
        .collect()
}

/// Teams come from the department: one team per department name, flat.
fn teams(columns: &[Column], records: &[MappedRecord]) -> Vec<Team> {
    let Some(i) = columns.iter().position(|c| c.source == "work.department") else {
        return Vec::new();
    };
    let mut members: BTreeMap<&str, usize> = BTreeMap::new();
    for record in records {
        if let Some(name) = record.fields[i].value() {
            *members.entry(name).or_default() += 1;
        }
    }
    members
        .into_iter()
        .map(|(name, members)| Team {
            name: name.to_string(),
            members,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use serde_json::json;

    fn employee(value: Value) -> Employee {
        serde_json::from_value(value).unwrap()
    }

    fn person(id: &str, name: &str, email: Option<&str>, manager: Option<&str>) -> Value {
        let (first, last) = name.split_once(' ').unwrap_or((name, ""));
        json!({
            "id": id, "displayName": name, "firstName": first, "surname": last,
            "email": email,
            "work": {
                "title": "11", "site": "Berlin", "department": "7", "startDate": "2020-01-15",
                "reportsTo": manager.map(|m| json!({"id": m, "displayName": "Boss"})),
            },
            "internal": {"lifecycleStatus": "employed", "terminationDate": null},
            "humanReadable": {"work": {"title": "Engineer", "department": "Engineering"}}
        })
    }

    fn directory() -> Profile {
        Profile::builtin("directory", &Catalog::builtin().unwrap()).unwrap()
    }

    fn metadata(ids: &[&str]) -> Vec<FieldMeta> {
        ids.iter()
            .map(|id| serde_json::from_value(json!({"id": id})).unwrap())
            .collect()
    }

    fn all_directory_fields() -> Vec<FieldMeta> {
        metadata(&[
            "root.id",
            "root.displayName",
            "root.firstName",
            "root.surname",
            "root.email",
            "work.title",
            "work.site",
            "work.department",
            "work.startDate",
            "internal.terminationDate",
            "work.reportsTo",
        ])
    }

    fn run(employees: Vec<Value>) -> Preview {
        let employees: Vec<Employee> = employees.into_iter().map(employee).collect();
        build(
            &directory(),
            &employees,
            &all_directory_fields(),
            &SyncControl::default(),
        )
        .unwrap()
    }

    fn problem(preview: &Preview, kind: ProblemKind) -> Option<&Problem> {
        preview.problems.iter().find(|p| p.kind == kind)
    }

    fn value<'a>(preview: &'a Preview, id: &str, target: &str) -> &'a FieldState {
        let column = preview
            .columns
            .iter()
            .position(|c| c.target == target)
            .unwrap();
        let record = preview
            .records
            .iter()
            .find(|r| r.employee_id == id)
            .unwrap();
        &record.fields[column]
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
    fn missing_and_duplicate_emails_block_their_records() {
        let preview = run(vec![
            person("1", "Ada Lovelace", Some("ada@example.com"), None),
            person("2", "Ada Clone", Some("ADA@example.com"), Some("1")),
            person("3", "No Mail", None, Some("1")),
            person("4", "Bad Mail", Some("not-an-address"), Some("1")),
        ]);
        assert_eq!(
            problem(&preview, ProblemKind::DuplicateEmail)
                .unwrap()
                .employee_ids,
            ["1", "2"]
        );
        let missing = problem(&preview, ProblemKind::MissingRequired).unwrap();
        assert_eq!(missing.employee_ids, ["3"]);
        assert_eq!(missing.column.as_deref(), Some("email"));
        assert_eq!(
            problem(&preview, ProblemKind::InvalidEmail)
                .unwrap()
                .employee_ids,
            ["4"]
        );
        // Missing stays missing: no blank string, no default.
        assert_eq!(value(&preview, "3", "email"), &FieldState::Empty);
        assert_eq!(
            preview.counts,
            PreviewCounts {
                employees: 4,
                ready: 0,
                blocked: 4
            }
        );
    }

    #[test]
    fn managers_outside_the_visible_set_and_reporting_loops_are_found() {
        let preview = run(vec![
            person("1", "Top Person", Some("top@example.com"), None),
            person("2", "Loop A", Some("a@example.com"), Some("3")),
            person("3", "Loop B", Some("b@example.com"), Some("2")),
            person("4", "Under Loop", Some("c@example.com"), Some("2")),
            person("5", "Hidden Boss", Some("d@example.com"), Some("999")),
        ]);
        assert_eq!(
            problem(&preview, ProblemKind::ManagerCycle)
                .unwrap()
                .employee_ids,
            ["2", "3"]
        );
        assert_eq!(
            problem(&preview, ProblemKind::ManagerNotVisible)
                .unwrap()
                .employee_ids,
            ["5"]
        );
        assert!(
            !problem(&preview, ProblemKind::ManagerCycle)
                .unwrap()
                .blocking
        );
    }

    #[test]
    fn leavers_need_a_termination_date_and_future_starters_are_fine() {
        let mut leaver = person("2", "Gone Person", Some("gone@example.com"), Some("1"));
        leaver["internal"]["lifecycleStatus"] = json!("terminated");
        let mut with_date = person("3", "Left Properly", Some("left@example.com"), Some("1"));
        with_date["internal"] =
            json!({"lifecycleStatus": "Terminated", "terminationDate": "2025-03-31"});
        let mut starter = person("4", "New Starter", Some("new@example.com"), Some("1"));
        starter["work"]["startDate"] = json!("2099-01-01");
        starter["internal"]["lifecycleStatus"] = json!("hired");
        let preview = run(vec![
            person("1", "Top Person", Some("top@example.com"), None),
            leaver,
            with_date,
            starter,
        ]);
        let problem = problem(&preview, ProblemKind::TerminatedWithoutDate).unwrap();
        assert_eq!(problem.employee_ids, ["2"]);
        assert_eq!(problem.column.as_deref(), Some("leave_date"));
        assert_eq!(
            value(&preview, "3", "leave_date"),
            &FieldState::Value("2025-03-31".into())
        );
        assert_eq!(
            value(&preview, "4", "hire_date"),
            &FieldState::Value("2099-01-01".into())
        );
        let lifecycles: Vec<_> = preview.records.iter().map(|r| r.lifecycle).collect();
        assert_eq!(lifecycles[3], Some(LifecycleStatus::Hired));
    }

    #[test]
    fn a_section_withheld_for_everyone_is_a_permission_problem_not_empty_data() {
        let mut a = person("1", "Ada Lovelace", Some("ada@example.com"), None);
        let mut b = person("2", "Grace Hopper", Some("grace@example.com"), Some("1"));
        for p in [&mut a, &mut b] {
            p.as_object_mut().unwrap().remove("internal");
        }
        let preview = run(vec![a, b]);
        let withheld = problem(&preview, ProblemKind::FieldWithheld).unwrap();
        assert_eq!(withheld.column.as_deref(), Some("leave_date"));
        assert!(
            withheld.employee_ids.is_empty(),
            "about the tenant, not people"
        );
        assert!(withheld.hint.contains("Test connection"));
        assert_eq!(value(&preview, "1", "leave_date"), &FieldState::Withheld);
        let coverage = preview
            .coverage
            .iter()
            .find(|c| c.target == "leave_date")
            .unwrap();
        assert_eq!((coverage.withheld, coverage.percent), (2, 0.0));
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

    #[test]
    fn iso_dates_are_checked_for_shape_and_range() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2024-13-01"));
        assert!(!is_iso_date("01/02/2024"));
        assert!(!is_iso_date("2024-1-01"));
    }
}
