//! `/{lang}/countries/{ISO3}`: a country, its region and UN Country Team, and
//! its follow-up actions. A lower-case code redirects to the upper-case address.

use crate::api::get_country;
use crate::components::error::ErrorMessage;
use crate::components::layout::localized;
use crate::components::loading::Loading;
use crate::components::text::{action_name, progress_summary, region_name, status_name};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::CountryData;
use crate::pages::not_found::NotFound;
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use summit::Coverage;

#[component]
pub fn CountryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new_blocking(
        move || (i18n.get_locale().as_str().to_owned(), code()),
        |(lang, code)| get_country(lang, code),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let requested = code();
                match data.await {
                    Ok(data) if data.country.iso3.as_str() != requested => {
                        let to = format!("/{}/countries/{}", i18n.get_locale_untracked().as_str(), data.country.iso3);
                        redirect_permanently(&to);
                        EitherOf4::A(view! { <p><a href=to.clone()>{to.clone()}</a></p> })
                    }
                    Ok(data) => EitherOf4::B(view! { <Country data /> }),
                    Err(AppError::NotFound) => EitherOf4::C(view! { <NotFound /> }),
                    Err(error) => EitherOf4::D(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// 301 on the server; a history replacement in the browser.
fn redirect_permanently(to: &str) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::MOVED_PERMANENTLY);
        if let Ok(value) = http::HeaderValue::from_str(to) {
            response.insert_header(http::header::LOCATION, value);
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let navigate = leptos_router::hooks::use_navigate();
        let to = to.to_owned();
        request_animation_frame(move || {
            navigate(
                &to,
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        });
    }
}

#[component]
fn Country(data: CountryData) -> impl IntoView {
    let i18n = use_i18n();
    let CountryData { country, actions } = data;
    let name = country.name.clone();
    let title_name = name.clone();
    let coverage = country.coverage;
    let progress = country.progress;
    let has_actions = !actions.is_empty();
    let actions = actions
        .into_iter()
        .map(|action| {
            let kind = action.kind;
            let status = action.status;
            let themes = action.themes.into_iter().map(|(_, name)| name).collect::<Vec<_>>().join(", ");
            let evidence = action
                .evidence
                .into_iter()
                .map(|url| view! { <li><a href=url.clone() rel="noopener noreferrer nofollow">{url.clone()}</a></li> })
                .collect_view();
            let updated = match (action.updated_by, action.updated_at) {
                (Some(by), Some(at)) => Either::Left(format!("{by} · {at}")),
                _ => Either::Right(move || t_string!(i18n, country.never_updated)),
            };
            view! {
                <tr>
                    <th scope="row">{move || action_name(i18n, kind)}</th>
                    <td>
                        <span class=format!("chip status-{}", status.slug())>
                            {move || status_name(i18n, status)}
                        </span>
                    </td>
                    <td>{themes}</td>
                    <td><ul class="evidence">{evidence}</ul></td>
                    <td class="note-text">{action.note}</td>
                    <td class="updated">{updated}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=move || format!("{} — {}", title_name, t_string!(i18n, site.name)) />
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, nav.breadcrumbs).to_string()>
            <a href=move || localized(i18n, "/")>{move || t_string!(i18n, nav.home)}</a>
            {match coverage {
                Coverage::Region(r) => Some(view! {
                    <span aria-hidden="true">" › "</span>
                    <a href=move || localized(i18n, &format!("/regions/{}", r.slug()))>
                        {move || region_name(i18n, r)}
                    </a>
                }),
                Coverage::NoCountryTeam => None,
            }}
            <span aria-hidden="true">" › "</span>
            <span aria-current="page">{name.clone()}</span>
        </nav>
        <header class="page-header">
            <p class="eyebrow">{move || t_string!(i18n, country.eyebrow)}</p>
            <h1>{name.clone()}</h1>
            <dl class="facts">
                <dt>{move || t_string!(i18n, country.region)}</dt>
                <dd>
                    {match coverage {
                        Coverage::Region(r) => Either::Left(view! {
                            <a href=move || localized(i18n, &format!("/regions/{}", r.slug()))>
                                {move || region_name(i18n, r)}
                            </a>
                        }),
                        Coverage::NoCountryTeam => Either::Right(view! { <span>{move || t_string!(i18n, country.no_region)}</span> }),
                    }}
                </dd>
                <dt>{move || t_string!(i18n, country.unct)}</dt>
                <dd>
                    {move || match coverage {
                        Coverage::Region(_) => t_string!(i18n, country.unct_yes).to_string(),
                        Coverage::NoCountryTeam => t_string!(i18n, map.no_country_team).to_string(),
                    }}
                </dd>
                <dt>{move || t_string!(i18n, country.codes)}</dt>
                <dd>
                    <span lang="en">{format!("ISO 3166-1 {} · M49 {}", country.iso3, country.m49)}</span>
                </dd>
            </dl>
        </header>
        <section class="card tracker" aria-labelledby="tracker-heading">
            <h2 id="tracker-heading">{move || t_string!(i18n, country.tracker_heading)}</h2>
            <p>{move || progress_summary(i18n, progress)}</p>
            {(!has_actions).then(|| view! { <p class="note">{move || t_string!(i18n, country.no_team_note)}</p> })}
            <div class="table-scroll">
                <table class="actions" hidden=!has_actions>
                    <caption class="visually-hidden">{move || t_string!(i18n, country.tracker_heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || t_string!(i18n, country.action)}</th>
                            <th scope="col">{move || t_string!(i18n, country.status)}</th>
                            <th scope="col">{move || t_string!(i18n, country.themes)}</th>
                            <th scope="col">{move || t_string!(i18n, country.evidence)}</th>
                            <th scope="col">{move || t_string!(i18n, country.note)}</th>
                            <th scope="col">{move || t_string!(i18n, country.updated)}</th>
                        </tr>
                    </thead>
                    <tbody>{actions}</tbody>
                </table>
            </div>
        </section>
    }
}
