//! The requests behind a preview (the field metadata, one people search, the history tables),
//! and the order of the whole run: fetch, then map, then assemble.

use std::time::Instant;

use hibob::{Client, HibobError, HumanReadable, PeopleSearch, Table, MAX_BULK_LIMIT};

use super::map::map_all;
use super::{Preview, PreviewStats, SyncControl, SyncPhase, SyncProgress, TableSummary};
use crate::dates::millis;
use crate::error::SetupError;
use crate::profile::{HistoryTable, Profile};

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
    let mapped = map_all(profile, &found.employees, &metadata, control)?;
    let stats = PreviewStats {
        body_bytes: found.body_bytes as u64,
        transfer_ms: millis(found.transfer_time),
        parse_ms: millis(found.parse_time),
        process_ms: millis(processing.elapsed()),
    };
    let preview = Preview::new(mapped, tables, stats);
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
            name: crate::wording::capitalized(table.name()),
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
