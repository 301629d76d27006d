//! Validation: what would stop a record from syncing (a missing or malformed value, a shared
//! address) or is worth fixing (a manager out of sight, a reporting loop, a leaver with no date).

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashSet};

use hibob::FieldMeta;

use super::map::Links;
use super::problems::Problems;
use super::restrictions::Restrictions;
use super::{Column, FieldState, MappedRecord, ProblemKind};
use crate::catalog::LifecycleStatus;
use crate::profile::MappingKind;

/// A plausibility check (something@domain.tld, no spaces), not a full address parser.
pub(super) fn looks_like_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.contains(char::is_whitespace)
}

/// `YYYY-MM-DD` with a plausible month and day, the only date shape the integration takes.
pub(super) fn is_iso_date(value: &str) -> bool {
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

/// Checks the records against each other and against the tenant: fields withheld from everyone,
/// shared addresses, managers, and leavers' dates.
pub(super) fn validate(
    columns: &[Column],
    records: &[MappedRecord],
    links: &[Links],
    metadata: &[FieldMeta],
    restrictions: &Restrictions,
    problems: &mut Problems,
) {
    let known: HashSet<&str> = metadata.iter().map(|f| f.id.as_str()).collect();
    for (i, column) in columns.iter().enumerate() {
        // About the tenant, not particular employees. A column HiBob said it withheld already
        // has its problem (FieldRestricted).
        if !records.is_empty() && restrictions.of(&column.source).is_none() {
            // Withheld for everyone = a permission; only flagged for fields the tenant has.
            if known.contains(column.source.as_str())
                && records.iter().all(|r| r.fields[i] == FieldState::Withheld)
            {
                problems.note(ProblemKind::FieldWithheld, &column.target);
            } else if restrictions.field_level_permissions
                && records.iter().all(|r| r.fields[i].value().is_none())
                && records.iter().any(|r| r.fields[i] == FieldState::Empty)
            {
                // Under field-level permissions a withheld field may come back null, or be left
                // out for some and null for others (§9.4): blank for all cannot be called empty.
                problems.note(ProblemKind::EmptyOrWithheld, &column.target);
            }
        }
        if column.kind == MappingKind::Email {
            // The first record with each address, until a second one makes it a duplicate too.
            let mut first_with: HashMap<Cow<str>, Option<&str>> =
                HashMap::with_capacity_and_hasher(records.len(), Default::default());
            let mut duplicated: Vec<&str> = Vec::new();
            for record in records {
                if let Some(address) = record.fields[i].value() {
                    let folded = if address.chars().any(char::is_uppercase) {
                        Cow::Owned(address.to_lowercase())
                    } else {
                        Cow::Borrowed(address)
                    };
                    match first_with.entry(folded) {
                        Entry::Vacant(first) => {
                            first.insert(Some(&record.employee_id));
                        }
                        Entry::Occupied(mut first) => {
                            duplicated.extend(first.get_mut().take());
                            duplicated.push(&record.employee_id);
                        }
                    }
                }
            }
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
    let managers: Vec<Option<&str>> = links.iter().map(|l| l.manager.as_deref()).collect();
    let target = manager_column.map(|c| c.target.as_str());
    for (record, manager) in records.iter().zip(&managers) {
        if let Some(manager) = manager {
            if !index.contains_key(manager) {
                problems.add(ProblemKind::ManagerNotVisible, target, &record.employee_id);
            }
        }
    }
    for i in in_cycles(&managers, &index) {
        problems.add(ProblemKind::ManagerCycle, target, &records[i].employee_id);
    }

    // Leavers need a leave date.
    let termination_column = columns
        .iter()
        .find(|c| c.source == "internal.terminationDate")
        .map(|c| c.target.as_str());
    for (record, links) in records.iter().zip(links) {
        if record.lifecycle == Some(LifecycleStatus::Terminated) && !links.termination_date_given {
            problems.add(
                ProblemKind::TerminatedWithoutDate,
                termination_column,
                &record.employee_id,
            );
        }
    }
}

/// Indices of employees on a reporting loop: following managers from them comes back to them.
fn in_cycles(managers: &[Option<&str>], index: &HashMap<&str, usize>) -> Vec<usize> {
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
                    current = managers[i].and_then(|m| index.get(m).copied());
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    (0..managers.len()).filter(|&i| on_cycle[i]).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::sync::fixtures::{person, problem, run, value};
    use crate::sync::PreviewCounts;

    #[test]
    fn missing_and_duplicate_emails_block_their_records() {
        let preview = run(vec![
            person("1", "Ada Lovelace", Some("ada@example.com"), None),
            person("2", "Ada Clone", Some("ADA@example.com"), Some("1")),
            person("3", "No Mail", None, Some("1")),
            person("4", "Bad Mail", Some("not-an-address"), Some("1")),
            person("5", "Ada Third", Some("ada@EXAMPLE.com"), Some("1")),
        ]);
        // Each sharer once, the first included.
        assert_eq!(
            problem(&preview, ProblemKind::DuplicateEmail)
                .unwrap()
                .employee_ids,
            ["1", "2", "5"]
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
                employees: 5,
                ready: 0,
                blocked: 5
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
        assert!(
            withheld.hint.contains("People's fields"),
            "{}",
            withheld.hint
        );
        assert_eq!(value(&preview, "1", "leave_date"), &FieldState::Withheld);
        let coverage = preview
            .coverage
            .iter()
            .find(|c| c.target == "leave_date")
            .unwrap();
        assert_eq!((coverage.withheld, coverage.percent), (2, 0.0));
    }

    #[test]
    fn iso_dates_are_checked_for_shape_and_range() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2024-13-01"));
        assert!(!is_iso_date("01/02/2024"));
        assert!(!is_iso_date("2024-1-01"));
    }
}
