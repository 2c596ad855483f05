//! A queued message written out in its recipient's language (server only):
//! a subject, a plain-text part and an HTML part saying the same. Every
//! value reaches the HTML escaped for it (`escape`); the subject is one line
//! whatever a name or comment holds. Links are absolute, from the operator's
//! public URL only.

use super::render::{html_part, one_line, text_part, Block};
use crate::i18n::*;
use crate::model::{ActionTarget, DueItem, MailPayload};
use crate::services::change_text::locale_of;
use crate::text::{action_name_in, long_date_in, mail_kind_name_in, region_name_in};
use std::collections::HashMap;
use summit::{Iso3, Language};

/// A message ready for the mail transport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Where a message's links point.
#[derive(Clone, Debug)]
pub struct Links<'a> {
    /// The site's public origin, `https://tracker.un.org`.
    pub origin: &'a str,
    /// This message's one-click unsubscribe address (none for a link to
    /// choose a password).
    pub unsubscribe: Option<&'a str>,
    /// The page a link to choose a password opens, with its token.
    pub access: Option<&'a str>,
}

/// Country names in the recipient's language, by ISO code.
pub type PlaceNames = HashMap<Iso3, String>;

/// Writes `payload` in `language` for the holder of `address`.
pub fn compose(
    payload: &MailPayload,
    language: Language,
    address: &str,
    names: &PlaceNames,
    links: &Links<'_>,
) -> Composed {
    let locale = locale_of(language);
    let place = |target: &ActionTarget| place_name(locale, names, target);
    let page = |path: &str| format!("{}/{}{path}", links.origin, language.code());
    let (subject, blocks) = match payload {
        MailPayload::Returned {
            proposal,
            target,
            action,
            reviewer,
            comment,
        } => {
            let (place, action) = (place(target), action_name_in(locale, *action));
            (
                td_string!(
                    locale,
                    mail.returned_subject,
                    action = action.clone(),
                    place = place.clone()
                )
                .to_string(),
                vec![
                    Block::Para(
                        td_string!(
                            locale,
                            mail.returned_lead,
                            reviewer = reviewer.clone(),
                            action = action,
                            place = place
                        )
                        .to_string(),
                    ),
                    Block::Quote(comment.clone()),
                    Block::Link {
                        label: td_string!(locale, mail.returned_next).to_string(),
                        href: page(&format!("/review#proposal-{proposal}")),
                    },
                ],
            )
        }
        MailPayload::Approved {
            target,
            action,
            reviewer,
            ..
        } => {
            let (place_text, action) = (place(target), action_name_in(locale, *action));
            (
                td_string!(
                    locale,
                    mail.approved_subject,
                    action = action.clone(),
                    place = place_text.clone()
                )
                .to_string(),
                vec![
                    Block::Para(
                        td_string!(
                            locale,
                            mail.approved_lead,
                            reviewer = reviewer.clone(),
                            action = action,
                            place = place_text.clone()
                        )
                        .to_string(),
                    ),
                    Block::Link {
                        label: td_string!(locale, mail.approved_next, place = place_text)
                            .to_string(),
                        href: page(&target.path()),
                    },
                ],
            )
        }
        MailPayload::DueSoon { items } | MailPayload::Overdue { items } => {
            let overdue = matches!(payload, MailPayload::Overdue { .. });
            let (subject, lead) = if overdue {
                (
                    td_string!(locale, mail.overdue_subject),
                    td_string!(locale, mail.overdue_lead),
                )
            } else {
                (
                    td_string!(locale, mail.due_subject),
                    td_string!(locale, mail.due_lead),
                )
            };
            (
                subject.to_string(),
                vec![
                    Block::Para(lead.to_string()),
                    Block::List(items.iter().map(|i| due_line(locale, names, i)).collect()),
                    Block::Link {
                        label: td_string!(locale, mail.reminder_next).to_string(),
                        href: page(if overdue {
                            "/tracker?due=overdue"
                        } else {
                            "/tracker?due=due-soon"
                        }),
                    },
                ],
            )
        }
        MailPayload::Digest(digest) => {
            let date = long_date_in(locale, digest.week);
            let mut blocks = vec![Block::Para(
                td_string!(locale, mail.digest_lead, date = date.clone()).to_string(),
            )];
            blocks.push(Block::Para(
                td_string!(locale, mail.digest_moved, count = digest.moved_total).to_string(),
            ));
            let mut moved: Vec<String> = digest
                .moved
                .iter()
                .map(|m| {
                    let day = m
                        .day
                        .parse()
                        .map(|d| long_date_in(locale, d))
                        .unwrap_or_else(|_| m.day.clone());
                    td_string!(
                        locale,
                        mail.moved_item,
                        place = place(&m.target),
                        action = action_name_in(locale, m.action),
                        date = day,
                        by = m.by.clone()
                    )
                    .to_string()
                })
                .collect();
            more(locale, &mut moved, digest.moved_total);
            if !moved.is_empty() {
                blocks.push(Block::List(moved));
            }
            blocks.push(Block::Para(
                td_string!(locale, mail.digest_overdue, count = digest.overdue_total).to_string(),
            ));
            let mut overdue: Vec<String> = digest
                .overdue
                .iter()
                .map(|i| due_line(locale, names, i))
                .collect();
            more(locale, &mut overdue, digest.overdue_total);
            if !overdue.is_empty() {
                blocks.push(Block::List(overdue));
            }
            blocks.push(Block::Para(
                td_string!(locale, mail.digest_awaiting, count = digest.awaiting_review)
                    .to_string(),
            ));
            blocks.push(Block::Link {
                label: td_string!(locale, mail.digest_review).to_string(),
                href: page("/review"),
            });
            (
                td_string!(locale, mail.digest_subject, date = date).to_string(),
                blocks,
            )
        }
        MailPayload::Access { purpose, .. } => {
            super::access::message(locale, *purpose, links.access.unwrap_or_default())
        }
    };
    let footer = match (payload, links.unsubscribe) {
        (MailPayload::Access { purpose, .. }, _) => {
            super::access::footer(locale, *purpose, address)
        }
        (_, unsubscribe) => regular_footer(locale, payload, address, &page, unsubscribe),
    };
    Composed {
        subject: one_line(&subject),
        text: text_part(&blocks, &footer),
        html: html_part(language, &subject, &blocks, &footer),
    }
}

/// Why the message came, the settings, and one-click unsubscribe.
fn regular_footer(
    locale: Locale,
    payload: &MailPayload,
    address: &str,
    page: &dyn Fn(&str) -> String,
    unsubscribe: Option<&str>,
) -> Vec<Block> {
    let mut footer = vec![
        // The address isolated (LRI…PDI) inside a right-to-left sentence.
        Block::Para(
            td_string!(
                locale,
                mail.why,
                address = format!("\u{2066}{address}\u{2069}")
            )
            .to_string(),
        ),
        Block::Link {
            label: td_string!(locale, mail.settings).to_string(),
            href: page("/account#mail"),
        },
    ];
    if let Some(href) = unsubscribe {
        footer.push(Block::Link {
            label: td_string!(
                locale,
                mail.unsubscribe,
                kind = mail_kind_name_in(locale, payload.kind())
            )
            .to_string(),
            href: href.to_owned(),
        });
    }
    footer
}

fn place_name(locale: Locale, names: &PlaceNames, target: &ActionTarget) -> String {
    match target {
        ActionTarget::Country(iso3) => names.get(iso3).cloned().unwrap_or_else(|| iso3.to_string()),
        ActionTarget::Region(region) => region_name_in(locale, *region),
    }
}

/// "Ghana: National report — 3 days left (due 8 February 2027)".
fn due_line(locale: Locale, names: &PlaceNames, item: &DueItem) -> String {
    let when = if item.days_left <= 0 {
        let days = i32::try_from(1 - item.days_left).unwrap_or(i32::MAX);
        let span = td_string!(locale, units.days, count = days).to_string();
        td_string!(locale, due.late, days = span).to_string()
    } else if item.days_left == 1 {
        td_string!(locale, due.last_day).to_string()
    } else {
        let days = i32::try_from(item.days_left).unwrap_or(i32::MAX);
        let span = td_string!(locale, units.days, count = days).to_string();
        td_string!(locale, due.left, days = span).to_string()
    };
    td_string!(
        locale,
        mail.item,
        place = place_name(locale, names, &item.target),
        action = action_name_in(locale, item.action),
        when = when,
        date = long_date_in(locale, item.due)
    )
    .to_string()
}

/// Adds "… and 12 more" when a list was cut short.
fn more(locale: Locale, lines: &mut Vec<String>, total: u32) {
    let shown = u32::try_from(lines.len()).unwrap_or(u32::MAX);
    if total > shown {
        lines.push(td_string!(locale, mail.digest_more, count = total - shown).to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Digest, MovedItem};
    use summit::{ActionKind, Region};

    fn names() -> PlaceNames {
        [(Iso3::parse("KEN").unwrap(), "كينيا".to_owned())].into()
    }

    const LINKS: Links<'static> = Links {
        origin: "https://tracker.example",
        unsubscribe: Some("https://tracker.example/mail/unsubscribe?t=ab&lang=ar"),
        access: None,
    };

    #[test]
    fn a_return_is_escaped_for_html_and_kept_to_one_line_in_the_subject() {
        let payload = MailPayload::Returned {
            proposal: 7,
            target: ActionTarget::Country(Iso3::parse("KEN").unwrap()),
            action: ActionKind::NationalStrategy,
            reviewer: "Rev\r\nBcc: x@evil.example".into(),
            comment: "<b>why</b> & \"how\"".into(),
        };
        let mail = compose(&payload, Language::Ar, "a@un.org", &names(), &LINKS);
        assert!(
            !mail.subject.contains('\n') && !mail.subject.contains('\r'),
            "{}",
            mail.subject
        );
        assert!(mail.subject.contains("كينيا"), "{}", mail.subject);
        assert!(mail
            .html
            .starts_with(r#"<!DOCTYPE html><html lang="ar" dir="rtl">"#));
        assert!(
            mail.html
                .contains("&lt;b&gt;why&lt;/b&gt; &amp; &quot;how&quot;"),
            "{}",
            mail.html
        );
        assert!(!mail.html.contains("<b>"));
        assert!(
            mail.text.contains("> <b>why</b> & \"how\""),
            "{}",
            mail.text
        );
        assert!(mail
            .text
            .contains("https://tracker.example/ar/review#proposal-7"));
        assert!(mail
            .html
            .contains(r#"href="https://tracker.example/mail/unsubscribe?t=ab&amp;lang=ar""#));
    }

    #[test]
    fn a_password_link_carries_the_link_and_no_unsubscribing() {
        let payload = MailPayload::Access {
            link: 3,
            purpose: summit::sign_in::LinkPurpose::Invitation,
        };
        let links = Links {
            origin: "https://tracker.example",
            unsubscribe: None,
            access: Some("https://tracker.example/ru/set-password?token=abc&x=<y>"),
        };
        let mail = compose(&payload, Language::Ru, "olga@un.org", &names(), &links);
        assert!(mail.subject.contains("Мониторинг"), "{}", mail.subject);
        assert!(mail
            .text
            .contains("https://tracker.example/ru/set-password?token=abc&x=<y>"));
        assert!(
            mail.html.contains(
                r#"href="https://tracker.example/ru/set-password?token=abc&amp;x=&lt;y&gt;""#
            ),
            "{}",
            mail.html
        );
        assert!(!mail.html.contains("unsubscribe") && !mail.text.contains("unsubscribe"));
        assert!(
            mail.text.contains("\u{2066}olga@un.org\u{2069}"),
            "{}",
            mail.text
        );
    }

    #[test]
    fn a_digest_counts_what_it_does_not_list() {
        let moved = MovedItem {
            target: ActionTarget::Region(Region::Africa),
            action: ActionKind::RegionalStrategy,
            day: "2027-02-03".into(),
            by: "Amina".into(),
        };
        let digest = Digest {
            week: "2027-02-08".parse().unwrap(),
            moved: vec![moved; 2],
            moved_total: 25,
            awaiting_review: 3,
            overdue: Vec::new(),
            overdue_total: 0,
        };
        let mail = compose(
            &MailPayload::Digest(Box::new(digest)),
            Language::En,
            "a@un.org",
            &names(),
            &LINKS,
        );
        assert!(mail.subject.contains("8 February 2027"), "{}", mail.subject);
        assert!(mail.text.contains("Changes published: 25"), "{}", mail.text);
        assert!(mail.text.contains("… and 23 more"), "{}", mail.text);
        assert!(
            mail.text.contains("waiting for your review: 3"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains("Africa: "), "{}", mail.text);
    }
}
