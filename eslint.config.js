import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.runnel/**',
      'frontend/build/**',
      'frontend/.svelte-kit/**',
      'runtimes/typescript/wrapper.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The flow engine is a pure state machine: it returns commands, the orchestrator does the I/O.
    files: ['server/src/flows/engine/**/*.ts'],
    ignores: ['server/src/flows/engine/**/*.test.ts', 'server/src/flows/engine/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./[^/]+\\.js$|@runnel/api-contract$)',
              message:
                'The flow engine is pure: import only its own files (./x.js) and @runnel/api-contract; return commands instead of doing I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // The app bundles this module for the browser: it may import only what runs there.
    files: ['runtimes/args-schema.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!ajv$|ajv-formats$|re2js$)',
              message: 'args-schema runs in the browser too: ajv, ajv-formats and re2js only.',
            },
          ],
        },
      ],
    },
  },
);
