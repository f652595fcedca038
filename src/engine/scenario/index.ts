// Scenarios: a world described as JSON (keys, aliases, grants, principals, policies, requests),
// validated with paths, loaded into a World, and simulated request by request.
//
// A separate entry from the engine's (src/engine/index.ts) because the schema pulls zod: the app
// lazy-loads this one (`await import('../engine/scenario')`) and the engine's entry stays small.
//
//   import { loadScenario, simulateScenario } from './src/engine/scenario';
//   const loaded = await loadScenario(jsonText);
//   if (loaded.ok) console.log(simulateScenario(loaded.world, loaded.scenario));

// Parse / validate (with paths and line:column), load into a World, export a World back to a scenario.
export * from './load';
// Evaluate a scenario's requests against its world: decisions and why.
export * from './simulate';
// The zod schema, its types, the patterns it uses, and its JSON Schema (`scenarioJsonSchema`).
export * from './schema';
