//! Atom feeds (RFC 4287, written by `atom_syndication`) of changes to the
//! follow-up: `/feeds/changes.atom`, for everything or one region, country,
//! action kind or theme (`?region=`, `?country=`, `?kind=`, `?theme=`, the
//! same filters as `/api/v1/changes`), in the language of `?lang=`.
//!
//! A reader polling every few minutes costs almost nothing: every answer has
//! an `ETag` (a hash of the entries' ids and the language) and a
//! `Last-Modified` (the newest change), and a matching `If-None-Match` or
//! `If-Modified-Since` gets 304 with no body.

use super::api::changes::filters;
use super::api::ApiError;
use super::AppState;
use app::security::SiteOrigin;
use app::services::change_text as text;
use app::services::storage::{ActionTarget, ChangeRecord, SharedStorage};
use atom_syndication::{Category, Content, Entry, Feed, Generator, Link, Person, Text};
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use summit::{Iso3, Language};

/// Entries per feed: the newest changes. Readers keep what they have seen.
const ENTRIES: u32 = 50;
/// The feed's `updated` when nothing has changed yet: the summit's last day.
const NOTHING_YET: &str = "2025-11-06T00:00:00Z";

pub fn routes() -> Router<AppState> {
    Router::new().route("/feeds/changes.atom", get(changes_feed))
}

/// The feed's address for a page's filters, relative to the site (what
/// pages link to with `rel="alternate"`).
pub fn feed_path(language: Language, filter: &[(&str, &str)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("lang", language.code());
    for (key, value) in filter {
        query.append_pair(key, value);
    }
    format!("/feeds/changes.atom?{}", query.finish())
}

async fn changes_feed(
    State(storage): State<SharedStorage>,
    State(origin): State<SiteOrigin>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let language = match query.get("lang").map(String::as_str) {
        None | Some("") => Language::DEFAULT,
        Some(code) => Language::parse(code)
            .ok_or_else(|| ApiError::bad_request("lang must be one of ar, zh, en, fr, ru, es"))?,
    };
    let mut filter = filters(&query)?;
    filter.newest_first = true;
    filter.limit = ENTRIES;
    let changes = storage.changes(&filter).await?;

    let etag = etag(language, &changes);
    let newest = changes.first().map(|c| c.changed_at.clone());
    let last_modified = newest
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
        .map(http_date);
    if not_modified(&headers, &etag, last_modified.as_deref()) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        set_validators(response.headers_mut(), &etag, last_modified.as_deref());
        return Ok(response);
    }

    let names: HashMap<Iso3, String> = storage
        .countries(language)
        .await?
        .into_iter()
        .map(|c| (c.iso3, c.name))
        .collect();
    let themes = storage.themes(language).await?;
    let place_of = |target: &ActionTarget| match target {
        ActionTarget::Country(iso3) => names.get(iso3).cloned().unwrap_or_else(|| iso3.to_string()),
        ActionTarget::Region(region) => text::region_name(language, *region),
    };
    let origin = origin.0.as_ref();
    let lang = language.code();
    let page_of = |target: &ActionTarget| match target {
        ActionTarget::Country(iso3) => format!("{origin}/{lang}/countries/{iso3}"),
        ActionTarget::Region(region) => format!("{origin}/{lang}/regions/{}", region.slug()),
    };
    let place = if let Some(iso3) = filter.country {
        Some(place_of(&ActionTarget::Country(iso3)))
    } else if let Some(region) = filter.region {
        Some(text::region_name(language, region))
    } else {
        filter.kind.map(|kind| text::action_name(language, kind))
    };
    let alternate = match (filter.country, filter.region) {
        (Some(iso3), _) => page_of(&ActionTarget::Country(iso3)),
        (None, Some(region)) => page_of(&ActionTarget::Region(region)),
        (None, None) => format!("{origin}/{lang}/tracker"),
    };
    let host = url::Url::parse(origin)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "localhost".to_owned());

    let entries = changes
        .iter()
        .map(|change| {
            let updated = fixed(&change.changed_at);
            let mut links = vec![Link {
                href: page_of(&change.target),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                hreflang: Some(lang.into()),
                ..Link::default()
            }];
            links.extend(text::evidence(change).into_iter().map(|href| Link {
                href: href.to_owned(),
                rel: "related".into(),
                ..Link::default()
            }));
            let mut categories = vec![Category {
                term: change.kind.slug().into(),
                label: Some(xml_safe(&text::action_name(language, change.kind))),
                ..Category::default()
            }];
            if let Some(region) = change.region {
                categories.push(Category {
                    term: region.slug().into(),
                    label: Some(xml_safe(&text::region_name(language, region))),
                    ..Category::default()
                });
            }
            Entry {
                title: Text::plain(xml_safe(&text::entry_title(
                    language,
                    &place_of(&change.target),
                    change,
                ))),
                id: format!("tag:{host},2025:change:{}", change.id),
                updated,
                published: Some(updated),
                authors: vec![Person {
                    name: xml_safe(&change.changed_by),
                    ..Person::default()
                }],
                links,
                categories,
                content: Some(Content {
                    value: Some(xml_safe(&text::entry_html(language, change, &themes))),
                    content_type: Some("html".into()),
                    lang: Some(lang.into()),
                    ..Content::default()
                }),
                ..Entry::default()
            }
        })
        .collect();
    let self_url = format!("{origin}{}", canonical_path(language, &query));
    let feed = Feed {
        title: Text::plain(xml_safe(&text::feed_title(language, place.as_deref()))),
        id: self_url.clone(),
        updated: fixed(newest.as_deref().unwrap_or(NOTHING_YET)),
        links: vec![
            Link {
                href: self_url,
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: alternate,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                hreflang: Some(lang.into()),
                ..Link::default()
            },
        ],
        authors: vec![Person {
            name: "Social Summit Tracker".into(),
            uri: Some(format!("{origin}/")),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "Social Summit Tracker".into(),
            uri: Some(format!("{origin}/")),
            version: None,
        }),
        lang: Some(lang.into()),
        entries,
        ..Feed::default()
    };
    let body = feed.to_string();
    let mut response = (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("application/atom+xml; charset=utf-8"),
        )],
        body,
    )
        .into_response();
    set_validators(response.headers_mut(), &etag, last_modified.as_deref());
    Ok(response)
}

/// The feed's own address: its filters in a fixed order, so one feed has
/// one `id` however a reader spelled the query.
fn canonical_path(language: Language, query: &HashMap<String, String>) -> String {
    let filter: Vec<(&str, &str)> = ["region", "country", "kind", "theme"]
        .into_iter()
        .filter_map(|key| {
            query
                .get(key)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map(|v| (key, v))
        })
        .collect();
    let upper;
    let filter: Vec<(&str, &str)> = match filter.iter().position(|(k, _)| *k == "country") {
        Some(i) => {
            upper = filter[i].1.to_ascii_uppercase();
            let mut f = filter.clone();
            f[i] = ("country", upper.as_str());
            f
        }
        None => filter,
    };
    feed_path(language, &filter)
}

/// A strong validator for what the feed lists: the entries' ids (append-only
/// history: the same ids are the same entries) and the language.
fn etag(language: Language, changes: &[ChangeRecord]) -> String {
    let mut hash = Sha256::new();
    hash.update(language.code().as_bytes());
    for change in changes {
        hash.update(change.id.to_be_bytes());
    }
    let digest = hash.finalize();
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2).
fn not_modified(headers: &HeaderMap, etag: &str, last_modified: Option<&str>) -> bool {
    if let Some(tags) = headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*");
    }
    let since = headers
        .get(IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_http_date);
    let modified = last_modified.and_then(parse_http_date);
    matches!((since, modified), (Some(since), Some(modified)) if modified <= since)
}

fn set_validators(headers: &mut HeaderMap, etag: &str, last_modified: Option<&str>) {
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(ETAG, value);
    }
    if let Some(value) = last_modified.and_then(|v| HeaderValue::from_str(v).ok()) {
        headers.insert(LAST_MODIFIED, value);
    }
    // How long caches may keep it is the response cache's rule for every
    // shared answer (`cache::rules::SHARED`).
}

/// An HTTP date (RFC 9110 §5.6.7): `Tue, 30 Jun 2026 10:00:00 GMT`.
fn http_date(at: jiff::Timestamp) -> String {
    at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn parse_http_date(text: &str) -> Option<jiff::Timestamp> {
    let text = text.trim().strip_suffix(" GMT")?;
    let at = jiff::civil::DateTime::strptime("%a, %d %b %Y %H:%M:%S", text).ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(at).ok()
}

fn fixed(instant: &str) -> atom_syndication::FixedDateTime {
    chrono::DateTime::parse_from_rfc3339(instant)
        .unwrap_or_else(|_| chrono::DateTime::parse_from_rfc3339(NOTHING_YET).unwrap_or_default())
}

/// Drops the characters XML 1.0 cannot carry (controls other than tab and
/// newlines), so no stored text can make a feed unreadable.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control())
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_go_both_ways() {
        let at: jiff::Timestamp = "2026-06-30T10:00:00Z".parse().unwrap();
        let text = http_date(at);
        assert_eq!(text, "Tue, 30 Jun 2026 10:00:00 GMT");
        assert_eq!(parse_http_date(&text), Some(at));
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn a_reader_with_the_current_validators_gets_not_modified() {
        let mut headers = HeaderMap::new();
        headers.insert(IF_NONE_MATCH, HeaderValue::from_static("\"abc\""));
        assert!(not_modified(&headers, "\"abc\"", None));
        assert!(!not_modified(&headers, "\"abd\"", None));
        let mut headers = HeaderMap::new();
        headers.insert(
            IF_MODIFIED_SINCE,
            HeaderValue::from_static("Tue, 30 Jun 2026 10:00:00 GMT"),
        );
        assert!(not_modified(
            &headers,
            "\"x\"",
            Some("Tue, 30 Jun 2026 10:00:00 GMT")
        ));
        assert!(!not_modified(
            &headers,
            "\"x\"",
            Some("Tue, 30 Jun 2026 10:00:01 GMT")
        ));
    }

    #[test]
    fn control_characters_never_reach_the_xml() {
        assert_eq!(xml_safe("a\u{1}b\u{b}c\td\n"), "abc\td\n");
    }

    #[test]
    fn one_feed_has_one_address() {
        let query = HashMap::from([
            ("country".to_owned(), "gha".to_owned()),
            ("kind".to_owned(), "national-strategy".to_owned()),
            ("x".to_owned(), "1".to_owned()),
        ]);
        assert_eq!(
            canonical_path(Language::Fr, &query),
            "/feeds/changes.atom?lang=fr&country=GHA&kind=national-strategy"
        );
    }
}
