//! The page a one-click unsubscribe link opens in a browser (server only):
//! a confirmation first (a link checker that follows the link unsubscribes
//! nobody), then what the click did. Standalone HTML in the message's
//! language, with the site's stylesheet; every value escaped.

use crate::i18n::*;
use crate::services::change_text::locale_of;
use crate::services::map_markup::escape;
use crate::text::mail_kind_name_in;
use summit::{Language, MailKind};

/// What the page says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsubscribePage {
    /// Asks to confirm, with a button that posts to the link.
    Confirm,
    /// The kind is now off.
    Done(MailKind),
    /// The link was used before.
    Used(MailKind),
    /// No such link, or it expired.
    Unknown,
}

/// The page in `language`; `stylesheet` is the site's hashed CSS path.
pub fn unsubscribe_page(language: Language, page: UnsubscribePage, stylesheet: &str) -> String {
    let locale = locale_of(language);
    let title = td_string!(locale, mail.unsubscribe_title).to_string();
    let body = match page {
        UnsubscribePage::Confirm => format!(
            r#"<p>{}</p><form method="post" class="form"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" class="button primary">{}</button></form>"#,
            escape(td_string!(locale, mail.unsubscribe_confirm)),
            escape(td_string!(locale, mail.unsubscribe_button)),
        ),
        UnsubscribePage::Done(kind) => format!(
            r#"<p class="success" role="status">{}</p>"#,
            escape(
                &td_string!(
                    locale,
                    mail.unsubscribe_done,
                    kind = mail_kind_name_in(locale, kind)
                )
                .to_string()
            )
        ),
        UnsubscribePage::Used(kind) => format!(
            r#"<p class="success" role="status">{}</p>"#,
            escape(
                &td_string!(
                    locale,
                    mail.unsubscribe_used,
                    kind = mail_kind_name_in(locale, kind)
                )
                .to_string()
            )
        ),
        UnsubscribePage::Unknown => format!(
            "<p>{}</p>",
            escape(td_string!(locale, mail.unsubscribe_unknown))
        ),
    };
    format!(
        r#"<!DOCTYPE html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{title} — {site}</title><link rel="stylesheet" href="{css}"></head><body><main id="main"><h1>{title}</h1><div class="card">{body}<p><a href="/{lang}/account#mail">{account}</a></p></div></main></body></html>"#,
        lang = language.code(),
        dir = language.dir(),
        title = escape(&title),
        site = escape(td_string!(locale, site.name)),
        css = escape(stylesheet),
        account = escape(td_string!(locale, mail.account_link)),
    )
}
