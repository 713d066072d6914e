import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/shop/generated/tests/*.contract.test.ts'],
    // Golden trees hold expected generated files (their contract tests run against scaffolds), not tests.
    exclude: ['test/golden/**', 'examples/tmp-*/**', '**/node_modules/**'],
    // Many tests wait on the processes they spawn (node, tsc, php): with one worker per core the
    // cores sat a third idle (2 cores: 513 s of tests with 2 workers, 357 s with 3).
    maxWorkers: '150%',
    // CLI tests spawn real processes (node, tsc, php); bounded, but slower than 5 s on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Messages in English whatever this machine's locale (the i18n tests ask for Chinese themselves).
    env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', CLOUDFN_LANG: '' },
  },
});
