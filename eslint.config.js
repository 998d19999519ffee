// ESLint for dbtk: typescript-eslint's type-checked rules over src/ and test/, the JS rules over
// scripts/ and bin/, React's hook rules over the TUI, and the import boundaries between core, CLI
// and TUI. Formatting is Prettier's job (eslint-config-prettier comes last and turns style rules off).

import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TERMINAL_PACKAGES = ['ink', 'react', 'chalk', 'commander'].map((name) => ({
  name,
  message: 'src/core returns values and throws DbtkError; rendering belongs to src/cli or src/tui.',
}));

export default defineConfig(
  { ignores: ['dist/', 'build/', 'coverage/', 'vendor/', 'templates/', 'test/fixtures/', '.dbtk/'] },

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        // tsconfig.json covers src and test; a root config file (vitest.config.ts) gets a default project.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `a || b` on strings is deliberate here: an empty string means "not set", as dbmate treats
      // an empty DATABASE_URL or flag (`??` would keep the empty string). On booleans, and inside
      // Boolean(…), it is plain logic, not a default value.
      '@typescript-eslint/prefer-nullish-coalescing': [
        'error',
        { ignorePrimitives: { string: true, boolean: true }, ignoreBooleanCoercion: true },
      ],
      // `const { path: _path, ...rest } = x` is how a key is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },

  // scripts/, bin/ and this file are plain JS (no allowJs in tsconfig): JS rules only.
  { files: ['**/*.js', '**/*.cjs'], extends: [tseslint.configs.disableTypeChecked] },
  // A .cjs file is CommonJS on purpose (the bundle's shims for CommonJS packages): require is its import.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },

  { files: ['src/tui/**/*.{ts,tsx}'], extends: [reactHooks.configs.flat.recommended] },

  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      // vitest's asymmetric matchers (expect.any, expect.stringMatching…) are typed `any` so they
      // fit any field: every `{ at: expect.any(String) }` would be an unsafe assignment.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Fakes implement promise-returning interfaces; `async` is the plain way to write one.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // Import boundaries (test/architecture/imports.test.ts checks the same, dynamic imports included).
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: TERMINAL_PACKAGES,
          patterns: [
            { group: ['**/cli/**', '**/tui/**'], message: 'src/core knows nothing of the CLI or the TUI.' },
            { group: ['ink/*', 'ink-*', 'react/*'], message: 'src/core knows nothing of the terminal.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/tui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/cli/**'], message: 'The TUI uses src/core, never the CLI.' }] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['ink', 'ink/*', 'ink-*', 'react', 'react/*', '**/tui/**'],
              allowTypeImports: true,
              message: 'The CLI loads the TUI lazily with `await import(...)` so plain commands never pay for Ink and React.',
            },
          ],
        },
      ],
    },
  },

  prettier,
);
