//! Hand-rolled JSON output for people search. Building `serde_json::Value`
//! trees for 100k employees is several times slower than writing straight
//! into one buffer, and the response shape is fixed anyway.

use std::fmt::Write as _;

use crate::company::Company;
use crate::dates;
use crate::fields::{self, Attribute, FieldDef, Out};
use crate::permissions::{Category, Effective, RestrictedFields};

/// The `humanReadable` request option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Machine,
    Append,
    Replace,
}

impl Mode {
    /// Unknown values are ignored (treated as machine format), as HiBob documents.
    pub(crate) fn parse(s: Option<&str>) -> Mode {
        match s {
            Some("APPEND") => Mode::Append,
            Some("REPLACE") => Mode::Replace,
            _ => Mode::Machine,
        }
    }
}

enum Node {
    Leaf(usize),
    Obj(Vec<(&'static str, Node)>),
}

/// Which fields to write and where, computed once per request.
pub(crate) struct Plan {
    fields: Vec<&'static FieldDef>,
    /// Per field: withheld by a field-level company that sends such fields as `null`.
    withheld: Vec<bool>,
    slash_keys: Vec<String>,
    tree: Vec<(&'static str, Node)>,
    mode: Mode,
}

/// Whether the caller may see this field at all. Unpermitted fields are
/// silently left out of the response, never reported as errors.
pub(crate) fn permitted(f: &FieldDef, perms: &Effective) -> bool {
    if perms.field_level.is_some() {
        // Under field-level permissions HiBob says sensitive fields behave like any other:
        // View on the field is enough (docs/hibob-api.md §9.3; the details are uncertain).
        return perms.field_view(f);
    }
    if !perms.view(f.category) {
        return false;
    }
    // Full birth date and age are "sensitive": HiBob wants View *and* Edit.
    if matches!(f.attribute, Attribute::BirthDate | Attribute::Age)
        && f.category == Category::Personal
    {
        return perms.personal_edit;
    }
    true
}

impl Plan {
    pub(crate) fn new(requested: Option<&[String]>, perms: &Effective, mode: Mode) -> Plan {
        let candidates: Vec<&'static FieldDef> = match requested {
            Some(ids) => ids
                .iter()
                .filter_map(|id| fields::find(id.trim()))
                .collect(),
            None => fields::default_set().collect(),
        };
        let mut chosen: Vec<&'static FieldDef> = Vec::new();
        let mut withheld = Vec::new();
        let as_null = perms.field_level == Some(RestrictedFields::Null);
        for f in candidates {
            if chosen.iter().any(|c| c.id == f.id) {
                continue;
            }
            let allowed = permitted(f, perms);
            // A field-level company may answer a withheld field as null rather than leave it
            // out (uncertain, docs/hibob-api.md §9.4), but only within a category the caller
            // may read at all or for a field granted on its own.
            if allowed || (as_null && perms.view(f.category)) {
                chosen.push(f);
                withheld.push(!allowed);
            }
        }
        let slash_keys = chosen
            .iter()
            .map(|f| format!("/{}", f.id.replace('.', "/")))
            .collect();
        let mut tree: Vec<(&'static str, Node)> = Vec::new();
        for (i, f) in chosen.iter().enumerate() {
            let parts: Vec<&'static str> = f.json_path.split('.').collect();
            insert(&mut tree, &parts, i);
        }
        Plan {
            fields: chosen,
            withheld,
            slash_keys,
            tree,
            mode,
        }
    }

    /// Writes `{"employees":[...]}` for the given employee indexes.
    pub(crate) fn write_search(&self, company: &Company, indexes: &[usize]) -> Vec<u8> {
        let mut out = String::with_capacity(64 + indexes.len() * (80 + self.fields.len() * 60));
        out.push_str("{\"employees\":[");
        let mut vals = Vec::with_capacity(self.fields.len());
        for (n, &idx) in indexes.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            self.write_employee_into(&mut out, &mut vals, company, idx);
        }
        out.push_str("]}");
        out.into_bytes()
    }

    /// One employee object, as `POST /people/{identifier}` returns it.
    pub(crate) fn write_one(&self, company: &Company, idx: usize) -> Vec<u8> {
        let mut out = String::with_capacity(256 + self.fields.len() * 60);
        let mut vals = Vec::new();
        self.write_employee_into(&mut out, &mut vals, company, idx);
        out.into_bytes()
    }

    fn write_employee_into<'a>(
        &self,
        out: &mut String,
        vals: &mut Vec<Out<'a>>,
        company: &'a Company,
        idx: usize,
    ) {
        vals.clear();
        vals.extend(self.fields.iter().zip(&self.withheld).map(|(f, withheld)| {
            if *withheld {
                Out::Null
            } else {
                fields::value(company, idx, f.attribute)
            }
        }));
        out.push('{');
        let mut first = true;
        if self.mode != Mode::Replace {
            // Slash keys carry only non-null values; permitted-but-empty fields
            // show up solely as `null` in the nested form.
            for (i, v) in vals.iter().enumerate() {
                if matches!(v, Out::Null) {
                    continue;
                }
                comma(out, &mut first);
                push_str(out, &self.slash_keys[i]);
                out.push_str(":{\"value\":");
                write_machine(out, company, v);
                out.push('}');
            }
        }
        let human = self.mode == Mode::Replace;
        write_members(out, &mut first, &self.tree, vals, company, human, false);
        if self.mode == Mode::Append {
            comma(out, &mut first);
            out.push_str("\"humanReadable\":{");
            let mut inner_first = true;
            write_members(out, &mut inner_first, &self.tree, vals, company, true, true);
            out.push('}');
        }
        out.push('}');
    }
}

fn insert(nodes: &mut Vec<(&'static str, Node)>, parts: &[&'static str], leaf: usize) {
    let Some((head, rest)) = parts.split_first() else {
        return;
    };
    if rest.is_empty() {
        nodes.push((head, Node::Leaf(leaf)));
        return;
    }
    let pos = nodes
        .iter()
        .position(|(name, node)| name == head && matches!(node, Node::Obj(_)));
    let pos = match pos {
        Some(p) => p,
        None => {
            nodes.push((head, Node::Obj(Vec::new())));
            nodes.len() - 1
        }
    };
    if let Some((_, Node::Obj(children))) = nodes.get_mut(pos) {
        insert(children, rest, leaf);
    }
}

fn any_value(nodes: &[(&'static str, Node)], vals: &[Out<'_>]) -> bool {
    nodes.iter().any(|(_, n)| match n {
        Node::Leaf(i) => !matches!(vals.get(*i), None | Some(Out::Null)),
        Node::Obj(children) => any_value(children, vals),
    })
}

fn write_members(
    out: &mut String,
    first: &mut bool,
    nodes: &[(&'static str, Node)],
    vals: &[Out<'_>],
    company: &Company,
    human: bool,
    skip_nulls: bool,
) {
    for (name, node) in nodes {
        match node {
            Node::Leaf(i) => {
                let v = vals.get(*i).unwrap_or(&Out::Null);
                if skip_nulls && matches!(v, Out::Null) {
                    continue;
                }
                comma(out, first);
                push_str(out, name);
                out.push(':');
                if human {
                    write_human(out, company, v);
                } else {
                    write_machine(out, company, v);
                }
            }
            Node::Obj(children) => {
                if skip_nulls && !any_value(children, vals) {
                    continue;
                }
                comma(out, first);
                push_str(out, name);
                out.push_str(":{");
                let mut inner = true;
                write_members(out, &mut inner, children, vals, company, human, skip_nulls);
                out.push('}');
            }
        }
    }
}

fn comma(out: &mut String, first: &mut bool) {
    if *first {
        *first = false;
    } else {
        out.push(',');
    }
}

fn write_machine(out: &mut String, company: &Company, v: &Out<'_>) {
    match v {
        Out::Null => out.push_str("null"),
        Out::Str(s) => push_str(out, s),
        Out::Owned(s) => push_str(out, s),
        Out::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Out::Float(x) => push_float(out, *x),
        Out::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Out::Date(d) => {
            out.push('"');
            dates::push_iso(out, *d);
            out.push('"');
        }
        Out::Item(id, _) => push_str(out, id),
        Out::SiteId(n, _) => {
            let _ = write!(out, "{n}");
        }
        Out::Employee(m) => match company.employees.get(*m) {
            Some(e) => {
                out.push_str("{\"id\":");
                push_str(out, &e.id);
                out.push_str(",\"displayName\":");
                push_str(out, &e.display_name);
                out.push_str(",\"email\":");
                match &e.email {
                    Some(m) => push_str(out, m),
                    None => out.push_str("null"),
                }
                out.push_str(",\"firstName\":");
                push_str(out, &e.first_name);
                out.push_str(",\"surname\":");
                push_str(out, &e.surname);
                out.push('}');
            }
            None => out.push_str("null"),
        },
        Out::Money(value, currency) => {
            let _ = write!(out, "{{\"value\":{value},\"currency\":");
            push_str(out, currency);
            out.push('}');
        }
        Out::Items(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_str(out, item);
            }
            out.push(']');
        }
    }
}

fn write_human(out: &mut String, company: &Company, v: &Out<'_>) {
    match v {
        Out::Null => out.push_str("null"),
        Out::Str(s) => push_str(out, s),
        Out::Owned(s) => push_str(out, s),
        Out::Int(n) => {
            let _ = write!(out, "\"{n}\"");
        }
        Out::Float(x) => {
            out.push('"');
            let _ = write!(out, "{x}");
            out.push('"');
        }
        Out::Bool(b) => out.push_str(if *b { "\"Yes\"" } else { "\"No\"" }),
        Out::Date(d) => {
            out.push('"');
            dates::push_display(out, *d);
            out.push('"');
        }
        Out::Item(_, name) | Out::SiteId(_, name) => push_str(out, name),
        Out::Employee(m) => match company.employees.get(*m) {
            Some(e) => push_str(out, &e.display_name),
            None => out.push_str("null"),
        },
        Out::Money(value, currency) => {
            let _ = write!(out, "\"{value} {currency}\"");
        }
        // Readable form of a multi-value list: the names, comma separated (uncertain: HiBob's
        // exact humanReadable form for these is not documented).
        Out::Items(items) => push_str(out, &items.join(", ")),
    }
}

fn push_float(out: &mut String, x: f64) {
    if x.is_finite() {
        let _ = write!(out, "{x}");
    } else {
        out.push_str("null");
    }
}

/// Appends a JSON string literal.
pub(crate) fn push_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips() {
        for s in [
            "plain",
            "O'Brien",
            "quote\" back\\slash",
            "tab\tnl\n\u{1}",
            "Zoë Nguyễn",
        ] {
            let mut out = String::new();
            push_str(&mut out, s);
            let back: String = serde_json::from_str(&out).unwrap();
            assert_eq!(back, s);
        }
    }
}
