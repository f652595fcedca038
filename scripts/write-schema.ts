// Writes public/schema/kms-scenario-1.json from the one schema definition in src/engine/scenario/schema.ts.
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '@kms-lab/engine/scenario';

const path = new URL('../public/schema/kms-scenario-1.json', import.meta.url);
writeFileSync(path, JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
console.log(`wrote ${path.pathname}`);
