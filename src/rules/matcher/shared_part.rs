//! Patterns that share a long part, a word list most often: the part is
//! parsed once, and each pattern put together around it where that reads
//! as the whole pattern would.

use regex_syntax::hir::{Hir, HirKind};

use super::{Regex, build, build_parsed, parse};

/// A pattern with a part (`{insult}`, say) that many patterns share, the
/// part parsed once: the shared word lists are most of the time it takes
/// to parse each pattern.
pub struct SharedPart {
    placeholder: &'static str,
    source: String,
    hir: Hir,
}

impl SharedPart {
    /// `source` is put wherever `placeholder` stands; it must be a group,
    /// `(?:…)`, as a word list is, so that it reads the same anywhere.
    pub fn new(
        placeholder: &'static str,
        source: String,
        case_insensitive: bool,
    ) -> Result<SharedPart, String> {
        let hir = parse(&source, case_insensitive)?;
        Ok(SharedPart {
            placeholder,
            source,
            hir,
        })
    }

    /// [`build`] of `template` with the shared part in place of its
    /// placeholder.
    pub fn build(
        &self,
        template: &str,
        case_insensitive: bool,
        size_limit: usize,
    ) -> Result<Regex, String> {
        let pattern = template.replace(self.placeholder, &self.source);
        match self.around(template, case_insensitive) {
            Some(hir) => build_parsed(&pattern, hir, case_insensitive, size_limit),
            None => build(&pattern, case_insensitive, size_limit),
        }
    }

    /// [`build`] of the shared part or `other`, `(?:…)|other`, `other`
    /// parsed on its own.
    pub fn or(
        &self,
        other: &str,
        case_insensitive: bool,
        size_limit: usize,
    ) -> Result<Regex, String> {
        let pattern = format!("{}|{other}", self.source);
        let hir = Hir::alternation(vec![self.hir.clone(), parse(other, case_insensitive)?]);
        build_parsed(&pattern, hir, case_insensitive, size_limit)
    }

    /// [`build`] of any of `templates` (each with the shared part in place
    /// of its placeholder) or `other`: one pass tells whether any of them
    /// matches a text. Templates that end with the placeholder share one
    /// copy of the part, `(?:a|b){part}`, as do those that start with it:
    /// the same texts match, and a long word list is compiled twice, not
    /// once for each template.
    pub fn any_of(
        &self,
        templates: &[String],
        other: Option<&str>,
        case_insensitive: bool,
        size_limit: usize,
    ) -> Result<Regex, String> {
        let mut patterns = Vec::with_capacity(templates.len() + 1);
        let (mut ending, mut starting, mut whole) = (Vec::new(), Vec::new(), Vec::new());
        for template in templates {
            let pattern = template.replace(self.placeholder, &self.source);
            match self.pieces(template, case_insensitive) {
                Some((before, after)) if nothing(&after) => ending.push(before),
                Some((before, after)) if nothing(&before) => starting.push(after),
                Some((before, after)) => {
                    whole.push(Hir::concat(vec![before, self.hir.clone(), after]));
                }
                None => whole.push(parse(&pattern, case_insensitive)?),
            }
            patterns.push(format!("(?:{pattern})"));
        }
        let mut hirs = Vec::with_capacity(whole.len() + 3);
        if !ending.is_empty() {
            hirs.push(Hir::concat(vec![
                Hir::alternation(ending),
                self.hir.clone(),
            ]));
        }
        if !starting.is_empty() {
            hirs.push(Hir::concat(vec![
                self.hir.clone(),
                Hir::alternation(starting),
            ]));
        }
        hirs.extend(whole);
        if let Some(other) = other {
            hirs.push(parse(other, case_insensitive)?);
            patterns.push(format!("(?:{other})"));
        }
        build_parsed(
            &patterns.join("|"),
            Hir::alternation(hirs),
            case_insensitive,
            size_limit,
        )
    }

    /// The parse of `template` with the shared part in place, put together
    /// from the parses of what stands before and after its one
    /// placeholder; None when that might read otherwise than the whole
    /// (an alternation or flags around the placeholder, a repetition after
    /// it), and the whole is parsed instead.
    pub(crate) fn around(&self, template: &str, case_insensitive: bool) -> Option<Hir> {
        let (before, after) = self.pieces(template, case_insensitive)?;
        Some(Hir::concat(vec![before, self.hir.clone(), after]))
    }

    /// The parses of what stands before and after the one placeholder of
    /// `template`, when they read as they would in the whole ([`around`]).
    ///
    /// [`around`]: SharedPart::around
    fn pieces(&self, template: &str, case_insensitive: bool) -> Option<(Hir, Hir)> {
        let (before, after) = template.split_once(self.placeholder)?;
        if after.contains(self.placeholder)
            || after.starts_with(['*', '+', '?', '{'])
            || !self.source.starts_with("(?:")
        {
            return None;
        }
        let piece = |text: &str| -> Option<Hir> {
            let ast = regex_syntax::ast::parse::Parser::new().parse(text).ok()?;
            let items = match &ast {
                regex_syntax::ast::Ast::Concat(concat) => concat.asts.as_slice(),
                one => std::slice::from_ref(one),
            };
            let plain = items.iter().all(|item| {
                !matches!(
                    item,
                    regex_syntax::ast::Ast::Alternation(_) | regex_syntax::ast::Ast::Flags(_)
                )
            });
            plain.then(|| parse(text, case_insensitive).ok()).flatten()
        };
        Some((piece(before)?, piece(after)?))
    }
}

/// Whether `hir` matches the empty text alone: no piece at all.
fn nothing(hir: &Hir) -> bool {
    matches!(hir.kind(), HirKind::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::matcher::DEFAULT_SIZE_LIMIT;

    #[test]
    fn a_shared_part_reads_as_the_whole_pattern_would() {
        let shared = SharedPart::new("{w}", r"(?:idiot|m+o+r+o+n+|a\s+b)".into(), false).unwrap();
        // Put together from pieces: the same parse as the whole.
        for template in [
            r"\byou\s+(?:are\s+)?{w}",
            r"{w}\s+like\s+(?:you|him)\b",
            r"(?:he|she)'s\s+an?\s+{w}\b",
            "{w}",
        ] {
            let whole = parse(&template.replace("{w}", &shared.source), false).unwrap();
            assert_eq!(shared.around(template, false), Some(whole), "{template}");
        }
        // Either: the same parse as the alternation written out.
        let either = shared
            .or(r"(?:shut\s+up|(?i)stfu)", false, DEFAULT_SIZE_LIMIT)
            .unwrap();
        let whole = format!(r"{}|(?:shut\s+up|(?i)stfu)", shared.source);
        assert_eq!(
            Hir::alternation(vec![
                shared.hir.clone(),
                parse(r"(?:shut\s+up|(?i)stfu)", false).unwrap()
            ]),
            parse(&whole, false).unwrap()
        );
        assert!(
            either.is_match("STFU") && either.is_match("a moron") && !either.is_match("SHUT UP")
        );
        // Any of several templates, one of them read whole, or another
        // pattern: as the alternation written out.
        let templates = [r"\byou\s+{w}".to_string(), r"{w}+".to_string()];
        let any = shared
            .any_of(&templates, Some(r"shut\s+up"), false, DEFAULT_SIZE_LIMIT)
            .unwrap();
        let theirs =
            regex::Regex::new(&format!(r"\byou\s+{w}|{w}+|shut\s+up", w = shared.source)).unwrap();
        for text in [
            "you idiot",
            "your idiot",
            "moron",
            "shut up",
            "shut",
            "a b",
            "ab",
        ] {
            assert_eq!(any.is_match(text), theirs.is_match(text), "{text}");
        }
        // Read otherwise in pieces: parsed whole, and still right.
        for template in [
            r"you|{w}",
            r"(?i)you {w}",
            r"{w}+",
            r"{w}{2}",
            r"(?:you {w})",
            "{w} {w}",
        ] {
            assert_eq!(shared.around(template, false), None, "{template}");
            let regex = shared.build(template, false, DEFAULT_SIZE_LIMIT).unwrap();
            let theirs = regex::Regex::new(&template.replace("{w}", &shared.source)).unwrap();
            for text in ["you", "YOU idiot", "idiot idiot", "a moron", "a  b"] {
                assert_eq!(
                    regex.is_match(text),
                    theirs.is_match(text),
                    "{template} on {text}"
                );
            }
        }
    }
}
