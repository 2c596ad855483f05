//! Time zones named as a reader understands them, in the reader's language
//! (server only): CLDR's location format through ICU4X's compiled data —
//! "Qatar Time", "توقيت قطر", "卡塔尔时间", "heure : Qatar" — never an IANA
//! identifier such as `Asia/Qatar`.
//!
//! Decision: the location format, not the metazone's generic name ("Arabian
//! Time"): a milestone's zone is where it happens, and "Qatar Time" or
//! "Ethiopia Time" says that where "East Africa Time" would not.

use icu_datetime::fieldsets::zone::Location;
use icu_datetime::NoCalendarFormatter;
use icu_time::TimeZone;
use std::sync::OnceLock;
use summit::Language;

type Formatter = NoCalendarFormatter<Location>;

/// One formatter per language, made the first time it is needed.
fn formatter(language: Language) -> Option<&'static Formatter> {
    static FORMATTERS: [OnceLock<Option<Formatter>>; 6] = [const { OnceLock::new() }; 6];
    let index = Language::ALL.iter().position(|l| *l == language)?;
    FORMATTERS[index]
        .get_or_init(|| {
            let locale: icu_locale_core::Locale = language.code().parse().ok()?;
            NoCalendarFormatter::try_new(locale.into(), Location).ok()
        })
        .as_ref()
}

/// The zone's name in `language`: "Qatar Time" for `Asia/Qatar` in English.
/// An identifier ICU does not know is named by its city, as a person would
/// read it (`America/Argentina/Buenos_Aires` → "Buenos Aires").
pub fn zone_name(language: Language, iana: &str) -> String {
    let zone = TimeZone::from_iana_id(iana);
    match formatter(language) {
        Some(formatter) if !zone.is_unknown() => {
            formatter.format(&zone.without_offset()).to_string()
        }
        _ => city_of(iana),
    }
}

fn city_of(iana: &str) -> String {
    iana.rsplit('/').next().unwrap_or(iana).replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_named_in_each_language_never_by_identifier() {
        assert_eq!(zone_name(Language::En, "Asia/Qatar"), "Qatar Time");
        for language in Language::ALL {
            for zone in [
                "Asia/Qatar",
                "America/New_York",
                "Africa/Addis_Ababa",
                "Europe/Istanbul",
            ] {
                let name = zone_name(language, zone);
                assert!(
                    !name.contains('/') && !name.contains('_'),
                    "{language:?} {zone}: {name}"
                );
                assert!(!name.is_empty());
            }
        }
        assert_ne!(
            zone_name(Language::Ar, "Asia/Qatar"),
            zone_name(Language::En, "Asia/Qatar")
        );
        assert_ne!(
            zone_name(Language::Ru, "Asia/Qatar"),
            zone_name(Language::En, "Asia/Qatar")
        );
    }

    #[test]
    fn an_unknown_zone_is_named_by_its_city() {
        assert_eq!(zone_name(Language::En, "Mars/Olympus_Mons"), "Olympus Mons");
    }
}
