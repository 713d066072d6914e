/** The checks of one row of the fit matrix: one project per tsconfig, each checked as a user would use it. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { installPacked, makeProject, nodeWithTypeScript, run, tsc, tsx, vitest, type PackageKind, type TsconfigKind } from './matrix.js';

const TSCONFIGS: TsconfigKind[] = ['nodenext', 'commonjs', 'bundler', 'init', 'native'];
const SLOW = 180_000;

export function fitMatrix(kind: PackageKind): void {
  let install: ReturnType<typeof installPacked>;
  beforeAll(() => {
    install = installPacked();
  }, SLOW);
  afterAll(() => install?.dispose());

  describe.each(TSCONFIGS)(`${kind} project, tsconfig %s`, (tsconfig) => {
    let dir: string;
    beforeAll(() => {
      dir = makeProject(install.shared, kind, tsconfig);
    }, SLOW);

    // A CommonJS package with verbatimModuleSyntax (tsc --init's default) accepts no import/export
    // syntax in any .ts file; the generated sources are ESM syntax. Known gap, see the README.
    const tscApplies = !(kind === 'cjs' && (tsconfig === 'init' || tsconfig === 'native'));
    test.runIf(tscApplies)('tsc 7 and tsc 5.9 accept everything generated', () => {
      for (const version of ['7', '5.9'] as const) {
        const r = tsc(version, dir);
        expect(r.output, `tsc ${version}`).toBe('');
        expect(r.status).toBe(0);
      }
    }, SLOW);

    // With "type": "module", tsc's CommonJS output cannot run at all (the user's own files neither).
    const runsBuilt = tsconfig !== 'bundler' && tsconfig !== 'native' && !(kind === 'esm' && tsconfig === 'commonjs');
    test.runIf(runsBuilt)('the caller and the function, compiled by tsc, run under node', () => {
      tsc('7', dir);
      expect(run(process.execPath, ['build/src/call.js'], dir).output).toBe('CALLER-OK');
      expect(run(process.execPath, ['build/src/fn.js'], dir).output).toBe('FN-OK {"pong":true}');
    }, SLOW);

    // CI (CI=true) must have such a Node; elsewhere the test runs where there is one.
    const node = nodeWithTypeScript();
    test.runIf(tsconfig === 'native' && (node !== undefined || process.env['CI'] === 'true'))("the caller and the function sources run under Node's own TypeScript support", () => {
      expect(node, 'a Node with TypeScript support: set CLOUDFN_TEST_NODE_TS').toBeDefined();
      // Without "type": "module" Node still runs them (it detects the import syntax), and warns.
      const plain = (output: string): string => (kind === 'cjs' ? output.replace(/\n\(node:\d+\) \[MODULE_TYPELESS_PACKAGE_JSON\][^]*$/, '') : output);
      expect(plain(run(node!, ['src/call.ts'], dir).output)).toBe('CALLER-OK');
      expect(plain(run(node!, ['src/fn.ts'], dir).output)).toBe('FN-OK {"pong":true}');
    }, SLOW);

    test.runIf(tsconfig === 'native' && tscApplies)('check: the generated files are in sync and the implementation matches its contract', () => {
      const r = run(process.execPath, [path.join(dir, 'node_modules/cloudfn/dist/generator/cli.js'), 'check'], dir);
      expect(r.output).toMatch(/generated files are up to date; the implementations match their contracts/);
      expect(r.status).toBe(0);
    }, SLOW);

    test('the caller and the function sources run under tsx', () => {
      expect(tsx(dir, ['src/call.ts']).output).toBe('CALLER-OK');
      expect(tsx(dir, ['src/fn.ts']).output).toBe('FN-OK {"pong":true}');
    }, SLOW);

    test('vitest runs the generated contract tests green', () => {
      const r = vitest(dir);
      expect(r.output, r.output).toMatch(/Test Files\s+1 passed/);
      expect(r.status).toBe(0);
    }, SLOW);
  });
}
