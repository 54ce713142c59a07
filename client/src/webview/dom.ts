// Building the webview's DOM safely: text only ever becomes text nodes and attribute values are
// set with setAttribute, so nothing from the document (alarm names, file paths) is parsed as
// markup. No innerHTML anywhere. Event handler and style attributes are refused: the CSP forbids
// inline handlers and inline styles, and geometry goes into SVG attributes instead.

export const SVG_NS = 'http://www.w3.org/2000/svg';

export type AttributeValue = string | number | boolean | undefined | null;
export type Attributes = Readonly<Record<string, AttributeValue>>;
/** Strings become text nodes; null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false;

/** The parts of Document the builders use (a fake one is enough in unit tests). */
export type DocumentLike = Pick<Document, 'createElement' | 'createElementNS' | 'createTextNode'>;

function checkAttributeName(name: string): void {
  if (/^on/i.test(name) || name.toLowerCase() === 'style') {
    throw new Error(`refusing attribute "${name}": inline handlers and styles are not allowed (CSP)`);
  }
}

/** Sets attributes: true -> "", false/null/undefined -> removed, anything else -> its string. */
export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    checkAttributeName(name);
    if (value === undefined || value === null || value === false) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

export function appendChildren(doc: DocumentLike, parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? doc.createTextNode(String(child)) : child);
  }
}

/** An HTML element with attributes and children; strings are always text. */
export function html<K extends keyof HTMLElementTagNameMap>(
  doc: DocumentLike,
  tag: K,
  attributes: Attributes = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  setAttributes(element, attributes);
  appendChildren(doc, element, children);
  return element;
}

/** An SVG element (createElementNS) with attributes and children; strings are always text. */
export function svg<K extends keyof SVGElementTagNameMap>(
  doc: DocumentLike,
  tag: K,
  attributes: Attributes = {},
  children: readonly Child[] = [],
): SVGElementTagNameMap[K] {
  const element = doc.createElementNS(SVG_NS, tag);
  setAttributes(element, attributes);
  appendChildren(doc, element, children);
  return element;
}

/** Replaces all children of `parent`. */
export function replaceChildren(doc: DocumentLike, parent: Element, children: readonly Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  appendChildren(doc, parent, children);
}

/** Sets an element's text (textContent: never parsed). */
export function setText(element: Element | null, text: string): void {
  if (element) element.textContent = text;
}
