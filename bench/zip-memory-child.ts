// The child that bench/zip-memory.ts measures: build-function's walk and zip writer on one tree.
import { listSourceTree } from '../src/artifacts/files.js';
import { DEFAULT_ZIP_LEVEL, writeDeterministicZip } from '../src/artifacts/zip.js';

const [root, output] = process.argv.slice(2) as [string, string];
const tree = listSourceTree(root, [], []);
await writeDeterministicZip(root, tree.entries, output, { level: DEFAULT_ZIP_LEVEL });
