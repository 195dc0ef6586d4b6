// Lint rules that guard the architecture: nothing below src/{commands,views,ui} may import `vscode`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The typescript-eslint variant also sees `import vscode = require('vscode')`.
const noVscode = {
  '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'core/workspace/openshell/fullsend stay free of vscode (ARCHITECTURE §2).' }] }],
};

// esbuild turns `import * as x from 'cjs-module'` into a __toESM copy of the module's exports, made once per
// importing file when the bundle loads: for `vscode` that was ~10 ms of activation. `import x = require()`
// compiles to a plain require.
const noNamespaceImportOfPackages = {
  'no-restricted-syntax': ['error', {
    selector: "ImportDeclaration[importKind='value'][source.value=/^[^.]/] > ImportNamespaceSpecifier",
    message: "Use `import x = require('x')` for packages and Node modules: a namespace import makes esbuild copy the module's exports at load time (activation cost).",
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '**/*.vsix', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  { files: ['src/**'], rules: noNamespaceImportOfPackages },
  { files: ['src/core/**', 'src/workspace/**', 'src/openshell/**', 'src/fullsend/**'], rules: noVscode },
);
