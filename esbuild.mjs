// Bundles the extension into one CommonJS file (dist/extension.js). execa is ESM-only; bundling it to
// `format: 'cjs'` for `platform: 'node'` is what avoids "Dynamic require of 'child_process'" (vscode#130367).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('[esbuild] watching src/ …');
} else {
  const result = await esbuild.build(options);
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  console.log(`[esbuild] dist/extension.js ${(bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
}
