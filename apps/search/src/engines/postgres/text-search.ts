/*
 * PostgreSQL's text-search semantics, in process: tsvector and tsquery in their text forms,
 * `tsvector @@ tsquery` and `ts_rank` (default weights, no normalisation) as PostgreSQL 13+
 * computes them (src/backend/utils/adt/tsvector_op.c and tsrank.c), so the in-process replica
 * answers exactly as the SQL did. Lexemes and stemming stay PostgreSQL's: documents and query
 * texts are analysed by the database (search.care_fr / care_nl / care_simple).
 */

/** A lexeme occurrence: position (1..16383) and weight (0 = D … 3 = A), packed as `pos << 2 | weight`. */
export type PackedPosition = number;

/** The lexemes of one document, sorted, each with its packed positions (empty: no positions). */
export interface ParsedVector {
  lexemes: string[];
  positions: PackedPosition[][];
}

const WEIGHTS: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };
/** ts_rank's default weights, indexed by packed weight (D, C, B, A), as float4. */
const RANK_WEIGHTS = [Math.fround(0.1), Math.fround(0.2), Math.fround(0.4), Math.fround(1.0)];
const MAXENTRYPOS = 1 << 14;

/** Reads the text output of a tsvector: `'lexeme':1A,5 'other' 'it''s':3B`. */
export function parseTsvector(text: string): ParsedVector {
  const lexemes: string[] = [];
  const positions: PackedPosition[][] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    const [lexeme, next] = readLexeme(text, i, 'tsvector');
    i = next;
    const packed: PackedPosition[] = [];
    if (text[i] === ':') {
      i++;
      for (;;) {
        let pos = 0;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) pos = pos * 10 + text.charCodeAt(i++) - 48;
        const weight = WEIGHTS[text[i] ?? ''];
        if (weight !== undefined) i++;
        packed.push((pos << 2) | (weight ?? 0));
        if (text[i] !== ',') break;
        i++;
      }
    }
    lexemes.push(lexeme);
    positions.push(packed);
  }
  return { lexemes, positions };
}

/** A quoted lexeme at `at` (`'it''s'`): its value and the index after it. */
function readLexeme(text: string, at: number, what: string): [string, number] {
  if (text[at] !== "'") throw new Error(`${what}: expected a quoted lexeme at ${at} in ${text}`);
  let lexeme = '';
  let i = at + 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote < 0) throw new Error(`${what}: unterminated lexeme in ${text}`);
    lexeme += text.slice(i, quote);
    if (text[quote + 1] !== "'") return [lexeme, quote + 1];
    lexeme += "'";
    i = quote + 2;
  }
}

export type TsQuery =
  | { op: 'val'; lexeme: string }
  | { op: 'not'; arg: TsQuery }
  | { op: 'and' | 'or'; left: TsQuery; right: TsQuery }
  | { op: 'phrase'; distance: number; left: TsQuery; right: TsQuery };

/**
 * Reads the text output of a tsquery (`'a' <-> 'b' & !( 'c' | 'd' )`): precedence `!` > `<N>` >
 * `&` > `|`, binary operators left-associative. Weight and prefix marks (`:AB`, `:*`) are not
 * produced by websearch_to_tsquery and are refused. Null for an empty query.
 */
export function parseTsquery(text: string): TsQuery | null {
  let i = 0;
  const skip = () => {
    while (text[i] === ' ') i++;
  };
  const fail = (what: string): never => {
    throw new Error(`tsquery: ${what} at ${i} in ${text}`);
  };
  const operand = (): TsQuery => {
    skip();
    if (text[i] === '!') {
      i++;
      return { op: 'not', arg: operand() };
    }
    if (text[i] === '(') {
      i++;
      const inner = or();
      skip();
      if (text[i] !== ')') fail('expected )');
      i++;
      return inner;
    }
    const [lexeme, next] = readLexeme(text, i, 'tsquery');
    i = next;
    if (text[i] === ':') fail('weights and prefixes are not supported');
    return { op: 'val', lexeme };
  };
  const phrase = (): TsQuery => {
    let left = operand();
    for (;;) {
      skip();
      const match = /^<(-|\d+)>/.exec(text.slice(i, i + 8));
      if (!match) return left;
      i += match[0].length;
      left = { op: 'phrase', distance: match[1] === '-' ? 1 : Number(match[1]), left, right: operand() };
    }
  };
  const and = (): TsQuery => {
    let left = phrase();
    for (;;) {
      skip();
      if (text[i] !== '&') return left;
      i++;
      left = { op: 'and', left, right: phrase() };
    }
  };
  const or = (): TsQuery => {
    let left = and();
    for (;;) {
      skip();
      if (text[i] !== '|') return left;
      i++;
      left = { op: 'or', left, right: and() };
    }
  };
  skip();
  if (i >= text.length) return null;
  const query = or();
  skip();
  if (i < text.length) fail('unexpected text');
  return query;
}

/** The distinct lexemes of a query, sorted as PostgreSQL sorts them for ranking (bytes, then length: memcmp). */
export function queryOperands(query: TsQuery): string[] {
  const seen = new Set<string>();
  const walk = (q: TsQuery) => {
    if (q.op === 'val') seen.add(q.lexeme);
    else if (q.op === 'not') walk(q.arg);
    else {
      walk(q.left);
      walk(q.right);
    }
  };
  walk(query);
  return [...seen].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** How a document is seen by matching and ranking: the positions of a lexeme, or undefined when absent. */
export type LexemeLookup = (lexeme: string) => ArrayLike<PackedPosition> | undefined;

/** `tsvector @@ tsquery`. A lexeme without positions matches alone but never inside a phrase. */
export function matches(query: TsQuery, lookup: LexemeLookup): boolean {
  switch (query.op) {
    case 'val':
      return lookup(query.lexeme) !== undefined;
    case 'not':
      return !matches(query.arg, lookup);
    case 'and':
      return matches(query.left, lookup) && matches(query.right, lookup);
    case 'or':
      return matches(query.left, lookup) || matches(query.right, lookup);
    case 'phrase':
      return phrasePositions(query, lookup).length > 0;
  }
}

/**
 * End positions at which a phrase (sub)query matches: `L <N> R` holds at each position p of R
 * where L holds at p − N. `&` inside a phrase needs both at one position, `|` either; a negation
 * inside a phrase is not produced by websearch_to_tsquery and matches nowhere here.
 */
function phrasePositions(query: TsQuery, lookup: LexemeLookup): number[] {
  switch (query.op) {
    case 'val': {
      const found = lookup(query.lexeme);
      const out: number[] = [];
      for (let i = 0; found && i < found.length; i++) out.push(found[i]! >> 2);
      return out;
    }
    case 'not':
      return [];
    case 'and': {
      const right = new Set(phrasePositions(query.right, lookup));
      return phrasePositions(query.left, lookup).filter((p) => right.has(p));
    }
    case 'or':
      return [...new Set([...phrasePositions(query.left, lookup), ...phrasePositions(query.right, lookup)])].sort((a, b) => a - b);
    case 'phrase': {
      const left = new Set(phrasePositions(query.left, lookup));
      if (left.size === 0) return [];
      return phrasePositions(query.right, lookup).filter((p) => left.has(p - query.distance));
    }
  }
}

const POSNULL_OR: ArrayLike<PackedPosition> = [0];
const POSNULL_AND: ArrayLike<PackedPosition> = [(MAXENTRYPOS - 1) << 2];
const isPosnullAnd = (positions: ArrayLike<PackedPosition>) => positions === POSNULL_AND;

/**
 * `ts_rank(tsvector, tsquery)` with the default weights and normalisation 0, float4 like
 * PostgreSQL's: the AND formula (word proximity) when the query's top operator is `&` or a phrase,
 * the OR formula (occurrences and weights) otherwise.
 */
export function tsRank(query: TsQuery, operands: readonly string[], lookup: LexemeLookup): number {
  if (operands.length === 0) return 0;
  let res = query.op === 'and' || query.op === 'phrase' ? rankAnd(operands, lookup) : rankOr(operands, lookup);
  if (res < 0) res = Math.fround(1e-20);
  return res;
}

function rankOr(operands: readonly string[], lookup: LexemeLookup): number {
  let res = 0; // float
  for (const lexeme of operands) {
    const found = lookup(lexeme);
    if (found === undefined) continue;
    const post = found.length > 0 ? found : POSNULL_OR;
    let resj = 0; // float
    let wjm = -1; // float
    let jm = 0;
    for (let j = 0; j < post.length; j++) {
      const w = RANK_WEIGHTS[post[j]! & 3]!;
      resj = Math.fround(resj + Math.fround(w / ((j + 1) * (j + 1))));
      if (w > wjm) {
        wjm = w;
        jm = j;
      }
    }
    // C: float + (float + float - float / int) / double → double, stored back in a float.
    res = Math.fround(res + (Math.fround(Math.fround(wjm + resj) - Math.fround(wjm / ((jm + 1) * (jm + 1)))) / 1.64493406685));
  }
  return Math.fround(res / operands.length);
}

function rankAnd(operands: readonly string[], lookup: LexemeLookup): number {
  if (operands.length < 2) return rankOr(operands, lookup);
  const pos: Array<ArrayLike<PackedPosition> | undefined> = [];
  let res = -1; // float
  for (let i = 0; i < operands.length; i++) {
    const found = lookup(operands[i]!);
    if (found === undefined) continue;
    pos[i] = found.length > 0 ? found : POSNULL_AND;
    const post = pos[i]!;
    for (let k = 0; k < i; k++) {
      const ct = pos[k];
      if (!ct) continue;
      for (let li = 0; li < post.length; li++) {
        const l = post[li]!;
        for (let pi = 0; pi < ct.length; pi++) {
          const p = ct[pi]!;
          let dist = Math.abs((l >> 2) - (p >> 2));
          if (dist || isPosnullAnd(post) || isPosnullAnd(ct)) {
            if (!dist) dist = MAXENTRYPOS;
            const curw = Math.fround(Math.sqrt(Math.fround(Math.fround(RANK_WEIGHTS[l & 3]! * RANK_WEIGHTS[p & 3]!) * wordDistance(dist))));
            res = res < 0 ? curw : Math.fround(1.0 - (1.0 - res) * (1.0 - curw));
          }
        }
      }
    }
  }
  return res;
}

function wordDistance(w: number): number {
  if (w > 100) return Math.fround(1e-30);
  return Math.fround(1.0 / (1.005 + 0.05 * Math.exp(Math.fround(w) / 1.5 - 2)));
}
