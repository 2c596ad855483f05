//! Type-ahead country search: names in the page's language — the UN's, and
//! the everyday names people may type instead ("Vietnam" finds "Viet Nam") —
//! tolerant of case, accents and the kind of apostrophe.

#[cfg(feature = "hydrate")]
use super::tools;
use super::Card;
use crate::i18n::*;
use crate::model::CountryEntry;
use leptos::prelude::*;
use summit::map::Viewport;

/// Type-ahead search over country names in the page's language, tolerant of
/// case and accents; picking one zooms to it and focuses it.
#[component]
pub(super) fn CountrySearch(
    countries: StoredValue<Vec<CountryEntry>>,
    /// Rows `ISO3\tname\n` of everyday names (`MapData::everyday_names`).
    everyday_names: StoredValue<String>,
    viewport: RwSignal<Viewport>,
    card: RwSignal<Option<Card>>,
    viewport_ref: NodeRef<leptos::html::Div>,
    width: f64,
    height: f64,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let results = Memo::new(move |_| {
        let needle = fold(&text.get());
        if needle.is_empty() {
            return Vec::new();
        }
        countries.with_value(|all| {
            let mut starts: Vec<(String, String)> = Vec::new();
            let mut contains: Vec<(String, String)> = Vec::new();
            let mut consider = |iso3: String, searched: &str, shown: &str| {
                let folded = fold(searched);
                let found = (iso3, shown.to_owned());
                if starts.contains(&found) || contains.contains(&found) {
                    return;
                }
                if folded.starts_with(&needle) {
                    starts.push(found);
                } else if folded.contains(&needle) {
                    contains.push(found);
                }
            };
            for c in all {
                consider(c.iso3.to_string(), &c.name, &c.name);
            }
            everyday_names.with_value(|rows| {
                for (code, everyday) in rows.lines().filter_map(|row| row.split_once('\t')) {
                    if let Some(c) = all.iter().find(|c| c.iso3.as_str() == code) {
                        consider(code.to_owned(), everyday, &c.name);
                    }
                }
            });
            starts.extend(contains);
            starts.truncate(8);
            starts
        })
    });
    let choose = move |iso3: String| {
        text.set(String::new());
        #[cfg(feature = "hydrate")]
        tools::zoom_to_country(&iso3, viewport, card, viewport_ref, width, height);
        #[cfg(not(feature = "hydrate"))]
        let _ = (iso3, viewport, card, viewport_ref, width, height);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % n);
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + n - 1) % n);
            }
            "Enter" if n > 0 => {
                ev.prevent_default();
                let pick = results.with(|r| {
                    r.get(active.get_untracked().min(n - 1))
                        .map(|x| x.0.clone())
                });
                if let Some(iso3) = pick {
                    choose(iso3);
                }
            }
            "Escape" => text.set(String::new()),
            _ => {}
        }
    };
    view! {
        <div class="map-search needs-js">
            <label for="map-search-input">{move || t_string!(i18n, map.search_label)}</label>
            <input
                id="map-search-input"
                type="text"
                inputmode="search"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="map-search-results"
                aria-expanded=move || (!results.with(Vec::is_empty)).to_string()
                aria-activedescendant=move || {
                    results.with(|r| r.get(active.get()).map(|(iso3, _)| format!("search-{iso3}")))
                }
                prop:value=move || text.get()
                on:input=move |ev| {
                    active.set(0);
                    text.set(event_target_value(&ev));
                }
                on:keydown=on_key
            />
            <ul id="map-search-results" role="listbox" class="map-search-results">
                {move || {
                    results
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, (iso3, name))| {
                            let pick = iso3.clone();
                            view! {
                                <li
                                    id=format!("search-{iso3}")
                                    role="option"
                                    aria-selected=move || (active.get() == i).to_string()
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        choose(pick.clone());
                                    }
                                >
                                    {name}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// Case- and accent-insensitive form of a name for matching: "Côte" → "cote",
/// one apostrophe for ’ and ', Arabic without vowel marks and with one form
/// of alef.
pub fn fold(text: &str) -> String {
    #[cfg(feature = "hydrate")]
    let decomposed = tools::decompose(text);
    #[cfg(not(feature = "hydrate"))]
    let decomposed = text.to_owned();
    decomposed
        .chars()
        .filter(|c| !matches!(*c, '\u{0300}'..='\u{036f}' | '\u{064b}'..='\u{065f}' | '\u{0670}'))
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_ignores_case_and_arabic_marks() {
        assert_eq!(fold("  KENYA "), "kenya");
        assert_eq!(fold("كِينيا"), "كينيا");
        assert_eq!(fold("أفغانستان"), "افغانستان");
        assert_eq!(fold("Côte d’Ivoire"), fold("Côte d'Ivoire"));
    }
}
