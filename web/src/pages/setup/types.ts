// The setup form's days in the order the page shows them; the types of /api/v1/setup and
// /api/v1/getting-started are api.ts's (generated from src/http/routes/setup.ts).
import type { Weekday } from '../../api.js';

export type { Weekday };

/** Week order; the page's Record<Weekday, label> fails typecheck when the API's days change. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
