//! `/{lang}/countries/{ISO3}`: a country, its region and UN Country Team, and
//! its follow-up actions. A lower-case code redirects to the upper-case address.

use crate::components::actions::{answers_an_edit, heading_id, ActionsPanel};
use crate::components::as_of::{use_at, AsOf};
use crate::components::error::ErrorMessage;
use crate::components::escaped::Title;
use crate::components::follow::{FeedLink, Follow};
use crate::components::loading::Loading;
use crate::components::report_links::{Briefs, ReportLinks};
use crate::components::reused::reused_after;
use crate::components::session::use_session;
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::localized;
use crate::model::{ActionTarget, CountryData, ReviewContext};
use crate::pages::not_found::NotFound;
use crate::server_fns::reads::get_country;
use crate::server_fns::review::my_review_context;
use crate::text::{progress_summary, region_name};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use summit::Coverage;

#[component]
pub fn CountryPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let requested = use_params_map().with_untracked(|p| p.get("code").unwrap_or_default());
    let session = use_session();
    let at = use_at();
    let own = answers_an_edit();
    view! {
        <Suspense fallback=Loading>
            {Suspend::new(async move {
                let account = session.account().await.ok().flatten();
                match get_country(lang, requested.clone(), at.clone()).await {
                    Ok(data) if data.country.iso3.as_str() != requested => {
                        let to = format!("/{}/countries/{}", i18n.get_locale_untracked().as_str(), data.country.iso3);
                        redirect_permanently(&to);
                        EitherOf4::A(view! { <p><a href=to.clone()>{to.clone()}</a></p> })
                    }
                    Ok(data) => {
                        let country = &data.country;
                        let name = country.name.clone();
                        let iso3 = country.iso3;
                        // A past state (`?at=`) is for reading: editing starts from today's.
                        let actor = account.map(|a| a.actor()).filter(|_| at.is_empty());
                        let can_edit = actor.as_ref().is_some_and(|a| a.can_edit_country(iso3, country.coverage));
                        let can_review = actor.as_ref().is_some_and(|a| a.can_review_country(iso3, country.coverage));
                        // Proposals are for the people who edit or review them.
                        let review = match can_edit || can_review {
                            true => my_review_context(ActionTarget::Country(iso3)).await.ok(),
                            false => None,
                        };
                        let who = match &review {
                            Some(review) => format!("{}/{}", if can_edit { "editing" } else { "reviewing" }, review.key()),
                            None => "reading".to_owned(),
                        };
                        let part = (!own).then(|| format!("country/{iso3}/{who}"));
                        let body = reused_after(part, std::future::ready(Ok(data)), move |data| view! { <Country data can_edit review /> })
                            .await
                            .unwrap_or_else(|error| view! { <ErrorMessage error /> }.into_any());
                        let title = name.clone();
                        EitherOf4::B(view! {
                            <Title text=move || format!("{} — {}", title, t_string!(i18n, site.name)) />
                            <FeedLink filter=vec![("country", iso3.to_string())] place=name />
                            {body}
                        })
                    }
                    Err(AppError::NotFound) => EitherOf4::C(view! { <NotFound /> }),
                    Err(error) => EitherOf4::D(view! { <ErrorMessage error /> }),
                }
            })}
        </Suspense>
    }
}

/// 301 (pages are rendered on the server only).
fn redirect_permanently(to: &str) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::MOVED_PERMANENTLY);
        if let Ok(value) = http::HeaderValue::from_str(to) {
            response.insert_header(http::header::LOCATION, value);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = to;
}

/// The country's page below its head tags, for a reader or (`can_edit`)
/// an editor of its actions.
#[component]
fn Country(data: CountryData, can_edit: bool, review: Option<ReviewContext>) -> impl IntoView {
    let i18n = use_i18n();
    let CountryData {
        country,
        actions,
        history,
        themes,
    } = data;
    let name = country.name.clone();
    let coverage = country.coverage;
    let progress = country.progress;
    let iso3 = country.iso3;
    let has_actions = !actions.is_empty();
    view! {
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
            <Follow filter=vec![("country", iso3.to_string())] place=name.clone() />
            {has_actions.then(|| view! { <ReportLinks sheet_query=format!("country={iso3}") briefs=Briefs::One(format!("/countries/{iso3}/brief")) /> })}
            <AsOf />
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
        <section class="card tracker" aria-labelledby=heading_id(ActionTarget::Country(iso3))>
            <h2 id=heading_id(ActionTarget::Country(iso3))>{move || t_string!(i18n, country.tracker_heading)}</h2>
            <p>{move || progress_summary(i18n, progress)}</p>
            {if has_actions {
                Either::Left(view! {
                    <ActionsPanel target=ActionTarget::Country(iso3) actions themes history can_edit
                        owner=name.clone() review=review.clone() />
                })
            } else {
                Either::Right(view! { <p class="note">{move || t_string!(i18n, country.no_team_note)}</p> })
            }}
        </section>
    }
}
