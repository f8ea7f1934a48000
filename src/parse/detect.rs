//! Which format a file is in, from its content (the extension only breaks ties).

use std::path::Path;

/// The formats threadmod reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A page saved as text (browser dump or copy).
    Text,
    /// A saved article page.
    Html,
    /// A Disqus XML export.
    Disqus,
    /// Reddit thread JSON.
    Reddit,
    /// Hacker News JSON (Algolia API).
    Hn,
    /// A CSV of comments (threadmod's export or any with a text column).
    Csv,
    /// JSON lines, one comment object per line.
    Jsonl,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Disqus => "Disqus XML",
            Format::Reddit => "Reddit JSON",
            Format::Hn => "Hacker News JSON",
            Format::Csv => "CSV",
            Format::Jsonl => "JSON lines",
        }
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Guesses the format of `text` (already decoded).
pub fn detect(text: &str, path: &Path) -> Format {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(4096)
        .collect();
    let lower = head.to_lowercase();
    let ext = extension(path);
    if lower.starts_with('<') {
        if lower.contains("<disqus") {
            return Format::Disqus;
        }
        if lower.starts_with("<?xml") && !lower.contains("<html") {
            return Format::Disqus;
        }
        return Format::Html;
    }
    if lower.contains("<html") || lower.contains("<!doctype html") {
        return Format::Html;
    }
    // "[Site logo]" or "[ ] Menu" opens many text pages; in JSON a bracket
    // is followed by a value, or closes at once and nothing follows.
    let json_after_bracket = |rest: &str| {
        let rest = rest.trim_start();
        rest.starts_with(|c: char| matches!(c, '{' | '[' | '"' | '-' | '0'..='9'))
            || ["true", "false", "null"]
                .iter()
                .any(|w| rest.starts_with(w))
            || rest
                .strip_prefix([']', '}'])
                .is_some_and(|after| after.trim().is_empty())
    };
    let opens_json = head
        .strip_prefix(['[', '{'])
        .is_some_and(json_after_bracket);
    if opens_json {
        let first_line = head.lines().next().unwrap_or("").trim();
        let one_object_per_line = first_line.starts_with('{')
            && first_line.ends_with('}')
            && serde_json::from_str::<serde_json::Value>(first_line).is_ok()
            && text.trim().lines().count() > 1;
        if ext == "jsonl" || ext == "ndjson" || one_object_per_line {
            return Format::Jsonl;
        }
        if lower.contains("\"kind\"")
            && (lower.contains("listing")
                || lower.contains("\"t1\"")
                || lower.contains("\"things\""))
        {
            return Format::Reddit;
        }
        if lower.contains("\"children\"")
            || lower.contains("\"hits\"")
            || lower.contains("\"story_id\"")
        {
            return Format::Hn;
        }
        return if head.starts_with('[') {
            Format::Reddit
        } else {
            Format::Hn
        };
    }
    let first_line = head.lines().next().unwrap_or("").to_lowercase();
    let looks_csv = first_line.contains(',')
        && first_line.split(',').any(|c| {
            matches!(
                c.trim().trim_matches('"'),
                "text" | "comment" | "body" | "message"
            )
        });
    if looks_csv || (ext == "csv" && first_line.contains(',')) {
        return Format::Csv;
    }
    match ext.as_str() {
        "html" | "htm" => Format::Html,
        _ => Format::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("page.txt", "Title\n\n  1. a comment\n", Format::Text),
            (
                "page.txt",
                "<!DOCTYPE html><html><body>x</body></html>",
                Format::Html,
            ),
            ("x.dat", "  <html lang=en>", Format::Html),
            (
                "export.xml",
                "<?xml version=\"1.0\"?>\n<disqus xmlns=\"http://disqus.com\">",
                Format::Disqus,
            ),
            (
                "t.json",
                "[{\"kind\": \"Listing\", \"data\": {}}]",
                Format::Reddit,
            ),
            ("t.json", "{\"id\": 1, \"children\": []}", Format::Hn),
            (
                "c.txt",
                "{\"id\": \"1\", \"text\": \"a\"}\n{\"id\": \"2\", \"text\": \"b\"}\n",
                Format::Jsonl,
            ),
            ("any.txt", "id,parent_id,text\n1,,hello\n", Format::Csv),
            ("notes.csv", "a,b\n1,2\n", Format::Csv),
            ("page.txt", "[Site logo]\n\nTitle\n", Format::Text),
            ("page.txt", "[ ] Menu\n", Format::Text),
            ("page.txt", "{Template} header\n", Format::Text),
            ("t.json", "[\n  {\"kind\": \"Listing\"}]", Format::Reddit),
            ("t.json", "[]", Format::Reddit),
        ];
        for (name, text, want) in cases {
            assert_eq!(detect(text, Path::new(name)), want, "{name}: {text}");
        }
    }
}
