/** A function's instances in the emulator: one call each at a time, and idle ones let go as the platform does. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { workerHost } from '../../generator/emulator/function-host.js';
import { tempProject } from '../helpers/temp-project.js';

const ok = (o: { kind: string; value?: unknown }): string => {
  if (o.kind !== 'ok') throw new Error(`the call ended ${o.kind}`);
  return (o.value as { id: string }).id;
};

test('concurrent calls start instances; those beyond the first are let go once idle, the first stays warm', async () => {
  const file = path.join(tempProject({}), 'instance.cjs');
  writeFileSync(file, 'const id = Math.random().toString(36).slice(2);\nexports.main = async () => { await new Promise((r) => setTimeout(r, 50)); return { id }; };\n');
  const host = workerHost(file, {}, 'main', undefined, 800);
  try {
    const three = () => Promise.all([1, 2, 3].map(async () => ok(await host.invoke({}, {}, 5000))));
    const first = await three();
    expect(new Set(first).size).toBe(3);
    // Right away, the same three instances answer again.
    expect(new Set([...(await three()), ...first]).size).toBe(3);
    await new Promise((r) => setTimeout(r, 2000));
    const later = await three();
    expect(later.filter((id) => first.includes(id))).toHaveLength(1);
  } finally {
    await host.close();
  }
});
