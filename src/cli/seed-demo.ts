// Fills the demo workspace with data (a handful of leads until the workspace generator lands).
import { createAppServices } from '../services/app-services.js';
import type { Deps } from '../services/deps.js';
import { createLead } from '../services/leads.js';

const DEMO_ACTOR = { type: 'system' as const, id: null, label: 'demo data' };

export async function seedDemo(deps: Deps, workspaceId: string): Promise<void> {
  const people = [
    {
      email: 'dana.ruiz@northwind.io',
      firstName: 'Dana',
      lastName: 'Ruiz',
      title: 'VP Marketing',
      company: 'Northwind',
      country: 'US',
      employees: 420,
      source: 'google',
    },
    {
      email: 'k.schmidt@brightlane.de',
      firstName: 'Karl',
      lastName: 'Schmidt',
      title: 'Head of Sales Operations',
      company: 'Brightlane',
      country: 'Germany',
      employees: 180,
      source: 'linkedin',
    },
    {
      email: 'priya@copperleaf.in',
      firstName: 'Priya',
      lastName: 'Natarajan',
      title: 'CTO',
      company: 'Copperleaf',
      country: 'India',
      employees: 75,
      source: 'webinar',
    },
  ];
  const { hooks } = createAppServices(deps);
  for (const p of people) await createLead({ ...deps, hooks }, DEMO_ACTOR, workspaceId, p);
}
