//! `/{lang}/spreadsheets`: download a template (everything, a region, or
//! chosen countries, from `/api/v1/sheets/template.xlsx`) and upload a
//! filled-in sheet. Plain HTML forms: the upload posts here
//! (`server::http::sheets`), and a file that cannot be read comes back to
//! this page with the reason ([`SheetRefusal`] in the context).

use crate::components::escaped::Title;
use crate::components::loading::Loading;
use crate::components::session::use_session;
use crate::components::sheet_text::file_problem_text;
use crate::error::SheetRefusal;
use crate::i18n::*;
use crate::locale::localized;
use crate::pages::account::SignInFirst;
use crate::server_fns::sheets::sheet_countries;
use crate::text::region_name;
use leptos::either::Either;
use leptos::prelude::*;
use summit::Region;

use crate::components::report_links::TEMPLATE_PATH;

#[component]
pub fn SheetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get_locale_untracked().as_str().to_owned();
    let refusal = use_context::<SheetRefusal>().map(|SheetRefusal(problem)| {
        view! {
            <div class="card error" role="alert" data-testid="sheet-refused">
                <h2>{move || t_string!(i18n, sheets.refused_heading)}</h2>
                <p>{move || file_problem_text(i18n, &problem)}</p>
            </div>
        }
    });
    view! {
        <Title text=move || format!("{} — {}", t_string!(i18n, sheets.title), t_string!(i18n, site.name)) />
        <h1>{move || t_string!(i18n, sheets.title)}</h1>
        <p>{move || t_string!(i18n, sheets.intro)}</p>
        {refusal}
        <Download lang=lang.clone() />
        <Upload />
    }
}

#[component]
fn Download(lang: String) -> impl IntoView {
    let i18n = use_i18n();
    let regions = Region::ALL
        .into_iter()
        .map(|region| view! { <option value=region.slug()>{move || region_name(i18n, region)}</option> })
        .collect_view();
    let countries_lang = lang.clone();
    let countries = Resource::new_blocking(|| (), move |_| sheet_countries(countries_lang.clone()));
    view! {
        <section class="card" aria-labelledby="download-heading">
            <h2 id="download-heading">{move || t_string!(i18n, sheets.download_heading)}</h2>
            <form method="get" action=TEMPLATE_PATH class="stacked">
                <input type="hidden" name="lang" value=lang.clone() />
                <label for="template-region">{move || t_string!(i18n, sheets.download_scope)}</label>
                <select id="template-region" name="region">
                    <option value="">{move || t_string!(i18n, sheets.scope_all)}</option>
                    {regions}
                </select>
                <button type="submit" class="button">{move || t_string!(i18n, sheets.download_button)}</button>
            </form>
            <form method="get" action=TEMPLATE_PATH class="stacked">
                <input type="hidden" name="lang" value=lang />
                <label for="template-countries">{move || t_string!(i18n, sheets.download_countries)}</label>
                <p class="hint" id="template-countries-hint">{move || t_string!(i18n, sheets.download_countries_hint)}</p>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        let options = countries
                            .await
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(iso3, name)| view! { <option value=iso3.to_string()>{name}</option> })
                            .collect_view();
                        view! {
                            <select id="template-countries" name="country" multiple size="6"
                                aria-describedby="template-countries-hint">
                                {options}
                            </select>
                        }
                    })}
                </Suspense>
                <button type="submit" class="button">{move || t_string!(i18n, sheets.download_countries_button)}</button>
            </form>
        </section>
    }
}

#[component]
fn Upload() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="card" aria-labelledby="upload-heading">
            <h2 id="upload-heading">{move || t_string!(i18n, sheets.upload_heading)}</h2>
            <Suspense fallback=Loading>
                {Suspend::new(async move {
                    match session.account().await {
                        Ok(Some(_)) => Either::Left(view! {
                            <form method="post" enctype="multipart/form-data"
                                action=move || localized(i18n, "/spreadsheets") class="stacked">
                                <label for="sheet-file">{move || t_string!(i18n, sheets.upload_label)}</label>
                                <input id="sheet-file" type="file" name="file" required
                                    accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                                    aria-describedby="sheet-file-hint" />
                                <p class="hint" id="sheet-file-hint">{move || t_string!(i18n, sheets.upload_hint)}</p>
                                <button type="submit" class="button primary">{move || t_string!(i18n, sheets.upload_button)}</button>
                            </form>
                        }),
                        _ => Either::Right(view! { <SignInFirst /> }),
                    }
                })}
            </Suspense>
        </section>
    }
}
