//! What a schema says about the values it accepts beyond their type
//! (range, length, pattern, items, format, default), read from an inline
//! schema into [`Constraints`] for the rustdoc of fields and parameters.
//! A `$ref`'d schema is a type of its own and says nothing here.

use openapiv3::{Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use crate::model::{Bound, Constraints};

/// The constraints of an inline schema.
pub fn of(schema: &Schema) -> Constraints {
    let mut c = Constraints {
        default: schema.schema_data.default.as_ref().map(|v| v.to_string()),
        ..Constraints::default()
    };
    let SchemaKind::Type(ty) = &schema.schema_kind else {
        return c;
    };
    match ty {
        Type::String(s) => {
            c.min_length = s.min_length;
            c.max_length = s.max_length;
            c.pattern = s.pattern.clone();
            c.format = format_name(&s.format);
        }
        Type::Number(n) => {
            c.minimum = n.minimum.map(|v| bound(v.to_string(), n.exclusive_minimum));
            c.maximum = n.maximum.map(|v| bound(v.to_string(), n.exclusive_maximum));
            c.multiple_of = n.multiple_of.map(|v| v.to_string());
            c.format = format_name(&n.format);
        }
        Type::Integer(n) => {
            c.minimum = n.minimum.map(|v| bound(v.to_string(), n.exclusive_minimum));
            c.maximum = n.maximum.map(|v| bound(v.to_string(), n.exclusive_maximum));
            c.multiple_of = n.multiple_of.map(|v| v.to_string());
            c.format = format_name(&n.format);
        }
        Type::Array(a) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
            c.unique_items = a.unique_items;
        }
        Type::Object(_) | Type::Boolean(_) => {}
    }
    c
}

fn bound(value: String, exclusive: bool) -> Bound {
    Bound { value, exclusive }
}

/// A format's name as the document spells it (`date-time`, `uuid`).
fn format_name<T: serde::Serialize>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => serde_json::to_value(known)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Bound, Constraints};
    use crate::test_support::{pipeline, type_named};

    #[test]
    fn properties_and_query_parameters_carry_their_constraints() {
        let (model, layout, _) = pipeline(
            r##"
paths:
  /v1/things:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 250, default: 100}}
      responses:
        "200": {description: ok}
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                initial: {type: string, minLength: 1, maxLength: 1, pattern: "^[A-Z]$"}
                ratio: {type: number, exclusiveMinimum: 0, maximum: 1}
                tags: {type: array, items: {type: string}, maxItems: 3, uniqueItems: true}
                thing: {$ref: "#/components/schemas/Thing"}
      responses:
        "200": {description: ok}
components:
  schemas:
    Thing: {type: string, minLength: 5}
"##,
            "",
        );
        let params = model
            .as_struct(type_named(&model, &layout, "GetThingParams"))
            .unwrap();
        let limit = &params.fields[0].constraints;
        assert_eq!(
            limit.minimum,
            Some(Bound {
                value: "1".into(),
                exclusive: false
            })
        );
        assert_eq!(
            limit.maximum.as_ref().map(|b| b.value.as_str()),
            Some("250")
        );
        assert_eq!(limit.default.as_deref(), Some("100"));
        let body = model
            .as_struct(type_named(&model, &layout, "CreateThingRequest"))
            .unwrap();
        let initial = &body.fields[0].constraints;
        assert_eq!((initial.min_length, initial.max_length), (Some(1), Some(1)));
        assert_eq!(initial.pattern.as_deref(), Some("^[A-Z]$"));
        // A 3.1 numeric `exclusiveMinimum` arrives lowered to 3.0's flag.
        assert_eq!(
            body.fields[1].constraints.minimum,
            Some(Bound {
                value: "0".into(),
                exclusive: true
            })
        );
        let tags = &body.fields[2].constraints;
        assert_eq!((tags.max_items, tags.unique_items), (Some(3), true));
        assert_eq!(
            body.fields[3].constraints,
            Constraints::default(),
            "a $ref says nothing here"
        );
    }
}
