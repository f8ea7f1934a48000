//! Realistic threads in the text layout for benchmarks and the generate
//! example: deep and wide nesting, short and long comments, insults
//! sprinkled in; the same count always gives the same thread.

use std::io::Write;

/// Small deterministic generator (no dependency needed for test data).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "the",
    "council",
    "ferry",
    "harbour",
    "vote",
    "border",
    "agreement",
    "people",
    "minister",
    "budget",
    "summit",
    "corridor",
    "trade",
    "winter",
    "schedule",
    "reform",
    "election",
    "tax",
    "report",
    "road",
    "village",
    "workers",
    "prices",
    "fuel",
    "island",
    "history",
    "peace",
    "because",
    "should",
    "never",
    "always",
    "really",
    "think",
    "know",
    "said",
    "years",
    "again",
    "about",
    "their",
    "would",
    "could",
    "after",
    "before",
    "under",
    "other",
    "every",
    "since",
];
const INSULTS: &[&str] = &[
    "You are an idiot.",
    "What a moron.",
    "Shut up, you clown.",
    "you're such a stupid troll",
    "Only a 1d10t would believe this.",
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 6 + rng.below(14);
    for i in 0..n {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push_str(if rng.below(6) == 0 { "?" } else { "." });
}

/// How many comments carry abuse, for the benchmarks that compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Hits {
    /// An insult word now and then, as [`thread`] writes.
    Sprinkled,
    /// One comment in five aims an insult at someone ("you are a moron"),
    /// and apostrophes are typographic (not ASCII), as in a busy thread.
    Dense,
    /// No insult at all, typographic apostrophes as in `Dense`.
    Clean,
}

/// What aimed insults look like in a hit-dense thread.
const AIMED: &[&str] = &["you", "you are a", "what a"];

fn comment_text(rng: &mut Rng, hits: Hits) -> Vec<String> {
    let mut out = sprinkled_text(rng, hits == Hits::Sprinkled);
    if hits != Hits::Sprinkled {
        if rng.below(2) == 0 {
            out[0].push_str(" It\u{2019}s the council\u{2019}s call.");
        }
        // Drawn for both, so the dense and clean threads have one shape.
        let insult = rng.below(5) == 0;
        let aimed = AIMED[rng.below(AIMED.len() as u64) as usize];
        let word = INSULTS[rng.below(INSULTS.len() as u64) as usize];
        if insult && hits == Hits::Dense {
            out[0].push_str(&format!(" {aimed} {word}."));
        }
    }
    out
}

fn sprinkled_text(rng: &mut Rng, insults: bool) -> Vec<String> {
    // Mostly short, some long walls of several paragraphs.
    let paragraphs = match rng.below(20) {
        0 => 3 + rng.below(4),
        1..=4 => 2,
        _ => 1,
    };
    let mut out = Vec::new();
    for _ in 0..paragraphs {
        let mut p = String::new();
        let sentences = 1 + rng.below(if paragraphs > 1 { 8 } else { 5 });
        for s in 0..sentences {
            if s > 0 {
                p.push(' ');
            }
            sentence(rng, &mut p);
        }
        if rng.below(12) == 0 && insults {
            p.push(' ');
            p.push_str(INSULTS[rng.below(INSULTS.len() as u64) as usize]);
        }
        out.push(p);
    }
    out
}

/// Writes a thread of `count` comments in the text layout.
#[allow(dead_code)]
pub fn write_thread(count: usize, w: &mut impl Write) -> std::io::Result<()> {
    write_thread_with(count, Hits::Sprinkled, w)
}

/// Writes a thread of `count` comments in the text layout with `hits`.
pub fn write_thread_with(count: usize, hits: Hits, w: &mut impl Write) -> std::io::Result<()> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ count as u64);
    writeln!(w, "Harbour council approves the new ferry schedule\n")?;
    for _ in 0..6 {
        let mut p = String::new();
        for s in 0..5 {
            if s > 0 {
                p.push(' ');
            }
            sentence(&mut rng, &mut p);
        }
        writeln!(w, "{p}\n")?;
    }
    let mut depth = 0usize;
    let mut top = 0usize;
    for _ in 0..count {
        // Walk the tree: go deeper, stay, or climb back up (sometimes far).
        depth = match rng.below(10) {
            0..=3 if depth < 40 => depth + 1,
            4..=6 => depth,
            7 | 8 => depth.saturating_sub(1),
            _ => 0,
        };
        if top == 0 {
            depth = 0;
        }
        let text = comment_text(&mut rng, hits);
        if depth == 0 {
            top += 1;
            write!(w, "  {top}. ")?;
        } else {
            write!(w, "{}• ", " ".repeat(2 + 2 * depth))?;
        }
        let indent = " ".repeat(if depth == 0 { 5 } else { 4 + 2 * depth });
        for (i, p) in text.iter().enumerate() {
            if i > 0 {
                write!(w, "\n{indent}")?;
            }
            writeln!(w, "{p}")?;
        }
        writeln!(w)?;
    }
    writeln!(w, "Leave a Reply")?;
    w.flush()
}

/// The thread as a string.
#[allow(dead_code)]
pub fn thread(count: usize) -> String {
    thread_with(count, Hits::Sprinkled)
}

/// The thread as a string, with `hits`.
#[allow(dead_code)]
pub fn thread_with(count: usize, hits: Hits) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_thread_with(count, hits, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
