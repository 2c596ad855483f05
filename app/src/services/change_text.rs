//! A change to an action, told in a language (server only): the feeds'
//! entry titles and bodies, and their own titles. Markup is built here with
//! every value escaped for HTML; the feed writer escapes it again for XML.

use crate::i18n::*;
use crate::model::ChangeRecord;
use crate::services::map_markup::escape;
use crate::text::{action_name_in, field_name_in, region_name_in, status_name_in, value_text_in};
use summit::{Language, Status};

pub fn locale_of(language: Language) -> Locale {
    language.code().parse().unwrap_or_default()
}

/// "Follow-up changes" or "Follow-up changes: Ghana".
pub fn feed_title(language: Language, place: Option<&str>) -> String {
    let locale = locale_of(language);
    let site = td_string!(locale, site.name);
    match place {
        None => format!("{site} — {}", td_string!(locale, feed.title)),
        Some(place) => format!(
            "{site} — {}",
            td_string!(locale, feed.title_of, place = place.to_owned())
        ),
    }
}

pub fn region_name(language: Language, region: summit::Region) -> String {
    region_name_in(locale_of(language), region)
}

pub fn action_name(language: Language, kind: summit::ActionKind) -> String {
    action_name_in(locale_of(language), kind)
}

/// "Ghana: Commitments in a national strategy — Not reported → Completed";
/// without a change of status, "… — Commitments in a national strategy updated".
pub fn entry_title(language: Language, place: &str, change: &ChangeRecord) -> String {
    let locale = locale_of(language);
    let action = action_name_in(locale, change.kind);
    let status = change.changes.iter().find(|c| c.field == "status");
    let status_name = |v: &serde_json::Value| {
        v.as_str()
            .and_then(Status::parse)
            .map(|s| status_name_in(locale, s))
            .unwrap_or_default()
    };
    match status {
        Some(c) => format!(
            "{place}: {action} — {} → {}",
            status_name(&c.from),
            status_name(&c.to)
        ),
        None => format!(
            "{place}: {}",
            td_string!(locale, feed.updated, action = action)
        ),
    }
}

/// What changed, from what to what (themes by their names in `themes`: slug
/// and name in `language`), the evidence links and the note, as HTML.
pub fn entry_html(
    language: Language,
    change: &ChangeRecord,
    themes: &[(String, String)],
) -> String {
    let locale = locale_of(language);
    let mut html = String::from("<ul>");
    for c in &change.changes {
        html.push_str(&format!(
            "<li>{}: <del>{}</del> → <ins>{}</ins></li>",
            escape(&field_name_in(locale, &c.field)),
            escape(&value_text_in(locale, &c.field, &c.from, themes)),
            escape(&value_text_in(locale, &c.field, &c.to, themes)),
        ));
    }
    html.push_str("</ul>");
    let links = evidence(change);
    if !links.is_empty() {
        html.push_str(&format!(
            "<p>{}:</p><ul>",
            escape(td_string!(locale, feed.evidence))
        ));
        for link in links {
            let link = escape(link);
            html.push_str(&format!(r#"<li><a href="{link}">{link}</a></li>"#));
        }
        html.push_str("</ul>");
    }
    if !change.note.is_empty() {
        html.push_str(&format!("<p>{}</p>", escape(&change.note)));
    }
    html
}

/// The evidence links the change set (only `http(s)` ones are ever stored).
pub fn evidence(change: &ChangeRecord) -> Vec<&str> {
    change
        .changes
        .iter()
        .filter(|c| c.field == "evidence")
        .filter_map(|c| c.to.as_array())
        .flatten()
        .filter_map(|v| v.as_str())
        .filter(|v| v.starts_with("https://") || v.starts_with("http://"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActionTarget;
    use summit::{ActionKind, Change, Iso3};

    fn change(note: &str) -> ChangeRecord {
        ChangeRecord {
            id: 1,
            target: ActionTarget::Country(Iso3::parse("GHA").unwrap()),
            region: Some(summit::Region::Africa),
            kind: ActionKind::NationalStrategy,
            version: 1,
            changed_by: "Amina".into(),
            changed_at: "2026-06-30T10:00:00Z".into(),
            changes: vec![
                Change {
                    field: "status".into(),
                    from: "not-reported".into(),
                    to: "completed".into(),
                },
                Change {
                    field: "evidence".into(),
                    from: serde_json::json!([]),
                    to: serde_json::json!(["https://ghana.un.org/a?b=1&c=<2>", "javascript:x"]),
                },
            ],
            note: note.into(),
        }
    }

    #[test]
    fn a_status_change_says_from_what_to_what() {
        let title = entry_title(Language::En, "Ghana", &change(""));
        assert_eq!(
            title,
            "Ghana: Commitments in a national strategy — Not reported → Completed"
        );
        let french = entry_title(Language::Fr, "Ghana", &change(""));
        assert!(french.starts_with("Ghana: ") && !french.contains("Completed"));
    }

    #[test]
    fn notes_and_links_cannot_add_markup() {
        let html = entry_html(Language::En, &change("</p><script>alert(1)</script>"), &[]);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains(r#"href="https://ghana.un.org/a?b=1&amp;c=&lt;2&gt;""#));
        assert!(!html.contains(r#"href="javascript:"#));
    }

    #[test]
    fn themes_are_named_in_the_reader_s_language_never_by_slug() {
        let mut record = change("");
        record.changes = vec![Change {
            field: "themes".into(),
            from: serde_json::json!([]),
            to: serde_json::json!(["social-protection"]),
        }];
        let themes = [(
            "social-protection".to_owned(),
            "Protection sociale".to_owned(),
        )];
        let html = entry_html(Language::Fr, &record, &themes);
        assert!(html.contains("<ins>Protection sociale</ins>"), "{html}");
        assert!(html.contains("<del>aucun</del>"), "{html}");
        assert!(!html.contains("social-protection"), "{html}");
        assert!(!html.contains("—"), "{html}");
    }
}
