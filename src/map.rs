//! The world map's geometry and view arithmetic.
//!
//! The geometry is projected once, in a checked-in generation step
//! (`server/seed/generate-map.mjs`, Equal Earth), into SVG path data keyed by
//! ISO3; nothing projects in the browser. This module reads that data, measures
//! shapes, and computes the pan/zoom transform shared by server and browser.

use crate::country::Iso3;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The generated map: paths in a `width` × `height` coordinate space.
/// Read it with [`WorldGeometry::parse`], which also measures the shapes' boxes
/// ([`WorldGeometry::bounds_of`] finds none in a value deserialized directly).
#[derive(Clone, Debug, Deserialize)]
pub struct WorldGeometry {
    pub source: String,
    pub width: f64,
    pub height: f64,
    /// The projection's scale and translation (d3's `geoEqualEarth().fitWidth`).
    pub scale: f64,
    pub translate: (f64, f64),
    /// Country outlines as SVG path data.
    pub shapes: BTreeMap<Iso3, String>,
    /// Centroids of areas too small to draw at this resolution.
    pub markers: BTreeMap<Iso3, (f64, f64)>,
    /// Disputed areas drawn without a label.
    #[serde(default)]
    pub disputed: Vec<String>,
    /// Countries in the table that have neither a shape nor a marker.
    pub shapeless: Vec<Iso3>,
    /// Every shape's box, measured once at parse: pages zoom to regions made
    /// of these, and measuring ~250 paths per request was a visible part of
    /// an uncached page's time.
    #[serde(skip)]
    bounds: BTreeMap<Iso3, BBox>,
}

impl WorldGeometry {
    pub fn parse(json: &str) -> Result<Self, String> {
        let mut geometry: WorldGeometry =
            serde_json::from_str(json).map_err(|e| format!("world map data: {e}"))?;
        geometry.bounds = geometry
            .shapes
            .iter()
            .filter_map(|(iso3, d)| path_bbox(d).map(|b| (*iso3, b)))
            .collect();
        Ok(geometry)
    }

    /// Projects a longitude/latitude (degrees) into map coordinates.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = equal_earth(lon.to_radians(), lat.to_radians());
        (
            self.translate.0 + self.scale * x,
            self.translate.1 - self.scale * y,
        )
    }

    /// The area a country occupies on the map: its shape's box, or a small box
    /// around its marker. Shapes that wrap around the antimeridian (wider than
    /// half the map) are skipped for zooming.
    pub fn bounds_of(&self, iso3: &Iso3) -> Option<BBox> {
        if self.shapes.contains_key(iso3) {
            let b = *self.bounds.get(iso3)?;
            return (b.width() < self.width / 2.0).then_some(b);
        }
        self.markers
            .get(iso3)
            .map(|&(x, y)| BBox::new(x - 4.0, y - 4.0, x + 4.0, y + 4.0))
    }
}

/// The Equal Earth projection (Šavrič, Patterson, Jenny 2018) on the unit sphere.
pub fn equal_earth(lambda: f64, phi: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let l = (m * phi.sin()).asin();
    let l2 = l * l;
    let l6 = l2 * l2 * l2;
    let x = lambda * l.cos() / (m * (A1 + 3.0 * A2 * l2 + l6 * (7.0 * A3 + 9.0 * A4 * l2)));
    let y = l * (A1 + A2 * l2 + l6 * (A3 + A4 * l2));
    (x, y)
}

/// An axis-aligned box in map coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BBox {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl BBox {
    pub fn new(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Self {
        BBox {
            min_x,
            min_y,
            max_x,
            max_y,
        }
    }

    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }

    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }

    pub fn center(&self) -> (f64, f64) {
        (
            (self.min_x + self.max_x) / 2.0,
            (self.min_y + self.max_y) / 2.0,
        )
    }

    pub fn union(self, other: BBox) -> BBox {
        BBox::new(
            self.min_x.min(other.min_x),
            self.min_y.min(other.min_y),
            self.max_x.max(other.max_x),
            self.max_y.max(other.max_y),
        )
    }

    fn include(&mut self, x: f64, y: f64) {
        self.min_x = self.min_x.min(x);
        self.min_y = self.min_y.min(y);
        self.max_x = self.max_x.max(x);
        self.max_y = self.max_y.max(y);
    }
}

/// The bounding box of SVG path data made of `M`/`m`, `l` (with implicit
/// repetition) and `z` commands — the subset the generator writes.
pub fn path_bbox(d: &str) -> Option<BBox> {
    let mut bbox: Option<BBox> = None;
    let (mut x, mut y) = (0.0, 0.0);
    let (mut start_x, mut start_y) = (0.0, 0.0);
    let mut command = 'M';
    let mut numbers = Vec::with_capacity(2);
    let mut rest = d;
    while !rest.is_empty() {
        let c = rest.as_bytes()[0] as char;
        if matches!(c, 'M' | 'm' | 'l' | 'L' | 'z' | 'Z') {
            command = c;
            rest = &rest[1..];
            if matches!(c, 'z' | 'Z') {
                (x, y) = (start_x, start_y);
            }
            continue;
        }
        if c == ' ' || c == ',' {
            rest = &rest[1..];
            continue;
        }
        let end = number_end(rest);
        let n: f64 = rest[..end].parse().ok()?;
        rest = &rest[end..];
        numbers.push(n);
        if numbers.len() == 2 {
            let (dx, dy) = (numbers[0], numbers[1]);
            numbers.clear();
            match command {
                'M' => {
                    (x, y) = (dx, dy);
                    (start_x, start_y) = (x, y);
                    command = 'L';
                }
                'm' => {
                    (x, y) = (x + dx, y + dy);
                    (start_x, start_y) = (x, y);
                    command = 'l';
                }
                'L' => (x, y) = (dx, dy),
                _ => (x, y) = (x + dx, y + dy),
            }
            match bbox.as_mut() {
                Some(b) => b.include(x, y),
                None => bbox = Some(BBox::new(x, y, x, y)),
            }
        }
    }
    bbox
}

/// Where a number starting at the beginning of `s` ends (`-1.5-2` → 4).
fn number_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let mut seen_dot = false;
    while i < bytes.len() {
        match bytes[i] {
            b'0'..=b'9' => {}
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
        i += 1;
    }
    i.max(1)
}

/// The pan/zoom transform of the map: `translate(tx ty) scale(k)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewport {
    pub k: f64,
    pub tx: f64,
    pub ty: f64,
}

impl Viewport {
    pub const MIN_ZOOM: f64 = 1.0;
    pub const MAX_ZOOM: f64 = 12.0;
    pub const IDENTITY: Viewport = Viewport {
        k: 1.0,
        tx: 0.0,
        ty: 0.0,
    };

    /// The view that shows `bbox` as large as fits in `width` × `height`, centred,
    /// with a margin.
    pub fn fit(bbox: BBox, width: f64, height: f64) -> Viewport {
        let margin = 1.15;
        let k = (width / (bbox.width() * margin))
            .min(height / (bbox.height() * margin))
            .clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let (cx, cy) = bbox.center();
        Viewport {
            k,
            tx: width / 2.0 - cx * k,
            ty: height / 2.0 - cy * k,
        }
        .clamped(width, height)
    }

    /// Zooms by `factor` keeping the map point under (`x`, `y`) (view coordinates) in place.
    pub fn zoom_at(self, factor: f64, x: f64, y: f64, width: f64, height: f64) -> Viewport {
        let k = (self.k * factor).clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let ratio = k / self.k;
        Viewport {
            k,
            tx: x - (x - self.tx) * ratio,
            ty: y - (y - self.ty) * ratio,
        }
        .clamped(width, height)
    }

    /// Moves the map by (`dx`, `dy`) view units.
    pub fn pan(self, dx: f64, dy: f64, width: f64, height: f64) -> Viewport {
        Viewport {
            tx: self.tx + dx,
            ty: self.ty + dy,
            ..self
        }
        .clamped(width, height)
    }

    /// Keeps the map covering the view: it cannot be dragged off screen.
    pub fn clamped(self, width: f64, height: f64) -> Viewport {
        let clamp = |t: f64, size: f64| t.clamp(size - size * self.k, 0.0);
        Viewport {
            k: self.k,
            tx: clamp(self.tx, width),
            ty: clamp(self.ty, height),
        }
    }

    /// The view as it is kept in a page's address (`?map=2.25,-310.4,-120`):
    /// zoom, then offsets in map units. Identity is the empty string.
    pub fn to_param(self) -> String {
        if self == Viewport::IDENTITY {
            return String::new();
        }
        format!("{:.2},{:.1},{:.1}", self.k, self.tx, self.ty)
    }

    /// A view from an address's `map=` value, or `None` when it is not one;
    /// clamped to what the map allows, so a shared link can never show the
    /// map off screen or zoomed beyond its limits.
    pub fn from_param(text: &str, width: f64, height: f64) -> Option<Viewport> {
        let mut numbers = text.split(',').map(|n| n.trim().parse::<f64>().ok());
        let (Some(Some(k)), Some(Some(tx)), Some(Some(ty)), None) = (
            numbers.next(),
            numbers.next(),
            numbers.next(),
            numbers.next(),
        ) else {
            return None;
        };
        if !(k.is_finite() && tx.is_finite() && ty.is_finite()) {
            return None;
        }
        Some(
            Viewport {
                k: k.clamp(Self::MIN_ZOOM, Self::MAX_ZOOM),
                tx,
                ty,
            }
            .clamped(width, height),
        )
    }

    /// The SVG `transform` attribute value, rounded for stable markup.
    pub fn to_transform(self) -> String {
        format!(
            "translate({:.2} {:.2}) scale({:.4})",
            self.tx, self.ty, self.k
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_round_trips_through_the_address_and_stays_on_the_map() {
        let view = Viewport {
            k: 2.5,
            tx: -300.0,
            ty: -120.5,
        };
        let back = Viewport::from_param(&view.to_param(), 1000.0, 500.0).unwrap();
        assert_eq!(back, view);
        assert_eq!(Viewport::IDENTITY.to_param(), "");
        let wild = Viewport::from_param("99,5000,-99999", 1000.0, 500.0).unwrap();
        assert_eq!(wild.k, Viewport::MAX_ZOOM);
        assert_eq!(wild, wild.clamped(1000.0, 500.0));
        for bad in ["", "1,2", "1,2,3,4", "a,b,c", "NaN,0,0", "inf,0,0"] {
            assert_eq!(Viewport::from_param(bad, 1000.0, 500.0), None, "{bad}");
        }
    }

    #[test]
    fn the_equator_and_prime_meridian_are_the_origin() {
        let (x, y) = equal_earth(0.0, 0.0);
        assert!(x.abs() < 1e-12 && y.abs() < 1e-12);
    }

    #[test]
    fn equal_earth_matches_the_published_extent() {
        // The projection's half-width at the equator is about 2.7064 and its pole is at 1.3173.
        let (x, _) = equal_earth(std::f64::consts::PI, 0.0);
        let (_, y) = equal_earth(0.0, std::f64::consts::FRAC_PI_2);
        assert!((x - 2.7064).abs() < 1e-3, "{x}");
        assert!((y - 1.3173).abs() < 1e-3, "{y}");
    }

    #[test]
    fn path_bbox_reads_relative_and_implicit_commands() {
        let b = path_bbox("M10 20l5 0 0 5-5 0zm20 0l1-1").unwrap();
        assert_eq!(b, BBox::new(10.0, 19.0, 31.0, 25.0));
        let b = path_bbox("M1.5-2.5l-.5 .5").unwrap();
        assert_eq!(b, BBox::new(1.0, -2.5, 1.5, -2.0));
        assert_eq!(path_bbox(""), None);
    }

    #[test]
    fn fitting_a_box_centres_it() {
        let v = Viewport::fit(BBox::new(400.0, 200.0, 500.0, 250.0), 1000.0, 500.0);
        let (cx, cy) = (450.0 * v.k + v.tx, 225.0 * v.k + v.ty);
        assert!(
            (cx - 500.0).abs() < 1e-6 && (cy - 250.0).abs() < 1e-6,
            "{v:?}"
        );
        assert!(v.k > 5.0);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer_and_respects_limits() {
        let v = Viewport::IDENTITY.zoom_at(2.0, 300.0, 200.0, 1000.0, 500.0);
        assert_eq!(v.k, 2.0);
        // The map point (300, 200) is still at view (300, 200).
        assert!((300.0 * v.k + v.tx - 300.0).abs() < 1e-9);
        let out = v.zoom_at(0.01, 0.0, 0.0, 1000.0, 500.0);
        assert_eq!(out, Viewport::IDENTITY);
        assert_eq!(
            v.zoom_at(100.0, 0.0, 0.0, 1000.0, 500.0).k,
            Viewport::MAX_ZOOM
        );
    }

    #[test]
    fn the_map_cannot_be_dragged_away() {
        let v = Viewport::IDENTITY.pan(300.0, -50.0, 1000.0, 500.0);
        assert_eq!(v, Viewport::IDENTITY);
        let zoomed = Viewport {
            k: 2.0,
            tx: -500.0,
            ty: -250.0,
        };
        assert_eq!(zoomed.pan(-10_000.0, 0.0, 1000.0, 500.0).tx, -1000.0);
    }
}
