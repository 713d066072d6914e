/** Writes N seeded synthetic contracts (sharing definitions by relative $ref) into dir. */
export function writeSyntheticProject(dir: string, count: number): void;
