//! Resolving pronoun and description mentions to entities: mention
//! classification, speech-verb subjects, appositive role words and the
//! salience score that ranks candidate antecedents.

use super::lexicon::{lexicon, WordList};
use super::names::{
    first_name_gender, is_capitalised, is_possessive, is_stop_word, joinable_gap, strip_possessive,
    Gender, NameMention, Token,
};
use crate::Span;

/// A pronoun's person and number, with gender for the third person singular.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// he, him, his, himself.
    Male,
    /// she, her, hers, herself.
    Female,
    /// it, its.
    Neuter,
    /// they, them, their.
    Plural,
    /// I, me, my.
    FirstSingular,
    /// we, us, our.
    FirstPlural,
    /// you, your.
    Second,
}

/// The pronoun `word` is, if any.
pub fn pronoun(word: &str) -> Option<Pronoun> {
    lexicon().pronoun(&word.to_lowercase())
}

/// What a speaker mention is.
#[derive(Debug, Clone, PartialEq)]
pub enum MentionClass {
    /// A proper name: index into the document's name mentions.
    Named(usize),
    /// A pronoun.
    Pronoun(Pronoun),
    /// A definite description ("the minister", "Russia's top diplomat").
    Definite(Description),
    /// An indefinite or plural description that names its own source
    /// ("a spokesman for Mr Blair", "officials"); holds its canonical text.
    Own(String),
    /// Nothing usable.
    Empty,
}

/// Content of a definite description.
#[derive(Debug, Clone, PartialEq)]
pub struct Description {
    /// Lower-case content words (possessors included, synonyms expanded).
    pub words: Vec<String>,
    /// Gender of a gendered head noun ("the woman").
    pub gender: Gender,
    /// True when the head is an organisation noun ("the company").
    pub org: bool,
    /// Lower-case capitalised possessors ("lavrov" in "Lavrov's spokesman").
    pub possessors: Vec<String>,
    /// The head is a family relation ("his mother", "Mrs. Gradgrind's husband").
    pub kin: bool,
}

/// Expands a description word with role words it stands for.
fn synonyms(word: &str) -> &'static [&'static str] {
    lexicon().role_synonyms(word)
}

/// True when two lower-case words match (equal, or a shared stem of at least
/// five letters: "russia"/"russian", "german"/"germany").
pub(crate) fn word_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 5 && long.starts_with(short) && long.len() - short.len() <= 2
}

/// A speaker mention the tagger stopped inside a name covers the whole name,
/// and a possessor's ("Iron Maiden" of "Iron Maiden's Bruce Dickinson") runs
/// on to the name it possesses.
fn extend_over_names(text: &str, span: Span, names: &[NameMention]) -> Span {
    let mut end = span.end;
    let mut k = names.partition_point(|n| n.span.end <= span.start);
    while let Some(n) = names.get(k) {
        if n.span.start < end {
            end = end.max(n.span.end);
        } else {
            let gap = text.get(end..n.span.start).unwrap_or("");
            let possessive = matches!(gap.trim_end(), "'s" | "\u{2019}s" | "'" | "\u{2019}")
                && gap.ends_with(' ');
            if !possessive {
                break;
            }
            end = n.span.end;
        }
        k += 1;
    }
    Span::new(span.start, end)
}

/// Most words a mention stopped at its article runs on over.
const HEAD_WORDS: usize = 3;

/// A speaker mention the tagger stopped at its article ("the" of "said the
/// count") runs on over the noun phrase the article opens: the lower-case
/// words after it, at most [`HEAD_WORDS`], up to punctuation, a gap no name
/// could span either (`names::joinable_gap`), a speech verb or a function word.
fn extend_over_head(text: &str, span: Span) -> Span {
    let word = span.text(text).trim().to_lowercase();
    let article = lexicon().contains(WordList::Articles, &word)
        || lexicon().contains(WordList::DefiniteDeterminers, &word) && pronoun(&word).is_none();
    if !article {
        return span;
    }
    let mut end = span.end;
    for _ in 0..HEAD_WORDS {
        let tail = text.get(end..).unwrap_or("");
        let rest = tail.trim_start_matches([' ', '\t', '\r', '\n']);
        let gap = &tail[..tail.len() - rest.len()];
        if !joinable_gap(gap) {
            break;
        }
        let len = rest
            .find(|c: char| !c.is_alphabetic() && c != '-')
            .unwrap_or(rest.len());
        let w = &rest[..len];
        let lower = w.starts_with(|c: char| c.is_lowercase());
        if !lower || is_speech_verb(w) || is_stop_word(w) {
            break;
        }
        end += gap.len() + len;
    }
    Span::new(span.start, end)
}

/// Classifies the speaker mention `span`; `names` are all name mentions of
/// the document, in text order (as `super::names::find_names` returns them).
pub fn classify(text: &str, span: Span, names: &[NameMention]) -> MentionClass {
    let span = extend_over_names(text, extend_over_head(text, span), names);
    let raw = span.text(text);
    let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() {
        return MentionClass::Empty;
    }
    let offset =
        span.start + (raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len());
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words.len() == 1 {
        if let Some(p) = pronoun(words[0]) {
            return MentionClass::Pronoun(p);
        }
    }
    // A stray determiner or function word ("A", "Some", "The") names nobody,
    // unless the text uses it as a name ("May", where "May Welland" is written).
    // Names come sorted and disjoint: look only at those overlapping the mention.
    let from = names.partition_point(|n| n.span.end <= span.start);
    let a_name = names.get(from).is_some_and(|n| n.span.overlap(&span) > 0);
    if !a_name
        && words.iter().all(|w| {
            is_stop_word(&w.to_lowercase())
                || lexicon().contains(WordList::IndefiniteDeterminers, &w.to_lowercase())
        })
    {
        return MentionClass::Empty;
    }
    let first_lower = words[0].to_lowercase();
    let indefinite = lexicon().contains(WordList::IndefiniteDeterminers, &first_lower);
    // A name heads the mention unless it is a possessor or follows a preposition.
    // Of several ("Nissan chief executive Carlos Ghosn", "Xbox's Peter Moore"),
    // a person's name beats an organisation's, a full name a single word, and
    // the later one (the head of an English noun phrase) the earlier.
    let mut best: Option<((bool, bool, usize), usize)> = None;
    if !indefinite {
        for (i, n) in names.iter().enumerate().skip(from) {
            if n.span.start >= span.end {
                break;
            }
            if n.span.overlap(&span) == 0 {
                continue;
            }
            let before = text
                .get(offset.min(n.span.start)..n.span.start)
                .unwrap_or("");
            let after_end = n.span.end.min(span.end);
            let after_name = text.get(after_end..span.end.max(after_end)).unwrap_or("");
            let possessor = after_name.starts_with(['\'', '’'])
                && after_name
                    .trim_start_matches(|c: char| c != ' ')
                    .trim()
                    .chars()
                    .any(char::is_alphanumeric);
            let after_prep = before.split_whitespace().any(|w| {
                lexicon().contains(
                    WordList::HeadPrepositions,
                    &w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase(),
                )
            });
            // "the Sale full-back", "the Labour leader": after a definite
            // article and before a common noun, a name is a modifier.
            let modifier = first_lower == "the"
                && after_name
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()));
            if !possessor && !after_prep && !modifier {
                let person = !n.org
                    && (n.title.is_some()
                        || n.parts
                            .first()
                            .is_some_and(|f| first_name_gender(f) != Gender::Unknown));
                let rank = (person, n.parts.len() >= 2, i);
                if best.is_none_or(|(r, _)| rank > r) {
                    best = Some((rank, i));
                }
            }
        }
    }
    if let Some((_, i)) = best {
        return MentionClass::Named(i);
    }
    let clean: Vec<String> = words
        .iter()
        .map(|w| {
            strip_possessive(
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'),
            )
        })
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    // The head: the last word before a preposition or relative clause.
    let head_idx = clean
        .iter()
        .position(|w| {
            lexicon().contains(WordList::HeadPrepositions, w)
                || lexicon().contains(WordList::RelativePronouns, w)
        })
        .unwrap_or(clean.len())
        .saturating_sub(1);
    let head = clean.get(head_idx).cloned().unwrap_or_default();
    let head_raw = words.get(head_idx).copied().unwrap_or("");
    let plural = is_plural(&head) && !is_possessive(head_raw);
    let definite_start = lexicon().contains(WordList::DefiniteDeterminers, &first_lower)
        || words[0].ends_with("'s")
        || words[0].ends_with("’s")
        || is_capitalised(words[0]) && !indefinite;
    if indefinite
        || plural
        || lexicon().contains(WordList::GroupNouns, &head)
        || !definite_start && clean.len() <= 2
    {
        return MentionClass::Own(trimmed.to_string());
    }
    let gender = if lexicon().contains(WordList::FemaleNouns, &head) {
        Gender::Female
    } else if lexicon().contains(WordList::MaleNouns, &head) {
        Gender::Male
    } else {
        Gender::Unknown
    };
    let mut content: Vec<String> = Vec::new();
    for w in &clean[..=head_idx.min(clean.len().saturating_sub(1))] {
        if is_stop_word(w)
            || lexicon().contains(WordList::GenericWords, w)
            || w.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        content.push(w.clone());
        content.extend(synonyms(w).iter().map(|s| s.to_string()));
    }
    content.sort();
    content.dedup();
    let possessors = words
        .iter()
        .filter(|w| {
            is_capitalised(w) && is_possessive(w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        })
        .map(|w| {
            strip_possessive(w.trim_end_matches(|c: char| !c.is_alphanumeric())).to_lowercase()
        })
        .collect();
    MentionClass::Definite(Description {
        words: content,
        gender,
        org: lexicon().contains(WordList::OrgNouns, &head),
        possessors,
        kin: lexicon().contains(WordList::KinNouns, &head),
    })
}

/// True for a plural common noun ("officials", "analysts").
pub(crate) fn is_plural(word: &str) -> bool {
    word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && !lexicon().contains(WordList::NotPlural, word)
        || lexicon().contains(WordList::PluralNouns, word)
}

/// True for a speech verb ("said", "told", "added").
pub(crate) fn is_speech_verb(word: &str) -> bool {
    lexicon().contains(WordList::SpeechVerbs, &word.to_lowercase())
}

/// True when the words covering `span` are the subject of a speech verb:
/// "Lavrov said", "he later added", "said Lavrov", "said he".
pub(crate) fn is_speech_subject(text: &str, tokens: &[Token], span: Span) -> bool {
    let first = tokens.partition_point(|t| t.span.end <= span.start);
    let after = tokens.partition_point(|t| t.span.start < span.end);
    let word = |k: usize| tokens.get(k).map_or("", |t| t.text(text));
    let gap_ok = |a: Span, b: Span| {
        text.get(a.end..b.start)
            .is_some_and(|g| g.chars().all(|c| c.is_whitespace() || c == ','))
    };
    if let (Some(t), Some(prev)) = (tokens.get(after), Some(span)) {
        if gap_ok(prev, t.span) {
            if is_speech_verb(word(after)) {
                return true;
            }
            if lexicon().contains(WordList::SpeechAdverbs, &word(after).to_lowercase())
                && tokens
                    .get(after + 1)
                    .is_some_and(|n| gap_ok(t.span, n.span))
                && is_speech_verb(word(after + 1))
            {
                return true;
            }
        }
    }
    if first > 0 {
        let p = tokens[first - 1];
        if is_speech_verb(p.text(text))
            && text
                .get(p.span.end..span.start)
                .is_some_and(|g| g.chars().all(char::is_whitespace))
        {
            return true;
        }
    }
    false
}

/// Role words next to a name: an apposition after it (", Russia's foreign
/// minister,") or role words right before it ("the German chancellor, Angela
/// Merkel"; "Russia's foreign minister Sergey Lavrov").
pub(crate) fn apposition_roles(text: &str, span: Span) -> Vec<String> {
    let mut roles = Vec::new();
    let is_break = |c: char| {
        matches!(
            c,
            ',' | '.' | ';' | ':' | '\n' | '"' | '“' | '”' | '(' | ')' | '!' | '?' | '—' | '–'
        )
    };
    let after = text.get(span.end..).unwrap_or("");
    let after = after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix("’s"))
        .unwrap_or(after);
    if let Some(rest) = after.strip_prefix(',') {
        let clause: String = rest
            .chars()
            .take(100)
            .take_while(|&c| !is_break(c))
            .collect();
        let first = clause
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        let relative = lexicon().contains(WordList::ClauseStarters, &first);
        let closed = rest.chars().take(100).find(|&c| is_break(c)) == Some(',');
        let nominal = lexicon().contains(WordList::AppositionDeterminers, &first)
            || is_possessive(&first)
            || first.chars().next().is_some_and(|c| c.is_ascii_digit());
        let short = clause.split_whitespace().count() <= 8;
        if !relative && !is_speech_verb(&first) && short && (nominal || closed) {
            roles.extend(role_words(&clause));
        }
    }
    let before = text.get(..span.start).unwrap_or("");
    let before = before.trim_end();
    let before = before.strip_suffix(',').unwrap_or(before);
    let clause_start = before.rfind(is_break).map_or(0, |i| i + 1);
    let clause = before.get(clause_start..).unwrap_or("");
    let mut tail: Vec<&str> = Vec::new();
    for w in clause.split_whitespace().rev().take(4) {
        let lw = w.to_lowercase();
        if lexicon().contains(WordList::Articles, &lw)
            || is_speech_verb(&lw)
            || is_stop_word(strip_possessive(&lw))
        {
            break;
        }
        tail.push(w);
    }
    tail.reverse();
    roles.extend(role_words(&tail.join(" ")));
    roles
}

fn role_words(clause: &str) -> Vec<String> {
    clause
        .split_whitespace()
        .map(|w| {
            strip_possessive(
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’'),
            )
        })
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| {
            !w.is_empty() && !is_stop_word(w) && !lexicon().contains(WordList::GenericWords, w)
        })
        .collect()
}

/// Number of description words that match one of `roles`.
pub(crate) fn role_overlap<'a>(
    words: &[String],
    roles: impl IntoIterator<Item = &'a String> + Clone,
) -> usize {
    words
        .iter()
        .filter(|w| roles.clone().into_iter().any(|r| word_match(w, r)))
        .count()
}

/// What is known about one candidate antecedent at the point of a mention.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Candidate {
    /// Entity index.
    pub entity: usize,
    /// Start of its latest mention before the anaphor.
    pub last_pos: usize,
    /// Paragraphs between that mention and the anaphor (0 = same), if known.
    pub para_distance: Option<usize>,
    /// True when all its recent mentions are inside quoted words.
    pub only_in_quote: bool,
    /// True when its latest mention is a speech-verb subject.
    pub subject: bool,
    /// True when it spoke the previous quotation.
    pub spoke_last: bool,
    /// True when it has spoken any earlier quotation.
    pub has_spoken: bool,
    /// True when it looks like a person.
    pub person: bool,
    /// Number of matching role words (descriptions only).
    pub role_match: usize,
    /// Extra preference (e.g. a plural entity for "they").
    pub bonus: f32,
}

/// Salience of a candidate: recency by paragraph, having spoken, subjecthood,
/// personhood and role match; closer mentions break ties.
pub fn score(c: &Candidate, anaphor: usize) -> f32 {
    let mut s = match c.para_distance {
        Some(0) => 4.0,
        Some(1) => 3.0,
        Some(2) => 1.5,
        Some(d) => 1.0 / d as f32,
        None => {
            let d = anaphor.saturating_sub(c.last_pos);
            if d < 300 {
                4.0
            } else if d < 800 {
                3.0
            } else {
                1.0
            }
        }
    };
    if c.spoke_last {
        s += 2.5;
    }
    if c.has_spoken {
        s += 1.0;
    }
    if c.subject {
        s += 1.0;
    }
    if c.person {
        s += 1.0;
    }
    if c.only_in_quote {
        s -= 3.0;
    }
    s += 4.0 * c.role_match.min(2) as f32;
    s += c.bonus;
    // Recency as a tiny tie-breaker (closer is better).
    s - (anaphor.saturating_sub(c.last_pos) as f32 / 1.0e7).min(0.5)
}

/// The best-scoring candidate, if any.
pub(crate) fn choose(cands: &[Candidate], anaphor: usize) -> Option<usize> {
    cands
        .iter()
        .map(|c| (score(c, anaphor), c.last_pos, c.entity))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, _, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::names::{find_names, tokenize};

    fn class(text: &str, mention: &str) -> MentionClass {
        let toks = tokenize(text);
        let names = find_names(text, &toks);
        let s = text.find(mention).unwrap();
        classify(text, Span::new(s, s + mention.len()), &names)
    }

    #[test]
    fn a_mention_stopped_at_its_article_covers_the_noun_phrase() {
        let words = |c: MentionClass| match c {
            MentionClass::Definite(d) => d.words,
            other => panic!("{other:?}"),
        };
        // The tagger's span is "the" alone: it runs on over "count", and no further.
        assert_eq!(
            words(class("\"No,\" said the count, bowing.", "the")),
            ["count"]
        );
        assert_eq!(
            words(class("\"No,\" the old\ngentleman said.", "the")),
            ["gentleman"]
        );
        // Nothing to run on over: still nobody.
        assert_eq!(class("\"No,\" said the. Then", "the"), MentionClass::Empty);
        // A pronoun is not an article: "his" stays a pronoun's possessive.
        assert!(!matches!(
            class("\"No,\" said his father.", "his"),
            MentionClass::Definite(_)
        ));
    }

    #[test]
    fn classifies_mentions() {
        assert_eq!(class("he said", "he"), MentionClass::Pronoun(Pronoun::Male));
        assert!(matches!(
            class("x Mr Lavrov said", "Mr Lavrov"),
            MentionClass::Named(_)
        ));
        assert_eq!(
            class(
                "x a spokesman for Mr Blair said",
                "a spokesman for Mr Blair"
            ),
            MentionClass::Own("a spokesman for Mr Blair".into())
        );
        assert_eq!(
            class("x officials said", "officials"),
            MentionClass::Own("officials".into())
        );
        match class("x Russia's top diplomat said", "Russia's top diplomat") {
            MentionClass::Definite(d) => {
                assert!(d.words.contains(&"russia".to_string()));
                assert!(d.words.contains(&"foreign".to_string()));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            class("x the minister said", "the minister"),
            MentionClass::Definite(_)
        ));
    }

    #[test]
    fn finds_speech_subjects_and_roles() {
        let t = "Sergey Lavrov, Russia's foreign minister, said it. \"No,\" said he.";
        let toks = tokenize(t);
        let s = t.find("he.").unwrap();
        assert!(is_speech_subject(t, &toks, Span::new(s, s + 2)));
        let roles = apposition_roles(t, Span::new(0, 13));
        assert_eq!(roles, vec!["russia", "foreign", "minister"]);
        let t2 = "Lavrov met the German chancellor, Angela Merkel.";
        let s2 = t2.find("Angela").unwrap();
        assert_eq!(
            apposition_roles(t2, Span::new(s2, s2 + 13)),
            vec!["german", "chancellor"]
        );
    }
}
