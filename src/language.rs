//! The six official UN languages the product is written in.

use serde::{Deserialize, Serialize};

/// A UI language. Its code is the first path segment of every page (`/ar/`, `/zh/`…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ar,
    Zh,
    En,
    Fr,
    Ru,
    Es,
}

impl Language {
    /// In the UN's own order (alphabetical by English name).
    pub const ALL: [Language; 6] = [
        Language::Ar,
        Language::Zh,
        Language::En,
        Language::Fr,
        Language::Ru,
        Language::Es,
    ];

    /// English is the fallback when nothing else fits.
    pub const DEFAULT: Language = Language::En;

    pub const fn code(self) -> &'static str {
        match self {
            Language::Ar => "ar",
            Language::Zh => "zh",
            Language::En => "en",
            Language::Fr => "fr",
            Language::Ru => "ru",
            Language::Es => "es",
        }
    }

    /// Exact, lower-case codes only: URLs have one spelling per page.
    pub fn parse(code: &str) -> Option<Self> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Arabic is written right to left; the whole layout mirrors with it.
    pub const fn is_rtl(self) -> bool {
        matches!(self, Language::Ar)
    }

    pub const fn dir(self) -> &'static str {
        if self.is_rtl() {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The language's own name, as shown in the language switcher.
    pub const fn endonym(self) -> &'static str {
        match self {
            Language::Ar => "العربية",
            Language::Zh => "中文",
            Language::En => "English",
            Language::Fr => "Français",
            Language::Ru => "Русский",
            Language::Es => "Español",
        }
    }

    /// Picks the best language for an `Accept-Language` header value: the
    /// highest-weighted tag whose primary subtag is one of ours
    /// (`fr-CA` → French, `zh-Hant-TW` → Chinese), else [`Language::DEFAULT`].
    pub fn negotiate(accept_language: &str) -> Language {
        let mut best: Option<(u16, Language)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or("").trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_weight);
            let (Some(weight), Some(lang)) = (weight, primary(tag)) else {
                continue;
            };
            // Strictly greater keeps the first of equally weighted tags.
            if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(Language::DEFAULT, |(_, l)| l)
    }
}

fn primary(tag: &str) -> Option<Language> {
    let primary = tag.split('-').next()?.to_ascii_lowercase();
    Language::parse(&primary)
}

/// A q-value in thousandths (`0.8` → 800); malformed values drop the tag.
fn parse_weight(q: &str) -> Option<u16> {
    let q: f32 = q.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&q)
        .then(|| (q * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_languages_and_only_arabic_is_rtl() {
        assert_eq!(Language::ALL.len(), 6);
        let rtl: Vec<_> = Language::ALL.into_iter().filter(|l| l.is_rtl()).collect();
        assert_eq!(rtl, [Language::Ar]);
        assert_eq!(Language::Ar.dir(), "rtl");
        assert_eq!(Language::Zh.dir(), "ltr");
    }

    #[test]
    fn codes_round_trip_and_others_are_refused() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.code()), Some(l));
        }
        for bad in ["EN", "de", "", "en-US", "zz"] {
            assert_eq!(Language::parse(bad), None);
        }
    }

    #[test]
    fn negotiation_honours_weights_and_regions() {
        assert_eq!(Language::negotiate("fr-CA,fr;q=0.9,en;q=0.8"), Language::Fr);
        assert_eq!(
            Language::negotiate("de-DE,de;q=0.9,ar;q=0.5,en;q=0.4"),
            Language::Ar
        );
        assert_eq!(
            Language::negotiate("en;q=0.2, zh-Hant-TW;q=0.7"),
            Language::Zh
        );
        assert_eq!(Language::negotiate("RU"), Language::Ru);
        assert_eq!(Language::negotiate("es-419"), Language::Es);
    }

    #[test]
    fn negotiation_falls_back_to_english() {
        assert_eq!(Language::negotiate(""), Language::En);
        assert_eq!(Language::negotiate("de, ja;q=0.5"), Language::En);
        assert_eq!(Language::negotiate("fr;q=0, *"), Language::En);
        assert_eq!(Language::negotiate("fr;q=abc"), Language::En);
        assert_eq!(Language::negotiate(";;;,,,"), Language::En);
    }
}
