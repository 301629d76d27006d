//! A preview's records a page at a time, as the screen shows them: searched, narrowed to the
//! records one problem affects, fifty to a page. The screen never holds all of a large company:
//! it asks for the page it shows.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{FieldState, MappedRecord, Preview, ProblemKind};

/// Records on one page of the screen's table.
pub const PAGE_SIZE: usize = 50;

/// Which records the screen wants to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct RecordsQuery {
    /// Text to find, whatever its case, in a name, an employee ID or a value. Sensitive values
    /// are searched only while they are revealed: searching masked values would reveal them
    /// one guess at a time.
    pub search: String,
    /// Only the records this problem affects.
    pub problem: Option<ProblemRef>,
    pub reveal_sensitive: bool,
    /// From 0; past the last page means the last page.
    pub page: usize,
}

/// A problem of the preview, named by what sets it apart from the others.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, TS)]
#[ts(export)]
pub struct ProblemRef {
    pub kind: ProblemKind,
    pub column: Option<String>,
}

/// One page of records, with the counts the table's caption and pager need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecordsPage {
    pub rows: Vec<MappedRecord>,
    /// Records matching the query, on every page.
    pub matching: usize,
    /// Records in the preview.
    pub total: usize,
    /// The page shown, from 0.
    pub page: usize,
    /// At least 1, even when nothing matches.
    pub pages: usize,
}

impl Preview {
    /// The page of records `query` asks for.
    pub fn page(&self, query: &RecordsQuery) -> RecordsPage {
        let needle = query.search.trim().to_lowercase();
        let only: Option<HashSet<&str>> = query.problem.as_ref().map(|wanted| {
            self.problems
                .iter()
                .filter(|p| p.kind == wanted.kind && p.column == wanted.column)
                .flat_map(|p| p.employee_ids.iter().map(String::as_str))
                .collect()
        });
        let searchable: Vec<bool> = self
            .columns
            .iter()
            .map(|c| query.reveal_sensitive || !c.sensitive)
            .collect();
        let matching: Vec<&MappedRecord> = self
            .records
            .iter()
            .filter(|r| {
                only.as_ref()
                    .is_none_or(|ids| ids.contains(r.employee_id.as_str()))
            })
            .filter(|r| needle.is_empty() || record_contains(r, &searchable, &needle))
            .collect();
        let pages = matching.len().div_ceil(PAGE_SIZE).max(1);
        let page = query.page.min(pages - 1);
        RecordsPage {
            rows: matching
                .iter()
                .skip(page * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|r| (*r).clone())
                .collect(),
            matching: matching.len(),
            total: self.records.len(),
            page,
            pages,
        }
    }

    /// The display names of these employees, by ID, for those among the records.
    pub fn names_of<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
        let wanted: HashSet<&str> = ids.into_iter().collect();
        if wanted.is_empty() {
            return BTreeMap::new();
        }
        let by_id: HashMap<&str, &str> = self
            .records
            .iter()
            .filter(|r| wanted.contains(r.employee_id.as_str()) && !r.display_name.is_empty())
            .map(|r| (r.employee_id.as_str(), r.display_name.as_str()))
            .collect();
        by_id
            .into_iter()
            .map(|(id, name)| (id.to_owned(), name.to_owned()))
            .collect()
    }
}

/// Whether `needle` (lower case) is in the record's name, ID or a searchable value.
fn record_contains(record: &MappedRecord, searchable: &[bool], needle: &str) -> bool {
    contains_folded(&record.display_name, needle)
        || contains_folded(&record.employee_id, needle)
        || record
            .fields
            .iter()
            .zip(searchable)
            .any(|(field, &searchable)| match field {
                FieldState::Value(value) if searchable => contains_folded(value, needle),
                _ => false,
            })
}

/// Case-insensitive `contains`, without copying the text when it is ASCII (most are).
fn contains_folded(text: &str, needle: &str) -> bool {
    if text.is_ascii() && needle.is_ascii() {
        let (text, needle) = (text.as_bytes(), needle.as_bytes());
        return needle.is_empty()
            || text
                .windows(needle.len())
                .any(|window| window.eq_ignore_ascii_case(needle));
    }
    text.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::fixtures::{person, run};

    fn query(search: &str) -> RecordsQuery {
        RecordsQuery {
            search: search.into(),
            ..RecordsQuery::default()
        }
    }

    fn ids(page: &RecordsPage) -> Vec<&str> {
        page.rows.iter().map(|r| r.employee_id.as_str()).collect()
    }

    #[test]
    fn pages_hold_fifty_and_a_page_past_the_end_is_the_last() {
        let preview = run((0..120)
            .map(|i| {
                person(
                    &format!("{i:03}"),
                    "Ann Lee",
                    Some(&format!("a{i}@x.io")),
                    None,
                )
            })
            .collect());
        let first = preview.page(&query(""));
        assert_eq!(
            (first.rows.len(), first.matching, first.total, first.pages),
            (50, 120, 120, 3)
        );
        assert_eq!(first.rows[0].employee_id, preview.records[0].employee_id);
        let last = preview.page(&RecordsQuery {
            page: 9,
            ..query("")
        });
        assert_eq!((last.page, last.rows.len()), (2, 20));
        let none = preview.page(&query("nobody"));
        assert_eq!((none.matching, none.pages, none.rows.len()), (0, 1, 0));
    }

    #[test]
    fn search_finds_names_ids_and_values_whatever_the_case() {
        let preview = run(vec![
            person("E1001", "Zoë Ångström", Some("zoe@example.com"), None),
            person(
                "E1002",
                "Łukasz Nguyễn",
                Some("LUKASZ@example.com"),
                Some("E1001"),
            ),
        ]);
        assert_eq!(ids(&preview.page(&query("ÅNGSTRÖM"))), ["E1001"]);
        assert_eq!(ids(&preview.page(&query("lukasz@"))), ["E1002"]);
        assert_eq!(ids(&preview.page(&query(" e1002 "))), ["E1002"]);
        assert_eq!(ids(&preview.page(&query("engineering"))).len(), 2);
    }

    /// Searching masked values would reveal them one guess at a time.
    #[test]
    fn sensitive_values_are_searched_only_while_revealed() {
        let profile = crate::Profile::from_toml(
            "id = \"pay\"\nname = \"Pay\"\ndescription = \"d\"\npermissions = []\n\
             [[mapping]]\ntarget = \"salary\"\nsource = \"payroll.salary.payment\"\nkind = \"text\"\nsensitive = true\n",
            "test",
            &crate::Catalog::builtin().unwrap(),
        )
        .unwrap();
        let employees = vec![crate::sync::fixtures::employee(serde_json::json!({
            "id": "1", "displayName": "Ada", "payroll": {"salary": {"payment": 72000}}
        }))];
        let preview = crate::sync::build(
            &profile,
            &employees,
            &[],
            &crate::sync::SyncControl::default(),
        )
        .unwrap();
        assert_eq!(preview.page(&query("72000")).matching, 0);
        let revealed = RecordsQuery {
            reveal_sensitive: true,
            ..query("72000")
        };
        assert_eq!(ids(&preview.page(&revealed)), ["1"]);
    }

    #[test]
    fn a_problem_narrows_the_records_to_those_it_affects() {
        let preview = run(vec![
            person("1", "Ada Lovelace", Some("ada@example.com"), None),
            person("2", "No Mail", None, Some("1")),
            person("3", "Also None", None, Some("1")),
        ]);
        let missing = RecordsQuery {
            problem: Some(ProblemRef {
                kind: ProblemKind::MissingRequired,
                column: Some("email".into()),
            }),
            ..query("")
        };
        assert_eq!(ids(&preview.page(&missing)), ["2", "3"]);
        assert_eq!(
            ids(&preview.page(&RecordsQuery {
                search: "also".into(),
                ..missing
            })),
            ["3"]
        );
        assert_eq!(
            preview.names_of(["3", "9"]),
            BTreeMap::from([("3".to_string(), "Also None".to_string())])
        );
    }
}
