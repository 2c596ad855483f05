//! `/{lang}/embed`: choose a widget, its region or milestone, language and
//! colours; see it live; copy the iframe code (the copy button is handled by
//! `public/app.js`, so no clipboard code ships in the wasm).

use crate::components::escaped::Title;
use crate::components::island::{island_i18n, page_locale};
use crate::components::loading::Loading;
use crate::i18n::*;
use crate::server_fns::reads::get_milestones;
use crate::text::region_name;
use leptos::prelude::*;
use summit::{Language, Region};

/// The widget address for the chosen options (relative to the site).
pub fn widget_path(
    widget: &str,
    lang: &str,
    region: &str,
    milestone: &str,
    progress: bool,
    theme: &str,
) -> String {
    let mut query: Vec<String> = Vec::new();
    let path = match widget {
        "map" => {
            if progress {
                query.push("view=progress".into());
            }
            if !region.is_empty() {
                query.push(format!("region={region}"));
            }
            format!("/{lang}/embed/map")
        }
        "region" => {
            let region = if region.is_empty() {
                Region::Africa.slug()
            } else {
                region
            };
            format!("/{lang}/embed/regions/{region}")
        }
        _ => {
            if !milestone.is_empty() {
                query.push(format!("milestone={milestone}"));
            }
            format!("/{lang}/embed/countdown")
        }
    };
    if theme != "auto" {
        query.push(format!("theme={theme}"));
    }
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The snippet a host page pastes: the iframe and the auto-height script.
pub fn snippet(origin: &str, path: &str, title: &str) -> String {
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<iframe src=\"{origin}{path}\" title=\"{title}\" loading=\"lazy\" style=\"width:100%;min-width:280px;height:420px;border:0\"></iframe>\n<script src=\"{origin}/embed.js\" async></script>"
    )
}

#[component]
pub fn EmbedBuilderPage() -> impl IntoView {
    let i18n = use_i18n();
    // The configured origin, never the request's Host: the code people paste
    // into intranet pages must load this site and no other.
    #[cfg(feature = "ssr")]
    let origin = crate::security::site_origin();
    #[cfg(not(feature = "ssr"))]
    let origin = String::new();
    let milestones = Resource::new_blocking(
        move || i18n.get_locale().as_str().to_owned(),
        get_milestones,
    );
    // "Embed this" links open the builder on their widget:
    // `?widget=region&region=africa`, `?widget=countdown&milestone=csocd-64`.
    let initial = leptos_router::hooks::use_query_map().with_untracked(|q| {
        let widget = match q.get("widget").as_deref() {
            Some("map") => "map",
            Some("region") => "region",
            _ => "countdown",
        };
        let region = q
            .get("region")
            .and_then(|r| Region::parse(&r).ok())
            .map_or("", Region::slug);
        let milestone = q
            .get("milestone")
            .filter(|m| summit::Slug::parse(m).is_ok())
            .unwrap_or_else(|| summit::summit::SLUG.to_owned());
        (widget.to_owned(), region.to_owned(), milestone)
    });
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, embed.title), t_string!(i18n, site.name)) />
        <h1>{move || t_string!(i18n, embed.title)}</h1>
        <p>{move || t_string!(i18n, embed.intro)}</p>
        <Suspense fallback=Loading>
            {move || {
                let origin = origin.clone();
                let initial = initial.clone();
                Suspend::new(async move {
                let milestones = milestones
                    .await
                    .map(|data| {
                        data.milestones
                            .into_iter()
                            .map(|m| (m.milestone.slug.to_string(), m.title))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                view! { <EmbedBuilder origin milestones initial locale=page_locale() /> }
            })}}
        </Suspense>
    }
}

/// The choices, the live preview and the code to copy: an island.
#[island(lazy)]
fn EmbedBuilder(
    /// This site's origin, for the snippet's absolute addresses.
    origin: String,
    /// Milestone slugs and titles in the page's language.
    milestones: Vec<(String, String)>,
    /// The widget, region and milestone chosen to begin with (from the
    /// address: a page's "Embed this" link).
    initial: (String, String, String),
    locale: Locale,
) -> impl IntoView {
    let i18n = island_i18n(locale);
    let milestones = StoredValue::new(milestones);
    let (first_widget, first_region, first_milestone) = initial;
    let widget = RwSignal::new(first_widget);
    let region = RwSignal::new(first_region);
    let milestone = RwSignal::new(first_milestone);
    let language = RwSignal::new(i18n.get_locale_untracked().as_str().to_owned());
    let theme = RwSignal::new("auto".to_owned());
    let progress = RwSignal::new(true);
    let path = Memo::new(move |_| {
        widget_path(
            &widget.get(),
            &language.get(),
            &region.get(),
            &milestone.get(),
            progress.get(),
            &theme.get(),
        )
    });
    let origin = StoredValue::new(origin);
    let code = move || {
        origin.with_value(|origin| snippet(origin, &path.get(), t_string!(i18n, embed.frame_title)))
    };
    let choice = move |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    view! {
        <div class="embed-builder">
            <form class="form card" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="embed-widget">{move || t_string!(i18n, embed.widget)}</label>
                    <select id="embed-widget" on:change=choice(widget)>
                        <option value="countdown" selected=move || widget.get() == "countdown">{move || t_string!(i18n, embed.widget_countdown)}</option>
                        <option value="map" selected=move || widget.get() == "map">{move || t_string!(i18n, embed.widget_map)}</option>
                        <option value="region" selected=move || widget.get() == "region">{move || t_string!(i18n, embed.widget_region)}</option>
                    </select>
                </div>
                <Show when=move || widget.get() == "countdown">
                    <div class="field">
                        <label for="embed-milestone">{move || t_string!(i18n, embed.milestone)}</label>
                        <select id="embed-milestone" on:change=choice(milestone)>
                            {milestones.get_value().into_iter().map(|(slug, title)| {
                                let selected = slug == milestone.get_untracked();
                                view! { <option value=slug selected=selected>{title}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=move || widget.get() != "countdown">
                    <div class="field">
                        <label for="embed-region">{move || t_string!(i18n, embed.region)}</label>
                        <select id="embed-region" on:change=choice(region)>
                            <Show when=move || widget.get() == "map">
                                <option value="">{move || t_string!(i18n, embed.all_regions)}</option>
                            </Show>
                            {Region::ALL.into_iter().map(|r| view! {
                                <option value=r.slug() selected=move || region.get() == r.slug()>{move || region_name(i18n, r)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=move || widget.get() == "map">
                    <div class="field checkbox">
                        <input id="embed-progress" type="checkbox" prop:checked=move || progress.get()
                            on:change=move |ev| progress.set(event_target_checked(&ev)) />
                        <label for="embed-progress">{move || t_string!(i18n, embed.progress)}</label>
                    </div>
                </Show>
                <div class="field">
                    <label for="embed-language">{move || t_string!(i18n, embed.language)}</label>
                    <select id="embed-language" on:change=choice(language)>
                        {Language::ALL.into_iter().map(|l| view! {
                            <option value=l.code() lang=l.code() selected=move || language.get() == l.code()>{l.endonym()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="embed-theme">{move || t_string!(i18n, embed.theme)}</label>
                    <select id="embed-theme" on:change=choice(theme)>
                        <option value="auto">{move || t_string!(i18n, embed.theme_auto)}</option>
                        <option value="light">{move || t_string!(i18n, embed.theme_light)}</option>
                        <option value="dark">{move || t_string!(i18n, embed.theme_dark)}</option>
                    </select>
                </div>
            </form>
            <section class="card embed-preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">{move || t_string!(i18n, embed.preview)}</h2>
                <iframe src=move || path.get() title=move || t_string!(i18n, embed.frame_title).to_string()
                    data-testid="embed-preview"></iframe>
                <div class="field">
                    <label for="embed-code">{move || t_string!(i18n, embed.code)}</label>
                    <textarea id="embed-code" readonly=true rows="7" dir="ltr" prop:value=code>{move || crate::components::escaped::rcdata(&code())}</textarea>
                </div>
                <p class="buttons">
                    <button type="button" class="button primary" data-copy-target="embed-code" data-copy-done="embed-copied">
                        {move || t_string!(i18n, embed.copy)}
                    </button>
                    <span id="embed-copied" role="status" hidden=true>{move || t_string!(i18n, embed.copied)}</span>
                </p>
            </section>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_addresses_carry_only_the_chosen_options() {
        assert_eq!(
            widget_path("countdown", "fr", "", "summit", true, "auto"),
            "/fr/embed/countdown?milestone=summit"
        );
        assert_eq!(
            widget_path("map", "en", "africa", "", true, "dark"),
            "/en/embed/map?view=progress&region=africa&theme=dark"
        );
        assert_eq!(
            widget_path("map", "en", "", "", false, "auto"),
            "/en/embed/map"
        );
        assert_eq!(
            widget_path("region", "ar", "", "", false, "light"),
            "/ar/embed/regions/africa?theme=light"
        );
    }

    #[test]
    fn the_snippet_escapes_the_title() {
        let s = snippet("https://t.example", "/en/embed/map", "A \"quoted\" <title>");
        assert!(s.contains("title=\"A &quot;quoted&quot; &lt;title>\""));
        assert!(s.contains("<script src=\"https://t.example/embed.js\" async></script>"));
    }
}
