//! The page's language: read from the first segment of the address
//! (`/ar/…`), and the links that keep a page in its language or move it to
//! another.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_params_map;

/// The language in the URL's first segment, if it is one of the six.
pub fn locale_from_path(path: &str) -> Option<Locale> {
    let first = path.trim_start_matches('/').split('/').next()?;
    summit::Language::parse(first)?.code().parse().ok()
}

/// Sets the page language from the URL's first segment (`/ar/…`), so the
/// page's text and its `<html lang dir>` attributes agree; `false` for an
/// unknown language code (a 404).
pub fn use_path_language() -> Memo<bool> {
    let i18n = use_i18n();
    let params = use_params_map();
    let lang = Memo::new(move |_| {
        params.with(|p| p.get("lang")).and_then(|code| {
            summit::Language::parse(&code).and_then(|l| l.code().parse::<Locale>().ok())
        })
    });
    if let Some(l) = lang.get_untracked() {
        if i18n.get_locale_untracked() != l {
            i18n.set_locale(l);
        }
    }
    Memo::new(move |_| lang.get().is_some())
}

/// A link target inside the current language: `href("/regions")` → `/ar/regions`.
pub fn localized(i18n: I18nContext<Locale>, path: &str) -> String {
    format!("/{}{path}", i18n.get_locale().as_str())
}

/// `text` percent-encoded for a query value: everything but unreserved
/// characters and `/`, so a path with its own `?`, `&` or `#` survives.
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The same path (and query) under another language prefix: `/fr/regions/africa` → `/ar/regions/africa`.
pub fn same_page_in(path: &str, query: &str, language: summit::Language) -> String {
    let rest = path
        .trim_start_matches('/')
        .split_once('/')
        .map_or("", |(_, rest)| rest);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("/{}/{rest}{query}", language.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_page_in_another_language_keeps_path_and_query() {
        use summit::Language::*;
        assert_eq!(same_page_in("/en/", "", Ar), "/ar/");
        assert_eq!(same_page_in("/en", "", Fr), "/fr/");
        assert_eq!(
            same_page_in("/fr/regions/africa", "view=progress", Zh),
            "/zh/regions/africa?view=progress"
        );
    }

    #[test]
    fn the_locale_comes_from_the_first_segment_only() {
        assert_eq!(locale_from_path("/ar/regions"), Some(Locale::ar));
        assert_eq!(locale_from_path("/xx/ar"), None);
        assert_eq!(locale_from_path("/"), None);
    }
}
