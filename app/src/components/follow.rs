//! "Follow the changes": the Atom feed of what a page shows, as a visible
//! link and as `<link rel="alternate" type="application/atom+xml">` in the
//! head ([`FeedLink`]), so feed readers, Outlook and Teams find it from the
//! page's address.
//! The feed itself is `server::http::feeds`.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Link;

/// The feed of the changes under `filter` (`region`, `country`, `kind`,
/// `theme`), in the page's language.
pub fn feed_href(lang: &str, filter: &[(&str, String)]) -> String {
    let mut href = format!("/feeds/changes.atom?lang={lang}");
    for (key, value) in filter {
        href.push('&');
        href.push_str(key);
        href.push('=');
        href.push_str(&encode(value));
    }
    href
}

/// Percent-encodes a query key or value (slugs and ISO codes need none;
/// anything else is encoded rather than trusted).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The feed's title: "Follow-up changes: Ghana", or of the whole follow-up.
fn feed_title(locale: Locale, place: Option<String>) -> String {
    match place {
        Some(place) => td_string!(locale, feed.title_of, place = place).to_string(),
        None => td_string!(locale, feed.title).to_string(),
    }
}

/// The feed in the head, where readers look for it. Apart from [`Follow`]
/// because head tags cannot be part of a reused body.
#[component]
pub fn FeedLink(
    /// The filters of the feed, as its query.
    filter: Vec<(&'static str, String)>,
    /// What the feed is about ("Ghana"); the whole follow-up when absent.
    #[prop(optional, into)]
    place: Option<String>,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let href = feed_href(locale.as_str(), &filter);
    view! { <Link rel="alternate" type_="application/atom+xml" href=href title=feed_title(locale, place) /> }
}

/// The visible link to the feed (its head link is [`FeedLink`]).
#[component]
pub fn Follow(
    /// The filters of the feed, as its query.
    filter: Vec<(&'static str, String)>,
    /// What the feed is about ("Ghana"); the whole follow-up when absent.
    #[prop(optional, into)]
    place: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let href = feed_href(locale.as_str(), &filter);
    // Server-rendered only (no island): the page's language is fixed.
    let title = feed_title(locale, place);
    view! {
        <p class="follow">
            <a href=href type="application/atom+xml" title=move || t_string!(i18n, feed.follow_hint).to_string()>
                <svg class="follow-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                    <circle cx="3" cy="13" r="2" />
                    <path d="M1 7a8 8 0 0 1 8 8h-2.5A5.5 5.5 0 0 0 1 9.5zM1 2a13 13 0 0 1 13 13h-2.5A10.5 10.5 0 0 0 1 4.5z" />
                </svg>
                {move || t_string!(i18n, feed.follow)}
            </a>
            <span class="visually-hidden">" — " {title}</span>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_an_encoded_query() {
        assert_eq!(
            feed_href(
                "fr",
                &[("country", "GHA".into()), ("theme", "a b&c".into())]
            ),
            "/feeds/changes.atom?lang=fr&country=GHA&theme=a%20b%26c"
        );
    }
}
