// `npm run bench`: measurements side by side in one run. Nothing here is asserted; it prints what it sees.
import { benchColdStart } from './cold-start.js';
import { benchCompileCache } from './compile-cache.js';
import { benchDistSizes } from './dist-size.js';
import { benchEc2 } from './ec2.js';
import { benchOciAll } from './oci-pipeline.js';
import { benchScale } from './scale.js';
import { benchZip } from './zip.js';
import { benchZipMemory } from './zip-memory.js';

const benches: Array<[string, () => Promise<string[]>]> = [
  ['zip', benchZip],
  ['zip-memory', benchZipMemory],
  ['cold start', benchColdStart],
  ['compile cache', benchCompileCache],
  ['oci', benchOciAll],
  ['ec2', benchEc2],
  ['bundle', benchDistSizes],
  ['scale', benchScale],
];

// `npm run bench -- zip oci` runs only the named ones.
const only = process.argv.slice(2);
for (const [name, bench] of benches.filter(([n]) => only.length === 0 || only.includes(n))) {
  try {
    for (const line of await bench()) console.log(line);
  } catch (err) {
    console.log(`${name}: failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
  console.log('');
}
