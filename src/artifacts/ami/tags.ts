import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';

export type TagPair = readonly [key: string, value: string];

// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions
const MAX_TAGS = 40;

/** `Key=Value` items (one per line or comma-separated); the aws: prefix is reserved, slipway: is ours. */
export function parseTags(i: Inputs, name: string): TagPair[] {
  const pairs: TagPair[] = [];
  for (const item of i.list(name)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new InputError(name, `item ${JSON.stringify(item)} is not Key=Value`);
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key.length > 128)
      throw new InputError(name, `key ${JSON.stringify(key.slice(0, 40))}… is over 128 characters`);
    if (value.length > 256) throw new InputError(name, `the value of ${key} is over 256 characters`);
    if (/^aws:/i.test(key)) throw new InputError(name, `key ${key} uses the reserved aws: prefix`);
    if (/^slipway:/i.test(key))
      throw new InputError(name, `key ${key} uses the slipway: prefix, which slipway sets itself`);
    if (pairs.some(([k]) => k === key)) throw new InputError(name, `key ${key} is given twice`);
    pairs.push([key, value]);
  }
  if (pairs.length > MAX_TAGS)
    throw new InputError(name, `has ${pairs.length} tags; at most ${MAX_TAGS} (slipway adds its own)`);
  return pairs;
}

export const toSdkTags = (pairs: readonly TagPair[]): Array<{ Key: string; Value: string }> =>
  pairs.map(([Key, Value]) => ({ Key, Value }));
