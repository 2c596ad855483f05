//! Speculation Rules: the browser prerenders a page of this site as soon as
//! a person shows they mean to open it (the pointer rests on the link or
//! presses it, "moderate" eagerness), so the click shows a page that is
//! already there. Never for what must not run on a guess: signing in, the
//! account and administration pages, embeds, addresses after a save
//! (`?saved=`), the API, downloads, and the language links (opening one
//! remembers the language chosen). Sign-out is a form, never a link.

use leptos::prelude::*;

/// The rules, JSON, fixed at build time (nothing from a request in them).
pub const RULES: &str = r#"{"prerender":[{"source":"document","where":{"and":[{"href_matches":"/*"},{"not":{"href_matches":["/*/sign-in","/*/sign-in\\?*","/*/account","/*/account\\?*","/*/admin","/*/admin\\?*","/*/embed","/*/embed\\?*","/*/embed/*","/api/*","/*\\?*saved=*"]}},{"not":{"selector_matches":"[download], [hreflang], [rel~=nofollow], [target]"}}]},"eagerness":"moderate"}]}"#;

/// The rules as an inline script, allowed by its hash (see
/// `island::Assets::script_hashes`).
#[component]
pub fn SpeculationRules() -> impl IntoView {
    view! { <script type="speculationrules">{RULES}</script> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_rules_are_json_and_leave_out_what_must_not_run_on_a_guess() {
        let rules: serde_json::Value = serde_json::from_str(super::RULES).unwrap();
        let excluded = rules["prerender"][0]["where"]["and"][1]["not"]["href_matches"].to_string();
        for path in ["sign-in", "account", "admin", "embed", "/api/*", "saved="] {
            assert!(excluded.contains(path), "{path}");
        }
    }
}
