import { children, parser, type SyntaxNode } from '../python3/syntax.js';
import { SDK_PYTHON_MODULES } from '../sdk/index.js';
import { PYTHON_STDLIB } from './python-stdlib.js';
import { DependencyError, type Requirement } from './types.js';

/**
 * Import name → distribution, where they differ and the distribution is the one people mean
 * (Windmill's SHORT_IMPORTS_MAP plus the usual suspects). A value is a requirement line, so it may
 * carry extras. Names that only differ by case or `_`/`-` need no entry: pip normalizes them.
 */
const DISTRIBUTIONS: Record<string, string> = {
  Bio: 'biopython',
  Crypto: 'pycryptodome',
  MySQLdb: 'mysqlclient',
  OpenSSL: 'pyOpenSSL',
  PIL: 'pillow',
  atlassian: 'atlassian-python-api',
  attr: 'attrs',
  bs4: 'beautifulsoup4',
  cv2: 'opencv-python',
  dateutil: 'python-dateutil',
  dns: 'dnspython',
  docx: 'python-docx',
  dotenv: 'python-dotenv',
  fitz: 'PyMuPDF',
  git: 'GitPython',
  github: 'PyGithub',
  gitlab: 'python-gitlab',
  googleapiclient: 'google-api-python-client',
  haystack: 'haystack-ai',
  jose: 'python-jose',
  jwt: 'PyJWT',
  kafka: 'kafka-python',
  ldap: 'python-ldap',
  magic: 'python-magic',
  msgraph: 'msgraph-sdk',
  multipart: 'python-multipart',
  mysql: 'mysql-connector-python',
  nacl: 'PyNaCl',
  opensearchpy: 'opensearch-py',
  playhouse: 'peewee',
  pptx: 'python-pptx',
  psycopg: 'psycopg[binary]',
  psycopg2: 'psycopg2-binary',
  pythonjsonlogger: 'python-json-logger',
  seleniumwire: 'selenium-wire',
  serial: 'pyserial',
  shapefile: 'pyshp',
  shopify: 'ShopifyAPI',
  skimage: 'scikit-image',
  sklearn: 'scikit-learn',
  slugify: 'python-slugify',
  smb: 'pysmb',
  smbclient: 'smbprotocol',
  socks: 'PySocks',
  tabula: 'tabula-py',
  telegram: 'python-telegram-bot',
  umap: 'umap-learn',
  usb: 'pyusb',
  yaml: 'PyYAML',
  zmq: 'pyzmq',
};

/** Dotted imports inside a shared namespace whose distribution breaks the namespace rule below. */
const DOTTED_DISTRIBUTIONS: Record<string, string> = {
  'azure.storage.filedatalake': 'azure-storage-file-datalake',
  'google.api_core': 'google-api-core',
  'google.auth': 'google-auth',
  'google.oauth2': 'google-auth',
  'google.protobuf': 'protobuf',
  'snowflake.connector': 'snowflake-connector-python',
  'snowflake.snowpark': 'snowflake-snowpark-python',
};

/**
 * Namespace packages shared by many distributions, longest first: `google.cloud.storage` is
 * `google-cloud-storage`, `azure.mgmt.compute` is `azure-mgmt-compute`, `azure.identity` is
 * `azure-identity` — the namespace plus the next name, dotted → dashed. The namespace alone names
 * no distribution.
 */
const NAMESPACES = ['azure.ai', 'azure.keyvault', 'azure.mgmt', 'azure.storage', 'google.cloud', 'azure', 'google'];

/** PEP 503: the name pip and the index compare, so `PyYAML`, `pyyaml` and `py_yaml` agree. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const NAME = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`;
const EXTRAS = String.raw`(?:\[\s*(?:${NAME}\s*(?:,\s*${NAME}\s*)*)?\])?`;
const CLAUSE = String.raw`(?:~=|===?|!=|<=?|>=?)\s*[A-Za-z0-9.*+!_-]+`;
const REQUIREMENT = new RegExp(String.raw`^(${NAME})\s*(${EXTRAS}\s*(?:${CLAUSE}(?:\s*,\s*${CLAUSE})*)?\s*(?:;.+)?)$`);

/**
 * A PEP 508 requirement: the name, and the rest (extras, version specifiers, environment marker)
 * as the range. Direct URLs (`pkg @ https://…`) are refused: the lock pins versions on an index.
 */
export function parseRequirement(line: string): Requirement {
  const match = REQUIREMENT.exec(line.trim());
  if (!match)
    throw new DependencyError(`invalid Python requirement "${line.trim()}" (expected e.g. "requests==2.31.0")`);
  return { name: match[1], range: match[2].trim() };
}

/** The lines of a Windmill comment block (`# requirements:` then one `#pkg==1.0` per line), or undefined. */
function commentBlock(lines: string[], header: string): string[] | undefined {
  const start = lines.findIndex((line) => new RegExp(`^#\\s?${header}:\\s*$`).test(line.trimEnd()));
  if (start < 0) return undefined;
  const block: string[] = [];
  // Windmill's rule: the block ends at the first line that is not `#` and one word.
  for (const line of lines.slice(start + 1)) {
    const item = /^#\s?(\S+)\s*$/.exec(line);
    if (!item) break;
    block.push(item[1]);
  }
  return block;
}

/** The dotted name in `nodes` (VariableName and `.` tokens), up to the first other token. */
function dottedName(nodes: SyntaxNode[], code: string): string {
  let name = '';
  for (const node of nodes) {
    if (node.name !== 'VariableName' && node.name !== '.') break;
    name += code.slice(node.from, node.to);
  }
  return name;
}

/** Each imported module of an `import` or `from … import` statement, dotted; relative ones left out. */
function importedModules(statement: SyntaxNode, code: string): string[] {
  const nodes = children(statement);
  if (nodes[0]?.name === 'import') {
    const groups: SyntaxNode[][] = [[]];
    for (const node of nodes.slice(1)) {
      if (node.name === ',') groups.push([]);
      else groups.at(-1)?.push(node);
    }
    return groups.map((group) => dottedName(group, code)).filter(Boolean);
  }
  const module = dottedName(nodes.slice(1), code);
  // `from . import x`, `from ..pkg import y`: the script's own files. (`...` lexes as one token.)
  if (!module || nodes[1].name !== 'VariableName') return [];
  // `from google.cloud import storage` imports google.cloud.storage: the name after the
  // namespace is what names the distribution.
  if (!NAMESPACES.includes(module)) return [module];
  const names = nodes.slice(nodes.findIndex((node) => node.name === 'import') + 1);
  return names
    .filter((node, i) => node.name === 'VariableName' && names[i - 1]?.name !== 'as')
    .map((node) => `${module}.${code.slice(node.from, node.to)}`);
}

/** The distribution a module comes from, as a requirement line; undefined for the standard library. */
function distributionOf(module: string): string | undefined {
  const parts = module.split('.');
  // A private module (`_cffi_backend`, `_pytest`) comes with the distribution that uses it.
  if (PYTHON_STDLIB.has(parts[0]) || parts[0].startsWith('_')) return undefined;
  for (let length = parts.length; length > 1; length--) {
    const dotted = DOTTED_DISTRIBUTIONS[parts.slice(0, length).join('.')];
    if (dotted) return dotted;
  }
  const namespace = NAMESPACES.find((prefix) => module.startsWith(`${prefix}.`) || module === prefix);
  if (namespace) {
    const next = parts[namespace.split('.').length];
    return next ? `${namespace}.${next}`.replace(/[._]/g, '-') : undefined;
  }
  return DISTRIBUTIONS[parts[0]] ?? parts[0].replace(/_/g, '-');
}

/** Every module the code imports, anywhere (in functions, `try` blocks), but not in strings or comments. */
function importsOf(code: string): string[] {
  const modules: string[] = [];
  const cursor = parser.parse(code).cursor();
  do {
    if (cursor.name === 'ImportStatement') modules.push(...importedModules(cursor.node, code));
  } while (cursor.next());
  return modules;
}

/**
 * What a Python script needs installed: Windmill's `# requirements:` block if it has one (exactly
 * those; nothing inferred), else its imports minus the standard library, mapped to distributions,
 * plus its `# extra_requirements:` block, which wins for the same distribution. Never the SDK.
 */
export function inferPythonRequirements(code: string): Requirement[] {
  const lines = code.split(/\r?\n/);
  const pinned = commentBlock(lines, 'requirements');
  const lists = pinned
    ? [pinned]
    : [
        importsOf(code).flatMap((module) => distributionOf(module) ?? []),
        commentBlock(lines, 'extra_requirements') ?? [],
      ];
  const byName = new Map<string, Requirement>();
  for (const requirement of lists.flat().map(parseRequirement)) {
    const name = normalizeName(requirement.name);
    // The SDK (`import wmill`), even when a Windmill block lists it: every sandbox has it, and the
    // pip package would be Windmill's HTTP client, which cannot reach Runnel.
    if (!SDK_PYTHON_MODULES.has(name)) byName.set(name, requirement);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, requirement]) => requirement);
}
