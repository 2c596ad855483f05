//! Countries and areas, keyed by ISO 3166-1 alpha-3 and UN M49 codes.

use crate::region::Region;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a country code was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CountryError {
    #[error("an ISO 3166-1 alpha-3 code is three upper-case letters A–Z, not {0:?}")]
    Iso3(String),
    #[error("an M49 code is three digits, 001–999, not {0:?}")]
    M49(String),
}

/// An ISO 3166-1 alpha-3 code: exactly three ASCII upper-case letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iso3([u8; 3]);

impl Iso3 {
    /// Accepts only the canonical upper-case form; see [`Iso3::parse_any_case`] for URLs.
    pub fn parse(code: &str) -> Result<Self, CountryError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Iso3([a, b, c])),
            _ => Err(CountryError::Iso3(code.to_owned())),
        }
    }

    /// Accepts either case and normalises to upper case (`ken` → `KEN`).
    pub fn parse_any_case(code: &str) -> Result<Self, CountryError> {
        Iso3::parse(&code.to_ascii_uppercase()).map_err(|_| CountryError::Iso3(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        // The constructor admits only ASCII letters, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Iso3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Iso3 {
    type Error = CountryError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Iso3::parse(&value)
    }
}

impl From<Iso3> for String {
    fn from(value: Iso3) -> Self {
        value.as_str().to_owned()
    }
}

/// A UN M49 numeric code, shown with three digits (`004` is Afghanistan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct M49(u16);

impl M49 {
    pub fn parse(code: &str) -> Result<Self, CountryError> {
        let err = || CountryError::M49(code.to_owned());
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        match code.parse::<u16>() {
            Ok(0) | Err(_) => Err(err()),
            Ok(n) => Ok(M49(n)),
        }
    }

    pub fn value(self) -> u16 {
        self.0
    }
}

impl fmt::Display for M49 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

impl TryFrom<String> for M49 {
    type Error = CountryError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        M49::parse(&value)
    }
}

impl From<M49> for String {
    fn from(value: M49) -> Self {
        value.to_string()
    }
}

/// Whether a UN Country Team serves a country, and in which UNSDG region.
///
/// UNCTs serve 162 countries and territories; the others are on the map but in
/// no region's follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "coverage", content = "region")]
pub enum Coverage {
    Region(Region),
    NoCountryTeam,
}

impl Coverage {
    pub fn region(self) -> Option<Region> {
        match self {
            Coverage::Region(r) => Some(r),
            Coverage::NoCountryTeam => None,
        }
    }
}

/// A country or area with its codes and UNSDG coverage. Names live with the
/// translations in storage, not here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub iso3: Iso3,
    pub m49: M49,
    pub coverage: Coverage,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso3_accepts_three_upper_case_letters() {
        assert_eq!(Iso3::parse("KEN").unwrap().as_str(), "KEN");
    }

    #[test]
    fn iso3_rejects_everything_else() {
        for bad in ["ken", "KE", "KENY", "K3N", "", "ÄBC", "KEN "] {
            assert_eq!(Iso3::parse(bad), Err(CountryError::Iso3(bad.to_owned())));
        }
    }

    #[test]
    fn iso3_from_a_url_normalises_case_but_not_length() {
        assert_eq!(Iso3::parse_any_case("ken").unwrap().as_str(), "KEN");
        assert!(Iso3::parse_any_case("kenya").is_err());
    }

    #[test]
    fn m49_keeps_its_leading_zeros() {
        let afg = M49::parse("004").unwrap();
        assert_eq!(afg.value(), 4);
        assert_eq!(afg.to_string(), "004");
    }

    #[test]
    fn m49_rejects_non_codes() {
        for bad in ["4", "0004", "000", "abc", "-04", "+04"] {
            assert!(M49::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn country_serialises_with_codes_as_strings() {
        let c = Country {
            iso3: Iso3::parse("DZA").unwrap(),
            m49: M49::parse("012").unwrap(),
            coverage: Coverage::Region(Region::ArabStates),
        };
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"iso3":"DZA","m49":"012","coverage":{"coverage":"region","region":"arab-states"}})
        );
        assert_eq!(serde_json::from_value::<Country>(json).unwrap(), c);
    }

    #[test]
    fn a_bad_code_in_json_is_refused() {
        let r = serde_json::from_str::<Iso3>("\"kenya\"");
        assert!(r.is_err());
    }
}
