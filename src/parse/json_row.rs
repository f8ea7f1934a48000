//! One line of a JSON-lines file, read straight into the fields threadmod
//! uses: strings are borrowed from the line where they hold no escapes,
//! and no map of the whole object is built. Reads every object exactly as
//! `serde_json::Value` would (the last of duplicate keys wins; `null` is
//! empty; a number, `true` or a nested value is its JSON text), so the
//! reader can fall back to `Value` for the messages of lines it refuses.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

/// The keys a comment's fields are read from, in the order
/// [`JsonRow::field`] is asked for them.
pub const KEYS: [&str; 17] = [
    "id",
    "comment_id",
    "source_id",
    "parent_id",
    "parent",
    "url",
    "permalink",
    "link",
    "author",
    "user",
    "username",
    "posted_at",
    "created_at",
    "date",
    "text",
    "body",
    "comment",
];

/// The known keys of one JSON object and their values.
pub struct JsonRow<'a> {
    values: [Option<Cow<'a, str>>; KEYS.len()],
}

impl<'a> JsonRow<'a> {
    /// Reads `line`; None when it is not a JSON object (the caller then
    /// reads it as a `Value` for the exact message).
    pub fn parse(line: &'a str) -> Option<JsonRow<'a>> {
        serde_json::from_str(line).ok()
    }

    /// The value of the first of `names` the object has, empty when none.
    pub fn field(&self, names: &[&str]) -> String {
        names
            .iter()
            .find_map(|name| self.get(name))
            .map(|v| v.to_string())
            .unwrap_or_default()
    }

    /// Whether the object has `key`, even as `null`.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn get(&self, key: &str) -> Option<&Cow<'a, str>> {
        let at = KEYS.iter().position(|k| *k == key)?;
        self.values[at].as_ref()
    }
}

impl<'de> Deserialize<'de> for JsonRow<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RowVisitor)
    }
}

struct RowVisitor;

impl<'de> Visitor<'de> for RowVisitor {
    type Value = JsonRow<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<JsonRow<'de>, M::Error> {
        let mut row = JsonRow {
            values: Default::default(),
        };
        while let Some(Key(at)) = map.next_key()? {
            match at {
                Some(at) => row.values[at] = Some(map.next_value::<FieldText>()?.0),
                None => {
                    map.next_value::<Skipped>()?;
                }
            }
        }
        Ok(row)
    }
}

/// A value under a key threadmod does not read, read through and dropped.
/// Read as any value is, not skipped unread: the skip would let through
/// what reading a `Value` refuses (a lone surrogate escape, a number out of
/// range, nesting past the depth limit), and such a line must be refused.
struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skipped;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Skipped, S::Error> {
        while seq.next_element::<Skipped>()?.is_some() {}
        Ok(Skipped)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Skipped, M::Error> {
        while map.next_entry::<Skipped, Skipped>()?.is_some() {}
        Ok(Skipped)
    }
}

/// A key of the object: its place in [`KEYS`], None for any other.
struct Key(Option<usize>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(Key(KEYS.iter().position(|k| *k == key)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A field's value as text: a string as written, `null` empty, anything
/// else as `serde_json::Value` prints it.
struct FieldText<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for FieldText<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = FieldText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(FieldText(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(FieldText(Cow::Owned(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(FieldText(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(FieldText(Cow::Borrowed("")))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(as_value_prints(serde_json::Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(as_value_prints(serde_json::Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(as_value_prints(serde_json::Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(as_value_prints(serde_json::Value::from(v)))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Self::Value, S::Error> {
        let value = serde_json::Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(as_value_prints(value))
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
        let value = serde_json::Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(as_value_prints(value))
    }
}

fn as_value_prints(value: serde_json::Value) -> FieldText<'static> {
    FieldText(Cow::Owned(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader made of a line before: the fields through a `Value`.
    fn through_value(line: &str, names: &[&str]) -> String {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let obj = value.as_object().unwrap();
        names
            .iter()
            .find_map(|k| obj.get(*k))
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    }

    #[test]
    fn fields_read_as_through_a_json_value() {
        let lines = [
            r#"{"id": 12, "parent_id": null, "text": "plain"}"#,
            r#"{"id": "a\"b", "text": "esc\u00e9aped\n", "author": true}"#,
            r#"{"comment_id": 1.5e3, "body": ["x", {"y": 2}], "user": {"name": "z"}}"#,
            r#"{"id": -7, "id": "later wins", "text": "one", "text": "two", "extra": [1, {"a": null}]}"#,
            r#"{"t\u0065xt": "escaped key", "date": 18446744073709551616}"#,
            r#"{}"#,
        ];
        let asks: [&[&str]; 6] = [
            &["id", "comment_id"],
            &["parent_id", "parent"],
            &["text", "body", "comment"],
            &["author", "user", "username"],
            &["posted_at", "created_at", "date"],
            &["source_id"],
        ];
        for line in lines {
            let row = JsonRow::parse(line).expect(line);
            for names in asks {
                assert_eq!(
                    row.field(names),
                    through_value(line, names),
                    "{line} {names:?}"
                );
            }
        }
        let row = JsonRow::parse(r#"{"text": null}"#).unwrap();
        assert!(row.has("text") && !row.has("body"));
    }

    #[test]
    fn what_is_not_one_object_is_refused() {
        for line in [
            "[1, 2]",
            "\"text\"",
            "{\"text\": }",
            "{\"text\": \"a\"} x",
            "null",
        ] {
            assert!(JsonRow::parse(line).is_none(), "{line}");
        }
        // What reading a `Value` refuses, under a key threadmod does not read.
        let deep = format!(
            "{{\"text\": \"a\", \"x\": {}1{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        for line in [
            r#"{"text": "a", "extra": "\ud800"}"#,
            r#"{"text": "a", "extra": 1e400}"#,
            &deep,
        ] {
            assert!(
                serde_json::from_str::<serde_json::Value>(line).is_err(),
                "{line}"
            );
            assert!(JsonRow::parse(line).is_none(), "{line}");
        }
        // Nested values of keys it does not read are read through, not kept.
        assert!(JsonRow::parse(r#"{"text": "a", "x": {"y": [1, "z", null, {}]}}"#).is_some());
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let row = JsonRow::parse(r#"{"text": "as written", "author": "esc\u00e9"}"#).unwrap();
        assert!(matches!(row.get("text"), Some(Cow::Borrowed("as written"))));
        assert!(matches!(row.get("author"), Some(Cow::Owned(_))));
    }
}
