//! The fields a people search asked for, and reading one employee of its answer into them.
//!
//! An employee is read straight from the answer's bytes into one slot per asked-for field: keys
//! nobody asked for are skipped without being built, the slash form (`"/work/title": {"value":
//! v}`) and the nested form (`"work": {"title": v}`) land in the same slot, and a `null` group
//! (`"work": null`) leaves its fields empty rather than withheld.

use std::fmt;
use std::sync::Arc;

use foldhash::HashMap;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

/// One search's fields, shared by every employee it returned.
#[derive(Debug, Default)]
pub(crate) struct SearchedFields {
    /// The slots by nested path (`id`, `work.title`: the field ID without `root.`).
    slot_of: HashMap<Box<str>, u16>,
    /// The slots by slash key, with and without `/root` (`/root/id`, `/id`, `/work/title`).
    slot_of_slash_key: HashMap<Box<str>, u16>,
    tree: Node,
    /// By slot: whether the field's display value is skipped rather than kept (see
    /// [`PeopleSearch::display_values_only_for`](super::PeopleSearch::display_values_only_for)).
    display_skipped: Vec<bool>,
}

/// A level of the nested form: a field to keep whole (`slot`), or groups and fields below it.
#[derive(Debug, Default)]
struct Node {
    slot: Option<u16>,
    children: Vec<(Box<str>, Node)>,
}

impl Node {
    fn child(&self, key: &str) -> Option<&Node> {
        self.children
            .iter()
            .find(|(name, _)| name.as_ref() == key)
            .map(|(_, node)| node)
    }

    fn slots(&self, out: &mut Vec<u16>) {
        out.extend(self.slot);
        for (_, child) in &self.children {
            child.slots(out);
        }
    }
}

/// `root.id` → `id`; `work.title` stays.
pub(crate) fn nested_path(field_id: &str) -> &str {
    field_id.strip_prefix("root.").unwrap_or(field_id)
}

impl SearchedFields {
    /// The slots for these field IDs, plus `root.id`, which every employee is known by. A field
    /// inside another asked-for field (`work.reportsTo.id` beside `work.reportsTo`) gets no slot
    /// of its own: it is read from its parent's value.
    pub(crate) fn new<'a>(field_ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut paths: Vec<&str> = field_ids.into_iter().map(nested_path).collect();
        paths.push("id");
        // Parents before their fields, so a parent that is asked for whole is a slot first.
        paths.sort_by_key(|path| path.split('.').count());
        let mut fields = SearchedFields::default();
        for path in paths {
            fields.add(path);
        }
        fields
    }

    fn add(&mut self, path: &str) {
        let mut node = &mut self.tree;
        for segment in path.split('.') {
            if node.slot.is_some() {
                return;
            }
            let index = match node
                .children
                .iter()
                .position(|(n, _)| n.as_ref() == segment)
            {
                Some(index) => index,
                None => {
                    node.children.push((segment.into(), Node::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[index].1;
        }
        // Already asked for; or more fields than a search may name (`MAX_SEARCH_FIELDS`).
        if node.slot.is_some() {
            return;
        }
        let Ok(slot) = u16::try_from(self.slot_of.len()) else {
            return;
        };
        node.slot = Some(slot);
        self.slot_of.insert(path.into(), slot);
        let slashed = path.replace('.', "/");
        self.slot_of_slash_key
            .insert(format!("/{slashed}").into(), slot);
        self.slot_of_slash_key
            .insert(format!("/root/{slashed}").into(), slot);
    }

    /// The fields of this search, keeping only the display values it says are read.
    pub(crate) fn for_search(search: &super::PeopleSearch) -> Self {
        let mut fields = Self::new(search.fields.iter().map(String::as_str));
        if let Some(kept) = &search.display_values_for {
            fields.display_skipped = vec![true; fields.len()];
            for id in kept {
                if let Some((slot, _)) = fields.locate(nested_path(id)) {
                    fields.display_skipped[usize::from(slot)] = false;
                }
            }
        }
        fields
    }

    pub(crate) fn len(&self) -> usize {
        self.slot_of.len()
    }

    /// The slot holding `nested_path`, and the rest of the path to follow inside its value: the
    /// field itself, or the asked-for field it is part of.
    pub(crate) fn locate<'p>(&self, nested_path: &'p str) -> Option<(u16, Option<&'p str>)> {
        if let Some(&slot) = self.slot_of.get(nested_path) {
            return Some((slot, None));
        }
        let mut end = nested_path.len();
        while let Some(dot) = nested_path[..end].rfind('.') {
            if let Some(&slot) = self.slot_of.get(&nested_path[..dot]) {
                return Some((slot, Some(&nested_path[dot + 1..])));
            }
            end = dot;
        }
        None
    }

    /// Reads one employee object from `deserializer`, which must lend its input (the slash
    /// form is kept as text until it turns out to be needed).
    pub(crate) fn read<'de, D: Deserializer<'de>>(
        self: &Arc<Self>,
        deserializer: D,
        scratch: &mut Scratch,
    ) -> Result<super::Employee, D::Error> {
        deserializer.deserialize_map(EmployeeVisitor {
            fields: self,
            scratch,
        })
    }
}

/// A value as an employee holds it: shared with every other employee who has the same one.
pub(crate) type Shared = Arc<Value>;

/// Slots as they fill: `None` until the field is seen, `Some(Null)` when it is empty.
type Slots = Vec<Option<Shared>>;

/// What reading one employee leaves for the next: buffers, so reading one allocates only what
/// it keeps, and the values seen so far, so a value many share is held once.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    nested: Slots,
    /// The slash form's values, unread: most are the nested form's again, and are never read.
    slashed: Vec<Option<usize>>,
    readable: Vec<Option<Readable>>,
    values_seen: Vec<Interner>,
    readable_seen: Vec<Interner>,
    /// Whether lists and objects are shared too (see `EmployeeSink::KEEPS_EMPLOYEES`).
    composites_shared: bool,
}

impl Scratch {
    pub(crate) fn sharing_composites(composites_shared: bool) -> Self {
        Self {
            composites_shared,
            ..Self::default()
        }
    }
}

/// A display value, kept only where it says something the machine value does not.
#[derive(Clone, Debug)]
pub(crate) enum Readable {
    SameAsValue,
    Value(Shared),
}

/// The values one field has taken so far, by their JSON text. Departments, sites, titles and
/// managers repeat across a company, so each is held once however many employees share it. A
/// field whose values are mostly new (names, addresses) stops being looked up after a sample.
#[derive(Debug, Default)]
struct Interner {
    seen: HashMap<Box<str>, Shared>,
    new: u32,
    repeated: u32,
    off: bool,
    composites_shared: bool,
}

/// New values looked at before deciding whether a field repeats enough to be worth sharing.
const SAMPLE: u32 = 256;

impl Interner {
    /// The shared value for this JSON text, read from it if it is new.
    fn value(&mut self, json: &str) -> Result<Shared, serde_json::Error> {
        if !self.composites_shared && json.starts_with(['{', '[']) {
            // A field's values are all of one shape: this field's are read afresh from now on.
            self.off = true;
            self.seen = HashMap::default();
            return Ok(Arc::new(serde_json::from_str(json)?));
        }
        self.lookup(json, || serde_json::from_str(json))
    }

    fn lookup(
        &mut self,
        key: &str,
        read: impl FnOnce() -> Result<Value, serde_json::Error>,
    ) -> Result<Shared, serde_json::Error> {
        if let Some(value) = self.seen.get(key) {
            self.repeated += 1;
            return Ok(Arc::clone(value));
        }
        self.new += 1;
        let value = Arc::new(read()?);
        if self.new >= SAMPLE && self.repeated < self.new {
            // Fewer repeats than new values: sharing would cost more than it saves.
            self.off = true;
            self.seen = HashMap::default();
        } else {
            self.seen.insert(key.into(), Arc::clone(&value));
        }
        Ok(value)
    }
}

/// One interner per slot, grown to the search's fields on first use.
fn interners(
    interners: &mut Vec<Interner>,
    slots: usize,
    composites_shared: bool,
) -> &mut [Interner] {
    if interners.len() < slots {
        interners.resize_with(slots, || Interner {
            composites_shared,
            ..Interner::default()
        });
    }
    interners
}

struct EmployeeVisitor<'f, 's> {
    fields: &'f Arc<SearchedFields>,
    scratch: &'s mut Scratch,
}

impl<'de> Visitor<'de> for EmployeeVisitor<'_, '_> {
    type Value = super::Employee;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an employee object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let fields = self.fields;
        let slots = fields.len();
        let Scratch {
            nested,
            slashed,
            readable,
            values_seen,
            readable_seen,
            composites_shared,
        } = self.scratch;
        let values_seen = interners(values_seen, slots, *composites_shared);
        let readable_seen = interners(readable_seen, slots, *composites_shared);
        nested.clear();
        nested.resize(slots, None);
        slashed.clear();
        slashed.resize(slots, None);
        readable.clear();
        // Sized once: growing it would allocate three times an employee.
        let mut raw_slashed: Vec<&'de RawValue> = Vec::with_capacity(slots);
        let mut display_values_read = false;
        while let Some(key) = map.next_key_seed(RootKeySeed(fields))? {
            match key {
                RootKey::Nested(node) => map.next_value_seed(Fill {
                    node,
                    slots: nested,
                    seen: values_seen,
                })?,
                RootKey::Slash(slot) => {
                    slashed[usize::from(slot)] = Some(raw_slashed.len());
                    raw_slashed.push(map.next_value()?);
                }
                RootKey::HumanReadable if !display_values_read => {
                    display_values_read = true;
                    map.next_value_seed(FillReadable {
                        node: &fields.tree,
                        skipped: &fields.display_skipped,
                        values: nested,
                        readable,
                        seen: readable_seen,
                    })?
                }
                RootKey::HumanReadable | RootKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        // The nested form wins where it has a value; the slash form fills in where it has none.
        let mut values = Vec::with_capacity(slots);
        for (value, slash) in nested.drain(..).zip(slashed.iter()) {
            values.push(match (value, slash) {
                (Some(value), _) if !value.is_null() => Some(value),
                (_, Some(raw)) => {
                    let entry =
                        serde_json::from_str(raw_slashed[*raw].get()).map_err(de::Error::custom)?;
                    Some(Arc::new(slash_value(entry)))
                }
                (value, None) => value,
            });
        }
        // Sized exactly, so the boxed slice is the one allocation.
        let mut kept = Vec::with_capacity(readable.iter().flatten().count());
        kept.extend(
            readable
                .drain(..)
                .enumerate()
                .filter_map(|(slot, shown)| Some((slot as u16, shown?))),
        );
        Ok(super::Employee::from_slots(
            Arc::clone(fields),
            values.into_boxed_slice(),
            kept.into_boxed_slice(),
        ))
    }
}

/// `{"value": v}` → `v`; a wrapper without a value is empty; anything else is taken as it is.
pub(crate) fn slash_value(entry: Value) -> Value {
    match entry {
        Value::Object(mut wrapper) => wrapper.remove("value").unwrap_or(Value::Null),
        other => other,
    }
}

/// What a key of the employee object leads to.
enum RootKey<'n> {
    Nested(&'n Node),
    Slash(u16),
    HumanReadable,
    Other,
}

struct RootKeySeed<'n>(&'n SearchedFields);

impl<'de, 'n> DeserializeSeed<'de> for RootKeySeed<'n> {
    type Value = RootKey<'n>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'n> Visitor<'de> for RootKeySeed<'n> {
    type Value = RootKey<'n>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if key.starts_with('/') {
            // A key below an asked-for field (`/work/reportsTo/id`) is not one of them: its
            // value is read from the field's own.
            return Ok(match self.0.slot_of_slash_key.get(key) {
                Some(&slot) => RootKey::Slash(slot),
                None => RootKey::Other,
            });
        }
        if key == "humanReadable" {
            return Ok(RootKey::HumanReadable);
        }
        Ok(self
            .0
            .tree
            .child(key)
            .map_or(RootKey::Other, RootKey::Nested))
    }
}

/// The `visit_*` methods of a visitor of groups for the values that are not groups (lists,
/// numbers, text): they hold none of the fields looked for, which stay as they are.
macro_rules! skip_values_that_are_not_groups {
    () => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(())
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }

        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
    };
}

/// Reads a value of the nested form into the slots of the fields below `node`.
struct Fill<'n, 's> {
    node: &'n Node,
    slots: &'s mut Slots,
    seen: &'s mut [Interner],
}

impl<'de> DeserializeSeed<'de> for Fill<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if let Some(slot) = self.node.slot {
            let slot = usize::from(slot);
            let seen = &mut self.seen[slot];
            let value = if seen.off {
                Arc::new(de::Deserialize::deserialize(deserializer)?)
            } else {
                let json: &RawValue = de::Deserialize::deserialize(deserializer)?;
                seen.value(json.get()).map_err(de::Error::custom)?
            };
            self.slots[slot] = Some(value);
            return Ok(());
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Fill<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a group of fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(child) = map.next_key_seed(ChildKey(self.node))? {
            match child {
                Some(node) => map.next_value_seed(Fill {
                    node,
                    slots: self.slots,
                    seen: self.seen,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    /// A `null` group: every field in it is there, and empty.
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        let mut below = Vec::new();
        self.node.slots(&mut below);
        for slot in below {
            self.slots[usize::from(slot)].get_or_insert_with(|| Arc::new(Value::Null));
        }
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    // A value where a group should be holds none of the fields: they stay withheld.
    skip_values_that_are_not_groups!();
}

/// Reads `humanReadable` into display values by slot, beside the machine values read so far.
struct FillReadable<'n, 's> {
    node: &'n Node,
    skipped: &'n [bool],
    values: &'s Slots,
    readable: &'s mut Vec<Option<Readable>>,
    seen: &'s mut [Interner],
}

impl<'de> DeserializeSeed<'de> for FillReadable<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if let Some(slot) = self.node.slot {
            let slot = usize::from(slot);
            if self.skipped.get(slot) == Some(&true) {
                return deserializer.deserialize_ignored_any(IgnoredAny).map(|_| ());
            }
            let same_as = match self.values.get(slot).and_then(Option::as_deref) {
                Some(Value::String(text)) => Some(text.as_str()),
                _ => None,
            };
            let shown = deserializer.deserialize_any(ReadableValue {
                same_as,
                seen: &mut self.seen[slot],
            })?;
            if self.readable.len() <= slot {
                self.readable.resize(slot + 1, None);
            }
            self.readable[slot] = Some(shown);
            return Ok(());
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FillReadable<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("display values")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(child) = map.next_key_seed(ChildKey(self.node))? {
            match child {
                Some(node) => map.next_value_seed(FillReadable {
                    node,
                    skipped: self.skipped,
                    values: self.values,
                    readable: self.readable,
                    seen: self.seen,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    skip_values_that_are_not_groups!();
}

/// One display value: text equal to the machine value is not copied, and a text seen before
/// is shared.
struct ReadableValue<'v> {
    same_as: Option<&'v str>,
    seen: &'v mut Interner,
}

impl<'de> Visitor<'de> for ReadableValue<'_> {
    type Value = Readable;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a display value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Readable, E> {
        if self.same_as == Some(text) {
            return Ok(Readable::SameAsValue);
        }
        if self.seen.off {
            return Ok(Readable::Value(Arc::new(Value::String(text.to_owned()))));
        }
        self.seen
            .lookup(text, || Ok(Value::String(text.to_owned())))
            .map(Readable::Value)
            .map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Readable, E> {
        Ok(Readable::Value(Arc::new(Value::Null)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Readable, E> {
        Ok(Readable::Value(Arc::new(Value::Bool(v))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Readable, E> {
        Ok(Readable::Value(Arc::new(Value::from(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Readable, E> {
        Ok(Readable::Value(Arc::new(Value::from(v))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Readable, E> {
        Ok(Readable::Value(Arc::new(Value::from(v))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Readable, A::Error> {
        de::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(|v| Readable::Value(Arc::new(v)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Readable, A::Error> {
        de::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|v| Readable::Value(Arc::new(v)))
    }
}

/// A key inside a group: the node it leads to, if any field below it was asked for.
struct ChildKey<'n>(&'n Node);

impl<'de, 'n> DeserializeSeed<'de> for ChildKey<'n> {
    type Value = Option<&'n Node>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, 'n> Visitor<'de> for ChildKey<'n> {
    type Value = Option<&'n Node>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.child(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_inside_an_asked_for_field_is_read_from_its_parent() {
        let fields = SearchedFields::new(["work.reportsTo.id", "work.reportsTo", "root.email"]);
        assert_eq!(fields.len(), 3, "id, email and work.reportsTo");
        assert_eq!(fields.locate("email").map(|(_, rest)| rest), Some(None));
        let (parent, rest) = fields.locate("work.reportsTo.id").unwrap();
        assert_eq!(Some((parent, None)), fields.locate("work.reportsTo"));
        assert_eq!(rest, Some("id"));
        assert_eq!(fields.locate("work.title"), None);
    }

    /// A slash key reaches its field's slot with or without `/root`; one below an asked-for
    /// field, or of a field not asked for, reaches none.
    #[test]
    fn slash_keys_find_their_slots() {
        let fields = SearchedFields::new(["root.email", "work.reportsTo"]);
        let key = |k: &str| match RootKeySeed(&fields).visit_str::<serde_json::Error>(k) {
            Ok(RootKey::Slash(slot)) => Some(slot),
            _ => None,
        };
        let email = fields.locate("email").map(|(slot, _)| slot);
        assert_eq!(key("/root/email"), email);
        assert_eq!(key("/email"), email);
        assert_eq!(
            key("/work/reportsTo"),
            fields.locate("work.reportsTo").map(|(s, _)| s)
        );
        for other in ["/work/reportsTo/id", "/work", "/work/title", "/root"] {
            assert_eq!(key(other), None, "{other}");
        }
    }
}
