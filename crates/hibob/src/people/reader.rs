//! Reading a people-search answer as it arrives.
//!
//! HiBob sends the whole company in one body (docs/hibob-api.md §2.2): 71 MB for 50,000 people
//! with a dozen fields. Rather than holding that body and building a map per employee, the
//! reader finds each employee's object in the bytes as they come, reads it into the fields the
//! search asked for, and lets the bytes go. What it holds at any time is one employee's text
//! plus the employees read so far.
//!
//! The outer shape (`{"employees": [ … ], …}`) is checked here byte by byte; each employee and
//! any other top-level value is then checked by serde_json. A body cut short, garbage around or
//! between employees, or an employee that is not an object is an error, never part of a company.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::de::{Error as _, IgnoredAny};
use serde::{Deserialize, Deserializer};

use super::fields::{Scratch, SearchedFields};
use super::{Employee, PeopleSearch};

/// Where the reader is in the answer's outer shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Before the opening `{`.
    Start,
    /// After `{`: a key, or `}`.
    KeyOrEnd,
    /// After a `,` between top-level entries: a key.
    Key,
    Colon,
    /// After `:`: the value of the key just read.
    Value,
    /// After `[` of `employees`: an employee, or `]`.
    EmployeeOrEnd,
    /// After a `,` between employees: an employee.
    Employee,
    /// After an employee: `,` or `]`.
    AfterEmployee,
    /// After a top-level value: `,` or `}`.
    AfterValue,
    /// After the closing `}`: only whitespace.
    Done,
    /// Collecting a key, an employee or another top-level value (see `Collecting`).
    Collecting,
}

/// What the bytes being collected are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Collecting {
    Key,
    Employee,
    OtherValue,
}

/// Where the employees of a people search go as they are read: kept (a `Vec`), or used and let
/// go (Sync now maps each one as it comes). Runs on the thread that reads the answer.
pub trait EmployeeSink: Send + 'static {
    type Output: Send + 'static;
    /// Whether the sink keeps the employees it takes. Kept employees share the values they have
    /// in common, a manager reference among them, so each is held once. A sink that lets each
    /// employee go once used has no use for that: holding every distinct reference of a large
    /// company until the answer ends would crowd the processor's caches for all the rest, so
    /// lists and objects are then read afresh for each employee (texts are still shared).
    const KEEPS_EMPLOYEES: bool = true;
    fn take(&mut self, employee: Employee);
    fn finish(self) -> Self::Output;
}

impl EmployeeSink for Vec<Employee> {
    type Output = Vec<Employee>;

    fn take(&mut self, employee: Employee) {
        self.push(employee);
    }

    fn finish(mut self) -> Vec<Employee> {
        self.shrink_to_fit();
        self
    }
}

/// One people-search answer, read a chunk at a time: [`push`](Self::push) each chunk as it
/// arrives, then [`finish`](Self::finish).
pub struct SearchReader<S: EmployeeSink = Vec<Employee>> {
    fields: Arc<SearchedFields>,
    state: State,
    collecting: Collecting,
    text: Vec<u8>,
    scan: Scan,
    key_is_employees: bool,
    saw_employees: bool,
    employees: S,
    read: usize,
    scratch: Scratch,
    /// Bytes read, for error positions.
    offset: usize,
    busy: Duration,
}

impl SearchReader {
    pub fn new(search: &PeopleSearch) -> Self {
        Self::with_sink(search, Vec::new())
    }
}

impl<S: EmployeeSink> SearchReader<S> {
    /// A reader handing each employee to `sink` as soon as it is read.
    pub fn with_sink(search: &PeopleSearch, sink: S) -> Self {
        Self {
            fields: Arc::new(SearchedFields::for_search(search)),
            state: State::Start,
            collecting: Collecting::Key,
            text: Vec::new(),
            scan: Scan::default(),
            key_is_employees: false,
            saw_employees: false,
            employees: sink,
            read: 0,
            scratch: Scratch::sharing_composites(S::KEEPS_EMPLOYEES),
            offset: 0,
            busy: Duration::ZERO,
        }
    }

    /// Time spent reading so far.
    pub fn busy(&self) -> Duration {
        self.busy
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<(), serde_json::Error> {
        let started = Instant::now();
        let result = self.read(chunk);
        self.busy += started.elapsed();
        result
    }

    /// What the sink made of the employees, once the whole answer has arrived.
    pub fn finish(self) -> Result<S::Output, serde_json::Error> {
        if self.state != State::Done {
            return Err(serde_json::Error::custom(format!(
                "the answer ended early, after {} bytes",
                self.offset
            )));
        }
        Ok(self.employees.finish())
    }

    fn read(&mut self, chunk: &[u8]) -> Result<(), serde_json::Error> {
        // The chunk is checked for UTF-8 once, so employees read from it are not checked string by
        // string. Its valid part ends early where a character is cut off at its end (that
        // employee is read once complete) or where the answer is not UTF-8 (an error then).
        let text = match std::str::from_utf8(chunk) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&chunk[..e.valid_up_to()]).unwrap_or_default(),
        };
        let mut at = 0;
        while at < chunk.len() {
            if self.state == State::Collecting {
                // An employee starting here is read from the chunk if it can be; otherwise (and
                // for keys and other values) it is collected until its end is found.
                let starts_employee = self.collecting == Collecting::Employee && !self.scan.started;
                if starts_employee {
                    if let Some(used) = text.get(at..).and_then(|rest| self.employee_in(rest)) {
                        at += used;
                        self.offset += used;
                        continue;
                    }
                }
                let rest = &chunk[at..];
                match self.scan.end_in(rest) {
                    Some(used) => {
                        self.text.extend_from_slice(&rest[..used]);
                        at += used;
                        self.offset += used;
                        self.collected()?;
                    }
                    None => {
                        self.text.extend_from_slice(rest);
                        self.offset += rest.len();
                        at = chunk.len();
                    }
                }
                continue;
            }
            let byte = chunk[at];
            if !byte.is_ascii_whitespace() && !self.structure(byte)? {
                // The byte starts a value: collect it from here.
                continue;
            }
            at += 1;
            self.offset += 1;
        }
        Ok(())
    }

    /// Handles one byte of the outer shape. `false`: the byte starts a value to collect, and
    /// has not been used.
    fn structure(&mut self, byte: u8) -> Result<bool, serde_json::Error> {
        let next = match (self.state, byte) {
            (State::Start, b'{') => State::KeyOrEnd,
            (State::KeyOrEnd, b'}') | (State::AfterValue, b'}') => State::Done,
            (State::KeyOrEnd | State::Key, b'"') => return Ok(self.collect(Collecting::Key)),
            (State::Colon, b':') => State::Value,
            (State::Value, b'[') if self.key_is_employees => {
                self.saw_employees = true;
                State::EmployeeOrEnd
            }
            (State::Value, _) if self.key_is_employees => {
                return Err(self.error("`employees` is not a list"));
            }
            (State::Value, _) => return Ok(self.collect(Collecting::OtherValue)),
            (State::EmployeeOrEnd, b']') | (State::AfterEmployee, b']') => State::AfterValue,
            (State::EmployeeOrEnd | State::Employee, _) => {
                return Ok(self.collect(Collecting::Employee))
            }
            (State::AfterEmployee, b',') => State::Employee,
            (State::AfterValue, b',') => State::Key,
            (State::Start, _) => return Err(self.error("expected the answer to be an object")),
            (State::Done, _) => return Err(self.error("unexpected text after the answer")),
            (state, _) => {
                return Err(self.error(&format!(
                    "unexpected `{}` ({state:?})",
                    char::from(byte).escape_default()
                )))
            }
        };
        self.state = next;
        Ok(true)
    }

    fn collect(&mut self, what: Collecting) -> bool {
        self.state = State::Collecting;
        self.collecting = what;
        self.scan = Scan::default();
        self.text.clear();
        false
    }

    /// A key, employee or value is complete in `text`.
    fn collected(&mut self) -> Result<(), serde_json::Error> {
        match self.collecting {
            Collecting::Key => {
                let key: String = serde_json::from_slice(&self.text)?;
                self.key_is_employees = key == "employees";
                if self.key_is_employees && self.saw_employees {
                    return Err(self.error("`employees` appears twice"));
                }
                self.state = State::Colon;
            }
            Collecting::Employee => {
                // One check of the whole text is cheaper than serde_json's check of each string.
                let employee = std::str::from_utf8(&self.text)
                    .map_err(|_| serde_json::Error::custom("the text is not UTF-8"))
                    .and_then(|text| {
                        let mut json = serde_json::Deserializer::from_str(text);
                        let employee = self.fields.read(&mut json, &mut self.scratch)?;
                        json.end().map(|()| employee)
                    })
                    .map_err(|e| self.employee_error(e))?;
                self.took(employee);
            }
            Collecting::OtherValue => {
                serde_json::from_slice::<IgnoredAny>(&self.text)?;
                self.state = State::AfterValue;
            }
        }
        // An employee's text is small; a huge one is not kept around for the next.
        if self.text.capacity() > 1 << 20 {
            self.text = Vec::new();
        }
        Ok(())
    }

    /// Reads an employee straight from the chunk it starts in, without copying or scanning it
    /// first: the number of bytes it took, or `None` when it could not be read from there.
    fn employee_in(&mut self, rest: &str) -> Option<usize> {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Seeded>();
        let read = SEED.with(|seed| {
            *seed.borrow_mut() =
                Some((Arc::clone(&self.fields), std::mem::take(&mut self.scratch)));
            let read = stream.next();
            if let Some((_, scratch)) = seed.borrow_mut().take() {
                self.scratch = scratch;
            }
            read
        });
        match read {
            Some(Ok(Seeded(employee))) => {
                self.took(employee);
                Some(stream.byte_offset())
            }
            // Cut off, or wrong. serde_json does not always tell which (a number cut after its
            // `.` is "invalid"), so the employee is collected whole and read again, and an error
            // then is the answer's.
            Some(Err(_)) | None => None,
        }
    }

    fn took(&mut self, employee: Employee) {
        self.read += 1;
        self.employees.take(employee);
        self.state = State::AfterEmployee;
    }

    fn employee_error(&self, e: serde_json::Error) -> serde_json::Error {
        serde_json::Error::custom(format!("employee {}: {e}", self.read + 1))
    }

    fn error(&self, what: &str) -> serde_json::Error {
        serde_json::Error::custom(format!("{what} at byte {}", self.offset + 1))
    }
}

thread_local! {
    /// What [`Seeded`] reads with. serde_json tells where a value ended only to its stream
    /// reader, which builds values with `Deserialize` rather than a seed; the reader lends its
    /// fields and buffers here for the one call.
    static SEED: RefCell<Option<(Arc<SearchedFields>, Scratch)>> = const { RefCell::new(None) };
}

/// An employee read with the seed lent in [`SEED`].
struct Seeded(Employee);

impl<'de> Deserialize<'de> for Seeded {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SEED.with(|seed| {
            let mut seed = seed.borrow_mut();
            let (fields, scratch) = seed
                .as_mut()
                .ok_or_else(|| D::Error::custom("an employee read without its search"))?;
            fields.read(deserializer, scratch).map(Seeded)
        })
    }
}

/// Finds where one JSON value ends, across chunks, without reading it: brackets are counted
/// outside strings, and a bare value (a number, `true`, `null`) ends where a delimiter starts.
/// Whether the text is valid JSON is serde_json's to say once the value is complete.
#[derive(Debug, Default)]
struct Scan {
    started: bool,
    bare: bool,
    depth: u32,
    in_string: bool,
    escaped: bool,
}

impl Scan {
    /// How many bytes of `bytes` finish the value, or `None` if all of them belong to it and
    /// more are needed.
    fn end_in(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut at = 0;
        if !self.started {
            match bytes.first()? {
                b'{' | b'[' => self.depth = 1,
                b'"' => self.in_string = true,
                _ => self.bare = true,
            }
            self.started = true;
            at = 1;
        }
        while at < bytes.len() {
            if self.escaped {
                self.escaped = false;
                at += 1;
                continue;
            }
            if self.in_string {
                // Strings in an answer are short (names, IDs, keys): a plain loop beats a
                // vectorised search, whose set-up costs more than the string.
                match bytes[at..].iter().position(|&b| b == b'"' || b == b'\\') {
                    None => return None,
                    Some(found) => {
                        at += found;
                        if bytes[at] == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                            if self.depth == 0 {
                                return Some(at + 1);
                            }
                        }
                        at += 1;
                    }
                }
                continue;
            }
            let byte = bytes[at];
            if self.bare {
                if matches!(byte, b',' | b'}' | b']') || byte.is_ascii_whitespace() {
                    return Some(at);
                }
                at += 1;
                continue;
            }
            match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        return Some(at + 1);
                    }
                }
                _ => {}
            }
            at += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::FieldValue;

    fn search() -> PeopleSearch {
        PeopleSearch::fields(["root.id", "work.title", "work.reportsTo"])
    }

    /// The same answer, cut into chunks at every possible place, reads the same. An employee cut
    /// anywhere (inside a number, a literal, an escape or a character) is read once complete.
    #[test]
    fn an_answer_reads_the_same_however_it_is_cut() {
        let body = r#" { "meta" : {"a": [1, "]}\"", {"b": null}]}, "employees" : [
            {"id": "1", "work": {"title": "Boss \"Q\" \\ \u00e9 é", "reportsTo": null},
             "n": -1.5e3, "f": 0.25, "e": 1E+2, "t": [true, false, null], "s": "ï\n"},
            {"/root/id": {"value": "2"}, "work": {"reportsTo": {"id": "1", "n": 10.5e-1}}, "other": [[{}]]}
        ], "count": 2 , "ok": true} "#
            .as_bytes();
        let whole = parse(&[body]).unwrap();
        for cut in 0..body.len() {
            let parts = parse(&[&body[..cut], &body[cut..]]).unwrap();
            assert_eq!(describe(&parts), describe(&whole), "cut at {cut}");
        }
        assert_eq!(
            describe(&whole),
            [
                "1|Boss \"Q\" \\ é é|empty".to_string(),
                "2|absent|{\"id\":\"1\",\"n\":1.05}".to_string()
            ]
        );
    }

    #[test]
    fn byte_at_a_time_is_the_same_as_whole() {
        let body = br#"{"employees":[{"id":"1","work":{"title":"a,b"}},{"id":"2"}],"n":-1.5e3}"#;
        let chunks: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(
            describe(&parse(&chunks).unwrap()),
            describe(&parse(&[body]).unwrap())
        );
    }

    #[test]
    fn broken_shapes_are_errors() {
        for body in [
            &b""[..],
            b"[]",
            b"{",
            br#"{"employees":[{"id":"1"}"#,
            br#"{"employees":[{"id":"1"},]}"#,
            br#"{"employees":[{"id":"1"} {"id":"2"}]}"#,
            br#"{"employees":null}"#,
            br#"{"employees":[],"employees":[]}"#,
            br#"{"employees":[1]}"#,
            br#"{"employees":[{"id":"1"]]}"#,
            br#"{"employees":[]} x"#,
            br#"{"employees":[],}"#,
            br#"{"n": tru}"#,
            br#"{"n" 1}"#,
            br#"{,"employees":[]}"#,
        ] {
            assert!(
                parse(&[body]).is_err(),
                "{} should be refused",
                String::from_utf8_lossy(body)
            );
        }
        // No list at all is no employees, as before.
        assert_eq!(parse(&[br#"{"other": 1}"#]).unwrap().len(), 0);
    }

    /// A value many employees share (a department, a manager) is held once; values that are
    /// mostly new (names) are still read right once sharing them stops paying.
    #[test]
    fn repeated_values_are_held_once() {
        let employees: Vec<serde_json::Value> = (0..600)
            .map(|i| {
                serde_json::json!({"id": i.to_string(), "displayName": format!("Person {i}"),
                    "work": {"department": "7", "reportsTo": {"id": "1", "email": "b@x.io"}},
                    "humanReadable": {"work": {"department": "Sales"}}})
            })
            .collect();
        let body = serde_json::to_vec(&serde_json::json!({ "employees": employees })).unwrap();
        let search =
            PeopleSearch::fields(["root.displayName", "work.department", "work.reportsTo"]);
        let read = parse_search_body_for(&body, &search);
        let (first, last) = (&read[0], &read[599]);
        for field in ["work.department", "work.reportsTo"] {
            let (a, b) = (
                first.field(field).value().unwrap(),
                last.field(field).value().unwrap(),
            );
            assert!(std::ptr::eq(a, b), "{field} is shared");
        }
        assert!(std::ptr::eq(
            first.human_readable("work.department").unwrap(),
            last.human_readable("work.department").unwrap()
        ));
        assert_eq!(last.field("root.displayName").as_str(), Some("Person 599"));
        assert_eq!(last.human_readable("work.department").unwrap(), "Sales");
    }

    /// A sink that lets each employee go (as Sync now and Test connection do) gets the same
    /// lists and objects as one that keeps them, though it does not share them: references of
    /// managers who repeat, an empty group, a list, and a reference only in the slash form.
    #[test]
    fn a_sink_that_keeps_no_employee_reads_lists_and_objects_alike() {
        struct LetGo(Vec<Vec<String>>);
        impl EmployeeSink for LetGo {
            type Output = Vec<Vec<String>>;
            const KEEPS_EMPLOYEES: bool = false;
            fn take(&mut self, employee: Employee) {
                self.0.push(described(&employee));
            }
            fn finish(self) -> Self::Output {
                self.0
            }
        }
        fn described(employee: &Employee) -> Vec<String> {
            ["work.reportsTo", "work.reportsTo.id", "work.custom.skills"]
                .map(|id| format!("{:?}", employee.field(id)))
                .into()
        }
        let mut employees: Vec<serde_json::Value> = (0..300)
            .map(|i| {
                serde_json::json!({"id": i.to_string(), "work": {
                    "reportsTo": {"id": (i % 3).to_string(), "email": format!("m{}@x.io", i % 3)},
                    "custom": {"skills": ["Rust", format!("skill {}", i % 7)]}}})
            })
            .collect();
        employees.push(serde_json::json!({"id": "300", "work": null}));
        employees.push(serde_json::json!({"/root/id": {"value": "301"},
            "/work/reportsTo": {"value": {"id": "2", "email": "m2@x.io"}}}));
        let body = serde_json::to_vec(&serde_json::json!({ "employees": employees })).unwrap();
        let search = PeopleSearch::fields(["work.reportsTo", "work.custom.skills"]);
        let kept: Vec<Vec<String>> = parse_search_body_for(&body, &search)
            .iter()
            .map(described)
            .collect();
        let mut reader = SearchReader::with_sink(&search, LetGo(Vec::new()));
        reader.push(&body).unwrap();
        let let_go = reader.finish().unwrap();
        assert_eq!(let_go, kept);
        assert_eq!(let_go.len(), 302);
        assert!(let_go[4][1].contains(r#"String("1")"#), "{:?}", let_go[4]);
        assert!(let_go[300][0].contains("Empty"), "{:?}", let_go[300]);
        assert!(
            let_go[301][1].contains(r#"String("2")"#),
            "{:?}",
            let_go[301]
        );
    }

    /// A search that says which display values it reads keeps those and skips the rest.
    #[test]
    fn only_the_display_values_asked_for_are_kept() {
        let body = br#"{"employees":[{"id":"1","work":{"department":"7","title":"9"},
            "humanReadable":{"work":{"department":"Sales","title":"Engineer"}}}]}"#;
        let search = PeopleSearch::fields(["work.department", "work.title"])
            .display_values_only_for(["work.department"]);
        let read = parse_search_body_for(body, &search);
        assert_eq!(read[0].human_readable("work.department").unwrap(), "Sales");
        assert_eq!(read[0].human_readable("work.title"), None);
        assert_eq!(read[0].field("work.title").as_str(), Some("9"));
        let all = parse_search_body_for(body, &PeopleSearch::fields(["work.title"]));
        assert_eq!(all[0].human_readable("work.title").unwrap(), "Engineer");
    }

    /// A key found in one search's employees reads another search's employees right, though
    /// their fields sit in other slots.
    #[test]
    fn a_field_key_follows_the_search_of_each_employee() {
        let body = br#"{"employees":[{"id":"1","root":{},"work":{"title":"Boss","site":"Oslo"}}]}"#;
        let first = parse_search_body_for(body, &PeopleSearch::fields(["work.title"]));
        let second =
            parse_search_body_for(body, &PeopleSearch::fields(["work.site", "work.title"]));
        let mut title = crate::people::FieldKey::new("work.title");
        let mut site = crate::people::FieldKey::new("work.site");
        for employee in [&first[0], &second[0], &first[0]] {
            assert_eq!(title.of(employee), employee.field("work.title"));
            assert_eq!(title.of(employee).as_str(), Some("Boss"));
            assert_eq!(site.of(employee), employee.field("work.site"));
        }
        assert_eq!(site.of(&first[0]), FieldValue::Absent);
        assert_eq!(site.of(&second[0]).as_str(), Some("Oslo"));
    }

    fn parse_search_body_for(body: &[u8], search: &PeopleSearch) -> Vec<Employee> {
        let mut reader = SearchReader::new(search);
        reader.push(body).unwrap();
        reader.finish().unwrap()
    }

    fn parse(chunks: &[&[u8]]) -> Result<Vec<Employee>, serde_json::Error> {
        let mut reader = SearchReader::new(&search());
        for chunk in chunks {
            reader.push(chunk)?;
        }
        reader.finish()
    }

    fn describe(employees: &[Employee]) -> Vec<String> {
        employees
            .iter()
            .map(|e| {
                let state = |id| match e.field(id) {
                    FieldValue::Present(serde_json::Value::String(s)) => s.clone(),
                    FieldValue::Present(v) => v.to_string(),
                    FieldValue::Empty => "empty".into(),
                    FieldValue::Absent => "absent".into(),
                };
                format!(
                    "{}|{}|{}",
                    e.id().unwrap_or("-"),
                    state("work.title"),
                    state("work.reportsTo")
                )
            })
            .collect()
    }
}
