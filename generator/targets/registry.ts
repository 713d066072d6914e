/** Every output target, in emission order. Adding a target is adding a folder and a line here. */
import type { Target } from './target.js';
import { contractTestsTarget } from './contract-tests/emit.js';
import { directTarget } from './direct/emit.js';
import { nodeHandlerTarget } from './node-handler/emit.js';
import { openApiTarget } from './openapi/emit.js';
import { phpClientTarget } from './php-client/emit.js';
import { phpHandlerTarget } from './php-handler/emit.js';
import { tsClientTarget } from './ts-client/emit.js';
import { tsTypesTarget } from './ts-types/emit.js';

export const TARGETS: readonly Target[] = [tsTypesTarget, nodeHandlerTarget, tsClientTarget, phpClientTarget, phpHandlerTarget, contractTestsTarget, directTarget, openApiTarget];
