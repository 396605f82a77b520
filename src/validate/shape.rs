//! The config's shape, read exactly as `config::from_json` reads it (the same
//! serde types), with every serde error turned into an E051 that names the
//! JSON pointer and labels the offending key or value. Each record is read
//! on its own, so one run reports a shape error in each broken record.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::json::{Pointer, Spans};
use crate::config::{key, Binary, Config, Record};
use crate::diagnostics::suggest::{did_you_mean, one_of};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// The config, when its shape is right; the shape errors go to `diags`.
pub fn read(value: &Value, spans: &Spans, diags: &mut Diagnostics) -> Option<Config> {
    let mut errors = Diagnostics::new();
    errors.extend(spans.duplicates().iter().map(|d| {
        let name = d.at.last().unwrap_or_default();
        Diagnostic::new(
            Code::E051,
            format!(
                "the key `{name}` is given twice in {}",
                d.at.parent().unwrap_or_default()
            ),
        )
        .label(d.again, "given again")
        .label(d.first, "first given here")
        .help("remove one: a JSON reader keeps only one of them")
    }));
    let records_at = Pointer::root().key(key::AGGREGATION).key(key::RECORDS);
    let mut rest = value.clone();
    let mut records = Vec::new();
    if let Some(Value::Array(items)) = rest.pointer_mut(records_at.as_str()) {
        for (i, item) in std::mem::take(items).iter().enumerate() {
            let at = records_at.index(i);
            match typed::<Record>(item, &at, value, spans) {
                Ok(r) => {
                    objects(item, &r, &at, spans, &mut errors);
                    records.push(r);
                }
                Err(d) => errors.push(d),
            }
        }
    }
    let config = match typed::<Config>(&rest, &Pointer::root(), value, spans) {
        Ok(mut config) => {
            objects(&rest, &config, &Pointer::root(), spans, &mut errors);
            config.aggregation.records = records;
            files_keys(&config, value, spans, &mut errors);
            always_written(value, spans, &mut errors);
            Some(config)
        }
        Err(d) => {
            errors.push(d);
            None
        }
    };
    let ok = errors.is_empty();
    diags.extend(errors.into_vec());
    config.filter(|_| ok)
}

/// Reads `part` (found at `base` in the whole `value`) as a `T`.
fn typed<T: DeserializeOwned>(
    part: &Value,
    base: &Pointer,
    value: &Value,
    spans: &Spans,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(part).map_err(|e| {
        let mut at = base.clone();
        for segment in e.path().iter() {
            use serde_path_to_error::Segment;
            at = match segment {
                Segment::Seq { index } => at.index(*index),
                Segment::Map { key } | Segment::Enum { variant: key } => at.key(key),
                Segment::Unknown => break,
            };
        }
        shape_error(&at, &e.inner().to_string(), value, spans)
    })
}

/// A `{ "Source": "Files" }` binary has no other key. (serde ignores extra
/// keys on a unit variant of an internally tagged enum.)
fn files_keys(config: &Config, value: &Value, spans: &Spans, out: &mut Diagnostics) {
    let records_at = Pointer::root().key(key::AGGREGATION).key(key::RECORDS);
    for (i, record) in config.aggregation.records.iter().enumerate() {
        for (j, binary) in record.binaries.iter().enumerate() {
            let at = records_at.index(i).key(key::BINARIES).index(j);
            let Some(Value::Object(map)) = value.pointer(at.as_str()) else {
                continue;
            };
            if !matches!(binary, Binary::Files) {
                continue;
            }
            for name in map.keys().filter(|k| *k != key::SOURCE) {
                out.push(
                    Diagnostic::new(
                        Code::E051,
                        format!("unknown key `{name}` in {at}"),
                    )
                    .label(spans.key(&at.key(name)), "not a key of a Files binary")
                    .help(
                        "a Files binary is only `{ \"Source\": \"Files\" }`; for a field's content write `\"Source\": \"Field\"`",
                    ),
                );
            }
        }
    }
}

/// The keys docs/format.md says are always written (the shipped JSON
/// Schema requires them too), which serde would fill in when missing: the
/// lists, empty when empty, and `SelfRecordEnabled`.
fn always_written(value: &Value, spans: &Spans, out: &mut Diagnostics) {
    let aggregation = Pointer::root().key(key::AGGREGATION);
    let mut check = |at: &Pointer, keys: &[(&str, &str)]| {
        let Some(Value::Object(map)) = value.pointer(at.as_str()) else {
            return;
        };
        for (name, empty) in keys {
            if !map.contains_key(*name) {
                out.push(
                    Diagnostic::new(Code::E051, format!("{at} lacks the required key `{name}`"))
                        .label(spans.label(at), format!("no `{name}`"))
                        .help(format!("add `\"{name}\": {empty}`"))
                        .note("the format always writes it (docs/format.md, \"Keys\")"),
                );
            }
        }
    };
    check(
        &aggregation,
        &[
            (key::FIELDS, "[]"),
            (key::SELF_RECORD_ENABLED, "false"),
            (key::REFERENCES, "[]"),
            (key::RECORDS, "[]"),
        ],
    );
    if let Some(Value::Array(records)) = value.pointer(aggregation.key(key::RECORDS).as_str()) {
        for i in 0..records.len() {
            check(
                &aggregation.key(key::RECORDS).index(i),
                &[
                    (key::FIELDS, "[]"),
                    (key::REFERENCES, "[]"),
                    (key::BINARIES, "[]"),
                ],
            );
        }
    }
}

/// serde reads a struct from an array too (`["ParentId", "Cases"]` as a
/// `Relationship`); the format has objects there. Compares the input with
/// what was read, written back, object for object.
fn objects<T: serde::Serialize>(
    input: &Value,
    read: &T,
    at: &Pointer,
    spans: &Spans,
    out: &mut Diagnostics,
) {
    if let Ok(written) = serde_json::to_value(read) {
        same_objects(input, &written, at, spans, out);
    }
}

fn same_objects(
    input: &Value,
    written: &Value,
    at: &Pointer,
    spans: &Spans,
    out: &mut Diagnostics,
) {
    match (input, written) {
        (Value::Object(given), Value::Object(expected)) => {
            for (k, v) in expected {
                if let Some(g) = given.get(k) {
                    same_objects(g, v, &at.key(k), spans, out);
                }
            }
        }
        (Value::Array(given), Value::Array(expected)) => {
            for (i, (g, v)) in given.iter().zip(expected).enumerate() {
                same_objects(g, v, &at.index(i), spans, out);
            }
        }
        (Value::Array(_), Value::Object(_)) => out.push(array_not_object(at, spans)),
        _ => {}
    }
}

fn array_not_object(at: &Pointer, spans: &Spans) -> Diagnostic {
    Diagnostic::new(Code::E051, format!("{at} is an array, not an object"))
        .label(spans.label(at), "expected an object")
        .help("write the keys and their values: see docs/format.md")
}

/// The names in backticks in a serde message.
pub(crate) fn ticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// A serde error at `at` as a diagnostic. serde's messages are stable
/// (`unknown field`, `missing field`, `unknown variant`, `invalid type`,
/// `invalid value`); anything else is shown as serde says it.
fn shape_error(at: &Pointer, message: &str, value: &Value, spans: &Spans) -> Diagnostic {
    let names = ticked(message);
    // serde tries an array as a struct's fields in order: not the format.
    if message.contains("expected struct")
        && value.pointer(at.as_str()).is_some_and(Value::is_array)
    {
        return array_not_object(at, spans);
    }
    let mapping_kinds = [key::FIELD, key::VALUE, key::DERIVED];
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let (name, expected) = names.split_first().unwrap_or((&"", &[]));
        // The name is a key: inside the value at `at`, or `at` itself.
        let member = if at.last().as_deref() == Some(*name) {
            Some(at.clone())
        } else {
            Some(at.key(name)).filter(|m| value.pointer(m.as_str()).is_some())
        };
        // An unknown value inside a binary is reported at the binary: find it.
        if let (None, Some(Value::Object(map))) = (&member, value.pointer(at.as_str())) {
            let holder = map.iter().find(|(_, v)| v.as_str() == Some(*name));
            if let Some((k, _)) = holder {
                return shape_error(&at.key(k), message, value, spans);
            }
        }
        return match member {
            Some(member) => unknown_key(&member, expected, spans),
            None if expected == mapping_kinds => {
                // `"Title": "Subject"`: a string where a mapping goes.
                Diagnostic::new(
                    Code::E051,
                    format!("{at} is a string, not a mapping"),
                )
                .label(spans.label(at), "expected an object")
                .help(format!(
                    "a mapping is an object with one key: `{{ \"Field\": \"{name}\" }}`, `{{ \"Value\": \"{name}\" }}` or `{{ \"Derived\": \"RecordUrl\" }}`"
                ))
            }
            None => Diagnostic::new(Code::E051, format!("{at} cannot be `{name}`"))
                .label(spans.label(at), format!("expected {}", one_of(expected)))
                .maybe_help(did_you_mean(name, expected.iter().copied())),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = ticked(rest).first().copied().unwrap_or(rest);
        return Diagnostic::new(Code::E051, format!("{at} lacks the required key `{name}`"))
            .label(spans.label(at), format!("no `{name}`"));
    }
    if message == "invalid value: map, expected map with a single key" {
        let n = match value.pointer(at.as_str()) {
            Some(Value::Object(map)) => map.len(),
            _ => 0,
        };
        return Diagnostic::new(
            Code::E051,
            format!("{at} must have exactly one of `Field`, `Value` or `Derived`"),
        )
        .label(
            spans.label(at),
            match n {
                0 => "no key".to_string(),
                n => format!("{n} keys"),
            },
        )
        .help(if n == 0 {
            "map a field (`{ \"Field\": \"Name\" }`), a literal (`{ \"Value\": \"1\" }`) or `{ \"Derived\": \"RecordUrl\" }`"
        } else {
            "keep one: a mapping is a field, a literal or a derived value, not several"
        });
    }
    let invalid = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "));
    if let Some((found, expected)) = invalid.and_then(|m| m.split_once(", expected ")) {
        let expected = expected_kind(expected);
        // serde reports errors inside a binary (an internally tagged enum)
        // at the binary itself: find the member it means.
        if let Some(Value::Object(map)) = value.pointer(at.as_str()) {
            if !found.starts_with("map") {
                if let Some(name) = culprit(map, found) {
                    return shape_error(&at.key(name), message, value, spans);
                }
            }
        }
        return Diagnostic::new(
            Code::E051,
            format!("{at} is {}, not {expected}", found_kind(found)),
        )
        .label(spans.label(at), format!("expected {expected}"));
    }
    Diagnostic::new(Code::E051, format!("{at}: {message}")).label(spans.label(at), "here")
}

fn unknown_key(member: &Pointer, expected: &[&str], spans: &Spans) -> Diagnostic {
    let name = member.last().unwrap_or_default();
    let parent = member.parent().unwrap_or_default();
    let mut d = Diagnostic::new(Code::E051, format!("unknown key `{name}` in {parent}"))
        .label(spans.key(member), "not a key of the format");
    match did_you_mean(&name, expected.iter().copied()) {
        Some(help) => d = d.help(help),
        None if expected.is_empty() => {}
        None => d = d.note(format!("the keys here are {}", one_of(expected))),
    }
    d
}

/// The member of `map` whose value is what serde `found`.
fn culprit<'m>(map: &'m serde_json::Map<String, Value>, found: &str) -> Option<&'m String> {
    let literal = ticked(found).first().copied();
    let kind = found.split([' ', '`']).next().unwrap_or(found);
    map.iter()
        .find(|(_, v)| match (kind, v) {
            ("string", Value::String(_)) | ("map", Value::Object(_)) => true,
            ("sequence", Value::Array(_)) | ("unit" | "null", Value::Null) => true,
            ("integer" | "floating" | "boolean", Value::Number(_) | Value::Bool(_)) => {
                literal == Some(v.to_string().as_str())
            }
            _ => false,
        })
        .map(|(k, _)| k)
}

/// serde's name for what it found, in JSON's words.
fn found_kind(found: &str) -> String {
    let literal = ticked(found).first().map(|v| format!(" `{v}`"));
    let (kind, with_literal) = match found.split([' ', '`']).next().unwrap_or(found) {
        "string" => ("a string", false),
        "integer" | "floating" => ("the number", true),
        "boolean" => ("the boolean", true),
        "map" => ("an object", false),
        "sequence" => ("an array", false),
        "unit" | "null" => ("null", false),
        _ => return found.to_string(),
    };
    match literal.filter(|_| with_literal) {
        Some(l) => format!("{kind}{l}"),
        None => kind.to_string(),
    }
}

/// serde's name for what it expected, in JSON's words.
fn expected_kind(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".into(),
        "a sequence" => "an array".into(),
        "a string" | "a borrowed string" => "a string".into(),
        "a boolean" => "`true` or `false`".into(),
        other if other.starts_with("struct ") || other.starts_with("internally tagged") => {
            "an object".into()
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_words_become_json_words() {
        assert_eq!(found_kind("string \"1\""), "a string");
        assert_eq!(found_kind("integer `-1`"), "the number `-1`");
        assert_eq!(found_kind("floating point `1.5`"), "the number `1.5`");
        assert_eq!(found_kind("map"), "an object");
        assert_eq!(expected_kind("u32"), "a whole number (0 or more)");
        assert_eq!(expected_kind("struct Aggregation"), "an object");
        assert_eq!(
            ticked("unknown field `A`, expected `B` or `C`"),
            ["A", "B", "C"]
        );
    }
}
