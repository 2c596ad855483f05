//! The map's country shapes as SVG markup (server only). Each country is a
//! link to its page with a localised `<title>`, so the map works — and names
//! every country — before and without the WebAssembly.

use crate::i18n::*;
use crate::model::CountryEntry;
use crate::text::region_name_in;
use std::fmt::Write;
use summit::map::WorldGeometry;
use summit::{Coverage, Language};

/// Radius of the dot drawn for areas too small for the map's resolution.
const MARKER_RADIUS: f64 = 2.4;

pub fn countries(
    geometry: &WorldGeometry,
    language: Language,
    countries: &[CountryEntry],
) -> String {
    let locale: Locale = language.code().parse().unwrap_or_default();
    let mut out = String::with_capacity(geometry.shapes.values().map(|d| d.len() + 160).sum());
    for disputed in &geometry.disputed {
        let _ = write!(out, r#"<path class="disputed" d="{disputed}"/>"#);
    }
    for country in countries {
        let shape = geometry.shapes.get(&country.iso3);
        let marker = geometry.markers.get(&country.iso3);
        if shape.is_none() && marker.is_none() {
            continue;
        }
        let (class, coverage) = match country.coverage {
            Coverage::Region(region) => (
                format!("region-{}", region.slug()),
                region_name_in(locale, region),
            ),
            Coverage::NoCountryTeam => (
                "no-unct".to_owned(),
                td_string!(locale, map.no_country_team).to_string(),
            ),
        };
        let _ = write!(
            out,
            r#"<a href="/{lang}/countries/{iso3}" class="country {class} {band} deadline-{due}" data-iso3="{iso3}" tabindex="-1"><title>{name} — {coverage}</title>"#,
            lang = language.code(),
            iso3 = country.iso3,
            band = country.progress.band().class(),
            due = country.due.map_or("none", summit::DueState::slug),
            name = escape(&country.name),
            coverage = escape(&coverage),
        );
        match (shape, marker) {
            (Some(d), _) => {
                let _ = write!(out, r#"<path d="{d}"/>"#);
            }
            (None, Some((x, y))) => {
                let _ = write!(
                    out,
                    r#"<circle class="marker" cx="{x}" cy="{y}" r="{MARKER_RADIUS}"/>"#
                );
            }
            (None, None) => {}
        }
        out.push_str("</a>");
    }
    out
}

/// Escapes text for an XML/HTML text node or attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_inject_markup() {
        assert_eq!(
            escape(r#"<script>"x"&'y'"#),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;"
        );
    }
}
