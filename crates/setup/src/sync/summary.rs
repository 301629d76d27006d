//! Summaries of the mapped records: how full each column is, and the teams they form.

use std::collections::BTreeMap;

use super::{Column, Coverage, FieldState, MappedRecord, Team};

/// Per column: records with a value, empty, or withheld by HiBob.
pub(super) fn coverage(columns: &[Column], records: &[MappedRecord]) -> Vec<Coverage> {
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
pub(super) fn teams(columns: &[Column], records: &[MappedRecord]) -> Vec<Team> {
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
