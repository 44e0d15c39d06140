//! The register of a document (news or fiction), chosen once per document,
//! with the resolution policy that differs between them in one place.

use super::turns::Turn;

/// A text with this many quotations is a book (or a chapter of one), not
/// an article.
pub(crate) const BOOK_QUOTES: usize = 200;

/// Fewest quotations a text needs before its bare lines can make it fiction.
pub(crate) const MIN_DIALOGUE_QUOTES: usize = 20;

/// What kind of writing a document is, as far as speaker resolution cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Register {
    /// Reported speech: named sources, "said X" after the quotation, a
    /// quoted source carried on over following paragraphs, headlines.
    News,
    /// Dialogue: bare lines of conversation that alternate between
    /// speakers, characters named as the narration names them, a
    /// first-person narrator.
    Fiction,
}

impl Register {
    /// Reads the register off the quotations: fiction when there are at
    /// least [`MIN_DIALOGUE_QUOTES`] and either a quarter or more are bare
    /// paragraphs of speech with no speaker mention, or there are more than
    /// an article ever holds ([`BOOK_QUOTES`]); news otherwise.
    pub(crate) fn detect(turns: &[Turn], has_mention: &[bool]) -> Register {
        let bare = turns
            .iter()
            .zip(has_mention)
            .filter(|(t, &m)| t.quote_only_paragraph && !m)
            .count();
        let n = turns.len();
        if n >= MIN_DIALOGUE_QUOTES && (bare * 4 >= n || n >= BOOK_QUOTES) {
            Register::Fiction
        } else {
            Register::News
        }
    }

    /// A new paragraph of speech is a new turn by the other party of the
    /// conversation (fiction), rather than the same source going on (news).
    pub(crate) fn turns_alternate(self) -> bool {
        self == Register::Fiction
    }

    /// Addressees come from the conversation: its other speakers and the
    /// scene are candidates, the learned model decides, and a line of it
    /// is spoken to someone (fiction: the model is fitted on novels, where
    /// nearly every line has an addressee), rather than from the text
    /// alone: "told the BBC" (news).
    pub(crate) fn addressees_from_conversation(self) -> bool {
        self == Register::Fiction
    }

    /// Characters are named as the narration names them most ("Margaret",
    /// "the Hatter") rather than by their fullest name (news).
    pub(crate) fn names_by_usage(self) -> bool {
        self == Register::Fiction
    }

    /// A short first paragraph is a headline whose quotation sums up the
    /// lead (news only).
    pub(crate) fn has_headline(self) -> bool {
        self == Register::News
    }

    /// A titled surname ("Mrs. Varley") is the person a full name with that
    /// surname names ("Clara Varley") when there is only one (news: second
    /// references are title + surname). In fiction a family shares the
    /// surname, so a titled surname joins a full name only when the text
    /// writes the title with that full name ("Mrs. Clara Varley").
    pub(crate) fn titled_surname_joins_full_name(self) -> bool {
        self == Register::News
    }

    /// A quotation whose own speaker mention is a name is that person's,
    /// without weighing other candidates (news: sources are named, and a
    /// named source's words are not someone else's). In fiction the ranker
    /// weighs a linked name against the conversation, since the tagger
    /// also links names of the person spoken to.
    pub(crate) fn named_source_decides(self) -> bool {
        self == Register::News
    }

    /// A quotation's own speaker mention lies in the quotation's paragraph
    /// (news: an article's sources are named beside their words, and a
    /// paragraph of quotation after another source's paragraph goes on with
    /// that source). In fiction a speaker is often named in the narration
    /// of the paragraph before ("Mr. Bumble coughed."), so a link across
    /// paragraphs stands.
    pub(crate) fn mentions_in_own_paragraph(self) -> bool {
        self == Register::News
    }

    /// Index of the register in per-register tables (the ranker's contexts).
    pub fn index(self) -> usize {
        match self {
            Register::News => 0,
            Register::Fiction => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bare_line(paragraph: usize) -> Turn {
        Turn {
            paragraph: Some(paragraph),
            starts_paragraph: true,
            ends_paragraph: true,
            quote_only_paragraph: true,
            speaker: None,
        }
    }

    #[test]
    fn bare_lines_of_conversation_make_fiction() {
        let turns: Vec<Turn> = (0..MIN_DIALOGUE_QUOTES).map(bare_line).collect();
        let mut has_mention = vec![true; turns.len()];
        assert_eq!(Register::detect(&turns, &has_mention), Register::News);
        for m in has_mention.iter_mut().take(MIN_DIALOGUE_QUOTES / 4) {
            *m = false;
        }
        assert_eq!(Register::detect(&turns, &has_mention), Register::Fiction);
        // Few quotations are news whatever their form.
        assert_eq!(
            Register::detect(&turns[..MIN_DIALOGUE_QUOTES - 1], &has_mention),
            Register::News
        );
    }

    #[test]
    fn a_book_is_fiction() {
        let turns = vec![Turn::default(); BOOK_QUOTES];
        assert_eq!(
            Register::detect(&turns, &[true; BOOK_QUOTES]),
            Register::Fiction
        );
    }
}
