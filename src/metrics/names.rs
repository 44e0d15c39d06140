//! Speaker-name comparison, exactly as the reference scorer does it.

use std::collections::{HashMap, HashSet};

use crate::corpus::{GoldQuote, PredQuote};

/// Tokens dropped before names are compared: titles, honorifics and articles.
pub(crate) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "lord",
    "lady",
    "president",
    "prime",
    "minister",
    "secretary",
    "general",
    "chancellor",
    "chief",
    "executive",
    "professor",
    "prof",
    "the",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "st",
    "st.",
    "rev",
    "captain",
    "colonel",
    "judge",
    "senator",
    "governor",
    "king",
    "queen",
    "prince",
    "princess",
    "dame",
    "of",
    "a",
    "an",
];

/// A character of the regex class `[\w'-]`.
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\'' || c == '-'
}

/// The runs of `[\w'-]+` in the lower-cased name.
fn raw_tokens(name: &str) -> Vec<String> {
    name.to_lowercase()
        .split(|c: char| !is_token_char(c))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lower-cased name tokens without a trailing `'s` or `'` and without titles.
pub(crate) fn norm_tokens(name: &str) -> Vec<String> {
    raw_tokens(name)
        .into_iter()
        .map(strip_possessive)
        .filter(|t| !t.is_empty() && !TITLES.contains(&t.as_str()))
        .collect()
}

/// True when two names denote the same person: after `norm_tokens`, they
/// share their last token or one's token set contains the other's.
pub fn names_match(a: &str, b: &str) -> bool {
    let (at, bt) = (norm_tokens(a), norm_tokens(b));
    match (at.last(), bt.last()) {
        (Some(x), Some(y)) if x == y => true,
        (Some(_), Some(_)) => {
            let subset = |s: &[String], t: &[String]| s.iter().all(|x| t.contains(x));
            subset(&at, &bt) || subset(&bt, &at)
        }
        _ => false,
    }
}

/// The key aliases are compared by: lower-cased word tokens joined by spaces.
pub(crate) fn alias_key(name: &str) -> String {
    raw_tokens(name).join(" ")
}

/// Titles that mark a man, for telling characters of one family apart.
pub(crate) const MALE_TITLES: &[&str] = &[
    "mr", "sir", "lord", "monsieur", "m", "herr", "signor", "senor", "master", "king", "prince",
    "father", "uncle",
];

/// Titles that mark a woman.
pub(crate) const FEMALE_TITLES: &[&str] = &[
    "mrs",
    "miss",
    "ms",
    "lady",
    "madame",
    "mme",
    "mademoiselle",
    "mlle",
    "frau",
    "dame",
    "queen",
    "princess",
    "mother",
    "aunt",
    "mistress",
];

/// Words that are not part of a character's name when names are compared:
/// titles of either gender and words of address.
const NAME_STOP_EXTRA: &[&str] = &["my", "dear", "dearest", "poor", "old", "young", "little"];

/// The gender a title gives a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum TitleGender {
    Male,
    Female,
}

/// A name split for character matching: the genders its titles give it and
/// its name tokens (lower-cased, possessives and stop words dropped).
#[derive(Debug, Clone, Default)]
struct NameParts {
    genders: HashSet<TitleGender>,
    tokens: HashSet<String>,
}

impl NameParts {
    fn of(name: &str) -> Self {
        let mut parts = NameParts::default();
        for t in raw_tokens(name) {
            let t = strip_possessive(t);
            if MALE_TITLES.contains(&t.as_str()) {
                parts.genders.insert(TitleGender::Male);
            }
            if FEMALE_TITLES.contains(&t.as_str()) {
                parts.genders.insert(TitleGender::Female);
            }
            let stop = TITLES.contains(&t.as_str())
                || MALE_TITLES.contains(&t.as_str())
                || FEMALE_TITLES.contains(&t.as_str())
                || NAME_STOP_EXTRA.contains(&t.as_str());
            if !t.is_empty() && !stop {
                parts.tokens.insert(t);
            }
        }
        parts
    }
}

fn strip_possessive(t: String) -> String {
    if let Some(stem) = t.strip_suffix("'s") {
        stem.to_string()
    } else if let Some(stem) = t.strip_suffix('\'') {
        stem.to_string()
    } else {
        t
    }
}

/// A novel's characters, to tell which one a predicted name denotes (the
/// reference scorer's character rule, `news/FORMAT.md`).
///
/// The characters are the gold speakers and addressees with their aliases.
/// A name denotes the one character whose alias tokens it shares the most
/// of, each token weighted by 1 / the number of characters using it; a
/// title of the other gender rules a character out, and a tie denotes
/// nobody. So "Elizabeth Bennet" is Elizabeth where the aliases list only
/// "Elizabeth" and "Lizzy", while a merged name ("Watson Morstan") is no one.
#[derive(Debug, Clone, Default)]
pub struct Cast {
    /// Characters in first-seen order with their name parts.
    chars: Vec<(String, NameParts)>,
    /// Per name token, how many characters use it.
    df: HashMap<String, usize>,
}

impl Cast {
    /// The cast of one document's gold quotations.
    pub fn of(quotes: &[GoldQuote]) -> Self {
        let mut names: Vec<(String, Vec<String>)> = Vec::new();
        let mut add = |name: &str, aliases: &[String]| {
            let i = match names.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    names.push((name.to_string(), Vec::new()));
                    names.len() - 1
                }
            };
            names[i].1.extend(aliases.iter().cloned());
            names[i].1.push(name.to_string());
        };
        for q in quotes {
            if let Some(s) = q.speaker.as_deref() {
                if !q.speaker_aliases.is_empty() {
                    add(s, &q.speaker_aliases);
                }
            }
            for a in &q.addressees {
                add(&a.name, &a.aliases);
            }
        }
        let mut cast = Cast::default();
        for (name, aliases) in names {
            let mut parts = NameParts::default();
            for a in &aliases {
                let p = NameParts::of(a);
                parts.genders.extend(p.genders);
                parts.tokens.extend(p.tokens);
            }
            for t in &parts.tokens {
                *cast.df.entry(t.clone()).or_default() += 1;
            }
            cast.chars.push((name, parts));
        }
        cast
    }

    /// The character `name` denotes, or `None` when it matches none or ties.
    pub fn best(&self, name: &str) -> Option<&str> {
        let p = NameParts::of(name);
        let mut scores: Vec<(&str, f64)> = Vec::new();
        for (c, parts) in &self.chars {
            if !p.genders.is_empty()
                && !parts.genders.is_empty()
                && p.genders.is_disjoint(&parts.genders)
            {
                continue;
            }
            let mut shared: Vec<f64> = p
                .tokens
                .intersection(&parts.tokens)
                .map(|t| 1.0 / self.df[t] as f64)
                .collect();
            // A fixed summation order, so that equal sums compare equal.
            shared.sort_by(f64::total_cmp);
            let s: f64 = shared.iter().sum();
            if s > 0.0 {
                scores.push((c, s));
            }
        }
        let top = scores.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
        let mut winners = scores.iter().filter(|x| x.1 == top);
        match (winners.next(), winners.next()) {
            (Some(w), None) => Some(w.0),
            _ => None,
        }
    }

    /// True when `name` denotes the character `gold` (listed under `aliases`):
    /// one of the aliases, or the character [`Cast::best`] finds.
    pub fn denotes(&self, name: &str, gold: &str, aliases: &[String]) -> bool {
        let key = alias_key(name);
        aliases.iter().any(|a| alias_key(a) == key) || self.best(name) == Some(gold)
    }
}

/// True when the predicted speaker of `pred` is right for `gold`.
///
/// A gold `None` speaker is matched only by a `None` prediction. When the
/// gold quote lists aliases (fiction), the name must denote the gold
/// character in `cast` ([`Cast::denotes`]; without a cast, only a listed
/// alias counts). Otherwise the names must match ([`names_match`]) or the
/// predicted mention must overlap the gold mention.
pub fn speaker_correct(gold: &GoldQuote, pred: &PredQuote, cast: Option<&Cast>) -> bool {
    let Some(gname) = gold.speaker.as_deref() else {
        return pred.speaker.is_none();
    };
    let Some(pname) = pred.speaker.as_deref() else {
        return false;
    };
    if !gold.speaker_aliases.is_empty() {
        return match cast {
            Some(c) => c.denotes(pname, gname, &gold.speaker_aliases),
            None => {
                let key = alias_key(pname);
                gold.speaker_aliases.iter().any(|a| alias_key(a) == key)
            }
        };
    }
    if names_match(pname, gname) {
        return true;
    }
    match (gold.mention, pred.mention) {
        (Some(gm), Some(pm)) => gm.overlap(&pm) > 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_drop_titles_and_possessives() {
        assert_eq!(norm_tokens("Mr. Tony Blair's"), vec!["tony", "blair"]);
        assert_eq!(norm_tokens("the Prime Minister"), Vec::<String>::new());
        assert_eq!(norm_tokens("O'Neill-Smith'"), vec!["o'neill-smith"]);
    }

    #[test]
    fn name_rules() {
        assert!(names_match("Mr Trainor", "Mike Trainor"));
        assert!(names_match("Mike", "Mike Trainor"));
        assert!(!names_match("Mike Smith", "Mike Trainor"));
        assert!(!names_match("Mr", "Mr"));
        assert!(names_match("Mr. Bennet", "Mrs. Bennet"));
    }

    #[test]
    fn alias_keys() {
        assert_eq!(alias_key("  Mrs. Bennet "), "mrs bennet");
        assert_ne!(alias_key("Mr. Bennet"), alias_key("Mrs Bennet"));
    }
}
