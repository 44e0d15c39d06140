//! Speaker-name comparison, exactly as the reference scorer does it.

use crate::corpus::{GoldQuote, PredQuote};

/// Tokens dropped before names are compared: titles, honorifics and articles.
pub const TITLES: &[&str] = &[
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
pub fn norm_tokens(name: &str) -> Vec<String> {
    raw_tokens(name)
        .into_iter()
        .map(|t| {
            if let Some(stem) = t.strip_suffix("'s") {
                stem.to_string()
            } else if let Some(stem) = t.strip_suffix('\'') {
                stem.to_string()
            } else {
                t
            }
        })
        .filter(|t| !t.is_empty() && !TITLES.contains(&t.as_str()))
        .collect()
}

/// True when two names denote the same person: after [`norm_tokens`], they
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
pub fn alias_key(name: &str) -> String {
    raw_tokens(name).join(" ")
}

/// True when the predicted speaker of `pred` is right for `gold`.
///
/// A gold `None` speaker is matched only by a `None` prediction. When the
/// gold quote lists aliases, only a listed alias counts. Otherwise the names
/// must match ([`names_match`]) or the predicted mention must overlap the
/// gold mention.
pub fn speaker_correct(gold: &GoldQuote, pred: &PredQuote) -> bool {
    let Some(gname) = gold.speaker.as_deref() else {
        return pred.speaker.is_none();
    };
    let Some(pname) = pred.speaker.as_deref() else {
        return false;
    };
    if !gold.speaker_aliases.is_empty() {
        let key = alias_key(pname);
        return gold.speaker_aliases.iter().any(|a| alias_key(a) == key);
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
