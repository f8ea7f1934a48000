//! Runs of word bytes in ASCII text, found 64 bytes at a time: one bit per
//! byte says whether it belongs to a word, and words start and end where
//! the bits change. Scanning word by word instead of byte by byte spares a
//! hard-to-predict branch on every byte of every comment.

/// Which bytes belong to words: ASCII letters and digits, and any others given.
pub struct WordBytes([bool; 256]);

impl WordBytes {
    pub const fn alphanumeric_and(others: &[u8]) -> WordBytes {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = (b as u8).is_ascii_alphanumeric();
            b += 1;
        }
        let mut i = 0;
        while i < others.len() {
            table[others[i] as usize] = true;
            i += 1;
        }
        WordBytes(table)
    }
}

/// Calls `f(start, end)` for every word of `text`, in order: a maximal run
/// of characters that are word bytes of `word` (ASCII) or alphanumeric
/// (any other character). ASCII text, most comments, goes a block at a
/// time; so do the ASCII stretches of other text, between which the
/// non-ASCII characters are taken one by one.
pub fn for_each_word(text: &str, word: &WordBytes, mut f: impl FnMut(usize, usize)) {
    let bytes = text.as_bytes();
    // The start of a word that runs on into what comes next.
    let mut open = None;
    let mut at = 0;
    loop {
        let stop = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii())
            .map_or(bytes.len(), |p| at + p);
        open = runs_from(&bytes[at..stop], at, word, open, &mut f);
        let Some(c) = text[stop..].chars().next() else {
            break;
        };
        if c.is_alphanumeric() {
            open.get_or_insert(stop);
        } else if let Some(s) = open.take() {
            f(s, stop);
        }
        at = stop + c.len_utf8();
    }
    if let Some(s) = open {
        f(s, text.len());
    }
}

/// Calls `f(start, end)` for every run of word bytes in `text`, which starts
/// at byte `base` of the whole: a run that began before it, at `open`, and
/// goes on at its first byte is one run with it. A run still going at the
/// end is not reported: its start is returned.
fn runs_from(
    text: &[u8],
    base: usize,
    word: &WordBytes,
    open: Option<usize>,
    f: &mut impl FnMut(usize, usize),
) -> Option<usize> {
    let mut in_run = open.is_some();
    let mut start = open.unwrap_or(base);
    for (block, chunk) in text.chunks(64).enumerate() {
        let block_base = base + block * 64;
        let mut bits: u64 = 0;
        for (i, &b) in chunk.iter().enumerate() {
            bits |= u64::from(word.0[usize::from(b)]) << i;
        }
        let valid = if chunk.len() == 64 {
            u64::MAX
        } else {
            (1u64 << chunk.len()) - 1
        };
        // A set bit wherever a byte differs from the one before it.
        let mut changes = (bits ^ ((bits << 1) | u64::from(in_run))) & valid;
        while changes != 0 {
            let at = changes.trailing_zeros() as usize;
            if bits >> at & 1 == 1 {
                start = block_base + at;
            } else {
                f(start, block_base + at);
            }
            changes &= changes - 1;
        }
        in_run = bits >> (chunk.len() - 1) & 1 == 1;
    }
    in_run.then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every maximal run of word bytes in `text` (any bytes, not only
    /// UTF-8), in order, by the block scan.
    fn for_each_run(text: &[u8], word: &WordBytes, mut f: impl FnMut(usize, usize)) {
        if let Some(s) = runs_from(text, 0, word, None, &mut f) {
            f(s, text.len());
        }
    }

    /// Maximal runs of positions marked true, from (position, in a word)
    /// in order, the text being `len` long.
    fn runs(marks: impl Iterator<Item = (usize, bool)>, len: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, in_word) in marks {
            match (in_word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, len));
        }
        out
    }

    /// Byte by byte, as the runs are defined.
    fn reference(text: &[u8], word: &WordBytes) -> Vec<(usize, usize)> {
        let marks = text
            .iter()
            .enumerate()
            .map(|(i, &b)| (i, word.0[usize::from(b)]));
        runs(marks, text.len())
    }

    #[test]
    fn words_of_any_text_are_runs_of_word_characters() {
        let word = WordBytes::alphanumeric_and(b"'");
        let text = "you're a 2nd-rate ереван! café_au lait";
        let mut got: Vec<&str> = Vec::new();
        for_each_word(text, &word, |s, e| got.push(&text[s..e]));
        assert_eq!(
            got,
            ["you're", "a", "2nd", "rate", "ереван", "café", "au", "lait"]
        );
        let ascii = "you're a 2nd-rate one";
        got.clear();
        for_each_word(ascii, &word, |s, e| got.push(&ascii[s..e]));
        assert_eq!(got, ["you're", "a", "2nd", "rate", "one"]);
    }

    /// Character by character, as words are defined.
    fn reference_chars(text: &str, word: &WordBytes) -> Vec<(usize, usize)> {
        let marks = text.char_indices().map(|(i, c)| {
            let in_word = if c.is_ascii() {
                word.0[c as usize]
            } else {
                c.is_alphanumeric()
            };
            (i, in_word)
        });
        runs(marks, text.len())
    }

    proptest::proptest! {
        /// Words of any text, letters beyond ASCII inside, before and after
        /// ASCII words included, as character by character.
        #[test]
        fn words_of_any_text_match_the_character_definition(
            text in "[ab1' .\u{2019}\u{e9}\u{416}\u{2022}\u{1F600}]{0,150}",
        ) {
            let word = WordBytes::alphanumeric_and(b"'");
            let mut got = Vec::new();
            for_each_word(&text, &word, |s, e| got.push((s, e)));
            proptest::prop_assert_eq!(got, reference_chars(&text, &word));
        }
    }

    #[test]
    fn runs_match_the_byte_by_byte_definition() {
        let word = WordBytes::alphanumeric_and(b"'");
        // Lengths around the block size, runs crossing block edges, runs
        // at the very start and end, and pseudo-random mixes.
        let mut texts: Vec<Vec<u8>> = vec![Vec::new(), b"a".to_vec(), b" ".to_vec()];
        for len in [63, 64, 65, 127, 128, 129, 200] {
            texts.push(vec![b'x'; len]);
            texts.push(vec![b' '; len]);
            texts.push(
                (0..len)
                    .map(|i| if i % 3 == 0 { b' ' } else { b'w' })
                    .collect(),
            );
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..500 {
            let len = (state % 300) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    b"ab1' .,\n\x80"[(state % 9) as usize]
                })
                .collect();
            texts.push(text);
        }
        for text in &texts {
            let mut got = Vec::new();
            for_each_run(text, &word, |s, e| got.push((s, e)));
            assert_eq!(
                got,
                reference(text, &word),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
