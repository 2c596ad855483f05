//! What a page of actions offers for reporting: the spreadsheet of its
//! actions to fill in, the spreadsheets page to upload it, and the brief
//! for a meeting (`pages::sheets`, `pages::brief`).

use crate::i18n::*;
use crate::locale::localized;
use crate::text::region_name;
use leptos::prelude::*;
use summit::Region;

/// The template's address (the API's).
pub const TEMPLATE_PATH: &str = "/api/v1/sheets/template.xlsx";

/// Whose briefs a page links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Briefs {
    /// One: `/countries/KEN/brief` or `/regions/africa/brief`.
    One(String),
    /// Each region's (the tracker without a region chosen).
    EachRegion,
}

/// The links: a template of the page's actions (`sheet_query`:
/// `country=KEN`, `region=africa`, or empty for everything), the
/// spreadsheets page, and the brief(s).
#[component]
pub fn ReportLinks(#[prop(into)] sheet_query: String, briefs: Briefs) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let separator = if sheet_query.is_empty() { "" } else { "&" };
    let template = format!("{TEMPLATE_PATH}?lang={lang}{separator}{sheet_query}");
    let briefs = match briefs {
        Briefs::One(path) => view! {
            <a href=move || localized(i18n, &path) data-testid="brief-link">{move || t_string!(i18n, brief.link)}</a>
        }
        .into_any(),
        Briefs::EachRegion => {
            let links = Region::ALL
                .into_iter()
                .map(|region| {
                    let path = format!("/regions/{}/brief", region.slug());
                    view! { " " <a href=move || localized(i18n, &path)>{move || region_name(i18n, region)}</a> }
                })
                .collect_view();
            view! { <span>{move || t_string!(i18n, brief.link)} ":" {links}</span> }.into_any()
        }
    };
    view! {
        <p class="report-links" data-testid="report-links">
            <a href=template download>{move || t_string!(i18n, sheets.link_template)}</a>
            <a href=move || localized(i18n, "/spreadsheets")>{move || t_string!(i18n, sheets.link_page)}</a>
            {briefs}
        </p>
    }
}
