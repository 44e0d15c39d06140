//! Tab-separated values, one row per quotation, for spreadsheets, R and pandas.
//!
//! Columns (a header row first): `file`, `start`, `end` (the quotation's
//! UTF-8 byte offsets, end exclusive), `kind`, `speaker`, `mention_start`,
//! `mention_end`, `mention`, `cue_start`, `cue_end`, `cue`, `confidence`,
//! `group` (the utterance: segments of one interrupted quotation share it),
//! `addressees` (names joined by `; `), `text`. Absent values are empty fields. Fields are never quoted; a
//! backslash, tab, newline or carriage return inside one is written `\\`,
//! `\t`, `\n`, `\r`, so every row is one line.

use std::io::Write;

use whosaid::{Attribution, Span};

/// The header row.
pub const COLUMNS: [&str; 15] = [
    "file",
    "start",
    "end",
    "kind",
    "speaker",
    "mention_start",
    "mention_end",
    "mention",
    "cue_start",
    "cue_end",
    "cue",
    "confidence",
    "group",
    "addressees",
    "text",
];

/// `s` with backslash, tab, newline and carriage return escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// A TSV writer: call [`Tsv::document`] for each input, then [`Tsv::finish`].
pub struct Tsv<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> Tsv<W> {
    /// Starts the output with the header row.
    pub fn new(out: W) -> csv::Result<Self> {
        let mut out = csv::WriterBuilder::new()
            .delimiter(b'\t')
            .quote_style(csv::QuoteStyle::Never)
            .from_writer(out);
        out.write_record(COLUMNS)?;
        Ok(Tsv { out })
    }

    /// One row per quotation of `found`, an attribution of `text` read from `file`.
    pub fn document(&mut self, file: &str, text: &str, found: &Attribution) -> csv::Result<()> {
        // Start, end and escaped text of an optional span.
        let span = |s: Option<Span>| match s {
            Some(s) => [s.start.to_string(), s.end.to_string(), escape(s.text(text))],
            None => Default::default(),
        };
        for q in &found.quotes {
            let [ms, me, mention] = span(q.mention);
            let [cs, ce, cue] = span(q.cue);
            let speaker = found
                .speaker_of(q)
                .map_or(String::new(), |s| escape(&s.name));
            self.out.write_record([
                escape(file),
                q.span.start.to_string(),
                q.span.end.to_string(),
                q.kind.as_str().to_string(),
                speaker,
                ms,
                me,
                mention,
                cs,
                ce,
                cue,
                format!("{:.3}", q.confidence),
                q.group.to_string(),
                escape(
                    &q.addressees
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                escape(q.span.text(text)),
            ])?;
        }
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid::{Addressee, Quote, QuoteKind, Speaker, SpeakerId};

    fn rows(file: &str, text: &str, found: &Attribution) -> Vec<Vec<String>> {
        let mut buf = Vec::new();
        let mut tsv = Tsv::new(&mut buf).unwrap();
        tsv.document(file, text, found).unwrap();
        tsv.finish().unwrap();
        String::from_utf8(buf)
            .unwrap()
            .lines()
            .map(|l| l.split('\t').map(String::from).collect())
            .collect()
    }

    #[test]
    fn one_escaped_row_per_quotation_under_the_header() {
        let text = "\"Tabs\tand\nlines \\ too,\" said Ann.\t";
        let found = Attribution {
            quotes: vec![Quote {
                span: Span::new(1, 22),
                kind: QuoteKind::Direct,
                speaker: Some(SpeakerId(0)),
                mention: Some(Span::new(29, 32)),
                cue: Some(Span::new(24, 28)),
                confidence: 0.9876,
                group: 4,
                addressees: vec![
                    Addressee {
                        name: "Bo".into(),
                        mention: None,
                    },
                    Addressee {
                        name: "Cy\tD".into(),
                        mention: None,
                    },
                ],
            }],
            speakers: vec![Speaker {
                id: SpeakerId(0),
                name: "Ann\tB".into(),
                mentions: vec![Span::new(29, 32)],
                quote_count: 1,
            }],
        };
        let rows = rows("a\tb.txt", text, &found);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], COLUMNS);
        let want = [
            "a\\tb.txt",
            "1",
            "22",
            "direct",
            "Ann\\tB",
            "29",
            "32",
            "Ann",
            "24",
            "28",
            "said",
            "0.988",
            "4",
            "Bo; Cy\\tD",
            "Tabs\\tand\\nlines \\\\ too,",
        ];
        assert_eq!(rows[1], want);
    }

    #[test]
    fn absent_speaker_mention_and_cue_are_empty_fields() {
        let found = Attribution {
            quotes: vec![Quote {
                span: Span::new(0, 4),
                kind: QuoteKind::Indirect,
                speaker: None,
                mention: None,
                cue: None,
                confidence: 0.5,
                group: 0,
                addressees: vec![],
            }],
            speakers: vec![],
        };
        let rows = rows("-", "rain fell", &found);
        assert_eq!(rows[1].len(), COLUMNS.len());
        assert_eq!(rows[1][4..11].concat(), "");
        assert_eq!(rows[1][13], "");
        assert_eq!(rows[1][14], "rain");
    }
}
