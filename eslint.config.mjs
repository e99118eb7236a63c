// Type-aware linting; `npm run check` allows zero warnings.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'node_modules/**',
      'coverage/**',
      'data/**',
      'jest.config.js',
      'eslint.config.mjs',
      '**/*.cjs',
      'scripts/**/*.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/libs/*/src/**', '../../libs/**'], message: 'Import other libs through @tongban/* aliases.' }] },
      ],
    },
  },
  {
    // One query style beside TypeORM's repositories and query builders: the `sql` tagged template (docs/architecture.md).
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['libs/platform/src/database/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
          message:
            'Raw SQL through .query() is not allowed here: write it with the sql tagged template of @tongban/platform (sql`...`.rows(em), .one, .maybeOne, .execute).',
        },
        {
          selector: "MemberExpression[object.name='Sql'][property.name=/^(template|trusted)$/]",
          message:
            'Sql.template and Sql.trusted belong to the sql helper itself: build statements with the sql tag, sql.ident, sql.join or sql.keyword.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
