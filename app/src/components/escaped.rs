//! Text for the elements Leptos 0.8 writes unescaped on the server.
//!
//! tachys marks `<textarea>` as a raw-text element (like `<script>`), and
//! leptos_meta copies a `<Title>`'s text straight into `<title>`: stored
//! text such as `</title><meta http-equiv="refresh" …>` would become markup.
//! Both are RCDATA elements: a browser decodes character references in
//! them but never reads tags, so the server writes the text escaped and the
//! browser shows (and submits) exactly the original. In the browser, text
//! goes in through the DOM and is left as it is.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

/// `text` as it must appear inside `<textarea>` or `<title>`.
pub fn rcdata(text: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.to_owned()
    }
}

/// The page's `<title>`: use this instead of `leptos_meta::Title`.
///
/// The text is read once, when the page renders (pages are rendered on the
/// server only): leptos_meta reads a title's text again after the page's
/// views are done, and a closure over signals of a view that a `Transition`
/// had meanwhile replaced (two resources resolving in either order, under
/// load) panicked there with "a reactive value that has already been
/// disposed" — a 500 for one country page in ten under 16 concurrent requests.
#[component]
pub fn Title(#[prop(into)] text: TextProp) -> impl IntoView {
    let text = rcdata(&untrack(|| text.get()));
    view! { <leptos_meta::Title text=text /> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::rcdata;

    #[test]
    fn markup_in_stored_text_stays_text() {
        assert_eq!(
            rcdata("</textarea><meta http-equiv=\"refresh\" content=\"0;url=//evil\">"),
            "&lt;/textarea&gt;&lt;meta http-equiv=\"refresh\" content=\"0;url=//evil\"&gt;"
        );
        assert_eq!(rcdata("A & B"), "A &amp; B");
    }
}
