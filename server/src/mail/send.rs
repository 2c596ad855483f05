//! One attempt at one message: written in its recipient's language
//! (`app::services::mail::compose`), with its own one-click unsubscribe
//! link (RFC 8058), handed to the mail server, and the outcome judged: sent,
//! try again later, or give up.

use super::MailConfig;
use app::model::MailPayload;
use app::services::mail::compose::{compose, Links, PlaceNames};
use app::services::mail::unsubscribe_token;
use app::services::storage::{ClaimedMail, MailOutcome, SharedStorage};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::collections::HashMap;
use summit::mail::retry_after;
use summit::Language;

/// The mail server, reached through one pool of connections.
pub(super) struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    config: MailConfig,
    /// The site's public origin, what every link starts with.
    origin: String,
    /// Country names per language, read once per pass.
    names: HashMap<Language, PlaceNames>,
}

impl Sender {
    pub(super) fn new(
        config: MailConfig,
        origin: String,
    ) -> Result<Sender, lettre::transport::smtp::Error> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)?
            .timeout(Some(config.timing.smtp_timeout))
            .build();
        Ok(Sender {
            transport,
            config,
            origin,
            names: HashMap::new(),
        })
    }

    /// Forgets the names read for the last pass (a country renamed since
    /// is named anew).
    pub(super) fn new_pass(&mut self) {
        self.names.clear();
    }

    async fn names(
        &mut self,
        storage: &SharedStorage,
        language: Language,
    ) -> Result<&PlaceNames, String> {
        use std::collections::hash_map::Entry;
        match self.names.entry(language) {
            Entry::Occupied(known) => Ok(known.into_mut()),
            Entry::Vacant(slot) => {
                let countries = storage
                    .countries(language)
                    .await
                    .map_err(|e| format!("country names: {e}"))?;
                Ok(slot.insert(countries.into_iter().map(|c| (c.iso3, c.name)).collect()))
            }
        }
    }

    /// Sends one claimed message and says how it went.
    pub(super) async fn deliver(
        &mut self,
        storage: &SharedStorage,
        mail: &ClaimedMail,
        now_ms: i64,
    ) -> MailOutcome {
        if mail.opted_out {
            return MailOutcome::Dropped;
        }
        let to = match mail.address.parse::<Mailbox>() {
            Ok(to) => to,
            Err(_) => {
                return MailOutcome::Failed {
                    error: "the account's address is not one a mail server takes".to_owned(),
                }
            }
        };
        let message = match self.message(storage, mail, to, now_ms).await {
            Ok(Some(message)) => message,
            // A link that was used or replaced meanwhile: nothing to send.
            Ok(None) => return MailOutcome::Dropped,
            // The database, not the mail server: the same wait applies.
            Err(error) => return self.again(mail.attempts, error, now_ms),
        };
        let whole = self.config.timing.smtp_timeout.saturating_mul(4);
        match tokio::time::timeout(whole, self.transport.send(message)).await {
            Ok(Ok(_)) => MailOutcome::Sent,
            Ok(Err(error)) if error.is_permanent() => MailOutcome::Failed {
                error: error.to_string(),
            },
            Ok(Err(error)) => self.again(mail.attempts, error.to_string(), now_ms),
            Err(_) => self.again(
                mail.attempts,
                "the mail server did not answer in time".to_owned(),
                now_ms,
            ),
        }
    }

    fn again(&self, attempts: u32, error: String, now_ms: i64) -> MailOutcome {
        match retry_after(attempts, self.config.timing.retry_base) {
            Some(wait) => MailOutcome::Retry {
                at_ms: now_ms.saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX)),
                error,
            },
            None => MailOutcome::Failed { error },
        }
    }

    async fn message(
        &mut self,
        storage: &SharedStorage,
        mail: &ClaimedMail,
        to: Mailbox,
        now_ms: i64,
    ) -> Result<Option<Message>, String> {
        let kind = mail.payload.kind();
        let lang = mail.language.code();
        let (unsubscribe, access) = match &mail.payload {
            // A new token at each attempt; the last one sent is the one that works.
            MailPayload::Access { link, .. } => {
                match app::services::access_links::mint(storage, *link, now_ms)
                    .await
                    .map_err(|e| format!("password link: {e}"))?
                {
                    Some(token) => (
                        None,
                        Some(format!("{}/{lang}/set-password?token={token}", self.origin)),
                    ),
                    None => return Ok(None),
                }
            }
            _ => {
                let token = unsubscribe_token(storage, mail.user_id, kind, mail.language, now_ms)
                    .await
                    .map_err(|e| format!("unsubscribe link: {e}"))?;
                let url = format!("{}/mail/unsubscribe?t={token}&lang={lang}", self.origin);
                (Some(url), None)
            }
        };
        let origin = self.origin.clone();
        let names = self.names(storage, mail.language).await?;
        let links = Links {
            origin: &origin,
            unsubscribe: unsubscribe.as_deref(),
            access: access.as_deref(),
        };
        let text = compose(&mail.payload, mail.language, &mail.address, names, &links);
        let host = url::Url::parse(&origin)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "localhost".to_owned());
        let header = |name: &'static str, value: String| {
            HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
        };
        let mut builder = Message::builder()
            .from(self.config.from.clone())
            .to(to)
            .subject(text.subject)
            // The same for every attempt at this message: a copy sent twice
            // is recognisably the same message.
            .message_id(Some(format!("<outbox-{}-{}@{host}>", mail.id, kind.slug())))
            .raw_header(header("Content-Language", mail.language.code().to_owned()))
            // RFC 3834: no vacation replies to a notification.
            .raw_header(header("Auto-Submitted", "auto-generated".to_owned()));
        if let Some(unsubscribe) = &unsubscribe {
            // RFC 2369 and RFC 8058: one-click unsubscribe from this kind.
            builder = builder
                .raw_header(header("List-Unsubscribe", format!("<{unsubscribe}>")))
                .raw_header(header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(text.text, text.html))
            .map(Some)
            .map_err(|e| format!("message: {e}"))
    }
}
