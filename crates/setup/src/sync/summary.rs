//! Summaries of the mapped records: how full each column is, and the teams they form.

use std::collections::BTreeMap;

use super::{Column, Coverage, FieldState, MappedRecord, Team};

/// Per column: records with a value, empty, or withheld by HiBob. Counted in one pass over the
/// records, not one per column (see `Mapper::finish`).
pub(super) fn coverage(columns: &[Column], records: &[MappedRecord]) -> Vec<Coverage> {
    let mut counts = vec![[0usize; 3]; columns.len()];
    for record in records {
        for (count, field) in counts.iter_mut().zip(&record.fields) {
            count[match field {
                FieldState::Value(_) => 0,
                FieldState::Empty => 1,
                FieldState::Withheld => 2,
            }] += 1;
        }
    }
    columns
        .iter()
        .zip(counts)
        .map(|(column, [filled, empty, withheld])| Coverage {
            target: column.target.clone(),
            filled,
            empty,
            withheld,
            percent: if records.is_empty() {
                0.0
            } else {
                (filled as f64 * 1000.0 / records.len() as f64).round() / 10.0
            },
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
