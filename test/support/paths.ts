// Where things live, from compiled tests (out/test/**) as well as from sources.
import * as path from 'path';
import * as fs from 'fs';

function findRoot(from: string): string {
  for (let d = from; d !== path.dirname(d); d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json')) && fs.existsSync(path.join(d, 'test', 'support'))) return d;
  }
  throw new Error(`project root not found above ${from}`);
}

export const ROOT = findRoot(__dirname);
export const SIM_BIN = path.join(ROOT, 'test', 'support', 'openshell-sim');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const FULLSEND_SIM_BIN = path.join(ROOT, 'test', 'support', 'fullsend-sim');
