/**
 * Every cloudfn.config.json setting the READMEs show (an inline `"targets": { … }`, `"deploy": …`, a
 * `"serve": { … }` block) is one the config accepts: a documented option refused as an unknown key is
 * a broken promise (the direct target's options were, until this test).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { resolveConfig } from '../generator/config.js';
import { REPO_ROOT } from './helpers/cli.js';
import { tempProject } from './helpers/temp-project.js';

const KEYS = 'targets|deploy|serve|signing|importExtension';

function settings(readme: string): string[] {
  const text = readFileSync(path.join(REPO_ROOT, readme), 'utf8');
  const inline = [...text.matchAll(new RegExp(`\`("(?:${KEYS})": [^\`]*)\``, 'g'))].map((m) => m[1]!);
  const blocks = [...text.matchAll(/```json\n("(?:serve|targets|deploy)": [^`]*?)\n```/g)].map((m) => m[1]!);
  return [...inline, ...blocks].map((s) => s.replace(/\s+/g, ' '));
}

test.each(['README.md', 'README.zh-CN.md'])('%s: every cloudfn.config.json setting it shows is accepted', (readme) => {
  const found = settings(readme);
  expect(found.length).toBeGreaterThan(10);
  const dir = tempProject({});
  mkdirSync(path.join(dir, 'schemas'));
  for (const setting of found) {
    writeFileSync(path.join(dir, 'cloudfn.config.json'), `{ ${setting} }`);
    expect(() => resolveConfig({}, dir), setting).not.toThrow();
  }
});
