//! A table of words that a rule looks up for every word of a comment,
//! with a quick "not listed" for most words before the table is asked.

use rustc_hash::FxHashMap;

/// Words (or phrases) and what a rule keeps for each, for a table that
/// most words of a comment are not in (the highlighted-words list: two in
/// three are not): most of those are ruled out by their shape ([`Shapes`])
/// at a fraction of a lookup's cost. A table that most words are in (the
/// insult score's) gains nothing: the words it rules out cost less than
/// the check costs the others.
#[derive(Debug, Clone)]
pub struct WordTable<V> {
    map: FxHashMap<String, V>,
    shapes: Shapes,
}

impl<V> WordTable<V> {
    pub fn new(map: FxHashMap<String, V>) -> WordTable<V> {
        let shapes = Shapes::of(map.keys().map(String::as_str));
        WordTable { map, shapes }
    }

    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        if self.shapes.may_hold(key) {
            self.map.get(key)
        } else {
            None
        }
    }
}

/// The shapes of a set of keys: each key's length and its first, second
/// and last bytes, hashed to one of 65,536 bits (8 KB). A word whose shape
/// is not set is not a key, told without hashing the whole word or reading
/// the table. Two words in three of the dense speed thread are not in the
/// highlighted-words list, and nearly nine in ten of those have a shape no
/// listed word has.
#[derive(Debug, Clone)]
struct Shapes {
    bits: Box<[u64]>,
}

const SLOTS: usize = 1 << 16;

/// The slot of `key`'s shape.
fn slot(key: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (key.first(), key.last()) else {
        return 0;
    };
    let second = key.get(1).copied().unwrap_or(0);
    let shape = u32::from_le_bytes([first, second, last, key.len().min(255) as u8]);
    // Fibonacci hashing: the top 16 bits of the product.
    (shape.wrapping_mul(0x9E37_79B9) >> 16) as usize
}

impl Shapes {
    fn of<'k>(keys: impl IntoIterator<Item = &'k str>) -> Shapes {
        let mut bits = vec![0u64; SLOTS / 64].into_boxed_slice();
        for key in keys {
            let at = slot(key.as_bytes());
            bits[at / 64] |= 1 << (at % 64);
        }
        Shapes { bits }
    }

    /// False when `key` is certainly not one of the keys.
    #[inline]
    fn may_hold(&self, key: &str) -> bool {
        let at = slot(key.as_bytes());
        self.bits[at / 64] & (1 << (at % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::Shapes;

    proptest::proptest! {
        /// Every key is held, whatever else is: a key is never ruled out.
        #[test]
        fn every_key_may_be_held(keys in proptest::collection::vec("\\PC{0,12}", 0..40)) {
            let shapes = Shapes::of(keys.iter().map(String::as_str));
            for key in &keys {
                proptest::prop_assert!(shapes.may_hold(key), "{key:?}");
            }
        }
    }

    #[test]
    fn most_other_words_are_ruled_out() {
        let listed = [
            "idiot",
            "moron",
            "stupid",
            "shut",
            "fuck",
            "f***",
            "i.d.i.o.t",
        ];
        let shapes = Shapes::of(listed);
        let others = [
            "the", "and", "of", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be",
            "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but",
        ];
        let held = others.iter().filter(|w| shapes.may_hold(w)).count();
        assert!(held <= 2, "{held} of {} common words held", others.len());
    }
}
