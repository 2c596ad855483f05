// Renders the app icons from the one SVG source, public/favicon.svg:
//   icon-192.png, icon-512.png            ("any": the mark on a white rounded tile)
//   icon-maskable-192.png, -512.png       ("maskable": full-bleed UN blue, the mark
//                                          inside the 80 % safe zone)
// Run from end2end/: `npm run icons` (resvg from npm; no system libraries).
// The PNGs are committed; rerun when the SVG changes.
import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = readFileSync(join(root, 'public', 'favicon.svg'), 'utf8');
const inner = source.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '').replace(/<title>.*?<\/title>/, '');
const out = join(root, 'public', 'icons');
mkdirSync(out, { recursive: true });

/** The mark scaled to `share` of the tile, centred on `background`. */
function compose(background, share, radius) {
  const size = 64 / share;
  const offset = (size - 64) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${-offset} ${-offset} ${size} ${size}">` +
    `<rect x="${-offset}" y="${-offset}" width="${size}" height="${size}" rx="${radius * size}" fill="${background}"/>` +
    `${inner}</svg>`;
}

const variants = [
  ['icon', compose('#ffffff', 0.84, 0.18)],
  ['icon-maskable', compose('#0067a5', 0.62, 0)],
];
for (const [name, svg] of variants) {
  for (const width of [192, 512]) {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().asPng();
    writeFileSync(join(out, `${name}-${width}.png`), png);
    console.log(`public/icons/${name}-${width}.png`);
  }
}
