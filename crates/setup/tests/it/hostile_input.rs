//! Hostile input to the product's decisions: whatever HiBob's people search returns, whatever a
//! custom profile file says, whatever is found in the saved progress or the sync history on disk,
//! nothing panics and every failure is a located, readable error.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use hibob::{Employee, FieldMeta, TypeData};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use setup::history::SyncHistory;
use setup::progress::Progress;
use setup::sync::{build, SyncControl};
use setup::{Catalog, Profile, SetupError};
use test_support::Scratch;

const KEY: [u8; 32] = [7; 32];

fn catalog() -> Catalog {
    Catalog::builtin().unwrap()
}

/// A value as HiBob might send it for any field: right, wrong, empty or of another type.
fn field_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        2 => Just(Value::Null),
        1 => Just(json!("")),
        2 => ".{0,20}".prop_map(Value::String),
        2 => prop::sample::select(vec![
            "2024-02-29", "2024-02-30", "31/12/2024", "2024-12-31T10:00:00Z", "0000-00-00",
            "a@b.co", "no-at-sign", "@", "x@", "DUP@EXAMPLE.COM", "dup@example.com", "1", "2",
            "3", "Employed", "Terminated", "terminated", "garden leave", "Sales", "–",
        ])
        .prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::Bool),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}|id|value", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Sets `value` at a field ID's place in the nested employee (`root.x` is top-level `x`).
fn put(employee: &mut Map<String, Value>, field_id: &str, value: Value) {
    let path: Vec<&str> = field_id
        .strip_prefix("root.")
        .unwrap_or(field_id)
        .split('.')
        .collect();
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = employee;
    for segment in parents {
        let slot = current
            .entry(segment.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        match slot {
            Value::Object(inner) => current = inner,
            _ => return,
        }
    }
    current.insert(last.to_string(), value);
}

/// Employees with the profile's fields (and the ones Sync now always reads), each present,
/// missing, empty or odd; IDs and managers drawn from a small pool, so duplicates, unknown
/// managers and reporting loops are common.
fn company(sources: Vec<String>) -> impl Strategy<Value = Vec<Employee>> {
    let mut fields = sources;
    for support in [
        "internal.lifecycleStatus",
        "internal.terminationDate",
        "work.reportsTo.id",
    ] {
        fields.push(support.to_string());
    }
    let one = (
        prop::option::of(prop::sample::select(vec!["1", "2", "3", "4", "5", "6"])),
        prop::collection::vec(prop::option::of(field_value()), fields.len()),
        prop::option::of(prop::collection::vec(field_value(), fields.len())),
    )
        .prop_map(move |(id, values, readable)| {
            let mut employee = Map::new();
            if let Some(id) = id {
                employee.insert("id".into(), Value::from(id));
            }
            for (field, value) in fields.iter().zip(values) {
                if let Some(value) = value {
                    put(&mut employee, field, value);
                }
            }
            if let Some(readable) = readable {
                let mut block = Map::new();
                for (field, value) in fields.iter().zip(readable) {
                    put(&mut block, field, value);
                }
                employee.insert("humanReadable".into(), Value::Object(block));
            }
            serde_json::from_value::<Employee>(Value::Object(employee)).unwrap()
        });
    prop::collection::vec(one, 0..40)
}

fn metadata(sources: &[String], types: &[&'static str]) -> Vec<FieldMeta> {
    sources
        .iter()
        .zip(types.iter().cycle())
        .map(|(id, field_type)| FieldMeta {
            id: id.clone(),
            name: id.clone(),
            category_id: id.split('.').next().unwrap_or_default().to_string(),
            category_display_name: String::new(),
            description: None,
            json_path: id.clone(),
            field_type: field_type.to_string(),
            type_data: Some(TypeData { list_id: None }),
            historical: false,
        })
        .collect()
}

fn profile_and_company() -> impl Strategy<Value = (Profile, Vec<Employee>, Vec<&'static str>)> {
    prop::sample::select(Profile::builtin_ids()).prop_flat_map(|id| {
        let profile = Profile::builtin(&id, &catalog()).unwrap();
        let sources: Vec<String> = profile.mapping.iter().map(|m| m.source.clone()).collect();
        let types = prop::collection::vec(
            prop::sample::select(vec!["text", "list", "date", "employee-reference", "", "?"]),
            1..4,
        );
        (Just(profile), company(sources), types)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_company_maps_into_a_consistent_preview((profile, employees, types) in profile_and_company()) {
        let sources: Vec<String> = profile.mapping.iter().map(|m| m.source.clone()).collect();
        let preview = build(&profile, &employees, &metadata(&sources, &types), &SyncControl::default()).unwrap();
        prop_assert_eq!(preview.records.len(), employees.len());
        prop_assert_eq!(preview.counts.ready + preview.counts.blocked, preview.counts.employees);
        let ids: HashSet<&str> = preview.records.iter().map(|r| r.employee_id.as_str()).collect();
        for record in &preview.records {
            prop_assert_eq!(record.fields.len(), preview.columns.len());
        }
        for problem in &preview.problems {
            prop_assert!(problem.message.ends_with('.'), "{}", problem.message);
            for id in &problem.employee_ids {
                prop_assert!(ids.contains(id.as_str()), "{} is not a record", id);
            }
        }
        // Export and the setup report take whatever the preview holds.
        let csv = setup::export::csv(&preview).unwrap();
        let header_first = csv.starts_with("\u{feff}employee_id,status,problems");
        prop_assert!(header_first);
        let report = setup::setup_report::SetupReport {
            app_version: "test",
            diagnosis: None,
            preview: Some(&preview),
            diff: None,
            include_employee_ids: true,
        }
        .to_string();
        prop_assert!(report.contains("Sync now"));
    }

    #[test]
    fn any_profile_text_loads_or_names_a_line_inside_it(text in "(.|\n){0,400}") {
        check_profile_text(&text)?;
    }

    #[test]
    fn a_damaged_built_in_profile_loads_or_names_a_line_inside_it(
        id in prop::sample::select(Profile::builtin_ids()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, edit()), 1..4),
    ) {
        let mut text = Profile::builtin_text(&id).unwrap().to_string();
        for (at, length, insert) in edits {
            let start = floor_char_boundary(&text, at.index(text.len() + 1));
            let end = floor_char_boundary(&text, (start + length).min(text.len()));
            text.replace_range(start..end, &insert);
        }
        check_profile_text(&text)?;
    }

    #[test]
    fn any_saved_progress_reads_or_is_set_aside(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let dir = Scratch::new("hostile-progress");
        let path = dir.join("progress.json");
        std::fs::write(&path, &bytes).unwrap();
        let (_, notice) = Progress::load(&path);
        if serde_json::from_slice::<Progress>(&bytes).is_ok() {
            prop_assert!(notice.is_none());
        } else {
            prop_assert!(notice.unwrap().ends_with('.'));
            prop_assert_eq!(std::fs::read(dir.join("progress.json.damaged")).unwrap(), bytes);
            prop_assert_eq!(Progress::load(&path), (Progress::default(), None));
        }
    }
}

fn edit() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "\"",
            "[",
            "]]",
            "=",
            "\n",
            "[[mapping]]\n",
            "kind = \"bogus\"\n",
            "required = \"yes\"\n",
            "{ id = \"people.nope\", why = \"x\" },",
            "target = \"id\"\n",
            "source = \"no dots\"\n",
            "tables = [\"nope\"]\n",
            "é",
            "\u{0}",
        ])
        .prop_map(String::from),
        ".{0,8}",
    ]
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn check_profile_text(text: &str) -> Result<(), TestCaseError> {
    let catalog = catalog();
    match Profile::from_toml(text, "The profile", &catalog) {
        // What loads holds only permissions the catalog knows, each target mapped once.
        Ok(profile) => {
            prop_assert!(profile
                .permissions
                .iter()
                .all(|p| catalog.get(&p.id).is_some()));
            let targets: HashSet<&str> =
                profile.mapping.iter().map(|m| m.target.as_str()).collect();
            prop_assert_eq!(targets.len(), profile.mapping.len());
        }
        Err(SetupError::InvalidFile {
            line,
            column,
            problem,
            ..
        }) => {
            prop_assert!(
                line >= 1 && line <= text.split('\n').count(),
                "line {} of {:?}",
                line,
                text
            );
            prop_assert!(column >= 1);
            prop_assert!(!problem.is_empty());
        }
        Err(other) => prop_assert!(false, "a profile file gave {:?}", other),
    }
    Ok(())
}

proptest! {
    // Each case writes and reads a database file: fewer of them.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_damaged_sync_history_is_an_error_or_still_usable(
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let dir = Scratch::new("hostile-history");
        let path = dir.join("history.sqlite");
        let mut bytes = pristine_history();
        for (at, byte) in damage {
            let i = at.index(bytes.len());
            bytes[i] ^= byte | 1;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        std::fs::write(&path, &bytes).unwrap();
        let preview = sample_preview();
        let outcome = SyncHistory::open(&path, KEY).and_then(|mut store| {
            let previous = store.latest("sim", "directory")?;
            let _ = store.diff(previous.as_ref(), &preview);
            store.save("sim", "directory", &preview, 99)
        });
        if let Err(error) = outcome {
            prop_assert!(
                matches!(error, SetupError::HistoryDamaged { .. } | SetupError::Unwritable { .. }),
                "{:?}", error
            );
            prop_assert!(error.message().ends_with('.'));
        }
    }
}

/// A small preview of a generated company, the same every time.
fn sample_preview() -> setup::sync::Preview {
    let profile = Profile::builtin("directory", &catalog()).unwrap();
    let employees: Vec<Employee> = (1..=30)
        .map(|n| {
            serde_json::from_value(json!({
                "id": n.to_string(),
                "displayName": format!("Person {n}"),
                "firstName": "Person",
                "surname": n.to_string(),
                "email": format!("p{n}@example.com"),
                "work": { "title": "Engineer", "reportsTo": { "id": "1" } },
            }))
            .unwrap()
        })
        .collect();
    build(&profile, &employees, &[], &SyncControl::default()).unwrap()
}

/// The bytes of a history holding two runs.
fn pristine_history() -> Vec<u8> {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES
        .get_or_init(|| {
            let dir = Scratch::new("hostile-pristine");
            let path = dir.join("history.sqlite");
            {
                let mut store = SyncHistory::open(&path, KEY).unwrap();
                store
                    .save("sim", "directory", &sample_preview(), 1)
                    .unwrap();
                store
                    .save("sim", "directory", &sample_preview(), 2)
                    .unwrap();
            }
            // Read before `dir` is dropped, which removes the folder.
            std::fs::read(&path).unwrap()
        })
        .clone()
}
