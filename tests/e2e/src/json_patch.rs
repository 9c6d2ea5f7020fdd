//! JSON merge patch (RFC 7396), to change a few configuration fields per test.

use serde_json::Value;

/// Applies `patch` to `target`: an object patch merges key by key (recursively),
/// a `null` member removes that key, any other patch value replaces the target.
/// A `null` patch as a whole changes nothing (so "no patch" can be `Value::Null`).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Null => {}
        Value::Object(members) => {
            if !target.is_object() {
                *target = Value::Object(Default::default());
            }
            let object = target.as_object_mut().expect("made an object above");
            for (key, value) in members {
                if value.is_null() {
                    object.remove(key);
                } else {
                    merge_patch(object.entry(key.clone()).or_insert(Value::Null), value);
                }
            }
        }
        other => *target = other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_nested_objects_replaces_arrays_and_removes_nulls() {
        let mut config = json!({
            "service": {"name": "A", "phone": "1"},
            "conditions": ["copd", "cardiac"],
            "pre_screens": false
        });
        merge_patch(
            &mut config,
            &json!({"service": {"name": "B"}, "conditions": ["copd"], "pre_screens": null}),
        );
        assert_eq!(
            config,
            json!({"service": {"name": "B", "phone": "1"}, "conditions": ["copd"]})
        );
    }

    #[test]
    fn null_patch_changes_nothing() {
        let mut config = json!({"a": 1});
        merge_patch(&mut config, &Value::Null);
        assert_eq!(config, json!({"a": 1}));
    }
}
