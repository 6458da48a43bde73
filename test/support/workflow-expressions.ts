/**
 * The part of GitHub Actions' expression language the examples use, enough for a test to read what a workflow
 * would pass to a step: `${{ }}` in a string, literals, context paths (`inputs.x`, `steps.a.outputs.b`,
 * `a['b']`), `!`, `==`, `!=`, `&&`, `||`, parentheses and calls. Its rules follow
 * https://docs.github.com/en/actions/reference/workflows-and-actions/expressions (operators: `&&` and `||`
 * return an operand, not a boolean; `''`, 0, false and null are falsy; strings compare ignoring case).
 */

/** A value only the run knows (a step output, a secret, an input without a value): not empty, as at run time. */
export class RunTime {
  constructor(readonly ref: string) {}
  toString(): string {
    return `⟨${this.ref}⟩`;
  }
}
export type Value = string | number | boolean | null | RunTime;
/** Resolves a context path such as ['inputs', 'strategy']. */
export type Context = (path: string[]) => Value;

type Token = { kind: 'str' | 'num' | 'id' | 'op'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:'((?:[^']|'')*)'|(\d+(?:\.\d+)?)|([A-Za-z_][\w-]*)|(==|!=|&&|\|\||[!()[\].,]))/y;
  let at = 0;
  while (at < src.length) {
    if (/^\s*$/.test(src.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m)
      throw new Error(
        `cannot read the expression ${JSON.stringify(src)} at ${JSON.stringify(src.slice(at))}`,
      );
    at = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'str', text: m[1].replace(/''/g, "'") });
    else if (m[2] !== undefined) tokens.push({ kind: 'num', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'id', text: m[3] });
    else tokens.push({ kind: 'op', text: m[4]! });
  }
  return tokens;
}

export const truthy = (v: Value): boolean =>
  v instanceof RunTime || (v !== '' && v !== 0 && v !== false && v !== null);

export function toText(v: Value): string {
  return v === null ? '' : String(v);
}

function equal(a: Value, b: Value): boolean {
  if (a instanceof RunTime || b instanceof RunTime)
    throw new Error(`cannot compare ${toText(a)} with ${toText(b)}: one is known only at run time`);
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluate(src: string, context: Context): Value {
  const tokens = tokenize(src);
  let i = 0;
  const peek = (text: string): boolean => tokens[i]?.kind === 'op' && tokens[i]?.text === text;
  const expect = (text: string): void => {
    if (!peek(text)) throw new Error(`expected ${text} in ${JSON.stringify(src)}`);
    i++;
  };
  const or = (): Value => {
    let left = and();
    while (peek('||')) {
      i++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = compare();
    while (peek('&&')) {
      i++;
      const right = compare();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const compare = (): Value => {
    const left = unary();
    if (peek('==') || peek('!=')) {
      const op = tokens[i++]!.text;
      const same = equal(left, unary());
      return op === '==' ? same : !same;
    }
    return left;
  };
  const unary = (): Value => {
    if (peek('!')) {
      i++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const t = tokens[i++];
    if (!t) throw new Error(`${JSON.stringify(src)} ends too soon`);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'op' && t.text === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t.kind !== 'id') throw new Error(`unexpected ${t.text} in ${JSON.stringify(src)}`);
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    if (t.text === 'null') return null;
    if (peek('(')) return call(t.text);
    const path = [t.text];
    for (;;) {
      if (peek('.')) {
        i++;
        path.push(tokens[i++]!.text);
      } else if (peek('[')) {
        i++;
        path.push(toText(or()));
        expect(']');
      } else return context(path);
    }
  };
  const call = (name: string): Value => {
    expect('(');
    const args: Value[] = [];
    while (!peek(')')) {
      args.push(or());
      if (peek(',')) i++;
    }
    expect(')');
    let v: Value;
    if (args.some((a) => a instanceof RunTime)) v = new RunTime(`${name}(${args.map(toText).join(', ')})`);
    else if (name === 'format')
      v = toText(args[0] ?? '').replace(/\{(\d+)\}/g, (_, n: string) => toText(args[Number(n) + 1] ?? ''));
    else throw new Error(`the function ${name} is not modelled; extend test/support/workflow-expressions.ts`);
    // An index into a run-time value (fromJSON(...)['x']) is a run-time value too.
    while (peek('[') && v instanceof RunTime) {
      i++;
      v = new RunTime(`${v.ref}[${toText(or())}]`);
      expect(']');
    }
    return v;
  };
  const value = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]!.text} in ${JSON.stringify(src)}`);
  return value;
}

/** A workflow value as the runner passes it on: each `${{ }}` replaced by its value's text. */
export function interpolate(value: unknown, context: Context): string {
  if (typeof value !== 'string') return value === undefined || value === null ? '' : String(value);
  return value.replace(/\$\{\{(.*?)\}\}/gs, (_, expr: string) => toText(evaluate(expr, context)));
}
