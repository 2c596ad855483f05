//! Who may change what: accounts, roles and the regions or countries an editor
//! is assigned to. The rules live here so the UI, the server functions and the
//! bearer-token API apply the same ones.

use crate::{Coverage, Iso3, Region};
use serde::{Deserialize, Serialize};

/// An account's e-mail address, trimmed and lower-cased: it is the sign-in
/// name, so `Amina@UN.org` and `amina@un.org` are the same account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AccountInputError {
    #[error("not an e-mail address")]
    Email,
    #[error("the password must have {min} to {max} characters")]
    PasswordLength { min: usize, max: usize },
    #[error("the name must have 1 to {max} characters")]
    Name { max: usize },
}

impl Email {
    pub fn parse(text: &str) -> Result<Email, AccountInputError> {
        let email = text.trim().to_lowercase();
        let valid = email.len() <= 254
            && email.split('@').count() == 2
            && email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            })
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c));
        if valid {
            Ok(Email(email))
        } else {
            Err(AccountInputError::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shortest and longest password accepted when one is set (NIST SP 800-63B
/// asks for length, not composition rules).
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 256;
pub const NAME_MAX: usize = 120;

/// Checks a new password's length in characters.
pub fn check_new_password(password: &str) -> Result<(), AccountInputError> {
    let n = password.chars().count();
    if (PASSWORD_MIN..=PASSWORD_MAX).contains(&n) {
        Ok(())
    } else {
        Err(AccountInputError::PasswordLength {
            min: PASSWORD_MIN,
            max: PASSWORD_MAX,
        })
    }
}

/// A display name, as shown beside every change the account makes.
pub fn parse_name(text: &str) -> Result<String, AccountInputError> {
    // Bidirectional embeddings, overrides and isolates would let a name
    // reorder the text around it wherever it is shown ("changed by …").
    let spoofing = |c: &char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let name: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !spoofing(c))
        .collect();
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        Err(AccountInputError::Name { max: NAME_MAX })
    } else {
        Ok(name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Everything: users, themes, milestones, briefing facts, the
    /// country→region table, and every action.
    Admin,
    /// The actions of the regions and countries assigned to them.
    Editor,
    /// Approves or returns editors' proposals for the regions and countries
    /// assigned to them (all five regions: everything). Changes nothing
    /// directly: who checks a figure does not also enter it.
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Editor, Role::Reviewer, Role::Admin];

    pub const fn slug(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.slug() == text)
    }
}

/// What an editor is assigned to: whole regions, single countries, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub regions: Vec<Region>,
    pub countries: Vec<Iso3>,
}

/// The signed-in person as the rules need them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
}

impl Actor {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// A country's actions: administrators, editors of the country, and
    /// editors of the region its UN Country Team belongs to. A country's
    /// region is read from the current country→region table, so moving a
    /// country moves its editors' rights with it.
    pub fn can_edit_country(&self, iso3: Iso3, coverage: Coverage) -> bool {
        self.is_admin() || (self.role == Role::Editor && self.scope.holds_country(iso3, coverage))
    }

    /// A region's own actions (regional strategy, coordination).
    pub fn can_edit_region(&self, region: Region) -> bool {
        self.is_admin() || (self.role == Role::Editor && self.scope.regions.contains(&region))
    }

    /// Whether the account approves or returns proposals for a country's
    /// actions: administrators, and reviewers whose scope holds it.
    pub fn can_review_country(&self, iso3: Iso3, coverage: Coverage) -> bool {
        self.is_admin() || (self.role == Role::Reviewer && self.scope.holds_country(iso3, coverage))
    }

    /// Whether the account approves or returns proposals for a region's own
    /// actions.
    pub fn can_review_region(&self, region: Region) -> bool {
        self.is_admin() || (self.role == Role::Reviewer && self.scope.regions.contains(&region))
    }
}

impl Scope {
    /// The country itself, or the region its UN Country Team belongs to.
    pub fn holds_country(&self, iso3: Iso3, coverage: Coverage) -> bool {
        self.countries.contains(&iso3)
            || coverage
                .region()
                .is_some_and(|region| self.regions.contains(&region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_reorder_the_text_around_them() {
        assert_eq!(
            parse_name("Amina\u{202E}nimda\u{202C} ").unwrap(),
            "Aminanimda"
        );
        assert_eq!(
            parse_name("\u{2067}\u{2069}"),
            Err(AccountInputError::Name { max: NAME_MAX })
        );
        assert_eq!(parse_name("أمينة").unwrap(), "أمينة");
    }

    fn editor(regions: Vec<Region>, countries: &[&str]) -> Actor {
        Actor {
            id: 2,
            name: "Editor".into(),
            role: Role::Editor,
            scope: Scope {
                regions,
                countries: countries.iter().map(|c| Iso3::parse(c).unwrap()).collect(),
            },
        }
    }

    #[test]
    fn emails_are_case_insensitive_and_checked() {
        assert_eq!(
            Email::parse("  Amina@UN.org ").unwrap().as_str(),
            "amina@un.org"
        );
        for bad in [
            "",
            "amina",
            "a@b",
            "@un.org",
            "a@@un.org",
            "a b@un.org",
            "a@un.org.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_length_not_composition() {
        assert!(check_new_password("correct horse battery").is_ok());
        assert!(check_new_password("short").is_err());
        assert!(check_new_password(&"é".repeat(PASSWORD_MIN)).is_ok());
        assert!(check_new_password(&"x".repeat(PASSWORD_MAX + 1)).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("  Amina K. ").unwrap(), "Amina K.");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"n".repeat(NAME_MAX + 1)).is_err());
    }

    #[test]
    fn editors_edit_only_their_regions_and_countries() {
        let kenya = Iso3::parse("KEN").unwrap();
        let peru = Iso3::parse("PER").unwrap();
        let france = Iso3::parse("FRA").unwrap();
        let africa = editor(vec![Region::Africa], &["PER"]);
        assert!(africa.can_edit_country(kenya, Coverage::Region(Region::Africa)));
        assert!(africa.can_edit_country(peru, Coverage::Region(Region::LatinAmericaCaribbean)));
        assert!(!africa.can_edit_country(
            Iso3::parse("CHL").unwrap(),
            Coverage::Region(Region::LatinAmericaCaribbean)
        ));
        assert!(!africa.can_edit_country(france, Coverage::NoCountryTeam));
        assert!(africa.can_edit_region(Region::Africa));
        assert!(!africa.can_edit_region(Region::AsiaPacific));
        let admin = Actor {
            role: Role::Admin,
            ..editor(vec![], &[])
        };
        assert!(admin.can_edit_country(france, Coverage::NoCountryTeam));
        assert!(admin.can_edit_region(Region::AsiaPacific));
    }

    #[test]
    fn reviewers_review_their_scope_and_edit_nothing() {
        let kenya = Iso3::parse("KEN").unwrap();
        let africa = Coverage::Region(Region::Africa);
        let reviewer = Actor {
            role: Role::Reviewer,
            ..editor(vec![Region::Africa], &["PER"])
        };
        assert!(reviewer.can_review_country(kenya, africa));
        assert!(reviewer.can_review_country(
            Iso3::parse("PER").unwrap(),
            Coverage::Region(Region::LatinAmericaCaribbean)
        ));
        assert!(!reviewer.can_review_country(
            Iso3::parse("CHL").unwrap(),
            Coverage::Region(Region::LatinAmericaCaribbean)
        ));
        assert!(reviewer.can_review_region(Region::Africa));
        assert!(!reviewer.can_review_region(Region::EuropeCentralAsia));
        assert!(!reviewer.can_edit_country(kenya, africa));
        assert!(!reviewer.can_edit_region(Region::Africa));
        // An editor of the same scope edits it and reviews nothing.
        let editor = editor(vec![Region::Africa], &[]);
        assert!(editor.can_edit_country(kenya, africa));
        assert!(!editor.can_review_country(kenya, africa));
        assert!(!editor.can_review_region(Region::Africa));
        // An administrator does both, everywhere.
        let admin = Actor {
            role: Role::Admin,
            ..editor.clone()
        };
        assert!(admin.can_review_country(Iso3::parse("FRA").unwrap(), Coverage::NoCountryTeam));
        assert!(admin.can_review_region(Region::AsiaPacific));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.slug()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
