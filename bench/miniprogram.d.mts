export function miniProgramSizes(): Promise<{ plain: { min: number; gzip: number }; validated: { min: number; gzip: number } }>;
