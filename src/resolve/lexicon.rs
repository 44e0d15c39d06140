//! The resolver's word lists as data: one file per list under
//! `src/resolve/lexicon/`, embedded at compile time (the crate needs no files
//! at run time) and parsed once into hash sets and maps on first use.
//!
//! A list file has one entry per line; `#` starts a comment, blank lines are
//! ignored. A `.txt` list holds one word a line; a `.tsv` list holds
//! `word<TAB>value`. Entries are lower case (the code compares lower-cased
//! words) except in `abbreviations.txt`, which is compared as written.
//! Another register or language is new data: new files, not new code.
//!
//! A malformed line in an embedded list is a programming error: the lexicon
//! skips it at run time, and the unit tests parse every list and fail on it.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use super::antecedents::Pronoun;
use super::names::TitleClass;

/// A set-valued word list of the resolver, one data file each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum WordList {
    /// Honorifics that say nothing about a role ("mr", "lady").
    Honorifics,
    /// Lower-case particles inside a name ("van", "de").
    NameParticles,
    /// Capitalised words that never start a name ("the", "however").
    StopWords,
    /// Month, weekday and holiday names.
    CalendarWords,
    /// Words that mark a name as an organisation or place ("ministry").
    OrgWords,
    /// Common male first names.
    MaleFirstNames,
    /// Common female first names.
    FemaleFirstNames,
    /// Titles used with a first name alone ("sir", "queen").
    FirstNameTitles,
    /// Titles written after the name ("Hamidullah Begum", "Ali Pasha").
    PostnominalTitles,
    /// Abbreviations that keep their dot ("Mr", "Gen"); case-sensitive.
    Abbreviations,
    /// Determiners of an indefinite description ("a", "some").
    IndefiniteDeterminers,
    /// Prepositions that end a description's head ("for", "of").
    HeadPrepositions,
    /// Group or collective heads ("police", "family").
    GroupNouns,
    /// Organisation heads ("company", "ministry").
    OrgNouns,
    /// Heads that denote a woman ("widow").
    FemaleNouns,
    /// Heads that denote a man ("butler").
    MaleNouns,
    /// Words too generic to tell entities apart ("former", "top").
    GenericWords,
    /// Words ending in "s" that are not plurals ("news").
    NotPlural,
    /// Plurals not ending in "s" ("people").
    PluralNouns,
    /// Speech verbs in all inflections ("said", "tells").
    SpeechVerbs,
    /// Words between a speaker and its speech verb ("later", "has").
    SpeechAdverbs,
    /// Relative pronouns that end a description's head ("who").
    RelativePronouns,
    /// Object forms of the third-person pronouns ("him", "her").
    ObjectPronouns,
    /// Determiners of a definite description ("the", "his").
    DefiniteDeterminers,
    /// Determiners of a single unnamed source ("a", "one").
    SingularDeterminers,
    /// Words for a spokesperson, each standing for all.
    SpokespersonNouns,
    /// Words that start a clause, not an apposition ("who", "and").
    ClauseStarters,
    /// Determiners that start an apposition ("the", "his").
    AppositionDeterminers,
    /// Articles ("the", "a", "an").
    Articles,
    /// Endings of contractions after the apostrophe ("m", "ll").
    ContractionSuffixes,
    /// Last words of the names of places and buildings ("hall", "lodge").
    PlaceWords,
    /// Prepositions of place ("at", "near"): a name right after one reads as a place.
    LocativePrepositions,
    /// First words of the names of places ("new", "fort").
    PlaceOpeners,
    /// Words for a people or its language ("english", "frenchman"): no name alone.
    Demonyms,
    /// Coordinating conjunctions ("and", "or"): never inside a name, even
    /// capitalised at the start of a verse line ("Pooh / And Rabbit").
    Conjunctions,
    /// Words that address several people at once ("gentlemen", "yourselves").
    GroupAddress,
    /// Verbs after which a name is the person spoken to ("told", "asked").
    TellingVerbs,
    /// Family relations ("mother", "husband"): the head of "his mother".
    KinNouns,
    /// First names that are also calendar or function words ("may", "will").
    WordFirstNames,
    /// Words that make the month after them a date ("last", "since").
    CalendarLeads,
}

/// How a list's entries are written and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Lower case; looked up with a lower-cased word.
    Lower,
    /// Compared exactly as written.
    AsWritten,
}

impl WordList {
    /// Every set-valued list, in declaration order (`list as usize` indexes
    /// [`Lexicon::sets`]).
    pub(crate) const ALL: [WordList; 40] = [
        WordList::Honorifics,
        WordList::NameParticles,
        WordList::StopWords,
        WordList::CalendarWords,
        WordList::OrgWords,
        WordList::MaleFirstNames,
        WordList::FemaleFirstNames,
        WordList::FirstNameTitles,
        WordList::PostnominalTitles,
        WordList::Abbreviations,
        WordList::IndefiniteDeterminers,
        WordList::HeadPrepositions,
        WordList::GroupNouns,
        WordList::OrgNouns,
        WordList::FemaleNouns,
        WordList::MaleNouns,
        WordList::GenericWords,
        WordList::NotPlural,
        WordList::PluralNouns,
        WordList::SpeechVerbs,
        WordList::SpeechAdverbs,
        WordList::RelativePronouns,
        WordList::ObjectPronouns,
        WordList::DefiniteDeterminers,
        WordList::SingularDeterminers,
        WordList::SpokespersonNouns,
        WordList::ClauseStarters,
        WordList::AppositionDeterminers,
        WordList::Articles,
        WordList::ContractionSuffixes,
        WordList::PlaceWords,
        WordList::LocativePrepositions,
        WordList::PlaceOpeners,
        WordList::Demonyms,
        WordList::Conjunctions,
        WordList::GroupAddress,
        WordList::TellingVerbs,
        WordList::KinNouns,
        WordList::WordFirstNames,
        WordList::CalendarLeads,
    ];

    /// The data file's name and embedded text.
    fn source(self) -> (&'static str, &'static str) {
        macro_rules! file {
            ($name:literal) => {
                ($name, include_str!(concat!("lexicon/", $name)))
            };
        }
        match self {
            WordList::Honorifics => file!("honorifics.txt"),
            WordList::NameParticles => file!("name_particles.txt"),
            WordList::StopWords => file!("stop_words.txt"),
            WordList::CalendarWords => file!("calendar_words.txt"),
            WordList::OrgWords => file!("org_words.txt"),
            WordList::MaleFirstNames => file!("male_first_names.txt"),
            WordList::FemaleFirstNames => file!("female_first_names.txt"),
            WordList::FirstNameTitles => file!("first_name_titles.txt"),
            WordList::PostnominalTitles => file!("postnominal_titles.txt"),
            WordList::Abbreviations => file!("abbreviations.txt"),
            WordList::IndefiniteDeterminers => file!("indefinite_determiners.txt"),
            WordList::HeadPrepositions => file!("head_prepositions.txt"),
            WordList::GroupNouns => file!("group_nouns.txt"),
            WordList::OrgNouns => file!("org_nouns.txt"),
            WordList::FemaleNouns => file!("female_nouns.txt"),
            WordList::MaleNouns => file!("male_nouns.txt"),
            WordList::GenericWords => file!("generic_words.txt"),
            WordList::NotPlural => file!("not_plural.txt"),
            WordList::PluralNouns => file!("plural_nouns.txt"),
            WordList::SpeechVerbs => file!("speech_verbs.txt"),
            WordList::SpeechAdverbs => file!("speech_adverbs.txt"),
            WordList::RelativePronouns => file!("relative_pronouns.txt"),
            WordList::ObjectPronouns => file!("object_pronouns.txt"),
            WordList::DefiniteDeterminers => file!("definite_determiners.txt"),
            WordList::SingularDeterminers => file!("singular_determiners.txt"),
            WordList::SpokespersonNouns => file!("spokesperson_nouns.txt"),
            WordList::ClauseStarters => file!("clause_starters.txt"),
            WordList::AppositionDeterminers => file!("apposition_determiners.txt"),
            WordList::Articles => file!("articles.txt"),
            WordList::ContractionSuffixes => file!("contraction_suffixes.txt"),
            WordList::PlaceWords => file!("place_words.txt"),
            WordList::LocativePrepositions => file!("locative_prepositions.txt"),
            WordList::PlaceOpeners => file!("place_openers.txt"),
            WordList::Demonyms => file!("demonyms.txt"),
            WordList::Conjunctions => file!("conjunctions.txt"),
            WordList::GroupAddress => file!("group_address.txt"),
            WordList::TellingVerbs => file!("telling_verbs.txt"),
            WordList::KinNouns => file!("kin_nouns.txt"),
            WordList::WordFirstNames => file!("word_first_names.txt"),
            WordList::CalendarLeads => file!("calendar_leads.txt"),
        }
    }

    fn case(self) -> Case {
        match self {
            WordList::Abbreviations => Case::AsWritten,
            _ => Case::Lower,
        }
    }
}

/// Honorifics and ranks with their title class (word → class; first line wins).
const TITLES: (&str, &str) = ("titles.tsv", include_str!("lexicon/titles.tsv"));
/// Personal pronouns (word → person, number, gender).
const PRONOUNS: (&str, &str) = ("pronouns.tsv", include_str!("lexicon/pronouns.tsv"));
/// Description words and the role words they stand for.
const ROLE_SYNONYMS: (&str, &str) = (
    "role_synonyms.tsv",
    include_str!("lexicon/role_synonyms.tsv"),
);

/// One malformed line of an embedded list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListError {
    /// The list's file name.
    pub(crate) file: &'static str,
    /// 1-based line number.
    pub(crate) line: usize,
    /// What is wrong.
    pub(crate) reason: String,
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// The entry lines of a list: (1-based line number, text without comment),
/// trimmed, blank lines left out.
fn entry_lines(text: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    text.lines().enumerate().filter_map(|(i, line)| {
        let content = line.split('#').next().unwrap_or("").trim();
        (!content.is_empty()).then_some((i + 1, content))
    })
}

/// Checks one word of a list; `Err` says why it can never match.
fn check_word(word: &str, case: Case) -> Result<(), String> {
    if word.is_empty() || word.chars().any(char::is_whitespace) {
        return Err(format!("`{word}` is not one word"));
    }
    if word.ends_with('.') {
        return Err(format!(
            "`{word}` ends in a dot (words are compared without it)"
        ));
    }
    if case == Case::Lower && word.to_lowercase() != word {
        return Err(format!("`{word}` is not lower case"));
    }
    Ok(())
}

/// The entries of a `.txt` list, with the errors of malformed lines.
fn parse_words(
    (file, text): (&'static str, &'static str),
    case: Case,
) -> (Vec<(usize, &'static str)>, Vec<ListError>) {
    let mut words = Vec::new();
    let mut errors = Vec::new();
    for (line, content) in entry_lines(text) {
        match check_word(content, case) {
            Ok(()) => words.push((line, content)),
            Err(reason) => errors.push(ListError { file, line, reason }),
        }
    }
    (words, errors)
}

/// The `word<TAB>value` pairs of a `.tsv` list, with `value` parsed by
/// `parse`, and the errors of malformed lines.
fn parse_pairs<V>(
    (file, text): (&'static str, &'static str),
    parse: impl Fn(&'static str) -> Result<V, String>,
) -> (Vec<(usize, &'static str, V)>, Vec<ListError>) {
    let mut pairs = Vec::new();
    let mut errors = Vec::new();
    for (line, content) in entry_lines(text) {
        let parsed = match content.split_once('\t') {
            None => Err("expected word<TAB>value".to_string()),
            Some((word, value)) => check_word(word.trim(), Case::Lower)
                .and_then(|()| parse(value.trim()))
                .map(|v| (word.trim(), v)),
        };
        match parsed {
            Ok((word, v)) => pairs.push((line, word, v)),
            Err(reason) => errors.push(ListError { file, line, reason }),
        }
    }
    (pairs, errors)
}

fn parse_title_class(value: &str) -> Result<TitleClass, String> {
    Ok(match value {
        "male" => TitleClass::Male,
        "married" => TitleClass::Married,
        "unmarried" => TitleClass::Unmarried,
        "female" => TitleClass::Female,
        "neutral" => TitleClass::Neutral,
        _ => return Err(format!("unknown title class `{value}`")),
    })
}

fn parse_pronoun(value: &str) -> Result<Pronoun, String> {
    Ok(match value {
        "male" => Pronoun::Male,
        "female" => Pronoun::Female,
        "neuter" => Pronoun::Neuter,
        "plural" => Pronoun::Plural,
        "first_singular" => Pronoun::FirstSingular,
        "first_plural" => Pronoun::FirstPlural,
        "second" => Pronoun::Second,
        _ => return Err(format!("unknown pronoun class `{value}`")),
    })
}

fn parse_role_words(value: &'static str) -> Result<Vec<&'static str>, String> {
    let words: Vec<&'static str> = value.split_whitespace().collect();
    if words.is_empty() {
        return Err("no role words".to_string());
    }
    for w in &words {
        check_word(w, Case::Lower)?;
    }
    Ok(words)
}

/// Builds a map from pairs; the first line of a word wins.
fn first_wins<V>(pairs: Vec<(usize, &'static str, V)>) -> HashMap<&'static str, V> {
    let mut map = HashMap::with_capacity(pairs.len());
    for (_, word, v) in pairs {
        map.entry(word).or_insert(v);
    }
    map
}

/// The resolver's word lists, parsed.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// One set per [`WordList`], in [`WordList::ALL`] order.
    sets: Vec<HashSet<&'static str>>,
    titles: HashMap<&'static str, TitleClass>,
    pronouns: HashMap<&'static str, Pronoun>,
    role_synonyms: HashMap<&'static str, Vec<&'static str>>,
}

impl Lexicon {
    /// Parses the embedded lists; returns the lexicon (malformed lines left
    /// out) and the errors.
    pub(crate) fn parse_embedded() -> (Lexicon, Vec<ListError>) {
        let mut errors = Vec::new();
        let sets = WordList::ALL
            .iter()
            .map(|&list| {
                let (words, errs) = parse_words(list.source(), list.case());
                errors.extend(errs);
                words.into_iter().map(|(_, w)| w).collect()
            })
            .collect();
        let (titles, errs) = parse_pairs(TITLES, parse_title_class);
        errors.extend(errs);
        let (pronouns, errs) = parse_pairs(PRONOUNS, parse_pronoun);
        errors.extend(errs);
        let (role_synonyms, errs) = parse_pairs(ROLE_SYNONYMS, parse_role_words);
        errors.extend(errs);
        let lexicon = Lexicon {
            sets,
            titles: first_wins(titles),
            pronouns: first_wins(pronouns),
            role_synonyms: first_wins(role_synonyms),
        };
        (lexicon, errors)
    }

    /// True when `word` is in `list` (compared as the list is written: a
    /// lower-case list needs a lower-cased word).
    pub(crate) fn contains(&self, list: WordList, word: &str) -> bool {
        self.sets
            .get(list as usize)
            .is_some_and(|set| set.contains(word))
    }

    /// The entries of `list`, in no particular order.
    pub(crate) fn words(&self, list: WordList) -> impl Iterator<Item = &'static str> + '_ {
        self.sets.get(list as usize).into_iter().flatten().copied()
    }

    /// The title class of a lower-case title word without dot.
    pub(crate) fn title_class(&self, word: &str) -> Option<TitleClass> {
        self.titles.get(word).copied()
    }

    /// The pronoun a lower-case word is.
    pub(crate) fn pronoun(&self, word: &str) -> Option<Pronoun> {
        self.pronouns.get(word).copied()
    }

    /// The role words a lower-case description word stands for (empty if none).
    pub(crate) fn role_synonyms(&self, word: &str) -> &[&'static str] {
        self.role_synonyms.get(word).map_or(&[], Vec::as_slice)
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse_embedded().0);

/// The built-in lexicon, parsed on first use.
pub(crate) fn lexicon() -> &'static Lexicon {
    &LEXICON
}

#[cfg(test)]
mod tests;
