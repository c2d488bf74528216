#!/usr/bin/env node
// The published entry: one bundled file; --debug maps its stack traces to the sources.
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
await import("../dist/cli/nemotron-customize.js");
