// Bundles the extension to CommonJS for Node: dist/extension.js, plus one file per heavy library it loads
// only on first use (dist/vendor/execa.js, dist/vendor/yaml.js). Activation then parses and runs none of
// them: no openshell call and no YAML read happens until a view is visible or a command runs.
// execa is ESM-only; bundling it to `format: 'cjs'` for `platform: 'node'` is what avoids
// "Dynamic require of 'child_process'" (vscode#130367).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');
const LAZY = ['execa', 'yaml'];

const common = {
  bundle: true,
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

/**
 * `await import('execa')` in the extension becomes a lazily initialised CommonJS shim that runs
 * `require('./vendor/execa.js')` on first use, resolved beside dist/extension.js. (A plain external would stay
 * an ESM `import()`, which the extension host does not resolve for a CommonJS extension.)
 */
const lazyVendors = {
  name: 'lazy-vendors',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${LAZY.join('|')})$`) }, (args) => {
      if (args.kind !== 'dynamic-import') {
        return { errors: [{ text: `${args.path} must be loaded with await import('${args.path}') so activation does not pay for it (${args.importer})` }] };
      }
      return { path: args.path, namespace: 'lazy-vendor' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, (args) => ({
      contents: `module.exports = require('./vendor/${args.path}.js');`, loader: 'js', resolveDir: '.',
    }));
    build.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [lazyVendors] },
  ...LAZY.map((name) => ({ ...common, stdin: { contents: `export * from '${name}';`, resolveDir: '.', loader: 'js' }, outfile: `dist/vendor/${name}.js` })),
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[esbuild] watching src/ …');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const kb = (r) => Object.values(r.metafile.outputs).reduce((n, o) => n + o.bytes, 0) / 1024;
  const [main, ...vendors] = results;
  console.log(`[esbuild] dist/extension.js ${kb(main).toFixed(1)} KB${production ? ' (minified)' : ''}; loaded on first use: ` +
    vendors.map((r, i) => `vendor/${LAZY[i]}.js ${kb(r).toFixed(1)} KB`).join(', '));
}
