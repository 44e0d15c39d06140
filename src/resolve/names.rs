//! Name finding and normalisation: tokens, titles, particles, possessives and
//! a small gender lexicon of first names (the word lists are data: see
//! `resolve/lexicon/`).

use super::lexicon::{lexicon, WordList};
use crate::Span;
use std::collections::HashSet;

/// Grammatical gender of a person, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// He.
    Male,
    /// She.
    Female,
    /// Not known.
    Unknown,
}

/// What an honorific says about who can bear it; used to keep apart
/// "Mr. Bennet", "Mrs. Bennet" and "Miss Bennet".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TitleClass {
    /// Mr, Sir, Lord, King ...
    Male,
    /// Mrs (a married woman).
    Married,
    /// Miss (an unmarried woman).
    Unmarried,
    /// Ms, Lady, Queen ... (a woman).
    Female,
    /// Dr, President, Captain ... (anyone).
    Neutral,
}

impl TitleClass {
    /// The gender the title implies.
    pub fn gender(self) -> Gender {
        match self {
            TitleClass::Male => Gender::Male,
            TitleClass::Married | TitleClass::Unmarried | TitleClass::Female => Gender::Female,
            TitleClass::Neutral => Gender::Unknown,
        }
    }

    /// True when one person could bear both titles.
    pub(crate) fn compatible(self, other: TitleClass) -> bool {
        use TitleClass::*;
        match (self, other) {
            (Neutral, _) | (_, Neutral) => true,
            (Married, Unmarried) | (Unmarried, Married) => false,
            (a, b) => gender_compatible(a.gender(), b.gender()),
        }
    }
}

/// True unless the genders are known and differ.
pub(crate) fn gender_compatible(a: Gender, b: Gender) -> bool {
    a == Gender::Unknown || b == Gender::Unknown || a == b
}

/// Lower-cases and strips a trailing dot ("Mr." → "mr").
pub(crate) fn norm(word: &str) -> String {
    word.trim_end_matches('.').to_lowercase()
}

/// The title class of an honorific or rank word, if it is one.
pub(crate) fn title_class(word: &str) -> Option<TitleClass> {
    lexicon().title_class(&norm(word))
}

/// True for honorifics like "Mr" that say nothing about a role.
pub(crate) fn is_honorific(word: &str) -> bool {
    lexicon().contains(WordList::Honorifics, &norm(word))
}

/// The gender the built-in first-name lexicon gives `first`, if any.
pub(crate) fn first_name_gender(first: &str) -> Gender {
    let w = norm(first);
    let male = lexicon().contains(WordList::MaleFirstNames, &w);
    let female = lexicon().contains(WordList::FemaleFirstNames, &w);
    match (male, female) {
        (true, false) => Gender::Male,
        (false, true) => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// True when `word` marks an organisation or place ("Ministry", "Inc").
pub(crate) fn is_org_word(word: &str) -> bool {
    lexicon().contains(WordList::OrgWords, &norm(word))
}

/// True when a run of name words names a place or building: two words or
/// more with no title first, either the last a place word and the first no
/// known first name ("Thornton Lodge", "the Marabar Hills") or the first a
/// word that opens place names ("New York", "Central India").
pub(crate) fn is_place_name(words: &[&str]) -> bool {
    match (words.first(), words.last()) {
        (Some(first), Some(last)) if words.len() >= 2 && title_class(first).is_none() => {
            let place_word = lexicon()
                .contains(WordList::PlaceWords, &norm(strip_possessive(last)))
                && first_name_gender(first) == Gender::Unknown;
            place_word || lexicon().contains(WordList::PlaceOpeners, &norm(first))
        }
        _ => false,
    }
}

/// True for a word for a people or its language ("English", "Frenchman",
/// "Russians"): written alone it describes someone and names nobody.
pub(crate) fn is_demonym(word: &str) -> bool {
    lexicon().contains(WordList::Demonyms, &norm(strip_possessive(word)))
}

/// True for capitalised function words that never start a name.
pub(crate) fn is_stop_word(word: &str) -> bool {
    let mut w = norm(word);
    if w.contains('\u{2019}') {
        w = w.replace('\u{2019}', "'");
    }
    let stop = |w: &str| lexicon().contains(WordList::StopWords, w);
    if stop(&w) {
        return true;
    }
    // Contractions ("I'm Piglet", "It's Lucy", "Let's", "Don't"): a stop word
    // with a contraction ending, or any "n't", is never part of a name.
    match w.split_once('\'') {
        Some((head, "t")) => head.ends_with('n') && head.len() >= 2,
        Some((head, tail)) => lexicon().contains(WordList::ContractionSuffixes, tail) && stop(head),
        None => false,
    }
}

/// True for month and weekday names.
pub(crate) fn is_calendar_word(word: &str) -> bool {
    lexicon().contains(WordList::CalendarWords, &norm(word))
}

/// Removes a possessive ending: "Lavrov's" → "Lavrov", "Jones'" → "Jones".
pub(crate) fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    if word.len() > 2 && (word.ends_with("s'") || word.ends_with("s’")) {
        return word.trim_end_matches(['\'', '’']);
    }
    word
}

/// True when `word` ends in a possessive marker.
pub(crate) fn is_possessive(word: &str) -> bool {
    strip_possessive(word).len() != word.len()
}

/// A word of the text with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte span of the word (including an abbreviation dot: "Mr.", "J.").
    pub span: Span,
}

impl Token {
    /// The word's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.text(text)
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐')
}

/// Splits `text` into words: runs of letters and digits, joined by inner
/// apostrophes and hyphens; a dot is kept after initials and abbreviations.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            if c.is_alphanumeric() {
                j += 1;
            } else if is_joiner(c) && j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() {
                j += 2;
            } else if is_joiner(c) && matches!(c, '\'' | '’') && j > 0 && chars[j - 1].1 == 's' {
                // Plural possessive "Jones'" keeps its apostrophe.
                let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                if !next_is_word {
                    j += 1;
                }
                break;
            } else {
                break;
            }
        }
        let mut end = chars.get(j).map_or(text.len(), |&(b, _)| b);
        let word = &text[start..end];
        if chars.get(j).is_some_and(|&(_, c)| c == '.') && is_abbreviation(word) {
            end += 1;
            j += 1;
        }
        tokens.push(Token {
            span: Span::new(start, end),
        });
        i = j;
    }
    tokens
}

fn is_abbreviation(word: &str) -> bool {
    let mut cs = word.chars();
    let single_upper = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    single_upper || lexicon().contains(WordList::Abbreviations, word)
}

/// True when `word` starts with an upper-case letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// True for an initial such as "J." or "J".
pub(crate) fn is_initial(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// One occurrence of a proper name in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMention {
    /// The name with its title, without a possessive ending ("Mr Lavrov").
    pub span: Span,
    /// The name without title ("Lavrov").
    pub name_span: Span,
    /// The strongest title class among the title words, if any.
    pub title: Option<TitleClass>,
    /// Lower-case role words from the title phrase ("foreign", "minister").
    pub roles: Vec<String>,
    /// The name's parts without title, particles or possessive ("Sergey", "Lavrov").
    pub parts: Vec<String>,
    /// True when some word marks an organisation or place.
    pub org: bool,
    /// True when a married woman's title follows the name ("Hamidullah
    /// Begum"): the name is her husband's, and written alone it is him.
    pub husbands_name: bool,
}

impl NameMention {
    /// The name as written, without title.
    pub(crate) fn surface<'t>(&self, text: &'t str) -> &'t str {
        self.name_span.text(text)
    }

    /// The name as written, with title.
    pub(crate) fn full_surface<'t>(&self, text: &'t str) -> &'t str {
        self.span.text(text)
    }

    /// First part, lower case.
    pub fn first(&self) -> String {
        self.parts
            .first()
            .map(|p| p.to_lowercase())
            .unwrap_or_default()
    }

    /// Last part, lower case.
    pub fn last(&self) -> String {
        self.parts
            .last()
            .map(|p| p.to_lowercase())
            .unwrap_or_default()
    }

    /// Number of non-initial parts.
    pub(crate) fn fullness(&self) -> usize {
        self.parts.iter().filter(|p| !is_initial(p)).count()
    }
}

/// Byte gap between two tokens allows them in one name: spaces and at most one line break.
pub(crate) fn joinable_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u{a0}')
        && gap.matches('\n').count() <= 1
}

/// True when the token starts a sentence (only punctuation, quotes or
/// line breaks between it and the previous sentence end).
pub(crate) fn sentence_initial(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    for c in before.chars().rev() {
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            continue;
        }
        return matches!(
            c,
            '.' | '!' | '?' | ':' | '\n' | '"' | '“' | '‘' | '\'' | '(' | '—' | '–' | '…' | '['
        );
    }
    true
}

/// `text` with every run of whitespace (line breaks included) as one space
/// and no leading or trailing space: how names are reported and compared.
pub(crate) fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds every proper-name occurrence in `text` (see module docs for the rules).
pub(crate) fn find_names(text: &str, tokens: &[Token]) -> Vec<NameMention> {
    let lowercase_words: HashSet<String> = tokens
        .iter()
        .map(|t| t.text(text))
        .filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase()))
        .map(|w| w.to_lowercase())
        .collect();
    let in_use = first_names_in_use(text, tokens, &lowercase_words);
    let mut names = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let w = tokens[i].text(text);
        if !is_capitalised(w) {
            i += 1;
            continue;
        }
        // Extend a run of capitalised words (particles allowed inside).
        let mut run = vec![i];
        let mut j = i + 1;
        while j < tokens.len() {
            let gap = text
                .get(tokens[j - 1].span.end..tokens[j].span.start)
                .unwrap_or("");
            if !joinable_gap(gap) || is_possessive(tokens[j - 1].text(text)) {
                break;
            }
            let wj = tokens[j].text(text);
            if lexicon().contains(WordList::Conjunctions, &wj.to_lowercase()) {
                // "Pooh / And Rabbit": two names, never one.
                break;
            }
            if is_capitalised(wj) {
                run.push(j);
                j += 1;
            } else if wj == RANK_OF
                && is_peerage(tokens[j - 1].text(text))
                && run[..run.len() - 1]
                    .iter()
                    .all(|&k| is_stop_word(tokens[k].text(text)))
            {
                // "the Duchess of Monmouth", "the King of Hearts": a rank of
                // the peerage, "of" and the place it is of make one name.
                match tokens.get(j + 1) {
                    Some(next)
                        if is_capitalised(next.text(text))
                            && !is_stop_word(next.text(text))
                            && text
                                .get(tokens[j].span.end..next.span.start)
                                .is_some_and(joinable_gap) =>
                    {
                        run.extend([j, j + 1]);
                        j += 2;
                    }
                    _ => break,
                }
            } else if lexicon().contains(WordList::NameParticles, wj) {
                // Particles ("van", "van der", "de la"): only when a
                // capitalised word follows them directly.
                match particles_then_name(text, tokens, j) {
                    Some(next) => {
                        run.extend(j..=next);
                        j = next + 1;
                    }
                    None => break,
                }
            } else {
                break;
            }
        }
        if let Some(name) = build_name(text, tokens, &run, &lowercase_words, &in_use) {
            names.push(name);
        }
        i = j;
    }
    names
}

/// The word between a rank of the peerage and the place it is of.
const RANK_OF: &str = "of";

/// A rank that names its bearer by a place ("Duchess of Monmouth", "Prince
/// of Wales"): a title of a known gender that is no mere honorific. Ranks of
/// office ("Secretary of State", "Mayor of London") are of no gender and stay
/// apart from the name that follows them.
fn is_peerage(word: &str) -> bool {
    !is_honorific(word) && matches!(title_class(word), Some(c) if c != TitleClass::Neutral)
}

/// The first names of the word list `word_first_names.txt` ("May", "Will")
/// that this text writes before a surname ("May Welland"): a capitalised word
/// that is no title, calendar or function word, no first name of the lists
/// ("Will Helen let me go?") and that the text never writes in lower case,
/// the first name not after a word that makes it a date ("Last June
/// Grewcock"). Elsewhere such a word is a month or a modal verb.
fn first_names_in_use(
    text: &str,
    tokens: &[Token],
    lowercase_words: &HashSet<String>,
) -> HashSet<String> {
    let mut in_use = HashSet::new();
    for (k, pair) in tokens.windows(2).enumerate() {
        let (w, next) = (pair[0].text(text), pair[1].text(text));
        let first = norm(w);
        if !is_capitalised(w) || !lexicon().contains(WordList::WordFirstNames, &first) {
            continue;
        }
        let date =
            k > 0 && lexicon().contains(WordList::CalendarLeads, &norm(tokens[k - 1].text(text)));
        if date {
            continue;
        }
        let gap = text.get(pair[0].span.end..pair[1].span.start).unwrap_or("");
        let surname = strip_possessive(next);
        let surname_like = joinable_gap(gap)
            && is_capitalised(surname)
            && !is_initial(surname)
            && !is_stop_word(surname)
            && !is_calendar_word(surname)
            && !is_demonym(surname)
            && !is_org_word(surname)
            && title_class(surname).is_none()
            && first_name_gender(surname) == Gender::Unknown
            && !lowercase_words.contains(&surname.to_lowercase());
        if surname_like {
            in_use.insert(first);
        }
    }
    in_use
}

/// True when the word at `tokens[at]`, one of the text's first names in use
/// ([`first_names_in_use`]), is that name here and not the common word: not
/// before a pronoun, an article or a number ("May I", "Will you", "May the
/// best man win", "May 5").
fn used_as_first_name(text: &str, tokens: &[Token], at: usize, in_use: &HashSet<String>) -> bool {
    if in_use.is_empty() || !in_use.contains(&norm(strip_possessive(tokens[at].text(text)))) {
        return false;
    }
    match tokens.get(at + 1).map(|t| t.text(text)) {
        Some(next) => {
            let next = next.to_lowercase();
            lexicon().pronoun(&next).is_none()
                && !lexicon().contains(WordList::Articles, &next)
                && !next.starts_with(|c: char| c.is_ascii_digit())
        }
        None => true,
    }
}

/// When the particle at `tokens[start]` begins a run of particles that a
/// capitalised word follows (each joined by a name's spacing), that word's
/// index: "van der Luyden" after "Mr." is one name.
fn particles_then_name(text: &str, tokens: &[Token], start: usize) -> Option<usize> {
    let mut k = start;
    loop {
        let next = k + 1;
        let gap = text.get(tokens[k].span.end..tokens.get(next)?.span.start)?;
        if !joinable_gap(gap) {
            return None;
        }
        let w = tokens[next].text(text);
        if is_capitalised(w) {
            return Some(next);
        }
        if !lexicon().contains(WordList::NameParticles, w) {
            return None;
        }
        k = next;
    }
}

fn build_name(
    text: &str,
    tokens: &[Token],
    run: &[usize],
    lowercase_words: &HashSet<String>,
    in_use: &HashSet<String>,
) -> Option<NameMention> {
    let word = |k: usize| tokens[run[k]].text(text);
    let mut lo = 0;
    let hi = run.len();
    // Strip leading function words, calendar words and sentence-initial common words.
    while lo < hi {
        let w = strip_possessive(word(lo));
        let initial = sentence_initial(text, tokens[run[lo]].span.start);
        let lw = w.to_lowercase();
        let common = initial
            && (lowercase_words.contains(&lw)
                || hi - lo >= 2
                    && (lw.ends_with("ly") || lw.ends_with("ing") || lw.ends_with("ed")))
            && title_class(w).is_none()
            && first_name_gender(w) == Gender::Unknown;
        // A people's word before a rank describes its bearer ("the French
        // Colonel", "the Russian Prince"): the rank starts the name.
        let people_before_rank = is_demonym(w)
            && (lo + 1..hi)
                .find(|&k| !is_demonym(word(k)))
                .is_some_and(|k| title_class(word(k)).is_some());
        let common_word = (is_stop_word(w) || is_calendar_word(w) || common)
            && !used_as_first_name(text, tokens, run[lo], in_use);
        if common_word || people_before_rank {
            lo += 1;
        } else {
            break;
        }
    }
    // Never end on a particle.
    let mut hi = hi;
    while hi > lo && !is_capitalised(word(hi - 1)) {
        hi -= 1;
    }
    if lo >= hi {
        return None;
    }
    let all_caps_words: Vec<&str> = (lo..hi).map(word).collect();
    let org = all_caps_words
        .iter()
        .any(|w| is_org_word(strip_possessive(w)))
        || is_place_name(&all_caps_words)
        || (all_caps_words.len() == 1 && {
            let w = strip_possessive(all_caps_words[0]);
            w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        });
    // Title phrase: everything up to the last title word that still leaves a name.
    let mut name_lo = lo;
    let mut title = None;
    let mut roles = Vec::new();
    if !org {
        let mut last_title = None;
        for k in lo..hi - 1 {
            if title_class(word(k)).is_some() {
                last_title = Some(k);
            } else if last_title.is_some() && !is_capitalised(word(k)) {
                break;
            }
        }
        if let Some(t) = last_title {
            for k in lo..=t {
                let w = word(k);
                if let Some(c) = title_class(w) {
                    title = Some(match title {
                        Some(TitleClass::Neutral) | None => c,
                        Some(prev) => prev,
                    });
                }
                if !is_honorific(w) {
                    roles.push(norm(strip_possessive(w)));
                }
            }
            name_lo = t + 1;
        }
    }
    // A title after the name ("Hamidullah Begum", "Ali Pasha"), where no
    // title stands before it.
    let mut name_hi = hi;
    let mut husbands_name = false;
    if !org && title.is_none() && hi >= name_lo + 2 {
        let after = norm(strip_possessive(word(hi - 1)));
        if lexicon().contains(WordList::PostnominalTitles, &after) {
            title = title_class(&after);
            husbands_name = title == Some(TitleClass::Married);
            name_hi = hi - 1;
        }
    }
    if name_lo >= name_hi {
        return None;
    }
    let parts: Vec<String> = (name_lo..name_hi)
        .map(|k| strip_possessive(word(k)).trim_end_matches('.').to_string())
        .filter(|p| {
            !lexicon().contains(WordList::NameParticles, p) && *p != RANK_OF && !p.is_empty()
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    // A lone function word that survived ("I") is not a name, and nor is a
    // lone honorific: "Yes, Madame", "Sir," address someone without naming
    // them; nor a lone people's word: "the Englishman" describes someone.
    if parts.len() == 1
        && title.is_none()
        && (is_stop_word(&parts[0]) && !used_as_first_name(text, tokens, run[name_lo], in_use)
            || parts[0] == "I"
            || is_honorific(&parts[0])
            || is_demonym(&parts[0]))
    {
        return None;
    }
    let last_tok = tokens[run[hi - 1]];
    let last_word = last_tok.text(text);
    let end = last_tok.span.end - (last_word.len() - strip_possessive(last_word).len());
    let start = tokens[run[lo]].span.start;
    let name_start = tokens[run[name_lo]].span.start;
    let name_end = if name_hi < hi {
        tokens[run[name_hi - 1]].span.end
    } else {
        end
    };
    Some(NameMention {
        span: Span::new(start, end),
        name_span: Span::new(name_start, name_end),
        title,
        roles,
        parts,
        org,
        husbands_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_never_start_a_name() {
        for w in [
            "I'm",
            "I\u{2019}ll",
            "It's",
            "That's",
            "Let's",
            "Don't",
            "Can't",
        ] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["O'Brien", "D'Arcy", "Smith's", "Piglet"] {
            assert!(!is_stop_word(w), "{w}");
        }
        let found = names("I'm Piglet, and Pooh is here.");
        assert!(found.iter().any(|n| n == "Piglet"), "{found:?}");
        assert!(!found.iter().any(|n| n.contains("I'm")), "{found:?}");
    }

    fn names(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        find_names(text, &toks)
            .iter()
            .map(|n| n.full_surface(text).to_string())
            .collect()
    }

    #[test]
    fn a_peoples_word_before_a_rank_is_no_name() {
        // "the French Colonel" is a colonel who is French, not Colonel French;
        // a people's word before a name that is no rank stays ("English
        // Channel" is not a person either way, but "Dutch Schultz" keeps both).
        let t = "The French Colonel bowed to the Russian Prince Orlov, and Dutch Schultz left.";
        let toks = tokenize(t);
        let n = find_names(t, &toks);
        let spans: Vec<&str> = n.iter().map(|m| m.span.text(t)).collect();
        assert_eq!(spans, ["Colonel", "Prince Orlov", "Dutch Schultz"]);
        assert_eq!(n[1].parts, ["Orlov"]);
        assert_eq!(n[1].title, Some(TitleClass::Male));
        assert_eq!(n[2].parts, ["Dutch", "Schultz"]);
    }

    #[test]
    fn a_title_after_the_name_is_a_title() {
        // "Hamidullah Begum" is Hamidullah's wife: the title after the name
        // gives her gender and marks the name as her husband's.
        let t = "Hamidullah Begum's servant met Ali Pasha and Hamidullah.";
        let toks = tokenize(t);
        let n = find_names(t, &toks);
        assert_eq!(n[0].span.text(t), "Hamidullah Begum");
        assert_eq!(n[0].surface(t), "Hamidullah");
        assert_eq!(n[0].parts, ["Hamidullah"]);
        assert_eq!(n[0].title, Some(TitleClass::Married));
        assert!(n[0].husbands_name);
        assert_eq!(n[1].parts, ["Ali"]);
        assert_eq!(n[1].title, Some(TitleClass::Male));
        assert!(!n[1].husbands_name);
        assert_eq!(n[2].title, None);
    }

    #[test]
    fn finds_titles_particles_possessives() {
        let t = "On Monday, Foreign Minister Sergey Lavrov's aide met Ludwig van Beethoven and Mr. J. Smith. The talks ended.";
        assert_eq!(
            names(t),
            vec![
                "Foreign Minister Sergey Lavrov",
                "Ludwig van Beethoven",
                "Mr. J. Smith"
            ]
        );
        let toks = tokenize(t);
        let n = find_names(t, &toks);
        assert_eq!(n[0].parts, vec!["Sergey", "Lavrov"]);
        assert_eq!(n[0].roles, vec!["foreign", "minister"]);
        assert_eq!(n[2].title, Some(TitleClass::Male));
    }

    /// Several particles in a row belong to the name they lead into: "Mr.
    /// van der Luyden" keeps its title (he is not his wife, "Mrs. van der
    /// Luyden"), and particles that lead into no name end it.
    #[test]
    fn a_run_of_particles_leads_into_the_name() {
        let t = "Mr. van der Luyden bowed to Mrs. van der Luyden and Charles de la Tour. He went to van der Meer's house in the van der way.";
        assert_eq!(
            names(t),
            vec![
                "Mr. van der Luyden",
                "Mrs. van der Luyden",
                "Charles de la Tour",
                "Meer"
            ]
        );
        let toks = tokenize(t);
        let n = find_names(t, &toks);
        assert_eq!(n[0].title, Some(TitleClass::Male));
        assert_eq!(n[0].parts, vec!["Luyden"]);
        assert_eq!(n[1].title, Some(TitleClass::Married));
        assert_eq!(n[2].parts, vec!["Charles", "Tour"]);
    }

    /// Places and peoples are not persons: "New York", "Central India" and
    /// "the Marabar Hills" are places (marked `org`), while "Mr. West" and
    /// "Clara Hill" stay people; a lone "English" or "Englishman" names
    /// nobody, though the "English Channel" is still a name.
    #[test]
    fn places_and_peoples_are_not_persons() {
        let t = "New York was hot. He went to Central India and the Marabar Hills with Mr. West and Clara Hill. The Englishman spoke English to the Indians near the English Channel.";
        let toks = tokenize(t);
        let found: Vec<(String, bool)> = find_names(t, &toks)
            .iter()
            .map(|n| (n.full_surface(t).to_string(), n.org))
            .collect();
        let expected = [
            ("New York", true),
            ("Central India", true),
            ("Marabar Hills", true),
            ("Mr. West", false),
            ("Clara Hill", false),
            ("English Channel", false),
        ];
        assert_eq!(
            found,
            expected.map(|(n, org)| (n.to_string(), org)).to_vec()
        );
    }

    /// "Yes, Madame": a lone honorific addresses someone without naming
    /// them, while "Mlle. Reisz" is a name with an unmarried woman's title.
    #[test]
    fn a_lone_honorific_is_no_name() {
        let t =
            "\"Yes, Madame,\" said Mlle. Reisz. \"Sir, you are late.\" Madame Ratignolle laughed.";
        assert_eq!(names(t), vec!["Mlle. Reisz", "Madame Ratignolle"]);
        let toks = tokenize(t);
        assert_eq!(find_names(t, &toks)[0].title, Some(TitleClass::Unmarried));
    }

    /// A capitalised conjunction at the start of a verse line joins two
    /// names; it never makes one name of them.
    #[test]
    fn a_conjunction_ends_a_name() {
        let t = "So went Pooh\n    And Rabbit to the door. Then Or Nor But.";
        assert_eq!(names(t), vec!["Pooh", "Rabbit"]);
    }

    /// A rank of the peerage, "of" and a place are one titled name, whose
    /// rank is a role ("the duchess" can find her); a rank of office is not.
    #[test]
    fn a_rank_of_a_place_is_one_name() {
        let t = "The Duchess of Monmouth smiled at the King of Hearts and the Secretary of State.";
        assert_eq!(
            names(t),
            vec![
                "Duchess of Monmouth",
                "King of Hearts",
                "Secretary",
                "State"
            ]
        );
        let toks = tokenize(t);
        let n = find_names(t, &toks);
        assert_eq!(n[0].parts, ["Monmouth"]);
        assert_eq!(n[0].title, Some(TitleClass::Female));
        assert_eq!(n[0].roles, ["duchess"]);
        assert_eq!(n[1].title, Some(TitleClass::Male));
    }

    /// A first name that is also a month or a modal verb ("May", "Will") is
    /// a name only in a text that writes it before a surname, and there not
    /// where it reads as the common word ("May I", "Will you", "May 5").
    #[test]
    fn a_first_name_that_is_a_common_word_needs_its_surname() {
        let without = "May I come in? It rained in May. Will you stay?";
        assert!(names(without).is_empty(), "{:?}", names(without));
        let date = "Last June Grewcock was banned. In June he played.";
        assert_eq!(names(date), vec!["Grewcock"]);
        let question = "Will Helen let me go? Helen smiled.";
        assert_eq!(names(question), vec!["Helen", "Helen"]);
        let with = "May Welland smiled at Will Ladislaw. \"Yes,\" May said. May I come in? Will you stay? Will laughed. On May 5 they left May's house.";
        assert_eq!(
            names(with),
            vec!["May Welland", "Will Ladislaw", "May", "Will", "May"]
        );
    }

    #[test]
    fn possessive_splits_run() {
        assert_eq!(
            names("Russia's Sergey Lavrov spoke."),
            vec!["Russia", "Sergey Lavrov"]
        );
    }

    #[test]
    fn title_classes() {
        assert!(!TitleClass::Male.compatible(TitleClass::Married));
        assert!(!TitleClass::Married.compatible(TitleClass::Unmarried));
        assert!(TitleClass::Neutral.compatible(TitleClass::Female));
        assert_eq!(first_name_gender("Angela"), Gender::Female);
        assert_eq!(strip_possessive("Jones'"), "Jones");
    }
}
