//! The terminal table: one row per quotation, excerpts cut to fit.

use std::io::Write;

use whosaid::Attribution;

/// `s` with runs of whitespace made one space, cut to `max` characters with `…`.
fn excerpt(s: &str, max: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// Writes the table of `found` (quotation, kind, speaker with its mention
/// when that differs from the name, cue, confidence) and a count line.
pub fn write(out: &mut impl Write, text: &str, found: &Attribution) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<52} {:<8} {:<24} {:<14} {:>5}",
        "quotation", "kind", "speaker (mention)", "cue", "conf"
    )?;
    writeln!(out, "{}", "-".repeat(107))?;
    for q in &found.quotes {
        let speaker = match (found.speaker_of(q), q.mention) {
            (Some(s), Some(m)) if m.text(text) != s.name => {
                format!("{} ({})", s.name, excerpt(m.text(text), 14))
            }
            (Some(s), _) => s.name.clone(),
            (None, _) => "-".into(),
        };
        let cue = q.cue.map_or("-".to_string(), |c| excerpt(c.text(text), 14));
        writeln!(
            out,
            "{:<52} {:<8} {:<24} {:<14} {:>5.2}",
            excerpt(q.span.text(text), 50),
            q.kind.as_str(),
            excerpt(&speaker, 24),
            cue,
            q.confidence
        )?;
    }
    writeln!(
        out,
        "{} quotations, {} speakers",
        found.quotes.len(),
        found.speakers.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_fold_whitespace_and_cut_on_characters() {
        assert_eq!(excerpt("a \n\t b", 10), "a b");
        assert_eq!(excerpt("ééééé", 3), "éé…");
    }

    #[test]
    fn an_empty_attribution_is_a_header_and_a_count() {
        let mut out = Vec::new();
        write(&mut out, "", &Attribution::default()).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 3);
        assert!(out.ends_with("0 quotations, 0 speakers\n"));
    }
}
