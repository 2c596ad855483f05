//! The JSON API under `/api/v1/`: public reads, bearer-token writes, and
//! its OpenAPI 3 document at `/api/v1/openapi.json`. The router and the
//! document are built from one list ([`routes`], utoipa-axum's
//! `OpenApiRouter`): a handler is served exactly when it is documented.

mod actions;
mod briefs;
pub mod changes;
mod countries;
mod deadlines;
mod error;
mod export;
mod mail;
mod milestones;
mod proposals;
mod regions;
mod sheets;
mod tokens;
pub mod tracker;
mod types;

pub use error::{ApiError, FieldProblem};
pub use types::ActionJson;

use super::AppState;
use axum::routing::get;
use axum::{Json, Router};
use types::Lang;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Social Summit Tracker API",
        description = "Public read access to regions, countries, milestones and the follow-up \
                       tracker; bearer-token writes for integrations."
    ),
    // Named only in parameters, which utoipa does not collect by itself.
    components(schemas(Lang)),
    modifiers(&BearerAuth),
    tags(
        (name = "read", description = "Public, read-only"),
        (name = "write", description = "Needs a bearer token from POST /api/v1/tokens"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every endpoint of the API, each once: the router serves them and the
/// document describes them.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(countries::countries))
        .routes(routes!(countries::country))
        .routes(routes!(changes::country_history))
        .routes(routes!(changes::changes))
        .routes(routes!(regions::regions))
        .routes(routes!(regions::region))
        .routes(routes!(tracker::tracker_json))
        .routes(routes!(tracker::tracker_csv))
        .routes(routes!(export::export_zip))
        .routes(routes!(sheets::template))
        .routes(routes!(briefs::brief_pdf))
        .routes(routes!(milestones::list))
        .routes(routes!(milestones::calendar))
        .routes(routes!(milestones::one_event))
        .routes(routes!(tokens::create_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(actions::update_country_action))
        .routes(routes!(actions::update_region_action))
        .routes(routes!(deadlines::list))
        .routes(routes!(deadlines::put, deadlines::delete))
        .routes(routes!(proposals::list))
        .routes(routes!(proposals::one))
        .routes(routes!(proposals::step))
        .routes(routes!(mail::get_mail, mail::put_mail))
}

/// The OpenAPI document of the whole API.
pub fn document() -> utoipa::openapi::OpenApi {
    routes().into_openapi()
}

/// The API's router, with `/api/v1/openapi.json` serving its document.
pub fn router() -> Router<AppState> {
    let (router, document) = routes().split_for_parts();
    let document = std::sync::Arc::new(document);
    router.route(
        "/api/v1/openapi.json",
        get(move || {
            let document = document.clone();
            async move { Json((*document).clone()) }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_values_come_from_the_domain() {
        let doc = serde_json::to_value(document()).unwrap();
        let lang = doc["paths"]["/api/v1/countries"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "lang")
            .unwrap();
        // The reference resolves: the schema is among the components.
        assert_eq!(lang["schema"]["$ref"], "#/components/schemas/Lang");
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Lang"]["enum"],
            serde_json::json!(["ar", "zh", "en", "fr", "ru", "es"])
        );
        assert_eq!(
            schemas["StatusSlug"]["enum"],
            serde_json::json!([
                "not-reported",
                "not-started",
                "in-progress",
                "completed",
                "at-risk"
            ])
        );
    }
}
