//! The requests behind a preview (the field metadata, one people search, the history tables),
//! and the order of the whole run: fetch, then map, then assemble.

use std::time::Instant;

use hibob::{
    Client, HibobError, HumanReadable, PeopleSearch, Table, TableRowsByEmployee, MAX_BULK_LIMIT,
};

use super::map::{display_values_read, Mapper};
use super::restrictions::{self, Restrictions};
use super::{Preview, PreviewStats, SyncControl, SyncPhase, SyncProgress, TableSummary};
use crate::catalog::LIFECYCLE_FIELD;
use crate::dates::millis;
use crate::error::SetupError;
use crate::profile::{HistoryTable, Profile};

/// Fields read besides the profile's own: identity, lifecycle and the manager for validation.
const SUPPORT_FIELDS: [&str; 5] = [
    "root.id",
    "root.displayName",
    LIFECYCLE_FIELD,
    "internal.terminationDate",
    "work.reportsTo",
];

/// The one people search Sync now makes for `profile`: the fields it maps and those the checks
/// need, inactive people included when the profile needs them, with display values beside the
/// machine ones.
pub fn people_search(profile: &Profile) -> PeopleSearch {
    let mut fields: Vec<String> = SUPPORT_FIELDS.iter().map(|f| f.to_string()).collect();
    for mapping in &profile.mapping {
        if !fields.contains(&mapping.source) {
            fields.push(mapping.source.clone());
        }
    }
    PeopleSearch::fields(fields)
        .show_inactive(profile.include_inactive)
        .human_readable(HumanReadable::Append)
        .display_values_only_for(display_values_read(profile))
}

/// Fetches, maps and validates: the field metadata, then one people search (inactive people
/// included when the profile needs them) and the history tables, concurrently.
pub async fn preview(
    client: &Client,
    profile: &Profile,
    control: &SyncControl,
) -> Result<Preview, SetupError> {
    control.check()?;
    control.report(SyncProgress::at(SyncPhase::Fetching, 0, 0));
    let search = people_search(profile);
    let fetch = async {
        // The field metadata first: it is small and needs no permission, so bad credentials fail
        // on one request rather than on several at once (HiBob's firewall counts failed logins).
        let metadata = client.fields_metadata().await?;
        // Employees are mapped as the answer is read, while the tables are fetched.
        let (found, (tables, restrictions)) = tokio::try_join!(
            client.search_people_into(&search, || Mapper::new(profile, control)),
            fetch_tables(client, profile),
        )
        .map_err(|error| match error {
            HibobError::InvalidCredentials => SetupError::CredentialsWithdrawn,
            other => other.into(),
        })?;
        Ok::<_, SetupError>((found, metadata, tables, restrictions))
    };
    let (found, metadata, tables, restrictions) = tokio::select! {
        result = fetch => result?,
        _ = control.cancelled() => return Err(SetupError::Cancelled),
    };
    let arrived = Instant::now();
    let mapped = found.employees.finish(&metadata, &restrictions)?;
    let fetched = mapped.records.len();
    let mut preview = Preview::new(mapped, tables, PreviewStats::default());
    preview.stats = PreviewStats {
        body_bytes: found.body_bytes as u64,
        transfer_ms: millis(found.transfer_time),
        parse_ms: millis(found.parse_time),
        process_ms: millis(arrived.elapsed()),
    };
    control.report(SyncProgress::at(SyncPhase::Done, fetched, fetched));
    Ok(preview)
}

/// Most pages read from one table (200 rows each): a bound, not an expected size.
const MAX_TABLE_PAGES: usize = 1_000;

/// Rows asked for when a table is read only for what it withholds.
const PROBE_LIMIT: u16 = 1;

/// Reads every page of each history table the profile reads, and one small page of each other
/// built-in table whose columns the mapping reads: under field-level permissions a table answer
/// is the only place HiBob says which fields it withheld (docs/hibob-api.md §9.4). A refused
/// table is a finding, not a failure.
async fn fetch_tables(
    client: &Client,
    profile: &Profile,
) -> Result<(Vec<TableSummary>, Restrictions), HibobError> {
    let mut restrictions = Restrictions::default();
    let mut summaries = Vec::with_capacity(profile.tables.len());
    for &table in &profile.tables {
        let wire = table.wire();
        let mut rows = TableRowsByEmployee::default();
        let mut withheld = false;
        let mut cursor = None;
        for _ in 0..MAX_TABLE_PAGES {
            let page = match client.bulk_table_page(wire, MAX_BULK_LIMIT, cursor).await {
                Ok(page) => page,
                Err(HibobError::Forbidden { .. }) => {
                    withheld = true;
                    break;
                }
                Err(other) => return Err(other),
            };
            cursor = page
                .response_metadata
                .next_cursor
                .clone()
                .filter(|c| !c.is_empty());
            rows.add_page(page);
            if cursor.is_none() {
                break;
            }
        }
        restrictions.add(wire, &rows.restricted_columns);
        summaries.push(summarize(table, withheld, &rows));
    }
    for wire in probed_tables(profile) {
        // Evidence only: a table the profile does not read may well be refused, and its
        // answer changes nothing else.
        if let Ok(page) = client.bulk_table_page(wire, PROBE_LIMIT, None).await {
            restrictions.add(wire, &current_values_only(page.restricted_columns));
        }
    }
    Ok((summaries, restrictions))
}

/// What a probed table withheld that matters to a profile that does not read its history: the
/// fields themselves, not their earlier values (which still show that the company uses
/// field-level permissions).
fn current_values_only(mut restricted: hibob::RestrictedColumns) -> hibob::RestrictedColumns {
    if !restricted.no_view_history_permission.is_empty() {
        restricted.flagged = true;
        restricted.no_view_history_permission.clear();
    }
    restricted
}

/// The built-in tables the profile does not read in full but whose columns it maps.
fn probed_tables(profile: &Profile) -> Vec<Table> {
    [
        Table::Work,
        Table::Employment,
        Table::Salaries,
        Table::Lifecycle,
    ]
    .into_iter()
    .filter(|wire| !profile.tables.iter().any(|&t| t.wire() == *wire))
    .filter(|wire| {
        // The prefix of the table's field IDs ("payroll.employment.").
        let prefix = wire.field_id_for_column("");
        profile
            .mapping
            .iter()
            .any(|m| m.source.starts_with(&prefix))
    })
    .collect()
}

/// One table's summary, each employee counted once however HiBob paged their rows.
fn summarize(table: HistoryTable, withheld: bool, rows: &TableRowsByEmployee) -> TableSummary {
    TableSummary {
        table,
        name: crate::wording::capitalized(table.name()),
        withheld,
        employees: rows.employees(),
        rows: rows.rows(),
        restricted_columns: restrictions::columns(table.wire(), &rows.restricted_columns),
    }
}

/// The pages of one table as `fetch_tables` reads them, for tests that build pages by hand.
#[cfg(test)]
fn summarize_pages(table: HistoryTable, pages: Vec<hibob::BulkPage>) -> TableSummary {
    let mut rows = TableRowsByEmployee::default();
    for page in pages {
        rows.add_page(page);
    }
    summarize(table, false, &rows)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::catalog::Catalog;
    use hibob::BulkPage;

    fn page(value: Value, flagged: bool) -> BulkPage {
        BulkPage::from_raw(value, flagged).unwrap()
    }

    #[test]
    fn an_employee_whose_rows_span_two_pages_is_counted_once() {
        let summary = summarize_pages(
            HistoryTable::Work,
            vec![
                page(
                    json!({"results": [
                        {"employeeId": "1", "values": [{"title": "a"}]},
                        {"employeeId": "2", "values": [{"title": "b"}]}
                    ], "response_metadata": {"next_cursor": "c1"}}),
                    false,
                ),
                page(
                    json!({"results": [
                        {"employeeId": "2", "values": [{"title": "c"}, {"title": "d"}]},
                        {"employeeId": "3", "values": [{"title": "e"}]}
                    ], "response_metadata": {"next_cursor": null}}),
                    false,
                ),
            ],
        );
        assert_eq!((summary.employees, summary.rows), (3, 5));
        assert!(summary.restricted_columns.is_empty());
    }

    #[test]
    fn a_table_lists_the_columns_hibob_withheld_on_any_page() {
        let summary = summarize_pages(
            HistoryTable::Employment,
            vec![
                page(
                    json!({"results": [{"employeeId": "1", "values": [{"fte": null}]}],
                           "restricted_columns": {"no_view_permission": ["fte"]}}),
                    true,
                ),
                page(
                    json!({"results": [], "restricted_columns":
                        {"no_view_permission": ["weeklyHours"], "no_view_history_permission": ["type"]}}),
                    true,
                ),
            ],
        );
        let columns: Vec<(&str, &str, bool)> = summary
            .restricted_columns
            .iter()
            .map(|c| (c.column.as_str(), c.field_id.as_str(), c.history_only))
            .collect();
        assert_eq!(
            columns,
            [
                ("fte", "payroll.employment.fte", false),
                ("weeklyHours", "payroll.employment.weeklyHours", false),
                ("type", "payroll.employment.type", true),
            ]
        );
    }

    #[test]
    fn a_probed_table_withholding_only_history_shows_field_level_permissions_and_nothing_more() {
        let restricted = current_values_only(hibob::RestrictedColumns::from_raw(
            &json!({"restricted_columns": {"no_view_permission": ["fte"],
                                           "no_view_history_permission": ["department"]}}),
            false,
        ));
        let mut restrictions = Restrictions::default();
        restrictions.add(Table::Work, &restricted);
        assert!(restrictions.field_level_permissions);
        assert_eq!(restrictions.of("work.department"), None);
        assert!(restrictions.of("work.fte").is_some());
    }

    #[test]
    fn only_tables_whose_columns_the_mapping_reads_are_probed() {
        let catalog = Catalog::builtin().unwrap();
        // hr-core reads the work and salary tables in full, and maps payroll.employment.type and
        // internal.terminationDate.
        let hr_core = Profile::builtin("hr-core", &catalog).unwrap();
        assert_eq!(
            probed_tables(&hr_core),
            [Table::Employment, Table::Lifecycle]
        );
        // unified reads every table in full: nothing left to probe.
        let unified = Profile::builtin("unified", &catalog).unwrap();
        assert!(probed_tables(&unified).is_empty());
    }
}
