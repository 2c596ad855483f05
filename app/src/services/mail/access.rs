//! The message carrying a link to choose a password: an invitation from an
//! administrator, or a reset the person asked for. Its footer says why it
//! came and that nothing changes if it is ignored; it has no unsubscribe
//! link (nobody receives one without asking or being invited).

use super::render::Block;
use crate::i18n::*;
use summit::sign_in::LinkPurpose;

/// The subject and blocks of an access message; `link`: the page that
/// takes the token, absolute.
pub(super) fn message(locale: Locale, purpose: LinkPurpose, link: &str) -> (String, Vec<Block>) {
    let link = Block::Link {
        label: td_string!(locale, mail.access_action).to_string(),
        href: link.to_owned(),
    };
    match purpose {
        LinkPurpose::Reset => (
            td_string!(locale, mail.reset_subject).to_string(),
            vec![
                Block::Para(td_string!(locale, mail.reset_lead).to_string()),
                link,
                Block::Para(td_string!(locale, mail.reset_expiry).to_string()),
            ],
        ),
        LinkPurpose::Invitation => (
            td_string!(locale, mail.invitation_subject).to_string(),
            vec![
                Block::Para(td_string!(locale, mail.invitation_lead).to_string()),
                link,
                Block::Para(td_string!(locale, mail.invitation_expiry).to_string()),
            ],
        ),
    }
}

/// The footer: why the message came, and that ignoring it changes nothing.
pub(super) fn footer(locale: Locale, purpose: LinkPurpose, address: &str) -> Vec<Block> {
    let address = format!("\u{2066}{address}\u{2069}");
    vec![Block::Para(match purpose {
        LinkPurpose::Reset => td_string!(locale, mail.reset_why, address = address).to_string(),
        LinkPurpose::Invitation => {
            td_string!(locale, mail.invitation_why, address = address).to_string()
        }
    })]
}
