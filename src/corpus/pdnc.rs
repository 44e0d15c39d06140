//! Reader for the Project Dialogism Novel Corpus (PDNC): one novel folder
//! (`novel_text.txt`, `quotation_info.csv`, `character_info.csv`) becomes
//! one [`GoldDoc`] with a [`GoldQuote`] per sub-quotation.
//!
//! PDNC gives the speaker's referring expression as text only; this reader
//! locates the speaker mention and the speech verb next to the quotation.

use std::path::{Path, PathBuf};

use crate::corpus::{GoldAddressee, GoldDoc, GoldQuote};
use crate::{Error, QuoteKind, Result, Span};

/// PDNC novels held out of training, for model selection and the accuracy
/// benchmark.
pub const PDNC_DEV_NOVELS: [&str; 3] = ["DaisyMiller", "NorthangerAbbey", "TheSunAlsoRises"];

/// Distance (bytes) from the quotation within which the referring
/// expression, mention and cue are looked for.
const WINDOW: usize = 300;

/// Subject pronouns, tried before descriptions.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "i", "we", "they"];
/// Object pronouns, tried last.
const OBJECT_PRONOUNS: &[&str] = &["him", "her", "me", "us", "them"];
/// Determiners that start a description ("the Admiral", "her brother").
const DETERMINERS: &[&str] = &["the", "his", "her", "my", "their", "our", "your", "a", "an"];
/// Words that end a description.
const STOP_WORDS: &[&str] = &[
    "was", "were", "is", "had", "has", "have", "to", "and", "with", "in", "on", "at", "for", "of",
    "by", "from", "as", "who", "that", "then", "again", "but", "not", "would", "could", "should",
    "did", "do", "into", "out", "up", "down", "over", "after", "once", "all", "only", "be", "been",
    "being", "it", "this", "when", "while", "so", "very", "too", "still", "now", "just", "said",
];
/// Base forms of speech and reaction verbs (regular forms are derived).
const CUE_VERBS: &[&str] = &[
    "say",
    "reply",
    "cry",
    "ask",
    "answer",
    "observe",
    "continue",
    "add",
    "exclaim",
    "return",
    "whisper",
    "repeat",
    "inquire",
    "enquire",
    "call",
    "remark",
    "rejoin",
    "murmur",
    "interrupt",
    "retort",
    "demand",
    "explain",
    "interpose",
    "sigh",
    "laugh",
    "resume",
    "mutter",
    "shout",
    "pursue",
    "echo",
    "conclude",
    "protest",
    "announce",
    "gasp",
    "pause",
    "stammer",
    "declare",
    "agree",
    "smile",
    "suggest",
    "reason",
    "urge",
    "insist",
    "object",
    "plead",
    "beg",
    "scream",
    "shriek",
    "groan",
    "moan",
    "sob",
    "exclaim",
    "admit",
    "confess",
    "respond",
    "query",
    "mention",
    "state",
    "assert",
    "argue",
    "complain",
    "warn",
    "order",
    "command",
    "request",
    "greet",
    "yell",
    "roar",
    "bellow",
    "growl",
    "snap",
    "snarl",
    "hiss",
    "chuckle",
    "giggle",
    "sneer",
    "nod",
    "cough",
    "persist",
    "proceed",
    "conclude",
    "correct",
    "interject",
    "intervene",
    "venture",
    "hazard",
    "falter",
    "wonder",
    "think",
    "reflect",
    "muse",
    "exclaim",
    "entreat",
    "implore",
    "assure",
    "promise",
    "acknowledge",
    "confirm",
    "deny",
    "retort",
    "rejoin",
    "drawl",
    "lisp",
    "stutter",
    "call",
    "hail",
    "cheer",
    "murmur",
    "address",
    "accost",
];
/// Irregular or non-derivable speech verbs and nouns used as cues.
const CUE_IRREGULAR: &[&str] = &[
    "said",
    "says",
    "saying",
    "spoke",
    "speaks",
    "spoken",
    "speaking",
    "told",
    "tells",
    "telling",
    "began",
    "begins",
    "begun",
    "went",
    "thought",
    "cried",
    "cries",
    "replied",
    "replies",
    "broke",
    "put",
    "burst",
    "asked",
    "answer",
    "reply",
    "remark",
    "observation",
    "exclamation",
    "question",
    "answered",
    "rejoinder",
    "retort",
    "response",
    "reasoning",
    "comment",
];

/// Reads one PDNC novel folder as a gold document (id = folder name).
///
/// Every sub-quotation span becomes one direct quote labelled with the
/// lower-cased quote type (`explicit`, `anaphoric`, `implicit`); rows with
/// another type or with unparsable spans are skipped. Spans are converted
/// from character to byte offsets. Mentions and cues are located in the
/// text from the referring expression and set on every sub-quote.
pub fn read_novel(dir: &Path) -> Result<GoldDoc> {
    let text_path = dir.join("novel_text.txt");
    let text = std::fs::read_to_string(&text_path).map_err(|e| Error::io(&text_path, e))?;
    // Python reads with universal newlines; offsets count "\r\n" as one char.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let chars = read_characters(&dir.join("character_info.csv"))?;
    let qpath = dir.join("quotation_info.csv");
    let rows = read_csv(&qpath)?;
    let data_err = |line: usize, reason: String| Error::Data {
        path: qpath.clone(),
        reason: format!("line {line}: {reason}"),
    };
    let Some((header, body)) = rows.split_first() else {
        return Err(data_err(1, "empty file".to_string()));
    };
    let col = |name: &str| {
        header
            .fields
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| data_err(1, format!("missing column `{name}`")))
    };
    let (c_spans, c_speaker, c_type, c_ref) = (
        col("quoteByteSpans")?,
        col("speaker")?,
        col("quoteType")?,
        col("referringExpression")?,
    );
    // Optional columns: older exports may lack them.
    let c_addressees = col("addressees").ok();
    let c_id = col("quoteID").ok();
    let offsets = char_offsets(&text);
    let mut quotations = Vec::new();
    for row in body {
        let field = |c: usize| row.fields.get(c).map(String::as_str).unwrap_or("");
        let label = field(c_type).trim().to_lowercase();
        if !matches!(label.as_str(), "explicit" | "anaphoric" | "implicit") {
            continue;
        }
        let Some(spans) = parse_spans(field(c_spans), &offsets) else {
            continue;
        };
        if spans.is_empty() {
            continue;
        }
        let speaker = field(c_speaker).trim();
        let speaker = (!speaker.is_empty() && speaker != "nan").then(|| speaker.to_string());
        let refexp = field(c_ref).trim();
        let refexp = (!refexp.is_empty() && refexp != "nan").then(|| refexp.to_string());
        let addressees = match c_addressees.map(field).map(str::trim) {
            None | Some("") | Some("nan") => Vec::new(),
            Some(raw) => parse_py(raw)
                .map_err(|e| data_err(row.line, format!("addressees: {e}")))?
                .strings()
                .into_iter()
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
        };
        let quote_id = c_id
            .map(field)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        quotations.push(Quotation {
            spans,
            label,
            speaker,
            refexp,
            addressees,
            quote_id,
        });
    }
    let mut all_spans: Vec<Span> = quotations.iter().flat_map(|q| q.spans.clone()).collect();
    all_spans.sort();
    let mut quotes = Vec::new();
    for q in &quotations {
        let aliases = q
            .speaker
            .as_deref()
            .map(|s| speaker_aliases(&chars, s))
            .unwrap_or_default();
        let (mention, cue) = match &q.refexp {
            Some(r) => locate(&text, &q.spans, &all_spans, r, &aliases),
            None => (None, None),
        };
        let addressees: Vec<GoldAddressee> = q
            .addressees
            .iter()
            .map(|name| GoldAddressee {
                name: name.clone(),
                aliases: speaker_aliases(&chars, name),
            })
            .collect();
        for &span in &q.spans {
            quotes.push(GoldQuote {
                span,
                kind: QuoteKind::Direct,
                label: q.label.clone(),
                speaker: q.speaker.clone(),
                speaker_aliases: aliases.clone(),
                mention,
                cue,
                addressees: addressees.clone(),
                quote_id: q.quote_id.clone(),
            });
        }
    }
    quotes.sort_by_key(|q| q.span);
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(GoldDoc { id, text, quotes })
}

/// Reads the named novels from `root/data/<name>`.
pub fn read_novels(root: &Path, names: &[&str]) -> Result<Vec<GoldDoc>> {
    names
        .iter()
        .map(|n| read_novel(&root.join("data").join(n)))
        .collect()
}

/// The novel folder names present under `root/data`, sorted (empty when the
/// folder is missing).
pub fn list_novels(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join("data")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("novel_text.txt").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One quotation row.
struct Quotation {
    spans: Vec<Span>,
    label: String,
    speaker: Option<String>,
    refexp: Option<String>,
    /// Addressee names as the row gives them.
    addressees: Vec<String>,
    quote_id: Option<String>,
}

/// A character: main name first, then aliases.
struct Character {
    names: Vec<String>,
}

fn read_characters(path: &Path) -> Result<Vec<Character>> {
    let rows = read_csv(path)?;
    let Some((header, body)) = rows.split_first() else {
        return Ok(Vec::new());
    };
    let col = |name: &str| {
        header
            .fields
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| Error::Data {
                path: path.to_path_buf(),
                reason: format!("line 1: missing column `{name}`"),
            })
    };
    let (c_main, c_alias) = (col("Main Name")?, col("Aliases")?);
    let mut out = Vec::new();
    for row in body {
        let main = row.fields.get(c_main).map(|s| s.trim()).unwrap_or("");
        if main.is_empty() {
            continue;
        }
        let mut names = vec![main.to_string()];
        let raw = row.fields.get(c_alias).map(String::as_str).unwrap_or("");
        let parsed = parse_py(raw).map_err(|e| Error::Data {
            path: path.to_path_buf(),
            reason: format!("line {}: Aliases: {e}", row.line),
        })?;
        for a in parsed.strings() {
            let a = a.trim();
            if !a.is_empty() && !names.iter().any(|n| n == a) {
                names.push(a.to_string());
            }
        }
        out.push(Character { names });
    }
    Ok(out)
}

/// Every character of a novel's `character_info.csv`: main name first,
/// then aliases (for the lexicon's tests).
#[cfg(test)]
pub(crate) fn character_names(path: &Path) -> Result<Vec<Vec<String>>> {
    Ok(read_characters(path)?
        .into_iter()
        .map(|c| c.names)
        .collect())
}

/// Main name and aliases of the character the speaker names: by main name,
/// else the only character listing it as an alias, else just the speaker.
fn speaker_aliases(chars: &[Character], speaker: &str) -> Vec<String> {
    if let Some(c) = chars.iter().find(|c| c.names[0] == speaker) {
        return c.names.clone();
    }
    let by_alias: Vec<&Character> = chars
        .iter()
        .filter(|c| c.names.iter().any(|n| n == speaker))
        .collect();
    match by_alias.as_slice() {
        [c] => c.names.clone(),
        _ => vec![speaker.to_string()],
    }
}

// ---------------------------------------------------------------- CSV

/// One CSV record and the line it starts on.
#[derive(Debug, PartialEq)]
struct Record {
    line: usize,
    fields: Vec<String>,
}

fn read_csv(path: &Path) -> Result<Vec<Record>> {
    let content = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_csv(&content).map_err(|reason| Error::Data {
        path: PathBuf::from(path),
        reason,
    })
}

/// Parses CSV: `,` separators, `"` quoting with `""` escapes, newlines
/// (`\n` or `\r\n`) inside quoted fields. Blank lines are skipped.
fn parse_csv(s: &str) -> std::result::Result<Vec<Record>, String> {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start_line = 1;
    let mut in_quotes = false;
    let mut quoted_field = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if in_quotes {
            match c {
                '"' if it.peek() == Some(&'"') => {
                    it.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' if it.peek() == Some(&'\n') => {}
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted_field => {
                in_quotes = true;
                quoted_field = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                quoted_field = false;
            }
            '\r' if it.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                quoted_field = false;
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    records.push(Record {
                        line: start_line,
                        fields: std::mem::take(&mut fields),
                    });
                }
                fields.clear();
                line += 1;
                start_line = line;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(format!("line {start_line}: unterminated quoted field"));
    }
    if !field.is_empty() || !fields.is_empty() || quoted_field {
        fields.push(field);
        records.push(Record {
            line: start_line,
            fields,
        });
    }
    Ok(records)
}

// ---------------------------------------------------------------- Python literals

/// A Python literal: integer, string, or list/set/tuple.
#[derive(Debug, Clone, PartialEq)]
enum Py {
    Int(i64),
    Str(String),
    List(Vec<Py>),
}

impl Py {
    /// Every string in the value, depth first.
    fn strings(&self) -> Vec<String> {
        match self {
            Py::Str(s) => vec![s.clone()],
            Py::Int(_) => Vec::new(),
            Py::List(items) => items.iter().flat_map(Py::strings).collect(),
        }
    }
}

/// Parses a Python literal made of ints, quoted strings, lists, sets
/// (including `set()`) and tuples.
fn parse_py(s: &str) -> std::result::Result<Py, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut pos = 0;
    let v = py_value(&chars, &mut pos)?;
    skip_ws(&chars, &mut pos);
    if pos != chars.len() {
        return Err(format!("unexpected text after value at char {pos}"));
    }
    Ok(v)
}

fn skip_ws(c: &[char], pos: &mut usize) {
    while c.get(*pos).is_some_and(|c| c.is_whitespace()) {
        *pos += 1;
    }
}

fn py_value(c: &[char], pos: &mut usize) -> std::result::Result<Py, String> {
    skip_ws(c, pos);
    match c.get(*pos) {
        None => Err("unexpected end of literal".to_string()),
        Some(&open @ ('[' | '{' | '(')) => {
            let close = match open {
                '[' => ']',
                '{' => '}',
                _ => ')',
            };
            *pos += 1;
            let mut items = Vec::new();
            loop {
                skip_ws(c, pos);
                if c.get(*pos) == Some(&close) {
                    *pos += 1;
                    return Ok(Py::List(items));
                }
                items.push(py_value(c, pos)?);
                skip_ws(c, pos);
                match c.get(*pos) {
                    Some(',') => *pos += 1,
                    Some(&x) if x == close => {}
                    Some(x) => return Err(format!("expected `,` or `{close}`, found `{x}`")),
                    None => return Err(format!("missing `{close}`")),
                }
            }
        }
        Some(&q @ ('\'' | '"')) => {
            *pos += 1;
            let mut out = String::new();
            loop {
                match c.get(*pos) {
                    None => return Err("unterminated string".to_string()),
                    Some('\\') => {
                        let e = c.get(*pos + 1).ok_or("unterminated string")?;
                        out.push(match e {
                            'n' => '\n',
                            't' => '\t',
                            'r' => '\r',
                            other => *other,
                        });
                        *pos += 2;
                    }
                    Some(&x) if x == q => {
                        *pos += 1;
                        return Ok(Py::Str(out));
                    }
                    Some(&x) => {
                        out.push(x);
                        *pos += 1;
                    }
                }
            }
        }
        Some(_) => {
            let start = *pos;
            while c
                .get(*pos)
                .is_some_and(|x| x.is_alphanumeric() || *x == '-' || *x == '_')
            {
                *pos += 1;
            }
            let word: String = c[start..*pos].iter().collect();
            if word == "set" && c.get(*pos) == Some(&'(') && c.get(*pos + 1) == Some(&')') {
                *pos += 2;
                return Ok(Py::List(Vec::new()));
            }
            word.parse::<i64>()
                .map(Py::Int)
                .map_err(|_| format!("unexpected `{word}`"))
        }
    }
}

/// Byte offset of every char index, plus the text length at the end.
fn char_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// `[[s, e], ...]` in char offsets as byte spans; `None` when unparsable or
/// out of range.
fn parse_spans(s: &str, offsets: &[usize]) -> Option<Vec<Span>> {
    let Py::List(items) = parse_py(s).ok()? else {
        return None;
    };
    items
        .iter()
        .map(|it| match it {
            Py::List(pair) => match pair.as_slice() {
                [Py::Int(a), Py::Int(b)] if 0 <= *a && a <= b => {
                    let a = offsets.get(usize::try_from(*a).ok()?)?;
                    let b = offsets.get(usize::try_from(*b).ok()?)?;
                    Some(Span::new(*a, *b))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------- locating

/// Lower-cased alphanumeric content of a word (`"Mary's"` → `"marys"`).
fn norm_word(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words of a phrase, normalised, empty words dropped.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(norm_word)
        .filter(|w| !w.is_empty())
        .collect()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// Matches the normalised `pattern` words at byte `at` of `text` (which must
/// start a word). Within a word, apostrophes and hyphens in the text are
/// skipped; between words any short run of non-alphanumeric characters
/// other than quotation marks is allowed. Returns the end byte.
fn match_at(text: &str, at: usize, pattern: &[String]) -> Option<usize> {
    let mut pos = at;
    for (k, word) in pattern.iter().enumerate() {
        if k > 0 {
            let gap_start = pos;
            while let Some(c) = text[pos..].chars().next() {
                if c.is_alphanumeric() {
                    break;
                }
                if matches!(c, '"' | '\u{201c}' | '\u{201d}') || pos - gap_start > 8 {
                    return None;
                }
                pos += c.len_utf8();
            }
            if pos == gap_start {
                return None;
            }
        }
        let mut want = word.chars().peekable();
        while want.peek().is_some() {
            let c = text[pos..].chars().next()?;
            if matches!(c, '\'' | '\u{2019}' | '-') && pos > at {
                pos += c.len_utf8();
                continue;
            }
            let mut lower = c.to_lowercase();
            if lower.next() != want.next() || lower.next().is_some() {
                return None;
            }
            pos += c.len_utf8();
        }
        if text[pos..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
        {
            return None;
        }
    }
    Some(pos)
}

/// All matches of `pattern` starting in `[lo, hi)` that do not overlap a
/// quotation span.
fn find_all(text: &str, lo: usize, hi: usize, pattern: &[String], quotes: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    if pattern.is_empty() {
        return out;
    }
    let mut i = lo.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    let hi = hi.min(text.len());
    while i < hi {
        let c = text[i..].chars().next().unwrap_or(' ');
        let starts_word =
            c.is_alphanumeric() && !char_before(text, i).is_some_and(|p| p.is_alphanumeric());
        if starts_word {
            if let Some(end) = match_at(text, i, pattern) {
                let span = Span::new(i, end);
                if !inside_quote(span, quotes) {
                    out.push(span);
                }
            }
        }
        i += c.len_utf8();
    }
    out
}

/// True when `span` overlaps one of the sorted quotation spans.
fn inside_quote(span: Span, quotes: &[Span]) -> bool {
    let k = quotes.partition_point(|q| q.end <= span.start);
    quotes.get(k).is_some_and(|q| q.start < span.end)
}

/// Distance from `span` to the quotation `[first, last)`; 0 inside it.
fn distance(span: Span, first: usize, last: usize) -> usize {
    if span.start >= last {
        span.start - last
    } else {
        first.saturating_sub(span.end)
    }
}

/// The occurrence nearest the quotation within the window.
fn nearest(
    text: &str,
    pattern: &[String],
    spans: &[Span],
    quotes: &[Span],
    extra: usize,
) -> Option<Span> {
    let first = spans.iter().map(|s| s.start).min()?;
    let last = spans.iter().map(|s| s.end).max()?;
    let lo = first.saturating_sub(WINDOW + extra);
    find_all(text, lo, last + WINDOW, pattern, quotes)
        .into_iter()
        .filter(|s| distance(*s, first, last) <= WINDOW)
        .min_by_key(|s| (distance(*s, first, last), s.start))
}

/// Drops a trailing possessive `'s` from a located span.
fn strip_possessive(text: &str, span: Span) -> Span {
    let t = span.text(text);
    for suffix in ["'s", "\u{2019}s"] {
        if t.len() > suffix.len() && t.ends_with(suffix) {
            return Span::new(span.start, span.end - suffix.len());
        }
    }
    span
}

/// Is this normalised word a speech verb or cue noun?
fn is_cue(w: &str) -> bool {
    if CUE_IRREGULAR.contains(&w) {
        return true;
    }
    CUE_VERBS.iter().any(|v| {
        let stem_y = v
            .strip_suffix('y')
            .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']));
        let stem_e = v.strip_suffix('e');
        let forms = [
            Some(v.to_string()),
            Some(format!("{v}s")),
            Some(format!("{v}es")),
            Some(format!("{v}ed")),
            Some(format!("{v}ing")),
            stem_e.map(|s| format!("{s}ed")),
            stem_e.map(|s| format!("{s}ing")),
            stem_y.map(|s| format!("{s}ied")),
            stem_y.map(|s| format!("{s}ies")),
            Some(format!("{v}{}ed", v.chars().last().unwrap_or(' '))),
        ];
        forms.iter().flatten().any(|f| f == w)
    })
}

/// The words of `refexp` that name the speaker, as a normalised pattern.
fn mention_words(refexp: &str, aliases: &[String]) -> Option<Vec<String>> {
    let raw: Vec<&str> = refexp.split_whitespace().collect();
    let ws: Vec<String> = raw.iter().map(|w| norm_word(w)).collect();
    // 1. the longest alias, also in possessive form ("Marys" for "Mary").
    let mut by_len: Vec<Vec<String>> = aliases.iter().map(|a| words(a)).collect();
    by_len.sort_by_key(|a| std::cmp::Reverse(a.iter().map(String::len).sum::<usize>()));
    for alias in by_len.iter().filter(|a| !a.is_empty()) {
        let n = alias.len();
        let hit = (0..ws.len().saturating_sub(n - 1)).any(|i| {
            ws[i..i + n - 1] == alias[..n - 1] && {
                let (w, a) = (&ws[i + n - 1], &alias[n - 1]);
                w == a || *w == format!("{a}s")
            }
        });
        if hit {
            return Some(alias.clone());
        }
    }
    // 2. a subject pronoun.
    if let Some(p) = ws.iter().find(|w| SUBJECT_PRONOUNS.contains(&w.as_str())) {
        return Some(vec![p.clone()]);
    }
    // 3. a description: determiner and the words up to a verb or stop word.
    for (i, w) in ws.iter().enumerate() {
        if !DETERMINERS.contains(&w.as_str()) {
            continue;
        }
        let mut out = vec![w.clone()];
        for x in ws.iter().skip(i + 1).take(3) {
            if STOP_WORDS.contains(&x.as_str()) || is_cue(x) || x.ends_with("ly") {
                break;
            }
            out.push(x.clone());
        }
        if out.len() > 1 {
            return Some(out);
        }
    }
    // 4. a run of capitalised words (a name not among the aliases).
    let mut run: Vec<String> = Vec::new();
    for (r, w) in raw.iter().zip(&ws) {
        let cap = r.chars().next().is_some_and(char::is_uppercase) && w != "i" && !is_cue(w);
        if cap {
            run.push(w.clone());
        } else if !run.is_empty() {
            break;
        }
    }
    if !run.is_empty() {
        return Some(run);
    }
    // 5. an object pronoun.
    ws.iter()
        .find(|w| OBJECT_PRONOUNS.contains(&w.as_str()))
        .map(|p| vec![p.clone()])
}

/// Locates the speaker mention and the cue of one quotation.
fn locate(
    text: &str,
    spans: &[Span],
    quotes: &[Span],
    refexp: &str,
    aliases: &[String],
) -> (Option<Span>, Option<Span>) {
    let phrase = words(refexp);
    let found = nearest(text, &phrase, spans, quotes, refexp.len());
    let mention_pat = mention_words(refexp, aliases);
    let cue_pat: Option<Vec<String>> = phrase.iter().find(|w| is_cue(w)).map(|w| vec![w.clone()]);
    let in_phrase = |pat: &[String]| {
        found.and_then(|f| {
            find_all(text, f.start, f.end, pat, quotes)
                .into_iter()
                .find(|s| s.end <= f.end)
        })
    };
    let mention = mention_pat.as_deref().and_then(|pat| {
        in_phrase(pat)
            .or_else(|| nearest(text, pat, spans, quotes, 0))
            .map(|s| strip_possessive(text, s))
    });
    let cue = cue_pat.as_deref().and_then(|pat| {
        in_phrase(pat).or_else(|| {
            let m = mention?;
            let lo = m.start.saturating_sub(100);
            find_all(text, lo, m.end + 100, pat, quotes)
                .into_iter()
                .min_by_key(|s| distance(*s, m.start, m.end))
        })
    });
    (mention, cue)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_newlines() {
        let r = parse_csv("a,b\r\n\"x,\"\"y\"\"\nz\",2\r\n\n3,\n").unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].fields, vec!["x,\"y\"\nz", "2"]);
        assert_eq!(r[2].line, 5);
        assert_eq!(r[2].fields, vec!["3", ""]);
        assert!(parse_csv("\"open").is_err());
    }

    #[test]
    fn python_literals() {
        assert_eq!(
            parse_py("[[10, 20], [30, 45]]").unwrap(),
            Py::List(vec![
                Py::List(vec![Py::Int(10), Py::Int(20)]),
                Py::List(vec![Py::Int(30), Py::Int(45)])
            ])
        );
        let s = parse_py(r#"{'The Admiral', "Admiral's \"x\"", 'Admiral'}"#).unwrap();
        assert_eq!(
            s.strings(),
            vec!["The Admiral", "Admiral's \"x\"", "Admiral"]
        );
        assert_eq!(parse_py("set()").unwrap(), Py::List(vec![]));
        assert!(parse_py("[1, 2").is_err());
        assert!(parse_py("nan").is_err());
    }

    #[test]
    fn char_to_byte_spans() {
        let offs = char_offsets("é“ab”");
        assert_eq!(parse_spans("[[2, 4]]", &offs), Some(vec![Span::new(5, 7)]));
        assert_eq!(parse_spans("[[2, 40]]", &offs), None);
        assert_eq!(parse_spans("nan", &offs), None);
    }

    #[test]
    fn mention_choice() {
        let al = vec!["Mary Musgrove".to_string(), "Mary".to_string()];
        assert_eq!(
            mention_words("was Marys reasoning", &al),
            Some(vec!["mary".into()])
        );
        assert_eq!(mention_words("continued he", &al), Some(vec!["he".into()]));
        assert_eq!(
            mention_words("the Admiral with sympathetic cordiality observed", &al),
            Some(vec!["the".into(), "admiral".into()])
        );
        assert_eq!(
            mention_words("replied her brother", &al),
            Some(vec!["her".into(), "brother".into()])
        );
        assert!(is_cue("replied") && is_cue("observed") && is_cue("whispered"));
        assert!(!is_cue("brother"));
    }

    #[test]
    fn locates_mention_and_cue() {
        let text = "“Yes,” said Mary’s sister, “indeed.” Later, “no,” said Mary's friend.";
        let q1 = Span::new(3, 7);
        let q2 = Span::new(
            text.find("indeed").unwrap(),
            text.find("indeed").unwrap() + 7,
        );
        let quotes = vec![q1, q2];
        let al = vec!["Mary".to_string()];
        let (m, c) = locate(text, &quotes, &quotes, "said Marys sister", &al);
        assert_eq!(m.map(|m| m.text(text)), Some("Mary"));
        assert_eq!(m.unwrap().start, text.find("Mary").unwrap());
        assert_eq!(c.map(|c| c.text(text)), Some("said"));
    }
}
