import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // No consistent-type-imports: `verbatimModuleSyntax` already makes tsc demand `import type`
      // exactly where it is safe, and the rule would strip classes that decorator metadata needs.
      // Migrations list their classes as `Function[]`, which is what TypeORM accepts.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // The law's rules and the crypto stay framework-free: testable without Nest or a database
    // (docs/architecture.md, "Layers"). This is the dependency rule CI enforces.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', '@nestjs/**'], message: 'libs/ is framework-free: no NestJS.' },
            { group: ['typeorm', 'typeorm/*', 'pg', '@electric-sql/*'], message: 'libs/ is framework-free: no database access.' },
            { group: ['**/src/**', '**/src'], message: 'libs/ must not depend on the application in src/.' },
            { group: ['class-validator', 'class-transformer', 'fastify', '@fastify/*', 'passport*'], message: 'libs/ is framework-free.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Scripts, benchmarks and the CLI talk to the terminal.
    files: ['scripts/**', 'bench/**', 'bin/**', 'test/support/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The web console (console/): browser code, React hooks by their rules.
    files: ['console/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: { ...reactHooks.configs.flat['recommended-latest'].rules, 'react-hooks/exhaustive-deps': 'error' },
  },
);
