//! Hostile people-search answers: whatever bytes arrive, reading them never panics. Garbage and
//! bodies cut short are errors (never half a company); HiBob-shaped JSON with odd values, types,
//! nesting and slash-path keys reads, and every field lookup on it answers present, empty or
//! absent.

// Test code: a panic is how a test reports failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hibob::{parse_search_body, FieldValue, PeopleSearch};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Keys HiBob uses (nested and slash-path forms), plus anything at all.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "id", "displayName", "firstName", "surname", "email", "work", "title", "department",
            "site", "startDate", "reportsTo", "internal", "lifecycleStatus", "terminationDate",
            "humanReadable", "payroll", "salary", "custom", "value", "/root/id", "/work/title",
            "/work/reportsTo/id", "/internal/lifecycleStatus", "/", "//", "/root", "/root/",
            "/work/department/", "root",
        ])
        .prop_map(String::from),
        1 => ".{0,12}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
        prop::sample::select(vec![
            "2024-02-30",
            "1999-12-31",
            "",
            "not@",
            "a@b.c",
            "-0",
            "NaN"
        ])
        .prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn employee() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map(key(), value(), 0..10).prop_map(|map| map.into_iter().collect())
}

/// Field IDs as the integration asks for them, plus odd ones.
fn field_id() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "root.id",
            "root.email",
            "work.title",
            "work.reportsTo.id",
            "work.department",
            "internal.lifecycleStatus",
            "payroll.salary.payment",
            "work.custom.field_1",
            "",
            ".",
            "..",
            "root.",
            "work..title",
        ])
        .prop_map(String::from),
        "[a-z./]{0,16}",
    ]
}

/// The fields a directory integration asks for.
fn directory() -> PeopleSearch {
    PeopleSearch::fields([
        "root.id",
        "root.email",
        "work.title",
        "work.reportsTo",
        "work.department",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_are_read_or_refused_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_search_body(&bytes, &directory());
    }

    #[test]
    fn hibob_shaped_answers_read_and_every_lookup_answers(
        employees in prop::collection::vec(employee(), 0..20),
        lookups in prop::collection::vec(field_id(), 1..12),
    ) {
        let body = serde_json::to_vec(&json!({ "employees": employees })).unwrap();
        let parsed = parse_search_body(&body, &PeopleSearch::fields(lookups.iter())).unwrap();
        prop_assert_eq!(parsed.len(), employees.len());
        for (employee, sent) in parsed.iter().zip(&employees) {
            for id in &lookups {
                match employee.field(id) {
                    FieldValue::Present(value) => prop_assert!(!value.is_null()),
                    FieldValue::Empty | FieldValue::Absent => {}
                }
                let _ = employee.human_readable(id);
                let _ = employee.field_at_json_path(id);
            }
            // The ID is the top-level string, else the slash form's, whatever else the employee
            // holds.
            let sent_id = match sent.get("id") {
                Some(Value::Null) | None => match sent.get("/root/id") {
                    Some(Value::Object(wrapper)) => wrapper.get("value"),
                    other => other,
                },
                nested => nested,
            };
            prop_assert_eq!(employee.id(), sent_id.and_then(Value::as_str));
        }
    }

    #[test]
    fn an_answer_cut_short_is_an_error_never_part_of_the_company(
        employees in prop::collection::vec(employee(), 1..10),
        cut in 0.0f64..1.0,
    ) {
        let body = serde_json::to_vec(&json!({ "employees": employees })).unwrap();
        let keep = ((body.len() - 1) as f64 * cut) as usize;
        prop_assert!(parse_search_body(&body[..keep], &directory()).is_err());
    }

    #[test]
    fn employees_that_are_not_objects_are_refused(items in prop::collection::vec(leaf(), 1..5)) {
        let body = serde_json::to_vec(&json!({ "employees": items })).unwrap();
        prop_assert!(parse_search_body(&body, &directory()).is_err());
    }
}

/// Nesting deeper than serde_json's recursion limit, in a field that is read (an error) and in
/// one that is only skipped (skipped without recursing): neither overflows the stack.
#[test]
fn nesting_deeper_than_the_parser_allows_never_overflows_the_stack() {
    let deep = |field: &str| {
        let depth = 100_000;
        let mut body = format!(r#"{{"employees":[{{"id":"1","work":{{"{field}":"#);
        body.push_str(&"[".repeat(depth));
        body.push_str(&"]".repeat(depth));
        body.push_str("}}]}");
        parse_search_body(body.as_bytes(), &directory())
    };
    assert!(deep("reportsTo").is_err());
    let skipped = deep("notAskedFor").unwrap();
    assert_eq!(skipped[0].id(), Some("1"));
}
