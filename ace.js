/*
| JIT TypeScript hook for the ace entrypoint. Production builds run the compiled
| build/ace.js instead.
*/
import '@poppinss/ts-exec'

await import('./bin/console.js')
