// Builds the console into ../dist, the folder the Rust crate embeds.
//
//   node build.mjs          one build (what `make test` runs and then diffs against git)
//   import { build } from './build.mjs'   (dev.mjs rebuilds on change)
//
// Output: dist/index.html (from index.html, naming the hashed assets), dist/assets/app-HASH.js
// and app-HASH.css (src/main.js and every CSS it imports, uPlot's included), dist/favicon.svg,
// dist/LICENSES.txt (name, exact version and licence text of each bundled package).
// Deterministic: esbuild hashes content, nothing here reads the clock, files are sorted.
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const dist = join(web, '..', 'dist');
const assets = join(dist, 'assets');

export async function build() {
  const result = await esbuild.build({
    absWorkingDir: web,
    entryPoints: ['src/main.js'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    entryNames: 'app-[hash]',
    assetNames: '[name]-[hash]',
    outdir: assets,
    write: false,
    metafile: true,
    legalComments: 'none', // the licences go to LICENSES.txt in full
    charset: 'utf8',
    logLevel: 'warning',
  });

  const written = new Map();
  for (const file of result.outputFiles) written.set(file.path.slice(assets.length + 1), file.contents);
  const js = [...written.keys()].find((n) => n.endsWith('.js'));
  const css = [...written.keys()].find((n) => n.endsWith('.css'));
  if (!js || !css) throw new Error(`expected one .js and one .css output, got ${[...written.keys()]}`);

  mkdirSync(assets, { recursive: true });
  for (const stale of readdirSync(assets)) if (!written.has(stale)) rmSync(join(assets, stale));
  for (const [name, bytes] of written) writeIfChanged(join(assets, name), bytes);

  const html = readFileSync(join(web, 'index.html'), 'utf8')
    .replaceAll('%APP_JS%', `/ui/assets/${js}`)
    .replaceAll('%APP_CSS%', `/ui/assets/${css}`);
  writeIfChanged(join(dist, 'index.html'), html);
  writeIfChanged(join(dist, 'favicon.svg'), readFileSync(join(web, 'favicon.svg')));
  writeIfChanged(join(dist, 'LICENSES.txt'), licenses(result.metafile));
  return { js, css, bytes: Object.fromEntries([...written].map(([n, b]) => [n, b.length])) };
}

// One section per npm package whose files went into the bundle, in name order.
function licenses(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m) packages.add(m[1]);
  }
  const sections = [...packages].sort().map((name) => {
    const dir = join(web, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)/i.test(f));
    if (!file) throw new Error(`${name} has no licence file`);
    const text = readFileSync(join(dir, file), 'utf8').trim();
    return `${'='.repeat(78)}\n${pkg.name} ${pkg.version} (${pkg.license})\n${'='.repeat(78)}\n\n${text}\n`;
  });
  return 'Third-party software bundled in the Ophion console (console/dist/assets).\n\n' +
    sections.join('\n');
}

// Leaves unchanged files alone so watchers and mtimes stay quiet.
function writeIfChanged(path, bytes) {
  const next = Buffer.from(bytes);
  try { if (readFileSync(path).equals(next)) return; } catch { /* absent: write it */ }
  writeFileSync(path, next);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { js, css, bytes } = await build();
  console.log(`dist: ${js} (${bytes[js]} B), ${css} (${bytes[css]} B)`);
}
