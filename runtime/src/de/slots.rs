//! The slots a struct's properties are read into: a tuple of `Option`s,
//! one per property in declaration order, filled by one loop here.
//!
//! [`object!`](crate::object) reads a struct with
//!
//! ```text
//! let (id, name) = de::read_slots(map, &["id", "name"])?;
//! ```
//!
//! so the struct's own code is the destructuring and the struct literal;
//! the key loop and the dispatch to each slot are compiled once per tuple
//! size, in this crate, instead of once per struct. That is what rustc
//! spends less on (BENCHMARKS.md, session 9): a generated crate no longer
//! holds a `match` arm and a `let` per property of every struct.
//!
//! Tuples of up to [`MAX_SLOTS`] slots implement [`Slots`]; a struct with
//! more properties is read with its own key loop (`object! { many … }`).

use serde::de::{Deserialize, MapAccess};

use super::{Key, extra, field, skip};

/// The most properties a struct read through [`read_slots`] may have; the
/// generator writes `object! { many … }` for larger ones.
pub const MAX_SLOTS: usize = 64;

/// A tuple of `Option<T>`s, one per property of a struct, each filled at
/// most once: implemented for `()` and for tuples of 1 to [`MAX_SLOTS`]
/// `Option`s (those impls are hidden from the docs).
#[diagnostic::on_unimplemented(
    message = "`object!` reads at most 64 properties into slots",
    note = "a struct with more properties is written `object! {{ many Name {{ … }} }}`; regenerate the module with this runtime's switchboard-codegen"
)]
pub trait Slots<'de>: Sized {
    /// Every slot empty.
    fn empty() -> Self;

    /// Reads the value of the property at `index` (its position in the
    /// struct) into its slot; a property sent twice is an error naming
    /// `key`.
    fn read<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A, key: &'static str) -> Result<(), A::Error>;
}

/// Reads the entries of `map` into the slots of the properties `keys`
/// (wire names, in the order of the tuple); unknown properties are skipped.
pub fn read_slots<'de, A, S>(map: A, keys: &'static [&'static str]) -> Result<S, A::Error>
where
    A: MapAccess<'de>,
    S: Slots<'de>,
{
    fill(map, keys, |map, _| skip(map))
}

/// [`read_slots`] for a struct that keeps the properties it does not
/// declare in a map (`additionalProperties`): they go to `extras`.
pub fn read_slots_and_extras<'de, A, S, M, V>(
    map: A,
    keys: &'static [&'static str],
    extras: &mut M,
) -> Result<S, A::Error>
where
    A: MapAccess<'de>,
    S: Slots<'de>,
    M: Extend<(String, V)>,
    V: Deserialize<'de>,
{
    fill(map, keys, |map, key| extra(map, extras, key))
}

/// The loop of both: each entry into its slot, or to `unknown`.
fn fill<'de, A, S>(
    mut map: A,
    keys: &'static [&'static str],
    mut unknown: impl FnMut(&mut A, Key<'de>) -> Result<(), A::Error>,
) -> Result<S, A::Error>
where
    A: MapAccess<'de>,
    S: Slots<'de>,
{
    let mut slots = S::empty();
    let mut expected = 0;
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match position(keys, expected, key.as_str()) {
            Some(index) => {
                slots.read(index, &mut map, keys[index])?;
                expected = index + 1;
            }
            None => unknown(&mut map, key)?,
        }
    }
    Ok(slots)
}

/// Where `key` is in `keys`. Servers mostly send properties in the order
/// their schema lists them, so the one after the last found is tried first.
fn position(keys: &[&str], expected: usize, key: &str) -> Option<usize> {
    match keys.get(expected) {
        Some(candidate) if *candidate == key => Some(expected),
        _ => keys.iter().position(|candidate| *candidate == key),
    }
}

impl<'de> Slots<'de> for () {
    fn empty() -> Self {}

    fn read<A: MapAccess<'de>>(&mut self, _: usize, map: &mut A, _: &'static str) -> Result<(), A::Error> {
        skip(map)
    }
}

/// `Slots` for the tuple of the given element types and indices.
macro_rules! slots_tuple {
    ( $( $t:ident $i:tt , )+ ) => {
        #[doc(hidden)]
        impl<'de, $( $t: Deserialize<'de> ),+> Slots<'de> for ( $( Option<$t>, )+ ) {
            fn empty() -> Self {
                ( $( None::<$t>, )+ )
            }

            fn read<A: MapAccess<'de>>(&mut self, index: usize, map: &mut A, key: &'static str) -> Result<(), A::Error> {
                match index {
                    $( $i => field(map, &mut self.$i, key), )+
                    // `read_slots` passes indices of `keys`, one per slot.
                    _ => skip(map),
                }
            }
        }
    };
}

/// `slots_tuple!` for every prefix of the list: tuples of 1, 2, … slots.
macro_rules! slots_tuples {
    ( [ $( $t:ident $i:tt , )* ] ) => {};
    ( [ $( $t:ident $i:tt , )* ] $next:ident $n:tt $( , $rest:ident $r:tt )* ) => {
        slots_tuple!( $( $t $i , )* $next $n , );
        slots_tuples!( [ $( $t $i , )* $next $n , ] $( $rest $r ),* );
    };
}

slots_tuples!(
    []
    T0 0, T1 1, T2 2, T3 3, T4 4, T5 5, T6 6, T7 7, T8 8, T9 9,
    T10 10, T11 11, T12 12, T13 13, T14 14, T15 15, T16 16, T17 17, T18 18, T19 19,
    T20 20, T21 21, T22 22, T23 23, T24 24, T25 25, T26 26, T27 27, T28 28, T29 29,
    T30 30, T31 31, T32 32, T33 33, T34 34, T35 35, T36 36, T37 37, T38 38, T39 39,
    T40 40, T41 41, T42 42, T43 43, T44 44, T45 45, T46 46, T47 47, T48 48, T49 49,
    T50 50, T51 51, T52 52, T53 53, T54 54, T55 55, T56 56, T57 57, T58 58, T59 59,
    T60 60, T61 61, T62 62, T63 63
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_tries_the_expected_key_first_then_all() {
        let keys = ["a", "b", "c"];
        assert_eq!(position(&keys, 1, "b"), Some(1));
        assert_eq!(position(&keys, 1, "a"), Some(0));
        assert_eq!(position(&keys, 3, "c"), Some(2));
        assert_eq!(position(&keys, 0, "d"), None);
    }
}
