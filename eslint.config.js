// Lint: typed rules from typescript-eslint; floating promises are errors (background jobs rely on it).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.dependency-cruiser.cjs',
      'node_modules',
      'web/dist',
      'dist',
      '.tandem',
      '.tandem-test',
      'bench/results',
      'migrations',
      '.scratch',
      '.scratch-bench',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // All SQL lives in src/store, tests of services, jobs and routes included: they read what was
    // stored through the store or test/support. `exec` stays allowed (regex .exec() calls exist in http).
    files: ['src/services/**/*.ts', 'src/jobs/**/*.ts', 'src/http/**/*.ts', 'src/demo/**/*.ts'],
    ignores: ['src/demo/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: 'SQL belongs in src/store: add a function there and call it.',
        },
      ],
    },
  },
  {
    // The web app calls /api through api.ts alone (CSRF header, problem+json, generated types), and
    // reads the generated schema through api-types.ts's names.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    ignores: ['web/src/api.ts', 'web/src/api-types.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message: 'Call the API through api.ts (`api.…` or `call`), whose types come from the routes.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api-schema.js'],
              message: 'Name the generated type in api-types.ts and import it from api.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests break data on purpose, and benchmarks print their figures.
    files: ['bench/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
