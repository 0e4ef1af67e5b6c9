//! The penalty catalogue (罚则量化): legal article → severity.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::{Error, ErrorKind, Severity};

/// Looks up the severity class of a legal article (罚则量化).
///
/// Implement it over your own store of penalty clauses; [`Catalogue`] is the
/// in-memory implementation. An article the lookup does not know is reported by
/// the assessment as [`ErrorKind::UnknownArticle`] (unless the policy says
/// otherwise), never silently defaulted.
///
/// ```
/// use creditgrade::{ArticleLookup, Catalogue, Severity};
/// let c = Catalogue::from_pairs([("art-1", Severity::General)])?;
/// assert_eq!(c.severity("art-1"), Some(Severity::General));
/// assert_eq!(c.severity("art-2"), None);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub trait ArticleLookup {
    /// The class of `article`, or `None` when the article is not catalogued.
    fn severity(&self, article: &str) -> Option<Severity>;
}

/// An in-memory penalty catalogue built from (article, severity) pairs.
///
/// The Shenhe catalogue of the source document sorted 1643 articles of 142 laws
/// into 17 minor, 905 general and 721 serious ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    articles: HashMap<Box<str>, Severity, BuildHasherDefault<FxHasher>>,
}

/// The multiply-rotate hash of the Rust compiler ("Fx"): much faster than `SipHash`
/// on short article ids. It is not resistant to deliberately colliding keys, which
/// is acceptable for a catalogue of legal articles that the integrator supplies.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

impl Catalogue {
    /// An empty catalogue.
    #[must_use]
    pub fn new() -> Catalogue {
        Catalogue::default()
    }

    /// A catalogue from (article, severity) pairs. A pair repeated with the same
    /// severity is accepted once.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ConflictingArticle`] when an article is listed with two
    /// severities, [`ErrorKind::InvalidInput`] for an empty article id.
    pub fn from_pairs<I, S>(pairs: I) -> Result<Catalogue, Error>
    where
        I: IntoIterator<Item = (S, Severity)>,
        S: AsRef<str>,
    {
        let mut c = Catalogue::new();
        for (article, severity) in pairs {
            c.insert(article.as_ref(), severity)?;
        }
        Ok(c)
    }

    /// Adds one article.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ConflictingArticle`] when the article is already listed with
    /// another severity, [`ErrorKind::InvalidInput`] for an empty article id.
    pub fn insert(&mut self, article: &str, severity: Severity) -> Result<(), Error> {
        if article.is_empty() {
            return Err(Error::invalid_input(
                "article",
                "catalogue: an article id is empty",
            ));
        }
        match self.articles.get(article) {
            Some(&old) if old != severity => Err(Error::new(
                ErrorKind::ConflictingArticle,
                format!("catalogue: article {article:?} is listed as {old} and as {severity}"),
            )
            .with_subject(article)),
            Some(_) => Ok(()),
            None => {
                self.articles.insert(article.into(), severity);
                Ok(())
            }
        }
    }

    /// Number of articles.
    #[must_use]
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// Whether the catalogue is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Number of articles per severity: `[minor, general, serious]`.
    #[must_use]
    pub fn counts(&self) -> [usize; 3] {
        let mut n = [0; 3];
        for s in self.articles.values() {
            n[s.index()] += 1;
        }
        n
    }

    /// The articles and their severities, sorted by article id.
    #[must_use]
    pub fn to_sorted_pairs(&self) -> Vec<(&str, Severity)> {
        let mut v: Vec<_> = self.articles.iter().map(|(a, s)| (&**a, *s)).collect();
        v.sort_unstable();
        v
    }
}

impl ArticleLookup for Catalogue {
    fn severity(&self, article: &str) -> Option<Severity> {
        self.articles.get(article).copied()
    }
}

impl<T: ArticleLookup + ?Sized> ArticleLookup for &T {
    fn severity(&self, article: &str) -> Option<Severity> {
        (**self).severity(article)
    }
}

impl<T: ArticleLookup + ?Sized> ArticleLookup for std::sync::Arc<T> {
    fn severity(&self, article: &str) -> Option<Severity> {
        (**self).severity(article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_with_same_severity_are_fine_and_conflicts_are_not() {
        let c = Catalogue::from_pairs([("a", Severity::Minor), ("a", Severity::Minor)]).unwrap();
        assert_eq!(c.len(), 1);
        let err =
            Catalogue::from_pairs([("a", Severity::Minor), ("a", Severity::General)]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConflictingArticle);
        assert_eq!(err.subject(), Some("a"));
    }

    #[test]
    fn empty_article_is_refused() {
        let err = Catalogue::from_pairs([("", Severity::Minor)]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn counts_per_severity() {
        let c = Catalogue::from_pairs([
            ("a", Severity::Minor),
            ("b", Severity::Serious),
            ("c", Severity::Serious),
        ])
        .unwrap();
        assert_eq!(c.counts(), [1, 0, 2]);
        assert_eq!(c.to_sorted_pairs()[0], ("a", Severity::Minor));
    }
}
