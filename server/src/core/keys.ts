// Key styles: hosts that write the API's names in another case (Terraform and sagemaker-core in
// snake_case, CDK in camelCase) translate each key to the API's PascalCase name once, when they
// build the tree, and printers translate back when fixes, completions and conversions write keys.
import type { KeyDialect } from './model';
import { deploymentConfigSchema, type SchemaNode } from './schema';

/** `canary_size` / `canarySize` -> `CanarySize`. Keys already in PascalCase stay as they are. */
export function toApiKey(written: string, dialect: KeyDialect | undefined): string {
  switch (dialect) {
    case 'snake':
      return written
        .split('_')
        .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1) : ''))
        .join('');
    case 'camel':
      return written ? written[0]!.toUpperCase() + written.slice(1) : written;
    default:
      return written;
  }
}

/** `CanarySize` -> `canary_size` / `canarySize`. */
export function fromApiKey(key: string, dialect: KeyDialect | undefined): string {
  switch (dialect) {
    case 'snake':
      return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    case 'camel':
      return key ? key[0]!.toLowerCase() + key.slice(1) : key;
    default:
      return key;
  }
}

let apiKeys: Set<string> | undefined;

/** Every key name the schema knows. */
function knownApiKeys(): Set<string> {
  if (apiKeys) return apiKeys;
  apiKeys = new Set();
  const visit = (node: SchemaNode | undefined): void => {
    if (!node) return;
    for (const [key, member] of Object.entries(node.properties ?? {})) {
      apiKeys!.add(key);
      visit(member);
    }
    visit(node.items);
  };
  visit(deploymentConfigSchema);
  for (const definition of Object.values(deploymentConfigSchema.definitions)) visit(definition);
  return apiKeys;
}

/**
 * A message written with API key names, in the host's key style: every key name the schema
 * knows, and the keys given (a misspelled key as the tree holds it), are translated; English
 * words and values (`CAPACITY_PERCENT`) are not.
 */
export function messageInDialect(message: string, dialect: KeyDialect | undefined, extraKeys: readonly string[] = []): string {
  if (!dialect || dialect === 'pascal') return message;
  const known = knownApiKeys();
  return message.replace(/\b[A-Z][A-Za-z0-9]*\b/g, (word) => (known.has(word) || extraKeys.includes(word) ? fromApiKey(word, dialect) : word));
}
