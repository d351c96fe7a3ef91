//! Span attributes as the text a person types into a field, and back: the app's span panel edits
//! attributes as text, and this module turns that text into typed JSON by the attribute kinds of
//! labels.ron (numbers as numbers, booleans as booleans), so no view parses values itself.

use crate::core::data::labels::{AttributeDef, AttributeKind};
use crate::core::data::model::Attrs;
use serde_json::Value;

/// The text shown in a field for a stored value: a string as it is, anything else as JSON.
pub fn value_text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string)
}

/// One text field per attribute of the label, filled from the span's attributes (empty when
/// the span has none).
pub fn fields(defs: &[AttributeDef], attrs: &Attrs) -> Vec<(String, String)> {
    defs.iter()
        .map(|a| {
            (
                a.name.clone(),
                attrs.get(&a.name).map(value_text).unwrap_or_default(),
            )
        })
        .collect()
}

/// Whether `text` can be saved as a value of `kind`; only a number field can hold text that is
/// not a value (an empty field is no value, which is fine).
pub fn is_valid(kind: &AttributeKind, text: &str) -> bool {
    !matches!(kind, AttributeKind::Number)
        || text.trim().is_empty()
        || text.trim().parse::<f64>().is_ok()
}

/// The typed attributes from the fields (paired with `defs` in order). Empty fields are left
/// out, `"true"` is a true boolean, and a number field that does not parse makes the whole set
/// `None`: nothing is saved until it is fixed.
pub fn parse_fields(defs: &[AttributeDef], fields: &[(String, String)]) -> Option<Attrs> {
    let mut attrs = Attrs::new();
    for ((name, text), def) in fields.iter().zip(defs) {
        if text.trim().is_empty() {
            continue;
        }
        let value = match &def.kind {
            AttributeKind::Number => Value::from(text.trim().parse::<f64>().ok()?),
            AttributeKind::Bool => Value::Bool(text == "true"),
            AttributeKind::Text | AttributeKind::Choice(_) => text.clone().into(),
        };
        attrs.insert(name.clone(), value);
    }
    Some(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, kind: AttributeKind) -> AttributeDef {
        AttributeDef {
            name: name.into(),
            kind,
            description: String::new(),
            display: Default::default(),
        }
    }

    #[test]
    fn fields_round_trip_into_typed_values() {
        let defs = [
            def("value", AttributeKind::Number),
            def("currency", AttributeKind::Choice(vec!["CNY".into()])),
            def("estimated", AttributeKind::Bool),
            def("note", AttributeKind::Text),
        ];
        let mut attrs = Attrs::new();
        attrs.insert("value".into(), Value::from(3e7));
        attrs.insert("currency".into(), "CNY".into());
        attrs.insert("estimated".into(), Value::Bool(true));
        let shown = fields(&defs, &attrs);
        assert_eq!(shown[0].1, "30000000.0");
        assert_eq!(shown[3].1, "");
        assert_eq!(parse_fields(&defs, &shown), Some(attrs));
    }

    #[test]
    fn a_number_that_does_not_parse_saves_nothing() {
        let defs = [def("value", AttributeKind::Number)];
        let fields = vec![("value".to_string(), "3 yi".to_string())];
        assert!(!is_valid(&defs[0].kind, "3 yi"));
        assert!(is_valid(&defs[0].kind, " "));
        assert_eq!(parse_fields(&defs, &fields), None);
    }
}
