// Wasm sizes of the split build: the main module, which every page loads,
// and what each lazy island (`#[island(lazy)]`) adds the first time a page
// has one (its own module plus the shared chunks the manifest lists), raw and brotli
// (the precompressed .br twins `make build` writes, as served).
// Prints Markdown rows: | what | raw KB | brotli KB |.
//   node perf/wasm-size.mjs ../target/site/pkg
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const files = readdirSync(dir);
const size = (name) => statSync(join(dir, name)).size;
const brotli = (name) => (files.includes(`${name}.br`) ? size(`${name}.br`) : size(name));
const kb = (bytes) => (bytes / 1024).toFixed(1);
const wasm = (stem) => files.find((f) => f.startsWith(`${stem}.`) && f.endsWith('.wasm'));

const main = files.find((f) => /^summit\..*\.wasm$/.test(f));
const rows = [[`main module (every page): \`${main}\``, size(main), brotli(main)]];
const manifestFile = files.find((f) => f.startsWith('__wasm_split_manifest') && f.endsWith('.json'));
if (manifestFile) {
  const manifest = JSON.parse(readFileSync(join(dir, manifestFile), 'utf8'));
  for (const [split, chunks] of Object.entries(manifest).sort()) {
    const own = wasm(`split_${split}`);
    const parts = [own, ...chunks.map((c) => `${c}.wasm`)].filter((f) => f && files.includes(f));
    const route = split.replace(/^__/, '').replace(/_(view|loader)_\d+$/, '').replace(/_/g, '-');
    rows.push([`+ ${route} (loaded on first visit)`, parts.reduce((a, f) => a + size(f), 0), parts.reduce((a, f) => a + brotli(f), 0)]);
  }
}
for (const [what, raw, br] of rows) console.log(`| ${what} | ${kb(raw)} | ${kb(br)} |`);
console.log(`MAIN_BROTLI=${brotli(main)}`);
