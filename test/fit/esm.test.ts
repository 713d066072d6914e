/** The packed package in an ESM project (`"type": "module"`), with each common tsconfig. */
import { fitMatrix } from './cells.js';

fitMatrix('esm');
