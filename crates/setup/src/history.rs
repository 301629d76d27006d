//! The sync history: what the last Sync now of a tenant and profile looked like, so the next one
//! can say what is new, changed and gone. Kept in SQLite in the app's data folder; every write is
//! one transaction, so a crash leaves the previous snapshot intact. Sensitive values (pay, bank,
//! personal identifiers) are never stored: only a keyed hash, enough to tell that they changed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::Sha256;
use ts_rs::TS;

use crate::catalog::LifecycleStatus;
use crate::error::SetupError;
use crate::sync::{FieldState, Preview};
use crate::wording::{capitalized, count, list_of};

/// Snapshots kept per tenant and profile.
const KEEP: i64 = 10;

/// What changed since the previous Sync now of the same tenant and profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncDiff {
    /// Unix seconds of the previous Sync now; `None` when this is the first.
    #[ts(type = "number | null")]
    pub previous_at: Option<i64>,
    pub new: Vec<String>,
    pub changed: Vec<ChangedRecord>,
    pub left: Vec<String>,
    pub unchanged: usize,
    /// So many people gone at once that a change in HiBob is the likelier cause (see
    /// [`departure_warning`]); the result and the setup report lead with it.
    pub departure_warning: Option<String>,
    /// Of `left`: those who were waiting to start or on leave at the previous preview, by that
    /// status (see [`out_of_view`]).
    pub out_of_view: Vec<OutOfView>,
    /// What `out_of_view` means and what to check; the result and the setup report carry it.
    pub out_of_view_warning: Option<String>,
}

/// People gone since the previous preview who then had `status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OutOfView {
    pub status: LifecycleStatus,
    pub employee_ids: Vec<String>,
}

/// The statuses people keep until HiBob moves them on (a start date, the end of a leave): someone
/// gone from the answer while having one has not left the company, the service user has lost
/// sight of them. Garden leave is left out: it ends in termination, so going is ordinary.
const STAYS_IN_HIBOB: [LifecycleStatus; 3] = [
    LifecycleStatus::Hired,
    LifecycleStatus::Leave,
    LifecycleStatus::ParentalLeave,
];

/// Groups the people gone since the previous snapshot by the status they had then, keeping those
/// whose status says they are still in HiBob.
pub fn out_of_view(
    left: &[String],
    previous_statuses: &HashMap<String, LifecycleStatus>,
) -> Vec<OutOfView> {
    STAYS_IN_HIBOB
        .into_iter()
        .filter_map(|status| {
            let employee_ids: Vec<String> = left
                .iter()
                .filter(|id| previous_statuses.get(*id) == Some(&status))
                .cloned()
                .collect();
            (!employee_ids.is_empty()).then_some(OutOfView {
                status,
                employee_ids,
            })
        })
        .collect()
}

fn people_with(status: LifecycleStatus, n: usize) -> String {
    match status {
        LifecycleStatus::Hired => count(n, "future starter", "future starters"),
        LifecycleStatus::ParentalLeave => {
            count(n, "person on parental leave", "people on parental leave")
        }
        _ => count(n, "person on leave", "people on leave"),
    }
}

/// Says that people who are waiting to start or on leave went out of view, and why that is
/// almost always the permission group rather than the people.
pub fn out_of_view_warning(groups: &[OutOfView]) -> Option<String> {
    if groups.is_empty() {
        return None;
    }
    let who = list_of(
        groups
            .iter()
            .map(|g| people_with(g.status, g.employee_ids.len())),
    );
    let statuses = list_of(groups.iter().map(|g| g.status.display_name().to_string()));
    let total: usize = groups.iter().map(|g| g.employee_ids.len()).sum();
    let are = if total == 1 { "is" } else { "are" };
    Some(format!(
        "{} at the previous Sync now {are} gone from this one, although waiting to start or being on leave takes \
         nobody out of HiBob: the service user can no longer see them, and the integration would treat them as \
         leavers. Check that the permission group's Lifecycle status condition lists {statuses} (People's data › \
         Access data for); “Everyone” covers active employees only.",
        capitalized(&who)
    ))
}

/// More leavers than this between two previews is suspicious whatever the company's size.
const SUSPICIOUS_LEAVERS: usize = 20;
/// …and so is more than this share of the previous preview (a tenth), from a few people up:
/// one leaver of five is a person, not a pattern.
const SUSPICIOUS_SHARE_PERCENT: usize = 10;
const FEWEST_FOR_SHARE: usize = 3;

/// A warning when a large share of the previous preview is gone: real leavers rarely come in such
/// numbers between two previews, while a narrowed Lifecycle status condition, a removed permission
/// or another service user removes people from the answer at once — and an integration that syncs
/// them as leavers would deactivate them on its side.
pub fn departure_warning(left: usize, previous_total: usize) -> Option<String> {
    let share_percent = (left * 100).checked_div(previous_total).unwrap_or(0);
    let suspicious = left > SUSPICIOUS_LEAVERS
        || (left >= FEWEST_FOR_SHARE && left * 100 > SUSPICIOUS_SHARE_PERCENT * previous_total);
    suspicious.then(|| {
        format!(
            "{left} of the {previous_total} employees in the previous preview are gone from this one ({share_percent} %). So many at \
             once is more likely a change in HiBob than people leaving: a narrower Lifecycle status condition, a \
             permission taken away, or other credentials. Run Test connection before the integration syncs, or it \
             may deactivate these people on its side.",
        )
    })
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChangedRecord {
    pub employee_id: String,
    /// Target fields whose value changed.
    pub fields: Vec<String>,
}

/// One stored Sync now: per employee, the stored form of its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub taken_at: i64,
    /// Per employee, a JSON object of target field → stored value ("value:…", "hmac:…", "empty"
    /// or "withheld"), keys sorted: the text stored, kept as text so that an unchanged employee
    /// is one string comparison.
    pub records: HashMap<String, String>,
    /// Each employee's lifecycle status at the time, where HiBob let it be read.
    pub statuses: HashMap<String, LifecycleStatus>,
}

/// A preview in its stored form, made once to be both compared and stored.
struct StoredRun<'a> {
    /// Per record of the preview, in its order: its fields as [`Snapshot::records`] holds them.
    fields: Vec<String>,
    preview: &'a Preview,
}

pub struct SyncHistory {
    connection: Connection,
    key: [u8; 32],
}

fn storage_error(path: &str) -> impl Fn(rusqlite::Error) -> SetupError + '_ {
    move |e| {
        let damaged = matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
        );
        if damaged {
            SetupError::HistoryDamaged {
                detail: e.to_string(),
            }
        } else {
            SetupError::Unwritable {
                path: path.to_string(),
                detail: e.to_string(),
            }
        }
    }
}

/// Histories written before lifecycle statuses were kept lack the column: add it, so their
/// snapshots read as having no statuses.
fn add_lifecycle_column(connection: &Connection) -> rusqlite::Result<()> {
    let mut columns = connection.prepare("SELECT name FROM pragma_table_info('record')")?;
    let names = columns
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    if !names.iter().any(|name| name == "lifecycle") {
        connection.execute_batch("ALTER TABLE record ADD COLUMN lifecycle TEXT")?;
    }
    Ok(())
}

/// What a Sync now is compared with when there is no previous one: everyone is new.
fn first_run(preview: &Preview) -> SyncDiff {
    SyncDiff {
        previous_at: None,
        new: preview
            .records
            .iter()
            .map(|r| r.employee_id.clone())
            .collect(),
        ..SyncDiff::default()
    }
}

/// Moves a damaged history (and SQLite's journal files beside it) out of the way, renamed, never
/// deleted, so a new one can start; returns where the history file went.
fn set_aside(path: &Path, now: i64) -> Result<PathBuf, SetupError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "history.sqlite".into());
    let kept = path.with_file_name(format!("{name}.damaged-{now}"));
    for suffix in ["-wal", "-shm"] {
        let journal = path.with_file_name(format!("{name}{suffix}"));
        let moved = kept.with_file_name(format!("{name}.damaged-{now}{suffix}"));
        if journal.exists() {
            let _ = std::fs::rename(&journal, moved);
        }
    }
    std::fs::rename(path, &kept).map_err(|e| SetupError::Unwritable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })?;
    Ok(kept)
}

impl SyncHistory {
    /// What [`record_run`](Self::record_run) compares with: the latest snapshot of this tenant
    /// and profile. Reading a large one takes a while, so the app reads it while HiBob is asked.
    pub fn read_previous(
        path: &Path,
        key: [u8; 32],
        tenant: &str,
        profile: &str,
    ) -> Result<Option<Snapshot>, SetupError> {
        SyncHistory::open(path, key)?.latest(tenant, profile)
    }

    /// Compares `preview` with the previous Sync now of this tenant and profile and stores it, with
    /// what the admin should know. The history is a convenience: when it cannot be used the preview
    /// still stands (compared with nothing) and a notice says why. A damaged history is set aside
    /// (renamed, never deleted) and a new one started.
    ///
    /// `previous` is what [`read_previous`](Self::read_previous) returned; nothing may have written
    /// the history since.
    pub fn record_run(
        previous: Result<Option<Snapshot>, SetupError>,
        path: &Path,
        key: [u8; 32],
        tenant: &str,
        profile: &str,
        preview: &Preview,
        now: i64,
    ) -> (SyncDiff, Vec<String>) {
        let attempt = |previous: Result<Option<Snapshot>, SetupError>| {
            let previous = previous?;
            let mut store = SyncHistory::open(path, key)?;
            // Compared and stored in the same form, made once.
            let current = store.stored_form(preview)?;
            let diff = compare(previous.as_ref(), &current);
            store.save_stored(tenant, profile, &current, now)?;
            Ok(diff)
        };
        let mut notices = Vec::new();
        let mut outcome = attempt(previous);
        if matches!(outcome, Err(SetupError::HistoryDamaged { .. })) {
            outcome = set_aside(path, now).and_then(|kept| {
                notices.push(format!(
                    "The sync history was damaged, so it was set aside as {} and a new one started: this \
                     Sync now is compared with nothing.",
                    kept.display()
                ));
                attempt(Self::read_previous(path, key, tenant, profile))
            });
        }
        let diff = outcome.unwrap_or_else(|error| {
            notices.push(format!(
                "This Sync now is not in the sync history, so the next one cannot be compared with it. {} {}",
                error.message(),
                error.hint()
            ));
            first_run(preview)
        });
        (diff, notices)
    }

    /// Opens (creating if needed) the history at `path`. `key` makes the hashes of sensitive
    /// values useless to anyone who copies the file without it.
    pub fn open(path: &Path, key: [u8; 32]) -> Result<Self, SetupError> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| SetupError::Unwritable {
                path: shown.clone(),
                detail: e.to_string(),
            })?;
        }
        let connection = Connection::open(path).map_err(storage_error(&shown))?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA foreign_keys = ON;
                 CREATE TABLE IF NOT EXISTS snapshot (
                     id INTEGER PRIMARY KEY,
                     tenant TEXT NOT NULL,
                     profile TEXT NOT NULL,
                     taken_at INTEGER NOT NULL
                 );
                 CREATE TABLE IF NOT EXISTS record (
                     snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
                     employee_id TEXT NOT NULL,
                     fields TEXT NOT NULL,
                     lifecycle TEXT,
                     PRIMARY KEY (snapshot_id, employee_id)
                 );",
            )
            .map_err(storage_error(&shown))?;
        add_lifecycle_column(&connection).map_err(storage_error(&shown))?;
        Ok(Self { connection, key })
    }

    /// The most recent snapshot of this tenant and profile.
    pub fn latest(&self, tenant: &str, profile: &str) -> Result<Option<Snapshot>, SetupError> {
        let read = storage_error("the sync history");
        let found: Option<(i64, i64)> = self
            .connection
            .query_row(
                "SELECT id, taken_at FROM snapshot WHERE tenant = ?1 AND profile = ?2
                 ORDER BY taken_at DESC, id DESC LIMIT 1",
                params![tenant, profile],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(&read)?;
        let Some((id, taken_at)) = found else {
            return Ok(None);
        };
        let mut statement = self
            .connection
            .prepare("SELECT employee_id, fields, lifecycle FROM record WHERE snapshot_id = ?1")
            .map_err(&read)?;
        let rows = statement
            .query_map(params![id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })
            .map_err(&read)?;
        let mut records = HashMap::new();
        let mut statuses = HashMap::new();
        for row in rows {
            let (employee_id, fields, lifecycle) = row.map_err(&read)?;
            // A damaged row is skipped rather than failing the whole history: the diff then
            // reports that employee as new, which is the honest reading. Read here, while HiBob is
            // asked, so that comparing needs no check.
            if read_stored_fields(&fields).is_some() {
                if let Some(status) = lifecycle.as_deref().and_then(LifecycleStatus::parse_hibob) {
                    statuses.insert(employee_id.clone(), status);
                }
                records.insert(employee_id, fields);
            }
        }
        Ok(Some(Snapshot {
            taken_at,
            records,
            statuses,
        }))
    }

    /// Stores this preview as the newest snapshot (one transaction) and prunes old ones.
    pub fn save(
        &mut self,
        tenant: &str,
        profile: &str,
        preview: &Preview,
        taken_at: i64,
    ) -> Result<(), SetupError> {
        let stored = self.stored_form(preview)?;
        self.save_stored(tenant, profile, &stored, taken_at)
    }

    /// As [`save`](Self::save), with the preview already in its stored form.
    fn save_stored(
        &mut self,
        tenant: &str,
        profile: &str,
        stored: &StoredRun,
        taken_at: i64,
    ) -> Result<(), SetupError> {
        let write = storage_error("the sync history");
        let transaction = self.connection.transaction().map_err(&write)?;
        transaction
            .execute(
                "INSERT INTO snapshot (tenant, profile, taken_at) VALUES (?1, ?2, ?3)",
                params![tenant, profile, taken_at],
            )
            .map_err(&write)?;
        let id = transaction.last_insert_rowid();
        {
            let mut insert = transaction
                .prepare(
                    "INSERT OR REPLACE INTO record (snapshot_id, employee_id, fields, lifecycle)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(&write)?;
            for (record, fields) in stored.preview.records.iter().zip(&stored.fields) {
                let lifecycle = record.lifecycle.map(|s| s.id());
                insert
                    .execute(params![id, record.employee_id, fields, lifecycle])
                    .map_err(&write)?;
            }
        }
        transaction
            .execute(
                "DELETE FROM snapshot WHERE tenant = ?1 AND profile = ?2 AND id NOT IN (
                     SELECT id FROM snapshot WHERE tenant = ?1 AND profile = ?2
                     ORDER BY taken_at DESC, id DESC LIMIT ?3)",
                params![tenant, profile, KEEP],
            )
            .map_err(&write)?;
        transaction.commit().map_err(&write)
    }

    /// The preview as it would be stored: values in clear, except sensitive ones, hashed.
    fn stored_form<'a>(&self, preview: &'a Preview) -> Result<StoredRun<'a>, SetupError> {
        // Columns in the order of their targets (a profile maps each target once), so the text
        // is the same for the same values, run after run.
        let mut order: Vec<usize> = (0..preview.columns.len()).collect();
        order.sort_by(|&a, &b| preview.columns[a].target.cmp(&preview.columns[b].target));
        let fields = preview
            .records
            .iter()
            .map(|record| {
                let stored = StoredFields {
                    history: self,
                    preview,
                    order: &order,
                    fields: &record.fields,
                };
                serde_json::to_string(&stored).map_err(|e| SetupError::Unwritable {
                    path: "the sync history".into(),
                    detail: e.to_string(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(StoredRun { fields, preview })
    }

    fn keyed_hash(&self, field: &str, value: &str) -> String {
        // HMAC accepts keys of any length, so this cannot fail; fall back to an empty digest
        // rather than panic.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.key) else {
            return String::new();
        };
        mac.update(field.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = String::with_capacity(64);
        for byte in mac.finalize().into_bytes() {
            hex.push(HEX[usize::from(byte >> 4)].into());
            hex.push(HEX[usize::from(byte & 0xf)].into());
        }
        hex
    }

    /// Compares a preview with the previous snapshot.
    pub fn diff(&self, previous: Option<&Snapshot>, preview: &Preview) -> SyncDiff {
        match self.stored_form(preview) {
            Ok(current) => compare(previous, &current),
            // Only a value serde_json cannot write ends here, and it cannot be stored either.
            Err(_) => first_run(preview),
        }
    }
}

/// One record's fields in their stored form, written as the JSON object stored.
struct StoredFields<'a> {
    history: &'a SyncHistory,
    preview: &'a Preview,
    /// Column indexes in the order of their targets.
    order: &'a [usize],
    fields: &'a [FieldState],
}

impl Serialize for StoredFields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.order.len()))?;
        for &i in self.order {
            let column = &self.preview.columns[i];
            let target = column.target.as_str();
            match self.fields.get(i) {
                None | Some(FieldState::Empty) => map.serialize_entry(target, "empty")?,
                Some(FieldState::Withheld) => map.serialize_entry(target, "withheld")?,
                Some(FieldState::Value(value)) if column.sensitive => {
                    let hash = self.history.keyed_hash(target, value);
                    map.serialize_entry(target, &format_args!("hmac:{hash}"))?
                }
                Some(FieldState::Value(value)) => {
                    map.serialize_entry(target, &format_args!("value:{value}"))?
                }
            }
        }
        map.end()
    }
}

/// A record's stored fields read back, or `None` when the text is not what is stored.
fn read_stored_fields(text: &str) -> Option<BTreeMap<String, String>> {
    serde_json::from_str(text).ok()
}

/// Compares a preview, in its stored form, with the previous snapshot.
fn compare(previous: Option<&Snapshot>, current: &StoredRun) -> SyncDiff {
    let preview = current.preview;
    let Some(previous) = previous else {
        return first_run(preview);
    };
    let mut diff = SyncDiff {
        previous_at: Some(previous.taken_at),
        ..SyncDiff::default()
    };
    for (record, now) in preview.records.iter().zip(&current.fields) {
        let id = &record.employee_id;
        let Some(before) = previous.records.get(id) else {
            diff.new.push(id.clone());
            continue;
        };
        if now == before {
            diff.unchanged += 1;
            continue;
        }
        // Different text: field by field. Both read: ours was just written, and the previous
        // one was checked when it was read.
        let now = read_stored_fields(now).unwrap_or_default();
        let before = read_stored_fields(before).unwrap_or_default();
        let fields: Vec<String> = now
            .into_iter()
            .filter(|(target, value)| before.get(target) != Some(value))
            .map(|(target, _)| target)
            .collect();
        if fields.is_empty() {
            diff.unchanged += 1;
        } else {
            diff.changed.push(ChangedRecord {
                employee_id: id.clone(),
                fields,
            });
        }
    }
    let current_ids: HashSet<&str> = preview
        .records
        .iter()
        .map(|r| r.employee_id.as_str())
        .collect();
    let mut left: Vec<String> = previous
        .records
        .keys()
        .filter(|id| !current_ids.contains(id.as_str()))
        .cloned()
        .collect();
    left.sort();
    diff.departure_warning = departure_warning(left.len(), previous.records.len());
    diff.out_of_view = out_of_view(&left, &previous.statuses);
    diff.out_of_view_warning = out_of_view_warning(&diff.out_of_view);
    diff.left = left;
    diff
}

#[cfg(test)]
mod departure_tests {
    use super::departure_warning;

    #[test]
    fn many_or_a_large_share_of_leavers_at_once_is_flagged() {
        for (left, previous, flagged) in [
            (0, 0, false),
            (0, 500, false),
            (1, 5, false),    // a fifth, but one person
            (2, 10, false),   // a fifth, still two people
            (3, 20, true),    // 15 %
            (10, 200, false), // 5 %
            (20, 1_000, false),
            (21, 1_000, true), // over 20 people
            (11, 100, true),   // 11 %
            (10, 100, false),  // exactly a tenth
            (5, 0, true),      // nobody before cannot happen, but is not a division by zero
        ] {
            assert_eq!(
                departure_warning(left, previous).is_some(),
                flagged,
                "{left} of {previous}"
            );
        }
        let text = departure_warning(30, 120).unwrap();
        assert!(text.starts_with("30 of the 120 employees"), "{text}");
        assert!(text.contains("(25 %)"), "{text}");
    }
}

#[cfg(test)]
mod out_of_view_tests {
    use super::*;

    fn statuses(pairs: &[(&str, LifecycleStatus)]) -> HashMap<String, LifecycleStatus> {
        pairs.iter().map(|(id, s)| (id.to_string(), *s)).collect()
    }

    #[test]
    fn only_people_who_stay_in_hibob_are_out_of_view_and_each_status_is_named() {
        let previous = statuses(&[
            ("1", LifecycleStatus::Hired),
            ("2", LifecycleStatus::Terminated),
            ("3", LifecycleStatus::ParentalLeave),
            ("4", LifecycleStatus::GardenLeave),
            ("5", LifecycleStatus::Employed),
            ("6", LifecycleStatus::ParentalLeave),
        ]);
        let left: Vec<String> = ["1", "2", "3", "4", "5", "6", "7"].map(String::from).into();
        let groups = out_of_view(&left, &previous);
        assert_eq!(
            groups,
            [
                OutOfView {
                    status: LifecycleStatus::Hired,
                    employee_ids: vec!["1".into()],
                },
                OutOfView {
                    status: LifecycleStatus::ParentalLeave,
                    employee_ids: vec!["3".into(), "6".into()],
                },
            ]
        );
        let text = out_of_view_warning(&groups).unwrap();
        assert!(
            text.starts_with(
                "1 future starter and 2 people on parental leave at the previous Sync now are gone"
            ),
            "{text}"
        );
        assert!(text.contains("lists Hired and Parental leave"), "{text}");
    }

    #[test]
    fn one_person_reads_in_the_singular_and_nobody_says_nothing() {
        let groups = [OutOfView {
            status: LifecycleStatus::Leave,
            employee_ids: vec!["9".into()],
        }];
        let text = out_of_view_warning(&groups).unwrap();
        assert!(
            text.starts_with("1 person on leave at the previous Sync now is gone from this one"),
            "{text}"
        );
        assert_eq!(out_of_view_warning(&[]), None);
        assert!(out_of_view(&[], &HashMap::new()).is_empty());
    }
}
