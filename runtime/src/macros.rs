//! The serde impls of generated types, one macro per construct.
//!
//! A generated type is its definition (written out, with its docs and
//! derives) and one invocation that says how it reads and writes JSON, one
//! line per property or value:
//!
//! ```text
//! pub struct Contact { pub id: i64, pub name: Option<String>, pub plan: String }
//!
//! ::switchboard_runtime::object! {
//!     Contact {
//!         id: "id" required,
//!         name: "name" optional,
//!         plan: "plan" default_to(::std::string::String::from("free")),
//!     }
//!     required { id: "id" }
//! }
//! ```
//!
//! The expansion is the short code `ser` and `de` are built for: one entry
//! per property on the way out; on the way in, the entries read by the
//! runtime's loop into a tuple of slots (`de::read_slots`, compiled once
//! per tuple size rather than once per struct) and the required properties
//! checked in one `match` (a `?` per property would be an early return
//! dropping every other slot, which costs the compiler more than everything
//! else in a large client). Locals of the expansion cannot meet the
//! struct's field names: `macro_rules!` keeps them apart.

/// `Serialize` and `Deserialize` for a generated struct.
///
/// Each property is `field: "wire name" kind`, in declaration order; the
/// kind says how it is present:
///
/// | kind | field type | absent when read | written |
/// | --- | --- | --- | --- |
/// | `required` | `T` | an error | always |
/// | `nullable` | `Option<T>` | `None` | always (`null` for `None`) |
/// | `optional` | `Option<T>` | `None` | when `Some` |
/// | `optional_nullable` | `Option<Option<T>>` | `None` | when `Some` (`Some(None)` as `null`) |
/// | `defaulted` | `T` | `T::default()` | always |
/// | `default_to(expr)` | `T` | `expr` | always |
///
/// Then, each optional: `files { a, b }` (multipart file fields, neither
/// read nor written: they travel as parts), `extra field` (a map of the
/// properties the schema does not declare), and `required { field: "wire",
/// … }`, the required properties again, checked together when reading.
/// Unknown properties are skipped; a property sent twice is an error.
///
/// A struct with more properties than the runtime's tuples of slots hold
/// ([`de::MAX_SLOTS`](crate::de::MAX_SLOTS)) is written `object! { many
/// Name { … } … }`: the same impls, with the keys matched in a loop of its
/// own.
#[macro_export]
macro_rules! object {
    (many $( $rest:tt )*) => {
        $crate::object!(@object [many] $( $rest )*);
    };
    (
        @object [ $( $many:ident )? ] $name:ident {
            $( $field:ident : $wire:literal $kind:ident $( ( $default:expr ) )? ),* $(,)?
        }
        $( files { $( $file:ident ),* $(,)? } )?
        $( extra $extra:ident )?
        $( required { $( $required:ident : $required_wire:literal ),+ $(,)? } )?
    ) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut map = $crate::ser::Entries::new(
                    $crate::serde::ser::Serializer::serialize_map(serializer, ::core::option::Option::None)?,
                );
                $( map.$kind($wire, &self.$field); )*
                $( map.extra(&self.$extra); )?
                map.end()
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::de::object(deserializer)
            }
        }

        impl $crate::de::Object for $name {
            const EXPECTING: &'static str = concat!(stringify!($name), " object");

            // The slots are named after the fields, which the document names.
            #[allow(clippy::disallowed_names)]
            fn from_map<'de, A: $crate::serde::de::MapAccess<'de>>(
                map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                $( let mut $extra = $crate::de::default_of(|value: &Self| &value.$extra); )?
                $crate::object!(@read $( $many )? map [ $( $field : $wire ),* ] $( $extra )?);
                $crate::object!(@finish
                    [ $( $( $required : $required_wire ),+ )? ]
                    {
                        $( $field: $crate::de::finish::$kind($field $( , || $default )?), )*
                        $( $( $file: ::core::default::Default::default(), )* )?
                        $( $extra, )?
                    }
                )
            }
        }
    };
    // More properties than the runtime's tuples hold: a loop of its own.
    (@read many $map:ident [ $( $field:ident : $wire:literal ),* ] $( $extra:ident )?) => {
        let mut map = $map;
        $( let mut $field = ::core::option::Option::None; )*
        while let ::core::option::Option::Some(key) =
            $crate::serde::de::MapAccess::next_key::<$crate::de::Key<'_>>(&mut map)?
        {
            match key.as_str() {
                $( $wire => $crate::de::field(&mut map, &mut $field, $wire), )*
                _ => $crate::object!(@unknown map key $( $extra )?),
            }?;
        }
    };
    // The slots, read by the runtime's loop into a tuple.
    (@read $map:ident [ $( $field:ident : $wire:literal ),* ]) => {
        let ( $( $field, )* ) = $crate::de::read_slots($map, &[ $( $wire ),* ])?;
    };
    (@read $map:ident [ $( $field:ident : $wire:literal ),* ] $extra:ident) => {
        let ( $( $field, )* ) = $crate::de::read_slots_and_extras($map, &[ $( $wire ),* ], &mut $extra)?;
    };
    (@unknown $map:ident $key:ident) => {
        $crate::de::skip(&mut $map)
    };
    (@unknown $map:ident $key:ident $extra:ident) => {
        $crate::de::extra(&mut $map, &mut $extra, $key)
    };
    (@finish [] { $( $body:tt )* }) => {
        ::core::result::Result::Ok(Self { $( $body )* })
    };
    (@finish [ $( $required:ident : $required_wire:literal ),+ ] { $( $body:tt )* }) => {
        match ( $( $required, )+ ) {
            ( $( ::core::option::Option::Some($required), )+ ) => ::core::result::Result::Ok(Self { $( $body )* }),
            ( $( $required, )+ ) => ::core::result::Result::Err($crate::de::missing(&[
                $( ($required_wire, $required.is_none()), )+
            ])),
        }
    };
    ( $( $rest:tt )* ) => {
        $crate::object!(@object [] $( $rest )*);
    };
}

/// The impls of an open string enum: `as_str`, `From<String>`, `Display`,
/// and reading and writing it as one JSON string. Values the list does
/// not name go to the catch-all variant given last, kept as sent.
///
/// ```text
/// ::switchboard_runtime::string_enum! {
///     Status { Active = "active", OnHold = "on hold" }
///     Unknown
/// }
/// ```
#[macro_export]
macro_rules! string_enum {
    ( $name:ident { $( $variant:ident = $wire:literal ),* $(,)? } $other:ident ) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::$other(value) => value,
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $( $wire => Self::$variant, )*
                    _ => Self::$other(value),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <::std::string::String as $crate::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// `Deserialize` for an untagged union (`oneOf` / `anyOf` without a
/// discriminator): the alternatives, tuple variants of one value each, are
/// tried in order. When none matches, the error is the one of the
/// alternative that got furthest into the value, with its path
/// (`contact[0].uuid: invalid type …`), not "did not match any variant".
///
/// ```text
/// ::switchboard_runtime::untagged! { Recipient { ContactList, Contact, String } }
/// ```
#[macro_export]
macro_rules! untagged {
    ( $name:ident { $( $variant:ident ),+ $(,)? } ) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let value = <$crate::serde_json::Value as $crate::serde::Deserialize>::deserialize(deserializer)?;
                $crate::de::Alternatives::new(&value, stringify!($name))
                    $( .try_variant(Self::$variant) )+
                    .finish()
            }
        }
    };
}
