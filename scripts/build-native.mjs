// Placeholder until the native addon lands: rnnkit runs on the TypeScript backend.
console.log('rnnkit: native addon not built (not yet part of this version); using the TypeScript backend.');
