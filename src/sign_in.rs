//! Who may sign in through an organisation's identity provider, and as
//! what: the rules an administrator writes, and the links sent by e-mail
//! (an invitation, a password reset). Nothing here does I/O; the OpenID
//! Connect protocol itself is the server's (`server::oidc`).
//!
//! - An account is found by the provider's stable subject (`sub`) once it
//!   has signed in; a provider's e-mail address alone never takes over an
//!   account unless the provider vouches for it ([`ProviderClaims::email_trusted`]).
//! - A person the provider knows but no account has is given one only when
//!   a [`SignInRule`] matches what the provider says; otherwise their
//!   request waits for an administrator.

use crate::{Email, Role, Scope};
use serde::{Deserialize, Serialize};

/// What a provider said about a person, after the ID token was validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderClaims {
    /// The provider's stable identifier of the person (`sub`).
    pub subject: String,
    pub email: Option<Email>,
    /// Whether the e-mail address is the person's own: the provider said
    /// `email_verified: true`, or the operator marked the provider as one
    /// whose addresses are always its own users' (an organisation's
    /// directory, where addresses are assigned, not typed).
    pub email_trusted: bool,
    pub name: Option<String>,
    /// The `groups` claim (Entra ID: group object ids, or names when the
    /// app registration asks for them).
    pub groups: Vec<String>,
    /// The `roles` claim (Entra ID: the app roles assigned to the person).
    pub roles: Vec<String>,
}

impl ProviderClaims {
    /// The e-mail address when it can be relied on to name the person.
    pub fn trusted_email(&self) -> Option<&Email> {
        self.email.as_ref().filter(|_| self.email_trusted)
    }

    /// A name to show: the provider's, else the address's local part.
    pub fn display_name(&self) -> String {
        let name: String = self
            .name
            .as_deref()
            .unwrap_or_default()
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(crate::access::NAME_MAX)
            .collect();
        if !name.is_empty() {
            return name;
        }
        self.email
            .as_ref()
            .and_then(|e| e.as_str().split('@').next())
            .filter(|local| !local.is_empty())
            .map_or_else(|| "—".to_owned(), str::to_owned)
    }
}

/// What a rule looks at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "claim", content = "value", rename_all = "kebab-case")]
pub enum Matcher {
    /// The domain of a trusted e-mail address, exactly (`un.org` does not
    /// match `undp.un.org`: each domain is a rule of its own).
    EmailDomain(String),
    /// One value of the `groups` claim, exactly.
    Group(String),
    /// One value of the `roles` claim, exactly.
    AppRole(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RuleError {
    #[error("the value to match is empty or too long")]
    Value,
    #[error("not an e-mail domain")]
    Domain,
}

impl Matcher {
    pub const CLAIMS: [&'static str; 3] = ["email-domain", "group", "role"];

    /// Builds a matcher from a form's claim name and value.
    pub fn parse(claim: &str, value: &str) -> Result<Matcher, RuleError> {
        let value = value.trim();
        if value.is_empty() || value.chars().count() > 200 || value.chars().any(char::is_control) {
            return Err(RuleError::Value);
        }
        match claim {
            "email-domain" => {
                let domain = value.trim_start_matches('@').to_lowercase();
                let ok = domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && domain
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
                if ok {
                    Ok(Matcher::EmailDomain(domain))
                } else {
                    Err(RuleError::Domain)
                }
            }
            "group" => Ok(Matcher::Group(value.to_owned())),
            "role" => Ok(Matcher::AppRole(value.to_owned())),
            _ => Err(RuleError::Value),
        }
    }

    pub fn claim(&self) -> &'static str {
        match self {
            Matcher::EmailDomain(_) => "email-domain",
            Matcher::Group(_) => "group",
            Matcher::AppRole(_) => "role",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Matcher::EmailDomain(v) | Matcher::Group(v) | Matcher::AppRole(v) => v,
        }
    }

    pub fn matches(&self, claims: &ProviderClaims) -> bool {
        match self {
            Matcher::EmailDomain(domain) => claims
                .trusted_email()
                .and_then(|e| e.as_str().rsplit_once('@'))
                .is_some_and(|(_, d)| d == domain),
            Matcher::Group(group) => claims.groups.iter().any(|g| g == group),
            Matcher::AppRole(role) => claims.roles.iter().any(|r| r == role),
        }
    }
}

/// "Whoever provider P says matches M gets an account with role R and
/// scope S." `provider` `None`: any configured provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRule {
    pub id: i64,
    pub provider: Option<String>,
    pub matcher: Matcher,
    pub role: Role,
    pub scope: Scope,
}

/// The rule that gives an account to someone `provider` describes with
/// `claims`: the first matching one in `rules`' order (oldest first), so
/// adding a rule never changes what an earlier one gives.
pub fn first_match<'a>(
    rules: &'a [SignInRule],
    provider: &str,
    claims: &ProviderClaims,
) -> Option<&'a SignInRule> {
    rules.iter().find(|rule| {
        rule.provider.as_deref().is_none_or(|p| p == provider) && rule.matcher.matches(claims)
    })
}

/// What an e-mailed link lets its holder do, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkPurpose {
    /// Choose a new password (asked for on the sign-in page).
    Reset,
    /// Choose a first password for an account an administrator created.
    Invitation,
}

impl LinkPurpose {
    pub const fn slug(self) -> &'static str {
        match self {
            LinkPurpose::Reset => "reset",
            LinkPurpose::Invitation => "invitation",
        }
    }

    pub fn parse(text: &str) -> Option<LinkPurpose> {
        [LinkPurpose::Reset, LinkPurpose::Invitation]
            .into_iter()
            .find(|p| p.slug() == text)
    }

    /// How long a link works after it is sent: an hour for a reset (OWASP's
    /// Forgot Password Cheat Sheet: short), a week for an invitation (it may
    /// wait in an inbox over a weekend).
    pub const fn lifetime_ms(self) -> i64 {
        match self {
            LinkPurpose::Reset => 60 * 60 * 1000,
            LinkPurpose::Invitation => 7 * 24 * 60 * 60 * 1000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Region;

    fn claims(email: &str, trusted: bool) -> ProviderClaims {
        ProviderClaims {
            subject: "s".into(),
            email: Email::parse(email).ok(),
            email_trusted: trusted,
            groups: vec!["g-editors".into()],
            roles: vec!["Reviewer".into()],
            ..Default::default()
        }
    }

    fn rule(id: i64, provider: Option<&str>, matcher: Matcher, role: Role) -> SignInRule {
        SignInRule {
            id,
            provider: provider.map(str::to_owned),
            matcher,
            role,
            scope: Scope {
                regions: vec![Region::Africa],
                countries: vec![],
            },
        }
    }

    #[test]
    fn a_domain_matches_only_trusted_addresses_of_exactly_that_domain() {
        let m = Matcher::parse("email-domain", "@UN.org").unwrap();
        assert_eq!(m, Matcher::EmailDomain("un.org".into()));
        assert!(m.matches(&claims("a@un.org", true)));
        assert!(!m.matches(&claims("a@un.org", false)), "unverified");
        assert!(!m.matches(&claims("a@undp.un.org", true)), "subdomain");
        assert!(!m.matches(&claims("a@evil-un.org", true)));
        assert!(!m.matches(&claims("un.org@evil.example", true)));
        assert_eq!(Matcher::parse("email-domain", "un"), Err(RuleError::Domain));
        assert_eq!(
            Matcher::parse("email-domain", "a@b.org"),
            Err(RuleError::Domain)
        );
    }

    #[test]
    fn groups_and_roles_match_exactly() {
        let c = claims("a@un.org", false);
        assert!(Matcher::Group("g-editors".into()).matches(&c));
        assert!(!Matcher::Group("g-edit".into()).matches(&c));
        assert!(Matcher::AppRole("Reviewer".into()).matches(&c));
        assert!(!Matcher::AppRole("reviewer".into()).matches(&c));
        assert_eq!(Matcher::parse("group", "  "), Err(RuleError::Value));
        assert_eq!(Matcher::parse("colour", "x"), Err(RuleError::Value));
    }

    #[test]
    fn the_first_rule_for_the_provider_wins() {
        let rules = [
            rule(
                1,
                Some("other"),
                Matcher::Group("g-editors".into()),
                Role::Admin,
            ),
            rule(2, None, Matcher::AppRole("Reviewer".into()), Role::Reviewer),
            rule(
                3,
                Some("entra"),
                Matcher::Group("g-editors".into()),
                Role::Editor,
            ),
        ];
        let c = claims("a@un.org", true);
        assert_eq!(first_match(&rules, "entra", &c).map(|r| r.id), Some(2));
        assert_eq!(first_match(&rules, "other", &c).map(|r| r.id), Some(1));
        let nobody = ProviderClaims::default();
        assert_eq!(first_match(&rules, "entra", &nobody), None);
    }

    #[test]
    fn a_name_comes_from_the_provider_or_the_address() {
        let mut c = claims("amina.diallo@un.org", true);
        assert_eq!(c.display_name(), "amina.diallo");
        c.name = Some(" Amina\u{7} Diallo ".into());
        assert_eq!(c.display_name(), "Amina Diallo");
    }

    #[test]
    fn links_last_an_hour_or_a_week() {
        assert_eq!(LinkPurpose::Reset.lifetime_ms(), 3_600_000);
        assert_eq!(
            LinkPurpose::parse("invitation"),
            Some(LinkPurpose::Invitation)
        );
        assert_eq!(LinkPurpose::parse("x"), None);
    }
}
