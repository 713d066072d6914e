/** The packed package in a CommonJS project (`npm init -y`), with each common tsconfig. */
import { fitMatrix } from './cells.js';

fitMatrix('cjs');
