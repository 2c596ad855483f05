//! E-mail that arrives: an outbox in the database and a sender on every
//! instance (`worker`), which writes each message in its recipient's
//! language and hands it to the operator's SMTP server (`send`, with
//! `lettre`).
//!
//! - **Nothing lost.** What to send is planned from what is stored (review
//!   steps, deadlines, the week) and queued in the database before anything
//!   is sent. A mail server that is down or slow gets the message again
//!   later, waiting longer each time (`summit::mail::retry_after`); one that
//!   refuses it for good (a 5xx answer) gets it no more, and the
//!   administration page says so.
//! - **Sent once.** A sender claims messages for a lease (PostgreSQL skips
//!   rows another instance is claiming); a sender killed mid-send leaves a
//!   lease that runs out, and another sender sends the message. The one
//!   window left is between the mail server's "250 OK" and the row marked
//!   sent: a sender killed exactly there sends that message twice, with the
//!   same `Message-ID`, which receiving systems use to drop the copy.
//! - **Unset means none.** Without `SUMMIT_SMTP_URL` nothing is planned or
//!   queued, and the account and administration pages say that no e-mail
//!   is sent.

mod send;
pub mod worker;

use lettre::message::Mailbox;
use std::time::Duration;

/// How the operator's mail is sent, from the environment.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `SUMMIT_SMTP_URL`: `smtp://user:password@host:587?tls=required`
    /// (STARTTLS), `smtps://user:password@host:465` (TLS), or
    /// `smtp://host:25` (no TLS: a relay on the same machine or network).
    pub smtp_url: String,
    /// `SUMMIT_MAIL_FROM`: `Social Summit Tracker <noreply@tracker.un.org>`.
    pub from: Mailbox,
    /// `SUMMIT_MAIL_REMIND_DAYS`: how many days before a deadline editors
    /// are reminded, such as `14,3` (the default).
    pub remind_days: Vec<u16>,
    /// How often the outbox is looked at, and the other timings (not read
    /// from the environment; tests shorten them).
    pub timing: MailTiming,
}

/// The sender's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailTiming {
    /// Between two looks at the outbox and at what to plan.
    pub poll: Duration,
    /// The first wait after a failed attempt (then doubling).
    pub retry_base: Duration,
    /// How long a claimed message is a sender's own.
    pub lease: Duration,
    /// How long the mail server may take to answer any one step.
    pub smtp_timeout: Duration,
}

impl Default for MailTiming {
    fn default() -> Self {
        MailTiming {
            poll: Duration::from_secs(15),
            retry_base: Duration::from_secs(60),
            lease: Duration::from_secs(300),
            smtp_timeout: Duration::from_secs(30),
        }
    }
}

/// Why the mail settings were refused at start.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailConfigError {
    #[error("SUMMIT_SMTP_URL is not a mail server address like smtp://user:password@host:587?tls=required or smtps://host:465 ({0})")]
    SmtpUrl(String),
    #[error("SUMMIT_MAIL_FROM must be set with SUMMIT_SMTP_URL, as a sender like Social Summit Tracker <noreply@tracker.un.org>")]
    FromMissing,
    #[error("SUMMIT_MAIL_FROM={0:?} is not a sender like Social Summit Tracker <noreply@tracker.un.org>")]
    From(String),
    #[error("SUMMIT_MAIL_REMIND_DAYS={0:?} is not a list of days like 14,3")]
    RemindDays(String),
}

impl MailConfig {
    /// Reads the mail settings; `None` when `SUMMIT_SMTP_URL` is not set.
    pub fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Option<MailConfig>, MailConfigError> {
        let Some(smtp_url) = lookup("SUMMIT_SMTP_URL") else {
            return Ok(None);
        };
        // Checked now, so a typo stops the server at start, not at the
        // first message; the error never repeats the password.
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&smtp_url)
            .map_err(|e| MailConfigError::SmtpUrl(e.to_string().replace(&smtp_url, "…")))?;
        let from_text = lookup("SUMMIT_MAIL_FROM").ok_or(MailConfigError::FromMissing)?;
        let from = from_text
            .parse::<Mailbox>()
            .map_err(|_| MailConfigError::From(from_text.clone()))?;
        let remind_days = match lookup("SUMMIT_MAIL_REMIND_DAYS") {
            None => vec![14, 3],
            Some(text) => parse_days(&text).ok_or(MailConfigError::RemindDays(text))?,
        };
        Ok(Some(MailConfig {
            smtp_url,
            from,
            remind_days,
            timing: MailTiming::default(),
        }))
    }
}

/// `14,3` → `[14, 3]`: days from 1 to 366, at least one.
fn parse_days(text: &str) -> Option<Vec<u16>> {
    let days: Vec<u16> = text
        .split(',')
        .map(|d| {
            d.trim()
                .parse::<u16>()
                .ok()
                .filter(|d| (1..=366).contains(d))
        })
        .collect::<Option<_>>()?;
    (!days.is_empty()).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(vars: &[(&str, &str)]) -> Result<Option<MailConfig>, MailConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        MailConfig::from_lookup(&|k: &str| vars.get(k).cloned())
    }

    #[test]
    fn unset_means_no_mail() {
        assert!(read(&[]).unwrap().is_none());
    }

    #[test]
    fn a_mail_server_needs_a_sender_and_a_valid_address() {
        let ok = read(&[
            ("SUMMIT_SMTP_URL", "smtp://127.0.0.1:2525"),
            (
                "SUMMIT_MAIL_FROM",
                "Social Summit Tracker <noreply@tracker.un.org>",
            ),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(ok.remind_days, vec![14, 3]);
        assert_eq!(ok.from.email.to_string(), "noreply@tracker.un.org");
        assert_eq!(
            read(&[("SUMMIT_SMTP_URL", "smtp://127.0.0.1:2525")]).unwrap_err(),
            MailConfigError::FromMissing
        );
        let bad = read(&[
            ("SUMMIT_SMTP_URL", "imap://user:s3cret@mail.un.org"),
            ("SUMMIT_MAIL_FROM", "noreply@un.org"),
        ])
        .unwrap_err();
        assert!(matches!(bad, MailConfigError::SmtpUrl(_)));
        assert!(!bad.to_string().contains("s3cret"), "{bad}");
        assert!(matches!(
            read(&[
                ("SUMMIT_SMTP_URL", "smtp://127.0.0.1:2525"),
                ("SUMMIT_MAIL_FROM", "not an address"),
            ]),
            Err(MailConfigError::From(_))
        ));
    }

    #[test]
    fn reminder_days_are_a_list_of_days() {
        assert_eq!(parse_days("14, 3"), Some(vec![14, 3]));
        assert_eq!(parse_days("30"), Some(vec![30]));
        for bad in ["", "0", "14,,3", "two", "400", "-1"] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
    }
}
