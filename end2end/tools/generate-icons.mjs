// Renders the app icons from the one SVG source, public/favicon.svg:
//   icon-192.png, icon-512.png            ("any": the mark on a white rounded tile)
//   icon-maskable-192.png, -512.png       ("maskable": full-bleed UN blue, the mark
//                                          inside the 80 % safe zone)
//   ../favicon.ico                        (the mark alone at 16, 32 and 48 px, PNG
//                                          images in an ICO file, for browsers and
//                                          tools that ask for /favicon.ico)
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

// ICO (the format's header, one directory entry per image, then the images):
// PNG images inside an ICO are read by every browser since IE 9.
const sizes = [16, 32, 48];
const images = sizes.map((width) => new Resvg(source, { fitTo: { mode: 'width', value: width } }).render().asPng());
const header = Buffer.alloc(6 + 16 * images.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(images.length, 4);
let offset = header.length;
images.forEach((png, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(sizes[i], entry);
  header.writeUInt8(sizes[i], entry + 1);
  header.writeUInt8(0, entry + 2);
  header.writeUInt8(0, entry + 3);
  header.writeUInt16LE(1, entry + 4);
  header.writeUInt16LE(32, entry + 6);
  header.writeUInt32LE(png.length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += png.length;
});
writeFileSync(join(root, 'public', 'favicon.ico'), Buffer.concat([header, ...images]));
console.log('public/favicon.ico');
