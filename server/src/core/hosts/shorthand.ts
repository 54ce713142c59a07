// The AWS CLI shorthand syntax (`RollingUpdatePolicy={MaximumBatchSize={Type=CAPACITY_PERCENT,Value=10}}`),
// a port of awscli/shorthand.py's ShorthandParser that keeps every value's offset. There is no
// library for this grammar; tests compare this parser with the real one from awscli.
import type { ArrayNode, ConfigFamily, ObjectNode, PropertyNode, StringNode, ValueNode } from '../model';
import { schemaAtPath } from '../schema';

/**
 * Like awscli's BackCompatVisitor: a single value where the model has a list becomes a one-item
 * list (`Alarms={AlarmName=a}` is `Alarms=[{AlarmName=a}]`). Only members the model knows.
 */
function wrapListMembers(node: ValueNode, path: (string | number)[], family: ConfigFamily): void {
  if (node.kind === 'object') {
    for (const property of node.properties) {
      const value = property.value;
      if (!value) continue;
      const memberPath = [...path, property.key];
      const schema = schemaAtPath(memberPath, family);
      if (!schema) continue;
      if (schema.type === 'array' && value.kind !== 'array' && value.kind !== 'unknown') {
        property.value = { kind: 'array', offset: value.offset, length: value.length, items: [value] };
      }
      wrapListMembers(property.value!, memberPath, family);
    }
  } else if (node.kind === 'array') {
    node.items.forEach((item, i) => wrapListMembers(item, [...path, i], family));
  }
}

export class ShorthandSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

// Character classes copied from awscli's regexes.
const START_WORD = "!#-&(-+\\--<>-Z\\\\-z\\u007c-\\uffff";
const FIRST_FOLLOW = "\\s!#-&(-+\\--\\\\\\^-|~-\\uffff";
const SECOND_FOLLOW = "\\s!#-&(-+\\--<>-\\uffff";
// 'u': awscli's classes stop at \uffff, so characters beyond (emoji) are not value characters.
const FIRST_VALUE = new RegExp(`(?:\\\\,|[${START_WORD}])(?:\\\\,|[${FIRST_FOLLOW}])*`, 'yu');
const SECOND_VALUE = new RegExp(`(?:\\\\,|[${START_WORD}])(?:\\\\,|[${SECOND_FOLLOW}])*`, 'yu');
const SINGLE_QUOTED = /'(?:\\'|[^'])*'/y;
const DOUBLE_QUOTED = /"(?:\\"|[^"])*"/y;
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;

export class ShorthandParser {
  private index = 0;

  constructor(
    private readonly input: string,
    /** Maps an index in `input` to an offset in the host document. */
    private readonly toOffset: (index: number, isEnd?: boolean) => number,
    /** The operation's input model decides which members are lists, as awscli's does. */
    private readonly family: ConfigFamily = 'endpoint',
  ) {}

  parse(): ObjectNode {
    const properties: PropertyNode[] = [this.keyval()];
    while (this.index < this.input.length) {
      this.expect(',', true);
      const keyIndex = this.index;
      const property = this.keyval();
      if (properties.some((p) => p.key === property.key)) {
        throw new ShorthandSyntaxError(`Second instance of key "${property.key}" (often a "," where a space was meant).`, keyIndex);
      }
      properties.push(property);
    }
    const root = this.objectNode(0, this.input.length, properties);
    wrapListMembers(root, [], this.family);
    return root;
  }

  private objectNode(start: number, end: number, properties: PropertyNode[]): ObjectNode {
    const offset = this.toOffset(start);
    return { kind: 'object', offset, length: this.toOffset(end, true) - offset, properties };
  }

  private stringNode(start: number, end: number, value: string, bare: boolean): StringNode {
    const offset = this.toOffset(start);
    return { kind: 'string', offset, length: Math.max(0, this.toOffset(end, true) - offset), value, coercible: bare };
  }

  /** The character at the index: a whole code point (an emoji is two UTF-16 units). */
  private current(): string {
    const code = this.input.codePointAt(this.index);
    return code === undefined ? '' : String.fromCodePoint(code);
  }

  private atEnd(): boolean {
    return this.index >= this.input.length;
  }

  /** Python's string.whitespace, which awscli uses (not Unicode spaces). */
  private skipWhitespace(): void {
    while (/[ \t\n\r\v\f]/.test(this.current()) && !this.atEnd()) this.index++;
  }

  private expect(char: string, skipWhitespace = false): void {
    if (skipWhitespace) this.skipWhitespace();
    if (this.atEnd()) throw new ShorthandSyntaxError(`Expected '${char}', found the end of the value.`, this.index);
    if (this.current() !== char) throw new ShorthandSyntaxError(`Expected '${char}', found '${this.current()}'.`, this.index);
    this.index++;
    if (skipWhitespace) this.skipWhitespace();
  }

  private key(): { key: string; start: number; end: number } {
    const start = this.index;
    while (!this.atEnd() && KEY_CHARS.test(this.current())) this.index++;
    return { key: this.input.slice(start, this.index), start, end: this.index };
  }

  private keyvalTail(key: { key: string; start: number; end: number }, explicit: boolean): PropertyNode {
    this.skipWhitespace();
    if (this.current() === '@') this.index++;
    this.expect('=', true);
    const value = explicit ? this.explicitValues() : this.values();
    const keyOffset = this.toOffset(key.start);
    const keySpan = { offset: keyOffset, length: this.toOffset(key.end, true) - keyOffset };
    const end = value.offset + value.length;
    return { key: key.key, keySpan, value, offset: keyOffset, length: end - keyOffset };
  }

  private keyval(): PropertyNode {
    return this.keyvalTail(this.key(), false);
  }

  private values(): ValueNode {
    if (this.atEnd()) return this.stringNode(this.index, this.index, '', true);
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): ValueNode {
    const start = this.index;
    const first = this.firstValue();
    this.skipWhitespace();
    if (this.atEnd() || this.current() !== ',') return first;
    this.expect(',', true);
    const items: ValueNode[] = [first];
    for (;;) {
      try {
        const value = this.secondValue();
        this.skipWhitespace();
        if (this.atEnd()) {
          items.push(value);
          break;
        }
        this.expect(',', true);
        items.push(value);
      } catch (error) {
        if (this.atEnd()) throw error;
        // Like awscli's _backtrack_to(','): the comma belonged to the next key=value; step back to it.
        while (this.index > 0 && this.input[this.index] !== ',') this.index--;
        break;
      }
    }
    if (items.length === 1) return first;
    const last = items[items.length - 1]!;
    const offset = this.toOffset(start);
    const array: ArrayNode = { kind: 'array', offset, length: last.offset + last.length - offset, items };
    return array;
  }

  private bareValue(regex: RegExp): StringNode {
    regex.lastIndex = this.index;
    const match = regex.exec(this.input);
    if (!match) return this.stringNode(this.index, this.index, '', true);
    const start = this.index;
    this.index += match[0].length;
    const trimmed = match[0].replace(/\s+$/, '');
    return this.stringNode(start, start + trimmed.length, trimmed.replace(/\\,/g, ','), true);
  }

  private quoted(regex: RegExp, quote: string): StringNode {
    regex.lastIndex = this.index;
    const match = regex.exec(this.input);
    if (!match) throw new ShorthandSyntaxError(`Unterminated ${quote === "'" ? 'single' : 'double'}-quoted value.`, this.index);
    const start = this.index;
    this.index += match[0].length;
    const value = match[0].slice(1, -1).split(`\\${quote}`).join(quote).split('\\\\').join('\\');
    // Quoted or not, awscli's BackCompatVisitor coerces a scalar by the model: Value="10" is 10.
    return this.stringNode(start, this.index, value, true);
  }

  private firstValue(): StringNode {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.bareValue(FIRST_VALUE);
  }

  private secondValue(): StringNode {
    if (this.current() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.current() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    SECOND_VALUE.lastIndex = this.index;
    if (!SECOND_VALUE.test(this.input)) throw new ShorthandSyntaxError('Expected a value.', this.index);
    return this.bareValue(SECOND_VALUE);
  }

  private explicitList(): ArrayNode {
    const start = this.index;
    this.expect('[', true);
    const items: ValueNode[] = [];
    while (this.current() !== ']') {
      if (this.atEnd()) throw new ShorthandSyntaxError("Expected ']', found the end of the value.", this.index);
      items.push(this.explicitValues());
      this.skipWhitespace();
      if (this.current() !== ']') {
        this.expect(',');
        this.skipWhitespace();
      }
    }
    this.expect(']');
    const offset = this.toOffset(start);
    return { kind: 'array', offset, length: this.toOffset(this.index, true) - offset, items };
  }

  private explicitValues(): ValueNode {
    if (this.current() === '[') return this.explicitList();
    if (this.current() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): ObjectNode {
    const start = this.index;
    this.expect('{', true);
    const properties: PropertyNode[] = [];
    while (this.current() !== '}') {
      if (this.atEnd()) throw new ShorthandSyntaxError("Expected '}', found the end of the value.", this.index);
      const key = this.key();
      const property = this.keyvalTail(key, true);
      this.skipWhitespace();
      if (this.current() !== '}') {
        this.expect(',');
        this.skipWhitespace();
      }
      properties.push(property);
    }
    this.expect('}');
    return this.objectNode(start, this.index, properties);
  }
}
