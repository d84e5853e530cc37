//! The JSON text read straight into its type in one pass, with the checks of [`super::sanitize`]
//! made on the way: the fast path of [`super::from_str_with`].
//!
//! [`super::sanitize`] needs the whole input as a [`serde_json::Value`] tree (a map and a string
//! allocated for every object and text), walked, then deserialised again: most of the time of
//! a large input. Here a wrapper around serde_json's deserializer sees every value as the
//! type asks for it, knows the field it belongs to, and applies the same rules to it: texts
//! checked and normalised (NFC, identifiers), decimals and dates checked, floats refused,
//! limits counted. It only ever answers for an input that [`super::sanitize`] accepts, with the
//! value the long way gives: on anything else (a violation, a float, an error, a case it does
//! not follow) it gives up, and the long way reads the input again and reports what it finds,
//! with its paths. So the errors are those of the long way, always.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::{FieldKind, Limits, TextCheck};

/// Reads `text` as a `T` in one pass; `None` when the long way must read it (see the module
/// documentation).
pub(super) fn read<T: DeserializeOwned>(text: &str, limits: &Limits) -> Option<T> {
    let st = State { limits, total_chars: Cell::new(0), gave_up: Cell::new(false) };
    let mut de = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(De { de: &mut de, kind: FieldKind::of(None), st: &st }).ok()?;
    de.end().ok()?;
    (!st.gave_up.get() && st.total_chars.get() <= limits.max_total_chars).then_some(value)
}

/// What one pass keeps: the limits, the characters counted, and whether it gave up.
struct State<'l> {
    limits: &'l Limits,
    total_chars: Cell<usize>,
    gave_up: Cell<bool>,
}

impl State<'_> {
    /// Gives up the pass: the error stops the deserialisation, and the flag holds even if a
    /// type swallowed the error.
    fn give_up<E: de::Error>(&self) -> E {
        self.gave_up.set(true);
        E::custom("facturier: read the long way")
    }

    /// Checks a text of field `kind`: `Ok(None)` as it is, `Ok(Some(_))` normalised.
    fn text<E: de::Error>(&self, s: &str, kind: FieldKind) -> Result<Option<String>, E> {
        match super::check_text(s, kind, self.limits) {
            TextCheck::Clean { chars } => {
                self.add_chars(chars);
                Ok(None)
            }
            TextCheck::Normalised { chars, text } => {
                self.add_chars(chars);
                Ok(Some(text))
            }
            TextCheck::Refused => Err(self.give_up()),
        }
    }

    fn add_chars(&self, n: usize) {
        self.total_chars.set(self.total_chars.get().saturating_add(n));
    }
}

/// The deserializer of a value of field `kind`.
struct De<'s, 'l, D> {
    de: D,
    kind: FieldKind,
    st: &'s State<'l>,
}

macro_rules! forward {
    ($($method:ident $(($($arg:ident: $ty:ty),*))?;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($($arg: $ty,)*)? visitor: V) -> Result<V::Value, D::Error> {
                self.de.$method($($($arg,)*)? Wrap { v: visitor, kind: self.kind, st: self.st })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for De<'_, '_, D> {
    type Error = D::Error;

    forward! {
        deserialize_any; deserialize_bool; deserialize_i8; deserialize_i16; deserialize_i32; deserialize_i64;
        deserialize_i128; deserialize_u8; deserialize_u16; deserialize_u32; deserialize_u64; deserialize_u128;
        deserialize_f32; deserialize_f64; deserialize_char; deserialize_str; deserialize_string; deserialize_bytes;
        deserialize_byte_buf; deserialize_option; deserialize_unit; deserialize_seq; deserialize_map; deserialize_identifier;
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    /// A value the type ignores is still checked, as the long way checks the whole input.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_any(Wrap { v: visitor, kind: self.kind, st: self.st })
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A seed of a value of field `kind`.
struct Seed<'s, 'l, T> {
    seed: T,
    kind: FieldKind,
    st: &'s State<'l>,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, '_, T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.seed.deserialize(De { de: d, kind: self.kind, st: self.st })
    }
}

/// The visitor of a value of field `kind`: checks what it is given, then passes it on.
struct Wrap<'s, 'l, V> {
    v: V,
    kind: FieldKind,
    st: &'s State<'l>,
}

macro_rules! pass {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, x: $ty) -> Result<V::Value, E> {
                self.v.$method(x)
            }
        )*
    };
}

macro_rules! refuse {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, _: $ty) -> Result<V::Value, E> {
                Err(self.st.give_up())
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, '_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.v.expecting(f)
    }

    pass! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64); visit_i128(i128);
        visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64); visit_u128(u128);
    }

    // a number with a fraction or an exponent is refused; texts come as strings from serde_json
    refuse! {
        visit_f32(f32); visit_f64(f64); visit_char(char); visit_bytes(&[u8]); visit_byte_buf(Vec<u8>);
        visit_borrowed_bytes(&'de [u8]);
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<V::Value, E> {
        match self.st.text(s, self.kind)? {
            None => self.v.visit_str(s),
            Some(t) => self.v.visit_string(t),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<V::Value, E> {
        match self.st.text(s, self.kind)? {
            None => self.v.visit_borrowed_str(s),
            Some(t) => self.v.visit_string(t),
        }
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<V::Value, E> {
        match self.st.text(&s, self.kind)? {
            None => self.v.visit_string(s),
            Some(t) => self.v.visit_string(t),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.v.visit_some(De { de: d, kind: self.kind, st: self.st })
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_unit()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.v.visit_newtype_struct(De { de: d, kind: self.kind, st: self.st })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let max = if self.kind.lines { self.st.limits.max_lines } else { self.st.limits.max_items };
        self.v.visit_seq(Seq { seq, kind: self.kind, st: self.st, left: max })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.v.visit_map(Map { map, key: FieldKind::of(None), st: self.st })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.v.visit_enum(Enum { data, kind: self.kind, st: self.st })
    }
}

/// The items of a list of field `kind` (they are of that field too), `left` more allowed.
struct Seq<'s, 'l, A> {
    seq: A,
    kind: FieldKind,
    st: &'s State<'l>,
    left: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, '_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        let item = self.seq.next_element_seed(Seed { seed, kind: self.kind, st: self.st })?;
        if item.is_some() {
            self.left = self.left.checked_sub(1).ok_or_else(|| self.st.give_up())?;
        }
        Ok(item)
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

/// The entries of an object: each value is of the field its key names.
struct Map<'s, 'l, A> {
    map: A,
    key: FieldKind,
    st: &'s State<'l>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, '_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.key = FieldKind::of(None);
        let key = &mut self.key;
        self.map.next_key_seed(Named { seed, on_name: |name: &str| *key = FieldKind::of(Some(name)) })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(Seed { seed, kind: self.key, st: self.st })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// An enum of field `kind`: `"monthly"` (a text of that field) or `{"months": 12}` (a value
/// of the field `months`).
struct Enum<'s, 'l, A> {
    data: A,
    kind: FieldKind,
    st: &'s State<'l>,
}

impl<'de, 's, 'l, A: EnumAccess<'de>> EnumAccess<'de> for Enum<'s, 'l, A> {
    type Error = A::Error;
    type Variant = Variant<'s, 'l, A::Variant>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant), A::Error> {
        let (kind, st) = (self.kind, self.st);
        // the name, as a text of the enum's field (if the enum is written as a text), and as the
        // field of the value that follows (if it is written as an object)
        let mut as_text: Option<usize> = None;
        let mut content = FieldKind::of(None);
        let (value, variant) = self.data.variant_seed(Named {
            seed,
            on_name: |name: &str| {
                content = FieldKind::of(Some(name));
                as_text = match super::check_text(name, kind, st.limits) {
                    TextCheck::Clean { chars } => Some(chars),
                    _ => None,
                };
            },
        })?;
        Ok((value, Variant { variant, content, as_text, st }))
    }
}

/// The value of an enum's variant.
struct Variant<'s, 'l, A> {
    variant: A,
    /// The field of the value after the name (`{"months": 12}`).
    content: FieldKind,
    /// The characters of the name when it is a clean text of the enum's field.
    as_text: Option<usize>,
    st: &'s State<'l>,
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<'_, '_, A> {
    type Error = A::Error;

    /// A variant without a value is written as a text (`"monthly"`), checked as such (an
    /// object with a null value, `{"monthly": null}`, is checked the same way: stricter, never
    /// looser, and so at worst read the long way).
    fn unit_variant(self) -> Result<(), A::Error> {
        let chars = self.as_text.ok_or_else(|| self.st.give_up())?;
        self.st.add_chars(chars);
        self.variant.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.variant.newtype_variant_seed(Seed { seed, kind: self.content, st: self.st })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.variant.tuple_variant(len, Wrap { v: visitor, kind: self.content, st: self.st })
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, A::Error> {
        self.variant.struct_variant(fields, Wrap { v: visitor, kind: self.content, st: self.st })
    }
}

/// A seed of a name (a key, a variant): tells `on_name` the name read.
struct Named<T, F> {
    seed: T,
    on_name: F,
}

impl<'de, T: DeserializeSeed<'de>, F: FnOnce(&str)> DeserializeSeed<'de> for Named<T, F> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.seed.deserialize(NameDe { de: d, on_name: self.on_name })
    }
}

/// The deserializer of a name.
struct NameDe<D, F> {
    de: D,
    on_name: F,
}

macro_rules! forward_name {
    ($($method:ident $(($($arg:ident: $ty:ty),*))?;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($($arg: $ty,)*)? visitor: V) -> Result<V::Value, D::Error> {
                self.de.$method($($($arg,)*)? NameVisitor { v: visitor, on_name: self.on_name })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>, F: FnOnce(&str)> Deserializer<'de> for NameDe<D, F> {
    type Error = D::Error;

    forward_name! {
        deserialize_any; deserialize_bool; deserialize_i8; deserialize_i16; deserialize_i32; deserialize_i64;
        deserialize_i128; deserialize_u8; deserialize_u16; deserialize_u32; deserialize_u64; deserialize_u128;
        deserialize_f32; deserialize_f64; deserialize_char; deserialize_str; deserialize_string; deserialize_bytes;
        deserialize_byte_buf; deserialize_option; deserialize_unit; deserialize_seq; deserialize_map; deserialize_identifier;
        deserialize_ignored_any;
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// The visitor of a name: tells its text, then passes it on.
struct NameVisitor<V, F> {
    v: V,
    on_name: F,
}

impl<'de, V: Visitor<'de>, F: FnOnce(&str)> Visitor<'de> for NameVisitor<V, F> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.v.expecting(f)
    }

    pass! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64); visit_i128(i128);
        visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64); visit_u128(u128); visit_f32(f32); visit_f64(f64);
        visit_char(char); visit_bytes(&[u8]); visit_byte_buf(Vec<u8>); visit_borrowed_bytes(&'de [u8]);
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<V::Value, E> {
        (self.on_name)(s);
        self.v.visit_str(s)
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<V::Value, E> {
        (self.on_name)(s);
        self.v.visit_borrowed_str(s)
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<V::Value, E> {
        (self.on_name)(&s);
        self.v.visit_string(s)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.v.visit_some(d)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.v.visit_unit()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.v.visit_newtype_struct(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.v.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.v.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.v.visit_enum(data)
    }
}

#[cfg(test)]
mod tests;
