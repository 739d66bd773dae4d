/** The suggestion helper lives in shared/ (config uses it too); re-exported for the checkers. */
export { editDistance, closestMatch } from '../shared/suggest.js';
